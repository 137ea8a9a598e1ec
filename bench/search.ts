/**
 * Search quality and its cost (issue 20.1/20.2), on PGlite and (with
 * DATABASE_URL) PostgreSQL; results in bench/results/search.json.
 *
 * Quality: the query set of test/fixtures/search-queries.json against seeds
 * 003 and 000 imported into a fresh database: recall@10 (share of the hits a
 * user expects among the first ten, averaged over the queries) and the
 * latency of search() per query (p50/p95 over 5 rounds after a warm-up round).
 *
 * Cost against archive size: the API benchmark's generated archive
 * (bench/fixtures.ts) at BENCH_SCALE (default 0.1; 1 is 20 years, 200 000
 * search documents) and at a tenth of it, both open at once; search() of
 * word queries timed in alternating rounds on the two (so that a machine's
 * load falls on both alike): `scaleRatio` = p95 at BENCH_SCALE / p95 at a
 * tenth of it (target ≤ 1.2 at BENCH_SCALE=1).
 *
 * Last lines: recall@10 and the scale ratio (the worst of the databases run).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openDb, type Db } from '../src/db/index.ts';
import { generateApiData } from './fixtures.ts';
import { importKallelse } from '../src/importer/service.ts';
import { search } from '../src/publish/search.ts';
import { recallAt10, type QuerySet } from '../test/helpers/searchQuality.ts';
import { dropSchema, keepResults, onEachDatabase, type BenchDatabase } from './runs.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const set = JSON.parse(readFileSync(path.join(root, 'test/fixtures/search-queries.json'), 'utf8')) as QuerySet;
const actor = { id: 'bench', system: true } as const;
const ROUNDS = 5;
const SCALE = Number(process.env.BENCH_SCALE ?? '0.1');
/** Rounds of the scale measurement (each: every query once on each archive). */
const SCALE_ROUNDS = Number(process.env.BENCH_SEARCH_ROUNDS ?? '20');
/** Word queries over the generated archive's vocabulary: common words, two words, a compound part, a typo. */
const SCALE_QUERIES = ['medfinansiering landsbygd', 'kollektivtrafik Örebro', 'innovation företag', 'hållbar besöksnäring', 'digitalisering kommun', 'medfinansiering', 'projekt ansökan', 'företg kommun'];
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/** A generated archive at `scale` in a fresh database (PGlite above 0.3 on disk: WebAssembly memory does not hold it). */
async function archive(kind: BenchDatabase, scale: number) {
  const schema = kind === 'postgres' ? `bench_search_${randomBytes(4).toString('hex')}` : null;
  const dir = kind === 'pglite' && scale > 0.3 ? mkdtempSync(path.join(tmpdir(), 'styrbord-bench-')) : null;
  const db: Db = schema ? await openDb({ url: process.env.DATABASE_URL!, schema }) : await openDb({ url: '', dataDir: dir ?? 'memory://' });
  const t0 = performance.now();
  const counts = await generateApiData(db, scale);
  return {
    db, counts, generateSeconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
    async close() {
      await db.close();
      if (schema) await dropSchema(schema);
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** search() p95 on the archive at SCALE against one a tenth of its size, measured in alternating rounds. */
async function scaleRun(kind: BenchDatabase) {
  const small = await archive(kind, SCALE / 10);
  const large = await archive(kind, SCALE);
  try {
    const ms = { small: [] as number[], large: [] as number[] };
    for (let r = -1; r < SCALE_ROUNDS; r++) {
      for (const q of SCALE_QUERIES) {
        for (const [name, a] of [['small', small], ['large', large]] as const) {
          const t = performance.now();
          await search(a.db, q);
          if (r >= 0) ms[name].push(performance.now() - t); // round -1 warms up
        }
      }
    }
    const p95 = { small: Number(pct(ms.small, 95).toFixed(1)), large: Number(pct(ms.large, 95).toFixed(1)) };
    return {
      smallScale: Number((SCALE / 10).toFixed(3)), smallDocs: small.counts.docs, largeDocs: large.counts.docs,
      generateSeconds: small.generateSeconds + large.generateSeconds,
      searchMsP50Small: Number(pct(ms.small, 50).toFixed(1)), searchMsP95Small: p95.small,
      searchMsP50Large: Number(pct(ms.large, 50).toFixed(1)), searchMsP95Large: p95.large,
      scaleRatio: Number((p95.large / p95.small).toFixed(3)), scaleQueries: SCALE_QUERIES.length, scaleRounds: SCALE_ROUNDS,
    };
  } finally {
    await small.close();
    await large.close();
  }
}

async function run(kind: BenchDatabase) {
  const schema = kind === 'postgres' ? `bench_search_${randomBytes(4).toString('hex')}` : null;
  const db: Db = schema ? await openDb({ url: process.env.DATABASE_URL!, schema }) : await openDb({ url: '', dataDir: 'memory://' });
  let quality;
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
    quality = { queries: set.queries.length, recallAt10: Number(recall.toFixed(3)), misses, searchMsP50: Number(pct(ms, 50).toFixed(1)), searchMsP95: Number(pct(ms, 95).toFixed(1)) };
  } finally {
    await db.close();
    if (schema) await dropSchema(schema);
  }
  return { database: kind, scale: SCALE, ...quality, ...(await scaleRun(kind)) };
}

const runs = await onEachDatabase(run);
keepResults(root, 'search', runs);
for (const r of runs) {
  console.log(`${r.database}: recall@10 ${r.recallAt10} over ${r.queries} queries; search() p50 ${r.searchMsP50} ms, p95 ${r.searchMsP95} ms`);
  for (const m of r.misses) console.log(`  missed for "${m.query}": ${JSON.stringify(m.missing)}`);
  console.log(
    `  archive of ${r.largeDocs} search documents (scale ${r.scale}) against ${r.smallDocs} (scale ${r.smallScale}): search() p50 ${r.searchMsP50Large} / ${r.searchMsP50Small} ms, ` +
      `p95 ${r.searchMsP95Large} / ${r.searchMsP95Small} ms; scaleRatio ${r.scaleRatio} (generated in ${r.generateSeconds} s)`,
  );
}
console.log(`recall@10: ${Math.min(...runs.map((r) => r.recallAt10))}`);
console.log(`search p95 at scale ${SCALE} / p95 at scale ${SCALE / 10} (scaleRatio): ${Math.max(...runs.map((r) => r.scaleRatio))}`);
