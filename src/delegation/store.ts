/** SQL for the delegation order and delegated decisions. */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';

/**
 * Serialises changes to one body's delegation order inside a transaction, so
 * a point is read and written by one change at a time (also its first insert,
 * which has no row to lock yet).
 */
export async function lockOrder(ex: Executor, bodyId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(7367834, ${bodyId})`.execute(ex);
}

export async function upsertPoint(
  ex: Executor,
  p: { body_id: number; number: string; title: string; delegate: string; max_amount_ore: number | null; decision_types: string[]; updated_by: string },
) {
  return ex
    .insertInto('delegation_point')
    .values(p)
    .onConflict((oc) =>
      oc.columns(['body_id', 'number']).doUpdateSet({
        title: p.title, delegate: p.delegate, max_amount_ore: p.max_amount_ore, decision_types: p.decision_types, updated_by: p.updated_by,
        version: sql`delegation_point.version + 1`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function pointsOf(ex: Executor, bodyId: number) {
  return ex.selectFrom('delegation_point').selectAll().where('body_id', '=', bodyId).execute();
}

export async function findPoint(ex: Executor, bodyId: number, number: string) {
  return ex.selectFrom('delegation_point').selectAll().where('body_id', '=', bodyId).where('number', '=', number).executeTakeFirst();
}

export async function insertDecision(
  ex: Executor,
  d: { point_id: number; decider: string; decided_on: string; case_ids: number[]; text: string; amount_ore: number | null; decision_type: string | null; registered_by: string },
) {
  return ex.insertInto('delegated_decision').values(d).returning('id').executeTakeFirstOrThrow();
}

export async function decisionsOf(ex: Executor, bodyId: number, f: { unreported?: boolean; reportItemId?: number } = {}) {
  let q = ex
    .selectFrom('delegated_decision as d')
    .innerJoin('delegation_point as p', 'p.id', 'd.point_id')
    .select(['d.id', 'd.decider', 'd.decided_on', 'd.case_ids', 'd.text', 'd.amount_ore', 'd.decision_type', 'd.report_item_id', 'd.reported_on', 'p.number', 'p.title'])
    .where('p.body_id', '=', bodyId);
  if (f.unreported) q = q.where('d.report_item_id', 'is', null);
  if (f.reportItemId !== undefined) q = q.where('d.report_item_id', '=', f.reportItemId);
  return q.orderBy('d.decided_on').orderBy('d.id').execute();
}

export async function attachToReport(ex: Executor, ids: number[], itemId: number) {
  if (ids.length) await ex.updateTable('delegated_decision').set({ report_item_id: itemId }).where('id', 'in', ids).execute();
}

export async function markReported(ex: Executor, itemId: number, on: string) {
  const r = await ex.updateTable('delegated_decision').set({ reported_on: on }).where('report_item_id', '=', itemId).where('reported_on', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Puts still unlisted decisions under an item; returns how many were. */
export async function attachUnreported(ex: Executor, ids: number[], itemId: number): Promise<number> {
  const r = await ex.updateTable('delegated_decision').set({ report_item_id: itemId }).where('id', 'in', ids).where('report_item_id', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function detachUnreported(ex: Executor, ids: number[], itemId: number): Promise<void> {
  await ex.updateTable('delegated_decision').set({ report_item_id: null }).where('id', 'in', ids).where('report_item_id', '=', itemId).where('reported_on', 'is', null).execute();
}
