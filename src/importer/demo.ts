/** The demo data: the committee's two real kallelser, imported on first start. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/index.ts';
import { createHash } from 'node:crypto';
import { importKallelse } from './service.ts';
import { findImport } from './store.ts';
import { SYSTEM } from '../access/model.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEMO_FILES = ['seeds/003_f8eb7d47c03ea706.txt', 'seeds/000_97425d05012e62df.txt'].map((f) => path.join(ROOT, f));

/**
 * On an empty database, imports the demo papers so a newcomer sees real
 * meetings. Each file is one transaction; if a start was interrupted after
 * some of them, the next start imports the rest. A database with meetings
 * of its own (no demo file imported) is left alone.
 */
export async function importDemoData(db: Db, log: (msg: string) => void = () => {}): Promise<void> {
  const files = await Promise.all(DEMO_FILES.map(async (f) => ({ name: path.basename(f), text: await readFile(f, 'utf8') })));
  const shas = files.map((f) => createHash('sha256').update(f.text, 'utf8').digest('hex'));
  const demoSeen = (await Promise.all(shas.map((s) => findImport(db.kysely, s)))).some(Boolean);
  const anyMeeting = await db.kysely.selectFrom('meeting').select('id').limit(1).executeTakeFirst();
  if (anyMeeting && !demoSeen) return;
  for (const f of files) {
    const r = await importKallelse(db, SYSTEM, { fileName: f.name, text: f.text });
    if (r.created) log(`Importerade ${f.name}: sammanträde ${r.meetingId}, ${r.items} punkter, ${r.cases} ärenden.`);
  }
}
