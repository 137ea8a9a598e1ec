/**
 * Meeting-day load (issue 20, item 5): members all opening the meeting page
 * and the kallelse book at once. A meeting (seed 003) with twelve items of
 * 24-page attachments gets a book of about 300 pages, built and sent; then
 * `members` signed-in members (each its own session and keep-alive
 * connection) loop for `seconds`: the meeting page, the book – the whole
 * file on the first round and every tenth, otherwise revalidated with
 * If-None-Match (304) – and four 64 KiB pages of it through Range requests
 * (206), as a browser's PDF viewer reads it. The load generator is a child
 * process (bench/meeting-day-worker.mjs).
 *
 * Printed and kept in bench/results/meeting-day.json (per database and
 * scale): p50/p95/p99 per route, requests served, errors (must be 0: any
 * other status, a wrong length or a network error; the bench fails
 * otherwise), and the server's RSS before the load and its peak during it
 * (sampled every 50 ms).
 *
 * Knobs: BENCH_SCALE (default 0.1) scales members (200 at scale 1) and
 * seconds (60 at scale 1, at least 5); BENCH_MEMBERS and BENCH_SECONDS set
 * them directly. PGlite, and PostgreSQL when DATABASE_URL is set
 * (BENCH_ONLY=pglite|postgres runs one).
 */
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { openDb } from '../src/db/index.ts';
import { buildApp } from '../src/http/app.ts';
import { createUser, login } from '../src/access/service.ts';
import { SYSTEM } from '../src/access/model.ts';
import { importKallelse } from '../src/importer/service.ts';
import * as meetings from '../src/meetings/service.ts';
import * as documents from '../src/documents/service.ts';
import { attachmentPdf } from './fixtures.ts';
import { dropSchema, keepResults, onEachDatabase, type BenchDatabase } from './runs.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCALE = Number(process.env.BENCH_SCALE ?? '0.1');
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? Math.max(2, Math.round(200 * SCALE)));
const SECONDS = Number(process.env.BENCH_SECONDS ?? Math.max(5, Math.round(60 * SCALE)));
const ITEMS = 12;
const PAGES_EACH = 24;
const CHUNK = 65536;
const secretary = { id: 'bench:sekreterare', roles: ['secretary'] as const };
const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

interface Latency {
  p50: number | null;
  p95: number | null;
  p99: number | null;
  count: number;
}

async function run(kind: BenchDatabase) {
  let schema: string | undefined;
  const filesDir = mkdtempSync(path.join(tmpdir(), 'styrbord-bench-filer-'));
  process.env.FILES_DIR = filesDir;
  const db = kind === 'pglite' ? await openDb({ url: '', dataDir: 'memory://' }) : await openDb({ url: process.env.DATABASE_URL, schema: (schema = `bench_${randomBytes(4).toString('hex')}`) });
  try {
    const cfg = documents.configFromEnv();
    await importKallelse(db, secretary, { fileName: '003.txt', text: readFileSync(path.join(root, 'seeds/003_f8eb7d47c03ea706.txt'), 'utf8') });
    const meeting = await meetings.getMeeting(db, (await meetings.listMeetings(db))[0]!.id);
    for (let i = 0; i < ITEMS; i++) {
      const item = meeting.items[i % meeting.items.length]!;
      await documents.uploadAttachmentBytes(db, secretary, cfg, item.id, { fileName: `bilaga-${i + 1}.pdf`, bytes: await attachmentPdf(`Bilaga ${i + 1}`, PAGES_EACH) });
    }
    const built = await documents.ensureBook(db, secretary, cfg, meeting.id);
    const { pageCount, byteSize, sha256 } = built.version;

    const app = await buildApp({ db });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const session = async (roles: Array<'secretary' | 'member'>, n: number) => {
      const username = `bench.${roles[0]}${n}`;
      const password = 'ett långt benchlösenord';
      await createUser(db, SYSTEM, { username, displayName: `Ledamot ${n}`, password, roles, personId: null });
      const s = await login(db, { username, password, ip: `10.${(n >> 8) & 255}.${n & 255}.1` });
      return { cookie: `styrbord_session=${s.token}`, csrf: s.csrfToken };
    };
    const clerk = await session(['secretary'], 0);
    const sent = await fetch(`${base}/api/meetings/${meeting.id}/kallelse/versions/${built.version.version}/sent`, { method: 'POST', headers: { cookie: clerk.cookie, 'x-csrf-token': clerk.csrf } });
    if (!sent.ok) throw new Error(`utskicket misslyckades: ${sent.status} ${await sent.text()}`);
    await documents.whenIdle(db);
    const members: string[] = [];
    for (let n = 1; n <= MEMBERS; n++) members.push((await session(['member'], n)).cookie);

    gc();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
    const t0 = performance.now();
    const child = fork(fileURLToPath(new URL('./meeting-day-worker.mjs', import.meta.url)), { execArgv: [] });
    child.send({ base, meetingId: meeting.id, members, seconds: SECONDS, bookSize: byteSize, etag: `"${sha256}"`, chunk: CHUNK });
    const [res] = (await once(child, 'message')) as [{ latency: Record<string, Latency>; errors: number; failures: string[] }];
    const elapsed = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    await app.close();
    const requests = Object.values(res.latency).reduce((s, l) => s + l.count, 0);
    return {
      database: kind,
      scale: SCALE,
      members: MEMBERS,
      seconds: SECONDS,
      book: { pages: pageCount, bytes: byteSize },
      chunkBytes: CHUNK,
      requests,
      requestsPerSecond: Math.round(requests / elapsed),
      errors: res.errors,
      failures: res.failures,
      latency: res.latency,
      rssBeforeMb: mb(rssBefore),
      rssPeakMb: mb(rssPeak),
    };
  } finally {
    if (schema) {
      await dropSchema(schema);
    }
    await documents.whenIdle(db).catch(() => {});
    await db.close();
    rmSync(filesDir, { recursive: true, force: true });
  }
}

const runs = await onEachDatabase(run);
keepResults(root, 'meeting-day', runs);
let errors = 0;
for (const r of runs) {
  console.log(`${r.database} (skala ${r.scale}): ${r.members} ledamöter i ${r.seconds} s, kallelsen ${r.book.pages} sidor (${mb(r.book.bytes)} MB), ${r.requests} förfrågningar (${r.requestsPerSecond}/s)`);
  for (const [k, v] of Object.entries(r.latency)) {
    const f = (x: number | null) => (x === null ? '–' : x.toFixed(1));
    console.log(`  ${k.padEnd(15)} p50/p95/p99 ${f(v.p50)}/${f(v.p95)}/${f(v.p99)} ms (${v.count})`);
  }
  console.log(`  serverns RSS ${r.rssBeforeMb} MB före, högst ${r.rssPeakMb} MB under lasten; ${r.errors} fel${r.failures.length ? `: ${r.failures.join('; ')}` : ''}`);
  errors += r.errors;
}
const worstP95 = Math.max(...runs.flatMap((r) => Object.values(r.latency).map((l) => l.p95 ?? 0)));
console.log(`meeting day: ${errors} failed requests, worst p95 ${worstP95.toFixed(1)} ms, peak server RSS ${Math.max(...runs.map((r) => r.rssPeakMb))} MB`);
process.exit(errors ? 1 : 0);
