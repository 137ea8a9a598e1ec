/** Use cases for bodies, members, meetings and agendas. */
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { assertIsoDate } from '../kernel/dates.ts';
import { parseTimeSpan } from '../kernel/dates.ts';
import { cleanLine } from '../kernel/text.ts';
import { authorize } from '../access/model.ts';
import type { AgendaItemKind } from '../importer/types.ts';
import * as diarium from '../diarium/service.ts';
import type { Actor } from '../access/model.ts';
import type { ParsedKallelse } from '../importer/types.ts';
import type {
  AgendaItemView,
  BodyDetail,
  BodySummary,
  CaseAppearance,
  MeetingDetail,
  MeetingSummary,
  SearchHit,
} from '../http/contract.ts';
import { membershipOrder } from './model.ts';
import * as store from './store.ts';

const toBodySummary = (b: { id: number; name: string; organisation: string; meeting_count: number | null }): BodySummary => ({
  id: b.id,
  name: b.name,
  organisation: b.organisation,
  meetingCount: b.meeting_count ?? 0,
});

export async function listBodies(db: Db): Promise<BodySummary[]> {
  return (await store.listBodies(db.kysely)).map(toBodySummary);
}

export async function getBody(db: Db | Executor, id: number): Promise<BodyDetail> {
  const ex = executorOf(db);
  const body = await store.findBody(ex, id);
  if (!body) throw notFound('Nämnden', id);
  const memberships = (await store.listMemberships(ex, id))
    .map((m) => ({
      id: m.id,
      personId: m.person_id,
      name: m.name,
      party: m.party,
      kind: m.kind,
      role: m.role,
      order: m.list_order,
      validFrom: m.valid_from,
      validTo: m.valid_to,
    }))
    .sort(membershipOrder);
  return { ...toBodySummary(body), memberships };
}

type SummaryRow = Awaited<ReturnType<typeof store.listMeetings>>[number];
const toMeetingSummary = (m: Omit<SummaryRow, 'item_count'>, itemCount: number): MeetingSummary => ({
  id: m.id,
  bodyId: m.body_id,
  bodyName: m.body_name,
  date: m.date,
  startTime: m.start_time,
  endTime: m.end_time,
  place: m.place,
  itemCount,
});

export async function listMeetings(
  db: Db | Executor,
  f: { bodyId?: number | undefined; from?: string | undefined; to?: string | undefined } = {},
): Promise<MeetingSummary[]> {
  if (f.from) assertIsoDate(f.from, 'Från-datumet');
  if (f.to) assertIsoDate(f.to, 'Till-datumet');
  if (f.from && f.to && f.from > f.to) throw new DomainError('invalid-period', 'Från-datumet måste vara före till-datumet.');
  const rows = await store.listMeetings(executorOf(db), f);
  return rows.map((r) => toMeetingSummary(r, r.item_count ?? 0));
}

export async function getMeeting(db: Db | Executor, id: number): Promise<MeetingDetail> {
  const ex = executorOf(db);
  const found = await store.meetingWithAgenda(ex, id);
  if (!found) throw notFound('Sammanträdet', id);
  const { meeting: m, agenda } = found;
  const caseIds = [
    ...agenda.items.map((i) => i.case_id),
    ...agenda.subItems.map((s) => s.case_id),
  ].filter((x): x is number => x !== null);
  const numbers = await diarium.caseNumbersByIds(ex, caseIds);
  const items: AgendaItemView[] = agenda.items.map((i) => ({
    id: i.id,
    number: i.number,
    title: i.title,
    kind: i.kind,
    caseNumber: i.case_id === null ? null : (numbers.get(i.case_id) ?? null),
    presenters: i.presenters,
    proposal: i.has_proposal
      ? {
          addressee: i.addressee,
          clauses: agenda.clauses.filter((c) => c.agenda_item_id === i.id).map((c) => c.text),
          notes: i.notes,
        }
      : null,
    adjustmentDeadline: i.adjustment_deadline,
    summary: i.summary,
    decisionBasis: agenda.basis.filter((b) => b.agenda_item_id === i.id).map((b) => ({ id: b.id, title: b.title, fileName: b.file_name, secrecyRef: b.secrecy_ref, version: b.version })),
    secrecyRef: i.secrecy_ref,
    version: i.version,
    subItems: agenda.subItems
      .filter((s) => s.agenda_item_id === i.id)
      .map((s) => ({
        number: s.number,
        title: s.title,
        caseNumber: s.case_id === null ? null : (numbers.get(s.case_id) ?? null),
        presenters: s.presenters,
        note: s.note,
      })),
  }));
  return {
    ...toMeetingSummary(m, items.length),
    createdAt: new Date(m.created_at).toISOString(),
    updatedAt: new Date(m.updated_at).toISOString(),
    groupMeetings: m.group_meetings,
    absenceNotice: m.absence_notice,
    secretary: (m.secretary as MeetingDetail['secretary']) ?? null,
    items,
    source:
      m.source_file && m.source_sha256 && m.imported_at
        ? { fileName: m.source_file, sha256: m.source_sha256, importedAt: new Date(m.imported_at).toISOString() }
        : null,
  };
}

