/**
 * Backup and restore.
 *
 * A backup is one tar file (any `tar` lists and extracts it):
 *   styrbord-backup.json          what it is: database kind, schema, migrations, and a
 *                                 fingerprint of every table (rows + MD5) and sequence
 *   database/pg_dump.custom       PostgreSQL: pg_dump --format=custom of Styrbord's schema,
 *                                 taken in the same snapshot as the fingerprint
 *   database/pglite-datadir.tar.gz  PGlite: its own dump of the data directory (dumpDataDir);
 *                                 it holds the stored files too when they live in DATA_DIR/files
 *   files/ab/cdef…                stored files (attachments, books) by SHA-256, when they live
 *                                 outside the dump (always with PostgreSQL; with FILES_DIR)
 *
 * A restore goes into an empty target only (or with `force`, which moves the
 * old content aside rather than deleting it), and is checked against the
 * fingerprint before it is put in place (PGlite) or reported done (PostgreSQL).
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import pg from 'pg';
import { openDb, extensionsSql, type Db, type Executor } from '../db/index.ts';
import { lockDataDir } from '../db/lock.ts';
import { migrations as knownMigrations } from '../db/migrations/index.ts';
import { filesRoot } from '../documents/files.ts';
import { DomainError } from '../kernel/errors.ts';
import { differences, fingerprint, totalRows, type Fingerprint } from './fingerprint.ts';
import { verifyAuditChain, type ChainStatus } from './auditVerify.ts';
import { entrySha256, entryStream, listTar, readEntry, TarWriter, type TarEntry } from './tar.ts';

export const MANIFEST = 'styrbord-backup.json';
const PG_DUMP = 'database/pg_dump.custom';
const PGLITE_DUMP = 'database/pglite-datadir.tar.gz';
const STORED_FILE = /^([0-9a-f]{2})\/([0-9a-f]{62})$/;

export interface Manifest {
  format: 'styrbord-backup';
  version: 1;
  createdAt: string;
  database: Db['kind'];
  /** PostgreSQL: the schema that was dumped (and is restored). */
  schema: string | null;
  migrations: number[];
  fingerprint: Fingerprint;
  /** SHA-256 of the database entry, checked before it is restored. */
  databaseSha256: string;
  files: { location: 'archive' | 'database' | 'none'; count: number; bytes: number };
  /** The audit log's hash chain as it was verified when the backup was taken (absent in older backups). */
  auditChain?: Pick<ChainStatus, 'ok' | 'entries' | 'head' | 'broken' | 'message'>;
}

export interface BackupSummary {
  kind: Db['kind'];
  bytes: number;
  tables: number;
  rows: number;
  files: number;
  /** Verified before the dump: a broken chain is backed up all the same (as evidence), and said loudly. */
  auditChain: ChainStatus;
}

export interface RestoreSummary {
  kind: Db['kind'];
  createdAt: string;
  tables: number;
  rows: number;
  files: number;
  /** Where the previous content went (with `force`): a directory or a schema. */
  movedAside: string | null;
  /** The restored audit log's hash chain, verified after the restore. */
  auditChain: ChainStatus;
}

const stamp = () => new Date().toISOString().replace(/\D/g, '').slice(0, 14);

// ── tools ────────────────────────────────────────────────────────────────

/** libpq takes the password from the environment, so it never shows in a process list. */
function libpq(url: string): { conn: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = '';
  }
  return { conn: u.href, env };
}

function run(cmd: string, args: string[], options: { env?: NodeJS.ProcessEnv; stdin?: Readable } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
    let out = '';
    let err = '';
    p.stdout!.on('data', (d) => (out += d));
    p.stderr!.on('data', (d) => (err += d));
    if (options.stdin) {
      p.stdin!.on('error', () => undefined); // the tool may stop reading when it fails; its exit code says why
      options.stdin.on('error', (e) => p.kill() && reject(e));
      options.stdin.pipe(p.stdin!);
    }
    p.on('error', (e) =>
      reject(
        new DomainError('tool-missing', `${cmd} kunde inte startas (${e.message}). Installera PostgreSQL-klienten (Debian: apt-get install postgresql-client) i samma version som servern.`, { status: 500 }),
      ),
    );
    p.on('close', (code) => {
      if (code === 0) return resolve(out);
      const why = err.trim().split('\n').slice(-5).join(' ').slice(0, 600);
      const hint = /version mismatch|unsupported version|unrecognized/i.test(why) ? ' Använd pg_dump och pg_restore i samma version som servern.' : '';
      reject(new DomainError(`${cmd.replace('_', '-')}-failed`, `${cmd} misslyckades (kod ${code}): ${why}${hint}`, { status: 500 }));
    });
  });
}

