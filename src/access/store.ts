/** SQL for users, sessions and the sign-in limiter. */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';

const userColumns = ['id', 'username', 'display_name', 'roles', 'person_id', 'active', 'version', 'must_change_password', 'password_set_at', 'oidc_subject'] as const;

export type UserRow = Awaited<ReturnType<typeof findUserById>> & {};

export async function insertUser(
  ex: Executor,
  u: { username: string; display_name: string; password_hash: string; roles: string[]; person_id: number | null; must_change_password: boolean },
) {
  return ex.insertInto('app_user').values(u).returning(userColumns).executeTakeFirstOrThrow();
}

export async function findUserByUsername(ex: Executor, username: string) {
  return ex.selectFrom('app_user').select([...userColumns, 'password_hash']).where('username', '=', username).executeTakeFirst();
}

export async function findUserById(ex: Executor, id: number, opts: { forUpdate?: boolean } = {}) {
  let q = ex.selectFrom('app_user').select([...userColumns, 'password_hash']).where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findUserBySubject(ex: Executor, subject: string) {
  return ex.selectFrom('app_user').select([...userColumns, 'password_hash']).where('oidc_subject', '=', subject).executeTakeFirst();
}

export async function listUsers(ex: Executor) {
  return ex
    .selectFrom('app_user as u')
    .leftJoin('person as p', 'p.id', 'u.person_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.roles', 'u.person_id', 'u.active', 'u.version', 'u.must_change_password', 'u.password_set_at', 'u.oidc_subject', 'p.name as person_name'])
    .orderBy('u.username')
    .execute();
}

/** Another active account linked to the person, if any. */
export async function activeAccountOfPerson(ex: Executor, personId: number, exceptUserId: number | null = null) {
  let q = ex.selectFrom('app_user').select(['id', 'username']).where('person_id', '=', personId).where('active', '=', true);
  if (exceptUserId !== null) q = q.where('id', '<>', exceptUserId);
  return q.executeTakeFirst();
}

export async function countAdmins(ex: Executor, exceptUserId: number | null = null): Promise<number> {
  let q = ex.selectFrom('app_user').select(sql<number>`count(*)::int`.as('n')).where(sql<boolean>`'admin' = any(roles)`).where('active', '=', true);
  if (exceptUserId !== null) q = q.where('id', '<>', exceptUserId);
  return (await q.executeTakeFirstOrThrow()).n;
}

export async function updateUser(
  ex: Executor,
  id: number,
  patch: Partial<{ roles: string[]; active: boolean; deactivated_at: Date | null; password_hash: string; must_change_password: boolean; password_set_at: Date; oidc_subject: string | null }>,
) {
  return ex
    .updateTable('app_user')
    .set({ ...patch, updated_at: new Date(), version: sql<number>`version + 1` })
    .where('id', '=', id)
    .returning(userColumns)
    .executeTakeFirstOrThrow();
}

export async function listPeople(ex: Executor) {
  return ex.selectFrom('person').select(['id', 'name']).orderBy('name').orderBy('id').execute();
}

export async function insertSession(
  ex: Executor,
  s: { token_sha256: string; user_id: number; csrf_token: string; expires_at: Date; authenticated_at: Date; last_seen_at: Date; via: string },
) {
  await ex.insertInto('user_session').values(s).execute();
}

/** A session that has not expired and has been used within the idle limit. */
export async function findSession(ex: Executor, tokenSha256: string, idleSince: Date) {
  return ex
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select(['s.csrf_token', 's.expires_at', 's.authenticated_at', 's.last_seen_at', 's.via', 'u.id', 'u.username', 'u.display_name', 'u.roles', 'u.person_id', 'u.active', 'u.must_change_password'])
    .where('s.token_sha256', '=', tokenSha256)
    .where('s.expires_at', '>', new Date())
    .where('s.last_seen_at', '>', idleSince)
    .executeTakeFirst();
}

export async function touchSession(ex: Executor, tokenSha256: string, now: Date) {
  await ex.updateTable('user_session').set({ last_seen_at: now }).where('token_sha256', '=', tokenSha256).execute();
}

export async function markAuthenticated(ex: Executor, tokenSha256: string, at: Date, via: string) {
  await ex.updateTable('user_session').set({ authenticated_at: at, last_seen_at: new Date(), via }).where('token_sha256', '=', tokenSha256).execute();
}

export async function deleteSession(ex: Executor, tokenSha256: string) {
  await ex.deleteFrom('user_session').where('token_sha256', '=', tokenSha256).execute();
}

