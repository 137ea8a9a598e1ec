/**
 * Helpers for the robustness tests: a checksum of every table written
 * independently of src/ops (so a test does not take the code under test's
 * word for it), fresh PostgreSQL databases, a server as a child process, and
 * what counts as a Swedish error message.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Database, Db } from '../../src/db/index.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SEED_003 = readFileSync(path.join(ROOT, 'seeds/003_f8eb7d47c03ea706.txt'), 'utf8');
export const SEED_000 = readFileSync(path.join(ROOT, 'seeds/000_97425d05012e62df.txt'), 'utf8');
export const PG_URL = process.env.DATABASE_URL || undefined;

/**
 * Per table: "rows:md5 of every row's text, in primary-key order"; per sequence its last value.
 * One statement, so it reads one snapshot.
 */
export async function tableChecksums(k: Kysely<Database>, exclude: ReadonlySet<string> = new Set()): Promise<Record<string, string>> {
  return (await checksummer(k, exclude))();
}

/** The same, with the list of tables and keys looked up once (for a schema that does not change). */
export async function checksummer(k: Kysely<Database>, exclude: ReadonlySet<string> = new Set()): Promise<() => Promise<Record<string, string>>> {
  const keys = (
    await sql<{ t: string; cols: string[] | null }>`
      select t.table_name as t,
             (select array_agg(k.column_name::text order by k.ordinal_position)
                from information_schema.table_constraints c
                join information_schema.key_column_usage k
                  on k.constraint_name = c.constraint_name and k.table_schema = c.table_schema and k.table_name = c.table_name
               where c.table_schema = t.table_schema and c.table_name = t.table_name and c.constraint_type = 'PRIMARY KEY') as cols
      from information_schema.tables t
      where t.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      order by 1`.execute(k)
  ).rows.filter((r) => !exclude.has(r.t));
  const seqs = (await sql<{ s: string }>`select sequence_name as s from information_schema.sequences where sequence_schema = current_schema() order by 1`.execute(k)).rows;
  const q = (id: string) => `"${id}"`;
  const parts = [
    ...keys.map(
      (r) =>
        `select 'table ${r.t}' as name, count(*) || ':' || coalesce(md5(string_agg(x::text, '|' order by ${(r.cols ?? ['x::text']).map((c) => (c === 'x::text' ? c : `x.${q(c)}`)).join(', ')})), '-') as v from ${q(r.t)} x`,
    ),
    ...seqs.map((s) => `select 'sequence ${s.s}' as name, last_value::text || is_called::text as v from ${q(s.s)}`),
  ];
  const query = sql.raw<{ name: string; v: string }>(parts.join(' union all '));
  return async () => Object.fromEntries((await query.execute(k)).rows.map((r) => [r.name, r.v]));
}

/**
 * A stamp of every row version in the schema's tables: per table the row count, the sum of
 * xmin and a hash of the ctids. Any committed insert, update or delete changes it (an update
 * makes a new row version even when it writes the same values); a rolled-back transaction
 * and SELECT … FOR UPDATE do not. Stricter than comparing contents, and cheap enough to take
 * around every request.
 */
export async function writeStamper(k: Kysely<Database>, exclude: ReadonlySet<string> = new Set()): Promise<() => Promise<Record<string, string>>> {
  const tables = (await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = current_schema() order by 1`.execute(k)).rows
    .map((r) => r.t)
    .filter((t) => !exclude.has(t));
  const query = sql.raw<{ t: string; v: string }>(
    tables.map((t) => `select '${t}' as t, count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) || ':' || coalesce(sum(hashtext(ctid::text)), 0) as v from "${t}"`).join(' union all '),
  );
  return async () => Object.fromEntries((await query.execute(k)).rows.map((r) => [r.t, r.v]));
}

/** A fresh, empty PostgreSQL database on the DATABASE_URL server; `drop` removes it. */
export async function freshPgDatabase(prefix: string, template?: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await adminQuery(`create database ${name}${template ? ` template ${template}` : ''}`);
  const u = new URL(PG_URL!);
  u.pathname = `/${name}`;
  return {
    name,
    url: u.href,
    drop: async () => {
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = [], url = PG_URL!): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(text, values)).rows;
  } finally {
    await c.end();
  }
}

/** An error message a Swedish user can read: Swedish letters or common Swedish words. */
const SWEDISH_WORDS = /[åäöÅÄÖ]|\b(inte|finns|saknas|saknar|fältet|ogiltig|ogiltigt|måste|ska|ange|beskriv|eller|och|som|kan|har|fel|redan|enligt|punkt|rad|beslutet|beloppet|filen|listan|sidan|texten|mottagaren|andelen|begäran|adressen)\b/i;
/** Fastify's and Node's own English messages: never what a user should see. */
const ENGLISH = /^(Bad Request|Not Found|Unauthorized|Forbidden|Internal Server Error|Unsupported Media Type|Payload Too Large|Request body is too large|Body cannot be empty|Unexpected token|body must|querystring must|params must|Route .* not found|Cannot |Invalid |Expected )/;
export const isSwedish = (msg: unknown): msg is string => typeof msg === 'string' && msg.trim().length > 0 && SWEDISH_WORDS.test(msg) && !ENGLISH.test(msg);

/** The Styrbord server as a child process (node --import tsx src/cli.ts start), with optional preloads. */
export interface ServerProcess {
  child: ChildProcess;
  /** Resolves when the server listens. */
  ready: Promise<void>;
  /** Everything it wrote on stdout and stderr. */
  output(): string;
  /** Resolves when it has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startServer(env: Record<string, string>, preload: string[] = []): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...preload.flatMap((p) => ['--import', p]), 'src/cli.ts', 'start'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('Styrbord körs på')) resolve();
    });
    child.stderr!.on('data', (d) => (out += d));
    void exited.then(({ code, signal }) => reject(new Error(`servern avslutades (${code ?? signal}) innan den lyssnade: ${out.slice(-1500)}`)));
  });
  ready.catch(() => undefined);
  return { child, ready, exited, output: () => out };
}

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export type { Db };
