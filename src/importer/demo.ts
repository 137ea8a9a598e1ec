/** The demo data: the committee's two real kallelser, imported on first start. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/index.ts';
import { createHash } from 'node:crypto';
import { fileHash, importKallelse } from './service.ts';
import { canonicalText } from './identity.ts';
import { findImport } from './store.ts';
import { SYSTEM } from '../access/model.ts';
import * as steering from '../steering/service.ts';
import { importDemoBudgetsForRtn } from '../budget/service.ts';
import { loadKpiDemo } from '../kpi/demo.ts';
import { loadControlDemo } from '../control/demo.ts';
import { loadRemissDemo } from '../remiss/demo.ts';
import { loadMinutesDemo } from '../minutes/dispatchDemo.ts';
import { loadGrantsDemo } from '../grants/demo.ts';
import { loadCompaniesDemo } from '../companies/demo.ts';
import { loadNotificationsDemo } from '../delegation/demo.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEMO_FILES = ['seeds/003_f8eb7d47c03ea706.txt', 'seeds/000_97425d05012e62df.txt'].map((f) => path.join(ROOT, f));

/**
 * On an empty database, imports the demo papers so a newcomer sees real
 * meetings. Each file is one transaction; if a start was interrupted after
 * some of them, the next start imports the rest. A database with meetings
 * of its own (no demo file imported) is left alone. Unless `minutesCycle` is
 * false (tests that take the 2020-08-24 minutes through the cycle themselves),
 * that meeting's protokoll is adjusted with the demo certificate, posted and
 * dispatched (minutes/dispatchDemo.ts, issue 15.8). Unless `delegationReport`
 * is false (tests that start from an empty delegation order), seed 003's item
 * 12 gets its three delegated decisions under point 3.2 (delegation/demo.ts,
 * issue 21.6).
 */
export async function importDemoData(db: Db, log: (msg: string) => void = () => {}, opts: { minutesCycle?: boolean; delegationReport?: boolean } = {}): Promise<void> {
  const files = await Promise.all(DEMO_FILES.map(async (f) => ({ name: path.basename(f), text: await readFile(f, 'utf8') })));
  // the hash the importer records (of the canonical text), and the one it recorded before the text was made canonical
  const shas = files.flatMap((f) => [fileHash(canonicalText(f.text)), createHash('sha256').update(f.text, 'utf8').digest('hex')]);
  const demoSeen = (await Promise.all(shas.map((s) => findImport(db.kysely, s)))).some(Boolean);
  const anyMeeting = await db.kysely.selectFrom('meeting').select('id').limit(1).executeTakeFirst();
  if (anyMeeting && !demoSeen) return;
  for (const f of files) {
    const r = await importKallelse(db, SYSTEM, { fileName: f.name, text: f.text });
    if (r.created) log(`Importerade ${f.name}: sammanträde ${r.meetingId}, ${r.items} punkter, ${r.cases} ärenden.`);
  }
  await importDemoBudgetsForRtn(db, log);
  await importDemoPlan(db, log);
  await loadKpiDemo(db, log);
  await loadControlDemo(db, log);
  await loadRemissDemo(db, log);
  await loadGrantsDemo(db, files[0]!.text, log);
  await loadCompaniesDemo(db, log);
  if (opts.delegationReport !== false) await loadNotificationsDemo(db, log);
  if (opts.minutesCycle !== false) await loadMinutesDemo(db, log);
}

export const DEMO_PLAN_FILE = path.join(ROOT, 'seeds/004_1c5b1e6cf87cd53c.txt');

/** The 2026 plan workshop paper as a draft plan for the committee; a second start changes nothing. */
export async function importDemoPlan(db: Db, log: (msg: string) => void = () => {}): Promise<void> {
  const bodyId = await steering.findBodyByName(db, steering.DEMO_BODY);
  if (bodyId === null) return;
  const r = await steering.importWorkshop(db, SYSTEM, bodyId, { fileName: path.basename(DEMO_PLAN_FILE), text: await readFile(DEMO_PLAN_FILE, 'utf8') });
  if (r.created) log(`Importerade verksamhetsplan ${r.year} (utkast): ${r.items} poster.`);
}
