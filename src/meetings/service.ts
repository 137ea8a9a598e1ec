/** Use cases for bodies, members, meetings and agendas. */
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { assertIsoDate } from '../kernel/dates.ts';
import { parseTimeSpan } from '../kernel/dates.ts';
import { cleanLine } from '../kernel/text.ts';
import { authorize, can } from '../access/model.ts';
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
import { membershipOrder, secrecyRefOf } from './model.ts';
import * as store from './store.ts';
import { matchAgendaItems, matchTitles } from '../importer/identity.ts';

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
const toMeetingSummary = (m: Omit<SummaryRow, 'item_count' | 'cancelled_at'> & { cancelled_at: Date | string | null }, itemCount: number): MeetingSummary => ({
  id: m.id,
  bodyId: m.body_id,
  bodyName: m.body_name,
  date: m.date,
  startTime: m.start_time,
  endTime: m.end_time,
  place: m.place,
  itemCount,
  cancelled: m.cancelled_at ? { at: new Date(m.cancelled_at).toISOString() } : null,
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
    decisionBasis: agenda.basis
      .filter((b) => b.agenda_item_id === i.id)
      .map((b) => ({ id: b.id, title: b.title, fileName: b.file_name, secrecyRef: b.secrecy_ref, secrecyChangedAt: b.secrecy_changed_at ? new Date(b.secrecy_changed_at).toISOString() : null, version: b.version })),
    secrecyRef: i.secrecy_ref,
    secrecyChangedAt: i.secrecy_changed_at ? new Date(i.secrecy_changed_at).toISOString() : null,
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

/** Marks an agenda item's papers secret (with a provision from the committee's list, or "annan" and a reason) or public (null). Returns the meeting id. */
export async function setItemSecrecy(trx: Executor, actor: Actor, itemId: number, ref: string | null, version?: number, reason?: string | null): Promise<number> {
  return setSecrecy(trx, actor, 'agenda_item', 'Punkten', itemId, ref, version, reason, store.setItemSecrecy);
}

/** Marks one decision-basis document secret or public. Returns the meeting id. */
export async function setDocumentSecrecy(trx: Executor, actor: Actor, basisId: number, ref: string | null, version?: number, reason?: string | null): Promise<number> {
  return setSecrecy(trx, actor, 'decision_basis', 'Handlingen', basisId, ref, version, reason, store.setDocumentSecrecy);
}

/** The one way to mark papers secret or public: the provision checked, the version current, the change audited. Returns the meeting id. */
async function setSecrecy(
  trx: Executor,
  actor: Actor,
  entity: 'agenda_item' | 'decision_basis',
  what: string,
  id: number,
  ref: string | null,
  version: number | undefined,
  reason: string | null | undefined,
  write: (trx: Executor, id: number, ref: string | null) => Promise<{ meeting_id: number | null } | undefined>,
): Promise<number> {
  authorize(actor, 'agenda.edit');
  const legal = secrecyRefOf(ref, reason);
  await assertCurrent(trx, entity, id, version, what);
  const before = await store.secrecyOf(trx, entity, id);
  const row = await write(trx, id, legal);
  if (!row || row.meeting_id === null || !before) throw notFound(what, id);
  await audit(trx, {
    actor: actor.id,
    action: legal ? 'secrecy.mark' : 'secrecy.unmark',
    entity,
    entityId: id,
    before: { secrecyRef: before.secrecy_ref },
    after: { secrecyRef: legal },
  });
  return row.meeting_id;
}

// ── Who reads secret papers ───────────────────────────────────────────────

/** The bodies whose secret papers an actor reads: every body (the system, administrators), some, or none (the public). */
export interface SecretAccess {
  all: boolean;
  bodies: ReadonlySet<number>;
}

const NO_SECRETS: SecretAccess = { all: false, bodies: new Set() };

/**
 * A member reads the secret papers of the bodies the person belongs to; an
 * official those of the bodies an administrator has said the user serves;
 * an administrator (and the system) every body's; the public none.
 */
export async function secretAccess(ex: Db | Executor, actor: Actor): Promise<SecretAccess> {
  if (actor.system || can(actor, 'user.admin')) return { all: true, bodies: new Set() };
  if (!actor.roles?.length) return NO_SECRETS;
  return { all: false, bodies: new Set(await store.bodiesOfUser(executorOf(ex), actor.userId ?? null, actor.personId ?? null)) };
}

export const readsSecretsOf = (access: SecretAccess, bodyId: number): boolean => access.all || access.bodies.has(bodyId);

/** Whether the actor reads the secret papers of the meeting's body. */
export async function maySeeSecretsOfMeeting(ex: Db | Executor, actor: Actor, meetingId: number): Promise<boolean> {
  if (!actor.system && !actor.roles?.length) return false;
  const access = await secretAccess(ex, actor);
  if (access.all) return true;
  const bodyId = await store.bodyOfMeeting(executorOf(ex), meetingId);
  return bodyId !== null && access.bodies.has(bodyId);
}

/**
 * Writes to the audit log that a signed-in user read secret material (a
 * secret item's summary, a secret document, a book version with secret papers).
 * The system's own reads (building the book, the search index) are not reads by a person.
 */
export async function recordSecretRead(
  ex: Db | Executor,
  actor: Actor,
  what: { entity: string; entityId: string | number; meetingId: number; secrecyRefs: Array<string | null | undefined>; detail?: Record<string, unknown> },
): Promise<void> {
  if (actor.system || !actor.roles?.length) return;
  await audit(executorOf(ex), {
    actor: actor.id,
    action: 'secret.read',
    entity: what.entity,
    entityId: what.entityId,
    after: { meetingId: what.meetingId, secrecyRefs: [...new Set(what.secrecyRefs.filter((x): x is string => Boolean(x)))], ...(what.detail ?? {}) },
  });
}

/** The bodies an administrator has said a user serves as an official. */
export async function servedBodies(db: Db, actor: Actor, userId: number): Promise<number[]> {
  authorize(actor, 'user.admin');
  return store.servedBodies(db.kysely, userId);
}

/** Every user's served bodies: userId → bodyIds. */
export async function allServedBodies(db: Db, actor: Actor): Promise<Array<{ userId: number; bodyIds: number[] }>> {
  authorize(actor, 'user.admin');
  const byUser = new Map<number, number[]>();
  for (const r of await store.allServedBodies(db.kysely)) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r.body_id]);
  return [...byUser].map(([userId, bodyIds]) => ({ userId, bodyIds }));
}