export async function appearancesOfCase(db: Db, caseId: number): Promise<CaseAppearance[]> {
  const rows = await store.appearancesOfCase(db.kysely, caseId);
  return rows.map((r) => ({
    meetingId: r.meeting_id,
    meetingDate: r.date,
    bodyName: r.body_name,
    itemId: r.item_id,
    itemNumber: r.number,
    itemTitle: r.title,
  }));
}

export async function countAppearances(db: Db, caseIds: number[]): Promise<Map<number, number>> {
  return store.countAppearances(db.kysely, caseIds);
}

/** Agenda items by title, presenter, or case number fragment. */
export async function searchAgenda(db: Db, q: string, caseIds: number[], limit = 100): Promise<Array<Omit<SearchHit, 'snippet'>>> {
  const rows = await store.searchItems(db.kysely, q, caseIds, limit);
  const numbers = await diarium.caseNumbersByIds(
    db.kysely,
    rows.map((r) => r.case_id).filter((x): x is number => x !== null),
  );
  const caseSet = new Set(caseIds);
  return rows.map((r) => ({
    kind: 'agenda-item' as const,
    caseNumber: r.case_id === null ? null : (numbers.get(r.case_id) ?? null),
    title: r.title,
    meetingId: r.meeting_id,
    meetingDate: r.date,
    itemId: r.id,
    itemNumber: r.number,
    presenters: r.presenters,
    matchedOn: r.case_id !== null && caseSet.has(r.case_id) ? ('dnr' as const) : r.title_match ? ('title' as const) : ('presenter' as const),
  }));
}

/** Schedules a meeting of a body. */
export async function createMeeting(
  db: Db,
  actor: Actor,
  input: { bodyId: number; date: string; startTime?: string | null; endTime?: string | null; place?: string | null },
): Promise<MeetingDetail> {
  authorize(actor, 'agenda.edit');
  assertIsoDate(input.date, 'Sammanträdesdatumet');
  for (const t of [input.startTime, input.endTime]) {
    if (t && (!/^\d{2}:\d{2}$/.test(t) || !parseTimeSpan(t))) throw new DomainError('invalid-time', `Tiden "${t}" är ogiltig; skriv den som TT:MM, till exempel 10:00.`);
  }
  if (input.startTime && input.endTime && input.endTime <= input.startTime) throw new DomainError('invalid-time', 'Sluttiden måste vara efter starttiden.');
  const id = await db.tx(async (trx) => {
    const body = await store.findBody(trx, input.bodyId);
    if (!body) throw notFound('Nämnden', input.bodyId);
    if (await store.findMeetingByBodyAndDate(trx, input.bodyId, input.date)) {
      throw new DomainError('meeting-exists', `${body.name} har redan ett sammanträde ${input.date}.`, { status: 409 });
    }
    const id = await store.insertMeeting(trx, {
      body_id: input.bodyId, date: input.date, start_time: input.startTime ?? null, end_time: input.endTime ?? null,
      place: input.place ? cleanLine(input.place) : null, group_meetings: [], absence_notice: null, secretary: null,
      total_pages: null, source_sha256: null, source_file: null, imported_at: null,
    });
    await audit(trx, { actor: actor.id, action: 'meeting.create', entity: 'meeting', entityId: id, after: input });
    return id;
  });
  return getMeeting(db, id);
}

export interface NewAgendaItem {
  title: string;
  kind: AgendaItemKind;
  caseId?: number | null;
  presenters?: string[];
  proposal?: { addressee: string | null; clauses: string[] } | null;
  summary?: string | null;
  decisionBasis?: string[];
}

