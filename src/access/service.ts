/** Users, sign-in and sessions; the audit log's read side. */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { audit, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { cleanLine } from '../kernel/text.ts';
import {
  addressKey,
  authorize,
  MIN_PASSWORD,
  requireRecentSignIn,
  ROLES,
  THROTTLE,
  throttleDelaySeconds,
  validatePassword,
  validateUsername,
  waitText,
  type Actor,
  type Role,
} from './model.ts';
import * as store from './store.ts';

/** A session's absolute lifetime (SESSION_MAX_HOURS, default 12) and idle limit (SESSION_IDLE_MINUTES, default 30). */
export const SESSION_HOURS = positive(process.env.SESSION_MAX_HOURS, 12);
export const sessionIdleMinutes = () => positive(process.env.SESSION_IDLE_MINUTES, 30);
/** A one-time password from a reset is valid this long. */
export const TEMPORARY_PASSWORD_HOURS = 72;
/** A session is marked as used at most this often (one write a minute, not one per request). */
const TOUCH_MS = 60_000;

function positive(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  personId: number | null;
  active: boolean;
  mustChangePassword: boolean;
}

type UserLike = { id: number; username: string; display_name: string; roles: string[]; person_id: number | null; active: boolean; must_change_password?: boolean };

const toView = (u: UserLike): UserView => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  roles: u.roles as Role[],
  personId: u.person_id,
  active: u.active,
  mustChangePassword: Boolean(u.must_change_password),
});

function checkRoles(roles: unknown): Role[] {
  if (!Array.isArray(roles) || roles.some((r) => !ROLES.includes(r as Role))) {
    throw new DomainError('invalid-role', `Okänd roll. Tillåtna roller: ${ROLES.join(', ')}.`);
  }
  return [...new Set(roles as Role[])];
}

