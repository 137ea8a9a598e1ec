/**
 * The budget as an Excel workbook (issue 17.7): the frames per area, the
 * parameters, the areas' and associations' inputs, and each follow-up
 * (resultatrapport, driftredovisning). Amounts are numbers in kronor (the
 * budget's öre / 100: the model rounds every product once to whole kronor,
 * model.ts, so the sheets show whole kronor; an amount entered with öre gets
 * two decimals on its sheet, never rounded away). Every total, subtotal,
 * deviation and area frame is a formula over the cells it sums, with the
 * result cached: a controller who changes a cell in Excel gets the totals
 * recomputed, and the cached results equal the engine's figures (tested).
 *
 * The demo's 2026 per-area inputs are illustrative (seeds.ts): a sheet built
 * from them carries the note "Konstruerade exempelvärden" in its first row.
 */
import { CONSTRUCTED_NOTE, range, ref, type Cell, type Sheet } from '../kernel/xlsx.ts';
import { PARAMETER_KEYS, PARAMETER_LABEL, STATEMENT_COLUMN_LABEL, STATEMENT_COLUMNS, STATEMENT_LINES, type AreaInput, type AssociationInput } from './model.ts';
import { DEMO_AREAS_2026, DEMO_ASSOCIATIONS_2026 } from './seeds.ts';
import type { BudgetReportView, BudgetView } from './service.ts';

const same = <T extends object>(a: T, b: T) => (Object.keys(b) as Array<keyof T>).every((k) => (a[k] ?? null) === (b[k] ?? null));

/**
 * True when the budget holds the demo's illustrative inputs (seeds.ts): an
 * area or association identical, figure for figure, to one of
 * DEMO_AREAS_2026 / DEMO_ASSOCIATIONS_2026. Inputs someone has entered or
 * changed are not flagged.
 */
export function hasIllustrativeInputs(areas: readonly AreaInput[], associations: readonly AssociationInput[]): boolean {
  return areas.some((a) => DEMO_AREAS_2026.some((d) => same(a, d))) || associations.some((a) => DEMO_ASSOCIATIONS_2026.some((d) => same(a, d)));
}

export const ILLUSTRATIVE_NOTE = `${CONSTRUCTED_NOTE}: områdenas och föreningarnas underlag är påhittade för demon (seed 004 visar fördelningen bara som bild); ramarna är beräknade ur dem.`;

const t = (text: string): Cell => ({ text });
const b = (text: string): Cell => ({ text, bold: true });
const ore = (v: number | null): Cell | null => (v === null ? null : { ore: v });

const PARAM_UNIT: Record<string, 'kr' | '%' | 'timmar'> = {
  indexBp: '%',
  wageIncreaseBp: '%',
  poIncreaseBp: '%',
  priceIncreaseBp: '%',
  sickPayDeductionBp: '%',
  projectHoursPerFte: 'timmar',
};

function framesSheet(v: BudgetView, note: string | null): Sheet | null {
  const a = v.allocation;
  if (!a) return null;
  const header = ['Område', 'Lönekostnad', 'Lönekostnadsökning', 'PO', 'PO-ökning', 'Övriga kostnader', 'Prisuppräkning', 'Föreningsbidrag', 'Schablonanslag', 'Projektfinansiering', 'Egna intäkter', 'Justering', 'Ram'];
  const first = 3;
  const rows: Array<Array<Cell | null>> = [[b(`Ramar per område ${v.year}, ${v.bodyName}${v.status === 'draft' ? ' (utkast)' : ''}`)], [t('Belopp i kronor. Projektfinansiering och egna intäkter minskar ramen och står med minustecken; ramen är radens summa.')], header.map(b)];
  a.areas.forEach((f, i) => {
    const r = first + i;
    rows.push([
      t(f.name),
      ...[f.wageCostOre, f.wageIncreaseOre, f.poCostOre, f.poIncreaseOre, f.otherCostOre, f.priceIncreaseOre, f.associationGrantsOre, f.standardAllowanceOre, -f.projectFinancingOre, -f.incomeOre, f.adjustmentOre].map(ore),
      { sum: [range(ref(r, 1), ref(r, 11))] },
    ]);
  });
  const last = first + a.areas.length - 1;
  const totalRow = rows.length;
  rows.push([b('Summa områden'), ...header.slice(1).map((_, k): Cell => (a.areas.length ? { sum: [range(ref(first, k + 1), ref(last, k + 1))], bold: true } : { ore: 0, bold: true }))]);
  const unassigned = a.associations.filter((x) => x.area === null).reduce((s, x) => s + x.newGrantOre, 0);
  const extra: Array<[string, number]> = [['Planeringsreserv', a.planningReserveOre], ['FUM', a.fumOre], ...(unassigned ? [['Föreningsbidrag utan område', unassigned] as [string, number]] : [])];
  rows.push([]);
  const extraFirst = rows.length;
  for (const [label, value] of extra) rows.push([t(label), ...Array(11).fill(null), ore(value)]);
  const allocatedRow = rows.length;
  rows.push([b('Fördelat'), ...Array(11).fill(null), { sum: [ref(totalRow, 12), range(ref(extraFirst, 12), ref(allocatedRow - 1, 12))], bold: true }]);
  const frameRow = rows.length;
  rows.push([t('Nämndens ram (ramanslag efter indexuppräkning)'), ...Array(11).fill(null), ore(a.frameOre)]);
  rows.push([b('Kvar att fördela (negativt: åtgärdskrav)'), ...Array(11).fill(null), { difference: [ref(frameRow, 12), ref(allocatedRow, 12)], bold: true }]);
  return { name: `Ramar ${v.year}`, note, rows, freezeRows: 3, widths: [34, ...Array(12).fill(16)] };
}

