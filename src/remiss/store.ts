/** SQL for remisser: the remiss table and its recipients. Nothing else touches them. */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import type { Direction } from './model.ts';

export type RemissRow = NonNullable<Awaited<ReturnType<typeof findRemiss>>>;
export type RecipientRow = Awaited<ReturnType<typeof recipientsOf>>[number];

type RemissValues = {
  title: string;
  case_id: number | null;
  sender: string | null;
  sender_ref: string | null;
  question: string | null;
  received_on: string | null;
  reply_due: string | null;
  preparer: string | null;
  period_from: string | null;
  period_to: string | null;
};

export async function insertRemiss(ex: Executor, v: RemissValues & { direction: Direction; by: string }) {
  const { by, ...rest } = v;
  return ex.insertInto('remiss').values({ ...rest, created_by: by, updated_by: by }).returningAll().executeTakeFirstOrThrow();
}

export async function findRemiss(ex: Executor, id: number) {
  return ex.selectFrom('remiss').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockRemiss(ex: Executor, id: number) {
  return ex.selectFrom('remiss').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Every change to a remiss (its recipients and their answers included) bumps its version. */
export async function updateRemiss(ex: Executor, id: number, set: Partial<RemissValues & { meeting_id: number | null; agenda_item_id: number | null; answer_sent_on: string | null; answer_sent_to: string | null; answer_document: string | null; declined: boolean }>, by: string) {
  return ex
    .updateTable('remiss')
    .set({ ...set, version: sql<number>`version + 1`, updated_at: sql<Date>`now()`, updated_by: by })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface ListFilter {
  direction?: Direction | undefined;
  q?: string | undefined;
}

/** The register, newest deadline last-first: incoming by reply day, outgoing by the period's end. */
export async function listRemisser(ex: Executor, f: ListFilter) {
  let q = ex
    .selectFrom('remiss as r')
    .leftJoin('diarium_case as c', 'c.id', 'r.case_id')
    .selectAll('r')
    .select(['c.case_number'])
    .select((eb) => [
      eb.selectFrom('remiss_recipient as x').select((f2) => f2.fn.countAll<number>().as('n')).whereRef('x.remiss_id', '=', 'r.id').as('recipient_count'),
      eb.selectFrom('remiss_recipient as x').select((f2) => f2.fn.countAll<number>().as('n')).whereRef('x.remiss_id', '=', 'r.id').where('x.answered_on', 'is not', null).as('answered_count'),
    ]);
  if (f.direction) q = q.where('r.direction', '=', f.direction);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('r.title', 'ilike', like), eb('r.sender', 'ilike', like), eb('c.case_number', 'ilike', like)]));
  }
  return q.orderBy(sql`coalesce(r.reply_due, r.period_to)`, 'desc').orderBy('r.id', 'desc').limit(1000).execute();
}

/** What the start page's deadlines need: every remiss that may still be due (not answered or declined). */
export async function openDeadlineRows(ex: Executor, shownFrom: string) {
  return ex
    .selectFrom('remiss as r')
    .leftJoin('diarium_case as c', 'c.id', 'r.case_id')
    .select(['r.id', 'r.direction', 'r.title', 'r.sender', 'r.reply_due', 'r.period_from', 'r.period_to', 'r.answer_sent_on', 'r.declined', 'c.case_number'])
    .select((eb) => [
      eb.selectFrom('remiss_recipient as x').select((f2) => f2.fn.countAll<number>().as('n')).whereRef('x.remiss_id', '=', 'r.id').as('recipient_count'),
      eb.selectFrom('remiss_recipient as x').select((f2) => f2.fn.countAll<number>().as('n')).whereRef('x.remiss_id', '=', 'r.id').where('x.answered_on', 'is not', null).as('answered_count'),
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb('r.direction', '=', 'incoming'), eb('r.answer_sent_on', 'is', null), eb('r.declined', '=', false)]),
        eb.and([eb('r.direction', '=', 'outgoing'), eb('r.period_to', '>=', shownFrom)]),
      ]),
    )
    .execute();
}

export async function recipientsOf(ex: Executor, remissId: number) {
  return ex.selectFrom('remiss_recipient').selectAll().where('remiss_id', '=', remissId).orderBy('position').execute();
}

export async function insertRecipients(ex: Executor, remissId: number, names: string[], firstPosition: number): Promise<void> {
  if (!names.length) return;
  await ex
    .insertInto('remiss_recipient')
    .values(names.map((name, i) => ({ remiss_id: remissId, position: firstPosition + i, name })))
    .execute();
}

export async function deleteRecipient(ex: Executor, remissId: number, recipientId: number): Promise<boolean> {
  const r = await ex.deleteFrom('remiss_recipient').where('remiss_id', '=', remissId).where('id', '=', recipientId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function setAnswer(ex: Executor, remissId: number, recipientId: number, a: { answered_on: string | null; stance: Database['remiss_recipient']['stance']; summary: string | null }) {
  return ex.updateTable('remiss_recipient').set(a).where('remiss_id', '=', remissId).where('id', '=', recipientId).returningAll().executeTakeFirst();
}

/** The remiss answered by an agenda item, if any (one item answers one remiss). */
export async function findByAgendaItem(ex: Executor, agendaItemId: number) {
  return ex.selectFrom('remiss').select(['id', 'title']).where('agenda_item_id', '=', agendaItemId).executeTakeFirst();
}
