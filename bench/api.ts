/**
 * API read benchmark: p50/p95/p99 of the meeting page, the case page and
 * search under concurrent load (autocannon against the server on 127.0.0.1),
 * each compared with the raw SQL behind it measured in the same run (for
 * the case page and search: every statement the endpoint issues, run through
 * the same store functions without HTTP, JSON or the service's merging; the
 * load generator runs in its own process; both sides are measured after a
 * warm-up of 500 requests that is not counted), on a
 * deterministic data set scaled from 20 years of a region's committees
 * (BENCH_SCALE=1: 100 000 cases, 5 000 meetings, 100 000 agenda items and
 * 1 000 000 documents' text, stored as 200 000 search documents of five
 * documents each; the default scale is 0.1 to keep `npm run bench` short).
 * Target: p95 ≤ 2 × raw p95 + 5 ms. Runs on PGlite, and on PostgreSQL when
 * DATABASE_URL is set. Last line: the worst ratio of p95 to (2 × raw + 5 ms).
 */
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { sql } from 'kysely';
import { openDb, type Db } from '../src/db/index.ts';
import { buildApp } from '../src/http/app.ts';
import * as diariumStore from '../src/diarium/store.ts';
import { caseNumbersByIds } from '../src/diarium/service.ts';
import * as meetingsStore from '../src/meetings/store.ts';
import * as publishStore from '../src/publish/store.ts';
import { generateApiData } from './fixtures.ts';
import { dropSchema, keepResults, onEachDatabase, type BenchDatabase } from './runs.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCALE = Number(process.env.BENCH_SCALE ?? '0.1');
const CONNECTIONS = 10;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? '2000');
/** Requests (or raw runs) before each measurement, not counted: both sides are measured warm (compiled code, cached plans). */
const WARM_UP = Math.min(500, REQUESTS);
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** Runs `query(i)` REQUESTS times with CONNECTIONS in flight; latency percentiles in ms. */
async function rawLatency(run: (i: number) => Promise<unknown>) {
  const times: number[] = [];
  let next = -WARM_UP;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        const t0 = performance.now();
        await run(Math.abs(i));
        if (i >= 0) times.push(performance.now() - t0);
      }
    }),
  );
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) };
}

/**
 * autocannon in a child process, so the load generator does not share the
 * server's event loop (it would otherwise add its own work to every request's
 * latency).
 */
async function httpLatency(base: string, paths: string[]) {
  const load = async (amount: number) => {
    const child = fork(fileURLToPath(new URL('./load-worker.mjs', import.meta.url)), { execArgv: [] });
    child.send({ base, paths, connections: CONNECTIONS, amount });
    const [res] = (await once(child, 'message')) as [{ p50: number; p95: number; p99: number; count: number; non2xx: number; errors: number }];
    if (res.non2xx || res.errors) throw new Error(`${res.non2xx} svar utan 2xx, ${res.errors} fel`);
    return res;
  };
  await load(WARM_UP);
  const res = await load(REQUESTS);
  if (res.count !== REQUESTS) throw new Error(`${res.count} svar av ${REQUESTS}`);
  return { p50: res.p50, p95: res.p95, p99: res.p99 };
}