function parametersSheet(v: BudgetView): Sheet | null {
  const p = v.parameters;
  if (!p) return null;
  const rows: Array<Array<Cell | null>> = [[b(`Fördelningsmodellens parametrar ${v.year}`)], [], [b('Parameter'), b('Värde'), b('Enhet')]];
  for (const k of PARAMETER_KEYS) {
    const unit = PARAM_UNIT[k] ?? 'kr';
    const value: Cell = unit === 'kr' ? { ore: p[k] } : unit === '%' ? { number: p[k] / 100, decimals: 2 } : { number: p[k] };
    rows.push([t(PARAMETER_LABEL[k]), value, t(unit)]);
  }
  return { name: 'Parametrar', rows, freezeRows: 3, widths: [46, 16, 8] };
}

function areasSheet(v: BudgetView, note: string | null): Sheet {
  const header = ['Område', 'Lönekostnad', 'PO', 'Övriga kostnader', 'Egna intäkter', 'Årsarbetare', 'Projektfinansierade timmar', 'Justering', 'Anteckning'];
  const rows: Array<Array<Cell | null>> = [[b(`Områdenas underlag ${v.year} (föregående års nivå)`)], [], header.map(b)];
  v.areas.forEach((a) =>
    rows.push([t(a.name), ore(a.wageCostOre), ore(a.poCostOre), ore(a.otherCostOre), ore(a.incomeOre), { number: a.fteHundredths / 100, decimals: 2 }, { number: a.projectHours }, ore(a.adjustmentOre), a.note ? { text: a.note, wrap: true } : null]),
  );
  if (v.areas.length) {
    const last = 2 + v.areas.length;
    rows.push([b('Summa'), ...[1, 2, 3, 4, 5, 6, 7].map((c): Cell => ({ sum: [range(ref(3, c), ref(last, c))], bold: true }))]);
  }
  return { name: 'Områden', note, rows, freezeRows: 3, widths: [34, 16, 16, 16, 16, 12, 14, 16, 50] };
}

function associationsSheet(v: BudgetView, note: string | null): Sheet | null {
  if (!v.associations.length) return null;
  const assoc = v.allocation?.associations;
  const header = ['Förening eller stiftelse', 'Slag', 'Område', 'Bidrag', 'Uppräkning (%)', 'Uppräkning', 'Nytt bidrag'];
  const rows: Array<Array<Cell | null>> = [[b(`Bidrag till föreningar och stiftelser ${v.year}`)], [], header.map(b)];
  v.associations.forEach((a, i) => {
    const r = 3 + i;
    const res = assoc?.[i];
    rows.push([
      t(a.name),
      t(a.kind),
      a.area ? t(a.area) : null,
      ore(a.grantOre),
      res ? { number: res.upliftBpApplied / 100, decimals: 2 } : a.upliftBp === null ? null : { number: a.upliftBp / 100, decimals: 2 },
      res ? ore(res.upliftOre) : null,
      res ? { sum: [ref(r, 3), ref(r, 5)] } : null,
    ]);
  });
  const last = 2 + v.associations.length;
  rows.push([b('Summa'), null, null, { sum: [range(ref(3, 3), ref(last, 3))], bold: true }, null, ...(assoc ? [5, 6].map((c): Cell => ({ sum: [range(ref(3, c), ref(last, c))], bold: true })) : [])]);
  return { name: 'Föreningar', note, rows, freezeRows: 3, widths: [40, 12, 30, 16, 14, 16, 16] };
}

