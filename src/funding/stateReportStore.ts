/** SQL for the state report's narrative (migration 013). Nothing else touches the table. */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';
import type { Analysis } from './stateReport.ts';

export async function find(ex: Executor, year: number, lock = false) {
  let q = ex.selectFrom('state_report').selectAll().where('year', '=', year);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The latest year before `year` that has a narrative. */
export async function previous(ex: Executor, year: number) {
  return ex.selectFrom('state_report').selectAll().where('year', '<', year).orderBy('year', 'desc').limit(1).executeTakeFirst();
}

/** Serialises writes to one year's narrative, also before its row exists. */
export async function lockYear(ex: Executor, year: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(7367835, ${year})`.execute(ex);
}

export async function insert(ex: Executor, r: { year: number; sections: Record<string, string>; analyses: Analysis[]; copied_from: number | null; updated_by: string }) {
  return ex
    .insertInto('state_report')
    .values({ year: r.year, sections: JSON.stringify(r.sections), analyses: JSON.stringify(r.analyses), copied_from: r.copied_from, updated_by: r.updated_by })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function update(ex: Executor, year: number, r: { sections: Record<string, string>; analyses: Analysis[]; updated_by: string; copied_from?: number }) {
  return ex
    .updateTable('state_report')
    .set({
      sections: JSON.stringify(r.sections), analyses: JSON.stringify(r.analyses), updated_by: r.updated_by, version: sql`version + 1`, updated_at: sql`now()`,
      ...(r.copied_from !== undefined ? { copied_from: r.copied_from } : {}),
    })
    .where('year', '=', year)
    .returningAll()
    .executeTakeFirstOrThrow();
}

// ---------------------------------------------------------------- the strategy's priorities (migration 050)

export async function priorities(ex: Executor) {
  return ex.selectFrom('strategy_priority').selectAll().orderBy('position').orderBy('code').execute();
}

export async function findPriority(ex: Executor, id: number, lock = false) {
  let q = ex.selectFrom('strategy_priority').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function priorityByCode(ex: Executor, code: string) {
  return ex.selectFrom('strategy_priority').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertPriority(ex: Executor, r: { code: string; name: string; position: number; by: string }) {
  return ex.insertInto('strategy_priority').values({ code: r.code, name: r.name, position: r.position, created_by: r.by, updated_by: r.by }).returningAll().executeTakeFirstOrThrow();
}

export async function updatePriority(ex: Executor, id: number, r: { code: string; name: string; position: number; by: string }) {
  return ex
    .updateTable('strategy_priority')
    .set({ code: r.code, name: r.name, position: r.position, updated_by: r.by, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Points the applications (and their decisions) that point to no priority
 * and whose typed rank is `code` to the priority, for records created or
 * recoded later. Those that point to a record keep it (migration 051: a
 * decision names its priority by the record, whatever its code becomes).
 */
export async function linkApplications(ex: Executor, id: number, code: string): Promise<void> {
  const unlinked = (q: 'cofinancing_application') =>
    ex.selectFrom(q).select('id').where('strategy_priority_id', 'is', null).where(sql<boolean>`btrim(priority_rank) = ${code}`);
  await ex.updateTable('cofinancing_decision').set({ strategy_priority_id: id }).where('strategy_priority_id', 'is', null).where('application_id', 'in', unlinked('cofinancing_application')).execute();
  await ex.updateTable('cofinancing_application').set({ strategy_priority_id: id }).where('strategy_priority_id', 'is', null).where(sql<boolean>`btrim(priority_rank) = ${code}`).execute();
}

/** The priority each application points to, for the report's projects. */
export async function prioritiesOfApplications(ex: Executor, ids: number[]) {
  if (!ids.length) return [];
  return ex
    .selectFrom('cofinancing_application as a')
    .innerJoin('strategy_priority as p', 'p.id', 'a.strategy_priority_id')
    .select(['a.id as applicationId', 'p.name', 'p.position', 'p.code'])
    .where('a.id', 'in', ids)
    .execute();
}
