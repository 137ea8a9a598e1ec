/**
 * /budget – the bodies' budgets; /budget/:bodyId/:year – one budget: the
 * body's frame and each area's frame, a what-if panel (change a parameter,
 * see the new frames and the difference per area before anything is saved),
 * the associations' uplifted grants and the follow-up tables (resultatrapport,
 * driftredovisning) with every derived figure computed by the server.
 */
import { Field } from '../components/form.tsx';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { BodySummary } from '../../../src/http/contract.ts';
import { formatKronor, parseKronor } from '../../../src/kernel/kronor.ts';
import {
  formatTenths,
  mnkr,
  PARAMETER_KEYS,
  PARAMETER_LABEL,
  percent,
  STATEMENT_COLUMN_LABEL,
  type AllocationParameters,
  type AllocationResult,
  type WhatIf,
} from '../../../src/budget/model.ts';
import type { BudgetReportView, BudgetSummary, BudgetView } from '../../../src/budget/service.ts';
import { paths, send } from '../api.ts';
import { errorText } from '../components/minutes/shared.ts';
import { Loaded } from '../components/Status.tsx';
import { Link } from '../router.tsx';
import { useCan } from '../session.tsx';
import { useApi, useTitle } from '../useApi.ts';
import { ConstructedNote, XlsxLink } from '../components/Constructed.tsx';
import { AreasEditor, ReportEditor } from '../components/budget/BudgetEditors.tsx';
import { isMoneyUnit, MONEY_UNITS, roundingNote, showInUnit, UNIT_LABEL, type MoneyUnit } from '../../../src/budget/units.ts';

const UNIT_KEY = 'styrbord.budget.unit';

/** The unit the user last chose (kr, tkr or mnkr), remembered in this browser; mnkr as the papers print. */
function useMoneyUnit(): [MoneyUnit, (u: MoneyUnit) => void] {
  const [unit, setUnit] = useState<MoneyUnit>(() => {
    try {
      const v = localStorage.getItem(UNIT_KEY);
      return isMoneyUnit(v) ? v : 'mnkr';
    } catch {
      return 'mnkr';
    }
  });
  const choose = (u: MoneyUnit) => {
    setUnit(u);
    try {
      localStorage.setItem(UNIT_KEY, u);
    } catch {
      /* private mode: the choice lasts for the page */
    }
  };
  return [unit, choose];
}

function UnitChoice({ unit, onChange }: { unit: MoneyUnit; onChange: (u: MoneyUnit) => void }) {
  return (
    <fieldset className="unit-choice">
      <legend>Visa belopp i</legend>
      {MONEY_UNITS.map((u) => (
        <label key={u} className="inline">
          <input type="radio" name="budget-unit" value={u} checked={unit === u} onChange={() => onChange(u)} /> <span aria-hidden="true">{u}</span>
          <span className="visually-hidden">{UNIT_LABEL[u]}</span>
        </label>
      ))}
    </fieldset>
  );
}

type Key = keyof AllocationParameters;
const KIND: Record<Key, 'bp' | 'ore' | 'hours'> = {
  previousFrameOre: 'ore',
  indexBp: 'bp',
  frameChangeOre: 'ore',
  wageIncreaseBp: 'bp',
  poIncreaseBp: 'bp',
  priceIncreaseBp: 'bp',
  travelPerFteOre: 'ore',
  trainingPerFteOre: 'ore',
  otherPerFteOre: 'ore',
  projectHoursPerFte: 'hours',
  sickPayDeductionBp: 'bp',
  planningReserveOre: 'ore',
  fumOre: 'ore',
};

/** A table that may scroll sideways: focusable, so it scrolls with the keyboard too. */
function Scroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

const kr = (ore: number) => formatKronor(ore, 'kr');
const signedKr = (ore: number) => (ore > 0 ? `+${kr(ore)}` : kr(ore));

/** The field's text for a parameter: "3,1" (per cent), "146 785 000" (kronor), "1720" (hours). */
function fieldText(k: Key, v: number): string {
  if (KIND[k] === 'bp') return percent(v).replace(/\u00a0%$/, '');
  if (KIND[k] === 'ore') return formatKronor(v, 'kr').replace(/\u00a0kr$/, '');
  return String(v);
}

