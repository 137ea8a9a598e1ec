/**
 * The session carries what the user may do, from the server's one table of
 * grants (access/model.ts): the web shows an action by it and keeps no role
 * lists of its own (issue 19.5). Checked against what the server then allows.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases, useApp } from '../helpers/db.ts';
import { signIn } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { can, permissionsOf as grantsOf, SYSTEM } from '../../src/access/model.ts';
import type { Permission, Role } from '../../src/access/contract.ts';

afterAll(dropTestSchemas);

describe.each(testDatabases)('the session’s permissions on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  useApp(tdb, (d, a) => ((db = d), (app = a)));

  const permissionsOf = async (roles: Role[]): Promise<{ permissions: Permission[]; headers: Record<string, string> }> => {
    const c = await signIn(app, db, roles);
    const me = (await app.inject({ url: '/api/session', headers: c.headers })).json();
    return { permissions: me.user.permissions, headers: c.headers };
  };

  it('lists exactly the grants of the user’s roles, and the server acts by the same table', async () => {
    const secretary = await permissionsOf(['secretary']);
    expect(secretary.permissions).toContain('agenda.edit');
    expect(secretary.permissions).toContain('funding.attest');
    expect(secretary.permissions).not.toContain('user.admin');
    expect(secretary.permissions).not.toContain('minutes.sign');
    // not listed → refused by the server
    expect((await app.inject({ url: '/api/users', headers: secretary.headers })).statusCode).toBe(403);

    const admin = await permissionsOf(['admin']);
    expect(admin.permissions).toContain('user.admin');
    expect((await app.inject({ url: '/api/users', headers: admin.headers })).statusCode).toBe(200);

    for (const roles of [['member'], ['case-officer'], ['adjuster', 'member'], ['secretary', 'case-officer']] as Role[][]) {
      const { permissions } = await permissionsOf(roles);
      const actor = { id: 'test', roles };
      expect(permissions.length).toBeGreaterThan(0);
      // every permission there is (the system holds them all): listed exactly when the server grants it
      for (const p of grantsOf(SYSTEM)) expect(permissions.includes(p)).toBe(can(actor, p));
    }
  });

  it('gives the public no user and so no permissions', async () => {
    const anon = (await app.inject({ url: '/api/session' })).json();
    expect(anon.user).toBeNull();
  });
});