// ── stored files ─────────────────────────────────────────────────────────

/** The stored files under a root, as "ab/cdef…" (the temporary folder and anything else is skipped). */
async function storedFiles(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const dir of (await readdir(root)).sort()) {
    if (!/^[0-9a-f]{2}$/.test(dir)) continue;
    const full = path.join(root, dir);
    if (!(await stat(full)).isDirectory()) continue;
    for (const f of (await readdir(full)).sort()) if (STORED_FILE.test(`${dir}/${f}`)) out.push(`${dir}/${f}`);
  }
  return out;
}

/**
 * Puts one stored file in place from the backup. Files are named by their
 * SHA-256, so one already there with the same size is the same file; a new
 * one is checked against its name before it gets it.
 */
async function restoreStoredFile(archive: string, entry: TarEntry, root: string): Promise<void> {
  const m = STORED_FILE.exec(entry.name.slice('files/'.length))!;
  const target = path.join(root, m[1]!, m[2]!);
  if (existsSync(target) && (await stat(target)).size === entry.size) return;
  await mkdir(path.join(root, 'tmp'), { recursive: true });
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = path.join(root, 'tmp', `aterstall-${randomBytes(8).toString('hex')}`);
  const hash = createHash('sha256');
  const src = entryStream(archive, entry);
  src.on('data', (d) => hash.update(d as Buffer));
  try {
    await pipeline(src, createWriteStream(tmp, { flags: 'wx' }));
    if (hash.digest('hex') !== m[1]! + m[2]!) {
      throw new DomainError('backup-corrupt', `Säkerhetskopian ${archive} är skadad: filen ${entry.name} har inte det innehåll dess namn anger.`, { status: 422 });
    }
    await rename(tmp, target);
  } finally {
    await rm(tmp, { force: true });
  }
}

// ── backup ───────────────────────────────────────────────────────────────

async function appliedMigrations(ex: Executor): Promise<number[]> {
  const exists = await sql<{ ok: boolean }>`select to_regclass('schema_migrations') is not null as ok`.execute(ex);
  if (!exists.rows[0]?.ok) throw new DomainError('empty-database', 'Databasen är tom (inga migreringar); det finns ingenting att säkerhetskopiera.');
  return (await sql<{ id: number }>`select id from schema_migrations order by id`.execute(ex)).rows.map((r) => r.id);
}

/** Where stored files are found when they are not inside PGlite's own dump. */
function defaultFilesDir(kind: Db['kind']): string | null {
  if (kind === 'postgres') return filesRoot(process.env);
  return process.env.FILES_DIR ? path.resolve(process.env.FILES_DIR) : null;
}

/**
 * Writes a backup of the database (and the stored files) to `file`. The file
 * appears only when it is complete. `filesDir`: where the stored files are
 * (default FILES_DIR or DATA_DIR/files; null: none beyond PGlite's dump).
 */
