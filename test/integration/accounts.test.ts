/**
 * Accounts and sign-in (issue 13, points 4 and 8): one account per person, a recent sign-in for
 * signing, deactivation, roles, password resets, password strength, idle sessions, and a sign-in
 * limiter per account and per address that slows attackers without locking out the account's owner.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases, useApp } from '../helpers/db.ts';
import { actorWith, signIn, type Client } from '../helpers/auth.ts';
import pg from 'pg';
import { migrate, openDb, type Db } from '../../src/db/index.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { createUser } from '../../src/access/service.ts';
import { buildApp } from '../../src/http/app.ts';
import { SYSTEM, THROTTLE, requireRecentSignIn } from '../../src/access/model.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';

afterAll(dropTestSchemas);

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
const secretary = actorWith('secretary');
const PASSWORD = 'ett långt testlösenord';

describe.each(testDatabases)('accounts on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  useApp(tdb, (d, a) => ((db = d), (app = a)));

  let n = 0;
  /** A user with a password, signed in from an address. */
  async function user(roles: Parameters<typeof signIn>[2] = [], personId: number | null = null) {
    const username = `konto${++n}`;
    await createUser(db, SYSTEM, { username, displayName: `Konto ${n}`, password: PASSWORD, roles, personId });
    const id = (await db.kysely.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    return { username, id };
  }
  const login = (username: string, password: string, remoteAddress = '10.0.0.1') =>
    app.inject({ method: 'POST', url: '/api/session', remoteAddress, payload: { username, password } });
  const clientOf = (res: Awaited<ReturnType<typeof login>>): Client => {
    const cookie = res.cookies.find((c) => c.name === 'styrbord_session')!;
    return { headers: { cookie: `${cookie.name}=${cookie.value}`, 'x-csrf-token': res.json().csrfToken } };
  };
  const sessionOf = async (c: Client) => (await app.inject({ url: '/api/session', ...c })).json();
  const actions = async (entityId: string) =>
    (await db.kysely.selectFrom('audit_log').select(['action', 'after', 'before']).where('entity', '=', 'user').where('entity_id', '=', entityId).orderBy('id').execute());
  /** Makes the sessions' sign-in older, as if minutes had passed. */
  const ageSignIn = (minutesAgo: number) => sql`update user_session set authenticated_at = now() - make_interval(mins => ${minutesAgo})`.execute(db.kysely);

  it('keeps one account per person: a second account for the same person is refused in Swedish (409)', async () => {
    const person = (await db.kysely.insertInto('person').values({ name: 'Agneta Person' }).returning('id').executeTakeFirstOrThrow()).id;
    const admin = await signIn(app, db, ['admin']);
    const first = await app.inject({ method: 'POST', url: '/api/users', ...admin, payload: { username: 'agneta', displayName: 'Agneta Person', password: PASSWORD, roles: ['adjuster'], personId: person } });
    expect(first.statusCode).toBe(201);
    const second = await app.inject({ method: 'POST', url: '/api/users', ...admin, payload: { username: 'agneta2', displayName: 'Agneta Person', password: PASSWORD, roles: ['adjuster'], personId: person } });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'person-has-account' });
    expect(second.json().error.message).toContain('Personen har redan ett konto (agneta)');
    // the service refuses it too (not only the route), and so does the database
    await expect(createUser(db, SYSTEM, { username: 'agneta3', displayName: 'A', password: PASSWORD, roles: [], personId: person })).rejects.toMatchObject({ status: 409 });
    await expect(sql`insert into app_user (username, display_name, password_hash, person_id) values ('agneta4', 'A', 'x', ${person})`.execute(db.kysely)).rejects.toThrow();
    // the people list says who already has an account
    const people = (await app.inject({ url: '/api/people', ...admin })).json() as Array<{ id: number; account: string | null }>;
    expect(people.find((p) => p.id === person)!.account).toBe('agneta');
  });

  it('needs a sign-in within 10 minutes to sign the justering, and a password again renews it', async () => {
    await importKallelse(db, secretary, { fileName: '003.txt', text: seed('003_f8eb7d47c03ea706.txt') });
    const aug = (await meetings.listMeetings(db, {})).find((m) => m.date === '2020-02-14')!;
    const body = await meetings.getBody(db, aug.bodyId);
    await minutes.openMinutes(db, secretary, aug.id);
    await minutes.setAttendance(db, secretary, aug.id, { attendance: body.memberships.filter((m) => m.kind === 'member').map((m) => ({ personId: m.personId, present: true })) });
    for (const it of (await meetings.getMeeting(db, aug.id)).items) {
      if (it.kind === 'information' || it.kind === 'presentations') continue;
      await minutes.recordDecision(db, secretary, aug.id, it.number, { outcome: 'according-to-proposal' });
    }
    await minutes.numberMinutes(db, secretary, aug.id);
    const chair = body.memberships.find((m) => m.role === 'chair')!.personId;
    await minutes.setAdjusters(db, secretary, aug.id, { personIds: [chair] });
    const chairUser = await user(['adjuster'], chair);
    const c = clientOf(await login(chairUser.username, PASSWORD, '10.0.1.1'));
    await ageSignIn(11);
    const sign = () => app.inject({ method: 'POST', url: `/api/meetings/${aug.id}/minutes/signatures`, ...c, payload: { personId: chair } });
    const stale = await sign();
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error.code).toBe('reauth-required');
    expect(stale.json().error.message).toMatch(/logga in igen med ditt lösenord/);
    expect((await sessionOf(c)).user.username).toBe(chairUser.username); // still signed in: only the signature waits
    const wrong = await app.inject({ method: 'POST', url: '/api/session/reauth', ...c, remoteAddress: '10.0.1.1', payload: { password: 'fel lösenord helt' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toBe('Fel lösenord.');
    const again = await app.inject({ method: 'POST', url: '/api/session/reauth', ...c, remoteAddress: '10.0.1.1', payload: { password: PASSWORD } });
    expect(again.statusCode).toBe(200);
    expect(Date.now() - Date.parse(again.json().authenticatedAt)).toBeLessThan(60_000);
    const signed = await sign();
    expect(signed.statusCode).toBe(200);
    expect(signed.json().locked).toBe(true);
    expect((await actions(chairUser.username)).map((a) => a.action)).toEqual(['user.create', 'user.login', 'user.reauth-failed', 'user.reauth']);
    // an actor that never proved who it is when (no sign-in time) is refused as well
    expect(() => requireRecentSignIn({ id: 'x', roles: ['adjuster'] })).toThrow(/10 minuterna/);
  });

  it('ends idle sessions (SESSION_IDLE_MINUTES) and sessions past their lifetime', async () => {
    const u = await user(['member']);
    const c = clientOf(await login(u.username, PASSWORD, '10.0.2.1'));
    expect((await sessionOf(c)).user.username).toBe(u.username);
    await sql`update user_session set last_seen_at = now() - interval '31 minutes' where user_id = ${u.id}`.execute(db.kysely);
    expect((await sessionOf(c)).user).toBeNull();
    const previous = process.env.SESSION_IDLE_MINUTES;
    process.env.SESSION_IDLE_MINUTES = '120';
    try {
      const c2 = clientOf(await login(u.username, PASSWORD, '10.0.2.1'));
      await sql`update user_session set last_seen_at = now() - interval '31 minutes' where user_id = ${u.id}`.execute(db.kysely);
      expect((await sessionOf(c2)).user.username).toBe(u.username); // 31 minutes is within 120
      await sql`update user_session set expires_at = now() - interval '1 second' where user_id = ${u.id}`.execute(db.kysely);
      expect((await sessionOf(c2)).user).toBeNull();
    } finally {
      if (previous === undefined) delete process.env.SESSION_IDLE_MINUTES;
      else process.env.SESSION_IDLE_MINUTES = previous;
    }
  });

  it('lets an administrator deactivate and reactivate an account, change roles and reset a password, all audited', async () => {
    const admin = await signIn(app, db, ['admin']);
    const u = await user(['member']);
    const c = clientOf(await login(u.username, PASSWORD, '10.0.3.1'));
    // roles: take effect at once, before and after in the log
    const roles = await app.inject({ method: 'PUT', url: `/api/users/${u.id}/roles`, ...admin, payload: { roles: ['case-officer'] } });
    expect(roles.statusCode).toBe(200);
    expect((await sessionOf(c)).user.roles).toEqual(['case-officer']);
    // deactivation: the session ends at once and signing in is refused
    const off = await app.inject({ method: 'PUT', url: `/api/users/${u.id}/active`, ...admin, payload: { active: false } });
    expect(off.json().active).toBe(false);
    expect((await sessionOf(c)).user).toBeNull();
    const refused = await login(u.username, PASSWORD, '10.0.3.1');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe('Kontot är avstängt. Kontakta administratören.');
    expect((await app.inject({ method: 'PUT', url: `/api/users/${u.id}/active`, ...admin, payload: { active: true } })).json().active).toBe(true);
    expect((await login(u.username, PASSWORD, '10.0.3.1')).statusCode).toBe(200);
    // reset: a one-time password, the old one and every session gone, the new one must be changed first
    const reset = await app.inject({ method: 'POST', url: `/api/users/${u.id}/password-reset`, ...admin });
    expect(reset.statusCode).toBe(200);
    const temporary = reset.json().temporaryPassword as string;
    expect(temporary).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect((await login(u.username, PASSWORD, '10.0.3.1')).statusCode).toBe(401);
    const once = await login(u.username, temporary, '10.0.3.1');
    expect(once.statusCode).toBe(200);
    expect(once.json().user).toMatchObject({ mustChangePassword: true, roles: [] }); // no roles until the password is changed
    const t = clientOf(once);
    const blocked = await app.inject({ method: 'POST', url: '/api/cases', ...t, payload: { title: 'Före bytet', registeredOn: '2026-01-05' } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('password-change-required');
    const weak = await app.inject({ method: 'PUT', url: '/api/session/password', ...t, remoteAddress: '10.0.3.1', payload: { currentPassword: temporary, newPassword: 'password1234' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.message).toMatch(/^Lösenordet är för lätt att gissa/);
    const changed = await app.inject({ method: 'PUT', url: '/api/session/password', ...t, remoteAddress: '10.0.3.1', payload: { currentPassword: temporary, newPassword: 'gurka tåg moln fyrtorn' } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().user).toMatchObject({ mustChangePassword: false, roles: ['case-officer'] });
    expect((await app.inject({ method: 'POST', url: '/api/cases', ...t, payload: { title: 'Efter bytet', registeredOn: '2026-01-05' } })).statusCode).toBe(201);
    // the last administrator keeps the role, and an administrator cannot switch themselves off
    const me = (await sessionOf(admin)).user.id as number;
    await sql`update app_user set active = false where id <> ${me} and 'admin' = any(roles)`.execute(db.kysely);
    expect((await app.inject({ method: 'PUT', url: `/api/users/${me}/roles`, ...admin, payload: { roles: ['secretary'] } })).json().error.code).toBe('last-admin');
    expect((await app.inject({ method: 'PUT', url: `/api/users/${me}/active`, ...admin, payload: { active: false } })).json().error.code).toBe('own-account');
    // the log: every change, the roles with before and after, and never a password
    const log = await actions(u.username);
    expect(log.map((a) => a.action)).toEqual([
      'user.create', 'user.login', 'user.roles', 'user.deactivate', 'user.activate', 'user.login', 'user.password-reset', 'user.login-failed', 'user.login', 'user.password-change',
    ]);
    expect(log.find((a) => a.action === 'user.roles')).toMatchObject({ before: { roles: ['member'] }, after: { roles: ['case-officer'] } });
    expect(JSON.stringify(await db.kysely.selectFrom('audit_log').select(['before', 'after']).execute())).not.toContain(temporary);
  });

  it('refuses weak passwords with zxcvbn, counting the user name and name against them', async () => {
    const admin = await signIn(app, db, ['admin']);
    const res = await app.inject({ method: 'POST', url: '/api/users', ...admin, payload: { username: 'svag', displayName: 'Svag Svensson', password: 'password1234', roles: [] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('weak-password');
    expect(res.json().error.message).toMatch(/^Lösenordet är för lätt att gissa .*Det liknar ett vanligt lösenord\..*Välj till exempel tre eller fyra ord som inte hör ihop\.$/);
    const own = await app.inject({ method: 'POST', url: '/api/users', ...admin, payload: { username: 'june.fors', displayName: 'June Fors', password: 'june.fors2024!', roles: [] } });
    expect(own.json().error.message).toMatch(/bygga på ditt namn eller användarnamn/);
    const good = await app.inject({ method: 'POST', url: '/api/users', ...admin, payload: { username: 'june.fors', displayName: 'June Fors', password: 'gurka tåg moln fyrtorn', roles: [] } });
    expect(good.statusCode).toBe(201);
    // without a password the server makes a one-time password, shown once, to be changed at first sign-in
    const generated = await app.inject({ method: 'POST', url: '/api/users', ...admin, payload: { username: 'utan.losen', displayName: 'Utan Lösen', roles: ['member'] } });
    expect(generated.statusCode).toBe(201);
    expect(generated.json()).toMatchObject({ mustChangePassword: true, temporaryPassword: expect.stringMatching(/^[a-z2-9-]{23}$/) });
  });

  it('does the same work for unknown and known user names (a dummy argon2 hash)', async () => {
    const known = await Promise.all([1, 2, 3, 4, 5].map(() => user()));
    const time = async (username: string, address: string) => {
      const t = performance.now();
      const res = await login(username, 'inte rätt lösenord alls', address);
      expect(res.statusCode).toBe(401);
      return performance.now() - t;
    };
    const k: number[] = [];
    const u: number[] = [];
    for (let i = 0; i < 5; i++) {
      k.push(await time(known[i]!.username, `10.0.4.${i + 1}`));
      u.push(await time(`okand${i}.person`, `10.0.5.${i + 1}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2]!;
    const ratio = median(k) / median(u);
    console.log(`sign-in timing (${tdb.name}): known ${median(k).toFixed(1)} ms, unknown ${median(u).toFixed(1)} ms, ratio ${ratio.toFixed(2)}`);
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
    // both are in the audit log, the unknown one too
    expect((await actions('okand0.person')).map((a) => a.action)).toEqual(['user.login-failed']);
  });

  it('slows password spraying from one address across many accounts, with growing delays', async () => {
    const address = '10.0.6.6';
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await login(`sprayad${i}`, 'Sommar2026!', address)).statusCode);
    // ten failures from the address are free; the tenth starts a delay for every account from it
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    const slowed = await login('sprayad99', 'Sommar2026!', address);
    expect(slowed.statusCode).toBe(429);
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(slowed.json().error.message).toMatch(/^För många misslyckade inloggningar\. Vänta \d+ sekunder och försök igen\.$/);
    // the wait doubles with every further failure (time passes: the block is moved back)
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      await sql`update login_throttle set blocked_until = now() - interval '1 second' where key = ${`a:${address}`}`.execute(db.kysely);
      expect((await login(`sprayad-x${i}`, 'Sommar2026!', address)).statusCode).toBe(401);
      waits.push(Number((await login(`sprayad-y${i}`, 'Sommar2026!', address)).headers['retry-after']));
    }
    expect(waits[1]! / waits[0]!).toBeCloseTo(2, 0);
    expect(waits[2]! / waits[1]!).toBeCloseTo(2, 0);
    // another address is not affected
    expect((await login('sprayad0', 'Sommar2026!', '10.0.6.7')).statusCode).toBe(401);
  });

  it('slows an attack on one account from many addresses, without locking its owner out', async () => {
    const owner = await user(['member']);
    expect((await login(owner.username, PASSWORD, '192.0.2.10')).statusCode).toBe(200); // the owner's usual address
    // five guesses from five addresses: each address is fresh, but the account counts them all
    for (let i = 1; i <= 5; i++) expect((await login(owner.username, `gissning nummer ${i}`, `198.51.100.${i}`)).statusCode).toBe(401);
    expect((await login(owner.username, 'gissning nummer 6', '198.51.100.6')).statusCode).toBe(429);
    // the account is now slowed for addresses it does not know, even with the right password …
    const elsewhere = await login(owner.username, PASSWORD, '203.0.113.5');
    expect(elsewhere.statusCode).toBe(429);
    expect(Number(elsewhere.headers['retry-after'])).toBeLessThanOrEqual(5 * 60); // a delay, capped: never a lockout
    // … but its owner, from an address the account has signed in from, gets in at once
    expect((await login(owner.username, PASSWORD, '192.0.2.10')).statusCode).toBe(200);
    // an attacker on one address cannot keep the owner out either: that address alone is slowed
    const other = await user(['member']);
    expect((await login(other.username, PASSWORD, '192.0.2.20')).statusCode).toBe(200);
    for (let i = 0; i < 6; i++) await login(other.username, `fel ${i} xxxxxxxxxx`, '198.51.100.200');
    expect((await login(other.username, PASSWORD, '198.51.100.200')).statusCode).toBe(429);
    expect((await login(other.username, PASSWORD, '192.0.2.20')).statusCode).toBe(200);
  });

  it('keeps the limiter in the database, bounded: counters expire and are cleaned up, sign-outs are audited', async () => {
    await login('rensas', 'fel lösenord nummer ett', '10.0.7.1');
    const rows = await db.kysely.selectFrom('login_throttle').select(['key', 'failures', 'expires_at']).where('key', 'like', '%rensas%').execute();
    expect(rows.map((r) => r.key).sort()).toEqual(['p:rensas|10.0.7.1', 'u:rensas']);
    expect(new Date(rows[0]!.expires_at).getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000 + 5_000);
    await sql`update login_throttle set expires_at = now() - interval '1 second' where key like '%rensas%'`.execute(db.kysely);
    await login('någon.annan', 'fel lösenord nummer två', '10.0.7.2'); // every failure sweeps expired counters
    expect(await db.kysely.selectFrom('login_throttle').select('key').where('key', 'like', '%rensas%').execute()).toEqual([]);
    // bounded: above maxRows the oldest counters go (here a bound of 20 instead of 50 000)
    const bound = THROTTLE.maxRows;
    THROTTLE.maxRows = 20;
    try {
      for (let i = 0; i < 12; i++) await login(`fyllnad${i}`, 'fel lösenord fyllnad', `10.0.8.${i}`);
      expect((await db.kysely.selectFrom('login_throttle').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n).toBeLessThanOrEqual(20);
    } finally {
      THROTTLE.maxRows = bound;
    }
    // a burst of parallel guesses is decided one by one: only the free ones are checked at all
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => login('parallell', `parallell gissning ${i}`, '10.0.9.9')));
    const codes = burst.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 401)).toHaveLength(THROTTLE.pair.free);
    expect(codes.filter((c) => c === 429)).toHaveLength(12 - THROTTLE.pair.free);
    // a second application on the same database (another process) sees the same counters
    // (the wait after the fifth failure is made long here, so a slow machine cannot let it run out before the second asks)
    const second = await buildApp({ db });
    const [pairBase, accountBase] = [THROTTLE.pair.baseSeconds, THROTTLE.account.baseSeconds];
    THROTTLE.pair.baseSeconds = THROTTLE.account.baseSeconds = 600;
    try {
      for (let i = 0; i < 5; i++) await login('delad', `fel lösenord ${i} xxx`, '10.0.7.9');
      expect((await second.inject({ method: 'POST', url: '/api/session', remoteAddress: '10.0.7.9', payload: { username: 'delad', password: 'x' } })).statusCode).toBe(429);
    } finally {
      [THROTTLE.pair.baseSeconds, THROTTLE.account.baseSeconds] = [pairBase, accountBase];
      await second.close();
    }
    // sign-outs are audited
    const u = await user();
    const c = clientOf(await login(u.username, PASSWORD, '10.0.7.3'));
    const out = await app.inject({ method: 'DELETE', url: '/api/session', ...c });
    expect(out.statusCode).toBe(200);
    expect((await actions(u.username)).map((a) => a.action)).toEqual(['user.create', 'user.login', 'user.logout']);
  });
});

describe.each(testDatabases)('migration 023 on a database with two accounts for one person ($name)', (tdb) => {
  it('keeps the oldest account linked, deactivates the newer one, ends its sessions and audits it', async () => {
    const schema = `t_m023_${Date.now().toString(36)}`;
    const open = (migrate: boolean) =>
      tdb.name === 'pglite' ? openDb({ url: '', dataDir: 'memory://', migrate }) : openDb({ url: process.env.DATABASE_URL, schema, migrate });
    const db = await open(false);
    try {
      // the database as it was before migration 023: every migration up to 022
      await sql`create table if not exists schema_migrations (id int primary key, name text not null, applied_at timestamptz not null default now())`.execute(db.kysely);
      for (const m of migrations.filter((x) => x.id <= 22)) {
        await sql.raw(m.sql).execute(db.kysely);
        await db.kysely.insertInto('schema_migrations').values({ id: m.id, name: m.name }).execute();
      }
      const person = (await db.kysely.insertInto('person').values({ name: 'Dubbel Person' }).returning('id').executeTakeFirstOrThrow()).id;
      const insert = (username: string) =>
        sql<{ id: number }>`insert into app_user (username, display_name, password_hash, roles, person_id) values (${username}, 'Dubbel Person', 'x', '{adjuster}', ${person}) returning id`.execute(db.kysely);
      const first = (await insert('dubbel.1')).rows[0]!.id;
      const second = (await insert('dubbel.2')).rows[0]!.id;
      await sql`insert into user_session (token_sha256, user_id, csrf_token, expires_at) values ('t2', ${second}, 'c', now() + interval '1 hour')`.execute(db.kysely);
      await migrate(db);
      const users = await db.kysely.selectFrom('app_user').select(['id', 'active', 'person_id']).orderBy('id').execute();
      expect(users).toEqual([
        { id: first, active: true, person_id: person },
        { id: second, active: false, person_id: person },
      ]);
      expect(await db.kysely.selectFrom('user_session').select('token_sha256').execute()).toEqual([]);
      const log = await db.kysely.selectFrom('audit_log').select(['action', 'entity_id']).execute();
      expect(log).toEqual([{ action: 'user.deactivate', entity_id: 'dubbel.2' }]);
    } finally {
      await db.close();
      if (tdb.name === 'postgres') {
        const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      }
    }
  });
});
