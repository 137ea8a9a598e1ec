/** The demo data: the committee's two real kallelser, imported on first start. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/index.ts';
import { importKallelse } from './service.ts';
import { SYSTEM } from '../access/model.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEMO_FILES = ['seeds/003_f8eb7d47c03ea706.txt', 'seeds/000_97425d05012e62df.txt'].map((f) => path.join(ROOT, f));

/** On an empty database, imports the demo papers so a newcomer sees real meetings. */
export async function importDemoData(db: Db, log: (msg: string) => void = () => {}): Promise<void> {
  const any = await db.kysely.selectFrom('meeting').select('id').limit(1).executeTakeFirst();
  if (any) return;
  for (const file of DEMO_FILES) {
    const r = await importKallelse(db, SYSTEM, { fileName: path.basename(file), text: await readFile(file, 'utf8') });
    log(`Importerade ${path.basename(file)}: sammanträde ${r.meetingId}, ${r.items} punkter, ${r.cases} ärenden.`);
  }
}
