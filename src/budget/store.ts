/** SQL for budgets, their areas and associations, and the follow-up report. Nothing else touches these tables. */
import type { Insertable, Selectable } from 'kysely';
import type { Database, Executor } from '../db/index.ts';
import type { AllocationParameters, AreaInput, AssociationInput, InvestmentInput, OperationsInput, StatementInput, StatementLineKey } from './model.ts';
import { STATEMENT_LINES } from './model.ts';

export type BudgetRow = Selectable<Database['budget']>;

export const paramsToColumns = (p: AllocationParameters) => ({
  previous_frame_ore: p.previousFrameOre,
  index_bp: p.indexBp,
  frame_change_ore: p.frameChangeOre,
  wage_increase_bp: p.wageIncreaseBp,
  po_increase_bp: p.poIncreaseBp,
  price_increase_bp: p.priceIncreaseBp,
  travel_per_fte_ore: p.travelPerFteOre,
  training_per_fte_ore: p.trainingPerFteOre,
  other_per_fte_ore: p.otherPerFteOre,
  project_hours_per_fte: p.projectHoursPerFte,
  sick_pay_deduction_bp: p.sickPayDeductionBp,
  planning_reserve_ore: p.planningReserveOre,
  fum_ore: p.fumOre,
});

export const columnsToParams = (r: BudgetRow): AllocationParameters => ({
  previousFrameOre: r.previous_frame_ore,
  indexBp: r.index_bp,
  frameChangeOre: r.frame_change_ore,
  wageIncreaseBp: r.wage_increase_bp,
  poIncreaseBp: r.po_increase_bp,
  priceIncreaseBp: r.price_increase_bp,
  travelPerFteOre: r.travel_per_fte_ore,
  trainingPerFteOre: r.training_per_fte_ore,
  otherPerFteOre: r.other_per_fte_ore,
  projectHoursPerFte: r.project_hours_per_fte,
  sickPayDeductionBp: r.sick_pay_deduction_bp,
  planningReserveOre: r.planning_reserve_ore,
  fumOre: r.fum_ore,
});

export async function listBudgets(ex: Executor, bodyId: number) {
  return ex.selectFrom('budget').selectAll().where('body_id', '=', bodyId).orderBy('year', 'desc').execute();
}