/** A one-time password: 20 characters from an alphabet without look-alikes, in groups of five (about 100 bits). */
export function oneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const chars = Array.from({ length: 20 }, () => alphabet[randomInt(alphabet.length)]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

const personTaken = (username: string) =>
  new DomainError('person-has-account', `Personen har redan ett konto (${username}). Varje person har ett konto; ändra roller på det i stället för att skapa ett nytt.`, { status: 409 });

/**
 * Creates a user. Only an administrator may, except the very first administrator (from the CLI).
 * Without a password the server makes a one-time password (returned once), which the user must
 * change at the first sign-in.
 */
export async function createUser(
  db: Db,
  actor: Actor,
  input: { username: string; displayName: string; password?: string | undefined; roles: Role[]; personId?: number | null; mustChangePassword?: boolean },
): Promise<UserView & { temporaryPassword?: string }> {
  authorize(actor, 'user.admin');
  requireRecentSignIn(actor);
  const username = validateUsername(input.username);
  const displayName = cleanLine(input.displayName ?? '');
  if (!displayName) throw new DomainError('name-required', 'Ange användarens namn.');
  const generated = input.password === undefined || input.password === '' ? oneTimePassword() : null;
  const password = generated ?? input.password!;
  if (!generated) validatePassword(password, [username, displayName]);
  const roles = checkRoles(input.roles);
  const personId = input.personId ?? null;
  const mustChange = Boolean(generated) || Boolean(input.mustChangePassword);
  const passwordHash = await hash(password);
  return db.tx(async (trx) => {
    if (await store.findUserByUsername(trx, username)) throw new DomainError('username-taken', `Användarnamnet ${username} är upptaget.`, { status: 409 });
    if (personId !== null) {
      const other = await store.activeAccountOfPerson(trx, personId);
      if (other) throw personTaken(other.username);
    }
    // the checks above can race another request, and the person may not exist: the constraints decide
    const row = await store
      .insertUser(trx, { username, display_name: displayName, password_hash: passwordHash, roles, person_id: personId, must_change_password: mustChange })
      .catch((e: unknown) => {
        const err = e as { code?: string; constraint?: string; message?: string };
        if (err.code === '23505' && /one_per_person/.test(`${err.constraint ?? ''} ${err.message ?? ''}`)) throw personTaken('ett annat konto');
        if (err.code === '23505') throw new DomainError('username-taken', `Användarnamnet ${username} är upptaget.`, { status: 409 });
        if (err.code === '23503') throw new DomainError('unknown-person', `Personen ${personId} finns inte bland nämndernas ledamöter och ersättare.`, { status: 404 });
        throw e;
      });
    await audit(trx, { actor: actor.id, action: 'user.create', entity: 'user', entityId: username, after: { username, displayName, roles, personId, mustChangePassword: mustChange } });
    return { ...toView(row), ...(generated ? { temporaryPassword: generated } : {}) };
  });
}

/** The first administrator, from the command line; refused once one exists. */
export async function createFirstAdmin(db: Db, input: { username: string; displayName: string; password: string }): Promise<UserView> {
  if ((await store.countAdmins(db.kysely)) > 0) {
    throw new DomainError('admin-exists', 'Det finns redan en administratör; nya användare skapas av en administratör i appen.', { status: 409 });
  }
  // never a generated one-time password here: the administrator chooses it
  if (!input.password) throw new DomainError('weak-password', `Lösenordet måste vara minst ${MIN_PASSWORD} tecken.`);
  return createUser(db, { id: 'cli', system: true }, { ...input, roles: ['admin'] });
}

export interface AccountView extends UserView {
  personName: string | null;
  version: number;
  /** Bound to an identity at the region's provider (signed in that way at least once). */
  oidcBound: boolean;
}

export async function listUsers(db: Db, actor: Actor): Promise<AccountView[]> {
  authorize(actor, 'user.admin');
  return (await store.listUsers(db.kysely)).map((u) => ({ ...toView(u), personName: u.person_name, version: u.version, oidcBound: Boolean(u.oidc_subject) }));
}

/** The people (ledamöter, ersättare) an account can be linked to, with the account each already has. */
export async function listPeople(db: Db, actor: Actor) {
  authorize(actor, 'user.admin');
  const [people, users] = await Promise.all([store.listPeople(db.kysely), store.listUsers(db.kysely)]);
  const byPerson = new Map(users.filter((u) => u.active && u.person_id !== null).map((u) => [u.person_id!, u.username]));
  return people.map((p) => ({ id: p.id, name: p.name, account: byPerson.get(p.id) ?? null }));
}

async function lockedUser(trx: Executor, userId: number) {
  const u = await store.findUserById(trx, userId, { forUpdate: true });
  if (!u) throw notFound('Användaren', userId);
  return u;
}

function checkVersion(u: { version: number; username: string }, expected: number | undefined) {
  if (expected !== undefined && expected !== u.version) {
    throw new DomainError('stale', `Kontot ${u.username} har ändrats av någon annan sedan du läste det. Ladda om sidan och försök igen.`, { status: 409 });
  }
}

/** Changes a user's roles (audited with before and after); the last active administrator keeps the role. */
export async function setRoles(db: Db, actor: Actor, userId: number, input: { roles: Role[]; version?: number }): Promise<UserView> {
  authorize(actor, 'user.admin');
  requireRecentSignIn(actor);
  const roles = checkRoles(input.roles);
  return db.tx(async (trx) => {
    const u = await lockedUser(trx, userId);
    checkVersion(u, input.version);
    if (u.roles.includes('admin') && !roles.includes('admin') && u.active && (await store.countAdmins(trx, u.id)) === 0) {
      throw new DomainError('last-admin', `${u.username} är den enda aktiva administratören och kan inte förlora rollen. Ge någon annan rollen först.`, { status: 409 });
    }
    const row = await store.updateUser(trx, u.id, { roles });
    await audit(trx, { actor: actor.id, action: 'user.roles', entity: 'user', entityId: u.username, before: { roles: u.roles }, after: { roles } });
    return toView(row);
  });
}

/** Deactivates (the user's sessions end at once; they cannot sign in) or reactivates an account. */
export async function setActive(db: Db, actor: Actor, userId: number, input: { active: boolean; version?: number }): Promise<UserView> {
  authorize(actor, 'user.admin');
  requireRecentSignIn(actor);
  return db.tx(async (trx) => {
    const u = await lockedUser(trx, userId);
    checkVersion(u, input.version);
    if (u.active === input.active) return toView(u);
    if (!input.active) {
      if (actor.userId === u.id) throw new DomainError('own-account', 'Du kan inte stänga av ditt eget konto.', { status: 409 });
      if (u.roles.includes('admin') && (await store.countAdmins(trx, u.id)) === 0) {
        throw new DomainError('last-admin', `${u.username} är den enda aktiva administratören och kan inte stängas av.`, { status: 409 });
      }
    } else if (u.person_id !== null) {
      const other = await store.activeAccountOfPerson(trx, u.person_id, u.id);
      if (other) throw personTaken(other.username);
    }
    const row = await store.updateUser(trx, u.id, { active: input.active, deactivated_at: input.active ? null : new Date() });
    if (!input.active) await store.deleteSessionsOf(trx, u.id);
    await audit(trx, { actor: actor.id, action: input.active ? 'user.activate' : 'user.deactivate', entity: 'user', entityId: u.username, before: { active: u.active }, after: { active: input.active } });
    return toView(row);
  });
}

/**
 * Resets a user's password to a one-time password (returned once, never logged): the user's
 * sessions end, and at the next sign-in they must choose a new password.
 */
export async function resetPassword(db: Db, actor: Actor, userId: number): Promise<{ user: UserView; temporaryPassword: string; expiresAt: string }> {
  authorize(actor, 'user.admin');
  requireRecentSignIn(actor);
  const temporaryPassword = oneTimePassword();
  const passwordHash = await hash(temporaryPassword);
  return db.tx(async (trx) => {
    const u = await lockedUser(trx, userId);
    const now = new Date();
    const row = await store.updateUser(trx, u.id, { password_hash: passwordHash, must_change_password: true, password_set_at: now });
    await store.deleteSessionsOf(trx, u.id);
    const expiresAt = new Date(now.getTime() + TEMPORARY_PASSWORD_HOURS * 3600_000).toISOString();
    await audit(trx, { actor: actor.id, action: 'user.password-reset', entity: 'user', entityId: u.username, after: { mustChangePassword: true, expiresAt } });
    return { user: toView(row), temporaryPassword, expiresAt };
  });
}

// --- signing in -------------------------------------------------------------------------------

/** An argon2 hash of nothing anyone knows: an unknown user name costs the same work as a known one. */
let dummyHash: Promise<string> | null = null;
const dummy = () => (dummyHash ??= hash(randomBytes(24).toString('base64url')));

const throttleKeys = (username: string, address: string) => ({ pair: `p:${username}|${address}`, account: `u:${username}`, address: `a:${address}` });

/** What an admitted attempt changed on each counter, so a success can take it back. */
interface Ticket {
  username: string;
  address: string;
  changes: Array<{ key: string; set: Date | null; previous: Date | null }>;
}

/**
 * Checks the limiter and counts the attempt on every counter (as a failure until it succeeds, so
 * parallel attempts cannot slip through before the first is counted); 429 with the wait when a
 * counter is blocked. The account-wide counter does not block an address the account knows.
 */
async function admitAttempt(db: Db, username: string, address: string, userId: number | null): Promise<Ticket> {
  const now = new Date();
  const k = throttleKeys(username, address);
  return db.tx(async (trx) => {
    const known = await store.isKnownAddress(trx, userId ?? 0, address, now);
    // count first: the upsert locks the counters, so a burst of parallel attempts is decided one by one
    const counts = await store.countAttempt(trx, [k.pair, k.account, k.address], now, new Date(now.getTime() + THROTTLE.windowMinutes * 60_000));
    const blockedUntil = (c: (typeof counts)[number]) => (c.blocked_until ? new Date(c.blocked_until).getTime() : 0);
    const until = Math.max(0, ...counts.filter((c) => c.key !== k.account || !known).map(blockedUntil));
    if (until > now.getTime()) {
      const seconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
      // thrown inside the transaction: the count above is rolled back, a refused attempt costs nothing
      throw new DomainError('too-many-attempts', `För många misslyckade inloggningar. Vänta ${waitText(seconds)} och försök igen.`, {
        status: 429,
        details: { retryAfterSeconds: seconds },
      });
    }
    const changes: Ticket['changes'] = [];
    for (const c of counts) {
      const policy = c.key === k.pair ? THROTTLE.pair : c.key === k.account ? THROTTLE.account : THROTTLE.address;
      const delay = throttleDelaySeconds(c.failures, policy);
      const set = delay > 0 ? new Date(now.getTime() + delay * 1000) : null;
      if (set) await store.blockUntil(trx, c.key, set);
      changes.push({ key: c.key, set, previous: c.blocked_until ? new Date(c.blocked_until) : null });
    }
    return { username, address, changes };
  });
}

/** A failed attempt: it stays counted; the audit log gets it, and the limiter's table is kept small. */
async function recordFailure(db: Db, action: string, username: string, address: string, knownUser: boolean): Promise<void> {
  await db.tx(async (trx) => {
    await audit(trx, { actor: `address:${address}`, action, entity: 'user', entityId: username || '(tomt)', after: { address, knownUser } });
    await store.cleanupThrottle(trx, new Date(), THROTTLE.maxRows);
  });
}

async function forgive(trx: Executor, t: Ticket): Promise<void> {
  const pair = throttleKeys(t.username, t.address).pair;
  await store.forgiveAttempt(trx, pair, t.changes.filter((c) => c.key !== pair));
}

const normalName = (u: unknown) => String(u ?? '').trim().toLowerCase().slice(0, 64);

type SessionStart = { token: string; csrfToken: string; user: UserView };

/** Signs in: returns a session token (for the cookie) and a CSRF token. */
export async function login(db: Db, input: { username: string; password: string; ip: string }): Promise<SessionStart> {
  const username = normalName(input.username);
  const address = addressKey(input.ip);
  const user = username ? await store.findUserByUsername(db.kysely, username) : undefined;
  const ticket = await admitAttempt(db, username, address, user?.id ?? null);
  const ok = await verify(user?.password_hash ?? (await dummy()), String(input.password ?? '')).catch(() => false);
  if (!user || !ok) {
    await recordFailure(db, 'user.login-failed', username, address, Boolean(user));
    throw new DomainError('login-failed', 'Fel användarnamn eller lösenord.', { status: 401 });
  }
  await forgive(db.kysely, ticket);
  if (!user.active) throw new DomainError('account-deactivated', 'Kontot är avstängt. Kontakta administratören.', { status: 403 });
  if (user.must_change_password && Date.now() - new Date(user.password_set_at).getTime() > TEMPORARY_PASSWORD_HOURS * 3600_000) {
    throw new DomainError('temporary-password-expired', `Det tillfälliga lösenordet gällde i ${TEMPORARY_PASSWORD_HOURS} timmar och har gått ut. Be administratören om ett nytt.`, { status: 403 });
  }
  return startSession(db, user, 'password', new Date(), { address });
}

/** Opens a session for a user who has proved who they are (password or the region's identity provider). */
async function startSession(db: Db, user: UserLike, via: 'password' | 'oidc', authenticatedAt: Date, opts: { address?: string; replaces?: string | undefined } = {}): Promise<SessionStart> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = new Date();
  await db.tx(async (trx) => {
    await store.deleteExpiredSessions(trx, new Date(now.getTime() - sessionIdleMinutes() * 60_000));
    if (opts.replaces) await store.deleteSession(trx, sha(opts.replaces));
    await store.insertSession(trx, {
      token_sha256: sha(token),
      user_id: user.id,
      csrf_token: csrfToken,
      expires_at: new Date(now.getTime() + SESSION_HOURS * 3600_000),
      authenticated_at: authenticatedAt,
      last_seen_at: now,
      via,
    });
    if (opts.address) await store.rememberAddress(trx, user.id, opts.address, new Date(now.getTime() + THROTTLE.knownAddressDays * 86_400_000));
    await audit(trx, { actor: `user:${user.username}`, action: 'user.login', entity: 'user', entityId: user.username, after: { via } });
  });
  const view = toView(user);
  return { token, csrfToken, user: via === 'password' ? (view.mustChangePassword ? { ...view, roles: [] } : view) : { ...view, mustChangePassword: false } };
}

