/**
 * /internkontroll – the internal control plan for signed-in staff: the 4 × 4
 * risk matrix (probability × consequence, counts per cell; a cell filters the
 * list), the risks by area with their actions, status and whether they
 * worked; officers assess risks and follow actions up.
 */
import { useState, type FormEvent } from 'react';
import type { ActionView, CarryOverResult, PlanSummary, PlanView, RiskView } from '../../../src/control/service.ts';
import { CONSEQUENCE_LABEL, LEVEL_LABEL, PROBABILITY_LABEL, STATUS_LABEL, STATUSES, riskValue, type ActionStatus, type RiskLevel } from '../../../src/control/model.ts';
import { send } from '../api.ts';
import { errorText } from '../components/minutes/shared.ts';
import { Loaded } from '../components/Status.tsx';
import { Field } from '../components/form.tsx';
import { Link, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useApi, useTitle } from '../useApi.ts';
import { ConstructedNote, XlsxLink } from '../components/Constructed.tsx';

const canEdit = (roles: string[] | undefined) => Boolean(roles?.some((r) => ['case-officer', 'secretary', 'admin'].includes(r)));
const SYMBOL: Record<ActionStatus, string> = { ongoing: '◐', deviation: '▲', done: '✓', 'not-done': '✗' };

function StatusBadge({ status }: { status: ActionStatus | null }) {
  if (!status) return <span className="badge control-status control-status-none">Ej angiven</span>;
  return (
    <span className={`badge control-status control-status-${status}`}>
      <span aria-hidden="true">{SYMBOL[status]} </span>
      {STATUS_LABEL[status]}
    </span>
  );
}

function LevelBadge({ level, value }: { level: RiskLevel | null; value: number | null }) {
  if (!level) return <span className="badge control-level control-level-none">Ej bedömd</span>;
  return (
    <span className={`badge control-level control-level-${level}`}>
      Riskvärde {value} ({LEVEL_LABEL[level].toLowerCase()})
    </span>
  );
}

type Cell = { p: number; c: number } | null;

