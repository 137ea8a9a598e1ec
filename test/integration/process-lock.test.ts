/**
 * One process owns a PGlite data directory (src/db/lock.ts), tried with real
 * processes as a new user meets them: `npm start` runs, and in a second
 * terminal `npm run create-admin`, a second `npm start`, `npm run import`,
 * `npm run backup` (and a restore, and this test process itself) are refused
 * with a Swedish message naming the holder (pid, command, since when) and what
 * to do, while the server keeps working; after Ctrl+C the lock is gone and
 * nothing the server did is lost; after kill -9 the next process takes the
 * lock over at once. On PostgreSQL, where no directory lock applies, two
 * processes' connections on one database never hand out the same diarienummer.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/db/index.ts';
import { importKallelse } from '../../src/importer/service.ts';
import { registerCase, registerCaseIn } from '../../src/diarium/service.ts';
import { backup, restore } from '../../src/ops/backup.ts';
import { SYSTEM } from '../../src/access/model.ts';
import { actorWith } from '../helpers/auth.ts';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { runCli, startServerProcess, waitForOutput } from '../helpers/server.ts';
import { SEED_003 } from '../robustness/support.ts';

afterAll(dropTestSchemas);

const work = mkdtempSync(path.join(tmpdir(), 'styrbord-las-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A data directory with one meeting (not the demo file byte for byte, so a start imports no demo papers). */
async function preparedDataDir(name: string): Promise<string> {
  const dir = path.join(work, name);
  const db = await openDb({ url: '', dataDir: dir });
  await importKallelse(db, SYSTEM, { fileName: '003.txt', text: `${SEED_003}\n` });
  await db.close();
  return dir;
}

describe('a PGlite data directory is owned by one process', () => {
  it('refuses a second process in Swedish, naming the holder, while the first keeps working; releases the lock at exit', async () => {
    const dir = await preparedDataDir('data');
    // the lock of this process's own open and close is gone: the server may start
    expect(existsSync(`${dir}.lock`)).toBe(false);
    const env = { DATA_DIR: dir };
    const server = await startServerProcess(env);
    try {
      const pid = server.child.pid!;
      expect(existsSync(`${dir}.lock`)).toBe(true);
      const holder = new RegExp(`Datakatalogen ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} används redan av process ${pid} \\(npm start\\), sedan \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.`);
      const stopHint = 'Stoppa servern (Ctrl+C i terminalen där npm start körs) och försök igen.';

      // what a new user does in a second terminal: create-admin is refused, pointing to the one-time link, before asking for a password
      const admin = await runCli(['create-admin', 'chef', 'Petter', 'Arneback'], { ...env, STYRBORD_PASSWORD: 'korrekt häst batteri zebra' });
      expect(admin.code).toBe(1);
      expect(admin.stdout).not.toContain('Administratören chef är skapad');
      expect(admin.stderr).toMatch(holder);
      expect(admin.stderr).toContain(stopHint);
      expect(admin.stderr).toContain('engångslänken som servern skrev ut i terminalen');
      expect(admin.stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace

      const second = await runCli(['start'], { ...env, PORT: '0' });
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(holder);
      expect(second.stdout).not.toContain('Styrbord körs på');

      const kallelse = path.join(work, 'kallelse.txt');
      writeFileSync(kallelse, SEED_003);
      const imported = await runCli(['import', kallelse], env);
      expect(imported.code).toBe(1);
      expect(imported.stderr).toMatch(holder);

      const backedUp = await runCli(['backup', path.join(work, 'kopia.styrbord')], env);
      expect(backedUp.code).toBe(1);
      expect(backedUp.stderr).toMatch(holder);
      expect(backedUp.stderr).toContain('tas när servern är stoppad');
      expect(existsSync(path.join(work, 'kopia.styrbord'))).toBe(false);

      // a restore over the directory, and this very process, are refused the same way
      const source = await openDb({ url: '', dataDir: 'memory://' });
      const file = path.join(work, 'annan.styrbord');
      await backup(source, file, { filesDir: null });
      await source.close();
      await expect(restore(file, { dataDir: dir, force: true })).rejects.toMatchObject({ code: 'data-dir-locked', message: expect.stringMatching(holder) });
      await expect(openDb({ url: '', dataDir: dir })).rejects.toMatchObject({ code: 'data-dir-locked', status: 423, message: expect.stringContaining(stopHint) });

      // the server was never disturbed: it answers, and its one-time link creates the administrator, who registers a case
      expect(await (await fetch(`${server.url}/api/health`)).json()).toEqual({ ok: true, database: 'pglite' });
      const token = (await waitForOutput(server, /forsta-inloggning#token=([A-Za-z0-9_-]+)/))[1]!;
      const password = 'korrekt häst batteri zebra';
      const created = await fetch(`${server.url}/api/first-run`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, username: 'chef', displayName: 'Petter Arneback', password }),
      });
      expect(created.status).toBe(201);
      const login = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'chef', password }) });
      expect(login.status).toBe(200);
      const headers = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken, 'content-type': 'application/json' };
      const registered = await fetch(`${server.url}/api/cases`, { method: 'POST', headers, body: JSON.stringify({ title: 'Medan låset hölls', registeredOn: '2026-12-02' }) });
      expect(registered.status).toBe(201);
    } finally {
      // Ctrl+C: the server closes and the lock goes with it
      expect((await server.stop()).code).toBe(0);
    }
    expect(existsSync(`${dir}.lock`)).toBe(false);
    const db = await openDb({ url: '', dataDir: dir });
    try {
      const users = await db.kysely.selectFrom('app_user').select(['username', 'roles']).execute();
      expect(users).toEqual([{ username: 'chef', roles: ['admin'] }]);
      expect(await db.kysely.selectFrom('diarium_case').select('id').where('title', '=', 'Medan låset hölls').execute()).toHaveLength(1);
    } finally {
      await db.close();
    }
    // and the command line works again once the server is stopped
    const again = await runCli(['create-admin', 'andra', 'Anna', 'Andersson'], { DATA_DIR: dir, STYRBORD_PASSWORD: 'korrekt häst batteri zebra' });
    expect(again.stderr).toContain('Det finns redan en administratör');
    expect(existsSync(`${dir}.lock`)).toBe(false);
  }, 300_000);

  it('takes over at once the lock of a process that was killed (kill -9)', async () => {
    const dir = await preparedDataDir('dod');
    const server = await startServerProcess({ DATA_DIR: dir });
    server.child.kill('SIGKILL');
    expect((await server.exited).signal).toBe('SIGKILL');
    // the lock was left behind (no exit handler runs on SIGKILL), but its process is gone
    expect(existsSync(`${dir}.lock`)).toBe(true);
    const t0 = Date.now();
    const db = await openDb({ url: '', dataDir: dir });
    expect(Date.now() - t0).toBeLessThan(5_000); // not the 30 s after which any lock counts as stale
    await db.close();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  }, 300_000);

  it('refuses a second open in the same process, and allows it after close', async () => {
    const dir = path.join(work, 'samma');
    const first = await openDb({ url: '', dataDir: dir });
    await expect(openDb({ url: '', dataDir: dir })).rejects.toMatchObject({ code: 'data-dir-locked', message: expect.stringContaining(`process ${process.pid}`) });
    await first.close();
    const second = await openDb({ url: '', dataDir: dir });
    await second.close();
  });
});