export async function backup(db: Db, file: string, options: { filesDir?: string | null; force?: boolean } = {}): Promise<BackupSummary> {
  const target = path.resolve(file);
  if (existsSync(target) && !options.force) {
    throw new DomainError('file-exists', `Filen ${file} finns redan. Välj ett annat namn, eller ange --force för att skriva över den.`, { status: 409 });
  }
  if (!existsSync(path.dirname(target))) throw new DomainError('not-found', `Katalogen ${path.dirname(target)} finns inte.`, { status: 404 });
  const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  const dumpTmp = `${tmp}.pgdump`;
  const filesDir = options.filesDir === undefined ? defaultFilesDir(db.kind) : options.filesDir;
  const writer = await TarWriter.create(tmp);
  try {
    let manifest: Manifest;
    let database: () => Promise<string>;
    let chain: ChainStatus | undefined;
    if (db.kind === 'pglite') {
      // PGlite is one connection: read the fingerprint, dump, and read it again; a write in
      // between (a server sharing this Db) shows as a difference and the dump is taken again.
      let dump: Uint8Array | null = null;
      let fp: Fingerprint | null = null;
      let migrationIds: number[] = [];
      chain = await verifyAuditChain(db.kysely);
      for (let attempt = 0; attempt < 5 && !dump; attempt++) {
        const before = await fingerprint(db.kysely);
        migrationIds = await appliedMigrations(db.kysely);
        await sql`checkpoint`.execute(db.kysely); // the dump then starts up without replaying the log
        const bytes = await db.dumpDataDir!();
        if (differences(before, await fingerprint(db.kysely)).length === 0) {
          dump = bytes;
          fp = before;
        }
      }
      if (!dump || !fp) throw new DomainError('busy', 'Databasen ändrades hela tiden medan säkerhetskopian togs; försök igen när det är lugnare.', { status: 503 });
      manifest = base('pglite', null, migrationIds, fp);
      const bytes = dump;
      database = () => writer.addBuffer(PGLITE_DUMP, bytes);
    } else {
      const c = db.connection!;
      // one snapshot for the fingerprint and pg_dump (--snapshot), however busy the server is
      manifest = await db.kysely
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => {
          const snapshot = (await sql<{ s: string }>`select pg_export_snapshot() as s`.execute(trx)).rows[0]!.s;
          const schema = c.schema ?? (await sql<{ s: string }>`select current_schema() as s`.execute(trx)).rows[0]!.s;
          const fp = await fingerprint(trx);
          chain = await verifyAuditChain(trx); // in the dump's snapshot
          const migrationIds = await appliedMigrations(trx);
          const { conn, env } = libpq(c.url);
          await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, '--schema', schema, '--file', dumpTmp, conn], { env });
          return base('postgres', schema, migrationIds, fp);
        });
      database = () => writer.addFile(PG_DUMP, dumpTmp);
    }
    const stored = filesDir ? await storedFiles(filesDir) : [];
    manifest.files = {
      location: stored.length > 0 ? 'archive' : db.kind === 'pglite' && !filesDir ? 'database' : 'none',
      count: stored.length,
      bytes: 0,
    };
    for (const f of stored) manifest.files.bytes += (await stat(path.join(filesDir!, f))).size;
    manifest.auditChain = { ok: chain!.ok, entries: chain!.entries, head: chain!.head, broken: chain!.broken, message: chain!.message };
    // the manifest comes last: it carries the database entry's checksum
    manifest.databaseSha256 = await database();
    for (const f of stored) await writer.addFile(`files/${f}`, path.join(filesDir!, f));
    await writer.addBuffer(MANIFEST, Buffer.from(JSON.stringify(manifest, null, 2)));
    await writer.finish();
    await rename(tmp, target);
    return { kind: db.kind, bytes: writer.bytes, tables: Object.keys(manifest.fingerprint.tables).length, rows: totalRows(manifest.fingerprint), files: stored.length, auditChain: chain! };
  } catch (e) {
    await writer.abort();
    await rm(tmp, { force: true });
    throw e;
  } finally {
    await rm(dumpTmp, { force: true });
  }
}

function base(kind: Db['kind'], schema: string | null, migrations: number[], fp: Fingerprint): Manifest {
  return {
    format: 'styrbord-backup',
    version: 1,
    createdAt: new Date().toISOString(),
    database: kind,
    schema,
    migrations,
    fingerprint: fp,
    databaseSha256: '',
    files: { location: 'none', count: 0, bytes: 0 },
  };
}

// ── restore ──────────────────────────────────────────────────────────────

export interface RestoreTarget {
  /** PostgreSQL: restore into this database (DATABASE_URL). */
  url?: string | undefined;
  /** PGlite: restore into this data directory (DATA_DIR). */
  dataDir?: string | undefined;
  /** Where stored files go (default FILES_DIR, else DATA_DIR/files). */
  filesDir?: string | undefined;
  /** Restore over existing content, which is moved aside (not deleted). */
  force?: boolean | undefined;
}

