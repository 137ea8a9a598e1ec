/**
 * One factory for the database: embedded PGlite (data in ./data, the
 * default) or a PostgreSQL server when DATABASE_URL is set. Both speak the
 * same SQL and run the same migrations at open.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGliteDialect } from './pglite-dialect.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type { Database } from './schema.ts';
export type Executor = Kysely<Database> | Transaction<Database>;

export interface Db {
  readonly kind: 'pglite' | 'postgres';
  readonly kysely: Kysely<Database>;
  /** Runs `fn` in one transaction: all of it is saved, or none of it. */
  tx<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /**
   * Runs `task` after the work already deferred on this database, outside any
   * request (one at a time, in order). A failure is logged, not thrown: the
   * task must leave durable state (a queue row) so that it is retried.
   */
  defer(task: () => Promise<unknown>): void;
  /** Resolves once every task deferred so far has finished. */
  settled(): Promise<void>;
  /** Waits for deferred work, then closes the database. */
  close(): Promise<void>;
  /** PGlite only: a tarball of the whole data directory (for backups). */
  dumpDataDir?(): Promise<Uint8Array>;
  /** PostgreSQL only: the connection string and schema in use (for pg_dump). */
  readonly connection?: { url: string; schema: string | undefined };
}

export interface OpenOptions {
  /** postgres://… ; when absent, embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; 'memory://' for a throwaway database. Default ./data */
  dataDir?: string | undefined;
  /** PostgreSQL schema to use (created if missing), for isolated test runs. */
  schema?: string | undefined;
  /** Run migrations at open (default true). */
  migrate?: boolean;
  /** PGlite: start from this data-directory dump (a restore). */
  loadDataDir?: Uint8Array;
}

const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

function parseInt8(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`Heltalet ${v} ryms inte exakt i ett JavaScript-tal`);
  return n;
}

export async function openDb(options: OpenOptions = {}): Promise<Db> {
  const url = options.url ?? process.env.DATABASE_URL;
  let db: Db;
  if (url) {
    const schema = options.schema;
    if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Ogiltigt schemanamn: ${schema}`);
    const pool = new pg.Pool({
      connectionString: url,
      max: 10,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === INT8) return parseInt8;
          if (oid === DATE) return (v: string) => v;
          if (oid === NUMERIC) return (v: string) => v;
          return pg.types.getTypeParser(oid, format ?? 'text');
        }) as typeof pg.types.getTypeParser,
      },
    });
    if (schema) {
      const c = await pool.connect();
      try {
        await c.query(`create schema if not exists ${schema}`);
      } finally {
        c.release();
      }
    }
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    db = { ...makeDb('postgres', kysely), connection: { url, schema } };
  } else {
    const dataDir = options.dataDir ?? process.env.DATA_DIR ?? path.resolve('data');
    if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
    const pglite = await PGlite.create({
      dataDir,
      extensions: { pg_trgm },
      ...(options.loadDataDir ? { loadDataDir: new Blob([new Uint8Array(options.loadDataDir)]) } : {}),
      parsers: { [INT8]: parseInt8, [DATE]: (v: string) => v, [NUMERIC]: (v: string) => v },
    });
    // PGlite's pages are always in memory: a random read costs about what a sequential one does, so the
    // planner should not prefer reading a whole table to an index (a trigram lookup of 1 ms against a 17 ms scan)
    await pglite.exec('set random_page_cost = 1.1');
    const kysely = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    db = {
      ...makeDb('pglite', kysely, () => pglite.close()),
      // the dump waits for the single connection, so it never sees half a transaction
      dumpDataDir: () => kysely.connection().execute(async () => new Uint8Array(await (await pglite.dumpDataDir('gzip')).arrayBuffer())),
    };
  }
  if (options.migrate !== false) await migrate(db);
  return db;
}

function makeDb(kind: Db['kind'], kysely: Kysely<Database>, onClose?: () => Promise<void>): Db {
  let background: Promise<void> = Promise.resolve();
  return {
    kind,
    kysely,
    tx: (fn) => kysely.transaction().execute(fn),
    defer(task) {
      background = background.then(task).then(
        () => undefined,
        (e: unknown) => console.error(`Ett bakgrundsjobb i databasen misslyckades och görs om senare: ${e instanceof Error ? e.message : String(e)}`),
      );
    },
    settled: () => background,
    async close() {
      await background;
      await kysely.destroy();
      await onClose?.();
    },
  };
}

/** Installs the extensions the schema uses (in schema styrbord_ext, outside the application's schema; migration 016). */
export { extensionsSql } from './migrations/016_trigram.ts';

/** Applies the migrations not yet applied, each in its own transaction, in order. */
export async function migrate(db: Db): Promise<number[]> {
  await sql`create table if not exists schema_migrations (
    id int primary key, name text not null, applied_at timestamptz not null default now())`.execute(db.kysely);
  return db.tx(async (trx) => {
    // Two processes starting at once on one server: the second waits here.
    await sql`select pg_advisory_xact_lock(7367830)`.execute(trx);
    const done = new Set((await trx.selectFrom('schema_migrations').select('id').execute()).map((r) => r.id));
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
      if (done.has(m.id)) continue;
      await sql.raw(m.sql).execute(trx);
      await trx.insertInto('schema_migrations').values({ id: m.id, name: m.name }).execute();
      applied.push(m.id);
    }
    return applied;
  });
}

/** The executor behind a Db or a transaction, so reads can join the caller's transaction. */
export const executorOf = (d: Db | Executor): Executor => ('tx' in d && 'kysely' in d ? d.kysely : (d as Executor));

/** Appends one entry to the audit log (who, what, before, after). */
export type AuditEntry = { actor: string; action: string; entity: string; entityId: string | number; before?: unknown; after?: unknown };

export async function audit(ex: Executor, entry: AuditEntry): Promise<void> {
  await auditMany(ex, [entry]);
}

/** Several audit entries in one statement, in the given order. */
export async function auditMany(ex: Executor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await ex
    .insertInto('audit_log')
    .values(
      entries.map((entry) => ({
        actor: entry.actor,
        action: entry.action,
        entity: entry.entity,
        entity_id: String(entry.entityId),
        before: entry.before === undefined ? null : JSON.stringify(entry.before),
        after: entry.after === undefined ? null : JSON.stringify(entry.after),
      })),
    )
    .execute();
}