/**
 * Signs in someone the identity provider vouched for. Roles are kept in Styrbord: the user must
 * exist here (created by an administrator) under the user name the provider gives. The first such
 * sign-in binds the account to the provider's subject (issuer and `sub`, which never change); from
 * then on the subject decides, and a user name claim that points at an account bound to someone
 * else is refused (a changed or reused user name at the provider cannot take over an account).
 */
export async function loginVerified(
  db: Db,
  who: string | { username: string; subject?: string | null; authenticatedAt?: Date | null },
  replaces?: string,
): Promise<SessionStart> {
  const w = typeof who === 'string' ? { username: who } : who;
  const name = normalName(w.username);
  const subject = w.subject ?? null;
  let user = subject ? await store.findUserBySubject(db.kysely, subject) : undefined;
  if (!user) {
    user = name ? await store.findUserByUsername(db.kysely, name) : undefined;
    if (user?.oidc_subject && user.oidc_subject !== subject) {
      await audit(db.kysely, { actor: 'oidc', action: 'user.login-failed', entity: 'user', entityId: name, after: { via: 'oidc', reason: 'subject-mismatch' } });
      throw new DomainError('oidc-subject-mismatch', `Kontot ${name} i Styrbord hör till en annan identitet hos regionen. Kontakta administratören.`, { status: 403 });
    }
  }
  if (!user) {
    throw new DomainError('unknown-user', `Du är inloggad hos regionen${name ? ` som ${name}` : ''}, men har inget konto i Styrbord. Kontakta administratören.`, { status: 403 });
  }
  if (!user.active) throw new DomainError('account-deactivated', `Kontot ${user.username} i Styrbord är avstängt. Kontakta administratören.`, { status: 403 });
  if (subject && !user.oidc_subject) {
    await db.tx(async (trx) => {
      await store.updateUser(trx, user.id, { oidc_subject: subject });
      await audit(trx, { actor: `user:${user.username}`, action: 'user.oidc-bind', entity: 'user', entityId: user.username, after: { subject } });
    });
  }
  const now = new Date();
  const at = w.authenticatedAt && w.authenticatedAt.getTime() <= now.getTime() ? w.authenticatedAt : now;
  return startSession(db, user, 'oidc', at, { replaces });
}

