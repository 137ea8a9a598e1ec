/**
 * The cost and financing budget of a co-financing application as the
 * applicant gives it (issue 16.1): years as columns, cost and financing rows,
 * the row totals and the sum rows typed in as stated — never computed here,
 * since the server's check (src/funding/budget.ts) compares the applicant's
 * own arithmetic with the cells. Each cell is a MoneyField (kronor, held in öre).
 */
import { useId } from 'react';
import { MoneyField } from './form.tsx';
import { COST_CATEGORY_LABELS, type CostCategory, type ProjectBudget } from '../../../src/funding/budget.ts';

export const MAX_YEARS = 20;
export const MAX_ROWS = 50;

export interface CostLine {
  category: CostCategory;
  label: string;
  values: Array<number | null>;
  total: number | null;
}
export interface FinancingLine {
  label: string;
  kind: 'public' | 'private';
  region: boolean;
  values: Array<number | null>;
  total: number | null;
}
export interface Sums {
  perYear: Array<number | null>;
  total: number | null;
}
export interface BudgetDraft {
  firstYear: number;
  yearCount: number;
  totalColumn: boolean;
  costs: CostLine[];
  costSums: Sums;
  financing: FinancingLine[];
  financingSums: Sums;
}

export function initialBudget(firstYear: number): BudgetDraft {
  const cost = (category: CostCategory): CostLine => ({ category, label: '', values: [], total: null });
  const fin = (label: string, kind: 'public' | 'private', region = false): FinancingLine => ({ label, kind, region, values: [], total: null });
  return {
    firstYear,
    yearCount: 1,
    totalColumn: true,
    costs: [cost('staff'), cost('external-services'), cost('travel'), cost('indirect')],
    costSums: { perYear: [], total: null },
    financing: [fin('Region Örebro län', 'public', true), fin('', 'public'), fin('', 'private')],
    financingSums: { perYear: [], total: null },
  };
}

export const yearsOf = (d: BudgetDraft) => Array.from({ length: d.yearCount }, (_, i) => d.firstYear + i);
const cells = (values: Array<number | null>, n: number) => Array.from({ length: n }, (_, i) => values[i] ?? null);
const blank = (r: { values: Array<number | null>; total: number | null }, n: number) => cells(r.values, n).every((v) => v === null) && r.total === null;
export const costLabel = (r: CostLine) => r.label.trim() || COST_CATEGORY_LABELS[r.category];

/** The API's budget (cofinancingSchemas.ts `budget`) from the draft: blank rows left out, the stated sums as typed. */
export function budgetBody(d: BudgetDraft): ProjectBudget {
  const n = d.yearCount;
  const total = (t: number | null) => (d.totalColumn ? t : null);
  return {
    years: yearsOf(d),
    totalColumn: d.totalColumn,
    costs: d.costs.filter((r) => !blank(r, n)).map((r) => ({ category: r.category, label: costLabel(r), values: cells(r.values, n), statedTotalOre: total(r.total) })),
    costSums: { perYear: cells(d.costSums.perYear, n), total: total(d.costSums.total) },
    financing: d.financing
      .filter((r) => !blank(r, n))
      .map((r) => ({ kind: r.kind, label: r.label.trim(), values: cells(r.values, n), statedTotalOre: total(r.total), ...(r.region ? { region: true } : {}) })),
    financingSums: { perYear: cells(d.financingSums.perYear, n), total: total(d.financingSums.total) },
  };
}

const set = <T,>(xs: T[], i: number, v: T) => xs.map((x, j) => (j === i ? v : x));
const setCell = (values: Array<number | null>, i: number, v: number | null) => {
  const out = [...values];
  while (out.length <= i) out.push(null);
  out[i] = v;
  return out;
};

interface Props {
  value: BudgetDraft;
  onChange(next: BudgetDraft): void;
  /** Tells the form which cells hold text that is not an amount (key → valid). */
  onValidity(key: string, valid: boolean): void;
}

function Cell({ label, value, onChange, cellKey, onValidity }: { label: string; value: number | null; onChange(v: number | null): void; cellKey: string; onValidity: Props['onValidity'] }) {
  return (
    <td className="num">
      <MoneyField
        label={<span className="visually-hidden">{label}</span>}
        fieldClassName="field field-cell"
        value={value}
        onChange={(ore, valid) => {
          onValidity(cellKey, valid);
          if (valid) onChange(ore);
        }}
      />
    </td>
  );
}