/** Sets which bodies a user serves (replacing the earlier list), audited with before and after. */
export async function setServedBodies(db: Db, actor: Actor, userId: number, bodyIds: number[]): Promise<number[]> {
  authorize(actor, 'user.admin');
  const wanted = [...new Set(bodyIds)].sort((a, b) => a - b);
  return db.tx(async (trx) => {
    for (const id of wanted) if (!(await store.findBody(trx, id))) throw notFound('Nämnden', id);
    const before = await store.servedBodies(trx, userId);
    await store.replaceServedBodies(trx, userId, wanted, actor.id).catch((e: unknown) => {
      if ((e as { code?: string }).code === '23503') throw new DomainError('not-found', `Användaren ${userId} finns inte.`, { status: 404 });
      throw e;
    });
    await audit(trx, { actor: actor.id, action: 'user.bodies', entity: 'user', entityId: userId, before: { bodyIds: before }, after: { bodyIds: wanted } });
    return wanted;
  });
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
 * already there (same body and date) has its agenda updated in place
 * (reimportAgenda): items and documents keep their ids, secrecy marks and
 * what hangs on them. Returns what the re-import did, in Swedish, in `report`.
 */
export async function saveImportedMeeting(
  trx: Executor,
  actor: Actor,
  k: ParsedKallelse,
  caseIds: Map<string, number>,
  source: { fileName: string; sha256: string },
): Promise<{ meetingId: number; replaced: boolean; report: string[] }> {
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
  const items = k.items.map((it) => importedItem(it, caseIds));
  let meetingId: number;
  let outcome: ReimportOutcome | null = null;
  if (existing) {
    meetingId = existing.id;
    await store.updateMeetingFromImport(trx, meetingId, fields);
    outcome = await reimportAgenda(trx, meetingId, items);
  } else {
    meetingId = await store.insertMeeting(trx, { body_id: bodyId, date: k.date, ...fields });
    for (const it of items) await insertImportedItem(trx, meetingId, it);
  }
  await audit(trx, {
    actor: actor.id,
    action: existing ? 'meeting.reimport' : 'meeting.import',
    entity: 'meeting',
    entityId: meetingId,
    before: existing ? { sourceSha256: existing.source_sha256, version: existing.version } : undefined,
    after: {
      body: k.body, date: k.date, items: k.items.length, sourceSha256: source.sha256, file: source.fileName,
      ...(outcome ? { updatedItems: outcome.updated, addedItems: outcome.added, removedItems: outcome.removed, retainedItems: outcome.retained, retainedDocuments: outcome.retainedDocuments } : {}),
    },
  });
  return { meetingId, replaced: Boolean(existing), report: outcome?.report ?? [] };
}

/** An item of a parsed kallelse as the agenda stores it. */
interface ImportedItem {
  row: {
    number: number; title: string; kind: AgendaItemKind; case_id: number | null; presenters: string[]; addressee: string | null;
    has_proposal: boolean; notes: string[]; adjustment_deadline: string | null; summary: string | null; attachment_text: string | null;
  };
  clauses: string[];
  basis: string[];
  subItems: Array<{ number: number | null; title: string; case_id: number | null; presenters: string[]; note: string | null }>;
}

function importedItem(it: ParsedKallelse['items'][number], caseIds: Map<string, number>): ImportedItem {
  return {
    row: {
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
    },
    clauses: it.proposal?.clauses ?? [],
    basis: it.decisionBasis,
    subItems: it.subItems.map((s) => ({
      number: s.number,
      title: s.title,
      case_id: s.caseNumber ? (caseIds.get(s.caseNumber) ?? null) : null,
      presenters: s.presenters,
      note: s.note,
    })),
  };
}

async function insertImportedItem(trx: Executor, meetingId: number, it: ImportedItem): Promise<number> {
  const itemId = await store.insertAgendaItem(trx, { meeting_id: meetingId, ...it.row });
  await store.insertClauses(trx, itemId, it.clauses);
  await store.insertDecisionBasis(trx, itemId, it.basis);
  await store.insertSubItems(trx, itemId, it.subItems);
  return itemId;
}

interface ReimportOutcome {
  updated: number; // items kept (same id) whose content changed
  added: number;
  removed: Array<{ id: number; number: number }>;
  retained: Array<{ id: number; number: number; was: number }>; // gone from the kallelse but kept: something hangs on them
  retainedDocuments: number[];
  report: string[];
}

const svList = (parts: string[]) => (parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} och ${parts[parts.length - 1]}`);

/** What hangs on an item, in Swedish ("1 bilaga, föredragnings-PM och sekretessmarkering"); empty when nothing does. */
function dependantsOf(o: store.ReimportItemRow): string[] {
  const d: string[] = [];
  if (o.secrecy_ref) d.push('sekretessmarkering');
  const secretDocs = (o.basis ?? []).filter((b) => b.secrecy_ref).length;
  if (secretDocs > 0) d.push(secretDocs === 1 ? 'en sekretessmarkerad handling' : `${secretDocs} sekretessmarkerade handlingar`);
  if (o.attachments > 0) d.push(o.attachments === 1 ? '1 bilaga' : `${o.attachments} bilagor`);
  if (o.memo) d.push('föredragnings-PM');
  if (o.decision) d.push('ett beslut i protokollet');
  if (o.reported > 0) d.push(o.reported === 1 ? 'ett anmält delegationsbeslut' : `${o.reported} anmälda delegationsbeslut`);
  if (o.cofinancing > 0) d.push('ett medfinansieringsbeslut');
  return d;
}

/**
 * Updates a meeting's agenda in place from a re-imported kallelse. Items are
 * paired with the recorded ones (importer/identity.ts: case number first,
 * then number and title); a paired item keeps its id, secrecy mark,
 * attachments, memo and decision and takes the new text; its decision-basis
 * entries are paired by title the same way. New items are added. A recorded
 * item the kallelse no longer has is deleted only if nothing hangs on it;
 * otherwise it is kept after the new items and reported (a decision-basis
 * entry likewise, within its item).
 */
async function reimportAgenda(trx: Executor, meetingId: number, items: ImportedItem[]): Promise<ReimportOutcome> {
  const old = await store.agendaForReimport(trx, meetingId);
  const pairs = matchAgendaItems(
    old.map((o) => ({ number: o.number, title: o.title, kind: o.kind, caseId: o.case_id })),
    items.map((n) => ({ number: n.row.number, title: n.row.title, kind: n.row.kind, caseId: n.row.case_id })),
  );
  const out: ReimportOutcome = { updated: 0, added: 0, removed: [], retained: [], retainedDocuments: [], report: [] };
  await store.moveItemNumbersAside(trx, meetingId);
  for (const [i, n] of items.entries()) {
    const j = pairs[i];
    if (j === null || j === undefined) {
      await insertImportedItem(trx, meetingId, n);
      out.added++;
      continue;
    }
    const o = old[j]!;
    // the decision basis: paired by title; a document gone from the kallelse stays if it is secret or has attachments
    const oldBasis = o.basis ?? [];
    const basisPairs = matchTitles(oldBasis.map((b) => b.title), n.basis);
    const entries: Array<{ id: number | null; title: string }> = n.basis.map((title, k) => ({ id: basisPairs[k] == null ? null : oldBasis[basisPairs[k]!]!.id, title }));
    const used = new Set(entries.flatMap((e) => (e.id === null ? [] : [e.id])));
    for (const b of oldBasis) {
      if (used.has(b.id) || (!b.secrecy_ref && b.attachments === 0)) continue;
      entries.push({ id: b.id, title: b.title });
      out.retainedDocuments.push(b.id);
      const why = svList([...(b.secrecy_ref ? ['sekretessmarkering'] : []), ...(b.attachments > 0 ? [b.attachments === 1 ? '1 bilaga' : `${b.attachments} bilagor`] : [])]);
      out.report.push(`Handlingen "${b.title}" i punkt ${n.row.number} finns inte i den nya kallelsens beslutsunderlag men har ${why}; den behölls.`);
    }
    const before = JSON.stringify([o.title, o.kind, o.case_id, o.presenters, o.addressee, o.has_proposal, o.notes, o.adjustment_deadline, o.summary, o.attachment_text, o.clauses ?? [], o.sub_items ?? [], oldBasis.map((b) => [b.id, b.title])]);
    const r = n.row;
    const after = JSON.stringify([r.title, r.kind, r.case_id, r.presenters, r.addressee, r.has_proposal, r.notes, r.adjustment_deadline, r.summary, r.attachment_text, n.clauses, n.subItems, entries.map((e) => [e.id, e.title])]);
    const changed = before !== after;
    await store.updateAgendaItemFromImport(trx, o.id, r, changed);
    if (changed) {
      out.updated++;
      await store.replaceClausesAndSubItems(trx, o.id, n.clauses, n.subItems);
      await store.setDecisionBasis(trx, o.id, entries);
    }
  }
  const paired = new Set(pairs.filter((p): p is number => p !== null));
  let next = items.length;
  for (const [j, o] of old.entries()) {
    if (paired.has(j)) continue;
    const deps = dependantsOf(o);
    if (deps.length === 0) {
      out.removed.push({ id: o.id, number: o.number });
      out.report.push(`Punkt ${o.number} "${o.title}" finns inte i den nya kallelsen och togs bort.`);
      continue;
    }
    next++;
    await store.setItemNumber(trx, o.id, next);
    out.retained.push({ id: o.id, number: next, was: o.number });
    out.report.push(`Punkt ${o.number} "${o.title}" finns inte i den nya kallelsen men har ${svList(deps)}; den togs inte bort utan står nu som punkt ${next}.`);
  }
  await store.deleteAgendaItems(trx, out.removed.map((r) => r.id));
  return out;
}