/** Signs out: the session ends, and the audit log says so. */
export async function logout(db: Db, token: string): Promise<void> {
  const owner = await store.sessionOwner(db.kysely, sha(token));
  if (!owner) return;
  await db.tx(async (trx) => {
    await store.deleteSession(trx, sha(token));
    await audit(trx, { actor: `user:${owner.username}`, action: 'user.logout', entity: 'user', entityId: owner.username });
  });
}

export interface Session {
  actor: Actor;
  user: UserView;
  csrfToken: string;
  /** When the user last proved who they are, and how. */
  authenticatedAt: Date;
  via: string;
  /** The cookie token's SHA-256 (the session's key). */
  key: string;
}

/** The session behind a cookie token, or null when it is unknown, expired or idle too long. */
export async function sessionFor(db: Db, token: string | undefined): Promise<Session | null> {
  if (!token || token.length > 100) return null;
  const now = new Date();
  const key = sha(token);
  const s = await store.findSession(db.kysely, key, new Date(now.getTime() - sessionIdleMinutes() * 60_000));
  if (!s || !s.active) return null;
  if (now.getTime() - new Date(s.last_seen_at).getTime() > TOUCH_MS) await store.touchSession(db.kysely, key, now);
  const mustChange = s.must_change_password && s.via === 'password';
  // with a one-time password the session has no roles until the password is changed
  const user = { ...toView(s), mustChangePassword: mustChange, ...(mustChange ? { roles: [] } : {}) };
  const authenticatedAt = new Date(s.authenticated_at);
  return {
    user,
    csrfToken: s.csrf_token,
    authenticatedAt,
    via: s.via,
    key,
    actor: {
      id: `user:${s.username}`,
      userId: s.id,
      personId: s.person_id,
      roles: user.roles,
      authenticatedAt,
      authenticatedVia: s.via === 'oidc' ? 'oidc' : 'password',
      ...(mustChange ? { mustChangePassword: true } : {}),
    },
  };
}

