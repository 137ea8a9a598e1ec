/**
 * The audit log is tamper-evident (issue 13, point 10): every entry carries a
 * hash chained to the previous one, computed by a trigger on every insert
 * path; verification names the first entry that does not fit, on PGlite and
 * PostgreSQL alike; the backup and restore check the chain; on PostgreSQL the
 * app can run as a role that cannot touch the trigger.
 */
import { createHash, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql, type RawBuilder } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { audit, auditMany, migrate, openDb, type Db } from '../../src/db/index.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { GENESIS, parseAnchor, verifyAuditChain } from '../../src/ops/auditVerify.ts';
import { backup, readManifest, restore } from '../../src/ops/backup.ts';
import { dropTestSchemas, testDatabases, useApp } from '../helpers/db.ts';
import { signIn } from '../helpers/auth.ts';

const run = promisify(execFile);
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

afterAll(dropTestSchemas);

/** As the table's owner would: switch the append-only trigger off, change the log, switch it on again. */
async function tamper(db: Db, statement: RawBuilder<unknown>): Promise<void> {
  await db.tx(async (trx) => {
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(trx);
    await statement.execute(trx);
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(trx);
  });
}

async function writeEntries(db: Db, n: number, tag: string): Promise<number[]> {
  for (let i = 0; i < n; i++) await audit(db.kysely, { actor: 'user:test', action: `test.${tag}`, entity: 'case', entityId: i, before: { n: i }, after: { n: i + 1, text: 'Å ä ö "citat" \n ny rad' } });
  const rows = await db.kysely.selectFrom('audit_log').select('id').where('action', '=', `test.${tag}`).orderBy('id').execute();
  return rows.map((r) => r.id);
}