/** Reads and checks a backup's manifest (also for `npm run audit-verify -- --anchor-from <backup>`). */
export async function readManifest(file: string): Promise<{ manifest: Manifest; entries: Map<string, TarEntry> }> {
  if (!existsSync(file)) throw new DomainError('not-found', `Säkerhetskopian ${file} finns inte.`, { status: 404 });
  let entries: TarEntry[];
  try {
    entries = await listTar(file);
  } catch (e) {
    const head = await readEntry(file, { name: '', offset: 0, size: Math.min(5, (await stat(file)).size) }).catch(() => Buffer.alloc(0));
    if (head.toString('latin1') === 'PGDMP') {
      throw new DomainError('backup-unreadable', `Filen ${file} är en ren pg_dump-fil, inte en säkerhetskopia från Styrbord; återställ den med pg_restore.`, { status: 422 });
    }
    throw e;
  }
  const byName = new Map(entries.map((e) => [e.name, e]));
  const m = byName.get(MANIFEST);
  if (!m || m.size > 50 * 1024 * 1024) {
    throw new DomainError('backup-unreadable', `Filen ${file} är ingen säkerhetskopia från Styrbord (innehållsförteckningen ${MANIFEST} saknas).`, { status: 422 });
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse((await readEntry(file, m)).toString('utf8')) as Manifest;
  } catch {
    throw new DomainError('backup-unreadable', `Säkerhetskopian ${file} är skadad: innehållsförteckningen går inte att läsa.`, { status: 422 });
  }
  if (manifest.format !== 'styrbord-backup' || manifest.version !== 1 || !manifest.fingerprint?.tables) {
    throw new DomainError('backup-unreadable', `Säkerhetskopian ${file} har ett format som den här versionen av Styrbord inte känner till.`, { status: 422 });
  }
  for (const e of entries) {
    if (e.name.startsWith('files/') && !STORED_FILE.test(e.name.slice('files/'.length))) {
      throw new DomainError('backup-unreadable', `Säkerhetskopian ${file} innehåller en okänd post (${e.name.slice(0, 100)}); ingenting återställdes.`, { status: 422 });
    }
  }
  const dbEntry = byName.get(manifest.database === 'pglite' ? PGLITE_DUMP : PG_DUMP);
  if (!dbEntry) throw new DomainError('backup-unreadable', `Säkerhetskopian ${file} saknar databasen.`, { status: 422 });
  if ((await entrySha256(file, dbEntry)) !== manifest.databaseSha256) {
    throw new DomainError('backup-corrupt', `Säkerhetskopian ${file} är skadad: databasdelen har inte den kontrollsumma som säkerhetskopian anger. Ingenting återställdes.`, { status: 422 });
  }
  const files = entries.filter((e) => e.name.startsWith('files/')).length;
  if (files !== manifest.files.count) {
    throw new DomainError('backup-unreadable', `Säkerhetskopian ${file} är ofullständig: ${files} av ${manifest.files.count} filer finns i den.`, { status: 422 });
  }
  return { manifest, entries: byName };
}

function checkMigrations(file: string, manifest: Manifest, force: boolean | undefined) {
  const known = new Set(knownMigrations.map((m) => m.id));
  const unknown = manifest.migrations.filter((id) => !known.has(id));
  if (unknown.length > 0 && !force) {
    throw new DomainError(
      'backup-too-new',
      `Säkerhetskopian ${file} är gjord av en nyare version av Styrbord (migrering ${unknown.join(', ')} är okänd här). Uppdatera Styrbord före återställningen, eller ange --force.`,
      { status: 409 },
    );
  }
}

function mismatch(file: string, diffs: string[], where: string): DomainError {
  return new DomainError(
    'restore-mismatch',
    `Återställningen från ${file} stämmer inte med säkerhetskopians innehållsförteckning (${diffs.slice(0, 5).join('; ')}${diffs.length > 5 ? ` och ${diffs.length - 5} till` : ''}). ${where}`,
    { status: 500, details: { differences: diffs } },
  );
}

/**
 * Restores a backup. PGlite: into `dataDir`, which must be empty (or `force`).
 * PostgreSQL: into the database of `url`, whose schema must have no tables
 * (or `force`). Either way the result is compared with the backup's
 * fingerprint, table by table.
 */