export async function findBudget(ex: Executor, bodyId: number, year: number, opts: { forUpdate?: boolean } = {}) {
  let q = ex.selectFrom('budget').selectAll().where('body_id', '=', bodyId).where('year', '=', year);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function insertBudget(ex: Executor, row: Insertable<Database['budget']>) {
  return ex.insertInto('budget').values(row).onConflict((oc) => oc.columns(['body_id', 'year']).doNothing()).returningAll().executeTakeFirst();
}

/** Bumps the version; with `changes`, also writes them. */
export async function touchBudget(ex: Executor, id: number, by: string, changes: Partial<Insertable<Database['budget']>> = {}) {
  const current = await ex.selectFrom('budget').select('version').where('id', '=', id).executeTakeFirstOrThrow();
  return ex
    .updateTable('budget')
    .set({ ...changes, version: current.version + 1, updated_by: by, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function areasOf(ex: Executor, budgetId: number): Promise<AreaInput[]> {
  const rows = await ex.selectFrom('budget_area').selectAll().where('budget_id', '=', budgetId).orderBy('position').execute();
  return rows.map((r) => ({
    name: r.name,
    wageCostOre: r.wage_cost_ore,
    poCostOre: r.po_cost_ore,
    otherCostOre: r.other_cost_ore,
    incomeOre: r.income_ore,
    fteHundredths: r.fte_hundredths,
    projectHours: r.project_hours,
    adjustmentOre: r.adjustment_ore,
    note: r.note,
  }));
}

export async function replaceAreas(ex: Executor, budgetId: number, areas: readonly AreaInput[]) {
  await ex.deleteFrom('budget_area').where('budget_id', '=', budgetId).execute();
  if (!areas.length) return;
  await ex
    .insertInto('budget_area')
    .values(
      areas.map((a, i) => ({
        budget_id: budgetId,
        position: i + 1,
        name: a.name,
        wage_cost_ore: a.wageCostOre,
        po_cost_ore: a.poCostOre,
        other_cost_ore: a.otherCostOre,
        income_ore: a.incomeOre,
        fte_hundredths: a.fteHundredths,
        project_hours: a.projectHours,
        adjustment_ore: a.adjustmentOre,
        note: a.note ?? null,
      })),
    )
    .execute();
}

export async function associationsOf(ex: Executor, budgetId: number): Promise<AssociationInput[]> {
  const rows = await ex.selectFrom('budget_association').selectAll().where('budget_id', '=', budgetId).orderBy('position').execute();
  return rows.map((r) => ({ name: r.name, kind: r.kind, area: r.area, grantOre: r.grant_ore, upliftBp: r.uplift_bp }));
}

export async function replaceAssociations(ex: Executor, budgetId: number, list: readonly AssociationInput[]) {
  await ex.deleteFrom('budget_association').where('budget_id', '=', budgetId).execute();
  if (!list.length) return;
  await ex
    .insertInto('budget_association')
    .values(list.map((a, i) => ({ budget_id: budgetId, position: i + 1, name: a.name, kind: a.kind, area: a.area, grant_ore: a.grantOre, uplift_bp: a.upliftBp })))
    .execute();
}

export async function reportsOf(ex: Executor, budgetId: number) {
  return ex.selectFrom('budget_report').selectAll().where('budget_id', '=', budgetId).orderBy('period_end').execute();
}

export async function findReport(ex: Executor, budgetId: number, periodEnd: string) {
  return ex.selectFrom('budget_report').selectAll().where('budget_id', '=', budgetId).where('period_end', '=', periodEnd).forUpdate().executeTakeFirst();
}

export async function insertReport(ex: Executor, row: { budget_id: number; period_label: string; period_end: string; updated_by: string }) {
  return ex.insertInto('budget_report').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function touchReport(ex: Executor, id: number, version: number, periodLabel: string, by: string) {
  return ex
    .updateTable('budget_report')
    .set({ period_label: periodLabel, version: version + 1, updated_by: by, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function statementOf(ex: Executor, reportId: number): Promise<StatementInput> {
  const rows = await ex.selectFrom('budget_report_line').selectAll().where('report_id', '=', reportId).execute();
  const byKey = new Map(rows.map((r) => [r.line_key, r]));
  const out = {} as StatementInput;
  for (const l of STATEMENT_LINES) {
    const r = byKey.get(l.key);
    out[l.key as StatementLineKey] = {
      outcomePeriod: r?.outcome_period_ore ?? null,
      outcomePeriodPrev: r?.outcome_period_prev_ore ?? null,
      forecast: r?.forecast_ore ?? null,
      budget: r?.budget_ore ?? null,
      outcomePrevYear: r?.outcome_prev_year_ore ?? null,
      budgetPeriod: r?.budget_period_ore ?? null,
    };
  }
  return out;
}

export async function replaceStatement(ex: Executor, reportId: number, s: StatementInput) {
  await ex.deleteFrom('budget_report_line').where('report_id', '=', reportId).execute();
  await ex
    .insertInto('budget_report_line')
    .values(
      STATEMENT_LINES.map((l) => ({
        report_id: reportId,
        line_key: l.key,
        outcome_period_ore: s[l.key].outcomePeriod,
        outcome_period_prev_ore: s[l.key].outcomePeriodPrev,
        forecast_ore: s[l.key].forecast,
        budget_ore: s[l.key].budget,
        outcome_prev_year_ore: s[l.key].outcomePrevYear,
        budget_period_ore: s[l.key].budgetPeriod ?? null,
      })),
    )
    .execute();
}

export async function operationsOf(ex: Executor, reportId: number): Promise<OperationsInput[]> {
  const rows = await ex.selectFrom('budget_report_area').selectAll().where('report_id', '=', reportId).orderBy('position').execute();
  return rows.map((r) => ({
    name: r.name,
    budgetPeriodOre: r.budget_period_ore,
    outcomePeriodOre: r.outcome_period_ore,
    turnoverPeriodOre: r.turnover_period_ore,
    budgetPeriodPrevOre: r.budget_period_prev_ore,
    outcomePeriodPrevOre: r.outcome_period_prev_ore,
    forecastOre: r.forecast_ore,
    budgetYearOre: r.budget_year_ore,
  }));
}

export async function replaceOperations(ex: Executor, reportId: number, rows: readonly OperationsInput[]) {
  await ex.deleteFrom('budget_report_area').where('report_id', '=', reportId).execute();
  if (!rows.length) return;
  await ex
    .insertInto('budget_report_area')
    .values(
      rows.map((r, i) => ({
        report_id: reportId,
        position: i + 1,
        name: r.name,
        budget_period_ore: r.budgetPeriodOre,
        outcome_period_ore: r.outcomePeriodOre,
        turnover_period_ore: r.turnoverPeriodOre,
        budget_period_prev_ore: r.budgetPeriodPrevOre,
        outcome_period_prev_ore: r.outcomePeriodPrevOre,
        forecast_ore: r.forecastOre,
        budget_year_ore: r.budgetYearOre ?? null,
      })),
    )
    .execute();
}

export async function investmentsOf(ex: Executor, reportId: number): Promise<InvestmentInput[]> {
  const rows = await ex.selectFrom('budget_report_investment').selectAll().where('report_id', '=', reportId).orderBy('position').execute();
  return rows.map((r) => ({ name: r.name, outcomePeriodOre: r.outcome_period_ore, forecastOre: r.forecast_ore, budgetOre: r.budget_ore, outcomePrevYearOre: r.outcome_prev_year_ore }));
}

export async function replaceInvestments(ex: Executor, reportId: number, rows: readonly InvestmentInput[]) {
  await ex.deleteFrom('budget_report_investment').where('report_id', '=', reportId).execute();
  if (!rows.length) return;
  await ex
    .insertInto('budget_report_investment')
    .values(
      rows.map((r, i) => ({
        report_id: reportId,
        position: i + 1,
        name: r.name,
        outcome_period_ore: r.outcomePeriodOre,
        forecast_ore: r.forecastOre,
        budget_ore: r.budgetOre,
        outcome_prev_year_ore: r.outcomePrevYearOre,
      })),
    )
    .execute();
}