describe.each(testDatabases)('the audit log hash chain on $name', (tdb) => {
  let db: Db;
  let app: Awaited<ReturnType<typeof buildApp>>;
  useApp(tdb, (d, a) => {
    db = d;
    app = a;
  });

  it('builds the entry text the same way on every engine, and chains each entry to the one before', async () => {
    const text = (
      await sql<{ t: string }>`select audit_log_entry_text(42, '2026-01-02T03:04:05.123456+01:00', 'user:åsa', 'case.register', 'case', 'RTN 2026/7',
        ${JSON.stringify({ zeta: 1.5, a: [1.0, 2e3, 'ö\n"x"\u0001', null, true], aa: {}, b: { y: 2, x: 1 } })}::jsonb, null) as t`.execute(db.kysely)
    ).rows[0]!.t;
    // jsonb's text: keys by length then bytes, one space after ':' and ','; the time in UTC to the microsecond
    expect(text).toBe(
      '[42, "2026-01-02T02:04:05.123456Z", "user:åsa", "case.register", "case", "RTN 2026/7", {"a": [1, 2000, "ö\\n\\"x\\"\\u0001", null, true], "b": {"x": 1, "y": 2}, "aa": {}, "zeta": 1.5}, null]',
    );
    const h = (await sql<{ h: string }>`select audit_log_hash(${GENESIS}, ${text}) as h`.execute(db.kysely)).rows[0]!.h;
    expect(h).toBe(sha256(GENESIS + text));
    expect(h).toBe('82206de8cac89ef8f97c61b495ca67060949532199e6cde876f6f82d02fbb386');

    await writeEntries(db, 3, 'basic');
    await auditMany(db.kysely, [1, 2, 3].map((i) => ({ actor: 'system', action: 'test.many', entity: 'case', entityId: i })));
    const rows = await db.kysely.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(rows.length).toBeGreaterThanOrEqual(6);
    let prev = GENESIS;
    for (const r of rows) {
      expect(r.prev_hash).toBe(prev);
      expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
      prev = r.hash;
    }
    const status = await verifyAuditChain(db.kysely);
    expect(status).toMatchObject({ ok: true, entries: rows.length, broken: null, head: { id: rows.at(-1)!.id, hash: prev } });
    expect(status.message).toMatch(/kedja är hel/);
  });

  it('names the entry whose content was changed behind the trigger, over the API too', async () => {
    const ids = await writeEntries(db, 5, 'tamper');
    const victim = ids[2]!;
    const admin = await signIn(app, db, ['admin']);
    const member = await signIn(app, db, ['member']);
    expect((await app.inject({ url: '/api/audit/verify', ...admin })).json()).toMatchObject({ ok: true, broken: null });

    const original = (await db.kysely.selectFrom('audit_log').select(sql<string>`after::text`.as('a')).where('id', '=', victim).executeTakeFirstOrThrow()).a;
    await tamper(db, sql`update audit_log set after = '{"n": 99}' where id = ${victim}`);
    const status = await verifyAuditChain(db.kysely, { batch: 2 });
    expect(status.ok).toBe(false);
    expect(status.broken).toMatchObject({ kind: 'changed', id: victim });
    expect(status.message).toMatch(new RegExp(`Posten med id ${victim} .*har ändrats efter att den skrevs`));

    const res = await app.inject({ url: '/api/audit/verify', ...admin });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toMatchObject({ ok: false, broken: { kind: 'changed', id: victim } });
    expect((await app.inject({ url: '/api/audit/verify' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/audit/verify', ...member })).statusCode).toBe(403);

    // putting the content back makes the chain whole again
    await tamper(db, sql`update audit_log set after = ${original}::jsonb where id = ${victim}`);
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true);
  });

  it('catches, through an anchor, an owner who changed an entry and recomputed every hash after it', async () => {
    const ids = await writeEntries(db, 3, 'rewrite');
    const before = await verifyAuditChain(db.kysely);
    const anchor = { id: ids[2]!, hash: before.head!.hash };
    expect(before.head!.id).toBe(ids[2]);
    expect(parseAnchor(`${anchor.id}:${anchor.hash}`)).toEqual(anchor);
    await tamper(
      db,
      sql`do $$
        declare r record; h text;
        begin
          select hash into h from audit_log where id < ${sql.lit(ids[0]!)} order by id desc limit 1;
          update audit_log set actor = 'user:omskriven' where id = ${sql.lit(ids[0]!)};
          for r in select * from audit_log where id >= ${sql.lit(ids[0]!)} order by id loop
            update audit_log set prev_hash = h, hash = audit_log_hash(h, audit_log_entry_text(r.id, r.at, r.actor, r.action, r.entity, r.entity_id, r.before, r.after))
              where id = r.id returning hash into h;
          end loop;
          update audit_chain_head set hash = h;
        end $$`,
    );
    // consistent again on its own: only the earlier head, kept outside the database, shows it
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true);
    const anchored = await verifyAuditChain(db.kysely, { anchors: [anchor] });
    expect(anchored.broken).toMatchObject({ kind: 'anchor-mismatch', id: ids[2] });
    expect(anchored.message).toMatch(/vid en tidigare kontroll: kedjan har räknats om/);
    expect((await verifyAuditChain(db.kysely, { anchors: [{ id: 999_999, hash: anchor.hash }] })).broken).toMatchObject({ kind: 'anchor-mismatch', id: 999_999 });
  });

  it('notices an entry deleted in the middle and at the end, and an entry added behind the trigger', async () => {
    const ids = await writeEntries(db, 4, 'delete');
    await tamper(db, sql`delete from audit_log where id = ${ids[1]}`);
    const middle = await verifyAuditChain(db.kysely);
    expect(middle.broken).toMatchObject({ kind: 'missing-before', id: ids[2] });
    expect(middle.message).toMatch(new RegExp(`mellan id ${ids[0]} och ${ids[2]} har tagits bort`));
    // a second database, so the broken chain above does not hide the next case
    const other = await tdb.open();
    try {
      const ids2 = await writeEntries(other, 3, 'tail');
      await tamper(other, sql`delete from audit_log where id = ${ids2[2]}`);
      expect((await verifyAuditChain(other.kysely)).broken).toMatchObject({ kind: 'truncated', id: ids2[2] });
    } finally {
      await other.close();
    }
    const third = await tdb.open();
    try {
      const ids3 = await writeEntries(third, 2, 'forged');
      await third.tx(async (trx) => {
        await sql`alter table audit_log disable trigger audit_log_chain`.execute(trx);
        await sql`insert into audit_log (id, actor, action, entity, entity_id, prev_hash, hash) values (${ids3[1]! + 1}, 'user:x', 'forged', 'case', '1', ${'0'.repeat(64)}, ${'f'.repeat(64)})`.execute(trx);
        await sql`alter table audit_log enable trigger audit_log_chain`.execute(trx);
      });
      expect((await verifyAuditChain(third.kysely)).broken).toMatchObject({ kind: 'missing-before', id: ids3[1]! + 1 });
    } finally {
      await third.close();
    }
  });
});

describe.each(testDatabases)('migration 024 on a log that already has entries, on $name', (tdb) => {
  it('chains the existing entries in id order', async () => {
    const db = await openDb(tdb.name === 'pglite' ? { url: '', dataDir: 'memory://', migrate: false } : { url: PG_URL, schema: `t_${randomBytes(6).toString('hex')}`, migrate: false });
    try {
      if (db.connection?.schema) await admin(`create schema if not exists ${db.connection.schema}`);
      await sql`create table schema_migrations (id int primary key, name text not null, applied_at timestamptz not null default now())`.execute(db.kysely);
      for (const m of migrations.filter((m) => m.id < 24)) {
        await sql.raw(m.sql).execute(db.kysely);
        await db.kysely.insertInto('schema_migrations').values({ id: m.id, name: m.name }).execute();
      }
      // entries written before the chain existed, one of them out of time order
      await sql`insert into audit_log (actor, action, entity, entity_id, after) values
        ('user:a', 'case.register', 'case', '1', '{"title": "Första"}'), ('user:b', 'case.update', 'case', '1', null)`.execute(db.kysely);
      await sql`insert into audit_log (at, actor, action, entity, entity_id) values ('2020-01-01T00:00:00Z', 'system', 'import', 'meeting', '7')`.execute(db.kysely);
      expect(await migrate(db)).toEqual(migrations.filter((m) => m.id >= 24).map((m) => m.id));
      const rows = await db.kysely.selectFrom('audit_log').select(['id', 'prev_hash', 'hash']).orderBy('id').execute();
      expect(rows.map((r) => r.prev_hash)).toEqual([GENESIS, rows[0]!.hash, rows[1]!.hash]);
      await audit(db.kysely, { actor: 'user:c', action: 'after.migration', entity: 'case', entityId: 1 });
      expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true, entries: 4 });
    } finally {
      const schema = db.connection?.schema;
      await db.close();
      if (schema) await admin(`drop schema if exists ${schema} cascade`);
    }
  });
});

