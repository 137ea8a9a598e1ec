/**
 * /medfinansiering – applications for co-financing (medfinansiering) and a form for a new one;
 * /medfinansiering/:id – one application: the budget and its findings, the generated
 * proposal (att-satser), and the decisions, extensions and payouts.
 * The API is src/funding/cofinancingRoutes.ts (docs/funding.md, "Co-financing, stored and served").
 */
import { useState } from 'react';
import { formatKronor } from '../../../src/kernel/kronor.ts';
import { cofinancingPaths, send } from '../api.ts';
import { errorText } from '../components/minutes/shared.ts';
import { Loaded } from '../components/Status.tsx';
import { CaseLink } from '../components/CaseLink.tsx';
import { PayoutPanel } from '../components/PayoutPanel.tsx';
import { DecisionPanel } from '../components/DecisionPanel.tsx';
import { PaymentPlanPanel } from '../components/PaymentPlanPanel.tsx';
import { CofinancingLists } from '../components/CofinancingLists.tsx';
import { AppropriationProfile } from '../components/AppropriationProfile.tsx';
import { NewApplicationForm, SOURCE_LABEL } from '../components/CofinancingApplicationForm.tsx';
import { splitClause } from '../format.ts';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useApi, useTitle } from '../useApi.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

// ── the API's shapes: the server's own types (type-only imports, erased in the build) ──

import type { BudgetRow, ProjectBudget } from '../../../src/funding/budget.ts';
import type { ApplicationSummaryRow as SummaryRow, ApplicationView, DecisionView, ProposalView } from '../../../src/funding/cofinancingService.ts';

// ── words and numbers ───────────────────────────────────────────────────

const KIND_LABEL: Record<DecisionView['kind'], string> = { grant: 'Beviljande', extension: 'Utökning eller förlängning' };
const ROUTE_LABEL: Record<DecisionView['route'], string> = { body: 'Nämnden', delegation: 'Delegation (punkt 3.2)' };

const hasRole = (roles: string[] | undefined, ...wanted: string[]) => Boolean(roles?.some((r) => wanted.includes(r)));

/** 1300 → "13 %", 1250 → "12,5 %". */
function percentText(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = bp % 100;
  return `${whole}${rest ? ',' + String(rest).padStart(2, '0').replace(/0$/, '') : ''}\u00a0%`;
}


const kr = (ore: number | null) => (ore === null ? '' : formatKronor(ore, 'kr'));
const period = (p: { start: string; end: string }) => `${p.start} – ${p.end}`;

// ── the list and the form ───────────────────────────────────────────────

