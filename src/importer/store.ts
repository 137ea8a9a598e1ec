/** SQL for the importer's own table: which files have been imported. */
import type { Executor } from '../db/index.ts';

export async function findImport(ex: Executor, sha256: string) {
  return ex.selectFrom('import_file').select(['sha256', 'file_name', 'meeting_id', 'imported_at']).where('sha256', '=', sha256).executeTakeFirst();
}

export async function recordImport(ex: Executor, r: { sha256: string; file_name: string; byte_size: number; meeting_id: number }) {
  await ex.insertInto('import_file').values(r).onConflict((oc) => oc.column('sha256').doNothing()).execute();
}
