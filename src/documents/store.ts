/** SQL for the documents module's tables: stored_file, attachment, briefing_memo, kallelse_book. */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';

/** Serialises writes to one agenda item's (or meeting's) documents inside a transaction. */
export async function lock(ex: Executor, kind: 'item' | 'meeting', id: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${kind === 'item' ? 7367832 : 7367833}, ${id})`.execute(ex);
}

/**
 * The meeting an agenda item belongs to. The one read of another module's
 * table: agenda items are addressed by id in this module's URLs, and the
 * meetings service has no lookup by item id (yet).
 */
export async function meetingOfItem(ex: Executor, itemId: number): Promise<number | null> {
  const row = await ex.selectFrom('agenda_item').select('meeting_id').where('id', '=', itemId).executeTakeFirst();
  return row?.meeting_id ?? null;
}

export async function saveStoredFile(ex: Executor, f: { sha256: string; byte_size: number; media_type: string; page_count: number | null }): Promise<void> {
  await ex.insertInto('stored_file').values(f).onConflict((oc) => oc.column('sha256').doNothing()).execute();
}

export async function findStoredFile(ex: Executor, sha256: string) {
  return ex.selectFrom('stored_file').selectAll().where('sha256', '=', sha256).executeTakeFirst();
}

// ── attachments ──

export type AttachmentRow = Awaited<ReturnType<typeof listAttachments>>[number];

export async function listAttachments(ex: Executor, itemIds: number[]) {
  if (itemIds.length === 0) return [];
  return ex.selectFrom('attachment').selectAll().where('agenda_item_id', 'in', itemIds).orderBy('agenda_item_id').orderBy('position').execute();
}

export async function findAttachment(ex: Executor, id: number) {
  return ex.selectFrom('attachment').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function nextAttachmentPosition(ex: Executor, itemId: number): Promise<number> {
  const row = await ex.selectFrom('attachment').select((eb) => eb.fn.max('position').as('max')).where('agenda_item_id', '=', itemId).executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

export async function insertAttachment(
  ex: Executor,
  a: {
    agenda_item_id: number;
    decision_basis_id: number | null;
    position: number;
    title: string;
    file_sha256: string;
    file_name: string;
    media_type: string;
    byte_size: number;
    page_count: number;
    uploaded_by: string;
  },
) {
  return ex.insertInto('attachment').values(a).returningAll().executeTakeFirstOrThrow();
}

/** A new file for an attachment (a re-imported kallelse's pages of the same document): title, place and id stay. */
export async function updateAttachmentFile(ex: Executor, id: number, f: { file_sha256: string; byte_size: number; page_count: number; uploaded_by: string }): Promise<void> {
  await ex.updateTable('attachment').set({ ...f, uploaded_at: new Date(), version: sql`version + 1` }).where('id', '=', id).execute();
}

export async function deleteAttachment(ex: Executor, id: number): Promise<void> {
  await ex.deleteFrom('attachment').where('id', '=', id).execute();
}

// ── briefing memos ──

export async function findMemo(ex: Executor, itemId: number) {
  return ex.selectFrom('briefing_memo').selectAll().where('agenda_item_id', '=', itemId).executeTakeFirst();
}

export async function listMemos(ex: Executor, itemIds: number[]) {
  if (itemIds.length === 0) return [];
  return ex.selectFrom('briefing_memo').selectAll().where('agenda_item_id', 'in', itemIds).execute();
}

export async function insertMemo(ex: Executor, itemId: number, content: unknown, actor: string) {
  return ex
    .insertInto('briefing_memo')
    .values({ agenda_item_id: itemId, content: JSON.stringify(content), created_by: actor, updated_by: actor })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateMemo(ex: Executor, itemId: number, content: unknown, actor: string) {
  return ex
    .updateTable('briefing_memo')
    .set({ content: JSON.stringify(content), updated_by: actor, updated_at: new Date(), version: sql`version + 1` })
    .where('agenda_item_id', '=', itemId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteMemo(ex: Executor, itemId: number): Promise<void> {
  await ex.deleteFrom('briefing_memo').where('agenda_item_id', '=', itemId).execute();
}

// ── kallelse books ──

const bookColumns = ['id', 'meeting_id', 'version', 'file_sha256', 'byte_size', 'page_count', 'snapshot_sha256', 'contains_secret', 'built_by', 'built_at', 'sent_at', 'sent_by'] as const;

export async function listBooks(ex: Executor, meetingId: number) {
  return ex.selectFrom('kallelse_book').select(bookColumns).where('meeting_id', '=', meetingId).orderBy('version', 'desc').execute();
}

export async function latestBook(ex: Executor, meetingId: number) {
  return ex.selectFrom('kallelse_book').select(bookColumns).where('meeting_id', '=', meetingId).orderBy('version', 'desc').limit(1).executeTakeFirst();
}

export async function findBook(ex: Executor, meetingId: number, version: number) {
  return ex.selectFrom('kallelse_book').select(bookColumns).where('meeting_id', '=', meetingId).where('version', '=', version).executeTakeFirst();
}

export async function bookSnapshot(ex: Executor, meetingId: number, version: number): Promise<unknown> {
  const row = await ex.selectFrom('kallelse_book').select('snapshot').where('meeting_id', '=', meetingId).where('version', '=', version).executeTakeFirst();
  return row?.snapshot;
}

export async function insertBook(
  ex: Executor,
  b: {
    meeting_id: number;
    version: number;
    file_sha256: string;
    byte_size: number;
    page_count: number;
    snapshot: unknown;
    snapshot_sha256: string;
    contains_secret: boolean;
    built_by: string;
  },
) {
  return ex
    .insertInto('kallelse_book')
    .values({ ...b, snapshot: JSON.stringify(b.snapshot) })
    .returning(bookColumns)
    .executeTakeFirstOrThrow();
}

/** The public edition of a book version for one state of the secrecy marks. */
export async function findPublicEdition(ex: Executor, bookId: number, redactionSha256: string) {
  return ex
    .selectFrom('kallelse_book_public')
    .select(['file_sha256', 'byte_size', 'page_count', 'built_at'])
    .where('book_id', '=', bookId)
    .where('redaction_sha256', '=', redactionSha256)
    .executeTakeFirst();
}

/** Stores a public edition; false when one for the same state was stored meanwhile. */
export async function insertPublicEdition(
  ex: Executor,
  e: { book_id: number; redaction_sha256: string; file_sha256: string; byte_size: number; page_count: number; built_by: string },
): Promise<boolean> {
  const r = await ex.insertInto('kallelse_book_public').values(e).onConflict((oc) => oc.columns(['book_id', 'redaction_sha256']).doNothing()).returning('id').executeTakeFirst();
  return r !== undefined;
}

export async function markBookSent(ex: Executor, id: number, actor: string, at: Date): Promise<void> {
  await ex.updateTable('kallelse_book').set({ sent_at: at, sent_by: actor }).where('id', '=', id).execute();
}

/** Attachments, memos and books of a meeting: what a re-import must not throw away. */
export async function countMeetingDocuments(ex: Executor, meetingId: number): Promise<number> {
  const r = await sql<{ n: number }>`
    select (select count(*) from attachment a join agenda_item ai on ai.id = a.agenda_item_id where ai.meeting_id = ${meetingId})
         + (select count(*) from briefing_memo bm join agenda_item ai on ai.id = bm.agenda_item_id where ai.meeting_id = ${meetingId})
         + (select count(*) from kallelse_book kb where kb.meeting_id = ${meetingId}) as n`.execute(ex);
  return Number(r.rows[0]!.n);
}
