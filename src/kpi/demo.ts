/**
 * Demo indicator series: the constructed Kolada fixture (test/fixtures/kolada,
 * not downloaded) with targets for the region. Idempotent: a file seen before
 * changes nothing, and targets are set only when the values first arrive.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/index.ts';
import { SYSTEM } from '../access/model.ts';
import { COMPARISON_COUNTIES } from './model.ts';
import * as kpi from './service.ts';
import * as steering from '../steering/service.ts';
import { linkIndicatorsByText } from '../steering/kpiLinks.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const KOLADA_DEMO_DIR = path.join(ROOT, 'test/fixtures/kolada');

/**
 * Targets and free-text styrtal links for the demo series. Where the text is
 * the wording of a styrtal in the demo plan (seed 004), the styrtal is linked
 * to the series by key after loading (migration 052's rule,
 * steering/kpiLinks.ts `linkIndicatorsByText`); the others stay free text.
 */
export const DEMO_TARGETS: Record<string, { unit: string; indicatorRef: string; target: kpi.SeriesUpdate['target'] }> = {
  N00920: {
    unit: '%',
    indicatorRef: 'Andelen förvärvsarbetande, 20-64 år.',
    target: { kind: 'comparison', direction: 'increase', group: [...COMPARISON_COUNTIES] },
  },
  N00928: { unit: '%', indicatorRef: 'Styrtal: arbetslösheten 16–64 år ska minska jämfört med 2019', target: { kind: 'baseline', direction: 'decrease', baselineYear: 2019 } },
  N00914: { unit: 'per 1 000 inv.', indicatorRef: 'Antal nystartade företag per 1 000 invånare i Örebro län', target: { kind: 'fixed', direction: 'increase', value: '6.5' } },
};

export async function loadKpiDemo(db: Db, log: (msg: string) => void = () => {}): Promise<void> {
  await kpi.importKoladaFile(db, SYSTEM, path.join(KOLADA_DEMO_DIR, 'rtn-kpi.json'));
  const data = await kpi.importKoladaFile(db, SYSTEM, path.join(KOLADA_DEMO_DIR, 'rtn-data.json'));
  if (!data.created) return;
  for (const s of data.series) {
    const demo = DEMO_TARGETS[s.kpiId];
    if (!demo) continue;
    const current = await kpi.getSeries(db, s.id);
    if (current.target.kind !== 'none') continue;
    await kpi.updateSeries(db, SYSTEM, s.id, { title: current.title, unit: demo.unit, indicatorRef: demo.indicatorRef, target: demo.target, version: current.version });
  }
  log(`Läste in ${data.rows} nyckeltalsvärden (konstruerad Kolada-fil) i ${data.series.length} serier.`);
  const bodyId = await steering.findBodyByName(db, steering.DEMO_BODY);
  if (bodyId === null) return;
  let linked = 0;
  for (const p of await steering.listPlans(db, SYSTEM, bodyId)) linked += await linkIndicatorsByText(db, SYSTEM, p.id);
  if (linked) log(`Kopplade ${linked} styrtal till nyckeltalsserier.`);
}
