/**
 * kill -9 in the middle of an import. The server runs as a child process
 * (node --import tsx src/cli.ts start) on a data directory (PGlite) or a
 * fresh database (PostgreSQL); a preloaded probe (fixtures/tx-probe.mjs)
 * reports each BEGIN and COMMIT on stderr, so the test knows where its
 * SIGKILL landed. Per database: one import runs to the end (the reference),
 * then imports of seed 003 are killed at chosen points of their transaction.
 * After each kill the database is opened again on the same data and must be
 * consistent: every B-tree index checked against its table (amcheck), and the
 * import either wholly there (one meeting, 13 items, every clause, its
 * import_file row, search documents, audit entries, exactly the reference
 * row counts in every table) or not there at all (exactly the row counts from
 * before). A kill inside the transaction must leave nothing; a kill after the
 * commit must lose nothing. Then the server starts again on the same data,
 * and importing the file again completes it.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { amcheck } from '@electric-sql/pglite/contrib/amcheck';
import { openDb, type Database, type Db } from '../../src/db/index.ts';
import { importKallelse } from '../../src/importer/service.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import type { MeetingDetail, MeetingSummary } from '../../src/http/contract.ts';
import { adminQuery, freePort, freshPgDatabase, PG_URL, ROOT, SEED_000, SEED_003, startServer, type ServerProcess } from './support.ts';

const PROBE = path.join(ROOT, 'test/robustness/fixtures/tx-probe.mjs');
const DATE = '2020-02-14';
const USER = { username: 'krock.sekreterare', password: 'ett långt testlösenord' };
/** Where to kill, as a fraction of the reference import's transaction after its BEGIN; 'commit' = when COMMIT starts. */
const PLAN: Array<number | 'commit'> = [0.1, 0.45, 0.85, 'commit'];

type State = 'före transaktionen' | 'i transaktionen' | 'under commit' | 'efter commit';

interface ImportTrace {
  meetings: number;
  items: number;
  clauses: number;
  basis: number;
  subItems: number;
  importFiles: number;
  orphanFiles: number;
  search: number;
  support: number;
  audit: number;
}

