/**
 * The first run (src/access/firstRun.ts): with no administrator, a start issues
 * a one-time link; its token creates the first administrator once, with a
 * password strong enough, and never once an administrator exists or after it
 * expired. Stored only as a hash.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { issueFirstRunLink, FIRST_RUN_HOURS } from '../../src/access/firstRun.ts';
import { createFirstAdmin } from '../../src/access/service.ts';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';

afterAll(dropTestSchemas);

const PASSWORD = 'korrekt häst batteri zebra';
const tokenOf = (url: string) => new URL(url).hash.replace(/^#token=/, '');

describe.each(testDatabases)('the first administrator through the one-time link on $name', (tdb) => {
  async function fresh(): Promise<{ db: Db; app: FastifyInstance; close(): Promise<void> }> {
    const db = await tdb.open();
    const app = await buildApp({ db });
    return { db, app, close: async () => (await app.close(), await db.close()) };
  }
  const post = (app: FastifyInstance, payload: Record<string, string>) => app.inject({ method: 'POST', url: '/api/first-run', payload });

  it('works once, for a strong password, and signs in as administrator', async () => {
    const { db, app, close } = await fresh();
    try {
      expect((await app.inject({ url: '/api/first-run' })).json()).toEqual({ open: false }); // no link issued yet
      const link = (await issueFirstRunLink(db, 'https://styrbord.example.se'))!;
      expect(link.url).toMatch(/^https:\/\/styrbord\.example\.se\/forsta-inloggning#token=[A-Za-z0-9_-]{43}$/);
      expect(link.expiresAt.getTime() - Date.now()).toBeGreaterThan((FIRST_RUN_HOURS - 1) * 3600_000);
      const token = tokenOf(link.url);
      // only the hash is stored
      const row = await db.kysely.selectFrom('first_run').selectAll().executeTakeFirstOrThrow();
      expect(row.token_sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toContain(token);
      expect((await app.inject({ url: '/api/first-run' })).json()).toEqual({ open: true });

      const wrong = await post(app, { token: `${token.slice(0, -1)}x`, username: 'chef', displayName: 'Petter Arneback', password: PASSWORD });
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json().error.message).toContain('Länken för den första administratören gäller inte');
      const weak = await post(app, { token, username: 'chef', displayName: 'Petter Arneback', password: 'kort' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().error.code).toBe('weak-password');
      // a refused attempt does not use the link up
      const ok = await post(app, { token, username: 'Chef', displayName: 'Petter Arneback', password: PASSWORD });
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toEqual({ username: 'chef', displayName: 'Petter Arneback' });
      const again = await post(app, { token, username: 'chef2', displayName: 'Någon Annan', password: PASSWORD });
      expect(again.statusCode).toBe(403);
      expect((await app.inject({ url: '/api/first-run' })).json()).toEqual({ open: false });

      const session = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'chef', password: PASSWORD } });
      expect(session.statusCode).toBe(200);
      expect(session.json().user).toMatchObject({ username: 'chef', displayName: 'Petter Arneback', roles: ['admin'] });
      const users = await db.kysely.selectFrom('app_user').select('username').execute();
      expect(users).toEqual([{ username: 'chef' }]);
      const log = await db.kysely.selectFrom('audit_log').select(['action', 'actor', 'after']).where('entity', '=', 'user').orderBy('id').execute();
      expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['first-run.link', 'user.create']));
      expect(JSON.stringify(log)).not.toContain(token);
      // with an administrator, a start issues no link and clears the old one
      expect(await issueFirstRunLink(db, 'http://localhost:3000')).toBeNull();
      expect((await db.kysely.selectFrom('first_run').select('token_sha256').executeTakeFirstOrThrow()).token_sha256).toBeNull();
    } finally {
      await close();
    }
  });

  it('lets two uses of one link at once create one administrator', async () => {
    const { db, app, close } = await fresh();
    try {
      const token = tokenOf((await issueFirstRunLink(db, 'http://localhost:3000'))!.url);
      const replies = await Promise.all(['en', 'tva', 'tre'].map((u) => post(app, { token, username: u, displayName: `Admin ${u}`, password: PASSWORD })));
      expect(replies.map((r) => r.statusCode).sort()).toEqual([201, 403, 403]);
      expect(await db.kysely.selectFrom('app_user').select('username').execute()).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it('is refused once an administrator exists (create-admin), after a newer link, and after it expired', async () => {
    const { db, app, close } = await fresh();
    try {
      const old = tokenOf((await issueFirstRunLink(db, 'http://localhost:3000'))!.url);
      const newer = tokenOf((await issueFirstRunLink(db, 'http://localhost:3000'))!.url);
      expect((await post(app, { token: old, username: 'chef', displayName: 'Petter Arneback', password: PASSWORD })).statusCode).toBe(403);
      // expired: issued 25 hours ago
      const stale = tokenOf((await issueFirstRunLink(db, 'http://localhost:3000', new Date(Date.now() - (FIRST_RUN_HOURS + 1) * 3600_000)))!.url);
      const expired = await post(app, { token: stale, username: 'chef', displayName: 'Petter Arneback', password: PASSWORD });
      expect(expired.statusCode).toBe(410);
      expect(expired.json().error.message).toContain('Länken har gått ut');
      expect(newer).not.toBe(stale);
      const current = tokenOf((await issueFirstRunLink(db, 'http://localhost:3000'))!.url);
      await createFirstAdmin(db, { username: 'cli.admin', displayName: 'Från Terminalen', password: PASSWORD });
      const late = await post(app, { token: current, username: 'chef', displayName: 'Petter Arneback', password: PASSWORD });
      expect(late.statusCode).toBe(409);
      expect(late.json().error.code).toBe('admin-exists');
      expect((await app.inject({ url: '/api/first-run' })).json()).toEqual({ open: false });
    } finally {
      await close();
    }
  });
});
