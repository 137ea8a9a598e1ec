/** SQL for kallelse sending: person.email and kallelse_dispatch (migration 029). */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';

/** The body's members and ersättare in force on a date (no end date, or one on or after it), with their addresses. */
export async function recipients(ex: Executor, bodyId: number, onDate: string) {
  return ex
    .selectFrom('membership as m')
    .innerJoin('person as p', 'p.id', 'm.person_id')
    .select(['p.id as person_id', 'p.name', 'p.email', 'p.version', 'm.kind', 'm.list_order'])
    .where('m.body_id', '=', bodyId)
    .where((eb) => eb.or([eb('m.valid_to', 'is', null), eb('m.valid_to', '>=', onDate)]))
    .orderBy('m.kind')
    .orderBy('m.list_order')
    .execute();
}

const dispatchColumns = ['d.id', 'd.meeting_id', 'd.book_version', 'd.person_id', 'p.name', 'd.address', 'd.status', 'd.error', 'd.attempts', 'd.sent_at', 'd.sent_by', 'd.updated_at'] as const;

export async function listDispatches(ex: Executor, meetingId: number) {
  return ex
    .selectFrom('kallelse_dispatch as d')
    .innerJoin('person as p', 'p.id', 'd.person_id')
    .select(dispatchColumns)
    .where('d.meeting_id', '=', meetingId)
    .orderBy('d.book_version', 'desc')
    .orderBy('p.name')
    .execute();
}

export type DispatchRow = Awaited<ReturnType<typeof listDispatches>>[number];

export async function dispatchesOfVersion(ex: Executor, meetingId: number, version: number) {
  return ex.selectFrom('kallelse_dispatch').selectAll().where('meeting_id', '=', meetingId).where('book_version', '=', version).execute();
}

/** One dispatch, locked for the rest of the transaction. */
export async function lockDispatch(ex: Executor, id: number) {
  return ex
    .selectFrom('kallelse_dispatch as d')
    .innerJoin('person as p', 'p.id', 'd.person_id')
    .select([...dispatchColumns, 'p.email as current_email'])
    .where('d.id', '=', id)
    .forUpdate('d')
    .executeTakeFirst();
}

export async function insertPending(ex: Executor, rows: Array<{ meeting_id: number; book_version: number; person_id: number; address: string; sent_by: string }>): Promise<number[]> {
  if (rows.length === 0) return [];
  return (await ex.insertInto('kallelse_dispatch').values(rows).returning('id').execute()).map((r) => r.id);
}

/** A failed dispatch is tried again: pending, one more attempt, the address as it is now. */
export async function markPendingAgain(ex: Executor, id: number, address: string, by: string): Promise<void> {
  await ex
    .updateTable('kallelse_dispatch')
    .set({ status: 'pending', error: null, address, sent_by: by, attempts: sql`attempts + 1`, updated_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', id)
    .execute();
}

export async function setResult(ex: Executor, id: number, r: { status: 'sent' | 'failed'; error: string | null; sentAt: Date | null }): Promise<void> {
  await ex
    .updateTable('kallelse_dispatch')
    .set({ status: r.status, error: r.error, sent_at: r.sentAt, updated_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', id)
    .execute();
}

export async function meetingOfDispatch(ex: Executor, id: number) {
  return ex.selectFrom('kallelse_dispatch').select(['meeting_id']).where('id', '=', id).executeTakeFirst();
}

export async function findMeeting(ex: Executor, meetingId: number) {
  return ex.selectFrom('meeting').select(['id', 'body_id', 'date']).where('id', '=', meetingId).executeTakeFirst();
}

export async function lockMeeting(ex: Executor, meetingId: number) {
  return ex.selectFrom('meeting').select(['id', 'body_id', 'date']).where('id', '=', meetingId).forUpdate().executeTakeFirst();
}

export async function lockPerson(ex: Executor, id: number) {
  return ex.selectFrom('person').select(['id', 'name', 'email', 'version']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setPersonEmail(ex: Executor, id: number, email: string | null): Promise<number> {
  const r = await ex.updateTable('person').set({ email, version: sql`version + 1` }).where('id', '=', id).returning('version').executeTakeFirstOrThrow();
  return r.version;
}
