/** SQL for the internal control plan: plans, risks and actions. */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';

type ActionStatus = 'ongoing' | 'deviation' | 'done' | 'not-done';

export async function lockPlans(ex: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(7367816)`.execute(ex);
}

export async function listPlans(ex: Executor) {
  return ex.selectFrom('control_plan').selectAll().orderBy('year', 'desc').orderBy('id', 'desc').execute();
}

export async function findPlan(ex: Executor, id: number) {
  return ex.selectFrom('control_plan').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPlanBySource(ex: Executor, sha256: string) {
  return ex.selectFrom('control_plan').selectAll().where('source_sha256', '=', sha256).executeTakeFirst();
}

export async function insertPlan(ex: Executor, p: { title: string; year: number; source_file: string | null; source_sha256: string | null; created_by: string }) {
  return ex.insertInto('control_plan').values(p).returningAll().executeTakeFirstOrThrow();
}

export async function risksOf(ex: Executor, planIds: number[]) {
  if (!planIds.length) return [];
  return ex.selectFrom('control_risk').selectAll().where('plan_id', 'in', planIds).orderBy('plan_id').orderBy('position').execute();
}

export async function actionsOf(ex: Executor, riskIds: number[]) {
  if (!riskIds.length) return [];
  return ex.selectFrom('control_action').selectAll().where('risk_id', 'in', riskIds).orderBy('risk_id').orderBy('position').execute();
}

export async function findRisk(ex: Executor, id: number) {
  return ex.selectFrom('control_risk').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findAction(ex: Executor, id: number) {
  return ex.selectFrom('control_action').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function nextRiskPosition(ex: Executor, planId: number): Promise<number> {
  const r = await ex.selectFrom('control_risk').select(sql<number>`coalesce(max(position), 0) + 1`.as('n')).where('plan_id', '=', planId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function nextActionPosition(ex: Executor, riskId: number): Promise<number> {
  const r = await ex.selectFrom('control_action').select(sql<number>`coalesce(max(position), 0) + 1`.as('n')).where('risk_id', '=', riskId).executeTakeFirstOrThrow();
  return Number(r.n);
}

type RiskFollowUp = { owner?: string | null; residual_probability?: number | null; residual_consequence?: number | null };

export async function insertRisk(ex: Executor, r: { plan_id: number; position: number; area: string; risk: string; probability: number | null; consequence: number | null; updated_by: string; carried_from?: number | null } & RiskFollowUp) {
  return ex.insertInto('control_risk').values(r).returningAll().executeTakeFirstOrThrow();
}

export async function updateRisk(ex: Executor, id: number, r: { area: string; risk: string; probability: number | null; consequence: number | null } & RiskFollowUp, by: string) {
  return ex
    .updateTable('control_risk')
    .set({ ...r, updated_by: by, version: sql`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertAction(
  ex: Executor,
  a: { risk_id: number; position: number; text: string; region_wide: boolean; status: ActionStatus | null; comment: string | null; effect: string | null; effective: boolean | null; responsible: string | null; updated_by: string; carried_from?: number | null },
) {
  return ex.insertInto('control_action').values(a).returningAll().executeTakeFirstOrThrow();
}

export async function updateAction(
  ex: Executor,
  id: number,
  a: { text: string; region_wide: boolean; status: ActionStatus | null; comment: string | null; effect: string | null; effective: boolean | null; responsible: string | null },
  by: string,
) {
  return ex
    .updateTable('control_action')
    .set({ ...a, updated_by: by, version: sql`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The latest plan of a year (carry-over adds to it). */
export async function latestPlanOfYear(ex: Executor, year: number) {
  return ex.selectFrom('control_plan').selectAll().where('year', '=', year).orderBy('id', 'desc').executeTakeFirst();
}

/** The plans of a year, oldest first (a report's follow-up section). */
export async function plansOfYear(ex: Executor, year: number) {
  return ex.selectFrom('control_plan').selectAll().where('year', '=', year).orderBy('id').execute();
}

/** Risks and actions carried over from the given ones: which id each became, and in which plan. */
export async function carriedRisksFrom(ex: Executor, riskIds: number[]) {
  if (!riskIds.length) return [];
  return ex
    .selectFrom('control_risk as r')
    .innerJoin('control_plan as p', 'p.id', 'r.plan_id')
    .select(['r.id', 'r.carried_from', 'r.plan_id', 'p.year'])
    .where('r.carried_from', 'in', riskIds)
    .execute();
}

export async function carriedActionsFrom(ex: Executor, actionIds: number[]) {
  if (!actionIds.length) return [];
  return ex.selectFrom('control_action').select(['id', 'carried_from', 'risk_id']).where('carried_from', 'in', actionIds).execute();
}

/** Where risks came from: the origin's plan and year. */
export async function risksByIds(ex: Executor, ids: number[]) {
  if (!ids.length) return [];
  return ex.selectFrom('control_risk as r').innerJoin('control_plan as p', 'p.id', 'r.plan_id').select(['r.id', 'r.plan_id', 'p.year']).where('r.id', 'in', ids).execute();
}
