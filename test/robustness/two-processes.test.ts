/**
 * Two app processes on one PostgreSQL database (issue 20.6), each with a disk
 * of its own (FILES_DIR), as two machines behind a load balancer have:
 *
 * - a session made on one is valid on the other, and the sign-in limiter's
 *   counters are shared: failures spread over both block the account on both;
 * - an attachment uploaded to one is downloaded from the other (the stored
 *   files are in PostgreSQL), and a book whose build was started on one is
 *   followed (the job's view) and downloaded from the other;
 * - the process building a book is killed (SIGKILL) mid-build: the other one
 *   takes the job over (pg-boss retry) and finishes it, under the same job id.
 *
 * PostgreSQL only: with PGlite a data directory belongs to one process. The
 * waits poll with generous deadlines (a loaded 2-core machine), but each also
 * watches that the servers are alive, so a crash is reported at once and a
 * hang as a timeout that names what was awaited.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/index.ts';
import { SYSTEM } from '../../src/access/model.ts';
import { createUser } from '../../src/access/service.ts';
import { importKallelse } from '../../src/importer/service.ts';
import { adminQuery, freePort, freshPgDatabase, PG_URL, SEED_000, startServer, type ServerProcess } from './support.ts';

const SECRETARY = { username: 'tva.sekreterare', password: 'ett långt testlösenord för två processer' };
const VICTIM = { username: 'tva.sparras', password: 'ett annat långt testlösenord' };

interface Running {
  server: ServerProcess;
  base: string;
  name: string;
}

async function boot(name: string, env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const server = startServer({ ...env, PORT: String(port) });
  await server.ready;
  return { server, base: `http://127.0.0.1:${port}`, name };
}

async function stop(r: Running | undefined) {
  if (!r) return;
  if (r.server.child.exitCode === null && r.server.child.signalCode === null) r.server.child.kill('SIGTERM');
  await r.server.exited;
}

const alive = (r: Running) => r.server.child.exitCode === null && r.server.child.signalCode === null;

/** Polls `probe` until it returns a value; fails at once when a watched server died, and after `ms` naming `what`. */
async function until<T>(what: string, watch: Running[], probe: () => Promise<T | null | undefined>, ms = 180_000, every = 100): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== null && v !== undefined) return v;
    const dead = watch.find((r) => !alive(r));
    if (dead) throw new Error(`${dead.name} dog medan testet väntade på ${what}: ${dead.server.output().slice(-1500)}`);
    if (Date.now() > deadline) throw new Error(`väntade förgäves i ${ms / 1000} s på ${what}: ${watch.map((r) => `${r.name}: ${r.server.output().slice(-600)}`).join('\n')}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

async function signIn(base: string, user: { username: string; password: string }) {
  const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, 'x-csrf-token': ((await res.json()) as { csrfToken: string }).csrfToken };
}

/** A PDF of `pages` pages of text: large enough for a build to be caught, and killed, in the middle. */
async function bigPdf(pages: number, label: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage([595.28, 841.89]);
    for (let l = 0; l < 40; l++) page.drawText(`${label}, sida ${i}, rad ${l + 1}: projektets budget och tidplan.`, { x: 50, y: 800 - l * 19, size: 10, font });
  }
  return doc.save();
}

interface JobView {
  jobId: string;
  state: 'running' | 'done' | 'failed';
  phase: string;
  done: number;
  total: number;
  result: { created: boolean; version: { version: number; pageCount: number; sha256: string } } | null;
  error: { code: string; message: string } | null;
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe.skipIf(!PG_URL)('two app processes on one PostgreSQL database (PostgreSQL only: skipped without DATABASE_URL)', () => {
  let database: Awaited<ReturnType<typeof freshPgDatabase>>;
  let work: string;
  let a: Running | undefined;
  let b: Running | undefined;
  let meetingId: number;
  let itemId: number;
  let headers: { cookie: string; 'x-csrf-token': string };

  beforeAll(async () => {
    database = await freshPgDatabase('tva_processer');
    work = mkdtempSync(path.join(tmpdir(), 'styrbord-tva-'));
    const db = await openDb({ url: database.url });
    try {
      // seed 000 with one blank more, so the servers do not import the demo papers on start
      await importKallelse(db, SYSTEM, { fileName: '000.txt', text: SEED_000.replace('Föredragande: Lena Kihl', 'Föredragande:  Lena Kihl') });
      await createUser(db, SYSTEM, { ...SECRETARY, displayName: 'Två Sekreterare', roles: ['secretary'] });
      await createUser(db, SYSTEM, { ...VICTIM, displayName: 'Spärras Testare', roles: ['secretary'] });
    } finally {
      await db.close();
    }
    const env = (disk: string) => ({ DATABASE_URL: database.url, FILES_DIR: path.join(work, disk), JOB_SWEEP_SECONDS: '1' });
    [a, b] = await Promise.all([boot('process A', env('a')), boot('process B', env('b'))]);
    headers = await signIn(a.base, SECRETARY);
    const meetings = (await (await fetch(`${a.base}/api/meetings`, { headers })).json()) as Array<{ id: number }>;
    meetingId = meetings[0]!.id;
    const detail = (await (await fetch(`${a.base}/api/meetings/${meetingId}`, { headers })).json()) as { items: Array<{ id: number }> };
    itemId = detail.items[0]!.id;
  }, 300_000);

  afterAll(async () => {
    await Promise.all([stop(a), stop(b)]);
    await database?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  }, 120_000);

  it('shares sessions and the sign-in limiter: failures spread over both processes block the account on both', async () => {
    // a session made on A is valid on B
    expect((await fetch(`${b!.base}/api/meetings/${meetingId}`, { headers })).status).toBe(200);
    // five failures, alternating A and B: one process alone saw at most three
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const on = i % 2 === 0 ? a! : b!;
      const res = await fetch(`${on.base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...VICTIM, password: `fel lösenord ${i}` }) });
      codes.push(res.status);
    }
    expect(codes).toEqual([401, 401, 401, 401, 401]);
    // now even the right password is refused for a while, on both
    for (const on of [a!, b!]) {
      const res = await fetch(`${on.base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(VICTIM) });
      expect(res.status, `${on.name} släppte in efter fem misslyckanden på två processer`).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await res.json()) as { error: string | { message: string } };
      expect(typeof body.error === 'string' ? body.error : body.error.message).toMatch(/försök|vänta|igen/i);
    }
  }, 60_000);

  it('downloads from one process what the other stored: an attachment, and a book whose build it started', async () => {
    const pdf = await bigPdf(250, 'Bilaga ett');
    const form = new FormData();
    form.set('title', 'Projektbeskrivning (stor bilaga)');
    form.set('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'stor-bilaga.pdf');
    const up = await fetch(`${a!.base}/api/agenda-items/${itemId}/attachments`, { method: 'POST', headers, body: form });
    expect(up.status).toBe(201);
    const attachment = (await up.json()) as { id: number; sha256: string };
    const got = await fetch(`${b!.base}/api/attachments/${attachment.id}/file`, { headers });
    expect(got.status).toBe(200);
    expect(sha(new Uint8Array(await got.arrayBuffer()))).toBe(sha(pdf));

    const t0 = Date.now();
    const started = await fetch(`${a!.base}/api/meetings/${meetingId}/kallelse`, { method: 'POST', headers });
    expect(started.status).toBe(202);
    const location = started.headers.get('location')!;
    // B answers the poll of a job A started, to the end
    const phases = new Set<string>();
    const done = await until('att bygget blir klart (följt från B)', [a!, b!], async () => {
      const res = await fetch(`${b!.base}${location}`, { headers });
      expect(res.status).toBe(200);
      const job = (await res.json()) as JobView;
      phases.add(job.phase);
      if (job.state === 'failed') throw new Error(`bygget misslyckades: ${JSON.stringify(job.error)}`);
      return job.state === 'done' ? job : null;
    });
    console.log(`två processer: kallelsen (${done.result!.version.pageCount} sidor) byggd på ${Date.now() - t0} ms, faser sedda från B: ${[...phases].join(', ')}`);
    expect(done.result!.created).toBe(true);
    expect(done.result!.version.pageCount).toBeGreaterThan(250);
    const file = await fetch(`${b!.base}/api/meetings/${meetingId}/kallelse.pdf`, { headers });
    expect(file.status).toBe(200);
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect(sha(bytes)).toBe(done.result!.version.sha256);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(done.result!.version.pageCount);
  }, 600_000);

  it('finishes on the other process, under the same job id, a build whose process was killed (SIGKILL) in the middle', async () => {
    // a changed agenda (one more, larger attachment), so a new version is built, taking a while
    const form = new FormData();
    form.set('title', 'Bilaga två (stor)');
    form.set('file', new Blob([new Uint8Array(await bigPdf(700, 'Bilaga två'))], { type: 'application/pdf' }), 'bilaga-tva.pdf');
    expect((await fetch(`${a!.base}/api/agenda-items/${itemId}/attachments`, { method: 'POST', headers, body: form })).status).toBe(201);

    // B is asked to build; whichever process's worker takes the job is the one killed
    const started = await fetch(`${b!.base}/api/meetings/${meetingId}/kallelse`, { method: 'POST', headers });
    expect(started.status).toBe(202);
    const location = started.headers.get('location')!;
    const jobId = ((await started.json()) as JobView).jobId;
    const mid = await until('att bygget är mitt i sidorna', [a!, b!], async () => {
      const job = (await (await fetch(`${a!.base}${location}`, { headers })).json()) as JobView;
      if (job.state !== 'running') throw new Error(`bygget hann bli ${job.state} innan det kunde avbrytas`);
      return job.phase === 'rendering' || job.phase === 'merging' ? job : null;
    }, 180_000, 20);
    // who builds it: the job's row names the worker (host:pid:…); kill that process
    const worker = (await adminQuery<{ worker: string | null }>('select worker from book_job where job_id = $1', [jobId], database.url))[0]?.worker;
    const builder = [a!, b!].find((r) => worker?.includes(`:${r.server.child.pid}:`));
    expect(builder, `ingen av processerna bygger jobbet (${worker})`).toBeDefined();
    const survivor = builder === a ? b! : a!;
    const killedAt = Date.now();
    builder!.server.child.kill('SIGKILL');
    expect((await builder!.server.exited).signal).toBe('SIGKILL');
    console.log(`två processer: ${builder!.name} dödades (SIGKILL) i fasen ${mid.phase}, sida ${mid.done} av ${mid.total}`);

    // the survivor finishes the same job
    const done = await until('att den överlevande processen gör klart jobbet', [survivor], async () => {
      const res = await fetch(`${survivor.base}${location}`, { headers });
      expect(res.status).toBe(200);
      const job = (await res.json()) as JobView;
      if (job.state === 'failed') throw new Error(`jobbet misslyckades efter dödandet: ${JSON.stringify(job.error)}`);
      return job.state === 'done' ? job : null;
    });
    console.log(`två processer: ${survivor.name} gjorde klart jobbet ${Date.now() - killedAt} ms efter SIGKILL`);
    expect(done.jobId).toBe(jobId);
    expect(done.result!.created).toBe(true);
    expect(done.result!.version.version).toBe(2);
    const file = await fetch(`${survivor.base}/api/meetings/${meetingId}/kallelse.pdf`, { headers });
    expect(file.status).toBe(200);
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect(sha(bytes)).toBe(done.result!.version.sha256);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(done.result!.version.pageCount);
    // one version per agenda: the killed attempt left no second one
    const versions = (await (await fetch(`${survivor.base}/api/meetings/${meetingId}/kallelse`, { headers })).json()) as { versions: Array<{ version: number }> };
    expect(versions.versions.map((v) => v.version)).toEqual([2, 1]);
  }, 600_000);
});
