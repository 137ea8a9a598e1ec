/**
 * Search quality and its cost over the seeds (issue 20.1/20.2): the query set
 * of test/fixtures/search-queries.json against seeds 003 and 000 imported
 * into a fresh database, on PGlite and (with DATABASE_URL) PostgreSQL.
 * Prints recall@10 (share of the hits a user expects among the first ten,
 * averaged over the queries) and the latency of search() per query (p50/p95
 * over 5 rounds after a warm-up round); keeps them in bench/results/search.json.
 * Last line: recall@10 (the lowest of the databases run).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { openDb, type Db } from '../src/db/index.ts';
import { importKallelse } from '../src/importer/service.ts';
import { search } from '../src/publish/search.ts';
import { recallAt10, type QuerySet } from '../test/helpers/searchQuality.ts';
import { dropSchema, keepResults, onEachDatabase, type BenchDatabase } from './runs.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const set = JSON.parse(readFileSync(path.join(root, 'test/fixtures/search-queries.json'), 'utf8')) as QuerySet;
const actor = { id: 'bench', system: true } as const;
const ROUNDS = 5;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function run(kind: BenchDatabase) {
  const schema = kind === 'postgres' ? `bench_search_${randomBytes(4).toString('hex')}` : null;
  const db: Db = schema ? await openDb({ url: process.env.DATABASE_URL!, schema }) : await openDb({ url: '', dataDir: 'memory://' });
  try {
    for (const s of set.seeds) await importKallelse(db, actor, { fileName: s, text: readFileSync(path.join(root, 'seeds', s), 'utf8') });
    await db.settled();
    const { recall, misses } = await recallAt10((q) => search(db, q).then((r) => r.hits), set); // also the warm-up
    const ms: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const q of set.queries) {
        const t = performance.now();
        await search(db, q.query);
        ms.push(performance.now() - t);
      }
    }
    return {
      database: kind, scale: 1, queries: set.queries.length, recallAt10: Number(recall.toFixed(3)), misses,
      searchMsP50: Number(pct(ms, 50).toFixed(1)), searchMsP95: Number(pct(ms, 95).toFixed(1)),
    };
  } finally {
    await db.close();
    if (schema) await dropSchema(schema);
  }
}

const runs = await onEachDatabase(run);
keepResults(root, 'search', runs);
for (const r of runs) {
  console.log(`${r.database}: recall@10 ${r.recallAt10} over ${r.queries} queries; search() p50 ${r.searchMsP50} ms, p95 ${r.searchMsP95} ms`);
  for (const m of r.misses) console.log(`  missed for "${m.query}": ${JSON.stringify(m.missing)}`);
}
console.log(`recall@10: ${Math.min(...runs.map((r) => r.recallAt10))}`);
