/** SQL for indicator series, their values and the record of imported files. */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';
import type { KpiValue } from './model.ts';

export async function lockSeries(ex: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(7367815)`.execute(ex);
}

export async function listSeries(ex: Executor) {
  return ex.selectFrom('kpi_series').selectAll().orderBy('title').orderBy('id').execute();
}

export async function findSeries(ex: Executor, id: number) {
  return ex.selectFrom('kpi_series').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function seriesByIds(ex: Executor, ids: number[]) {
  return ex.selectFrom('kpi_series').selectAll().where('id', 'in', ids).orderBy('id').execute();
}

export async function findSeriesByKpi(ex: Executor, kpiId: string) {
  return ex.selectFrom('kpi_series').selectAll().where('kpi_id', '=', kpiId).executeTakeFirst();
}

export async function insertSeries(ex: Executor, s: { kpi_id: string; title: string; description: string | null; unit: string | null; indicator_ref: string | null; updated_by: string; source?: 'kolada' | 'local' }) {
  return ex.insertInto('kpi_series').values(s).returningAll().executeTakeFirstOrThrow();
}

export async function updateSeries(
  ex: Executor,
  id: number,
  s: Partial<{
    title: string;
    description: string | null;
    unit: string | null;
    indicator_ref: string | null;
    target_kind: 'none' | 'fixed' | 'baseline' | 'comparison';
    direction: 'increase' | 'decrease' | null;
    baseline_year: number | null;
    target_value: string | null;
    target_group: string[];
  }>,
  by: string,
) {
  return ex
    .updateTable('kpi_series')
    .set({ ...s, updated_by: by, updated_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Inserts or replaces values, in chunks (a Kolada file may hold thousands). Returns how many rows changed.
 * From a file: the value, count and status (the source stays what it was when they are the same);
 * from Kolada's API: also the source 'kolada' and the fetch time, on every row fetched.
 */
export async function upsertValues(ex: Executor, seriesId: number, values: readonly KpiValue[], from: { source: 'file' | 'kolada' | 'manual'; fetchedAt: Date | null } = { source: 'file', fetchedAt: null }): Promise<number> {
  let changed = 0;
  for (let i = 0; i < values.length; i += 500) {
    const chunk = values.slice(i, i + 500).map((v) => ({
      series_id: seriesId, area: v.area, period: v.period, gender: v.gender, value: v.value, count: v.count, status: v.status, source: from.source, fetched_at: from.fetchedAt,
    }));
    const r = await ex
      .insertInto('kpi_value')
      .values(chunk)
      .onConflict((oc) =>
        from.source === 'file'
          ? oc
              .columns(['series_id', 'area', 'period', 'gender'])
              .doUpdateSet({ value: sql`excluded.value`, count: sql`excluded.count`, status: sql`excluded.status`, source: sql`excluded.source`, fetched_at: sql`excluded.fetched_at` })
              .where(sql<boolean>`(kpi_value.value, kpi_value.count, kpi_value.status) is distinct from (excluded.value, excluded.count, excluded.status)`)
          : oc
              .columns(['series_id', 'area', 'period', 'gender'])
              .doUpdateSet({ value: sql`excluded.value`, count: sql`excluded.count`, status: sql`excluded.status`, source: sql`excluded.source`, fetched_at: sql`excluded.fetched_at` }),
      )
      .executeTakeFirst();
    changed += Number(r.numInsertedOrUpdatedRows ?? 0n);
  }
  return changed;
}

export async function valuesOf(ex: Executor, seriesIds: number[]) {
  if (!seriesIds.length) return [];
  return ex
    .selectFrom('kpi_value')
    .select(['series_id', 'area', 'period', 'gender', 'value', 'count', 'status', 'source', 'fetched_at'])
    .where('series_id', 'in', seriesIds)
    .orderBy('series_id')
    .orderBy('period')
    .orderBy('area')
    .orderBy('gender')
    .execute();
}

/** The series' bump after values were fetched or entered (their version moves, so an open form is reloaded). */
export async function touchSeries(ex: Executor, id: number, by: string) {
  return ex.updateTable('kpi_series').set({ updated_by: by, updated_at: sql`now()`, version: sql`version + 1` }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteValue(ex: Executor, seriesId: number, area: string, period: string, gender: 'T' | 'K' | 'M') {
  await ex.deleteFrom('kpi_value').where('series_id', '=', seriesId).where('area', '=', area).where('period', '=', period).where('gender', '=', gender).execute();
}

export async function findImport(ex: Executor, sha256: string) {
  return ex.selectFrom('kpi_import').selectAll().where('sha256', '=', sha256).executeTakeFirst();
}

export async function recordImport(ex: Executor, r: { sha256: string; file_name: string; kind: string; rows: number; imported_by: string }) {
  await ex.insertInto('kpi_import').values(r).execute();
}
