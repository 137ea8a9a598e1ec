/**
 * Backup and restore (src/ops, `npm run backup` / `npm run restore`) on
 * embedded PGlite and, when DATABASE_URL is set, PostgreSQL: a restore into a
 * fresh database equals the original in every table and sequence (row counts
 * and an MD5 of all rows in primary-key order) and brings the stored files
 * back; a non-empty target is refused (or, with --force, moved aside); a
 * damaged or foreign file is refused in Swedish and changes nothing; a backup
 * taken while others write is one consistent snapshot.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/db/index.ts';
import { backup, restore } from '../../src/ops/backup.ts';
import { listTar } from '../../src/ops/tar.ts';
import { DomainError } from '../../src/kernel/errors.ts';
import { importKallelse } from '../../src/importer/service.ts';
import { listCases, registerCase } from '../../src/diarium/service.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import * as delegation from '../../src/delegation/service.ts';
import { actorWith } from '../helpers/auth.ts';
import { adminQuery, freshPgDatabase, isSwedish, PG_URL, ROOT, SEED_000, SEED_003, tableChecksums } from './support.ts';

const run = promisify(execFile);

/** A database with something in most tables: two imported kallelser, cases, a user, minutes, delegation. */
async function fill(db: Db): Promise<void> {
  await importKallelse(db, SYSTEM, { fileName: '003.txt', text: SEED_003 });
  await importKallelse(db, SYSTEM, { fileName: '000.txt', text: SEED_000 });
  for (let i = 0; i < 5; i++) {
    await registerCase(db, actorWith('case-officer'), { title: `Ärende ${i}: "citat", 'apostrof', <b>fet</b>, tab\tny rad\n`, registeredOn: '2026-11-24' });
  }
  await createUser(db, SYSTEM, { username: 'asa.oberg', displayName: 'Åsa Öberg', password: 'ett långt lösenord', roles: ['secretary'] });
  const m = (await meetings.listMeetings(db))[0]!;
  const view = await minutes.openMinutes(db, actorWith('secretary'), m.id);
  const seats = (await meetings.getBody(db, m.bodyId)).memberships.filter((x) => x.kind === 'member');
  await minutes.setAttendance(db, actorWith('secretary'), m.id, { version: view.version, attendance: seats.map((s, i) => ({ personId: s.personId, present: i !== 0 })) });
  await delegation.setPoint(db, actorWith('secretary'), m.bodyId, { number: '3.2', title: 'Regionala utvecklingsstöd', delegate: 'förvaltningschef', maxAmountOre: 50_000_000, decisionTypes: [] });
  const someCase = (await listCases(db, { limit: 1 })).items[0]!;
  await delegation.registerDecision(db, actorWith('secretary'), m.bodyId, {
    pointNumber: '3.2',
    decider: 'förvaltningschef',
    decidedOn: '2026-11-20',
    caseNumbers: [someCase.caseNumber],
    text: 'Beviljar stöd.',
    amountOre: 12_345_600,
  });
}

/** Puts a stored file (named by its SHA-256) under a files root, as the document store does. */
function storeFile(root: string, content: string): string {
  const sha = createHash('sha256').update(content).digest('hex');
  mkdirSync(path.join(root, sha.slice(0, 2)), { recursive: true });
  writeFileSync(path.join(root, sha.slice(0, 2), sha.slice(2)), content);
  return sha;
}

const fileAt = (root: string, sha: string) => path.join(root, sha.slice(0, 2), sha.slice(2));

interface Setup {
  name: 'pglite' | 'postgres';
  /** The source database and where its stored files are. */
  source(): Promise<{ db: Db; filesDir: string; backupFilesDir: string | undefined }>;
  /** A fresh, empty restore target; `open` opens what was restored there. */
  target(): Promise<{ where: Parameters<typeof restore>[1]; filesDir: string; open(): Promise<Db>; cleanup(): Promise<void> }>;
}

