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