/** What the import of seed 003 leaves behind, and the row count of every table. */
async function footprint(k: Kysely<Database>): Promise<ImportTrace & { tables: Record<string, number> }> {
  const r = await sql<ImportTrace>`
    with m as (select id from meeting where date = ${DATE}),
         ai as (select id from agenda_item where meeting_id in (select id from m))
    select (select count(*)::int from m) as meetings,
           (select count(*)::int from ai) as items,
           (select count(*)::int from proposal_clause where agenda_item_id in (select id from ai)) as clauses,
           (select count(*)::int from decision_basis where agenda_item_id in (select id from ai)) as basis,
           (select count(*)::int from agenda_sub_item where agenda_item_id in (select id from ai)) as "subItems",
           (select count(*)::int from import_file where meeting_id in (select id from m)) as "importFiles",
           (select count(*)::int from import_file where meeting_id is null or meeting_id not in (select id from meeting)) as "orphanFiles",
           (select count(*)::int from search_document where meeting_id in (select id from m)) as search,
           (select count(*)::int from business_support where meeting_id in (select id from m)) as support,
           (select count(*)::int from audit_log where actor like '%(import 003.txt)') as audit`.execute(k);
  const tables = (await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = current_schema() and tablename not in ('user_session', 'audit_log') order by 1`.execute(k)).rows;
  const counts = (await sql.raw<{ t: string; n: number }>(tables.map((x) => `select '${x.t}' as t, count(*)::int as n from "${x.t}"`).join(' union all ')).execute(k)).rows;
  return { ...r.rows[0]!, tables: Object.fromEntries(counts.map((c) => [c.t, c.n])) };
}
type Footprint = Awaited<ReturnType<typeof footprint>>;

const AMCHECK = `select count(*)::int as n from (
  select bt_index_check(c.oid, true) from pg_index i
  join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam join pg_namespace s on s.oid = c.relnamespace
  where a.amname = 'btree' and s.nspname = 'public' and c.relpersistence = 'p') x`;

interface Instance {
  env: Record<string, string>;
  /** The database on the instance's data, opened in this process (the server must be stopped). */
  open(): Promise<Db>;
  /** Checks every B-tree index against its table; returns how many. */
  amcheck(): Promise<number>;
  cleanup(): Promise<void>;
}

interface Target {
  name: 'pglite' | 'postgres';
  /** The state before the import: a meeting of its own (so no demo import), and a secretary. */
  prepare(): Promise<void>;
  fresh(): Promise<Instance>;
  done(): Promise<void>;
}

async function seedBase(db: Db) {
  // not the demo file byte for byte, so the server does not import the demo papers on start
  await importKallelse(db, SYSTEM, { fileName: '000.txt', text: `${SEED_000}\n` });
  await createUser(db, SYSTEM, { ...USER, displayName: 'Krock Testare', roles: ['secretary'] });
}

const work = mkdtempSync(path.join(tmpdir(), 'styrbord-krasch-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const targets: Target[] = [
  {
    name: 'pglite',
    async prepare() {
      const db = await openDb({ url: '', dataDir: path.join(work, 'bas') });
      await seedBase(db);
      await db.close();
    },
    async fresh() {
      const dataDir = mkdtempSync(path.join(work, 'data-'));
      cpSync(path.join(work, 'bas'), dataDir, { recursive: true });
      return {
        env: { DATABASE_URL: '', DATA_DIR: dataDir },
        open: () => openDb({ url: '', dataDir, migrate: false }),
        async amcheck() {
          const pg = await PGlite.create({ dataDir, extensions: { amcheck } });
          try {
            await pg.exec('create extension if not exists amcheck');
            const n = (await pg.query<{ n: number }>(AMCHECK)).rows[0]!.n;
            await pg.exec('drop extension amcheck');
            return n;
          } finally {
            await pg.close();
          }
        },
        cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
      };
    },
    done: async () => undefined,
  },
  ...(PG_URL
    ? (() => {
        let base: Awaited<ReturnType<typeof freshPgDatabase>>;
        return [
          {
            name: 'postgres' as const,
            async prepare() {
              base = await freshPgDatabase('krock_bas');
              const db = await openDb({ url: base.url });
              await seedBase(db);
              await db.close();
            },
            async fresh() {
              const db = await freshPgDatabase('krock', base.name);
              return {
                env: { DATABASE_URL: db.url, FILES_DIR: path.join(work, 'filer') },
                open: () => openDb({ url: db.url, migrate: false }),
                async amcheck() {
                  await adminQuery('create extension if not exists amcheck', [], db.url);
                  const n = (await adminQuery<{ n: number }>(AMCHECK, [], db.url))[0]!.n;
                  await adminQuery('drop extension amcheck', [], db.url);
                  return n;
                },
                cleanup: () => db.drop(),
              };
            },
            done: () => base.drop(),
          },
        ];
      })()
    : []),
];

/** The probe's markers (kind, time) the server wrote from `since` on. */
function markers(server: ServerProcess, since: number): Array<{ kind: string; at: number }> {
  return [...server.output().matchAll(/^@@tx (\S+) (\d+)$/gm)].map((m) => ({ kind: m[1]!, at: Number(m[2]) })).filter((m) => m.at >= since);
}

function stateOf(marks: Array<{ kind: string }>): State {
  const kinds = marks.map((m) => m.kind);
  if (kinds.includes('commit-done')) return 'efter commit';
  if (kinds.includes('commit-start')) return 'under commit';
  if (kinds.includes('begin')) return 'i transaktionen';
  return 'före transaktionen';
}

/** Waits until the server's output satisfies `test` (polling its buffer). */
async function waitFor(server: ServerProcess, test: () => boolean, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!test()) {
    if (Date.now() > until) throw new Error(`väntade förgäves: ${server.output().slice(-800)}`);
    if (server.child.exitCode !== null || server.child.signalCode !== null) throw new Error(`servern dog: ${server.output().slice(-800)}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function signInOver(base: string) {
  const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(USER) });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, 'x-csrf-token': ((await res.json()) as { csrfToken: string }).csrfToken, 'content-type': 'application/json' };
}

const postImport = (base: string, headers: Record<string, string>) =>
  fetch(`${base}/api/imports`, { method: 'POST', headers, body: JSON.stringify({ fileName: '003.txt', text: SEED_003 }) });

async function boot(env: Record<string, string>): Promise<{ server: ServerProcess; base: string }> {
  const port = await freePort();
  const server = startServer({ ...env, PORT: String(port) }, [PROBE]);
  await server.ready;
  return { server, base: `http://127.0.0.1:${port}` };
}

async function stop(server: ServerProcess) {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
  await server.exited;
}