const work = mkdtempSync(path.join(tmpdir(), 'styrbord-backup-'));
const schemas: string[] = [];
afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  if (PG_URL) for (const s of schemas) await adminQuery(`drop schema if exists ${s} cascade`);
});
const dir = (name: string) => path.join(work, `${name}-${randomBytes(3).toString('hex')}`);

const setups: Setup[] = [
  {
    name: 'pglite',
    async source() {
      const dataDir = dir('kalla');
      // stored files live in DATA_DIR/files and travel inside PGlite's own dump
      return { db: await openDb({ url: '', dataDir }), filesDir: path.join(dataDir, 'files'), backupFilesDir: undefined };
    },
    async target() {
      const dataDir = dir('mal');
      return {
        where: { dataDir },
        filesDir: path.join(dataDir, 'files'),
        open: () => openDb({ url: '', dataDir, migrate: false }),
        cleanup: async () => undefined,
      };
    },
  },
  ...(PG_URL
    ? [
        {
          name: 'postgres' as const,
          async source() {
            const schema = `bk_${randomBytes(5).toString('hex')}`;
            schemas.push(schema);
            const filesDir = dir('filer');
            return { db: await openDb({ url: PG_URL, schema }), filesDir, backupFilesDir: filesDir };
          },
          async target() {
            const fresh = await freshPgDatabase('aterstall');
            const filesDir = dir('filer-mal');
            let schema = '';
            return {
              where: { url: fresh.url, filesDir },
              filesDir,
              open: async () => {
                schema ||= (await adminQuery<{ s: string }>(`select nspname as s from pg_namespace where nspname like 'bk\\_%' and nspname not like '%fore_aterstallning%'`, [], fresh.url))[0]!.s;
                return openDb({ url: fresh.url, schema, migrate: false });
              },
              cleanup: () => fresh.drop(),
            };
          },
        },
      ]
    : []),
];