export async function restore(file: string, target: RestoreTarget): Promise<RestoreSummary> {
  const { manifest, entries } = await readManifest(file);
  if (manifest.database === 'postgres' && !target.url) {
    throw new DomainError('wrong-database', `Säkerhetskopian ${file} kommer från PostgreSQL och återställs till en PostgreSQL-databas: ange DATABASE_URL.`);
  }
  if (manifest.database === 'pglite' && target.url) {
    throw new DomainError('wrong-database', `Säkerhetskopian ${file} kommer från den inbäddade databasen (PGlite) och återställs till en datakatalog: ta bort DATABASE_URL och ange DATA_DIR.`);
  }
  checkMigrations(file, manifest, target.force);
  const archived = [...entries.values()].filter((e) => e.name.startsWith('files/'));
  const summary = async (movedAside: string | null): Promise<RestoreSummary> => ({
    kind: manifest.database,
    createdAt: manifest.createdAt,
    tables: Object.keys(manifest.fingerprint.tables).length,
    rows: totalRows(manifest.fingerprint),
    files: manifest.files.count,
    movedAside,
    auditChain: await restoredChain(manifest, target),
  });
  if (manifest.database === 'pglite') return summary(await restorePglite(file, manifest, entries, archived, target));
  return summary(await restorePostgres(file, manifest, entries, archived, target));
}

/** The restored database's audit chain, verified once it is in place (a broken one is restored all the same, and said). */
async function restoredChain(manifest: Manifest, target: RestoreTarget): Promise<ChainStatus> {
  const db =
    manifest.database === 'pglite'
      ? await openDb({ url: '', dataDir: path.resolve(target.dataDir!), migrate: false })
      : await openDb({ url: target.url, schema: manifest.schema ?? 'public', migrate: false });
  try {
    return await verifyAuditChain(db.kysely);
  } finally {
    await db.close();
  }
}

async function restorePglite(file: string, manifest: Manifest, entries: Map<string, TarEntry>, archived: TarEntry[], target: RestoreTarget): Promise<string | null> {
  if (!target.dataDir || target.dataDir.startsWith('memory://')) {
    throw new DomainError('no-data-dir', 'Ange datakatalogen att återställa till (DATA_DIR); en databas i minnet kan inte återställas till.');
  }
  const dir = path.resolve(target.dataDir);
  // the target is ours from the first look at it until the restored directory is in place:
  // a server (or another restore) that has it open is refused, and none can open it meanwhile
  const lock = await lockDataDir(dir);
  try {
    return await restorePgliteLocked(file, dir, entries, manifest, archived, target);
  } finally {
    await lock.release();
  }
}

