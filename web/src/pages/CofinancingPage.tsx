/**
 * /medfinansiering – applications for co-financing (medfinansiering) and a form for a new one;
 * /medfinansiering/:id – one application: the budget and its findings, the generated
 * proposal (att-satser), and the decisions, extensions and payouts.
 * The API is src/funding/cofinancingRoutes.ts (docs/funding.md, "Co-financing, stored and served").
 */
import { useId, useState, type FormEvent } from 'react';
import { formatKronor, parseKronor } from '../../../src/kernel/kronor.ts';
import { cofinancingPaths, send } from '../api.ts';
import { errorText } from '../components/minutes/shared.ts';
import { Loaded } from '../components/Status.tsx';
import { CaseLink } from '../components/CaseLink.tsx';
import { PayoutPanel } from '../components/PayoutPanel.tsx';
import { DecisionPanel } from '../components/DecisionPanel.tsx';
import { PaymentPlanPanel } from '../components/PaymentPlanPanel.tsx';
import { CofinancingLists } from '../components/CofinancingLists.tsx';
import { AppropriationProfile } from '../components/AppropriationProfile.tsx';
import { splitClause } from '../format.ts';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useApi, useTitle } from '../useApi.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

// ── the API's shapes: the server's own types (type-only imports, erased in the build) ──

import type { BudgetRow, CostCategory, ProjectBudget } from '../../../src/funding/budget.ts';
import type { FundingSource } from '../../../src/funding/decision.ts';
import type { ApplicationSummaryRow as SummaryRow, ApplicationView, DecisionView, ProposalView } from '../../../src/funding/cofinancingService.ts';

// ── words and numbers ───────────────────────────────────────────────────

const SOURCE_LABEL: Record<FundingSource, string> = { 'state-1-1': 'Anslag 1:1 (statliga medel)', regional: 'Regionala medel' };
const KIND_LABEL: Record<DecisionView['kind'], string> = { grant: 'Beviljande', extension: 'Utökning eller förlängning' };
const ROUTE_LABEL: Record<DecisionView['route'], string> = { body: 'Nämnden', delegation: 'Delegation (punkt 3.2)' };
const COST_ROWS: Array<[CostCategory, string]> = [
  ['staff', 'Egen personal'],
  ['external-services', 'Externa tjänster'],
  ['travel', 'Resor och logi'],
  ['indirect', 'Indirekta kostnader'],
  ['investments', 'Investeringar'],
  ['other', 'Övriga kostnader'],
];

const hasRole = (roles: string[] | undefined, ...wanted: string[]) => Boolean(roles?.some((r) => wanted.includes(r)));

/** 1300 → "13 %", 1250 → "12,5 %". */
function percentText(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = bp % 100;
  return `${whole}${rest ? ',' + String(rest).padStart(2, '0').replace(/0$/, '') : ''}\u00a0%`;
}

/** "13", "13 %", "12,5" → basis points, or a Swedish message. */
function readPercent(text: string): { bp: number | null; error?: string } {
  const m = /^(\d{1,3})(?:,(\d{1,2}))?\s*%?$/.exec(text.trim());
  if (!m) return { bp: null, error: `Andelen "${text.trim().slice(0, 20)}" ska anges i procent, till exempel 13 eller 12,5.` };
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0') || '0');
  if (bp <= 0 || bp > 10000) return { bp: null, error: 'Andelen ska vara mer än 0 och högst 100 procent.' };
  return { bp };
}