describe.each(setups)('backup and restore on $name', (setup) => {
  let source: Db;
  let sourceFiles: string;
  let backupFilesDir: string | undefined;
  let file: string;
  let atBackup: Record<string, string>;
  let sha: string;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    ({ db: source, filesDir: sourceFiles, backupFilesDir } = await setup.source());
    await fill(source);
    sha = storeFile(sourceFiles, `%PDF-1.7 en bilaga ${randomBytes(8).toString('hex')}`);
    // the search indexing the writes queued runs after their commits: let it finish, or it could
    // rebuild documents (and advance their sequence) between this fingerprint and the backup
    await source.settled();
    atBackup = await tableChecksums(source.kysely);
    file = path.join(work, `kopia-${setup.name}.styrbord`);
    const t0 = performance.now();
    const r = await backup(source, file, { filesDir: backupFilesDir });
    console.log(`${setup.name}: säkerhetskopia ${Math.round(r.bytes / 1024)} kB, ${r.tables} tabeller, ${r.rows} rader, ${r.files} filer på ${Math.round(performance.now() - t0)} ms`);
    // written after the backup: must not be in it
    await registerCase(source, actorWith('case-officer'), { title: 'Efter säkerhetskopian', registeredOn: '2026-11-24' });
  });
  afterAll(async () => {
    await source.close();
    for (const c of cleanups) await c();
  });

  async function freshTarget() {
    const t = await setup.target();
    cleanups.push(t.cleanup);
    return t;
  }

  it('restores into a fresh database with every table and sequence equal, and the stored files', async () => {
    expect(Object.keys(atBackup).filter((k) => k.startsWith('table ')).length).toBeGreaterThan(25);
    const t = await freshTarget();
    const t0 = performance.now();
    const r = await restore(file, t.where);
    console.log(`${setup.name}: återställd på ${Math.round(performance.now() - t0)} ms (${r.rows} rader kontrollerade)`);
    const restored = await t.open();
    try {
      expect(await tableChecksums(restored.kysely)).toEqual(atBackup);
      expect(Object.entries(atBackup).filter(([k, v]) => k.startsWith('table ') && !v.startsWith('0:')).length).toBeGreaterThan(15);
    } finally {
      await restored.close();
    }
    expect(readFileSync(fileAt(t.filesDir, sha))).toEqual(readFileSync(fileAt(sourceFiles, sha)));
  });

  it('refuses a non-empty target in Swedish, and with --force moves the old content aside', async () => {
    const t = await freshTarget();
    await restore(file, t.where);
    const extra = await t.open();
    await registerCase(extra, actorWith('case-officer'), { title: 'Ändrat efter återställningen', registeredOn: '2026-11-25' });
    const changed = await tableChecksums(extra.kysely);
    await extra.close();

    const refused = await restore(file, t.where).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'target-not-empty' });
    expect(isSwedish((refused as DomainError).message)).toBe(true);
    const untouched = await t.open();
    expect(await tableChecksums(untouched.kysely)).toEqual(changed);
    await untouched.close();

    const forced = await restore(file, { ...t.where, force: true });
    expect(forced.movedAside).toBeTruthy();
    const again = await t.open();
    try {
      expect(await tableChecksums(again.kysely)).toEqual(atBackup);
    } finally {
      await again.close();
    }
    // nothing was deleted: the old content is where the message says
    if (setup.name === 'pglite') expect(existsSync(path.join(forced.movedAside!, 'PG_VERSION'))).toBe(true);
    else {
      const url = (t.where as { url: string }).url;
      const aside = await adminQuery<{ n: number }>(`select count(*)::int as n from pg_tables where schemaname = $1`, [forced.movedAside], url);
      expect(aside[0]!.n).toBeGreaterThan(25);
    }
  });

  it('refuses damaged and foreign files in Swedish and changes nothing', async () => {
    const entries = await listTar(file);
    const dbEntry = entries.find((e) => e.name.startsWith('database/'))!;
    const bytes = readFileSync(file);
    const flipped = Buffer.from(bytes);
    flipped[dbEntry.offset + Math.floor(dbEntry.size / 2)]! ^= 0xff;
    const cases: Array<[string, Buffer]> = [
      ['en byte ändrad i databasdelen', flipped],
      ['avkortad', bytes.subarray(0, Math.floor(bytes.length / 2))],
      ['tom', Buffer.alloc(0)],
      ['slumpdata', randomBytes(4096)],
      ['en textfil', Buffer.from('Detta är ingen säkerhetskopia.\n'.repeat(100))],
      ['en ren pg_dump-fil', Buffer.concat([Buffer.from('PGDMP'), randomBytes(600)])],
    ];
    for (const [what, content] of cases) {
      const bad = path.join(work, `trasig-${setup.name}-${randomBytes(3).toString('hex')}`);
      writeFileSync(bad, content);
      const t = await freshTarget();
      const e = await restore(bad, t.where).catch((err: unknown) => err);
      expect(e, what).toBeInstanceOf(DomainError);
      expect(isSwedish((e as DomainError).message), `${what}: ${(e as Error).message}`).toBe(true);
      // the target is as it was: no data directory, or a database with no tables
      if (setup.name === 'pglite') expect(existsSync((t.where as { dataDir: string }).dataDir), what).toBe(false);
      else expect((await adminQuery<{ n: number }>(`select count(*)::int as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`, [], (t.where as { url: string }).url))[0]!.n, what).toBe(0);
    }
    // the other kind of database, and a file that is not there
    const other = setup.name === 'pglite' ? { url: 'postgres://ingen@127.0.0.1:1/ingen' } : { dataDir: dir('fel-sort') };
    await expect(restore(file, other)).rejects.toMatchObject({ code: 'wrong-database' });
    await expect(restore(path.join(work, 'finns-inte'), other)).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('finns inte') });
  });

  it('takes one consistent snapshot while twenty others write', async () => {
    const busy = path.join(work, `medan-${setup.name}.styrbord`);
    const writes = Promise.all(Array.from({ length: 20 }, (_, i) => registerCase(source, actorWith('case-officer'), { title: `Samtidigt ${i}`, registeredOn: '2026-11-26' })));
    const r = await backup(source, busy, { filesDir: backupFilesDir });
    await writes;
    const t = await freshTarget();
    // restore checks the result against the fingerprint taken in the dump's snapshot
    const back = await restore(busy, t.where);
    expect(back.rows).toBe(r.rows);
    const restored = await t.open();
    try {
      const serials = (await listCases(restored, { limit: 500 })).items.filter((c) => c.registeredOn === '2026-11-26').map((c) => c.serial).sort((a, b) => a - b);
      // some prefix of the twenty, with no gaps: never half a registration
      expect(serials).toEqual(serials.map((_, i) => serials[0]! + i));
    } finally {
      await restored.close();
    }
  });

  it('works from the command line: npm run backup / npm run restore', async () => {
    const cliFile = path.join(work, `cli-${setup.name}.styrbord`);
    let env: NodeJS.ProcessEnv;
    let targetEnv: NodeJS.ProcessEnv;
    let cleanup = async () => {};
    if (setup.name === 'pglite') {
      const dataDir = dir('cli-kalla');
      const db = await openDb({ url: '', dataDir });
      await importKallelse(db, SYSTEM, { fileName: '003.txt', text: SEED_003 });
      await db.close();
      env = { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir };
      targetEnv = { ...process.env, DATABASE_URL: '', DATA_DIR: dir('cli-mal') };
    } else {
      const src = await freshPgDatabase('cli_kalla');
      const dst = await freshPgDatabase('cli_mal');
      const db = await openDb({ url: src.url });
      await importKallelse(db, SYSTEM, { fileName: '003.txt', text: SEED_003 });
      await db.close();
      const files = dir('cli-filer');
      env = { ...process.env, DATABASE_URL: src.url, FILES_DIR: files };
      targetEnv = { ...process.env, DATABASE_URL: dst.url, FILES_DIR: dir('cli-filer-mal') };
      cleanup = async () => {
        await src.drop();
        await dst.drop();
      };
    }
    try {
      const npm = (args: string[], e: NodeJS.ProcessEnv) => run('npm', ['run', '--silent', ...args], { cwd: ROOT, env: e }).catch((err: { code: number; stdout: string; stderr: string }) => err);
      const made = await npm(['backup', '--', cliFile], env);
      expect(made.stdout).toMatch(/^Säkerhetskopian .* är skriven: .*\d[\d\s]* tabeller, \d[\d\s]* rader/);
      const again = (await npm(['backup', '--', cliFile], env)) as { code: number; stderr: string };
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('finns redan');
      const restored = await npm(['restore', '--', cliFile], targetEnv);
      expect(restored.stdout).toMatch(/^Databasen är återställd från .*: \d[\d\s]* tabeller och \d[\d\s]* rader stämmer med säkerhetskopian/);
      const refused = (await npm(['restore', '--', cliFile], targetEnv)) as { code: number; stderr: string };
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/inte tom|redan \d+ tabeller/);
      const forced = await npm(['restore', '--', cliFile, '--force'], targetEnv);
      expect(forced.stdout).toMatch(/Det tidigare innehållet finns kvar i (katalogen|schemat) /);
      expect(statSync(cliFile).size).toBeGreaterThan(1000);
      if (setup.name === 'pglite') expect(readdirSync(path.dirname(targetEnv.DATA_DIR!)).some((f) => f.startsWith(`${path.basename(targetEnv.DATA_DIR!)}.fore-aterstallning-`))).toBe(true);
    } finally {
      await cleanup();
    }
  }, 300_000); // four command-line processes, each starting tsx and opening the database: minutes on a busy machine
});
