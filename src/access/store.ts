/** SQL for users and sessions. */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';

const userColumns = ['id', 'username', 'display_name', 'roles', 'person_id', 'active', 'version'] as const;

export async function insertUser(ex: Executor, u: { username: string; display_name: string; password_hash: string; roles: string[]; person_id: number | null }) {
  return ex.insertInto('app_user').values(u).returning(userColumns).executeTakeFirstOrThrow();
}

export async function findUserByUsername(ex: Executor, username: string) {
  return ex.selectFrom('app_user').select([...userColumns, 'password_hash']).where('username', '=', username).executeTakeFirst();
}

export async function listUsers(ex: Executor) {
  return ex.selectFrom('app_user').select(userColumns).orderBy('username').execute();
}

export async function countAdmins(ex: Executor): Promise<number> {
  const r = await ex.selectFrom('app_user').select(sql<number>`count(*)::int`.as('n')).where(sql<boolean>`'admin' = any(roles)`).where('active', '=', true).executeTakeFirstOrThrow();
  return r.n;
}

export async function insertSession(ex: Executor, s: { token_sha256: string; user_id: number; csrf_token: string; expires_at: Date }) {
  await ex.insertInto('user_session').values(s).execute();
}

export async function findSession(ex: Executor, tokenSha256: string) {
  return ex
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select(['s.csrf_token', 's.expires_at', 'u.id', 'u.username', 'u.display_name', 'u.roles', 'u.person_id', 'u.active'])
    .where('s.token_sha256', '=', tokenSha256)
    .where('s.expires_at', '>', new Date())
    .executeTakeFirst();
}

export async function deleteSession(ex: Executor, tokenSha256: string) {
  await ex.deleteFrom('user_session').where('token_sha256', '=', tokenSha256).execute();
}

export async function deleteExpiredSessions(ex: Executor) {
  await ex.deleteFrom('user_session').where('expires_at', '<=', new Date()).execute();
}

export async function auditEntries(ex: Executor, f: { entity?: string | undefined; limit: number; offset: number }) {
  let q = ex.selectFrom('audit_log').selectAll();
  if (f.entity) q = q.where('entity', '=', f.entity);
  return q.orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
}