/** Adds an item at the end of a meeting's agenda (inside the caller's transaction). */
export async function addAgendaItem(trx: Executor, actor: Actor, meetingId: number, item: NewAgendaItem): Promise<{ id: number; number: number }> {
  authorize(actor, 'agenda.edit');
  const title = cleanLine(item.title ?? '');
  if (!title) throw new DomainError('title-required', 'Punkten måste ha en rubrik.');
  const meeting = await store.lockMeeting(trx, meetingId);
  if (!meeting) throw notFound('Sammanträdet', meetingId);
  if (meeting.agenda_closed_at) {
    throw new DomainError('agenda-closed', 'Sammanträdets protokoll är justerat och låst; föredragningslistan kan inte längre få nya punkter. Ta upp ärendet på ett senare sammanträde.', { status: 409 });
  }
  const number = await store.nextItemNumber(trx, meetingId);
  const id = await store.insertAgendaItem(trx, {
    meeting_id: meetingId, number, title, kind: item.kind, case_id: item.caseId ?? null,
    presenters: (item.presenters ?? []).map(cleanLine).filter(Boolean), addressee: item.proposal?.addressee ?? null,
    has_proposal: Boolean(item.proposal), notes: [], adjustment_deadline: null, summary: item.summary ?? null,
  });
  await store.insertClauses(trx, id, item.proposal?.clauses ?? []);
  await store.insertDecisionBasis(trx, id, item.decisionBasis ?? []);
  await store.bumpMeeting(trx, meetingId);
  await audit(trx, { actor: actor.id, action: 'agenda.add-item', entity: 'meeting', entityId: meetingId, after: { number, ...item } });
  return { id, number };
}

function checkLegalRef(ref: string | null): string | null {
  if (ref === null) return null;
  const r = cleanLine(ref);
  if (r.length < 3 || r.length > 200) throw new DomainError('invalid-secrecy-ref', 'Ange lagrummet för sekretessen, till exempel "OSL 31 kap. 16 §".');
  return r;
}

/** Closes a meeting's agenda (when its minutes are locked, in that transaction): no item can be added after. */
export async function closeAgenda(trx: Executor, meetingId: number, at: Date): Promise<void> {
  await store.closeAgenda(trx, meetingId, at);
}

/** Refuses a change based on an old version, naming who changed the record since. */
async function assertCurrent(trx: Executor, table: 'agenda_item' | 'decision_basis', id: number, version: number | undefined, what: string): Promise<void> {
  const current = await store.versionOf(trx, table, id);
  if (current === null) throw notFound(what, id);
  if (version !== undefined && version !== current) {
    const who = await store.lastChangedBy(trx, table, id);
    throw new DomainError('stale-version', `${what} har ändrats av ${who ?? 'någon annan'} sedan du hämtade den (din version ${version}, nu ${current}). Ladda om och gör ändringen igen.`, { status: 409 });
  }
}

/** Marks an agenda item's papers secret (with the legal reference) or public (null). Returns the meeting id. */
export async function setItemSecrecy(trx: Executor, actor: Actor, itemId: number, ref: string | null, version?: number): Promise<number> {
  authorize(actor, 'agenda.edit');
  const legal = checkLegalRef(ref);
  await assertCurrent(trx, 'agenda_item', itemId, version, 'Punkten');
  const row = await store.setItemSecrecy(trx, itemId, legal);
  if (!row) throw notFound('Punkten', itemId);
  await audit(trx, { actor: actor.id, action: legal ? 'secrecy.mark' : 'secrecy.unmark', entity: 'agenda_item', entityId: itemId, after: { secrecyRef: legal } });
  return row.meeting_id;
}

/** Marks one decision-basis document secret or public. Returns the meeting id. */
export async function setDocumentSecrecy(trx: Executor, actor: Actor, basisId: number, ref: string | null, version?: number): Promise<number> {
  authorize(actor, 'agenda.edit');
  const legal = checkLegalRef(ref);
  await assertCurrent(trx, 'decision_basis', basisId, version, 'Handlingen');
  const row = await store.setDocumentSecrecy(trx, basisId, legal);
  if (!row || row.meeting_id === null) throw notFound('Handlingen', basisId);
  await audit(trx, { actor: actor.id, action: legal ? 'secrecy.mark' : 'secrecy.unmark', entity: 'decision_basis', entityId: basisId, after: { secrecyRef: legal } });
  return row.meeting_id;
}