async function restorePgliteLocked(file: string, dir: string, entries: Map<string, TarEntry>, manifest: Manifest, archived: TarEntry[], target: RestoreTarget): Promise<string | null> {
  const nonEmpty = existsSync(dir) && (await readdir(dir)).length > 0;
  if (nonEmpty && !target.force) {
    throw new DomainError(
      'target-not-empty',
      `Datakatalogen ${dir} är inte tom. Återställ till en tom katalog, eller ange --force, så flyttas den gamla katalogen undan (ingenting raderas).`,
      { status: 409 },
    );
  }
  const staging = `${dir}.aterstalls-${randomBytes(4).toString('hex')}`;
  try {
    const dump = await readEntry(file, entries.get(PGLITE_DUMP)!);
    let db: Db;
    try {
      db = await openDb({ url: '', dataDir: staging, loadDataDir: dump, migrate: false });
    } catch (e) {
      throw new DomainError('backup-corrupt', `Databasen i säkerhetskopian ${file} går inte att öppna (${(e as Error).message.slice(0, 200)}). Ingenting ändrades i datakatalogen.`, { status: 422 });
    }
    try {
      const diffs = differences(manifest.fingerprint, await fingerprint(db.kysely));
      if (diffs.length > 0) throw mismatch(file, diffs, 'Ingenting ändrades i datakatalogen.');
    } finally {
      await db.close();
    }
    // stored files: into FILES_DIR when it is set, else into the data directory's files/
    const filesTarget = target.filesDir ?? (process.env.FILES_DIR ? path.resolve(process.env.FILES_DIR) : null);
    for (const e of archived) await restoreStoredFile(file, e, filesTarget ?? path.join(staging, 'files'));
    if (filesTarget && manifest.files.location === 'database' && existsSync(path.join(staging, 'files'))) {
      for (const f of await storedFiles(path.join(staging, 'files'))) {
        const [d, n] = f.split('/') as [string, string];
        await mkdir(path.join(filesTarget, d), { recursive: true });
        if (!existsSync(path.join(filesTarget, f))) await rename(path.join(staging, 'files', f), path.join(filesTarget, d, n));
      }
      await rm(path.join(staging, 'files'), { recursive: true, force: true });
    }
    let aside: string | null = null;
    if (nonEmpty) {
      aside = `${dir}.fore-aterstallning-${stamp()}`;
      await rename(dir, aside);
    } else if (existsSync(dir)) await rm(dir, { recursive: true });
    await rename(staging, dir);
    return aside;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function restorePostgres(file: string, manifest: Manifest, entries: Map<string, TarEntry>, archived: TarEntry[], target: RestoreTarget): Promise<string | null> {
  const schema = manifest.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new DomainError('backup-unreadable', `Säkerhetskopian ${file} anger ett ogiltigt schema (${schema.slice(0, 60)}).`, { status: 422 });
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  let aside: string | null = null;
  let schemaExists: boolean;
  try {
    const r = await client.query<{ exists: boolean; tables: number; objects: number }>(
      `select exists (select 1 from pg_namespace where nspname = $1) as exists,
              (select count(*)::int from pg_tables where schemaname = $1) as tables,
              (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1)
            + (select count(*)::int from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = $1) as objects`,
      [schema],
    );
    schemaExists = r.rows[0]!.exists;
    const { tables, objects } = r.rows[0]!;
    if (objects > 0 && !target.force) {
      throw new DomainError(
        'target-not-empty',
        tables > 0
          ? `Schemat ${schema} i databasen har redan ${tables} tabeller. Återställ till en tom databas, eller ange --force, så flyttas det gamla schemat undan (ingenting raderas).`
          : `Schemat ${schema} i databasen är inte tomt (${objects} objekt). Återställ till en tom databas, eller ange --force, så flyttas det gamla schemat undan (ingenting raderas).`,
        { status: 409 },
      );
    }
    if (objects > 0) {
      aside = `${schema.slice(0, 30)}_fore_aterstallning_${stamp()}`;
      await client.query(`alter schema ${schema} rename to ${aside}`);
      schemaExists = false;
    }
    // the extensions the schema's indexes use live outside it (migration 016): a new database needs them first
    await client.query(extensionsSql);
  } finally {
    await client.end();
  }

  const dump = entries.get(PG_DUMP)!;
  const listFile = path.join(tmpdir(), `styrbord-restore-${randomBytes(6).toString('hex')}.list`);
  const { conn, env } = libpq(target.url!);
  try {
    // everything in the dump except creating a schema that already exists (public in a new database)
    const toc = await run('pg_restore', ['--list'], { stdin: entryStream(file, dump) });
    const keep = toc
      .split('\n')
      .map((line) => (schemaExists && new RegExp(`^\\d+; \\d+ \\d+ (SCHEMA - ${schema}|COMMENT - SCHEMA ${schema}) `).test(line) ? `;${line}` : line))
      .join('\n');
    await writeFile(listFile, keep);
    await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', '--use-list', listFile, '--dbname', conn], { env, stdin: entryStream(file, dump) });
  } catch (e) {
    if (aside) await putBack(target.url!, aside, schema);
    throw e;
  } finally {
    await unlink(listFile).catch(() => undefined);
  }

  const db = await openDb({ url: target.url, schema, migrate: false });
  try {
    const diffs = differences(manifest.fingerprint, await fingerprint(db.kysely));
    if (diffs.length > 0) throw mismatch(file, diffs, aside ? `Det tidigare innehållet finns kvar i schemat ${aside}.` : '');
  } finally {
    await db.close();
  }
  const filesTarget = target.filesDir ?? filesRoot(process.env);
  for (const e of archived) await restoreStoredFile(file, e, filesTarget);
  return aside;
}

/** A failed restore puts the schema that was moved aside back in its place. */
async function putBack(url: string, aside: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.query(`alter schema ${aside} rename to ${schema}`);
  } finally {
    await client.end();
  }
}