/** The value a field holds, or a Swedish message. */
function readField(k: Key, text: string): { value?: number; error?: string } {
  const t = text.trim().replace(/\s*%$/, '');
  const label = PARAMETER_LABEL[k];
  if (KIND[k] === 'bp') {
    const m = /^(\d{1,3})(?:,(\d{1,2}))?$/.exec(t);
    if (!m) return { error: `${label}: skriv en procentsats med högst två decimaler, till exempel 3,1.` };
    return { value: Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) };
  }
  if (KIND[k] === 'hours') {
    if (!/^\d{1,4}$/.test(t)) return { error: `${label}: skriv ett helt antal timmar.` };
    return { value: Number(t) };
  }
  try {
    return { value: parseKronor(t) };
  } catch (e) {
    return { error: `${label}: ${(e as Error).message}` };
  }
}

export function BudgetIndexPage() {
  useTitle('Budget');
  const bodies = useApi<BodySummary[]>(paths.bodies());
  return (
    <>
      <h1>Budget</h1>
      <p className="lead">Ramanslag, resursfördelning per område och budgetuppföljning per nämnd och år.</p>
      <Loaded state={bodies}>{(list) => <>{list.map((b) => <BodyBudgets key={b.id} body={b} />)}</>}</Loaded>
    </>
  );
}