/** The attachments' text of a meeting's items, for the search index. */
export async function attachmentTexts(ex: Db | Executor, meetingId: number): Promise<Array<{ itemId: number; number: number; title: string; text: string }>> {
  return (await store.attachmentTexts(executorOf(ex), meetingId)).map((r) => ({ itemId: r.id, number: r.number, title: r.title, text: r.attachment_text ?? '' }));
}

/** The meeting of a body (by name) on a date, if there is one. */
export async function findMeetingId(ex: Db | Executor, bodyName: string, date: string): Promise<number | null> {
  const e = executorOf(ex);
  const bodyId = await store.findBodyIdByName(e, bodyName);
  if (bodyId === null) return null;
  return (await store.findMeetingByBodyAndDate(e, bodyId, date))?.id ?? null;
}

/**
 * Writes a parsed kallelse inside the caller's transaction: the body, its
 * members and substitutes, the meeting and its whole agenda. A meeting
 * already there (same body and date) gets the new agenda in place of the old.
 */
export async function saveImportedMeeting(
  trx: Executor,
  actor: Actor,
  k: ParsedKallelse,
  caseIds: Map<string, number>,
  source: { fileName: string; sha256: string },
): Promise<{ meetingId: number; replaced: boolean }> {
  const bodyId = await store.upsertBody(trx, k.body, k.organisation ?? 'Region Örebro län');
  const people = await store.upsertPeople(trx, k.memberships.map((m) => m.name));
  const parties = await store.upsertParties(trx, k.memberships.flatMap((m) => (m.party ? [m.party] : [])));
  await store.upsertMemberships(
    trx,
    k.memberships.map((m) => ({ bodyId, personId: people.get(m.name)!, partyId: m.party ? parties.get(m.party)! : null, kind: m.kind, role: m.role, order: m.order, asOf: k.date })),
  );
  const importedAt = new Date();
  const fields = {
    start_time: k.startTime,
    end_time: k.endTime,
    place: k.place,
    group_meetings: k.groupMeetings,
    absence_notice: k.absenceNotice,
    secretary: k.secretary ? JSON.stringify(k.secretary) : null,
    total_pages: k.totalPages,
    source_sha256: source.sha256,
    source_file: source.fileName,
    imported_at: importedAt,
  };
  const existing = await store.findMeetingByBodyAndDate(trx, bodyId, k.date);
  let meetingId: number;
  if (existing) {
    meetingId = existing.id;
    await store.updateMeetingFromImport(trx, meetingId, fields);
    await store.deleteAgenda(trx, meetingId);
  } else {
    meetingId = await store.insertMeeting(trx, { body_id: bodyId, date: k.date, ...fields });
  }
  for (const it of k.items) {
    const itemId = await store.insertAgendaItem(trx, {
      meeting_id: meetingId,
      number: it.number,
      title: it.title,
      kind: it.kind,
      case_id: it.caseNumber ? (caseIds.get(it.caseNumber) ?? null) : null,
      presenters: it.presenters,
      addressee: it.proposal?.addressee ?? null,
      has_proposal: it.proposal !== null,
      notes: it.proposal?.notes ?? [],
      adjustment_deadline: it.adjustmentDeadline,
      summary: it.summary,
      attachment_text: it.attachmentText,
    });
    await store.insertClauses(trx, itemId, it.proposal?.clauses ?? []);
    await store.insertDecisionBasis(trx, itemId, it.decisionBasis);
    await store.insertSubItems(
      trx,
      itemId,
      it.subItems.map((s) => ({
        number: s.number,
        title: s.title,
        case_id: s.caseNumber ? (caseIds.get(s.caseNumber) ?? null) : null,
        presenters: s.presenters,
        note: s.note,
      })),
    );
  }
  await audit(trx, {
    actor: actor.id,
    action: existing ? 'meeting.reimport' : 'meeting.import',
    entity: 'meeting',
    entityId: meetingId,
    before: existing ? { sourceSha256: existing.source_sha256, version: existing.version } : undefined,
    after: { body: k.body, date: k.date, items: k.items.length, sourceSha256: source.sha256, file: source.fileName },
  });
  return { meetingId, replaced: Boolean(existing) };
}
