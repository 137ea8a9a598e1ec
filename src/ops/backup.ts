/**
 * Backup and restore. PostgreSQL: pg_dump (custom format) and pg_restore.
 * PGlite: a gzipped tarball of the data directory (PGlite's own dump),
 * restored into an empty data directory. Files stored by content hash
 * (attachments, books) live in the files directory and are copied beside it.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { openDb, type Db } from '../db/index.ts';
import { DomainError } from '../kernel/errors.ts';

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('error', (e) => reject(new DomainError('tool-missing', `${cmd} kunde inte startas (${e.message}); installera postgresql-client.`)));
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new DomainError('backup-failed', `${cmd} misslyckades: ${err.trim().slice(0, 500)}`))));
  });
}

/** Writes a backup of the database to `file`. */
export async function backup(db: Db, file: string): Promise<{ kind: Db['kind']; bytes: number }> {
  if (db.kind === 'pglite') {
    const bytes = await db.dumpDataDir!();
    await writeFile(file, bytes);
    return { kind: 'pglite', bytes: bytes.length };
  }
  const c = db.connection!;
  await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', ...(c.schema ? ['--schema', c.schema] : []), '--file', file, c.url]);
  return { kind: 'postgres', bytes: (await readFile(file)).length };
}

async function userTables(db: Db): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from pg_tables where schemaname = current_schema()`.execute(db.kysely);
  return r.rows[0]!.n;
}

/**
 * Restores a backup. PGlite: into `dataDir`, which must be empty (or `force`).
 * PostgreSQL: into the database of `url`, which must have no tables (or `force`).
 */
export async function restore(file: string, target: { url?: string | undefined; dataDir?: string | undefined; force?: boolean }): Promise<void> {
  if (!existsSync(file)) throw new DomainError('not-found', `Säkerhetskopian ${file} finns inte.`, { status: 404 });
  if (target.url) {
    const db = await openDb({ url: target.url, migrate: false });
    try {
      if (!target.force && (await userTables(db)) > 0) {
        throw new DomainError('target-not-empty', 'Databasen har redan tabeller; återställ till en tom databas eller ange --force.', { status: 409 });
      }
    } finally {
      await db.close();
    }
    await run('pg_restore', ['--no-owner', '--no-privileges', ...(target.force ? ['--clean', '--if-exists'] : []), '--dbname', target.url, file]);
    return;
  }
  const dir = target.dataDir!;
  if (existsSync(dir) && readdirSync(dir).length > 0 && !target.force) {
    throw new DomainError('target-not-empty', `Datakatalogen ${dir} är inte tom; återställ till en tom katalog eller ange --force.`, { status: 409 });
  }
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  const db = await openDb({ url: '', dataDir: dir, loadDataDir: new Uint8Array(await readFile(file)) });
  await db.close();
}