describe.each(testDatabases)('concurrent writers on $name', (tdb) => {
  it('keeps one chain when 20 transactions write audit entries at once', async () => {
    const db = await tdb.open();
    try {
      const before = (await verifyAuditChain(db.kysely)).entries;
      await Promise.all(
        Array.from({ length: 20 }, (_, t) =>
          db.tx(async (trx) => {
            await audit(trx, { actor: `user:w${t}`, action: 'test.concurrent', entity: 'case', entityId: t, after: { step: 1 } });
            await sql`select pg_sleep(${(t % 5) / 200})`.execute(trx);
            await auditMany(trx, [2, 3].map((step) => ({ actor: `user:w${t}`, action: 'test.concurrent', entity: 'case', entityId: t, after: { step } })));
          }),
        ),
      );
      const status = await verifyAuditChain(db.kysely);
      expect(status).toMatchObject({ ok: true, entries: before + 60 });
      // each transaction's entries are consecutive in the chain: the lock is held to commit
      const rows = await db.kysely.selectFrom('audit_log').select(['actor']).where('action', '=', 'test.concurrent').orderBy('id').execute();
      for (let i = 0; i < rows.length; i += 3) expect(new Set(rows.slice(i, i + 3).map((r) => r.actor)).size).toBe(1);
    } finally {
      await db.close();
    }
  });

});

