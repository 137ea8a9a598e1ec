/** SQL of the agenda builder (issue 14.2): a meeting's items with what hangs on them, and the builder's writes. */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';

type Kind = 'adjustment' | 'decision' | 'information' | 'delegation-report' | 'presentations';

/** An item's fields the builder writes. */
export interface ItemFields {
  title: string;
  kind: Kind;
  case_id: number | null;
  presenters: string[];
  proposed_adjusters: string[];
  adjustment_deadline: string | null;
}

/** An item as the builder shows it, with what would stop its removal (row_to_json: plain JSON). */
export interface BuilderItemRow extends ItemFields {
  id: number;
  number: number;
  has_proposal: boolean;
  secrecy_ref: string | null;
  version: number;
  attachments: number;
  memo: boolean;
  decision: boolean;
  decision_adjusted: boolean;
  reported: number;
  cofinancing: number;
  /** Yrkanden recorded in the live minutes (issue 15.1). */
  motions: number;
  /** Remisser whose answer is to be decided under this item (issue 21.1). */
  remisser: number;
  sub_items: Array<{ title: string; presenters: string[]; case_id: number | null }> | null;
}

/** A meeting's agenda for the builder, by number, in one statement. */
export async function builderItems(ex: Executor, meetingId: number): Promise<BuilderItemRow[]> {
  const r = await sql<{ items: BuilderItemRow[] | null }>`
    select json_agg(x order by x.number) as items from (
      select ai.id, ai.number, ai.title, ai.kind, ai.case_id, ai.presenters, ai.proposed_adjusters, ai.adjustment_deadline,
             ai.has_proposal, ai.secrecy_ref, ai.version,
             (select count(*)::int from attachment a where a.agenda_item_id = ai.id) as attachments,
             (exists (select 1 from briefing_memo bm where bm.agenda_item_id = ai.id) or exists (select 1 from memo_form mf where mf.agenda_item_id = ai.id)) as memo,
             exists (select 1 from decision d where d.agenda_item_id = ai.id) as decision,
             exists (select 1 from decision d join minutes mi on mi.id = d.minutes_id where d.agenda_item_id = ai.id and (mi.status = 'adjusted' or mi.locked_at is not null)) as decision_adjusted,
             (select count(*)::int from delegated_decision dd where dd.report_item_id = ai.id) as reported,
             (select count(*)::int from cofinancing_decision cd where cd.agenda_item_id = ai.id) as cofinancing,
             (select count(*)::int from motion mo where mo.agenda_item_id = ai.id) as motions,
             (select count(*)::int from remiss re where re.agenda_item_id = ai.id) as remisser,
             (select json_agg(json_build_object('title', s.title, 'presenters', s.presenters, 'case_id', s.case_id) order by s.position)
                from agenda_sub_item s where s.agenda_item_id = ai.id) as sub_items
      from agenda_item ai where ai.meeting_id = ${meetingId}) x`.execute(ex);
  return r.rows[0]?.items ?? [];
}

/** The meeting an item is on (undefined when there is no such item). */
export async function meetingOfItem(ex: Executor, itemId: number): Promise<number | undefined> {
  return (await ex.selectFrom('agenda_item').select('meeting_id').where('id', '=', itemId).executeTakeFirst())?.meeting_id;
}

/** The meeting's header fields the builder needs (the lock is store.lockMeeting). */
export async function meetingHead(ex: Executor, meetingId: number) {
  return ex
    .selectFrom('meeting')
    .innerJoin('body', 'body.id', 'meeting.body_id')
    .select(['meeting.id', 'meeting.body_id', 'meeting.version', 'meeting.agenda_closed_at', 'meeting.date', 'body.name as body_name'])
    .where('meeting.id', '=', meetingId)
    .executeTakeFirst();
}

/** Who most recently presented a case on any agenda (its föredragande last time), or null. */
export async function lastPresentersOfCase(ex: Executor, caseId: number): Promise<string[] | null> {
  const r = await ex
    .selectFrom('agenda_item as ai')
    .innerJoin('meeting as m', 'm.id', 'ai.meeting_id')
    .select('ai.presenters')
    .where('ai.case_id', '=', caseId)
    .where(sql<boolean>`cardinality(ai.presenters) > 0`)
    .orderBy('m.date', 'desc')
    .orderBy('ai.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.presenters ?? null;
}

/** Writes an item's edited fields and bumps its version. */
export type ItemUpdate = Partial<ItemFields> & { has_proposal?: boolean; addressee?: string | null; notes?: string[] };

export async function updateItem(ex: Executor, id: number, f: ItemUpdate): Promise<void> {
  await ex
    .updateTable('agenda_item')
    .set({ ...f, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .execute();
}

/** Completes a just-added item (its version stays 1). */
export async function updateItemQuietly(ex: Executor, id: number, f: ItemUpdate): Promise<void> {
  if (Object.keys(f).length) await ex.updateTable('agenda_item').set(f).where('id', '=', id).execute();
}

/** Sets the proposal's att-satser anew (nothing refers to a clause by id). */
export async function replaceClauses(ex: Executor, itemId: number, clauses: string[]): Promise<void> {
  await ex.deleteFrom('proposal_clause').where('agenda_item_id', '=', itemId).execute();
  if (clauses.length) await ex.insertInto('proposal_clause').values(clauses.map((text, i) => ({ agenda_item_id: itemId, position: i + 1, text }))).execute();
}

/** Sets an item's sub-items anew, numbered 1..n. */
export async function replaceSubItems(ex: Executor, itemId: number, subs: Array<{ title: string; presenters: string[]; case_id: number | null }>): Promise<void> {
  await ex.deleteFrom('agenda_sub_item').where('agenda_item_id', '=', itemId).execute();
  if (subs.length) {
    await ex
      .insertInto('agenda_sub_item')
      .values(subs.map((s, i) => ({ agenda_item_id: itemId, position: i + 1, number: i + 1, title: s.title, presenters: s.presenters, case_id: s.case_id, note: null })))
      .execute();
  }
}

export async function deleteItem(ex: Executor, id: number): Promise<void> {
  await ex.deleteFrom('agenda_item').where('id', '=', id).execute();
}

/** The memo an item has (for the audit entry of its removal), or null. */
export async function memoOf(ex: Executor, itemId: number): Promise<{ memo: unknown; form: unknown } | null> {
  const memo = await ex.selectFrom('briefing_memo').select('content').where('agenda_item_id', '=', itemId).executeTakeFirst();
  const form = await ex.selectFrom('memo_form').select(['form', 'state']).where('agenda_item_id', '=', itemId).executeTakeFirst();
  return memo || form ? { memo: memo?.content ?? null, form: form ?? null } : null;
}

/**
 * Numbers the meeting's items 1..n in the order given (every item of the
 * meeting, each once). The numbers are unique per meeting, so they are first
 * moved out of the way. The items' versions stay (the order is the
 * meeting's: its version is what a reorder is checked against).
 */
export async function renumber(ex: Executor, meetingId: number, orderedIds: number[]): Promise<void> {
  if (orderedIds.length === 0) return;
  await sql`update agenda_item set number = number + 1000000 where meeting_id = ${meetingId}`.execute(ex);
  await sql`
    update agenda_item ai
       set number = o.n
      from unnest(${orderedIds}::int[]) with ordinality as o(id, n)
     where ai.id = o.id and ai.meeting_id = ${meetingId}`.execute(ex);
}