/**
 * The signed-in user's own password, checked under the same waiting times as a sign-in: the account
 * (else `signIn`), the attempt admitted, a wrong password recorded as `failure` and refused with `wrong`.
 * The ticket is to be forgiven once the rest succeeds; the session's key comes back with the user.
 */
async function checkOwnPassword(
  db: Db,
  session: Session | null,
  password: string,
  ip: string,
  messages: { signIn: string; failure: 'user.reauth-failed' | 'user.password-change-failed'; wrong: string },
) {
  if (!session) throw new DomainError('login-required', messages.signIn, { status: 401 });
  const user = await store.findUserById(db.kysely, session.user.id);
  if (!user) throw new DomainError('login-required', messages.signIn, { status: 401 });
  const address = addressKey(ip);
  const ticket = await admitAttempt(db, user.username, address, user.id);
  const ok = await verify(user.password_hash, String(password ?? '')).catch(() => false);
  if (!ok) {
    await recordFailure(db, messages.failure, user.username, address, true);
    throw new DomainError('wrong-password', messages.wrong, { status: 400 });
  }
  return { user, ticket, sessionKey: session.key };
}

/** Proves again who the signed-in user is (password): signing and account changes need a recent sign-in. */
export async function reauthenticate(db: Db, session: Session | null, input: { password: string; ip: string }): Promise<void> {
  const { user, ticket, sessionKey } = await checkOwnPassword(db, session, input.password, input.ip, {
    signIn: 'Logga in först.',
    failure: 'user.reauth-failed',
    wrong: 'Fel lösenord.',
  });
  await db.tx(async (trx) => {
    await forgive(trx, ticket);
    await store.markAuthenticated(trx, sessionKey, new Date(), 'password');
    await audit(trx, { actor: `user:${user.username}`, action: 'user.reauth', entity: 'user', entityId: user.username, after: { via: 'password' } });
  });
}

/** The signed-in user changes their password (required after a reset); their other sessions end. */
export async function changePassword(db: Db, session: Session | null, input: { currentPassword: string; newPassword: string; ip: string }): Promise<UserView> {
  const { user, ticket, sessionKey } = await checkOwnPassword(db, session, input.currentPassword, input.ip, {
    signIn: 'Logga in för att byta lösenord.',
    failure: 'user.password-change-failed',
    wrong: 'Det nuvarande lösenordet är fel.',
  });
  await forgive(db.kysely, ticket);
  if (input.newPassword === input.currentPassword) throw new DomainError('same-password', 'Välj ett nytt lösenord, inte det du har nu.');
  validatePassword(input.newPassword, [user.username, user.display_name]);
  const passwordHash = await hash(input.newPassword);
  return db.tx(async (trx) => {
    const row = await store.updateUser(trx, user.id, { password_hash: passwordHash, must_change_password: false, password_set_at: new Date() });
    await store.deleteSessionsOf(trx, user.id, sessionKey);
    await store.markAuthenticated(trx, sessionKey, new Date(), 'password');
    await audit(trx, { actor: `user:${user.username}`, action: 'user.password-change', entity: 'user', entityId: user.username });
    return toView(row);
  });
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
