/** Which page a path shows. */
import { Layout } from './components/Layout.tsx';
import { match, useLocation } from './router.tsx';
import { BodyPage } from './pages/BodyPage.tsx';
import { CasePage } from './pages/CasePage.tsx';
import { CasesPage } from './pages/CasesPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { FirstRunPage } from './pages/FirstRunPage.tsx';
import { MeetingPage } from './pages/MeetingPage.tsx';
import { MyMeetingsPage } from './pages/MyMeetingsPage.tsx';
import { RemissPage } from './pages/RemissPage.tsx';
import { BusinessSupportPage } from './pages/BusinessSupportPage.tsx';
import { ImportPage } from './pages/ImportPage.tsx';
import { ArchivePage } from './pages/ArchivePage.tsx';
import { GrantsPage } from './pages/GrantsPage.tsx';
import { CompaniesPage } from './pages/CompaniesPage.tsx';
import { CalendarPage } from './pages/CalendarPage.tsx';
import { AgendaItemPage } from './pages/AgendaItemPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { SearchPage } from './pages/SearchPage.tsx';
import { StartPage } from './pages/StartPage.tsx';
import { MinutesPage } from './pages/MinutesPage.tsx';
import { NoticeBoardPage } from './pages/NoticeBoardPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { DelegationPage } from './pages/DelegationPage.tsx';
import { BudgetIndexPage, BudgetPage } from './pages/BudgetPage.tsx';
import { StateReportPage } from './pages/StateReportPage.tsx';
import { PlanPage, PlansPage, ReportPage } from './pages/PlanPage.tsx';
import { KpiListPage, KpiPage } from './pages/KpiPage.tsx';
import { ControlPage } from './pages/ControlPage.tsx';
import { YearFollowUpPage } from './pages/YearFollowUpPage.tsx';
import { CofinancingListPage, CofinancingPage } from './pages/CofinancingPage.tsx';

function Page({ pathname }: { pathname: string }) {
  let p: Record<string, string> | null;
  if (match('/', pathname)) return <StartPage />;
  if ((p = match('/sammantraden/:id/protokoll', pathname))) return <MinutesPage key={p.id} id={p.id!} />;
  if ((p = match('/sammantraden/:id/punkter/:itemId', pathname))) return <AgendaItemPage key={p.itemId} meetingId={p.id!} itemId={p.itemId!} />;
  if ((p = match('/sammantraden/:id', pathname))) return <MeetingPage key={p.id} id={p.id!} />;
  if (match('/mina-sammantraden', pathname)) return <MyMeetingsPage />;
  if (match('/remisser', pathname)) return <RemissPage />;
  if ((p = match('/remisser/:id', pathname))) return <RemissPage key={p.id} id={p.id!} />;
  if (match('/anslagstavla', pathname)) return <NoticeBoardPage />;
  if (match('/foretagsstod', pathname)) return <BusinessSupportPage />;
  if ((p = match('/foretagsstod/:id', pathname))) return <BusinessSupportPage key={p.id} id={p.id!} />;
  if (match('/import', pathname)) return <ImportPage />;
  if ((p = match('/import/:id', pathname))) return <ImportPage key={p.id} id={p.id!} />;
  if (match('/arkiv', pathname)) return <ArchivePage />;
  if (match('/foreningsbidrag', pathname)) return <GrantsPage />;
  if ((p = match('/foreningsbidrag/:id', pathname))) return <GrantsPage key={p.id} id={p.id!} />;
  if (match('/bolag', pathname)) return <CompaniesPage />;
  if ((p = match('/bolag/:id', pathname))) return <CompaniesPage key={p.id} id={p.id!} />;
  if (match('/granskning', pathname)) return <AuditPage />;
  if (match('/anvandare', pathname)) return <UsersPage />;
  if ((p = match('/namnder/:id/delegation', pathname))) return <DelegationPage key={p.id} id={p.id!} />;
  if ((p = match('/namnder/:id/kalender', pathname))) return <CalendarPage key={p.id} id={p.id!} />;
  if ((p = match('/namnder/:id', pathname))) return <BodyPage key={p.id} id={p.id!} />;
  if (match('/arenden', pathname)) return <CasesPage />;
  if ((p = match('/arenden/:dnr', pathname))) return <CasePage key={p.dnr} dnr={p.dnr!} />;
  if (match('/verksamhetsplan', pathname)) return <PlansPage />;
  if ((p = match('/verksamhetsplan/rapporter/:id', pathname))) return <ReportPage key={p.id} id={p.id!} />;
  if ((p = match('/verksamhetsplan/:id', pathname))) return <PlanPage key={p.id} id={p.id!} />;
  if (match('/sok', pathname)) return <SearchPage />;
  if (match('/budget', pathname)) return <BudgetIndexPage />;
  if ((p = match('/budget/:id/:year', pathname))) return <BudgetPage key={`${p.id}-${p.year}`} id={p.id!} year={p.year!} />;
  // the report for a year is written early the next year: without a year, last year's
  if (match('/aterrapportering', pathname)) return <StateReportPage key="senaste" year={String(new Date().getFullYear() - 1)} />;
  if ((p = match('/aterrapportering/:year', pathname))) return <StateReportPage key={p.year} year={p.year!} />;
  if (match('/nyckeltal', pathname)) return <KpiListPage />;
  if ((p = match('/nyckeltal/:id', pathname))) return <KpiPage key={p.id} id={p.id!} />;
  if (match('/internkontroll', pathname)) return <ControlPage />;
  if (match('/uppfoljning', pathname)) return <YearFollowUpPage key="senaste" year={String(new Date().getFullYear())} />;
  if ((p = match('/uppfoljning/:year', pathname))) return <YearFollowUpPage key={p.year} year={p.year!} />;
  if (match('/medfinansiering', pathname)) return <CofinancingListPage />;
  if ((p = match('/medfinansiering/:id', pathname))) return <CofinancingPage key={p.id} id={p.id!} />;
  if (match('/logga-in', pathname)) return <LoginPage />;
  if (match('/forsta-inloggning', pathname)) return <FirstRunPage />;
  return <NotFoundPage />;
}

export function App() {
  const { pathname } = useLocation();
  return (
    <Layout>
      <Page pathname={pathname} />
    </Layout>
  );
}
