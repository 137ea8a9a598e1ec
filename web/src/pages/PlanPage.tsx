/**
 * /verksamhetsplan – the bodies' business plans; /verksamhetsplan/:id – one plan as a
 * tree (målsättningar → fokusområden → mål → styrtal and uppdrag, each with its origin
 * as the papers write it), its versions and a comparison of two of them, and its
 * follow-up reports (PDF). Drafts are shown to signed-in staff only (the server decides).
 */
import { createContext, useContext, useId, useState, type FormEvent } from 'react';
import type { BodySummary } from '../../../src/http/contract.ts';
import type { ComparisonView, PlanItemView, PlanSummary, PlanView, ReportItemView, ReportSummary, ReportView } from '../../../src/steering/service.ts';
import type { ItemRef } from '../../../src/steering/model.ts';
import type { ResponsibleAccount } from '../../../src/steering/dueReminders.ts';
import { get, send } from '../api.ts';
import { errorText } from '../components/minutes/shared.ts';
import { Loaded } from '../components/Status.tsx';
import { PlanItemEditor } from '../components/PlanItemEditor.tsx';
import { FollowUpEntry, OriginMatrix, Reminders, ReportStateBar } from '../components/ReportFollowUp.tsx';
import { ControlFollowUpSection } from '../components/ControlFollowUpSection.tsx';
import { Link } from '../router.tsx';
import { KpiBadge } from '../components/KpiBadge.tsx';
import { DueReminders, KpiSeriesLink, ResponsibleAccountLink, useResponsibleAccounts } from '../components/FollowUpLinks.tsx';
import { useCan, useSession } from '../session.tsx';
import { useApi, useTitle } from '../useApi.ts';

const hasRole = (roles: string[] | undefined, ...wanted: string[]) => Boolean(roles?.some((r) => wanted.includes(r)));

const planPath = (id: number | string) => `/api/plans/${encodeURIComponent(String(id))}`;

function StateBadge({ plan }: { plan: PlanSummary }) {
  return plan.state === 'adopted' ? <span className="badge badge-ok">Fastställd {plan.adoptedOn}</span> : <span className="badge badge-draft">Utkast</span>;
}

