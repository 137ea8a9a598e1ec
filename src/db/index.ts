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
import { grantAppRole, roleOf } from './appRole.ts';
import { lockDataDir } from './lock.ts';
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
  /**
   * Run migrations at open (default: yes, unless MIGRATE=0). With MIGRATE=0 a
   * database that lacks a migration is refused; false skips even that check.
   */
  migrate?: boolean;
  /**
   * PostgreSQL: run the migrations over this connection (the schema owner's)
   * rather than the app's; default MIGRATION_DATABASE_URL. See docs/access.md.
   */
  migrationUrl?: string | undefined;
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
    // An idle connection the server ends (a restart, an administrator's pg_terminate_backend, a dropped
    // database) emits 'error' on the pool; unhandled, that event would end the whole process. The pool
    // drops that connection and opens a new one for the next query: say so and go on.
    pool.on('error', (e: Error & { code?: string }) => {
      console.error(`En vilande databasanslutning avslutades av servern (${e.code ?? e.message}); en ny öppnas vid nästa fråga.`);
    });
    if (schema) {
      const c = await pool.connect();
      try {
        // an app role without CREATE on the database opens a schema the owner made (docs/access.md)
        const exists = await c.query('select 1 from pg_namespace where nspname = $1', [schema]);
        if (exists.rowCount === 0) await c.query(`create schema if not exists ${schema}`);
      } finally {
        c.release();
      }
    }
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    db = { ...makeDb('postgres', kysely), connection: { url, schema } };
  } else {
    const dataDir = options.dataDir ?? process.env.DATA_DIR ?? path.resolve('data');
    // one process per data directory (PGlite has no lock of its own): held until close() or the process ends
    const lock = dataDir.startsWith('memory://') ? null : await lockDataDir(dataDir);
    let pglite: PGlite;
    try {
      if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
      pglite = await PGlite.create({
        dataDir,
        extensions: { pg_trgm },
        ...(options.loadDataDir ? { loadDataDir: new Blob([new Uint8Array(options.loadDataDir)]) } : {}),
        parsers: { [INT8]: parseInt8, [DATE]: (v: string) => v, [NUMERIC]: (v: string) => v },
      });
    } catch (e) {
      await lock?.release();
      throw e;
    }
    // PGlite's pages are always in memory: a random read costs about what a sequential one does, so the
    // planner should not prefer reading a whole table to an index (a trigram lookup of 1 ms against a 17 ms scan)
    await pglite.exec('set random_page_cost = 1.1');
    const kysely = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    db = {
      ...makeDb('pglite', kysely, async () => {
        try {
          await pglite.close();
        } finally {
          await lock?.release();
        }
      }),
      // the dump waits for the single connection, so it never sees half a transaction
      dumpDataDir: () => kysely.connection().execute(async () => new Uint8Array(await (await pglite.dumpDataDir('gzip')).arrayBuffer())),
    };
  }
  try {
    if (options.migrate ?? process.env.MIGRATE !== '0') {
      const owner = db.kind === 'postgres' ? (options.migrationUrl ?? process.env.MIGRATION_DATABASE_URL) : undefined;
      if (owner) {
        const ownerDb = await openDb({ url: owner, schema: options.schema, migrate: false });
        try {
          await migrate(ownerDb);
          // the app's role (DATABASE_URL's user) gets its rights on what the migrations made
          const appRole = roleOf(url!);
          if (appRole && appRole !== roleOf(owner)) await grantAppRole(ownerDb.kysely, appRole);
        } finally {
          await ownerDb.close();
        }
      } else await migrate(db);
    } else if (options.migrate === undefined) await requireMigrated(db);
  } catch (e) {
    await db.close();
    throw e;
  }
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
  // nothing to do: no DDL, so an app role without rights to change the schema opens it (docs/access.md)
  if ((await pendingMigrations(db)).length === 0) return [];
  try {
    return await applyMigrations(db);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === '42501' || code === '42P16') {
      throw new Error(
        `Databasens schema behöver migreras (${(e as Error).message}), men rollen som Styrbord ansluter med får inte ändra det. Kör migreringarna som schemats ägare: npm run migrate med ägarens DATABASE_URL, eller sätt MIGRATION_DATABASE_URL (se docs/access.md).`,
        { cause: e },
      );
    }
    throw e;
  }
}

/** The known migrations not yet applied to this database (all of them for an empty one). */
export async function pendingMigrations(db: Db | Executor): Promise<number[]> {
  const ex = executorOf(db);
  const exists = (await sql<{ ok: boolean }>`select to_regclass('schema_migrations') is not null as ok`.execute(ex)).rows[0]?.ok;
  const done = exists ? new Set((await sql<{ id: number }>`select id from schema_migrations`.execute(ex)).rows.map((r) => r.id)) : new Set<number>();
  return migrations.map((m) => m.id).filter((id) => !done.has(id)).sort((a, b) => a - b);
}

/** MIGRATE=0: the app does not migrate, so a database behind the code is refused at open. */
async function requireMigrated(db: Db): Promise<void> {
  const pending = await pendingMigrations(db);
  if (pending.length > 0) {
    throw new Error(
      `Databasen saknar migrering ${pending.join(', ')} och MIGRATE=0 är satt. Kör npm run migrate med schemaägarens anslutning (DATABASE_URL eller MIGRATION_DATABASE_URL) först (se docs/access.md).`,
    );
  }
}

async function applyMigrations(db: Db): Promise<number[]> {
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