const PG_URL = process.env.DATABASE_URL;
const ROOT = path.resolve(import.meta.dirname, '../..');

async function admin<T extends pg.QueryResultRow>(q: string, url = PG_URL!): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(q)).rows;
  } finally {
    await c.end();
  }
}

/** A URL for the same server with another database, user or search_path. */
function pgUrl(opts: { database?: string; user?: string; password?: string; schema?: string }): string {
  const u = new URL(PG_URL!);
  if (opts.database) u.pathname = `/${opts.database}`;
  if (opts.user) u.username = opts.user;
  if (opts.password) u.password = opts.password;
  if (opts.schema) u.searchParams.set('options', `-c search_path=${opts.schema}`);
  return u.href;
}

describe.each(testDatabases)('backup, restore and npm run audit-verify on $name', (tdb) => {
  it('backs up a broken chain all the same, saying so; the restore verifies it again; the command names the entry', async () => {
    const work = await mkdtemp(path.join(tmpdir(), 'styrbord-kedja-'));
    let source: Db;
    let schema: string | null = null;
    if (tdb.name === 'pglite') source = await openDb({ url: '', dataDir: path.join(work, 'kalla') });
    else {
      source = await tdb.open();
      schema = source.connection!.schema!;
    }
    const database = `kedja_${randomBytes(4).toString('hex')}`;
    try {
      const ids = await writeEntries(source, 4, 'backup');
      const whole = await backup(source, path.join(work, 'hel.tar'), { filesDir: null });
      expect(whole.auditChain).toMatchObject({ ok: true, head: { id: ids[3] } });
      // the backup's manifest keeps the head: an anchor for later checks
      const { manifest } = await readManifest(path.join(work, 'hel.tar'));
      expect(manifest.auditChain).toMatchObject({ ok: true, head: whole.auditChain.head });
      await writeEntries(source, 1, 'after-backup');
      expect((await verifyAuditChain(source.kysely, { anchors: [manifest.auditChain!.head!] })).ok).toBe(true);

      await tamper(source, sql`update audit_log set actor = 'user:någon-annan' where id = ${ids[1]}`);
      const file = path.join(work, 'bruten.tar');
      const r = await backup(source, file, { filesDir: null });
      expect(r.auditChain).toMatchObject({ ok: false, broken: { kind: 'changed', id: ids[1] } });
      await source.close();

      let target: Parameters<typeof restore>[1];
      let env: NodeJS.ProcessEnv;
      if (tdb.name === 'pglite') {
        target = { dataDir: path.join(work, 'mal') };
        env = { ...process.env, DATABASE_URL: '', DATA_DIR: path.join(work, 'mal') };
      } else {
        await admin(`create database ${database}`);
        target = { url: pgUrl({ database }), filesDir: path.join(work, 'filer') };
        env = { ...process.env, DATABASE_URL: pgUrl({ database, schema: schema! }) };
      }
      const restored = await restore(file, target);
      expect(restored.auditChain).toMatchObject({ ok: false, broken: { kind: 'changed', id: ids[1] } });

      const cli = await run('npx', ['tsx', 'src/cli.ts', 'audit-verify', '--anchor-from', path.join(work, 'hel.tar')], { cwd: ROOT, env }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(cli.code).toBe(1);
      expect(cli.stderr).toMatch(new RegExp(`GRANSKNINGSLOGGEN ÄR INTE HEL\\. Posten med id ${ids[1]} \\(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\) har ändrats efter att den skrevs`));
    } finally {
      if (tdb.name === 'postgres') await admin(`drop database if exists ${database} with (force)`);
      await rm(work, { recursive: true, force: true });
    }
  }, 120_000);
});

// PostgreSQL only (several connections, roles): no tests at all without DATABASE_URL
const postgresOnly = testDatabases.filter((d) => d.name === 'postgres');

describe.each(postgresOnly)('a stale snapshot on $name', (tdb) => {
  it('refuses to chain on a stale snapshot: a repeatable-read writer behind a newer entry gets a serialization error', async () => {
    const db = await tdb.open();
    try {
      await audit(db.kysely, { actor: 'user:x', action: 'test.rr', entity: 'case', entityId: 0 });
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const stale = db.kysely
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => {
          await sql`select count(*) from audit_log`.execute(trx); // the snapshot is taken here
          await gate;
          await audit(trx, { actor: 'user:stale', action: 'test.rr', entity: 'case', entityId: 1 });
        });
      await audit(db.kysely, { actor: 'user:newer', action: 'test.rr', entity: 'case', entityId: 2 });
      release();
      await expect(stale).rejects.toMatchObject({ code: '40001' });
      expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true });
    } finally {
      await db.close();
    }
  });
});