/** "474 529 kronor" from a field (blank: null), or a Swedish message naming the field. */
function readAmount(text: string, field: string): { ore: number | null; error?: string } {
  if (!text.trim()) return { ore: null };
  try {
    const ore = parseKronor(text);
    if (ore < 0) return { ore: null, error: `${field}: beloppet kan inte vara negativt.` };
    return { ore };
  } catch (e) {
    return { ore: null, error: `${field}: ${(e as Error).message}` };
  }
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

interface FinancingLine {
  label: string;
  kind: 'public' | 'private';
  amount: string;
}

function NewApplicationForm() {
  const ids = useId();
  const [applicant, setApplicant] = useState('');
  const [orgNumber, setOrgNumber] = useState('');
  const [naturalPerson, setNaturalPerson] = useState<'auto' | 'yes' | 'no'>('auto');
  const [projectName, setProjectName] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [source, setSource] = useState<FundingSource>('state-1-1');
  const [area, setArea] = useState('');
  const [rank, setRank] = useState('');
  const [eu, setEu] = useState(false);
  const [companies, setCompanies] = useState(false);
  const [requested, setRequested] = useState('');
  const [rate, setRate] = useState('');
  const [cap, setCap] = useState('');
  const [year, setYear] = useState('');
  const [costs, setCosts] = useState<Record<CostCategory, string>>({ staff: '', 'external-services': '', travel: '', indirect: '', investments: '', other: '' });
  const [financing, setFinancing] = useState<FinancingLine[]>([
    { label: 'Region Örebro län', kind: 'public', amount: '' },
    { label: '', kind: 'public', amount: '' },
    { label: '', kind: 'private', amount: '' },
  ]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [errorCode, setErrorCode] = useState<string | null>(null);

  const setLine = (i: number, patch: Partial<FinancingLine>) => setFinancing((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const budgetYear = year.trim() || start.slice(0, 4);

  const fail = (message: string, code: string | null = null) => {
    setError(message);
    setErrorCode(code);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setErrorCode(null);
    const r = readPercent(rate);
    if (r.error) return fail(r.error, 'rate');
    const req = readAmount(requested, 'Sökt belopp');
    if (req.error) return fail(req.error, 'requested');
    if (req.ore === null) return fail('Ange sökt belopp, till exempel 474 529 kronor.', 'requested');
    const c = readAmount(cap, 'Tak');
    if (c.error) return fail(c.error, 'cap');
    if (!/^\d{4}$/.test(budgetYear)) return fail('Ange budgetåret med fyra siffror, till exempel 2021.', 'year');
    const costRows: ProjectBudget['costs'] = [];
    for (const [category, label] of COST_ROWS) {
      const a = readAmount(costs[category], label);
      if (a.error) return fail(a.error, 'budget');
      if (a.ore !== null) costRows.push({ category, label, values: [a.ore], statedTotalOre: null });
    }
    const financingRows: ProjectBudget['financing'] = [];
    for (const [i, line] of financing.entries()) {
      const a = readAmount(line.amount, line.label.trim() || `Finansiär ${i + 1}`);
      if (a.error) return fail(a.error, 'budget');
      if (a.ore === null) continue;
      if (!line.label.trim()) return fail(`Ange finansiärens namn på rad ${i + 1} i finansieringsbudgeten.`, 'budget');
      financingRows.push({ kind: line.kind, label: line.label.trim(), values: [a.ore], statedTotalOre: null, ...(i === 0 ? { region: true } : {}) });
    }
    const sum = (rows: BudgetRow[]) => rows.reduce((s, x) => s + (x.values[0] ?? 0), 0);
    setBusy(true);
    try {
      const created = await send<ApplicationView>(
        'POST',
        cofinancingPaths.list(),
        {
          applicant: { name: applicant, orgNumber: orgNumber.trim() || null, naturalPerson: naturalPerson === 'auto' ? null : naturalPerson === 'yes' },
          projectName,
          period: { start, end },
          priorityArea: area,
          priorityRank: rank.trim(),
          euCofinancing: eu,
          aimedAtCompanies: companies,
          fundingSource: source,
          requestedOre: req.ore,
          rateBp: r.bp,
          capOre: c.ore,
          budget: {
            years: [Number(budgetYear)],
            totalColumn: false,
            costs: costRows,
            costSums: { perYear: [sum(costRows)], total: null },
            financing: financingRows,
            financingSums: { perYear: [sum(financingRows)], total: null },
          },
        },
        cofinancingPaths.list(),
      );
      navigate(`/medfinansiering/${created.id}`);
    } catch (err) {
      const message = errorText(err);
      fail(message, /organisationsnum/i.test(message) ? 'org' : null);
    } finally {
      setBusy(false);
    }
  };

  const invalid = (code: string) => (errorCode === code ? true : undefined);
  const describedBy = (code: string, hint?: string) => [hint, errorCode === code ? `${ids}-error` : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <form className="tool cofinancing-form" onSubmit={submit} aria-labelledby={`${ids}-h`} noValidate>
      <h2 id={`${ids}-h`}>Registrera en ny ansökan</h2>
      <p className="hint">Ett nytt ärende "Medfinansiering av …" registreras i diariet. Budgeten kontrolleras när ansökan sparas.</p>
      <fieldset>
        <legend>Sökande och projekt</legend>
        <div className="field-row">
          <div className="field grow">
            <label htmlFor={`${ids}-applicant`}>Sökande</label>
            <input id={`${ids}-applicant`} value={applicant} onChange={(e) => setApplicant(e.target.value)} required autoComplete="organization" />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-org`}>Organisationsnummer</label>
            <input
              id={`${ids}-org`}
              value={orgNumber}
              onChange={(e) => setOrgNumber(e.target.value)}
              aria-invalid={invalid('org')}
              aria-describedby={describedBy('org', `${ids}-org-hint`)}
            />
            <p className="field-hint" id={`${ids}-org-hint`}>
              Till exempel 232100-0164. Frivilligt.
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-natural`}>Fysisk person (enskild firma)</label>
            <select
              id={`${ids}-natural`}
              value={naturalPerson}
              onChange={(e) => setNaturalPerson(e.target.value as 'auto' | 'yes' | 'no')}
              aria-describedby={`${ids}-natural-hint`}
            >
              <option value="auto">Enligt organisationsnumret</option>
              <option value="yes">Ja, fysisk person</option>
              <option value="no">Nej, juridisk person</option>
            </select>
            <p className="field-hint" id={`${ids}-natural-hint`}>
              En enskild firmas nummer är ägarens personnummer. En fysisk persons namn visas inte för allmänheten.
            </p>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-project`}>Projektnamn</label>
          <input id={`${ids}-project`} value={projectName} onChange={(e) => setProjectName(e.target.value)} required />
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${ids}-start`}>Projektperiod från</label>
            <input id={`${ids}-start`} type="date" value={start} onChange={(e) => setStart(e.target.value)} required />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-end`}>Projektperiod till</label>
            <input id={`${ids}-end`} type="date" value={end} onChange={(e) => setEnd(e.target.value)} required />
          </div>
        </div>
        <div className="field-row">
          <div className="field grow">
            <label htmlFor={`${ids}-area`}>Prioriterat område i den regionala utvecklingsstrategin</label>
            <input id={`${ids}-area`} value={area} onChange={(e) => setArea(e.target.value)} required aria-describedby={`${ids}-area-hint`} />
            <p className="field-hint" id={`${ids}-area-hint`}>
              Till exempel Näringsliv och entreprenörskap.
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-rank`}>Prioritering enligt inriktningsbeslutet</label>
            <input id={`${ids}-rank`} className="input-short" value={rank} onChange={(e) => setRank(e.target.value)} required aria-describedby={`${ids}-rank-hint`} />
            <p className="field-hint" id={`${ids}-rank-hint`}>
              1, 2b, 3 …
            </p>
          </div>
        </div>
        <p>
          <label className="checkbox-label" htmlFor={`${ids}-eu`}>
            <input id={`${ids}-eu`} type="checkbox" checked={eu} onChange={(e) => setEu(e.target.checked)} /> Medfinansierar ett EU-projekt
          </label>
        </p>
        <p>
          <label className="checkbox-label" htmlFor={`${ids}-companies`}>
            <input id={`${ids}-companies`} type="checkbox" checked={companies} onChange={(e) => setCompanies(e.target.checked)} /> Projektet riktar sig
            till företag
          </label>
        </p>
      </fieldset>

      <fieldset>
        <legend>Sökt medfinansiering</legend>
        <div className="field">
          <label htmlFor={`${ids}-source`}>Finansieringskälla</label>
          <select id={`${ids}-source`} value={source} onChange={(e) => setSource(e.target.value as FundingSource)}>
            {(Object.keys(SOURCE_LABEL) as FundingSource[]).map((s) => (
              <option key={s} value={s}>
                {SOURCE_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${ids}-requested`}>Sökt belopp</label>
            <input
              id={`${ids}-requested`}
              value={requested}
              onChange={(e) => setRequested(e.target.value)}
              required
              aria-invalid={invalid('requested')}
              aria-describedby={describedBy('requested', `${ids}-requested-hint`)}
            />
            <p className="field-hint" id={`${ids}-requested-hint`}>
              I kronor, till exempel 474 529 kronor.
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-rate`}>Andel av bokförda kostnader (procent)</label>
            <input
              id={`${ids}-rate`}
              className="input-short"
              inputMode="decimal"
              value={rate}
              onChange={(e) => setRate(e.target.value)}
              required
              aria-invalid={invalid('rate')}
              aria-describedby={describedBy('rate')}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-cap`}>Tak, dock högst</label>
            <input
              id={`${ids}-cap`}
              value={cap}
              onChange={(e) => setCap(e.target.value)}
              aria-invalid={invalid('cap')}
              aria-describedby={describedBy('cap', `${ids}-cap-hint`)}
            />
            <p className="field-hint" id={`${ids}-cap-hint`}>
              Lämna tomt för att föreslå det sökta beloppet.
            </p>
          </div>
        </div>
      </fieldset>

      <fieldset>
        <legend>Budget</legend>
        <div className="field">
          <label htmlFor={`${ids}-year`}>Budgetår</label>
          <input
            id={`${ids}-year`}
            className="input-short"
            inputMode="numeric"
            value={year}
            placeholder={start.slice(0, 4)}
            onChange={(e) => setYear(e.target.value)}
            aria-invalid={invalid('year')}
            aria-describedby={describedBy('year', `${ids}-year-hint`)}
          />
          <p className="field-hint" id={`${ids}-year-hint`}>
            Lämna tomt för projektets startår.
          </p>
        </div>
        <div className="table-wrap">
          <table className="table budget-entry">
            <caption>Kostnadsbudget {budgetYear}</caption>
            <thead>
              <tr>
                <th scope="col">Kostnadsslag</th>
                <th scope="col" className="num">
                  Belopp (kr)
                </th>
              </tr>
            </thead>
            <tbody>
              {COST_ROWS.map(([category, label]) => (
                <tr key={category}>
                  <th scope="row">
                    <label htmlFor={`${ids}-cost-${category}`}>{label}</label>
                  </th>
                  <td className="num">
                    <input
                      id={`${ids}-cost-${category}`}
                      inputMode="numeric"
                      value={costs[category]}
                      onChange={(e) => setCosts((c) => ({ ...c, [category]: e.target.value }))}
                      aria-invalid={invalid('budget')}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="table-wrap">
          <table className="table budget-entry">
            <caption>Finansieringsbudget {budgetYear}</caption>
            <thead>
              <tr>
                <th scope="col">Finansiär</th>
                <th scope="col">Slag</th>
                <th scope="col" className="num">
                  Belopp (kr)
                </th>
              </tr>
            </thead>
            <tbody>
              {financing.map((line, i) => (
                <tr key={i}>
                  <td>
                    <label className="visually-hidden" htmlFor={`${ids}-fin-${i}-label`}>
                      Finansiär {i + 1}
                    </label>
                    <input id={`${ids}-fin-${i}-label`} value={line.label} readOnly={i === 0} onChange={(e) => setLine(i, { label: e.target.value })} />
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={`${ids}-fin-${i}-kind`}>
                      Slag av finansiär {i + 1}
                    </label>
                    <select id={`${ids}-fin-${i}-kind`} value={line.kind} disabled={i === 0} onChange={(e) => setLine(i, { kind: e.target.value as FinancingLine['kind'] })}>
                      <option value="public">Offentlig</option>
                      <option value="private">Privat</option>
                    </select>
                  </td>
                  <td className="num">
                    <label className="visually-hidden" htmlFor={`${ids}-fin-${i}-amount`}>
                      Belopp från {line.label.trim() || `finansiär ${i + 1}`}
                    </label>
                    <input id={`${ids}-fin-${i}-amount`} inputMode="numeric" value={line.amount} onChange={(e) => setLine(i, { amount: e.target.value })} aria-invalid={invalid('budget')} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {financing.length < 10 && (
          <button type="button" className="button button-secondary button-small" onClick={() => setFinancing((rows) => [...rows, { label: '', kind: 'public', amount: '' }])}>
            Lägg till en finansiär
          </button>
        )}
      </fieldset>

      <button type="submit" className="button" disabled={busy}>
        Registrera ansökan
      </button>
      {error && (
        <p className="alert alert-error" role="alert" id={`${ids}-error`}>
          {error}
        </p>
      )}
    </form>
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
                <th scope="row">{KIND_LABEL[d.kind]}</th>
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
      {a.decisions.some((d) => d.route === 'delegation' && d.status === 'granted') && (
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
            {a.priorityArea}, {a.priorityRank}
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