describe.each(testDatabases)('diarienummer from two processes on one database ($name)', (tdb) => {
  it('never hands out the same number twice', async () => {
    let a: Db;
    let b: Db;
    if (tdb.name === 'postgres') {
      // two pools on one schema: what two `npm start` on one PostgreSQL server are to the database
      a = await tdb.open();
      const schema = (await a.kysely.selectNoFrom((eb) => eb.fn<string>('current_schema').as('s')).executeTakeFirstOrThrow()).s;
      b = await openDb({ url: process.env.DATABASE_URL, schema });
    } else {
      // PGlite: the second process does not get the directory at all
      const dir = path.join(work, 'nummer');
      a = await openDb({ url: '', dataDir: dir });
      await expect(openDb({ url: '', dataDir: dir })).rejects.toMatchObject({ code: 'data-dir-locked' });
      b = a;
    }
    try {
      const officer = actorWith('case-officer');
      // one registration holds the counter row in an open transaction; the other's waits for it, then takes the next number
      let releaseFirst!: () => void;
      const held = new Promise<void>((r) => (releaseFirst = r));
      const first = a.tx(async (trx) => {
        const c = await registerCaseIn(trx, officer, { title: 'Först', registeredOn: '2026-12-02' });
        await held;
        return c;
      });
      await new Promise((r) => setTimeout(r, 100));
      const secondDone = registerCase(b, officer, { title: 'Sedan', registeredOn: '2026-12-02' });
      await new Promise((r) => setTimeout(r, 200));
      releaseFirst();
      const [c1, c2] = await Promise.all([first, secondDone]);
      expect(c2.serial).toBe(c1.serial + 1);
      // and forty at once, twenty through each
      const many = await Promise.all(
        Array.from({ length: 40 }, (_, i) => registerCase(i % 2 ? a : b, officer, { title: `Samtidigt ${i}`, registeredOn: '2026-12-02' })),
      );
      const numbers = [c1, c2, ...many].map((c) => c.caseNumber);
      expect(new Set(numbers).size).toBe(42);
      const serials = [c1, c2, ...many].map((c) => c.serial).sort((x, y) => x - y);
      expect(serials).toEqual(serials.map((_, i) => serials[0]! + i));
    } finally {
      if (b !== a) await b.close();
      await a.close();
    }
  }, 120_000);
});
