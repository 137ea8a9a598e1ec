/** Users for tests: created through the service, signed in through the API like a browser. */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/db/index.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM, type Actor, type Role } from '../../src/access/model.ts';

export const actorWith = (...roles: Role[]): Actor => ({ id: `test:${roles.join('+')}`, roles });

export interface Client {
  headers: { cookie: string; 'x-csrf-token': string };
}

let n = 0;

/** Creates a user with the roles and signs in; returns the headers a browser would send. */
export async function signIn(app: FastifyInstance, db: Db, roles: Role[], personId: number | null = null): Promise<Client> {
  const username = `testare${++n}.${roles.join('-') || 'ingen'}`;
  const password = 'ett långt testlösenord';
  await createUser(db, SYSTEM, { username, displayName: `Testare ${n}`, password, roles, personId });
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`inloggning misslyckades: ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'styrbord_session')!;
  return { headers: { cookie: `${cookie.name}=${cookie.value}`, 'x-csrf-token': res.json().csrfToken } };
}