describe.each(postgresOnly)('the app as a role that cannot touch the audit log on $name', () => {
  it('refuses to disable the trigger or change entries, and the app still writes a valid chain', async () => {
    const role = `styrbord_app_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const fresh = `t_${randomBytes(6).toString('hex')}`;
    await admin(`create role ${role} login password '${password}'`);
    const appUrl = pgUrl({ user: role, password });
    const dbs: Db[] = [];
    try {
      // the owner migrates and grants; the app connects as the role and migrates nothing
      const owner = await openDb({ url: PG_URL, schema, migrationUrl: PG_URL });
      dbs.push(owner);
      await writeEntries(owner, 2, 'owner');
      await admin(`create schema ${fresh}`);
      await admin(`grant usage on schema ${schema}, ${fresh} to ${role}`);
      // not migrated, and not allowed to: refused in Swedish, pointing to the owner
      await expect(openDb({ url: appUrl, schema: fresh })).rejects.toThrow(/får inte ändra det.*npm run migrate/);
      process.env.MIGRATE = '0';
      try {
        await expect(openDb({ url: appUrl, schema: fresh })).rejects.toThrow(/saknar migrering 1, 2, .* och MIGRATE=0/);
      } finally {
        delete process.env.MIGRATE;
      }
      // the owner's URL beside the app's: migrations as the owner, grants to the app's role, the app as itself
      const app = await openDb({ url: appUrl, schema: fresh, migrationUrl: PG_URL });
      dbs.push(app);
      expect((await sql<{ u: string }>`select current_user as u`.execute(app.kysely)).rows[0]!.u).toBe(role);

      for (const attempt of [
        sql`alter table audit_log disable trigger audit_log_no_update`,
        sql`alter table audit_log disable trigger all`,
        sql`drop trigger audit_log_chain on audit_log`,
        sql`update audit_log set actor = 'x'`,
        sql`delete from audit_log`,
        sql`truncate audit_log`,
        sql`set session_replication_role = replica`,
        sql`delete from schema_migrations`,
      ]) {
        await expect(attempt.execute(app.kysely)).rejects.toThrow(/must be owner|permission denied/);
      }

      // the app works: audited writes through services and the API, and the chain is whole
      const web = await buildApp({ db: app });
      try {
        const adminClient = await signIn(web, app, ['admin']);
        const res = await web.inject({ url: '/api/audit/verify', ...adminClient });
        expect(res.json()).toMatchObject({ ok: true });
      } finally {
        await web.close();
      }
      await Promise.all(Array.from({ length: 5 }, (_, i) => app.tx((trx) => audit(trx, { actor: role, action: 'test.app-role', entity: 'case', entityId: i }))));
      const status = await verifyAuditChain(app.kysely);
      expect(status.ok).toBe(true);
      expect(status.entries).toBeGreaterThanOrEqual(6);
    } finally {
      for (const d of dbs) await d.close();
      await admin(`drop schema if exists ${schema} cascade`);
      await admin(`drop schema if exists ${fresh} cascade`);
      await admin(`drop owned by ${role}`);
      await admin(`drop role if exists ${role}`);
    }
  }, 60_000);
});