function statementSheet(v: BudgetView, r: BudgetReportView): Sheet {
  // columns: B–F the figures, G deviation (outcome − outcome the year before), H relation %, I forecast − budget,
  // J the budget for the period (migration 049), K outcome − budget for the period
  const cols = STATEMENT_COLUMNS.filter((c) => c !== 'budgetPeriod');
  const col = Object.fromEntries([...cols, 'budgetPeriod'].map((c, i) => [c, 1 + i + (c === 'budgetPeriod' ? 3 : 0)])) as Record<(typeof STATEMENT_COLUMNS)[number], number>;
  const header = ['Belopp i kronor', ...cols.map((c) => STATEMENT_COLUMN_LABEL[c]), 'Avvikelse mot föregående år', 'Relation (%)', 'Prognos mot budget', STATEMENT_COLUMN_LABEL.budgetPeriod, 'Avvikelse mot budget perioden'];
  const rows: Array<Array<Cell | null>> = [[b(`Resultatrapport ${r.periodLabel}, ${v.bodyName}`)], [t(`Perioden slutar`), { date: r.periodEnd }], header.map(b)];
  const at = new Map<string, number>(); // row key → row index
  const parts: Record<string, string[]> = {
    totalIncome: STATEMENT_LINES.filter((l) => l.group === 'income').map((l) => l.key),
    totalCosts: STATEMENT_LINES.filter((l) => l.group === 'cost').map((l) => l.key),
    netCost: ['totalIncome', 'totalCosts'],
    result: ['netCost', 'financialNet', 'regionContribution'],
  };
  for (const row of r.resultReport) {
    const i = rows.length;
    at.set(row.key, i);
    const bold = row.kind !== 'line';
    const fig = (c: (typeof STATEMENT_COLUMNS)[number]): Cell | null => {
      const value = row.figures[c];
      if (value === null) return null;
      if (row.kind === 'line') return { ore: value };
      const refs = parts[row.key]!.map((k) => ref(at.get(k)!, col[c]));
      // contiguous lines: one range (SUM(B4:B5)); otherwise the cells (SUM(B6,B11))
      const contiguous = refs.every((x, n) => n === 0 || x.row === refs[n - 1]!.row + 1);
      return { sum: contiguous && refs.length > 1 ? [range(refs[0]!, refs.at(-1)!)] : refs, bold };
    };
    rows.push([
      bold ? b(row.label) : t(row.label),
      ...cols.map(fig),
      row.deviationOre === null ? null : { difference: [ref(i, col.outcomePeriod), ref(i, col.outcomePeriodPrev)], bold },
      row.relationTenths === null ? null : { number: row.relationTenths / 10, decimals: 1, bold },
      row.forecastDeviationOre === null ? null : { difference: [ref(i, col.forecast), ref(i, col.budget)], bold },
      fig('budgetPeriod'),
      row.budgetDeviationOre === null ? null : { difference: [ref(i, col.outcomePeriod), ref(i, col.budgetPeriod)], bold },
    ]);
  }
  return { name: `Resultatrapport ${r.periodEnd}`, rows, freezeRows: 3, widths: [36, ...Array(10).fill(16)] };
}

