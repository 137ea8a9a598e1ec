/**
 * What a meeting's papers still lack, for the staff start page (issue 14.8):
 * memos not ready for the kallelse, listed beslutsunderlag without a file, and
 * the kallelse book's state (built, sent, to be reissued). Read in a few set
 * queries for all the meetings asked about, never item by item.
 */
import type { Db } from '../db/index.ts';
import { bookState } from './service.ts';

export interface ItemGap {
  itemId: number;
  number: number;
  title: string;
}

export interface MeetingPreparation {
  meetingId: number;
  itemCount: number;
  /** Decision items whose memo is neither written through the memo form and marked ready nor stored otherwise (imported, API). */
  memosNotReady: Array<ItemGap & { state: 'saknas' | 'utkast' }>;
  /** Listed beslutsunderlag with no file: the book would print them as missing. */
  underlagMissing: Array<ItemGap & { document: string }>;
  /** `sentAt`: when a version was last sent (the newest sent one), or null when none was. */
  book: { built: boolean; version: number | null; sentAt: string | null; reissueNeeded: boolean };
}

/** A listed document that is the memo itself: present when the memo is. */
const IS_MEMO = /^(tjänsteskrivelse|föredragnings-?\s?pm)\b/i;

export async function preparationOf(db: Db, meetingIds: readonly number[]): Promise<MeetingPreparation[]> {
  if (meetingIds.length === 0) return [];
  const ids = [...meetingIds];
  const items = await db.kysely
    .selectFrom('agenda_item as i')
    .leftJoin('memo_form as f', 'f.agenda_item_id', 'i.id')
    .leftJoin('briefing_memo as b', 'b.agenda_item_id', 'i.id')
    .select(['i.id', 'i.meeting_id', 'i.number', 'i.title', 'i.kind', 'f.state as formState', 'b.agenda_item_id as stored'])
    .where('i.meeting_id', 'in', ids)
    .orderBy('i.meeting_id')
    .orderBy('i.number')
    .execute();
  const itemIds = items.map((i) => i.id);
  const basis = itemIds.length
    ? await db.kysely
        .selectFrom('decision_basis as d')
        .select(['d.id', 'd.agenda_item_id', 'd.title', 'd.file_sha256'])
        .where('d.agenda_item_id', 'in', itemIds)
        .where('d.file_sha256', 'is', null)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('attachment as a').select('a.id').whereRef('a.decision_basis_id', '=', 'd.id'))))
        .orderBy('d.agenda_item_id')
        .orderBy('d.position')
        .execute()
    : [];
  const byItem = new Map(items.map((i) => [i.id, i]));
  const out: MeetingPreparation[] = [];
  for (const meetingId of ids) {
    const mine = items.filter((i) => i.meeting_id === meetingId);
    const hasMemo = (i: (typeof items)[number]) => (i.formState ? i.formState === 'ready' : i.stored !== null);
    const book = await bookState(db, meetingId);
    out.push({
      meetingId,
      itemCount: mine.length,
      memosNotReady: mine
        .filter((i) => i.kind === 'decision' && !hasMemo(i))
        .map((i) => ({ itemId: i.id, number: i.number, title: i.title, state: i.formState ? ('utkast' as const) : ('saknas' as const) })),
      underlagMissing: basis
        .filter((d) => byItem.get(d.agenda_item_id)?.meeting_id === meetingId)
        .filter((d) => !(IS_MEMO.test(d.title.trim()) && hasMemo(byItem.get(d.agenda_item_id)!)))
        .map((d) => {
          const i = byItem.get(d.agenda_item_id)!;
          return { itemId: i.id, number: i.number, title: i.title, document: d.title };
        }),
      book: { built: book.latestVersion !== null, version: book.latestVersion, sentAt: book.sentAt, reissueNeeded: book.reissueNeeded },
    });
  }
  return out;
}