function Matrix({ plan, cell, onCell }: { plan: PlanView; cell: Cell; onCell: (c: Cell) => void }) {
  const rows = [4, 3, 2, 1];
  return (
    <div className="table-wrap">
      <table className="table risk-matrix">
        <caption>
          Riskmatris: antal risker per sannolikhet och konsekvens ({plan.riskCount - plan.matrix.unassessed} av {plan.riskCount} bedömda)
        </caption>
        <thead>
          <tr>
            <td />
            <th scope="col" colSpan={4} className="risk-axis">
              Konsekvens
            </th>
          </tr>
          <tr>
            <th scope="col">Sannolikhet</th>
            {[1, 2, 3, 4].map((c) => (
              <th key={c} scope="col">
                {c} {CONSEQUENCE_LABEL[c - 1]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p}>
              <th scope="row">
                {p} {PROBABILITY_LABEL[p - 1]}
              </th>
              {[1, 2, 3, 4].map((c) => {
                const n = plan.matrix.cells[p - 1]![c - 1]!;
                const level = riskValue(p, c)!.level;
                const selected = cell?.p === p && cell?.c === c;
                return (
                  <td key={c} className={`risk-cell risk-${level}${selected ? ' risk-selected' : ''}`} data-count={n}>
                    {n > 0 ? (
                      <button
                        type="button"
                        className="risk-cell-button"
                        aria-pressed={selected}
                        onClick={() => onCell(selected ? null : { p, c })}
                        aria-label={`${n} ${n === 1 ? 'risk' : 'risker'} med sannolikhet ${p} och konsekvens ${c}, riskvärde ${p * c} (${LEVEL_LABEL[level].toLowerCase()}). Visa ${n === 1 ? 'den' : 'dem'}.`}
                      >
                        {n}
                      </button>
                    ) : (
                      <span className="risk-zero">
                        0<span className="visually-hidden"> risker, riskvärde {p * c}</span>
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        Riskvärde = sannolikhet × konsekvens: 1–3 låg, 4–8 medel, 9–16 hög. {plan.matrix.unassessed > 0 && `${plan.matrix.unassessed} risker är inte bedömda.`}
      </p>
    </div>
  );
}


/** A 1–4 scale (sannolikhet or konsekvens) with "ej bedömd", its steps named by `labels`. */
function ScaleSelect({ label, value, onChange, labels }: { label: string; value: string; onChange(v: string): void; labels: readonly string[] }) {
  return (
    <Field inline label={label}>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">ej bedömd</option>
        {[1, 2, 3, 4].map((n) => (
          <option key={n} value={n}>
            {n} {labels[n - 1]}
          </option>
        ))}
      </select>
    </Field>
  );
}
function RiskForm({ risk, onSaved }: { risk: RiskView; onSaved: () => void }) {
  const [p, setP] = useState(risk.probability ? String(risk.probability) : '');
  const [c, setC] = useState(risk.consequence ? String(risk.consequence) : '');
  const [owner, setOwner] = useState(risk.owner ?? '');
  const [rp, setRp] = useState(risk.residualProbability ? String(risk.residualProbability) : '');
  const [rc, setRc] = useState(risk.residualConsequence ? String(risk.residualConsequence) : '');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await send('PUT', `/api/control/risks/${risk.id}`, {
          area: risk.area, risk: risk.risk, probability: p ? Number(p) : null, consequence: c ? Number(c) : null, owner: owner.trim() || null,
          residualProbability: rp ? Number(rp) : null, residualConsequence: rc ? Number(rc) : null, version: risk.version,
        }, '/api/control');
      onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form className="inline-form control-risk-form" onSubmit={submit}>
      <ScaleSelect label="Sannolikhet" value={p} onChange={setP} labels={PROBABILITY_LABEL} />
      <ScaleSelect label="Konsekvens" value={c} onChange={setC} labels={CONSEQUENCE_LABEL} />
      <Field inline label="Riskägare">
        <input value={owner} maxLength={200} onChange={(e) => setOwner(e.target.value)} />
      </Field>
      <ScaleSelect label="Restrisk: sannolikhet" value={rp} onChange={setRp} labels={PROBABILITY_LABEL} />
      <ScaleSelect label="Restrisk: konsekvens" value={rc} onChange={setRc} labels={CONSEQUENCE_LABEL} />
      <button type="submit" className="button button-secondary button-small">
        Spara bedömning
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

function ActionStatusForm({ action, onSaved }: { action: ActionView; onSaved: () => void }) {
  const [status, setStatus] = useState<string>(action.status ?? '');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await send(
        'PUT',
        `/api/control/actions/${action.id}`,
        {
          text: action.text, regionWide: action.regionWide, status: status || null, comment: action.comment, effect: action.effect, effective: action.effective, responsible: action.responsible, version: action.version,
        },
        '/api/control',
      );
      onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <Field inline label="Status">
      <select value={status} onChange={(e) => setStatus(e.target.value)}>
        <option value="">ej angiven</option>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {STATUS_LABEL[s]}
          </option>
        ))}
      </select>
      </Field>
      <button type="submit" className="button button-secondary button-small">
        Spara status
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

function Risk({ risk, edit, reload }: { risk: RiskView; edit: boolean; reload: () => void }) {
  return (
    <li className="card control-risk">
      <div className="card-head">
        <h5>{risk.risk}</h5>
        <LevelBadge level={risk.level} value={risk.riskValue} />
      </div>
      <p className="meta">
        Sannolikhet {risk.probability ?? '–'} × konsekvens {risk.consequence ?? '–'}
        {risk.regionWide && ' · regionövergripande'}
        {risk.owner && ` · riskägare: ${risk.owner}`}
        {' · restrisk efter åtgärderna: '}
        {risk.residualLevel ? `${risk.residualValue} (${LEVEL_LABEL[risk.residualLevel].toLowerCase()})` : 'ej bedömd'}
        {risk.open ? ' · öppen' : ' · stängd'}
        {risk.carriedFrom && (
          <>
            {' · '}
            <Link href={`/internkontroll?plan=${risk.carriedFrom.planId}`}>överförd från {risk.carriedFrom.year}</Link>
          </>
        )}
        {risk.carriedTo && (
          <>
            {' · '}
            <Link href={`/internkontroll?plan=${risk.carriedTo.planId}`}>överförd till {risk.carriedTo.year}</Link>
          </>
        )}
      </p>
      {edit && <RiskForm key={risk.version} risk={risk} onSaved={reload} />}
      <ol className="control-actions">
        {risk.actions.map((a) => (
          <li key={a.id}>
            <p>
              <StatusBadge status={a.status} /> {a.regionWide && <strong>Regionövergripande åtgärd: </strong>}
              {a.text}
            </p>
            {a.comment && (
              <p className="note">
                <strong>Kommentar:</strong> {a.comment}
              </p>
            )}
            {a.effect && (
              <p className="note">
                <strong>Har åtgärden bidragit till önskad effekt?</strong> {a.effect}
              </p>
            )}
            {a.responsible && <p className="meta">Ansvar: {a.responsible}</p>}
            {edit && <ActionStatusForm key={a.version} action={a} onSaved={reload} />}
          </li>
        ))}
      </ol>
    </li>
  );
}

/** "För över till nästa år": the open risks and actions become next year's entries, once. */
function CarryOver({ plan, edit }: { plan: PlanView; edit: boolean }) {
  const [result, setResult] = useState<CarryOverResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = plan.risks.filter((r) => r.open).length;
  if (plan.carriedTo && !result) {
    return (
      <p className="meta">
        Öppna risker och åtgärder är överförda till <Link href={`/internkontroll?plan=${plan.carriedTo.planId}`}>planen för {plan.carriedTo.year}</Link>.
      </p>
    );
  }
  if (!edit) return null;
  const go = async () => {
    setError(null);
    setBusy(true);
    try {
      setResult(await send<CarryOverResult>('POST', `/api/control/plans/${plan.id}/carry-over`, undefined, '/api/control'));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="control-carry-over">
      {result ? (
        <p role="status">
          {result.risks} risker och {result.actions} åtgärder är överförda till <Link href={`/internkontroll?plan=${result.planId}`}>planen för {result.year}</Link>.
        </p>
      ) : (
        <>
          <button type="button" className="button button-secondary" disabled={busy || open === 0} onClick={go}>
            För över till nästa år
          </button>
          <span className="hint"> {open} öppna risker förs över till {plan.year + 1}, med de åtgärder som inte är avslutade.</span>
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function PlanBody({ id, plans }: { id: number; plans: PlanSummary[] }) {
  const state = useApi<PlanView>(`/api/control/plans/${id}`);
  const { user } = useSession();
  const [cell, setCell] = useState<Cell>(null);
  return (
    <Loaded state={state} loading="Hämtar planen …">
      {(plan) => {
        const risks = cell ? plan.risks.filter((r) => r.probability === cell.p && r.consequence === cell.c) : plan.risks;
        const areas = [...new Set(risks.map((r) => r.area))];
        return (
          <>
            {plans.length > 1 && (
              <nav aria-label="Andra planer">
                <ul className="meta-inline">
                  {plans.map((p) => (
                    <li key={p.id}>
                      {p.id === id ? <strong aria-current="page">{p.title}</strong> : <Link href={`/internkontroll?plan=${p.id}`}>{p.title}</Link>}
                    </li>
                  ))}
                </ul>
              </nav>
            )}
            <h2>{plan.title}</h2>
            <p className="meta">
              {plan.riskCount} risker, {plan.actionCount} åtgärder
              {plan.sourceFile && ` · inläst ur ${plan.sourceFile}`}
            </p>
            {plan.constructed && (
              <ConstructedNote>Sannolikhet, konsekvens och status är konstruerade för demon: rapportens text saknar dem. En bedömning som någon har ändrat är inte längre konstruerad.</ConstructedNote>
            )}
            <XlsxLink href={`/api/control/plans/${plan.id}.xlsx`} />
            <CarryOver plan={plan} edit={canEdit(user?.roles)} />
            <Matrix plan={plan} cell={cell} onCell={setCell} />
            <h3>Åtgärdernas status</h3>
            <ul className="control-status-counts">
              {STATUSES.map((s) => (
                <li key={s}>
                  <StatusBadge status={s} /> {plan.statusCounts[s]}
                </li>
              ))}
              {plan.statusCounts.none > 0 && (
                <li>
                  <StatusBadge status={null} /> {plan.statusCounts.none}
                </li>
              )}
            </ul>
            <h3 id="risker">
              Risker{cell ? ` med sannolikhet ${cell.p} och konsekvens ${cell.c}` : ' per område'}
            </h3>
            {cell && (
              <button type="button" className="link-button" onClick={() => setCell(null)}>
                Visa alla risker
              </button>
            )}
            {areas.map((a) => (
              <section key={a} className="control-area" aria-labelledby={`omrade-${a}`}>
                <h4 id={`omrade-${a}`} className="control-area-title">
                  {a}
                </h4>
                <ul className="control-risks">
                  {risks
                    .filter((r) => r.area === a)
                    .map((r) => (
                      <Risk key={r.id} risk={r} edit={canEdit(user?.roles)} reload={state.reload} />
                    ))}
                </ul>
              </section>
            ))}
          </>
        );
      }}
    </Loaded>
  );
}

export function ControlPage() {
  useTitle('Internkontroll');
  const planId = new URLSearchParams(useLocation().search).get('plan');
  const { user } = useSession();
  const state = useApi<PlanSummary[]>(user ? '/api/control/plans' : null);
  return (
    <>
      <h1>Internkontroll</h1>
      <p className="lead">Internkontrollplanen: risker per område, bedömda efter sannolikhet och konsekvens, och åtgärderna mot dem.</p>
      {user === null && (
        <p className="alert alert-warning">
          Internkontrollplanen är till för nämndens ledamöter och tjänstepersoner. <Link href="/logga-in?nasta=%2Finternkontroll">Logga in</Link> för att läsa den.
        </p>
      )}
      {user && (
        <Loaded state={state} loading="Hämtar planer …">
          {(plans) => {
            if (!plans.length) return <p>Ingen internkontrollplan är inläst ännu.</p>;
            const chosen = plans.find((p) => String(p.id) === planId) ?? plans[0]!;
            return <PlanBody key={chosen.id} id={chosen.id} plans={plans} />;
          }}
        </Loaded>
      )}
    </>
  );
}