function BodyBudgets({ body }: { body: BodySummary }) {
  const budgets = useApi<BudgetSummary[]>(`/api/bodies/${body.id}/budgets`);
  return (
    <section aria-labelledby={`budgets-${body.id}`}>
      <h2 id={`budgets-${body.id}`}>{body.name}</h2>
      <Loaded state={budgets}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">Inga budgetar ännu.</p>
          ) : (
            <ul>
              {list.map((b) => (
                <li key={b.id}>
                  <Link href={`/budget/${body.id}/${b.year}`}>Budget {b.year}</Link> {b.status === 'adopted' ? '(fastställd)' : '(utkast)'}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

export function BudgetPage({ id, year }: { id: string; year: string }) {
  const path = `/api/bodies/${encodeURIComponent(id)}/budgets/${encodeURIComponent(year)}`;
  const state = useApi<BudgetView>(path);
  useTitle(`Budget ${year}`);
  return <Loaded state={state}>{(b) => <Budget b={b} path={path} onChange={state.reload} />}</Loaded>;
}

function Budget({ b, path, onChange }: { b: BudgetView; path: string; onChange: () => void }) {
  const can = useCan();
  const canEdit = b.status === 'draft' && can('budget.edit');
  const canAdopt = b.status === 'draft' && can('budget.adopt');
  // the follow-up is entered through the year, also after adoption
  const canReport = can('budget.edit');
  const [unit, setUnit] = useMoneyUnit();
  return (
    <>
      <p className="breadcrumb">
        <Link href="/budget">Budget</Link> › {b.bodyName}
      </p>
      <h1>
        Budget {b.year} – {b.bodyName}{' '}
        <span className={`status ${b.status === 'adopted' ? 'status-adjusted' : 'status-draft'}`}>{b.status === 'adopted' ? 'Fastställd' : 'Utkast'}</span>
      </h1>
      {b.illustrativeInputs && (
        <ConstructedNote>Områdenas och föreningarnas underlag är påhittade för demon (seed 004 visar fördelningen bara som bild); ramarna är beräknade ur dem.</ConstructedNote>
      )}
      <XlsxLink href={`${path}.xlsx`} />
      {(b.allocation || b.reports.length > 0) && <UnitChoice unit={unit} onChange={setUnit} />}
      {b.allocation && b.parameters ? (
        <>
          <Frames a={b.allocation} year={b.year} unit={unit} />
          <WhatIfPanel b={b} path={path} canEdit={canEdit} onSaved={onChange} />
          {b.allocation.associations.length > 0 && <Associations a={b.allocation} />}
          {canEdit && <AreasEditor key={b.id} b={b} path={path} onSaved={onChange} />}
        </>
      ) : (
        <p className="muted">Budgeten för {b.year} har ingen fördelningsmodell; här finns uppföljningen.</p>
      )}
      {b.reports.map((r) => (
        <div key={r.id}>
          <Report r={r} year={b.year} unit={unit} />
          {canReport && <ReportEditor key={r.id} r={r} path={path} onSaved={onChange} />}
        </div>
      ))}
      {canAdopt && <Adopt b={b} path={path} onDone={onChange} />}
    </>
  );
}

function Frames({ a, year, unit }: { a: AllocationResult; year: number; unit: MoneyUnit }) {
  const u = (ore: number) => showInUnit(ore, unit);
  return (
    <section aria-labelledby="frames-h">
      <h2 id="frames-h">Ramanslag och fördelning per område</h2>
      <dl className="facts">
        <dt>Ramanslag föregående år</dt>
        <dd>{kr(a.parameters.previousFrameOre)}</dd>
        <dt>Indexuppräkning {percent(a.parameters.indexBp)}</dt>
        <dd>
          {kr(a.indexAdjustmentOre)} ({mnkr(a.indexAdjustmentOre)} mnkr)
        </dd>
        <dt>Nämndens ramanslag {year}</dt>
        <dd data-testid="body-frame">
          {kr(a.frameOre)} ({mnkr(a.frameOre)} mnkr)
        </dd>
        <dt>Uppräkningen fördelad</dt>
        <dd>
          löner {mnkr(a.components.wageOre)} + PO {mnkr(a.components.poOre)} + priser {mnkr(a.components.priceOre)} = {mnkr(a.components.totalOre)} mnkr
        </dd>
        <dt>Schablonanslag per årsarbetare</dt>
        <dd>{kr(a.standardAllowancePerFteOre)}</dd>
      </dl>
      <Scroll label="Ram per område">
        <table className="table budget-frames">
          <caption>Ram per område {year} (belopp i {unit}): personal med uppräkning, schablonanslag, övriga kostnader och föreningsbidrag med uppräkning, minus projektfinansiering, egna intäkter och justering</caption>
          <thead>
            <tr>
              <th scope="col">Område</th>
              <th scope="col" className="num">Personal</th>
              <th scope="col" className="num">Schablon</th>
              <th scope="col" className="num">Övrigt, bidrag</th>
              <th scope="col" className="num">Projekt</th>
              <th scope="col" className="num">Intäkter, justering</th>
              <th scope="col" className="num">Ram</th>
            </tr>
          </thead>
          <tbody>
            {a.areas.map((x) => (
              <tr key={x.name}>
                <th scope="row">{x.name}</th>
                <td className="num">{u(x.wageCostOre + x.wageIncreaseOre + x.poCostOre + x.poIncreaseOre)}</td>
                <td className="num">{u(x.standardAllowanceOre)}</td>
                <td className="num">{u(x.otherCostOre + x.priceIncreaseOre + x.associationGrantsOre)}</td>
                <td className="num">{u(-x.projectFinancingOre)}</td>
                <td className="num">{u(x.adjustmentOre - x.incomeOre)}</td>
                <td className="num">
                  <strong>{u(x.frameOre)}</strong>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={6}>Summa områden</th>
              <td className="num">{u(a.areasTotalOre)}</td>
            </tr>
            <tr>
              <th scope="row" colSpan={6}>Planeringsreserv</th>
              <td className="num">{u(a.planningReserveOre)}</td>
            </tr>
            <tr>
              <th scope="row" colSpan={6}>FUM</th>
              <td className="num">{u(a.fumOre)}</td>
            </tr>
            <tr>
              <th scope="row" colSpan={6}>Summa fördelat</th>
              <td className="num">{u(a.allocatedOre)}</td>
            </tr>
            <tr>
              <th scope="row" colSpan={6}>{a.balanceOre >= 0 ? 'Ofördelat utrymme' : 'Åtgärdskrav (fördelat mer än ramen)'}</th>
              <td className="num">{u(a.balanceOre)}</td>
            </tr>
          </tfoot>
        </table>
      </Scroll>
      <p className="hint">{roundingNote(unit)}</p>
    </section>
  );
}

function WhatIfPanel({ b, path, canEdit, onSaved }: { b: BudgetView; path: string; canEdit: boolean; onSaved: () => void }) {
  const ids = useId();
  const p = b.parameters!;
  const [texts, setTexts] = useState<Record<Key, string>>(() => Object.fromEntries(PARAMETER_KEYS.map((k) => [k, fieldText(k, p[k])])) as Record<Key, string>);
  const [result, setResult] = useState<WhatIf | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const read = (): Partial<AllocationParameters> | null => {
    const out: Partial<AllocationParameters> = {};
    for (const k of PARAMETER_KEYS) {
      const r = readField(k, texts[k]);
      if (r.error) {
        setError(r.error);
        return null;
      }
      if (r.value !== p[k]) out[k] = r.value!;
    }
    return out;
  };

  const compute = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    const change = read();
    if (!change) return;
    setBusy(true);
    try {
      setResult(await send<WhatIf>('POST', `${path}/what-if`, { parameters: change }));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    setError(null);
    setDone(null);
    const change = read();
    if (!change) return;
    setBusy(true);
    try {
      await send('PUT', `${path}/parameters`, { parameters: { ...p, ...change }, version: b.version }, path);
      setDone('Parametrarna är sparade i utkastet.');
      setResult(null);
      onSaved();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby={`${ids}-h`} className="panel">
      <h2 id={`${ids}-h`}>Tänk om: ändra en parameter</h2>
      <p className="hint">Ändra en eller flera parametrar och välj Beräkna. Inget sparas förrän du väljer Spara{canEdit ? '' : ' (kräver behörighet och ett utkast)'}.</p>
      <form onSubmit={compute} aria-describedby={`${ids}-h`}>
        <div className="parameter-grid">
          {PARAMETER_KEYS.map((k) => (
            <Field
              key={k}
              id={`${ids}-${k}`}
              label={`${PARAMETER_LABEL[k]} (${KIND[k] === 'bp' ? '%' : KIND[k] === 'ore' ? 'kr' : 'timmar'})`}
              className="input-number"
              inputMode="decimal"
              value={texts[k]}
              onChange={(e) => setTexts({ ...texts, [k]: e.target.value })}
            />
          ))}
        </div>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            Beräkna
          </button>
          {canEdit && (
            <button type="button" className="button button-secondary" disabled={busy} onClick={() => void save()}>
              Spara parametrarna
            </button>
          )}
        </div>
      </form>
      {error && (
        <div className="alert alert-error" role="alert">
          <p>{error}</p>
        </div>
      )}
      {done && (
        <div className="alert alert-success" role="status">
          <p>{done}</p>
        </div>
      )}
      <div aria-live="polite">{result && <WhatIfResult w={result} />}</div>
    </section>
  );
}

function WhatIfResult({ w }: { w: WhatIf }) {
  return (
    <Scroll label="Tänk om-resultat">
      <table className="table what-if">
        <caption>
          {w.changed.length === 0 ? 'Inga parametrar ändrade' : `Ändrat: ${w.changed.map((k) => PARAMETER_LABEL[k].toLowerCase()).join(', ')}`} (kronor)
        </caption>
        <thead>
          <tr>
            <th scope="col">Område</th>
            <th scope="col" className="num">Nu</th>
            <th scope="col" className="num">Med ändringen</th>
            <th scope="col" className="num">Skillnad</th>
          </tr>
        </thead>
        <tbody>
          {w.areas.map((a) => (
            <tr key={a.name}>
              <th scope="row">{a.name}</th>
              <td className="num">{kr(a.currentOre)}</td>
              <td className="num">{kr(a.proposedOre)}</td>
              <td className="num">{signedKr(a.differenceOre)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Summa områden</th>
            <td className="num">{kr(w.current.areasTotalOre)}</td>
            <td className="num">{kr(w.proposed.areasTotalOre)}</td>
            <td className="num">{signedKr(w.areasTotalDifferenceOre)}</td>
          </tr>
          <tr data-testid="what-if-frame">
            <th scope="row">Nämndens ramanslag</th>
            <td className="num">{kr(w.current.frameOre)}</td>
            <td className="num">{kr(w.proposed.frameOre)}</td>
            <td className="num">{signedKr(w.frameDifferenceOre)}</td>
          </tr>
          <tr>
            <th scope="row">Ofördelat (minus: åtgärdskrav)</th>
            <td className="num">{kr(w.current.balanceOre)}</td>
            <td className="num">{kr(w.proposed.balanceOre)}</td>
            <td className="num">{signedKr(w.balanceDifferenceOre)}</td>
          </tr>
        </tfoot>
      </table>
    </Scroll>
  );
}

function Associations({ a }: { a: AllocationResult }) {
  return (
    <section aria-labelledby="assoc-h">
      <h2 id="assoc-h">Uppräkning per förening och stiftelse</h2>
      <Scroll label="Föreningsbidrag">
        <table className="table">
          <caption>Bidrag före och efter uppräkning (kronor)</caption>
          <thead>
            <tr>
              <th scope="col">Förening/stiftelse</th>
              <th scope="col">Område</th>
              <th scope="col" className="num">Bidrag</th>
              <th scope="col" className="num">Uppräkning</th>
              <th scope="col" className="num">Nytt bidrag</th>
            </tr>
          </thead>
          <tbody>
            {a.associations.map((x) => (
              <tr key={x.name}>
                <th scope="row">
                  {x.name} <span className="muted">({x.kind})</span>
                </th>
                <td>{x.area ?? <span className="muted">–</span>}</td>
                <td className="num">{kr(x.grantOre)}</td>
                <td className="num">
                  {percent(x.upliftBpApplied)}: {kr(x.upliftOre)}
                </td>
                <td className="num">{kr(x.newGrantOre)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
    </section>
  );
}

function Report({ r, year, unit }: { r: BudgetReportView; year: number; unit: MoneyUnit }) {
  const m = (ore: number | null) => showInUnit(ore, unit);
  return (
    <section aria-labelledby={`report-${r.id}`}>
      <h2 id={`report-${r.id}`}>Uppföljning {r.periodLabel}</h2>
      <Scroll label="Resultatrapport">
        <table className="table result-report">
          <caption>Resultatrapport (belopp i {unit}; avvikelser, relation och summor beräknade)</caption>
          <thead>
            <tr>
              <th scope="col">Belopp i {unit}</th>
              <th scope="col" className="num">{STATEMENT_COLUMN_LABEL.outcomePeriod} {year}</th>
              <th scope="col" className="num">Budget perioden {year}</th>
              <th scope="col" className="num">Avvikelse mot budget</th>
              <th scope="col" className="num">{STATEMENT_COLUMN_LABEL.outcomePeriod} {year - 1}</th>
              <th scope="col" className="num">Avvikelse mot föregående år</th>
              <th scope="col" className="num">Relation (%)</th>
              <th scope="col" className="num">Prognos {year}</th>
              <th scope="col" className="num">Budget {year}</th>
              <th scope="col" className="num">Prognos − budget</th>
              <th scope="col" className="num">Utfall {year - 1}</th>
            </tr>
          </thead>
          <tbody>
            {r.resultReport.map((row) => (
              <tr key={row.key} className={row.kind === 'line' ? undefined : 'subtotal'}>
                <th scope="row">{row.kind === 'line' ? row.label : <strong>{row.label}</strong>}</th>
                <td className="num">{m(row.figures.outcomePeriod)}</td>
                <td className="num">{m(row.figures.budgetPeriod)}</td>
                <td className="num">{m(row.budgetDeviationOre)}</td>
                <td className="num">{m(row.figures.outcomePeriodPrev)}</td>
                <td className="num">{m(row.deviationOre)}</td>
                <td className="num">{formatTenths(row.relationTenths)}</td>
                <td className="num">{m(row.figures.forecast)}</td>
                <td className="num">{m(row.figures.budget)}</td>
                <td className="num">{m(row.forecastDeviationOre)}</td>
                <td className="num">{m(row.figures.outcomePrevYear)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      {r.operatingStatement.length > 1 && (
        <Scroll label="Driftredovisning">
          <table className="table operating-statement">
            <caption>Driftredovisning per område (belopp i {unit})</caption>
            <thead>
              <tr>
                <th scope="col">Område</th>
                <th scope="col" className="num">Budgetavvikelse perioden {year}</th>
                <th scope="col" className="num">Omsättning perioden {year}</th>
                <th scope="col" className="num">Relation (%)</th>
                <th scope="col" className="num">Budgetavvikelse perioden {year - 1}</th>
                <th scope="col" className="num">Budget helår</th>
                <th scope="col" className="num">Prognos helår</th>
                <th scope="col" className="num">Prognos − budget</th>
              </tr>
            </thead>
            <tbody>
              {r.operatingStatement.map((row) => (
                <tr key={`${row.kind}-${row.name}`} className={row.kind === 'total' ? 'subtotal' : undefined}>
                  <th scope="row">{row.kind === 'total' ? <strong>{row.name}</strong> : row.name}</th>
                  <td className="num">{m(row.deviationOre)}</td>
                  <td className="num">{m(row.turnoverPeriodOre)}</td>
                  <td className="num">{formatTenths(row.relationTenths)}</td>
                  <td className="num">{m(row.deviationPrevOre)}</td>
                  <td className="num">{m(row.budgetYearOre)}</td>
                  <td className="num">{m(row.forecastOre)}</td>
                  <td className="num">{m(row.forecastDeviationOre)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      {r.investmentTable.length > 0 && (
        <Scroll label="Investeringar">
          <table className="table investments">
            <caption>Investeringar, nettoinvesteringar (belopp i {unit}; en tom ruta räknas som 0 i summan)</caption>
            <thead>
              <tr>
                <th scope="col">Investering</th>
                <th scope="col" className="num">Utfall perioden {year}</th>
                <th scope="col" className="num">Prognos {year}</th>
                <th scope="col" className="num">Budget {year}</th>
                <th scope="col" className="num">Prognos − budget</th>
                <th scope="col" className="num">Utfall {year - 1}</th>
              </tr>
            </thead>
            <tbody>
              {r.investmentTable.map((row, i) => (
                <tr key={`${row.kind}-${i}`} className={row.kind === 'total' ? 'subtotal' : undefined}>
                  <th scope="row">{row.kind === 'total' ? <strong>{row.name}</strong> : row.name}</th>
                  <td className="num">{m(row.outcomePeriodOre)}</td>
                  <td className="num">{m(row.forecastOre)}</td>
                  <td className="num">{m(row.budgetOre)}</td>
                  <td className="num">{m(row.forecastDeviationOre)}</td>
                  <td className="num">{m(row.outcomePrevYearOre)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      <p className="hint">
        {roundingNote(unit)} Avvikelse mot budget = utfall − budget (kostnader är negativa, så ett positivt tal är bättre än budget). En relation vars bas är 0 visas som –, liksom en avvikelse där en siffra saknas.
      </p>
    </section>
  );
}

function Adopt({ b, path, onDone }: { b: BudgetView; path: string; onDone: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const adopt = async () => {
    setBusy(true);
    setError(null);
    try {
      await send('POST', `${path}/adoption`, { version: b.version }, path, `/api/bodies/${b.bodyId}/budgets`);
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="adopt-h" className="panel">
      <h2 id="adopt-h">Fastställ budgeten</h2>
      <p>När budgeten är fastställd kan parametrar och områden inte längre ändras, och budgeten blir offentlig.</p>
      <button type="button" className="button" disabled={busy} onClick={() => void adopt()}>
        Fastställ budget {b.year}
      </button>
      {error && (
        <div className="alert alert-error" role="alert">
          <p>{error}</p>
        </div>
      )}
    </section>
  );
}