export function BudgetTables({ value: d, onChange, onValidity }: Props) {
  const ids = useId();
  const years = yearsOf(d);
  const n = d.yearCount;
  const patch = (p: Partial<BudgetDraft>) => onChange({ ...d, ...p });
  const removeLastYear = () => {
    const cut = <R extends { values: Array<number | null> }>(r: R): R => ({ ...r, values: r.values.slice(0, n - 1) });
    patch({
      yearCount: n - 1,
      costs: d.costs.map(cut),
      financing: d.financing.map(cut),
      costSums: { ...d.costSums, perYear: d.costSums.perYear.slice(0, n - 1) },
      financingSums: { ...d.financingSums, perYear: d.financingSums.perYear.slice(0, n - 1) },
    });
  };
  const yearHeads = (
    <>
      {years.map((y) => (
        <th key={y} scope="col" className="num">
          {y}
        </th>
      ))}
      {d.totalColumn && (
        <th scope="col" className="num">
          Totalt
        </th>
      )}
    </>
  );

  return (
    <div className="budget-tables">
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${ids}-first`}>Första budgetår</label>
          <input
            id={`${ids}-first`}
            className="input-short"
            type="number"
            min={2000}
            max={2100}
            value={d.firstYear}
            onChange={(e) => {
              const y = Number(e.target.value);
              if (Number.isInteger(y) && y >= 2000 && y <= 2100 - n + 1) patch({ firstYear: y });
            }}
          />
        </div>
        <p>
          <label className="checkbox-label" htmlFor={`${ids}-totals`}>
            <input id={`${ids}-totals`} type="checkbox" checked={d.totalColumn} onChange={(e) => patch({ totalColumn: e.target.checked })} /> Budgeten har en Totalt-kolumn
          </label>
        </p>
      </div>
      <p className="button-row">
        {n < MAX_YEARS && (
          <button type="button" className="button button-secondary button-small" onClick={() => patch({ yearCount: n + 1 })}>
            Lägg till år {d.firstYear + n}
          </button>
        )}{' '}
        {n > 1 && (
          <button type="button" className="button button-secondary button-small" onClick={removeLastYear}>
            Ta bort år {d.firstYear + n - 1}
          </button>
        )}
      </p>
      <p className="field-hint">Skriv beloppen och summorna som sökanden har angett dem i kronor; kontrollen räknar efter när ansökan sparas.</p>

      <div className="table-wrap">
        <table className="table budget-entry">
          <caption>Kostnadsbudget</caption>
          <thead>
            <tr>
              <th scope="col">Kostnadsslag</th>
              <th scope="col">Rubrik</th>
              {yearHeads}
              <th scope="col">
                <span className="visually-hidden">Åtgärd</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {d.costs.map((r, i) => {
              const name = costLabel(r);
              const row = (p: Partial<CostLine>) => patch({ costs: set(d.costs, i, { ...r, ...p }) });
              return (
                <tr key={i}>
                  <td>
                    <label className="visually-hidden" htmlFor={`${ids}-c${i}-cat`}>
                      Kostnadsslag rad {i + 1}
                    </label>
                    <select id={`${ids}-c${i}-cat`} value={r.category} onChange={(e) => row({ category: e.target.value as CostCategory })}>
                      {(Object.keys(COST_CATEGORY_LABELS) as CostCategory[]).map((c) => (
                        <option key={c} value={c}>
                          {COST_CATEGORY_LABELS[c]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={`${ids}-c${i}-label`}>
                      Rubrik rad {i + 1} i kostnadsbudgeten
                    </label>
                    <input id={`${ids}-c${i}-label`} value={r.label} maxLength={300} placeholder={COST_CATEGORY_LABELS[r.category]} onChange={(e) => row({ label: e.target.value })} />
                  </td>
                  {years.map((y, k) => (
                    <Cell key={y} label={`Kostnad ${name} ${y}`} cellKey={`c${i}-${k}`} value={r.values[k] ?? null} onChange={(v) => row({ values: setCell(r.values, k, v) })} onValidity={onValidity} />
                  ))}
                  {d.totalColumn && <Cell label={`Kostnad ${name} totalt`} cellKey={`c${i}-t`} value={r.total} onChange={(v) => row({ total: v })} onValidity={onValidity} />}
                  <td>
                    <button type="button" className="button button-secondary button-small" onClick={() => patch({ costs: d.costs.filter((_, j) => j !== i) })}>
                      Ta bort kostnadsraden {name}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                Summa kostnader (enligt ansökan)
              </th>
              {years.map((y, k) => (
                <Cell
                  key={y}
                  label={`Summa kostnader ${y}`}
                  cellKey={`cs-${k}`}
                  value={d.costSums.perYear[k] ?? null}
                  onChange={(v) => patch({ costSums: { ...d.costSums, perYear: setCell(d.costSums.perYear, k, v) } })}
                  onValidity={onValidity}
                />
              ))}
              {d.totalColumn && <Cell label="Summa kostnader totalt" cellKey="cs-t" value={d.costSums.total} onChange={(v) => patch({ costSums: { ...d.costSums, total: v } })} onValidity={onValidity} />}
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
      {d.costs.length < MAX_ROWS && (
        <button type="button" className="button button-secondary button-small" onClick={() => patch({ costs: [...d.costs, { category: 'other', label: '', values: [], total: null }] })}>
          Lägg till en kostnadsrad
        </button>
      )}

      <div className="table-wrap">
        <table className="table budget-entry">
          <caption>Finansieringsbudget</caption>
          <thead>
            <tr>
              <th scope="col">Finansiär</th>
              <th scope="col">Slag</th>
              {yearHeads}
              <th scope="col">
                <span className="visually-hidden">Åtgärd</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {d.financing.map((r, i) => {
              const name = r.label.trim() || `finansiär ${i + 1}`;
              const row = (p: Partial<FinancingLine>) => patch({ financing: set(d.financing, i, { ...r, ...p }) });
              return (
                <tr key={i}>
                  <td>
                    <label className="visually-hidden" htmlFor={`${ids}-f${i}-label`}>
                      Finansiär {i + 1}
                    </label>
                    <input id={`${ids}-f${i}-label`} value={r.label} maxLength={300} readOnly={r.region} onChange={(e) => row({ label: e.target.value })} />
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={`${ids}-f${i}-kind`}>
                      Slag av finansiär {i + 1}
                    </label>
                    <select id={`${ids}-f${i}-kind`} value={r.kind} disabled={r.region} onChange={(e) => row({ kind: e.target.value as FinancingLine['kind'] })}>
                      <option value="public">Offentlig</option>
                      <option value="private">Privat</option>
                    </select>
                  </td>
                  {years.map((y, k) => (
                    <Cell key={y} label={`Finansiering ${name} ${y}`} cellKey={`f${i}-${k}`} value={r.values[k] ?? null} onChange={(v) => row({ values: setCell(r.values, k, v) })} onValidity={onValidity} />
                  ))}
                  {d.totalColumn && <Cell label={`Finansiering ${name} totalt`} cellKey={`f${i}-t`} value={r.total} onChange={(v) => row({ total: v })} onValidity={onValidity} />}
                  <td>
                    {!r.region && (
                      <button type="button" className="button button-secondary button-small" onClick={() => patch({ financing: d.financing.filter((_, j) => j !== i) })}>
                        Ta bort finansieringsraden {name}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                Summa finansiering (enligt ansökan)
              </th>
              {years.map((y, k) => (
                <Cell
                  key={y}
                  label={`Summa finansiering ${y}`}
                  cellKey={`fs-${k}`}
                  value={d.financingSums.perYear[k] ?? null}
                  onChange={(v) => patch({ financingSums: { ...d.financingSums, perYear: setCell(d.financingSums.perYear, k, v) } })}
                  onValidity={onValidity}
                />
              ))}
              {d.totalColumn && (
                <Cell label="Summa finansiering totalt" cellKey="fs-t" value={d.financingSums.total} onChange={(v) => patch({ financingSums: { ...d.financingSums, total: v } })} onValidity={onValidity} />
              )}
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
      {d.financing.length < MAX_ROWS && (
        <button type="button" className="button button-secondary button-small" onClick={() => patch({ financing: [...d.financing, { label: '', kind: 'public', region: false, values: [], total: null }] })}>
          Lägg till en finansiär
        </button>
      )}
    </div>
  );
}