describe.each(targets)('kill -9 during an import on $name', (target) => {
  let before: Footprint;
  let reference: Footprint;
  let txMs: number;

  beforeAll(async () => {
    await target.prepare();
  }, 120_000);
  afterAll(() => target.done());

  it('runs the import to the end once: the reference', async () => {
    const inst = await target.fresh();
    try {
      const db0 = await inst.open();
      before = await footprint(db0.kysely);
      await db0.close();
      const { server, base } = await boot(inst.env);
      try {
        const headers = await signInOver(base);
        const t0 = Date.now();
        const res = await postImport(base, headers);
        expect(res.status).toBe(201);
        await waitFor(server, () => markers(server, t0).some((m) => m.kind === 'commit-done'));
        const marks = markers(server, t0);
        txMs = marks.find((m) => m.kind === 'commit-start')!.at - marks.find((m) => m.kind === 'begin')!.at;
      } finally {
        await stop(server);
      }
      const db = await inst.open();
      reference = await footprint(db.kysely);
      await db.close();
      expect(before.meetings).toBe(0);
      expect(reference).toMatchObject({ meetings: 1, items: 13, importFiles: 1, orphanFiles: 0 });
      expect(reference.clauses).toBeGreaterThan(13);
      expect(reference.audit).toBeGreaterThan(0);
      console.log(`${target.name}: importens transaktion tar ${txMs} ms; referens ${JSON.stringify({ ...reference, tables: undefined })}`);
    } finally {
      await inst.cleanup();
    }
  }, 120_000);

  it('leaves the import wholly there or not at all after kill -9, and completes it after a restart', async () => {
    const outcomes: string[] = [];
    const states: State[] = [];
    for (const at of PLAN) {
      const inst = await target.fresh();
      try {
        // 1. start, sign in, import, and kill -9 at the planned point
        const { server, base } = await boot(inst.env);
        const headers = await signInOver(base);
        const t0 = Date.now();
        const reply = postImport(base, headers).catch(() => null);
        await waitFor(server, () => markers(server, t0).some((m) => m.kind === (at === 'commit' ? 'commit-start' : 'begin')));
        if (at !== 'commit') await new Promise((r) => setTimeout(r, Math.round((at + Math.random() * 0.1) * txMs)));
        const killedAt = Date.now();
        server.child.kill('SIGKILL');
        const exit = await server.exited;
        expect(exit.signal).toBe('SIGKILL');
        await reply;
        // everything the server wrote before it died has been read now: where did the kill land?
        const marks = markers(server, t0);
        const state = stateOf(marks);
        states.push(state);
        const begin = marks.find((m) => m.kind === 'begin')?.at;

        // 2. open the database again on the same data: consistent, and the import all or nothing
        const indexes = await inst.amcheck();
        expect(indexes).toBeGreaterThan(30);
        const db = await inst.open();
        const after = await footprint(db.kysely);
        await db.close();
        if (after.meetings === 0) expect(after).toEqual(before);
        else expect(after).toEqual(reference);
        if (state === 'före transaktionen' || state === 'i transaktionen') expect(after.meetings, `${state}: en ofullbordad transaktion syns`).toBe(0);
        if (state === 'efter commit') expect(after.meetings, 'en bekräftad transaktion gick förlorad').toBe(1);

        // 3. start again on the same data: the server works, and importing again completes the import
        const again = await boot(inst.env);
        try {
          expect((await fetch(`${again.base}/api/health`)).status).toBe(200);
          const h = await signInOver(again.base);
          const res = await postImport(again.base, h);
          expect(res.status).toBe(after.meetings === 0 ? 201 : 200);
          const list = (await (await fetch(`${again.base}/api/meetings`, { headers: h })).json()) as MeetingSummary[];
          const ours = list.filter((m) => m.date === DATE);
          expect(ours).toHaveLength(1);
          const detail = (await (await fetch(`${again.base}/api/meetings/${ours[0]!.id}`, { headers: h })).json()) as MeetingDetail;
          expect(detail.items).toHaveLength(13);
          expect(detail.items.reduce((n, i) => n + (i.proposal?.clauses.length ?? 0), 0)).toBe(reference.clauses);
        } finally {
          await stop(again.server);
        }
        const final = await inst.open();
        expect(await footprint(final.kysely)).toEqual(reference);
        await final.close();
        outcomes.push(`${begin ? `${killedAt - begin} ms efter BEGIN` : 'före BEGIN'} (${state}): ${after.meetings === 0 ? 'importen fanns inte' : 'importen fanns hel'}, ${indexes} index kontrollerade`);
      } finally {
        await inst.cleanup();
      }
    }
    console.log(`${target.name}, kill -9: ${outcomes.join('; ')}`);
    // the test proves something only if kills did land inside the transaction
    expect(states).toContain('i transaktionen');
  }, 240_000);
});
