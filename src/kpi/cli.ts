/** `tsx src/cli.ts import-kolada <fil.json…>`: reads Kolada files placed on disk (no network), one transaction per file. */
import { openDb } from '../db/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { importKoladaFile } from './service.ts';

export async function importKoladaFiles(files: string[]): Promise<number> {
  if (files.length === 0) {
    console.error('Ange minst en fil: npx tsx src/cli.ts import-kolada <fil.json>');
    return 2;
  }
  const db = await openDb();
  let failed = 0;
  try {
    for (const file of files) {
      try {
        const r = await importKoladaFile(db, { id: 'cli', system: true }, file);
        console.log(
          r.created
            ? `${file}: ${r.rows} ${r.kind === 'kpi' ? 'nyckeltalsbeskrivningar' : 'värden'} inlästa (${r.series.map((s) => s.kpiId).join(', ')}).`
            : `${file}: redan inläst; ingenting ändrades.`,
        );
      } catch (e) {
        failed++;
        if (e instanceof DomainError) console.error(`${file}: ${e.message}`);
        else throw e;
      }
    }
  } finally {
    await db.close();
  }
  return failed ? 1 : 0;
}
