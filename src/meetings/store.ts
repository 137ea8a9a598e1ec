/** SQL for bodies, people, parties, memberships, meetings and their agendas. */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';
import { escapeLike } from '../kernel/text.ts';

export async function upsertBody(ex: Executor, name: string, organisation: string): Promise<number> {
  const existing = await ex.selectFrom('body').select('id').where('name', '=', name).executeTakeFirst();
  if (existing) return existing.id;
  const row = await ex.insertInto('body').values({ name, organisation }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findBodyIdByName(ex: Executor, name: string): Promise<number | null> {
  return (await ex.selectFrom('body').select('id').where('name', '=', name).executeTakeFirst())?.id ?? null;
}

/** Upserts people by name in one statement; returns name → id. */
export async function upsertPeople(ex: Executor, names: string[]): Promise<Map<string, number>> {
  const unique = [...new Set(names)];
  if (unique.length === 0) return new Map();
  const rows = await ex
    .insertInto('person')
    .values(unique.map((name) => ({ name })))
    .onConflict((oc) => oc.column('name').doUpdateSet({ name: (eb) => eb.ref('excluded.name') }))
    .returning(['id', 'name'])
    .execute();
  return new Map(rows.map((r) => [r.name, r.id]));
}

/** Upserts parties by abbreviation in one statement; returns abbreviation → id. */
export async function upsertParties(ex: Executor, abbreviations: string[]): Promise<Map<string, number>> {
  const unique = [...new Set(abbreviations)];
  if (unique.length === 0) return new Map();
  const rows = await ex
    .insertInto('party')
    .values(unique.map((abbreviation) => ({ abbreviation })))
    .onConflict((oc) => oc.column('abbreviation').doUpdateSet({ abbreviation: (eb) => eb.ref('excluded.abbreviation') }))
    .returning(['id', 'abbreviation'])
    .execute();
  return new Map(rows.map((r) => [r.abbreviation, r.id]));
}

/**
 * Records a membership as a summons dated `asOf` lists it. The earliest
 * summons sets valid_from; role, party and order follow the latest summons.
 */
export type MembershipRecord = { bodyId: number; personId: number; partyId: number | null; kind: 'member' | 'substitute'; role: 'chair' | 'first-vice-chair' | 'second-vice-chair' | 'member'; order: number; asOf: string };

/** Records the memberships one summons lists, in one statement (a person listed twice in the same capacity: the last listing counts). */
export async function upsertMemberships(ex: Executor, list: MembershipRecord[]): Promise<void> {
  const unique = [...new Map(list.map((m) => [`${m.bodyId}:${m.personId}:${m.kind}`, m])).values()];
  if (unique.length === 0) return;
  await ex
    .insertInto('membership')
    .values(
      unique.map((m) => ({
        body_id: m.bodyId,
        person_id: m.personId,
        party_id: m.partyId,
        kind: m.kind,
        role: m.role,
        list_order: m.order,
        valid_from: m.asOf,
        seen_on: m.asOf,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['body_id', 'person_id', 'kind']).doUpdateSet({
        valid_from: sql`least(membership.valid_from, excluded.valid_from)`,
        role: sql`case when excluded.seen_on >= membership.seen_on then excluded.role else membership.role end`,
        party_id: sql`case when excluded.seen_on >= membership.seen_on then excluded.party_id else membership.party_id end`,
        list_order: sql`case when excluded.seen_on >= membership.seen_on then excluded.list_order else membership.list_order end`,
        seen_on: sql`greatest(membership.seen_on, excluded.seen_on)`,
      }),
    )
    .execute();
}

export async function listBodies(ex: Executor) {
  return ex
    .selectFrom('body')
    .select(['body.id', 'body.name', 'body.organisation'])
    .select((eb) =>
      eb.selectFrom('meeting').whereRef('meeting.body_id', '=', 'body.id').select(sql<number>`count(*)::int`.as('n')).as('meeting_count'),
    )
    .orderBy('body.name')
    .execute();
}

export async function findBody(ex: Executor, id: number) {
  return ex
    .selectFrom('body')
    .select(['body.id', 'body.name', 'body.organisation'])
    .select((eb) =>
      eb.selectFrom('meeting').whereRef('meeting.body_id', '=', 'body.id').select(sql<number>`count(*)::int`.as('n')).as('meeting_count'),
    )
    .where('body.id', '=', id)
    .executeTakeFirst();
}

export async function listMemberships(ex: Executor, bodyId: number) {
  return ex
    .selectFrom('membership as m')
    .innerJoin('person as p', 'p.id', 'm.person_id')
    .leftJoin('party as pa', 'pa.id', 'm.party_id')
    .select(['m.id', 'm.person_id', 'p.name', 'pa.abbreviation as party', 'm.kind', 'm.role', 'm.list_order', 'm.valid_from', 'm.valid_to'])
    .where('m.body_id', '=', bodyId)
    .orderBy('m.kind')
    .orderBy('m.list_order')
    .execute();
}

const meetingSummaryColumns = [
  'meeting.id',
  'meeting.body_id',
  'body.name as body_name',
  'meeting.date',
  'meeting.start_time',
  'meeting.end_time',
  'meeting.place',
  'meeting.cancelled_at',
] as const;

export async function listMeetings(ex: Executor, f: { bodyId?: number | undefined; from?: string | undefined; to?: string | undefined }) {
  let q = ex
    .selectFrom('meeting')
    .innerJoin('body', 'body.id', 'meeting.body_id')
    .select(meetingSummaryColumns)
    .select((eb) =>
      eb.selectFrom('agenda_item').whereRef('agenda_item.meeting_id', '=', 'meeting.id').select(sql<number>`count(*)::int`.as('n')).as('item_count'),
    );
  if (f.bodyId !== undefined) q = q.where('meeting.body_id', '=', f.bodyId);
  if (f.from) q = q.where('meeting.date', '>=', f.from);
  if (f.to) q = q.where('meeting.date', '<=', f.to);
  return q.orderBy('meeting.date', 'desc').limit(1000).execute();
}

export async function findMeetingByBodyAndDate(ex: Executor, bodyId: number, date: string) {
  return ex.selectFrom('meeting').select(['id', 'source_sha256', 'version']).where('body_id', '=', bodyId).where('date', '=', date).executeTakeFirst();
}

/** A meeting's row as meetingWithAgenda reads it (JSON: timestamps as ISO strings). */
interface MeetingRow {
  id: number; body_id: number; body_name: string; date: string; start_time: string | null; end_time: string | null; place: string | null;
  cancelled_at: string | null; group_meetings: string[]; absence_notice: string | null; secretary: unknown; source_file: string | null; source_sha256: string | null;
  imported_at: string | null; version: number; created_at: string; updated_at: string;
}
interface AgendaRow {
  id: number; number: number; title: string; kind: 'adjustment' | 'decision' | 'information' | 'delegation-report' | 'presentations';
  case_id: number | null; presenters: string[]; addressee: string | null; has_proposal: boolean; notes: string[];
  adjustment_deadline: string | null; summary: string | null; secrecy_ref: string | null; secrecy_changed_at: string | null; version: number;
  clauses: string[] | null;
  basis: Array<{ id: number; title: string; file_name: string | null; secrecy_ref: string | null; secrecy_changed_at: string | null; version: number }> | null;
  sub_items: Array<{ number: number | null; title: string; case_id: number | null; presenters: string[]; note: string | null }> | null;
}

/**
 * A meeting and its whole agenda (items with their clauses, decision basis and
 * sub-items) in one statement, as JSON: on PGlite every statement waits its
 * turn, so the meeting page costs one. Undefined when there is no such meeting.
 */
export async function meetingWithAgenda(ex: Executor, meetingId: number) {
  const r = await sql<{ meeting: MeetingRow | null; items: AgendaRow[] | null }>`
    select
      (select row_to_json(mm) from (
         select m.id, m.body_id, b.name as body_name, m.date, m.start_time, m.end_time, m.place, m.cancelled_at, m.group_meetings, m.absence_notice,
                m.secretary, m.source_file, m.source_sha256, m.imported_at, m.version, m.created_at, m.updated_at
         from meeting m join body b on b.id = m.body_id where m.id = ${meetingId}) mm) as meeting,
      (select json_agg(x order by x.number) from (
         select ai.id, ai.number, ai.title, ai.kind, ai.case_id, ai.presenters, ai.addressee, ai.has_proposal, ai.notes,
                ai.adjustment_deadline, ai.summary, ai.secrecy_ref, ai.secrecy_changed_at, ai.version,
                (select json_agg(pc.text order by pc.position) from proposal_clause pc where pc.agenda_item_id = ai.id) as clauses,
                (select json_agg(json_build_object('id', d.id, 'title', d.title, 'file_name', d.file_name, 'secrecy_ref', d.secrecy_ref, 'secrecy_changed_at', d.secrecy_changed_at, 'version', d.version) order by d.position)
                   from decision_basis d where d.agenda_item_id = ai.id) as basis,
                (select json_agg(json_build_object('number', s.number, 'title', s.title, 'case_id', s.case_id, 'presenters', s.presenters, 'note', s.note) order by s.position)
                   from agenda_sub_item s where s.agenda_item_id = ai.id) as sub_items
         from agenda_item ai where ai.meeting_id = ${meetingId}) x) as items`.execute(ex);
  const { meeting, items: rows } = r.rows[0]!;
  if (!meeting) return undefined;
  const all = rows ?? [];
  const items = all.map(({ clauses: _c, basis: _b, sub_items: _s, ...item }) => item);
  const clauses = all.flatMap((r) => (r.clauses ?? []).map((text, k) => ({ agenda_item_id: r.id, position: k + 1, text })));
  const basis = all.flatMap((r) => (r.basis ?? []).map((d, k) => ({ ...d, agenda_item_id: r.id, position: k + 1 })));
  const subItems = all.flatMap((r) => (r.sub_items ?? []).map((x, k) => ({ ...x, agenda_item_id: r.id, position: k + 1 })));
  return { meeting, agenda: { items, clauses, basis, subItems } };
}

export async function insertMeeting(
  ex: Executor,
  m: {
    body_id: number; date: string; start_time: string | null; end_time: string | null; place: string | null;
    group_meetings: string[]; absence_notice: string | null; secretary: string | null; total_pages: number | null;
    source_sha256: string | null; source_file: string | null; imported_at: Date | null;
  },
): Promise<number> {
  const row = await ex.insertInto('meeting').values(m).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateMeetingFromImport(
  ex: Executor,
  id: number,
  m: {
    start_time: string | null; end_time: string | null; place: string | null; group_meetings: string[];
    absence_notice: string | null; secretary: string | null; total_pages: number | null;
    source_sha256: string; source_file: string; imported_at: Date;
  },
): Promise<void> {
  // A later summons without a summons page (time, place) keeps what an earlier one said.
  await ex
    .updateTable('meeting')
    .set({
      start_time: sql`coalesce(${m.start_time}, start_time)`,
      end_time: sql`coalesce(${m.end_time}, end_time)`,
      place: sql`coalesce(${m.place}, place)`,
      group_meetings: m.group_meetings.length ? m.group_meetings : sql`group_meetings`,
      absence_notice: sql`coalesce(${m.absence_notice}, absence_notice)`,
      secretary: sql`coalesce(${m.secretary}::jsonb, secretary)`,
      total_pages: m.total_pages,
      source_sha256: m.source_sha256,
      source_file: m.source_file,
      imported_at: m.imported_at,
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
}

export async function nextItemNumber(ex: Executor, meetingId: number): Promise<number> {
  const r = await ex.selectFrom('agenda_item').select(sql<number>`coalesce(max(number), 0)::int + 1`.as('n')).where('meeting_id', '=', meetingId).executeTakeFirstOrThrow();
  return r.n;
}

export async function lockMeeting(ex: Executor, meetingId: number) {
  return ex.selectFrom('meeting').select(['id', 'version', 'agenda_closed_at']).where('id', '=', meetingId).forUpdate().executeTakeFirst();
}

export async function closeAgenda(ex: Executor, meetingId: number, at: Date) {
  await ex.updateTable('meeting').set({ agenda_closed_at: at }).where('id', '=', meetingId).where('agenda_closed_at', 'is', null).execute();
}

export async function bumpMeeting(ex: Executor, meetingId: number) {
  await ex.updateTable('meeting').set({ version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', meetingId).execute();
}

export async function deleteAgenda(ex: Executor, meetingId: number): Promise<void> {
  await ex.deleteFrom('agenda_item').where('meeting_id', '=', meetingId).execute();
}

// ── Re-import: the agenda updated in place (ids, secrecy marks and what hangs on the items kept) ──

/** An item as a re-import compares it, with what hangs on it (row_to_json: dates as ISO strings). */
export interface ReimportItemRow {
  id: number; number: number; title: string; kind: 'adjustment' | 'decision' | 'information' | 'delegation-report' | 'presentations';
  case_id: number | null; presenters: string[]; addressee: string | null; has_proposal: boolean; notes: string[];
  adjustment_deadline: string | null; summary: string | null; attachment_text: string | null; secrecy_ref: string | null;
  attachments: number; memo: boolean; decision: boolean; reported: number; cofinancing: number;
  clauses: string[] | null;
  sub_items: Array<{ number: number | null; title: string; case_id: number | null; presenters: string[]; note: string | null }> | null;
  basis: Array<{ id: number; title: string; secrecy_ref: string | null; attachments: number }> | null;
}

/** A meeting's agenda with what hangs on each item and document, locked for the re-import's transaction. */
export async function agendaForReimport(ex: Executor, meetingId: number): Promise<ReimportItemRow[]> {
  await sql`select id from agenda_item where meeting_id = ${meetingId} for update`.execute(ex);
  const r = await sql<{ items: ReimportItemRow[] | null }>`
    select json_agg(x order by x.number) as items from (
      select ai.id, ai.number, ai.title, ai.kind, ai.case_id, ai.presenters, ai.addressee, ai.has_proposal, ai.notes,
             ai.adjustment_deadline, ai.summary, ai.attachment_text, ai.secrecy_ref,
             (select count(*)::int from attachment a where a.agenda_item_id = ai.id) as attachments,
             -- a memo form counts unless it is an import's, unedited since (issue 18.5): an edited memo is never dropped with its item
             (exists (select 1 from briefing_memo bm where bm.agenda_item_id = ai.id)
              or exists (select 1 from memo_form mf where mf.agenda_item_id = ai.id and mf.imported_version is distinct from mf.version)) as memo,
             exists (select 1 from decision d where d.agenda_item_id = ai.id) as decision,
             (select count(*)::int from delegated_decision dd where dd.report_item_id = ai.id) as reported,
             (select count(*)::int from cofinancing_decision cd where cd.agenda_item_id = ai.id) as cofinancing,
             (select json_agg(pc.text order by pc.position) from proposal_clause pc where pc.agenda_item_id = ai.id) as clauses,
             (select json_agg(json_build_object('number', s.number, 'title', s.title, 'case_id', s.case_id, 'presenters', s.presenters, 'note', s.note) order by s.position)
                from agenda_sub_item s where s.agenda_item_id = ai.id) as sub_items,
             (select json_agg(json_build_object('id', d.id, 'title', d.title, 'secrecy_ref', d.secrecy_ref,
                       'attachments', (select count(*) from attachment a where a.decision_basis_id = d.id)) order by d.position)
                from decision_basis d where d.agenda_item_id = ai.id) as basis
      from agenda_item ai where ai.meeting_id = ${meetingId}) x`.execute(ex);
  return r.rows[0]?.items ?? [];
}

/** Moves a meeting's item numbers out of the way (unique per meeting) before they are set anew. */
export async function moveItemNumbersAside(ex: Executor, meetingId: number): Promise<void> {
  await sql`update agenda_item set number = number + 1000000 where meeting_id = ${meetingId}`.execute(ex);
}

/** Updates an item from a re-import; its id, secrecy mark and everything hanging on it stay. `changed` bumps its version. */
export async function updateAgendaItemFromImport(
  ex: Executor,
  id: number,
  it: {
    number: number; title: string; kind: 'adjustment' | 'decision' | 'information' | 'delegation-report' | 'presentations';
    case_id: number | null; presenters: string[]; addressee: string | null; has_proposal: boolean; notes: string[];
    adjustment_deadline: string | null; summary: string | null; attachment_text: string | null;
  },
  changed: boolean,
): Promise<void> {
  await ex
    .updateTable('agenda_item')
    .set({ ...it, ...(changed ? { version: sql<number>`version + 1` } : {}) })
    .where('id', '=', id)
    .execute();
}

export async function setItemNumber(ex: Executor, id: number, number: number): Promise<void> {
  await ex.updateTable('agenda_item').set({ number }).where('id', '=', id).execute();
}

export async function deleteAgendaItems(ex: Executor, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await ex.deleteFrom('agenda_item').where('id', 'in', ids).execute();
}

/** Replaces an item's proposal clauses and sub-items (nothing refers to them by id). */
export async function replaceClausesAndSubItems(
  ex: Executor,
  itemId: number,
  clauses: string[],
  subs: Array<{ number: number | null; title: string; case_id: number | null; presenters: string[]; note: string | null }>,
): Promise<void> {
  await ex.deleteFrom('proposal_clause').where('agenda_item_id', '=', itemId).execute();
  await ex.deleteFrom('agenda_sub_item').where('agenda_item_id', '=', itemId).execute();
  await insertClauses(ex, itemId, clauses);
  await insertSubItems(ex, itemId, subs);
}

/**
 * Sets an item's decision basis to `entries` in order: an entry with an id
 * keeps its row (secrecy mark, file, attachments' link) and gets its new title
 * and position; one without is added. Rows of the item not named are deleted.
 */
export async function setDecisionBasis(ex: Executor, itemId: number, entries: Array<{ id: number | null; title: string }>): Promise<void> {
  const keep = entries.flatMap((e) => (e.id === null ? [] : [e.id]));
  let del = ex.deleteFrom('decision_basis').where('agenda_item_id', '=', itemId);
  if (keep.length) del = del.where('id', 'not in', keep);
  await del.execute();
  await sql`update decision_basis set position = position + 1000000 where agenda_item_id = ${itemId}`.execute(ex);
  for (const [k, e] of entries.entries()) {
    if (e.id === null) {
      await ex.insertInto('decision_basis').values({ agenda_item_id: itemId, position: k + 1, title: e.title }).execute();
    } else {
      await ex
        .updateTable('decision_basis')
        .set({ position: k + 1, title: e.title, version: sql<number>`case when title = ${e.title} then version else version + 1 end` })
        .where('id', '=', e.id)
        .execute();
    }
  }
}

export async function insertAgendaItem(
  ex: Executor,
  it: {
    meeting_id: number; number: number; title: string; kind: 'adjustment' | 'decision' | 'information' | 'delegation-report' | 'presentations';
    case_id: number | null; presenters: string[]; addressee: string | null; has_proposal: boolean; notes: string[];
    adjustment_deadline: string | null; summary: string | null; attachment_text?: string | null;
  },
): Promise<number> {
  const row = await ex.insertInto('agenda_item').values(it).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function insertClauses(ex: Executor, itemId: number, clauses: string[]): Promise<void> {
  if (clauses.length === 0) return;
  await ex.insertInto('proposal_clause').values(clauses.map((text, i) => ({ agenda_item_id: itemId, position: i + 1, text }))).execute();
}

export async function insertDecisionBasis(ex: Executor, itemId: number, titles: string[]): Promise<void> {
  if (titles.length === 0) return;
  await ex
    .insertInto('decision_basis')
    .values(titles.map((title, i) => ({ agenda_item_id: itemId, position: i + 1, title })))
    .execute();
}

export async function insertSubItems(
  ex: Executor,
  itemId: number,
  subs: Array<{ number: number | null; title: string; case_id: number | null; presenters: string[]; note: string | null }>,
): Promise<void> {
  if (subs.length === 0) return;
  await ex
    .insertInto('agenda_sub_item')
    .values(subs.map((s, i) => ({ agenda_item_id: itemId, position: i + 1, ...s })))
    .execute();
}

export async function versionOf(ex: Executor, table: 'agenda_item' | 'decision_basis', id: number): Promise<number | null> {
  const r = await sql<{ version: number }>`select version from ${sql.table(table)} where id = ${id} for update`.execute(ex);
  return r.rows[0]?.version ?? null;
}

/** Who last changed a record, from the audit log. */
export async function lastChangedBy(ex: Executor, entity: string, id: number): Promise<string | null> {
  const r = await ex.selectFrom('audit_log').select('actor').where('entity', '=', entity).where('entity_id', '=', String(id)).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r?.actor ?? null;
}

/** The secrecy mark a record has now (the audit entry's before value); undefined when there is no such record. */
export async function secrecyOf(ex: Executor, table: 'agenda_item' | 'decision_basis', id: number): Promise<{ secrecy_ref: string | null } | undefined> {
  return table === 'agenda_item'
    ? ex.selectFrom('agenda_item').select('secrecy_ref').where('id', '=', id).executeTakeFirst()
    : ex.selectFrom('decision_basis').select('secrecy_ref').where('id', '=', id).executeTakeFirst();
}

export async function setItemSecrecy(ex: Executor, itemId: number, ref: string | null) {
  return ex
    .updateTable('agenda_item')
    .set({ secrecy_ref: ref, secrecy_changed_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', itemId)
    .returning(['meeting_id'])
    .executeTakeFirst();
}

export async function setDocumentSecrecy(ex: Executor, basisId: number, ref: string | null) {
  return ex
    .updateTable('decision_basis')
    .set({ secrecy_ref: ref, secrecy_changed_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', basisId)
    .returning((eb) => [eb.selectFrom('agenda_item').select('meeting_id').whereRef('agenda_item.id', '=', 'decision_basis.agenda_item_id').as('meeting_id')])
    .executeTakeFirst();
}

/** The text of each item's attachments (for search). */
export async function attachmentTexts(ex: Executor, meetingId: number) {
  return ex.selectFrom('agenda_item').select(['id', 'number', 'title', 'attachment_text']).where('meeting_id', '=', meetingId).where('attachment_text', 'is not', null).execute();
}

/** Every meeting a case was on, through an item or an information sub-item (a union, so both use their index). */
export async function appearancesOfCase(ex: Executor, caseId: number) {
  const r = await sql<{ meeting_id: number; date: string; body_name: string; item_id: number; number: number; title: string }>`
    select m.id as meeting_id, m.date, b.name as body_name, ai.id as item_id, ai.number, ai.title
    from (
      select id from agenda_item where case_id = ${caseId}
      union
      select agenda_item_id from agenda_sub_item where case_id = ${caseId}
    ) hit
    join agenda_item ai on ai.id = hit.id
    join meeting m on m.id = ai.meeting_id
    join body b on b.id = m.body_id
    order by m.date, ai.number`.execute(ex);
  return r.rows;
}

export async function countAppearances(ex: Executor, caseIds: number[]): Promise<Map<number, number>> {
  if (caseIds.length === 0) return new Map();
  const rows = await sql<{ case_id: number; n: number }>`
    select case_id, count(distinct meeting_id)::int as n from (
      select ai.case_id, ai.meeting_id from agenda_item ai where ai.case_id = any(${caseIds})
      union all
      select s.case_id, ai.meeting_id from agenda_sub_item s join agenda_item ai on ai.id = s.agenda_item_id where s.case_id = any(${caseIds})
    ) x group by case_id`.execute(ex);
  return new Map(rows.rows.map((r) => [r.case_id, r.n]));
}

/**
 * Agenda items whose title or presenters (or a sub-item's) match, or whose case
 * is one of `caseIds`: a union of lookups that each use an index (trigram or
 * case id), then the newest `limit`.
 */
export async function searchItems(ex: Executor, q: string, caseIds: number[], limit: number) {
  const like = `%${escapeLike(q)}%`;
  const r = await sql<{ id: number; number: number; title: string; case_id: number | null; presenters: string[]; meeting_id: number; date: string; presenter_match: boolean; title_match: boolean }>`
    select ai.id, ai.number, ai.title, ai.case_id, ai.presenters, m.id as meeting_id, m.date,
           search_join(ai.presenters) ilike ${like} as presenter_match, ai.title ilike ${like} as title_match
    from (
      select id from agenda_item where title ilike ${like}
      union select id from agenda_item where search_join(presenters) ilike ${like}
      union select agenda_item_id from agenda_sub_item where title ilike ${like}
      union select agenda_item_id from agenda_sub_item where search_join(presenters) ilike ${like}
      ${caseIds.length ? sql`union select id from agenda_item where case_id = any(${caseIds})` : sql``}
    ) hit
    join agenda_item ai on ai.id = hit.id
    join meeting m on m.id = ai.meeting_id
    order by m.date desc, ai.number
    limit ${limit}`.execute(ex);
  return r.rows;
}

// ── Who reads secret papers of which body ──

/** The bodies a user belongs to (as a person with a membership in force today) or serves (user_body). */
export async function bodiesOfUser(ex: Executor, userId: number | null, personId: number | null): Promise<number[]> {
  const r = await sql<{ body_id: number }>`
    select body_id from membership
     where person_id = ${personId ?? -1} and (valid_to is null or valid_to >= (now() at time zone 'Europe/Stockholm')::date)
    union
    select body_id from user_body where user_id = ${userId ?? -1}`.execute(ex);
  return r.rows.map((x) => x.body_id);
}

export async function servedBodies(ex: Executor, userId: number): Promise<number[]> {
  return (await ex.selectFrom('user_body').select('body_id').where('user_id', '=', userId).orderBy('body_id').execute()).map((r) => r.body_id);
}

export async function replaceServedBodies(ex: Executor, userId: number, bodyIds: number[], by: string): Promise<void> {
  await ex.deleteFrom('user_body').where('user_id', '=', userId).execute();
  if (bodyIds.length) await ex.insertInto('user_body').values(bodyIds.map((body_id) => ({ user_id: userId, body_id, added_by: by }))).execute();
}

/** Every user's served bodies (the administrator's overview). */
export async function allServedBodies(ex: Executor) {
  return ex.selectFrom('user_body').select(['user_id', 'body_id']).orderBy('user_id').orderBy('body_id').execute();
}

export async function bodyOfMeeting(ex: Executor, meetingId: number): Promise<number | null> {
  return (await ex.selectFrom('meeting').select('body_id').where('id', '=', meetingId).executeTakeFirst())?.body_id ?? null;
}
