/**
 * Import benchmark: seconds per MB of kallelse text, for the parser alone
 * and for the whole import (parse + one transaction into PGlite), on seed 003
 * (870 KB), and on PostgreSQL too when DATABASE_URL is set. Target: under
 * 0.2 s for 003. The import commits with its meeting queued for search; the
 * search documents (a Swedish tsvector of the attachments' text, about
 * 120 ms of to_tsvector alone on PGlite) are built just after, in a second
 * transaction: both times are reported ("imported" is what the user waits
 * for, "searchable" is until the search documents are committed too). Last
 * line: the ratio of the import's time for 003 on PGlite to that target
 * (below 1 is within it).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dropSchema } from './runs.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseKallelse } from '../src/importer/model.ts';
import { importKallelse } from '../src/importer/service.ts';
import { openDb } from '../src/db/index.ts';
import { SYSTEM } from '../src/access/model.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const text = readFileSync(path.join(root, 'seeds/003_f8eb7d47c03ea706.txt'), 'utf8');
const mb = Buffer.byteLength(text) / 1_000_000;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

// parser alone (warm)
for (let i = 0; i < 5; i++) parseKallelse(text);
const parseTimes: number[] = [];
let peakHeap = 0;
for (let i = 0; i < 30; i++) {
  gc();
  const base = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const parsed = parseKallelse(text);
  parseTimes.push(performance.now() - t0);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed - base);
  if (!parsed.items.length) throw new Error('003 gav inga punkter');
}
const parseMs = median(parseTimes);

// whole import: a fresh database each round (so every round writes): in-memory PGlite, and a
// fresh schema on PostgreSQL when DATABASE_URL is set
async function importRounds(open: () => Promise<{ db: Awaited<ReturnType<typeof openDb>>; drop(): Promise<void> }>): Promise<{ imported: number; searchable: number }> {
  const imported: number[] = [];
  const searchable: number[] = [];
  for (let i = 0; i < 5; i++) {
    const { db, drop } = await open();
    const t0 = performance.now();
    await importKallelse(db, SYSTEM, { fileName: '003.txt', text });
    imported.push(performance.now() - t0);
    await db.settled();
    searchable.push(performance.now() - t0);
    await db.close();
    await drop();
  }
  return { imported: median(imported), searchable: median(searchable) };
}
const pglite = await importRounds(async () => ({ db: await openDb({ url: '', dataDir: 'memory://' }), drop: async () => {} }));
const postgres = process.env.DATABASE_URL
  ? await importRounds(async () => {
      const schema = `bench_import_${randomBytes(4).toString('hex')}`;
      return {
        db: await openDb({ url: process.env.DATABASE_URL, schema }),
        drop: () => dropSchema(schema),
      };
    })
  : null;
const importMs = pglite.imported;
const pgImportMs = postgres?.imported ?? null;

const result = {
  file: 'seeds/003_f8eb7d47c03ea706.txt',
  megabytes: Number(mb.toFixed(3)),
  parseMsMedian: Number(parseMs.toFixed(1)),
  parseSecondsPerMB: Number((parseMs / 1000 / mb).toFixed(4)),
  importMsMedian: Number(importMs.toFixed(1)),
  importSecondsPerMB: Number((importMs / 1000 / mb).toFixed(4)),
  searchableMsMedian: Number(pglite.searchable.toFixed(1)),
  postgresImportMsMedian: pgImportMs === null ? null : Number(pgImportMs.toFixed(1)),
  postgresImportSecondsPerMB: pgImportMs === null ? null : Number((pgImportMs / 1000 / mb).toFixed(4)),
  postgresSearchableMsMedian: postgres === null ? null : Number(postgres.searchable.toFixed(1)),
  postgresRatioToTarget: pgImportMs === null ? null : Number((pgImportMs / 200).toFixed(3)),
  parseHeapGrowthMB: Number((peakHeap / 1e6).toFixed(1)),
  targetSeconds: 0.2,
  ratioToTarget: Number((importMs / 200).toFixed(3)),
};
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(path.join(root, 'bench/results/import.json'), JSON.stringify(result, null, 2) + '\n');
console.log(`parse 003: ${result.parseMsMedian} ms (${result.parseSecondsPerMB} s/MB), heap used by one parse ≤ ${result.parseHeapGrowthMB} MB`);
console.log(`import 003 (parse + transaction, PGlite): ${result.importMsMedian} ms (${result.importSecondsPerMB} s/MB); searchable after ${result.searchableMsMedian} ms`);
if (pgImportMs !== null) console.log(`import 003 (parse + transaction, PostgreSQL): ${result.postgresImportMsMedian} ms (${result.postgresImportSecondsPerMB} s/MB), ratio ${result.postgresRatioToTarget}; searchable after ${result.postgresSearchableMsMedian} ms`);
console.log(`ratio import time / 0.2 s target (PGlite): ${result.ratioToTarget}`);