function operationsSheet(v: BudgetView, r: BudgetReportView): Sheet {
  const header = ['Område', 'Budget perioden', 'Utfall perioden', 'Avvikelse', 'Relation (%)', 'Omsättning perioden', 'Budget perioden föregående år', 'Utfall perioden föregående år', 'Avvikelse föregående år', 'Prognos helår', 'Budget helår', 'Prognos mot budget'];
  const rows: Array<Array<Cell | null>> = [[b(`Driftredovisning ${r.periodLabel}, ${v.bodyName}`)], [t('Belopp i kronor, nettoresultat per område (relation: avvikelse mot omsättning)')], header.map(b)];
  const lines = r.operatingStatement.filter((x) => x.kind === 'line');
  const total = r.operatingStatement.find((x) => x.kind === 'total');
  const first = rows.length;
  for (const x of lines) {
    const i = rows.length;
    rows.push([
      t(x.name), ore(x.budgetPeriodOre), ore(x.outcomePeriodOre), { difference: [ref(i, 2), ref(i, 1)] },
      x.relationTenths === null ? null : { number: x.relationTenths / 10, decimals: 1 },
      ore(x.turnoverPeriodOre), ore(x.budgetPeriodPrevOre), ore(x.outcomePeriodPrevOre),
      x.deviationPrevOre === null ? null : { difference: [ref(i, 7), ref(i, 6)] },
      ore(x.forecastOre),
      ore(x.budgetYearOre),
      x.forecastDeviationOre === null ? null : { difference: [ref(i, 9), ref(i, 10)] },
    ]);
  }
  if (total && lines.length) {
    const i = rows.length;
    const last = i - 1;
    const sumCol = (c: number, present: boolean): Cell | null => (present ? { sum: [range(ref(first, c), ref(last, c))], bold: true } : null);
    rows.push([
      b(total.name), sumCol(1, true), sumCol(2, true), { difference: [ref(i, 2), ref(i, 1)], bold: true },
      total.relationTenths === null ? null : { number: total.relationTenths / 10, decimals: 1, bold: true },
      sumCol(5, true), sumCol(6, total.budgetPeriodPrevOre !== null), sumCol(7, total.outcomePeriodPrevOre !== null),
      total.deviationPrevOre === null ? null : { difference: [ref(i, 7), ref(i, 6)], bold: true },
      sumCol(9, total.forecastOre !== null),
      sumCol(10, total.budgetYearOre !== null),
      total.forecastDeviationOre === null ? null : { difference: [ref(i, 9), ref(i, 10)], bold: true },
    ]);
  }
  return { name: `Driftredovisning ${r.periodEnd}`, rows, freezeRows: 3, widths: [40, ...Array(11).fill(16)] };
}

function investmentsSheet(v: BudgetView, r: BudgetReportView): Sheet {
  const header = ['Investering', 'Utfall perioden', 'Prognos helår', 'Budget helår', 'Prognos mot budget', 'Utfall föregående år'];
  const rows: Array<Array<Cell | null>> = [[b(`Investeringar ${r.periodLabel}, ${v.bodyName}`)], [t('Belopp i kronor, nettoinvesteringar; en tom cell räknas som 0 i summan')], header.map(b)];
  const lines = r.investmentTable.filter((x) => x.kind === 'line');
  const first = rows.length;
  for (const x of lines) {
    const i = rows.length;
    rows.push([t(x.name), ore(x.outcomePeriodOre), ore(x.forecastOre), ore(x.budgetOre), x.forecastDeviationOre === null ? null : { difference: [ref(i, 2), ref(i, 3)] }, ore(x.outcomePrevYearOre)]);
  }
  const total = r.investmentTable.find((x) => x.kind === 'total');
  if (total) {
    const i = rows.length;
    const sumCol = (c: number, present: boolean): Cell | null => (present ? { sum: [range(ref(first, c), ref(i - 1, c))], bold: true } : null);
    rows.push([
      b(total.name), sumCol(1, total.outcomePeriodOre !== null), sumCol(2, total.forecastOre !== null), sumCol(3, total.budgetOre !== null),
      total.forecastDeviationOre === null ? null : { difference: [ref(i, 2), ref(i, 3)], bold: true }, sumCol(5, total.outcomePrevYearOre !== null),
    ]);
  }
  return { name: `Investeringar ${r.periodEnd}`, rows, freezeRows: 3, widths: [44, ...Array(5).fill(16)] };
}

/** The workbook's sheets, in the page's order. */
export function budgetSheets(v: BudgetView): Sheet[] {
  const note = hasIllustrativeInputs(v.areas, v.associations) ? ILLUSTRATIVE_NOTE : null;
  const sheets: Array<Sheet | null> = [framesSheet(v, note), parametersSheet(v), v.areas.length ? areasSheet(v, note) : null, associationsSheet(v, note)];
  for (const r of v.reports) sheets.push(statementSheet(v, r), operationsSheet(v, r), r.investmentTable.length ? investmentsSheet(v, r) : null);
  const out = sheets.filter((s): s is Sheet => s !== null);
  return out.length ? out : [{ name: `Budget ${v.year}`, rows: [[b(`Budget ${v.year}, ${v.bodyName}`)], [t('Budgeten har ännu inga områden, parametrar eller uppföljning.')]] }];
}