async function run(kind: BenchDatabase) {
  let schema: string | undefined;
  // PGlite's in-memory data directory lives in WebAssembly memory (under 4 GB): larger sets go to a temporary directory on disk
  const pgliteDir = kind === 'pglite' && SCALE > 0.3 ? mkdtempSync(path.join(tmpdir(), 'styrbord-bench-')) : null;
  const db =
    kind === 'pglite'
      ? await openDb({ url: '', dataDir: pgliteDir ?? 'memory://' })
      : await openDb({ url: process.env.DATABASE_URL, schema: (schema = `bench_${randomBytes(4).toString('hex')}`) });
  try {
    const t0 = performance.now();
    const counts = await generateApiData(db, SCALE);
    const genSeconds = (performance.now() - t0) / 1000;
    const app = await buildApp({ db });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const meetingIds = (await sql<{ id: number }>`select id from meeting order by id`.execute(db.kysely)).rows.map((r) => r.id);
    const caseNumbers = (await sql<{ case_number: string }>`select case_number from diarium_case order by id`.execute(db.kysely)).rows.map((r) => r.case_number);
    const pick = <T>(xs: T[], n: number) => Array.from({ length: n }, (_, i) => xs[(i * 7919) % xs.length]!);
    const mIds = pick(meetingIds, 200);
    const cNos = pick(caseNumbers, 200);
    const queries = ['medfinansiering landsbygd', 'kollektivtrafik Örebro', 'innovation företag', 'hållbar besöksnäring', 'digitalisering kommun'];

    const ex = db.kysely;
    const results = {
      meeting: {
        http: await httpLatency(base, mIds.map((id) => `/api/meetings/${id}`)),
        raw: await rawLatency((i) =>
          sql`select m.*, b.name, ai.*, (select array_agg(text order by position) from proposal_clause pc where pc.agenda_item_id = ai.id) clauses
              from meeting m join body b on b.id = m.body_id join agenda_item ai on ai.meeting_id = m.id where m.id = ${mIds[i % mIds.length]!} order by ai.number`.execute(ex)),
      },
      case: {
        http: await httpLatency(base, cNos.map((c) => `/api/cases/${c}`)),
        // the two statements GET /api/cases/:nr issues, one after the other: the case, then the meetings it was on
        raw: await rawLatency(async (i) => {
          const c = await diariumStore.findCaseByNumber(ex, cNos[i % cNos.length]!);
          return meetingsStore.appearancesOfCase(ex, c!.id);
        }),
        oneQuery: await rawLatency((i) =>
          sql`select c.*, m.id, m.date, ai.number, ai.title from diarium_case c left join agenda_item ai on ai.case_id = c.id left join meeting m on m.id = ai.meeting_id
              where c.case_number = ${cNos[i % cNos.length]!} order by m.date`.execute(ex)),
      },
      search: {
        http: await httpLatency(base, queries.map((q) => `/api/search?q=${encodeURIComponent(q)}`)),
        // the statements GET /api/search issues for a word query: cases by number or title (no count),
        // agenda items by title or presenter and then their case numbers, and the ranked full text with snippets
        raw: await rawLatency((i) => {
          const q = queries[i % queries.length]!;
          return Promise.all([
            diariumStore.listCases(ex, { q, limit: 50, offset: 0, withTotal: false }),
            meetingsStore.searchItems(ex, q, [], 100).then((items) => caseNumbersByIds(ex, items.flatMap((r) => (r.case_id === null ? [] : [r.case_id])))),
            publishStore.fullText(ex, q, { publicOnly: true, limit: 100 }),
          ]);
        }),
        ftsOnly: await rawLatency((i) =>
          sql`with q as (select websearch_to_tsquery('swedish', ${queries[i % queries.length]!}) query),
              top as (select d.*, ts_rank_cd(d.tsv, q.query) rank from search_document d, q where d.tsv @@ q.query and d.public order by rank desc limit 100)
              select top.kind, top.ref_id, top.rank, ts_headline('swedish', top.body, q.query) from top, q order by top.rank desc`.execute(ex)),
      },
    };
    await app.close();
    const ratios = Object.fromEntries(Object.entries(results).map(([k, r]) => [k, Number((r.http.p95 / (2 * r.raw.p95 + 5)).toFixed(3))]));
    return { database: kind, scale: SCALE, counts, generateSeconds: Number(genSeconds.toFixed(1)), connections: CONNECTIONS, requests: REQUESTS, results, ratios };
  } finally {
    if (schema) {
      await dropSchema(schema);
    }
    await db.close();
    if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
  }
}

const runs = await onEachDatabase(run);
keepResults(root, 'api', runs);
let worst = 0;
for (const r of runs) {
  console.log(`${r.database}: ${r.counts.cases} ärenden, ${r.counts.meetings} sammanträden, ${r.counts.items} punkter, ${r.counts.docs} sökdokument (genererat på ${r.generateSeconds} s)`);
  for (const [k, v] of Object.entries(r.results)) {
    const f = (x: number) => x.toFixed(1);
    console.log(`  ${k.padEnd(8)} http p50/p95/p99 ${f(v.http.p50)}/${f(v.http.p95)}/${f(v.http.p99)} ms · raw SQL ${f(v.raw.p50)}/${f(v.raw.p95)}/${f(v.raw.p99)} ms${'ftsOnly' in v ? ` (of which full text alone p95 ${f(v.ftsOnly.p95)} ms)` : ''}${'oneQuery' in v ? ` (as one joined query p95 ${f(v.oneQuery.p95)} ms)` : ''} · p95/(2×raw+5) = ${r.ratios[k]}`);
    worst = Math.max(worst, r.ratios[k]!);
  }
}
console.log(`worst ratio p95 / (2 × raw p95 + 5 ms): ${worst}`);