function BodyPlans({ body }: { body: BodySummary }) {
  const plans = useApi<PlanSummary[]>(`/api/bodies/${body.id}/plans`);
  return (
    <section aria-labelledby={`plans-${body.id}`}>
      <h2 id={`plans-${body.id}`}>{body.name}</h2>
      <Loaded state={plans} loading="Laddar verksamhetsplaner …">
        {(ps) =>
          ps.length === 0 ? (
            <p className="muted">Inga verksamhetsplaner att visa. Utkast visas för inloggad personal.</p>
          ) : (
            <ul className="plan-list">
              {ps.map((p) => (
                <li key={p.id}>
                  <Link href={`/verksamhetsplan/${p.id}`}>{p.title}</Link> <StateBadge plan={p} />
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

export function PlansPage() {
  useTitle('Verksamhetsplaner');
  const bodies = useApi<BodySummary[]>('/api/bodies');
  return (
    <>
      <h1>Verksamhetsplaner</h1>
      <p className="lead">Mål, styrtal och uppdrag per nämnd och år, och deras uppföljning i delårsrapport och verksamhetsberättelse.</p>
      <Loaded state={bodies} loading="Laddar nämnder …">
        {(bs) => (
          <>
            {bs.map((b) => (
              <BodyPlans key={b.id} body={b} />
            ))}
          </>
        )}
      </Loaded>
    </>
  );
}

const COUNT_WORDS: Array<[keyof PlanView['counts'], string, string]> = [
  ['strategic-goal', 'målsättning', 'målsättningar'],
  ['focus-area', 'fokusområde', 'fokusområden'],
  ['objective', 'mål', 'mål'],
  ['indicator', 'styrtal', 'styrtal'],
  ['assignment', 'uppdrag', 'uppdrag'],
];

function Origin({ item }: { item: PlanItemView }) {
  if (!item.originText) return null;
  return (
    <span className={`origin origin-${item.origin?.kind ?? 'none'}`} title="Ursprung">
      ({item.originText})
    </span>
  );
}

/** On an adopted plan, for those with plan.edit: the plan whose styrtal may be linked to a series, and the reload after it. */
const SeriesLinking = createContext<{ planId: number; onChanged: () => void } | null>(null);

function Leaves({ items }: { items: PlanItemView[] }) {
  const linking = useContext(SeriesLinking);
  const indicators = items.filter((i) => i.kind === 'indicator');
  const assignments = items.filter((i) => i.kind === 'assignment');
  const byAssignee = new Map<string, PlanItemView[]>();
  for (const a of assignments) byAssignee.set(a.assignee ?? 'Uppdrag', [...(byAssignee.get(a.assignee ?? 'Uppdrag') ?? []), a]);
  return (
    <>
      {indicators.length > 0 && (
        <div className="plan-leaves">
          <h4>Styrtal</h4>
          <ul>
            {indicators.map((i) => (
              <li key={i.id} data-kind="indicator">
                {i.text} <Origin item={i} />
                {i.targetText && <div className="target muted">Målregel: {i.targetText}</div>}
                {i.kpi && <KpiBadge kpi={i.kpi} />}
                {linking && <KpiSeriesLink key={`${i.id}-${i.version}`} planId={linking.planId} item={i} onSaved={linking.onChanged} />}
              </li>
            ))}
          </ul>
        </div>
      )}
      {[...byAssignee].map(([who, list]) => (
        <div className="plan-leaves" key={who}>
          <h4>{who} får i uppdrag</h4>
          <ul>
            {list.map((a) => (
              <li key={a.id} data-kind="assignment">
                {a.number && <strong>Nr {a.number}. </strong>}
                {a.text} <Origin item={a} />
              </li>
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}

function FocusArea({ area }: { area: PlanItemView }) {
  const objectives = area.children.filter((c) => c.kind === 'objective');
  const subAreas = area.children.filter((c) => c.kind === 'focus-area');
  const headingId = `fokus-${area.id}`;
  return (
    <section className="plan-area" aria-labelledby={headingId}>
      <h3 id={headingId}>
        Fokusområde {area.number} {area.title}
      </h3>
      {objectives.map((o) => (
        <div key={o.id} className="plan-objective">
          <p>
            <strong>Mål:</strong> {o.text} <Origin item={o} />
          </p>
          {o.note && <p className="muted">{o.note}</p>}
          <Leaves items={o.children} />
        </div>
      ))}
      {subAreas.map((s) => (
        <FocusArea key={s.id} area={s} />
      ))}
    </section>
  );
}

function Tree({ items }: { items: PlanItemView[] }) {
  return (
    <div className="plan-tree">
      {items.map((g) => {
        const id = `malsattning-${g.id}`;
        return (
          <section key={g.id} className="plan-goal" aria-labelledby={id}>
            <h2 id={id}>{g.kind === 'strategic-goal' ? `Målsättning ${g.number}: ${g.text}` : g.title ?? g.text}</h2>
            <Leaves items={g.children.filter((c) => c.kind !== 'focus-area')} />
            {g.children
              .filter((c) => c.kind === 'focus-area')
              .map((a) => (
                <FocusArea key={a.id} area={a} />
              ))}
          </section>
        );
      })}
    </div>
  );
}

function RefList({ title, refs }: { title: string; refs: ItemRef[] }) {
  if (!refs.length) return null;
  return (
    <>
      <h4>
        {title} ({refs.length})
      </h4>
      <ul>
        {refs.map((r, i) => (
          <li key={i}>
            <span className="muted">{r.path ? `${r.path} › ` : ''}</span>
            {r.kind === 'indicator' ? 'Styrtal' : r.kind === 'assignment' ? `Uppdrag${r.number ? ` nr ${r.number}` : ''}` : r.kind === 'objective' ? `Mål ${r.number ?? ''}` : 'Målsättning'}: {r.text}
          </li>
        ))}
      </ul>
    </>
  );
}

function Compare({ plan }: { plan: PlanView }) {
  const ids = useId();
  const [from, setFrom] = useState(String(plan.versions[0]?.number ?? 'current'));
  const [to, setTo] = useState('current');
  const [result, setResult] = useState<ComparisonView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setResult(await get<ComparisonView>(`${planPath(plan.id)}/compare?from=${from}&to=${to}`));
    } catch (err) {
      setError(errorText(err));
    }
  };
  const options = [...plan.versions.map((v) => ({ value: String(v.number), label: `${v.number}. ${v.label}` })), { value: 'current', label: 'Nuvarande lydelse' }];
  return (
    <section aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Versioner och jämförelse</h2>
      <form className="inline-form" onSubmit={submit}>
        <label htmlFor={`${ids}-from`}>Jämför version</label>
        <select id={`${ids}-from`} value={from} onChange={(e) => setFrom(e.target.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <label htmlFor={`${ids}-to`}>med version</label>
        <select id={`${ids}-to`} value={to} onChange={(e) => setTo(e.target.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <button type="submit" className="button">
          Jämför
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {result && (
        <div className="plan-compare" aria-live="polite">
          <p>
            {result.from} → {result.to}: {result.merged.length} sammanslagna, {result.removed.length} borttagna, {result.reworded.length} omformulerade,{' '}
            {result.added.length} tillagda, {result.unchanged} oförändrade.
          </p>
          {result.merged.map((m, i) => (
            <div key={i}>
              <h4>Sammanslagna till {m.into.kind === 'objective' ? `mål ${m.into.number}` : m.into.text}</h4>
              <p>{m.into.text}</p>
              <RefList title="Tidigare" refs={m.from} />
            </div>
          ))}
          <RefList title="Borttagna" refs={result.removed} />
          {result.reworded.length > 0 && (
            <>
              <h4>Omformulerade ({result.reworded.length})</h4>
              <ul>
                {result.reworded.map((r, i) => (
                  <li key={i}>
                    <del>{r.before.text}</del> <ins>{r.after.text}</ins> <span className="muted">(likhet {Math.round(r.similarity / 100)} %)</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          <RefList title="Tillagda" refs={result.added} />
        </div>
      )}
    </section>
  );
}

function StartReport({ plan, onDone }: { plan: PlanView; onDone: () => void }) {
  const ids = useId();
  const [kind, setKind] = useState<'interim' | 'annual'>('interim');
  const [period, setPeriod] = useState(`januari–juli ${plan.year}`);
  const [asOf, setAsOf] = useState(`${plan.year}-07-31`);
  const [deadline, setDeadline] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await send('POST', `${planPath(plan.id)}/reports`, { kind, period, asOf, deadline: deadline || null }, `${planPath(plan.id)}/reports`);
      onDone();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-labelledby={`${ids}-h`}>
      <h3 id={`${ids}-h`} className="visually-hidden">
        Påbörja rapport
      </h3>
      <label htmlFor={`${ids}-kind`}>Rapport</label>
      <select id={`${ids}-kind`} value={kind} onChange={(e) => setKind(e.target.value as 'interim' | 'annual')}>
        <option value="interim">Delårsrapport</option>
        <option value="annual">Verksamhetsberättelse</option>
      </select>
      <label htmlFor={`${ids}-period`}>Period</label>
      <input id={`${ids}-period`} value={period} onChange={(e) => setPeriod(e.target.value)} required maxLength={60} />
      <label htmlFor={`${ids}-asof`}>Per datum</label>
      <input id={`${ids}-asof`} type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} required />
      <label htmlFor={`${ids}-deadline`}>Sista dag för ansvariga</label>
      <input id={`${ids}-deadline`} type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
      <button type="submit" className="button">
        Påbörja rapport
      </button>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </form>
  );
}

function Reports({ plan }: { plan: PlanView }) {
  const reports = useApi<ReportSummary[]>(`${planPath(plan.id)}/reports`);
  const { user } = useSession();
  return (
    <section aria-labelledby="plan-reports">
      <h2 id="plan-reports">Uppföljning</h2>
      <Loaded state={reports} loading="Laddar rapporter …">
        {(rs) =>
          rs.length === 0 ? (
            <p className="muted">{plan.state === 'adopted' ? 'Ingen delårsrapport eller verksamhetsberättelse ännu.' : 'Uppföljningen börjar när planen är fastställd.'}</p>
          ) : (
            <ul>
              {rs.map((r) => (
                <li key={r.id}>
                  <Link href={`/verksamhetsplan/rapporter/${r.id}`}>
                    {r.kindLabel} {r.period}
                  </Link>{' '}
                  ({r.stateLabel.toLowerCase()}) – <a href={`/api/plan-reports/${r.id}/report.pdf`}>PDF</a>, <a href={`/api/plan-reports/${r.id}/report.xlsx`}>Excel</a>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      {plan.state === 'adopted' && hasRole(user?.roles, 'case-officer', 'secretary', 'admin') && <StartReport plan={plan} onDone={reports.reload} />}
    </section>
  );
}

function Adopt({ plan, onDone }: { plan: PlanView; onDone: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const adopt = async () => {
    if (!window.confirm(`Fastställa ${plan.title.toLowerCase()}? Planen blir skrivskyddad och offentlig.`)) return;
    setBusy(true);
    setError(null);
    try {
      await send('POST', `${planPath(plan.id)}/adoption`, { version: plan.version }, planPath(plan.id), '/api/bodies');
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <p>
      <button type="button" className="button" onClick={adopt} disabled={busy}>
        Fastställ planen
      </button>
      {error && (
        <span role="alert" className="error">
          {' '}
          {error}
        </span>
      )}
    </p>
  );
}

export function PlanPage({ id }: { id: string }) {
  const plan = useApi<PlanView>(planPath(id));
  const { user } = useSession();
  const can = useCan();
  useTitle(plan.status === 'ok' ? `${plan.data.title} – ${plan.data.bodyName}` : 'Verksamhetsplan');
  return (
    <Loaded state={plan} loading="Laddar verksamhetsplanen …">
      {(p) => (
        <>
          <p className="breadcrumb">
            <Link href="/verksamhetsplan">Verksamhetsplaner</Link> <span aria-hidden="true">›</span> {p.bodyName}
          </p>
          <h1>
            {p.title} – {p.bodyName}
          </h1>
          <p className="lead">
            <StateBadge plan={p} />{' '}
            {COUNT_WORDS.map(([k, one, many]) => `${p.counts[k]} ${p.counts[k] === 1 ? one : many}`).join(', ')}.
          </p>
          <p>
            <a href={`${planPath(p.id)}/plan.pdf`}>Planen som PDF</a> · <a href={`${planPath(p.id)}/plan.xlsx`}>Planen som Excel</a>
          </p>
          {p.state === 'draft' && hasRole(user?.roles, 'secretary', 'admin') && <Adopt plan={p} onDone={plan.reload} />}
          <SeriesLinking.Provider value={p.state === 'adopted' && can('plan.edit') ? { planId: p.id, onChanged: plan.reload } : null}>
            <Tree items={p.items} />
          </SeriesLinking.Provider>
          {hasRole(user?.roles, 'case-officer', 'secretary', 'admin') && <PlanItemEditor plan={p} onChanged={plan.reload} />}
          <Compare plan={p} />
          <Reports plan={p} />
        </>
      )}
    </Loaded>
  );
}

function ReportItems({ report, items, canEdit, staff, accounts, onSaved }: { report: ReportView; items: ReportItemView[]; canEdit: boolean; staff: boolean; accounts: ResponsibleAccount[] | null; onSaved: () => void }) {
  return (
    <ul className="report-items">
      {items.map((i) => (
        <li key={i.id} id={`post-${i.id}`} data-kind={i.kind}>
          {i.kind === 'focus-area' || i.kind === 'theme' ? (
            <strong>
              {i.kindLabel} {i.number ?? ''} {i.title ?? i.text}
            </strong>
          ) : (
            <>
              <span>
                <strong>
                  {i.kindLabel}
                  {i.number ? ` ${i.number}` : ''}:
                </strong>{' '}
                {i.text} {i.originText && <span className="origin">({i.originText})</span>}
              </span>{' '}
              {i.kpi && <KpiBadge kpi={i.kpi} />}
              <FollowUpEntry report={report} item={i} canEdit={canEdit} staff={staff} onSaved={onSaved} />
              {accounts && report.state !== 'locked' && (
                <ResponsibleAccountLink key={`${i.id}-${i.version}`} item={i} accounts={accounts} onSaved={onSaved} forget={[`/api/plan-reports/${report.id}`]} />
              )}
            </>
          )}
          {i.children.length > 0 && <ReportItems report={report} items={i.children} canEdit={canEdit} staff={staff} accounts={accounts} onSaved={onSaved} />}
        </li>
      ))}
    </ul>
  );
}

/** The items' versions in one string: the reminders' state is fetched again when an item (its responsible or account) changes. */
const itemVersions = (items: readonly ReportItemView[]): string => items.map((i) => `${i.id}.${i.version}${i.children.length ? `(${itemVersions(i.children)})` : ''}`).join(',');

export function ReportPage({ id }: { id: string }) {
  const report = useApi<ReportView>(`/api/plan-reports/${encodeURIComponent(id)}`);
  const { user } = useSession();
  const staff = hasRole(user?.roles, 'case-officer', 'secretary', 'admin');
  const can = useCan();
  const accounts = useResponsibleAccounts(can('plan.edit'));
  useTitle(report.status === 'ok' ? `${report.data.kindLabel} ${report.data.period}` : 'Uppföljning');
  return (
    <Loaded state={report} loading="Laddar rapporten …">
      {(r) => (
        <>
          <p className="breadcrumb">
            <Link href="/verksamhetsplan">Verksamhetsplaner</Link> <span aria-hidden="true">›</span>{' '}
            <Link href={`/verksamhetsplan/${r.planId}`}>{r.planTitle}</Link> <span aria-hidden="true">›</span> {r.kindLabel}
          </p>
          <h1>
            {r.kindLabel} {r.period} – {r.bodyName}
          </h1>
          <p>
            <a href={`/api/plan-reports/${r.id}/report.pdf`}>Rapporten som PDF</a> · <a href={`/api/plan-reports/${r.id}/report.xlsx`}>Rapporten som Excel</a>
          </p>
          {r.carriedFromName && (
            <p className="muted">
              Utgångspunkt: {r.carriedFromName.toLowerCase()}. Status, utfall och kommentarer är överförda därifrån; poster som ännu inte ändrats är märkta ”Överförd från delårsrapporten”.
            </p>
          )}
          <ReportStateBar report={r} roles={user?.roles ?? []} onChanged={report.reload} />
          {staff && <Reminders key={`${r.id}-${r.version}`} report={r} onChanged={report.reload} />}
          {can('plan.edit') && <DueReminders key={`${r.id}-${r.version}-${itemVersions(r.items)}`} reportId={r.id} items={r.items} />}
          <OriginMatrix report={r} />
          <div className="table-wrap">
            <table className="table report-matrix">
              <caption>Status per nivå</caption>
              <thead>
                <tr>
                  <th scope="col">Nivå</th>
                  <th scope="col" className="num">Grön</th>
                  <th scope="col" className="num">Gul</th>
                  <th scope="col" className="num">Röd</th>
                  <th scope="col" className="num">Ej bedömd</th>
                </tr>
              </thead>
              <tbody>
                {r.matrix.map((m) => (
                  <tr key={m.level}>
                    <th scope="row">{m.label}</th>
                    <td className="num">{m.met}</td>
                    <td className="num">{m.partly}</td>
                    <td className="num">{m.notMet}</td>
                    <td className="num">{m.missing}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>Mål, styrtal och uppdrag</h2>
          <ReportItems report={r} items={r.items} canEdit={staff && r.state === 'open'} staff={staff} accounts={accounts} onSaved={report.reload} />
          {user && <ControlFollowUpSection year={r.planYear} />}
        </>
      )}
    </Loaded>
  );
}