function ApplicationList({ rows }: { rows: SummaryRow[] }) {
  if (rows.length === 0) return <p>Inga ansökningar om medfinansiering är registrerade.</p>;
  return (
    <div className="table-wrap">
      <table className="table cofinancing-list">
        <caption>Ansökningar om medfinansiering, nyast först</caption>
        <thead>
          <tr>
            <th scope="col">Diarienummer</th>
            <th scope="col">Projekt</th>
            <th scope="col">Sökande</th>
            <th scope="col">Projektperiod</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Andel
            </th>
            <th scope="col" className="num">
              Tak
            </th>
            <th scope="col" className="num">
              Återstår att betala ut
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td className="dnr">{r.caseNumber}</td>
              <th scope="row">
                <Link href={`/medfinansiering/${r.id}`}>{r.projectName}</Link>
              </th>
              <td>{r.applicant}</td>
              <td className="date">{period(r.currentPeriod ?? r.period)}</td>
              <td>{r.statusLabel}</td>
              <td className="num">{percentText(r.currentRateBp ?? r.rateBp)}</td>
              <td className="num">{kr(r.currentCapOre ?? r.capOre)}</td>
              <td className="num">{r.remainingOre === null ? <span className="muted">ej beviljad</span> : kr(r.remainingOre)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}


export function CofinancingListPage() {
  useTitle('Medfinansiering');
  const { user } = useSession();
  const canEdit = hasRole(user?.roles, 'case-officer', 'secretary', 'admin');
  const staff = hasRole(user?.roles, 'member', 'case-officer', 'secretary', 'adjuster', 'admin');
  const state = useApi<SummaryRow[]>(cofinancingPaths.list());
  return (
    <>
      <h1>Medfinansiering</h1>
      <p className="lead">
        Ansökningar om regional medfinansiering av projekt: budgetkontroll, förslag till beslut, beslut, förlängningar och utbetalningar.
        {!user && ' Utan inloggning visas beviljade ansökningar.'}
      </p>
      <section className="card" aria-labelledby="ansokningar">
        <h2 id="ansokningar">Ansökningar</h2>
        <Loaded state={state} loading="Laddar ansökningarna …">
          {(rows) => <ApplicationList rows={rows} />}
        </Loaded>
      </section>
      {staff && (
        <>
          <section className="card" aria-labelledby="listor">
            <h2 id="listor">Listor med filter, summor och export</h2>
            <CofinancingLists />
          </section>
          <section className="card" aria-labelledby="anslaget">
            <h2 id="anslaget">Anslaget 1:1 per år</h2>
            <AppropriationProfile thisYear={new Date().getFullYear()} />
          </section>
        </>
      )}
      {canEdit && (
        <section className="card" aria-label="Ny ansökan">
          <NewApplicationForm />
        </section>
      )}
    </>
  );
}

// ── one application ─────────────────────────────────────────────────────

function Clauses({ clauses }: { clauses: string[] }) {
  return (
    <ul className="clauses">
      {clauses.map((c, i) => {
        const { text, bullets } = splitClause(c);
        return (
          <li key={i}>
            <span className="clause-text">{text}</span>
            {bullets.length > 0 && (
              <ul className="bullets">
                {bullets.map((b, j) => (
                  <li key={j}>{b}</li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function BudgetTable({ caption, years, rows, sums }: { caption: string; years: number[]; rows: BudgetRow[]; sums: ProjectBudget['costSums'] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Rad</th>
            {years.map((y) => (
              <th key={y} scope="col" className="num">
                {y}
              </th>
            ))}
            <th scope="col" className="num">
              Totalt
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <th scope="row">{r.label}</th>
              {years.map((y, j) => (
                <td key={y} className="num">
                  {kr(r.values[j] ?? null)}
                </td>
              ))}
              <td className="num">{kr(r.statedTotalOre)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Summa</th>
            {years.map((y, j) => (
              <td key={y} className="num">
                {kr(sums.perYear[j] ?? null)}
              </td>
            ))}
            <td className="num">{kr(sums.total)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function Proposal({ id }: { id: number }) {
  const state = useApi<ProposalView>(cofinancingPaths.proposal(id));
  return (
    <Loaded state={state} loading="Tar fram förslaget …">
      {(p) => (
        <div className="proposal">
          {p.appropriation?.warning && (
            <p className="alert alert-warning" role="status">
              <strong>Varning, anslaget 1:1:</strong> {p.appropriation.warning.message}
            </p>
          )}
          {p.addressee && <p className="addressee">{p.addressee}</p>}
          <Clauses clauses={p.clauses} />
          <p className="note">{p.summary}</p>
        </div>
      )}
    </Loaded>
  );
}

const DECISION_STATUS: Record<DecisionView['status'], string> = { pending: 'Väntar på beslut', granted: 'Beviljat', rejected: 'Avslag', withdrawn: 'Återkallat' };

function Decisions({ a }: { a: ApplicationView }) {
  if (a.decisions.length === 0) return <p>Inget beslut är fattat eller föreslaget ännu.</p>;
  return (
    <>
      <div className="table-wrap">
        <table className="table cofinancing-table">
          <caption>Beslut, äldst först</caption>
          <thead>
            <tr>
              <th scope="col">Beslut</th>
              <th scope="col">Beslutas av</th>
              <th scope="col">Status</th>
              <th scope="col">Beslutsdatum</th>
              <th scope="col" className="num">
                Andel
              </th>
              <th scope="col" className="num">
                Tillkommande belopp
              </th>
              <th scope="col" className="num">
                Tak totalt
              </th>
              <th scope="col">Projektperiod</th>
            </tr>
          </thead>
          <tbody>
            {a.decisions.map((d) => (
              <tr key={d.id}>
                <th scope="row">
                  {KIND_LABEL[d.kind]}
                  <span className="muted cell-note"> {d.priority ? `${d.priority.code} – ${d.priority.name}` : 'Prioritering saknas'}</span>
                </th>
                <td>
                  {ROUTE_LABEL[d.route]}
                  {d.decidedBy && <span className="muted"> ({d.decidedBy})</span>}
                </td>
                <td>{DECISION_STATUS[d.status]}{d.amended && <span className="muted"> (med ändring)</span>}</td>
                <td className="date">{d.decidedOn ?? <span className="muted">–</span>}</td>
                <td className="num">{percentText(d.rateBp)}</td>
                <td className="num">{kr(d.addedCapOre)}</td>
                <td className="num">{kr(d.capOre)}</td>
                <td className="date">
                  {period(d.period)}
                  {d.previousEnd && <span className="muted"> (tidigare till {d.previousEnd})</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {a.decisions.some((d) => d.kind === 'grant' && d.status === 'granted') && (
        <p>
          <a href={cofinancingPaths.letter(a.id)}>Beslutsbrevet (PDF)</a>
        </p>
      )}
      {a.current && <p>{a.current.restatement}</p>}
    </>
  );
}

/** The applicant's natural-person mark (enskild firma): the name is masked for the public while it is set. */
function NaturalPersonMark({ a, canEdit, reload }: { a: ApplicationView; canEdit: boolean; reload(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      await send('PUT', `${cofinancingPaths.application(a.id)}/natural-person`, { naturalPerson: !a.applicant.naturalPerson, version: a.version }, cofinancingPaths.application(a.id), cofinancingPaths.list());
      reload();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <span>{a.applicant.naturalPerson ? 'Ja – namnet visas inte för allmänheten' : 'Nej'}</span>
      {canEdit && (
        <>
          {' '}
          <button type="button" className="link-button" onClick={toggle} disabled={busy}>
            {a.applicant.naturalPerson ? 'Markera som juridisk person' : 'Markera som fysisk person'}
          </button>
        </>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

function Application({ a, reload }: { a: ApplicationView; reload(): void }) {
  useTitle(`Medfinansiering av ${a.projectName}`);
  const { user } = useSession();
  const b = a.budget;
  return (
    <>
      <p className="breadcrumb">
        <Link href="/medfinansiering">Medfinansiering</Link> <span aria-hidden="true">›</span> {a.caseNumber}
      </p>
      <h1>
        <span className="h1-kicker">Medfinansiering, ärende {a.caseNumber}</span>
        {a.projectName}
      </h1>
      <dl className="facts">
        <div>
          <dt>Diarienummer</dt>
          <dd className="dnr">
            <CaseLink caseNumber={a.caseNumber} />
          </dd>
        </div>
        <div>
          <dt>Sökande</dt>
          <dd>
            {a.applicant.name}
            {a.applicant.orgNumber && <> ({a.applicant.orgNumber})</>}
          </dd>
        </div>
        {user && (
          <div>
            <dt>Fysisk person</dt>
            <dd>
              <NaturalPersonMark a={a} canEdit={hasRole(user.roles, 'case-officer', 'secretary', 'admin')} reload={reload} />
            </dd>
          </div>
        )}
        <div>
          <dt>Projektperiod</dt>
          <dd>
            {period(a.current?.period ?? a.period)}
            {a.current && (a.current.period.start !== a.period.start || a.current.period.end !== a.period.end) && <span className="muted"> (ansökt {period(a.period)})</span>}
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{a.statusLabel}</dd>
        </div>
        <div>
          <dt>Finansieringskälla</dt>
          <dd>{SOURCE_LABEL[a.fundingSource]}</dd>
        </div>
        <div>
          <dt>Sökt belopp</dt>
          <dd>{formatKronor(a.requestedOre)}</dd>
        </div>
        {a.current ? (
          <div>
            <dt>Beviljat, gällande</dt>
            <dd>
              {percentText(a.current.rateBp)}, dock högst {formatKronor(a.current.capOre)}
              {a.decisions.some((d) => d.kind === 'extension' && d.status === 'granted') && <span className="muted"> (efter ändringsbeslut)</span>}
            </dd>
          </div>
        ) : (
          <div>
            <dt>Föreslaget</dt>
            <dd>
              {percentText(a.rateBp)}, dock högst {formatKronor(a.capOre)}
            </dd>
          </div>
        )}
        {a.current && a.remainingOre !== null && (
          <div>
            <dt>Utbetalt / återstår</dt>
            <dd>
              {formatKronor(a.paidOre)} / {formatKronor(a.remainingOre)}
            </dd>
          </div>
        )}
        <div>
          <dt>Prioritering</dt>
          <dd>
            {a.priorityArea},{' '}
            {a.priority ? (
              `${a.priority.code} – ${a.priority.name}`
            ) : (
              <>
                {a.priorityRank} <strong className="badge badge-warning">ej kopplad till strategins prioriteringar</strong>
              </>
            )}
            {a.euCofinancing && ', EU-projekt'}
          </dd>
        </div>
      </dl>
      {a.description && <p>{a.description}</p>}

      <section className="card" aria-labelledby="budget">
        <h2 id="budget">Budget och kontroll</h2>
        {a.findings.length === 0 ? (
          <p className="alert alert-success">Budgeten stämmer: summorna går ihop, projektet är fullt finansierat och regionens rad motsvarar det sökta beloppet.</p>
        ) : (
          <div className="alert alert-warning">
            <p className="alert-title">Kontrollen av budgeten hittade {a.findings.length === 1 ? 'en avvikelse' : `${a.findings.length} avvikelser`}:</p>
            <ul className="findings">
              {a.findings.map((f, i) => (
                <li key={i}>
                  <strong>{f.severity === 'error' ? 'Fel' : 'Observera'}:</strong> {f.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        <BudgetTable caption="Kostnadsbudget" years={b.years} rows={b.costs} sums={b.costSums} />
        <BudgetTable caption="Finansieringsbudget" years={b.years} rows={b.financing} sums={b.financingSums} />
      </section>

      <section className="card" aria-labelledby="forslag">
        <h2 id="forslag">Förslag till beslut</h2>
        {user ? (
          <Proposal id={a.id} />
        ) : a.decisions.length > 0 ? (
          <Clauses clauses={a.decisions[0]!.clauses} />
        ) : (
          <p>Logga in för att se förslaget.</p>
        )}
      </section>

      <section className="card" aria-labelledby="beslut">
        <h2 id="beslut">Beslut, förlängningar och utökningar</h2>
        <Decisions a={a} />
        <DecisionPanel a={a} user={user ?? null} reload={reload} />
      </section>

      <section className="card" aria-labelledby="utbetalningar">
        <h2 id="utbetalningar">Utbetalningar</h2>
        <PayoutPanel a={a} user={user ?? null} reload={reload} />
      </section>

      {a.paymentPlan && (
        <section className="card" aria-labelledby="betalningsplan">
          <h2 id="betalningsplan">Betalningsplan</h2>
          <PaymentPlanPanel a={a} canEdit={hasRole(user?.roles, 'case-officer', 'secretary', 'admin')} reload={reload} />
        </section>
      )}
    </>
  );
}

export function CofinancingPage({ id }: { id: string }) {
  const valid = /^\d+$/.test(id);
  const state = useApi<ApplicationView>(valid ? cofinancingPaths.application(id) : null);
  if (!valid) return <NotFoundPage />;
  return (
    <Loaded state={state} loading="Laddar ansökan …">
      {(a) => <Application a={a} reload={state.reload} />}
    </Loaded>
  );
}
