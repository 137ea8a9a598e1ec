/** Users, sign-in and sessions; the audit log's read side. */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { audit, type Db } from '../db/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { cleanLine } from '../kernel/text.ts';
import { authorize, LoginLimiter, ROLES, validatePassword, validateUsername, type Actor, type Role } from './model.ts';
import * as store from './store.ts';

export const SESSION_HOURS = 12;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  personId: number | null;
  active: boolean;
}

const toView = (u: { id: number; username: string; display_name: string; roles: string[]; person_id: number | null; active: boolean }): UserView => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  roles: u.roles as Role[],
  personId: u.person_id,
  active: u.active,
});

function checkRoles(roles: unknown): Role[] {
  if (!Array.isArray(roles) || roles.some((r) => !ROLES.includes(r as Role))) {
    throw new DomainError('invalid-role', `Okänd roll. Tillåtna roller: ${ROLES.join(', ')}.`);
  }
  return [...new Set(roles as Role[])];
}

/** Creates a user. Only an administrator may, except the very first administrator (from the CLI). */
export async function createUser(
  db: Db,
  actor: Actor,
  input: { username: string; displayName: string; password: string; roles: Role[]; personId?: number | null },
): Promise<UserView> {
  authorize(actor, 'user.admin');
  const username = validateUsername(input.username);
  const displayName = cleanLine(input.displayName ?? '');
  if (!displayName) throw new DomainError('name-required', 'Ange användarens namn.');
  validatePassword(input.password);
  const roles = checkRoles(input.roles);
  const passwordHash = await hash(input.password);
  return db.tx(async (trx) => {
    if (await store.findUserByUsername(trx, username)) throw new DomainError('username-taken', `Användarnamnet ${username} är upptaget.`, { status: 409 });
    // the checks above can race another request, and the person may not exist: the constraints decide
    const row = await store.insertUser(trx, { username, display_name: displayName, password_hash: passwordHash, roles, person_id: input.personId ?? null }).catch((e: unknown) => {
      const code = (e as { code?: string }).code;
      if (code === '23505') throw new DomainError('username-taken', `Användarnamnet ${username} är upptaget.`, { status: 409 });
      if (code === '23503') throw new DomainError('unknown-person', `Personen ${input.personId} finns inte bland nämndernas ledamöter och ersättare.`, { status: 404 });
      throw e;
    });
    await audit(trx, { actor: actor.id, action: 'user.create', entity: 'user', entityId: username, after: { username, displayName, roles, personId: input.personId ?? null } });
    return toView(row);
  });
}

/** The first administrator, from the command line; refused once one exists. */
export async function createFirstAdmin(db: Db, input: { username: string; displayName: string; password: string }): Promise<UserView> {
  if ((await store.countAdmins(db.kysely)) > 0) {
    throw new DomainError('admin-exists', 'Det finns redan en administratör; nya användare skapas av en administratör i appen.', { status: 409 });
  }
  return createUser(db, { id: 'cli', system: true }, { ...input, roles: ['admin'] });
}

export async function listUsers(db: Db, actor: Actor): Promise<UserView[]> {
  authorize(actor, 'user.admin');
  return (await store.listUsers(db.kysely)).map(toView);
}

/** Failed sign-ins are counted per database (one per running application). */
const limiters = new WeakMap<Db, LoginLimiter>();

/** Signs in: returns a session token (for the cookie) and a CSRF token. */
export async function login(db: Db, input: { username: string; password: string; ip: string }): Promise<{ token: string; csrfToken: string; user: UserView }> {
  const username = String(input.username ?? '').trim().toLowerCase();
  const key = `${username}|${input.ip}`;
  let limiter = limiters.get(db);
  if (!limiter) limiters.set(db, (limiter = new LoginLimiter()));
  const wait = limiter.waitMinutes(key);
  if (wait > 0) throw new DomainError('too-many-attempts', `För många misslyckade inloggningar. Försök igen om ${wait} minuter.`, { status: 429 });
  const user = await store.findUserByUsername(db.kysely, username);
  const ok = user && user.active && (await verify(user.password_hash, String(input.password ?? '')).catch(() => false));
  if (!user || !ok) {
    limiter.fail(key);
    throw new DomainError('login-failed', 'Fel användarnamn eller lösenord.', { status: 401 });
  }
  limiter.reset(key);
  return startSession(db, user, 'password');
}

/** Opens a session for a user who has proved who they are (password or the region's identity provider). */
async function startSession(
  db: Db,
  user: { id: number; username: string; display_name: string; roles: string[]; person_id: number | null; active: boolean },
  via: 'password' | 'oidc',
): Promise<{ token: string; csrfToken: string; user: UserView }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.tx(async (trx) => {
    await store.deleteExpiredSessions(trx);
    await store.insertSession(trx, { token_sha256: sha(token), user_id: user.id, csrf_token: csrfToken, expires_at: new Date(Date.now() + SESSION_HOURS * 3600_000) });
    await audit(trx, { actor: `user:${user.username}`, action: 'user.login', entity: 'user', entityId: user.username, after: { via } });
  });
  return { token, csrfToken, user: toView(user) };
}

/**
 * Signs in someone the identity provider vouched for. Roles are kept in
 * Styrbord: the user must exist here (created by an administrator) under the
 * user name the provider gives.
 */
export async function loginVerified(db: Db, username: string): Promise<{ token: string; csrfToken: string; user: UserView }> {
  const name = String(username ?? '').trim().toLowerCase();
  const user = name ? await store.findUserByUsername(db.kysely, name) : undefined;
  if (!user || !user.active) {
    throw new DomainError('unknown-user', `Du är inloggad hos regionen${name ? ` som ${name}` : ''}, men har inget konto i Styrbord. Kontakta administratören.`, { status: 403 });
  }
  return startSession(db, user, 'oidc');
}

export async function logout(db: Db, token: string): Promise<void> {
  await store.deleteSession(db.kysely, sha(token));
}

export interface Session {
  actor: Actor;
  user: UserView;
  csrfToken: string;
}

/** The session behind a cookie token, or null when it is unknown or expired. */
export async function sessionFor(db: Db, token: string | undefined): Promise<Session | null> {
  if (!token || token.length > 100) return null;
  const s = await store.findSession(db.kysely, sha(token));
  if (!s || !s.active) return null;
  const user = toView(s);
  return {
    user,
    csrfToken: s.csrf_token,
    actor: { id: `user:${s.username}`, userId: s.id, personId: s.person_id, roles: user.roles },
  };
}

export async function auditLog(db: Db, actor: Actor, f: { entity?: string; limit?: number; offset?: number }) {
  authorize(actor, 'audit.read');
  const rows = await store.auditEntries(db.kysely, { entity: f.entity, limit: f.limit ?? 100, offset: f.offset ?? 0 });
  return rows.map((r) => ({ id: r.id, at: new Date(r.at).toISOString(), actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, before: r.before, after: r.after }));
}

/** The audit log as CSV (semicolon-separated, as Swedish spreadsheets expect). */
export function auditCsv(entries: Awaited<ReturnType<typeof auditLog>>): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    return /[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const header = 'id;tidpunkt;vem;händelse;typ;id-värde;före;efter';
  return [header, ...entries.map((e) => [e.id, e.at, e.actor, e.action, e.entity, e.entityId, e.before, e.after].map(cell).join(';'))].join('\r\n') + '\r\n';
}