/** Ends a user's sessions (all, or all but one). */
export async function deleteSessionsOf(ex: Executor, userId: number, exceptTokenSha256: string | null = null) {
  let q = ex.deleteFrom('user_session').where('user_id', '=', userId);
  if (exceptTokenSha256) q = q.where('token_sha256', '<>', exceptTokenSha256);
  await q.execute();
}

export async function deleteExpiredSessions(ex: Executor, idleSince: Date) {
  await ex.deleteFrom('user_session').where((eb) => eb.or([eb('expires_at', '<=', new Date()), eb('last_seen_at', '<=', idleSince)])).execute();
}

// --- the sign-in limiter -------------------------------------------------------------------------

/**
 * Counts one attempt on each key (a counter past its expiry starts again at 1) and locks the rows for
 * the rest of the transaction, so concurrent attempts on a key queue up behind this one. Returns the
 * new counts and each counter's block as it was before this attempt (this statement never sets one).
 * Keys are written in sorted order: concurrent transactions lock them in the same order.
 */
export async function countAttempt(ex: Executor, keys: string[], now: Date, expiresAt: Date) {
  return ex
    .insertInto('login_throttle')
    .values([...keys].sort().map((key) => ({ key, failures: 1, blocked_until: null, expires_at: expiresAt })))
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`case when login_throttle.expires_at <= ${now} then 1 else login_throttle.failures + 1 end`,
        blocked_until: sql<Date | null>`case when login_throttle.expires_at <= ${now} then null else login_throttle.blocked_until end`,
        expires_at: expiresAt,
      }),
    )
    .returning(['key', 'failures', 'blocked_until'])
    .execute();
}

export async function blockUntil(ex: Executor, key: string, until: Date) {
  await ex.updateTable('login_throttle').set({ blocked_until: until }).where('key', '=', key).execute();
}

/**
 * A successful sign-in: the pair's counter goes, and on the others the attempt no longer counts
 * (its count is taken back, and the delay it set, if no later attempt changed it, is undone).
 */
export async function forgiveAttempt(ex: Executor, pairKey: string, others: Array<{ key: string; set: Date | null; previous: Date | null }>) {
  await ex.deleteFrom('login_throttle').where('key', '=', pairKey).execute();
  for (const { key, set, previous } of others) {
    await ex
      .updateTable('login_throttle')
      .set({
        failures: sql<number>`greatest(failures - 1, 0)`,
        blocked_until: set ? sql<Date | null>`case when blocked_until = ${set} then ${previous} else blocked_until end` : sql<Date | null>`blocked_until`,
      })
      .where('key', '=', key)
      .execute();
  }
}

/** Drops expired counters and known addresses, and keeps the table under its bound (oldest first). */
export async function cleanupThrottle(ex: Executor, now: Date, maxRows: number) {
  await ex.deleteFrom('login_throttle').where('expires_at', '<=', now).execute();
  await ex.deleteFrom('login_known_address').where('expires_at', '<=', now).execute();
  const { n } = await ex.selectFrom('login_throttle').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  if (n > maxRows) {
    const oldest = ex.selectFrom('login_throttle').select('key').orderBy('expires_at').limit(n - maxRows);
    await ex.deleteFrom('login_throttle').where('key', 'in', oldest).execute();
  }
}

export async function isKnownAddress(ex: Executor, userId: number, address: string, now: Date): Promise<boolean> {
  const r = await ex.selectFrom('login_known_address').select('user_id').where('user_id', '=', userId).where('address', '=', address).where('expires_at', '>', now).executeTakeFirst();
  return Boolean(r);
}

export async function rememberAddress(ex: Executor, userId: number, address: string, expiresAt: Date) {
  await ex
    .insertInto('login_known_address')
    .values({ user_id: userId, address, expires_at: expiresAt })
    .onConflict((oc) => oc.columns(['user_id', 'address']).doUpdateSet({ expires_at: expiresAt }))
    .execute();
}

export async function auditEntries(ex: Executor, f: { entity?: string | undefined; limit: number; offset: number }) {
  let q = ex.selectFrom('audit_log').selectAll();
  if (f.entity) q = q.where('entity', '=', f.entity);
  return q.orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
}

/** Whose session a token is (also an idle one), for the sign-out's audit entry. */
export async function sessionOwner(ex: Executor, tokenSha256: string) {
  return ex.selectFrom('user_session as s').innerJoin('app_user as u', 'u.id', 's.user_id').select(['u.id', 'u.username']).where('s.token_sha256', '=', tokenSha256).executeTakeFirst();
}
