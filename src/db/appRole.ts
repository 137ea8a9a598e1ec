/**
 * PostgreSQL: the rights of the role the app runs as, when it is not the
 * schema's owner (docs/access.md). Only the owner can alter, disable or drop
 * the audit log's triggers; the app gets SELECT and INSERT on audit_log (no
 * UPDATE, DELETE, TRUNCATE), SELECT and UPDATE on the chain's head (the
 * trigger, run as the app, moves it), read-only schema_migrations, and
 * ordinary rights on every other table. Run by the owner after migrating
 * (`npm run migrate` with APP_DB_ROLE, or at open with MIGRATION_DATABASE_URL),
 * so tables a migration adds get their grants too.
 */
import { sql } from 'kysely';
import type { Executor } from './index.ts';

const ROLE = /^[a-z_][a-z0-9_]{0,62}$/;

export async function grantAppRole(ex: Executor, role: string): Promise<void> {
  if (!ROLE.test(role)) throw new Error(`Ogiltigt rollnamn för appen: ${role}`);
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(ex)).rows[0]!.s;
  const ext = (await sql<{ ok: boolean }>`select exists (select 1 from pg_namespace where nspname = 'styrbord_ext') as ok`.execute(ex)).rows[0]!.ok;
  const r = `"${role}"`;
  const s = `"${schema}"`;
  const statements = [
    `grant usage on schema ${s} to ${r}`,
    ...(ext ? [`grant usage on schema styrbord_ext to ${r}`] : []),
    `grant select, insert, update, delete on all tables in schema ${s} to ${r}`,
    `grant usage, select on all sequences in schema ${s} to ${r}`,
    `revoke update, delete, truncate, references, trigger on ${s}.audit_log from ${r}`,
    `revoke insert, delete, truncate, references, trigger on ${s}.audit_chain_head from ${r}`,
    `revoke insert, update, delete, truncate, references, trigger on ${s}.schema_migrations from ${r}`,
  ];
  for (const q of statements) await sql.raw(q).execute(ex);
}

/** The user name in a postgres:// URL (the role it connects as). */
export function roleOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.username ? decodeURIComponent(u.username) : null;
  } catch {
    return null;
  }
}
