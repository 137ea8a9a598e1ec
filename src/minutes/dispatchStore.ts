/** SQL for expediering: expediering_recipient and extract_dispatch (migration 040). */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';
import type { RecipientSource } from './dispatch.ts';

export async function recipientsOf(ex: Executor, decisionIds: number[]) {
  if (!decisionIds.length) return [];
  return ex.selectFrom('expediering_recipient').selectAll().where('decision_id', 'in', decisionIds).orderBy('id').execute();
}

export async function dispatchesOf(ex: Executor, decisionIds: number[]) {
  if (!decisionIds.length) return [];
  return ex.selectFrom('extract_dispatch').selectAll().where('decision_id', 'in', decisionIds).orderBy('id').execute();
}

/** The address last given for a recipient of this name (on any paragraph), to suggest for a new one. */
export async function knownAddresses(ex: Executor, names: string[]): Promise<Map<string, string>> {
  const keys = [...new Set(names.map((n) => n.toLocaleLowerCase('sv-SE')))];
  if (!keys.length) return new Map();
  const rows = await ex
    .selectFrom('expediering_recipient')
    .select([sql<string>`lower(name)`.as('key'), 'email'])
    .where(sql<string>`lower(name)`, 'in', keys)
    .where('email', 'is not', null)
    .orderBy('updated_at', 'asc')
    .execute();
  return new Map(rows.map((r) => [r.key, r.email!]));
}

export async function lockRecipient(ex: Executor, id: number) {
  return ex.selectFrom('expediering_recipient').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function lockRecipientsOf(ex: Executor, decisionIds: number[]) {
  if (!decisionIds.length) return [];
  return ex.selectFrom('expediering_recipient').selectAll().where('decision_id', 'in', decisionIds).orderBy('id').forUpdate().execute();
}

export async function findRecipientByName(ex: Executor, decisionId: number, name: string) {
  return ex.selectFrom('expediering_recipient').selectAll().where('decision_id', '=', decisionId).where(sql<string>`lower(name)`, '=', name.toLocaleLowerCase('sv-SE')).executeTakeFirst();
}

export async function insertRecipient(ex: Executor, v: { decision_id: number; name: string; email: string | null; source: RecipientSource; by: string }) {
  return ex
    .insertInto('expediering_recipient')
    .values({ decision_id: v.decision_id, name: v.name, email: v.email, source: v.source, created_by: v.by, updated_by: v.by })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateRecipient(ex: Executor, id: number, v: { name: string; email: string | null; by: string }) {
  return ex
    .updateTable('expediering_recipient')
    .set({ name: v.name, email: v.email, updated_by: v.by, updated_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteRecipient(ex: Executor, id: number) {
  await ex.deleteFrom('expediering_recipient').where('id', '=', id).execute();
}

export async function findDispatchOfRecipient(ex: Executor, recipientId: number) {
  return ex.selectFrom('extract_dispatch').selectAll().where('recipient_id', '=', recipientId).executeTakeFirst();
}

export async function lockDispatch(ex: Executor, id: number) {
  return ex.selectFrom('extract_dispatch').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export interface NewDispatch {
  recipient_id: number;
  decision_id: number;
  paragraph: number;
  channel: 'email' | 'other';
  address: string | null;
  method: string | null;
  file_sha256: string;
  audience: 'original' | 'public';
  sent_by: string;
  status?: 'pending' | 'sent';
  sent_at?: Date | null;
}

export async function insertDispatch(ex: Executor, v: NewDispatch) {
  return ex.insertInto('extract_dispatch').values(v).returning(['id']).executeTakeFirstOrThrow();
}

/** A failed dispatch is tried again (or recorded as sent another way): one more attempt on the same row. */
export async function redoDispatch(
  ex: Executor,
  id: number,
  v: { channel: 'email' | 'other'; address: string | null; method: string | null; file_sha256: string; audience: 'original' | 'public'; sent_by: string; status: 'pending' | 'sent'; sent_at: Date | null },
) {
  await ex
    .updateTable('extract_dispatch')
    .set({ ...v, error: null, attempts: sql`attempts + 1`, updated_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', id)
    .execute();
}

export async function setResult(ex: Executor, id: number, r: { status: 'sent' | 'failed'; error: string | null; sentAt: Date | null }) {
  await ex
    .updateTable('extract_dispatch')
    .set({ status: r.status, error: r.error, sent_at: r.sentAt, updated_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', id)
    .execute();
}
