/** SQL for the importer's own table: which files have been imported. */
import type { Executor } from '../db/index.ts';

export async function findImport(ex: Executor, sha256: string) {
  return ex.selectFrom('import_file').select(['sha256', 'file_name', 'meeting_id', 'imported_at']).where('sha256', '=', sha256).executeTakeFirst();
}

export async function recordImport(ex: Executor, r: { sha256: string; file_name: string; byte_size: number; meeting_id: number }) {
  await ex.insertInto('import_file').values(r).onConflict((oc) => oc.column('sha256').doNothing()).execute();
}

// ── import_run: each import with its report (migration 044) ──

export type ImportRunRow = Awaited<ReturnType<typeof findRun>> & {};

export async function insertRun(
  ex: Executor,
  r: {
    token: string; status: 'preview' | 'confirmed'; kind: 'text' | 'pdf'; file_name: string; byte_size: number; source_sha256: string; media_type: string;
    text_sha256: string; meeting_id: number | null; body_name: string | null; meeting_date: string | null; outcome: 'create' | 'update' | 'unchanged';
    flagged: number; flags_confirmed: boolean; report: unknown; created_by: string; decided_by: string | null; decided_at: Date | null;
  },
): Promise<number> {
  const row = await ex.insertInto('import_run').values({ ...r, report: JSON.stringify(r.report) }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findRun(ex: Executor, id: number, forUpdate = false) {
  let q = ex.selectFrom('import_run').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function listRuns(ex: Executor, limit: number) {
  return ex.selectFrom('import_run').selectAll().where('status', '<>', 'preview').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function listOpenPreviews(ex: Executor, createdBy: string) {
  return ex.selectFrom('import_run').selectAll().where('status', '=', 'preview').where('created_by', '=', createdBy).orderBy('id', 'desc').execute();
}

export async function decideRun(
  ex: Executor,
  id: number,
  d: { status: 'confirmed' | 'cancelled'; decided_by: string; meeting_id?: number | null; flags_confirmed?: boolean; report?: unknown },
): Promise<void> {
  const { report, ...rest } = d;
  await ex
    .updateTable('import_run')
    .set({ ...rest, decided_at: new Date(), ...(report !== undefined ? { report: JSON.stringify(report) } : {}) })
    .where('id', '=', id)
    .where('status', '=', 'preview')
    .execute();
}

/** Previews left open longer than the cut-off are cancelled (their file stays in the file store, by hash, like any stored file). */
export async function cancelStalePreviews(ex: Executor, before: Date): Promise<void> {
  await ex.updateTable('import_run').set({ status: 'cancelled', decided_by: 'system', decided_at: new Date() }).where('status', '=', 'preview').where('created_at', '<', before).execute();
}
