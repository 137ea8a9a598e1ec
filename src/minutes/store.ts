/** SQL for the minutes' tables. */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';
import type { Outcome } from './model.ts';
import type { SeriesMeeting } from './numbering.ts';

export async function findMinutesByMeeting(ex: Executor, meetingId: number) {
  return ex.selectFrom('minutes').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst();
}

export async function findMinutesForUpdate(ex: Executor, meetingId: number) {
  return ex.selectFrom('minutes').selectAll().where('meeting_id', '=', meetingId).forUpdate().executeTakeFirst();
}

export async function insertMinutes(ex: Executor, meetingId: number, actor: string) {
  return ex.insertInto('minutes').values({ meeting_id: meetingId, updated_by: actor }).onConflict((oc) => oc.column('meeting_id').doNothing()).execute();
}

export async function touchMinutes(ex: Executor, id: number, actor: string, set: { status?: 'draft' | 'numbered' | 'adjusted'; adjusted_on?: string; pdf_sha256?: string | null; locked_at?: Date; kept_at?: string; sealed_sha256?: string } = {}) {
  await ex
    .updateTable('minutes')
    .set({ ...set, version: sql`version + 1`, updated_by: actor, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function attendanceOf(ex: Executor, minutesId: number) {
  return ex.selectFrom('attendance').selectAll().where('minutes_id', '=', minutesId).orderBy('person_id').execute();
}

export async function replaceAttendance(
  ex: Executor,
  minutesId: number,
  rows: Array<{ person_id: number; present: boolean; replaces_person_id: number | null; from_item: number | null; to_item: number | null }>,
) {
  await ex.deleteFrom('attendance').where('minutes_id', '=', minutesId).execute();
  if (rows.length) await ex.insertInto('attendance').values(rows.map((r) => ({ ...r, minutes_id: minutesId }))).execute();
}

export async function adjustersOf(ex: Executor, minutesId: number) {
  return ex.selectFrom('adjuster').selectAll().where('minutes_id', '=', minutesId).orderBy('position').execute();
}

export async function replaceAdjusters(ex: Executor, minutesId: number, personIds: number[]) {
  await ex.deleteFrom('adjuster').where('minutes_id', '=', minutesId).execute();
  if (personIds.length) {
    await ex.insertInto('adjuster').values(personIds.map((person_id, i) => ({ minutes_id: minutesId, person_id, position: i + 1 }))).execute();
  }
}

export async function signAdjuster(ex: Executor, minutesId: number, personId: number, s: { signed_by: string; signed_sha256: string; signature: string; signed_at: Date; signed_via: 'password' | 'oidc' | 'session' }) {
  const res = await ex
    .updateTable('adjuster')
    .set(s)
    .where('minutes_id', '=', minutesId)
    .where('person_id', '=', personId)
    .where('signed_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function decisionsOf(ex: Executor, minutesId: number) {
  return ex.selectFrom('decision').selectAll().where('minutes_id', '=', minutesId).orderBy('agenda_item_id').execute();
}

export async function findDecisionByItem(ex: Executor, agendaItemId: number) {
  return ex.selectFrom('decision').selectAll().where('agenda_item_id', '=', agendaItemId).executeTakeFirst();
}

export interface DecisionValues {
  minutes_id: number;
  agenda_item_id: number;
  body_id: number;
  outcome: Outcome;
  clauses: string[];
  motivation: string | null;
  votes: string | null;
  vote_summary: string | null;
  conflicted: number[];
  without_quorum: boolean;
  immediately_adjusted: boolean;
  recipients: string[];
  updated_by: string;
}

export async function upsertDecision(ex: Executor, v: DecisionValues): Promise<number> {
  const row = await ex
    .insertInto('decision')
    .values(v)
    .onConflict((oc) =>
      oc.column('agenda_item_id').doUpdateSet({
        outcome: v.outcome,
        clauses: v.clauses,
        motivation: v.motivation,
        votes: v.votes,
        vote_summary: v.vote_summary,
        conflicted: v.conflicted,
        without_quorum: v.without_quorum,
        immediately_adjusted: v.immediately_adjusted,
        recipients: v.recipients,
        updated_by: v.updated_by,
        updated_at: sql`now()`,
        version: sql`decision.version + 1`,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function replaceNotes(ex: Executor, decisionId: number, notes: Array<{ person_id: number; kind: 'reservation' | 'protocol-note'; text: string }>) {
  await ex.deleteFrom('decision_note').where('decision_id', '=', decisionId).execute();
  if (notes.length) await ex.insertInto('decision_note').values(notes.map((n) => ({ ...n, decision_id: decisionId }))).execute();
}

export async function notesOf(ex: Executor, decisionIds: number[]) {
  if (!decisionIds.length) return [];
  return ex.selectFrom('decision_note').selectAll().where('decision_id', 'in', decisionIds).orderBy('id').execute();
}

/** Locks the body's paragraph series (its body row) so numbering, undoing it and configuring the year queue one after another. */
export async function lockSeries(ex: Executor, bodyId: number): Promise<void> {
  await ex.selectFrom('body').select('id').where('id', '=', bodyId).forUpdate().executeTakeFirst();
}

/** The body's meetings of the year that have minutes: status, whether fixed (signing begun or locked), and their paragraphs. */
export async function seriesMeetings(ex: Executor, bodyId: number, year: number): Promise<SeriesMeeting[]> {
  const rows = await ex
    .selectFrom('meeting as m')
    .innerJoin('minutes as mi', 'mi.meeting_id', 'm.id')
    .select((eb) => [
      'm.id as meetingId',
      'm.date',
      'm.start_time as startTime',
      'mi.status',
      'mi.locked_at',
      eb.exists(eb.selectFrom('adjuster as a').select('a.person_id').whereRef('a.minutes_id', '=', 'mi.id').where('a.signed_at', 'is not', null)).as('signing'),
      eb.selectFrom('decision as d').select((d) => d.fn.min('d.paragraph').as('p')).whereRef('d.minutes_id', '=', 'mi.id').as('first'),
      eb.selectFrom('decision as d').select((d) => d.fn.max('d.paragraph').as('p')).whereRef('d.minutes_id', '=', 'mi.id').as('last'),
    ])
    .where('m.body_id', '=', bodyId)
    .where('m.date', '>=', `${year}-01-01`)
    .where('m.date', '<=', `${year}-12-31`)
    .execute();
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    meetingId: r.meetingId,
    date: String(r.date).slice(0, 10),
    startTime: r.startTime,
    status: r.status,
    first: num(r.first),
    last: num(r.last),
    fixed: r.status === 'adjusted' || r.locked_at !== null || Boolean(r.signing),
  }));
}

export async function findSeries(ex: Executor, bodyId: number, year: number) {
  return ex.selectFrom('paragraph_series').selectAll().where('body_id', '=', bodyId).where('year', '=', year).executeTakeFirst();
}

export async function saveSeries(ex: Executor, v: { body_id: number; year: number; first_paragraph: number; note: string | null; updated_by: string }) {
  await ex
    .insertInto('paragraph_series')
    .values(v)
    .onConflict((oc) =>
      oc.columns(['body_id', 'year']).doUpdateSet({
        first_paragraph: v.first_paragraph,
        note: v.note,
        updated_by: v.updated_by,
        updated_at: sql`now()`,
        version: sql`paragraph_series.version + 1`,
      }),
    )
    .execute();
}

/** Takes the paragraphs of the minutes' decisions away (undoing the numbering). */
export async function clearParagraphs(ex: Executor, minutesId: number) {
  await ex.updateTable('decision').set({ paragraph: null, paragraph_year: null }).where('minutes_id', '=', minutesId).execute();
}

export async function setParagraph(ex: Executor, decisionId: number, paragraph: number, year: number) {
  await ex.updateTable('decision').set({ paragraph, paragraph_year: year }).where('id', '=', decisionId).execute();
}

export async function findNotice(ex: Executor, minutesId: number) {
  return ex.selectFrom('notice').selectAll().where('minutes_id', '=', minutesId).executeTakeFirst();
}

export async function insertNotice(ex: Executor, minutesId: number, postedOn: string, by: string) {
  await ex.insertInto('notice').values({ minutes_id: minutesId, posted_on: postedOn, posted_by: by }).execute();
}

export async function takeDownNotice(ex: Executor, minutesId: number, on: string) {
  await ex.updateTable('notice').set({ taken_down_on: on }).where('minutes_id', '=', minutesId).execute();
}

/** Notices still up on `today` (or taken down today), newest first. */
export async function currentNotices(ex: Executor, today: string) {
  return ex
    .selectFrom('notice as n')
    .innerJoin('minutes as mi', 'mi.id', 'n.minutes_id')
    .select(['n.minutes_id', 'n.posted_on', 'n.taken_down_on', 'mi.meeting_id', 'mi.kept_at', 'mi.adjusted_on'])
    .where('n.posted_on', '<=', today)
    .where((eb) => eb.or([eb('n.taken_down_on', 'is', null), eb('n.taken_down_on', '>=', today)]))
    .orderBy('n.posted_on', 'desc')
    .execute();
}

export async function insertDispatch(ex: Executor, decisionId: number, recipient: string, by: string) {
  return ex.insertInto('dispatch').values({ decision_id: decisionId, recipient, sent_by: by }).returning(['id', 'sent_at']).executeTakeFirstOrThrow();
}

export async function dispatchesOf(ex: Executor, decisionIds: number[]) {
  if (!decisionIds.length) return [];
  return ex.selectFrom('dispatch').selectAll().where('decision_id', 'in', decisionIds).orderBy('sent_at').execute();
}

// ── the frozen protokoll ──

export async function findSnapshot(ex: Executor, minutesId: number) {
  return ex.selectFrom('minutes_snapshot').selectAll().where('minutes_id', '=', minutesId).executeTakeFirst();
}

export async function insertSnapshot(ex: Executor, minutesId: number, content: unknown, by: string) {
  await ex.insertInto('minutes_snapshot').values({ minutes_id: minutesId, content: JSON.stringify(content), taken_by: by }).execute();
}

export interface RenditionKey {
  document: 'protokoll' | 'utdrag';
  paragraph: number;
  audience: 'original' | 'public';
  /** SHA-256 of the (canonical) snapshot the rendition is rendered from. */
  sourceSha256: string;
}

export async function findRendition(ex: Executor, minutesId: number, k: RenditionKey) {
  return ex
    .selectFrom('minutes_rendition')
    .selectAll()
    .where('minutes_id', '=', minutesId)
    .where('document', '=', k.document)
    .where('paragraph', '=', k.paragraph)
    .where('audience', '=', k.audience)
    .where('source_sha256', '=', k.sourceSha256)
    .executeTakeFirst();
}

/** The stored original of adjusted minutes (one per minutes: the snapshot never changes). */
export async function findOriginal(ex: Executor, minutesId: number) {
  return ex
    .selectFrom('minutes_rendition')
    .selectAll()
    .where('minutes_id', '=', minutesId)
    .where('document', '=', 'protokoll')
    .where('audience', '=', 'original')
    .orderBy('id')
    .executeTakeFirst();
}

/** Records a rendition; when one with the same key is already there (a concurrent request), that one stands. Returns the file's hash. */
export async function insertRendition(ex: Executor, minutesId: number, k: RenditionKey, fileSha256: string, by: string, sealed = false) {
  await ex
    .insertInto('minutes_rendition')
    .values({ minutes_id: minutesId, document: k.document, paragraph: k.paragraph, audience: k.audience, source_sha256: k.sourceSha256, file_sha256: fileSha256, created_by: by, sealed })
    .onConflict((oc) => oc.columns(['minutes_id', 'document', 'paragraph', 'audience', 'source_sha256']).doNothing())
    .execute();
  return (await findRendition(ex, minutesId, k))!;
}

/** Records the sealed original of minutes adjusted before the seal, once (the database refuses to change it afterwards). */
export async function setSealedOnce(ex: Executor, minutesId: number, sha256: string) {
  await ex.updateTable('minutes').set({ sealed_sha256: sha256 }).where('id', '=', minutesId).where('sealed_sha256', 'is', null).execute();
}

/** Posts the notice unless it is posted (the adjusted protokoll's anslagsbevis gives its date). */
export async function insertNoticeOnce(ex: Executor, minutesId: number, postedOn: string, by: string) {
  await ex.insertInto('notice').values({ minutes_id: minutesId, posted_on: postedOn, posted_by: by }).onConflict((oc) => oc.column('minutes_id').doNothing()).execute();
}

export async function renditionsOf(ex: Executor, minutesId: number) {
  return ex.selectFrom('minutes_rendition').selectAll().where('minutes_id', '=', minutesId).orderBy('id').execute();
}

/** Who numbered the minutes (the secretary who kept them): their display name when it was a user, else the audit actor. */
export async function numberedBy(ex: Executor, meetingId: number): Promise<string | null> {
  const row = await ex
    .selectFrom('audit_log')
    .select('actor')
    .where('action', '=', 'minutes.number')
    .where('entity', '=', 'minutes')
    .where('entity_id', '=', String(meetingId))
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!row) return null;
  if (!row.actor.startsWith('user:')) return null;
  const user = await ex.selectFrom('app_user').select('display_name').where('username', '=', row.actor.slice(5)).executeTakeFirst();
  return user?.display_name ?? null;
}
