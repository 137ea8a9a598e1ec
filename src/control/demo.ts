/**
 * The demo internal control plan: read from the interim report (seed 000,
 * section 7.1), then given the constructed assessment in
 * test/fixtures/control (probability, consequence and statuses are pictures
 * or absent in the report's text). Idempotent: the same text is read once.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/index.ts';
import { SYSTEM } from '../access/model.ts';
import type { ActionStatus } from './model.ts';
import * as control from './service.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONTROL_DEMO_SOURCE = path.join(ROOT, 'seeds/000_97425d05012e62df.txt');
export const CONTROL_DEMO_ASSESSMENT = path.join(ROOT, 'test/fixtures/control/rtn-2020-bedomning.json');

interface Assessment {
  plan: { year: number; title: string };
  risks: Array<{ risk: string; probability: number; consequence: number; statuses: Array<ActionStatus | null> }>;
}

export async function loadControlDemo(db: Db, log: (msg: string) => void = () => {}): Promise<number> {
  const a = JSON.parse(await readFile(CONTROL_DEMO_ASSESSMENT, 'utf8')) as Assessment;
  const r = await control.importPlan(db, SYSTEM, { fileName: path.basename(CONTROL_DEMO_SOURCE), text: await readFile(CONTROL_DEMO_SOURCE, 'utf8'), year: a.plan.year, title: a.plan.title });
  if (!r.created) return r.planId;
  const plan = await control.getPlan(db, SYSTEM, r.planId);
  for (const risk of plan.risks) {
    const given = a.risks.find((x) => risk.risk.startsWith(x.risk));
    if (!given) continue;
    await control.updateRisk(db, SYSTEM, risk.id, { area: risk.area, risk: risk.risk, probability: given.probability, consequence: given.consequence, version: risk.version });
    for (const [i, action] of risk.actions.entries()) {
      const status = given.statuses[i] ?? null;
      if (!status) continue;
      await control.updateAction(db, SYSTEM, action.id, { ...action, status, version: action.version });
    }
  }
  log(`Läste in internkontrollplanen ur ${path.basename(CONTROL_DEMO_SOURCE)}: ${r.risks} risker, ${r.actions} åtgärder.`);
  return r.planId;
}
