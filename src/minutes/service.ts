/**
 * Use cases of the minutes: attendance, decisions per item, § numbering,
 * adjusters' signatures and the lock, the notice board, dispatch. Each is one
 * transaction with an audit entry; the minutes row is locked FOR UPDATE so
 * concurrent edits queue, and a stale version is refused.
 */
import { howToAppeal } from './appealCourt.ts';
import { createHash, createHmac } from 'node:crypto';
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { assertIsoDate, compareDates, todayInStockholm, type IsoDate } from '../kernel/dates.ts';
import { cleanLine } from '../kernel/text.ts';
import { authorize, can, requireRecentSignIn, type Actor } from '../access/model.ts';
import * as meetings from '../meetings/service.ts';
import * as documents from '../documents/service.ts';
import { FileStore } from '../documents/files.ts';
import { naturalPersonNames } from '../funding/supportService.ts';
import { maskText } from '../publish/mask.ts';
import type { DecisionView, MeetingDetail, MinutesView, NoticeView, RecordDecisionRequest } from '../http/contract.ts';
import { appealPeriod, minutesClock } from '../meetings/legalClock.ts';
import {
  countVotes,
  decidedClauses,
  OUTCOME_LABEL,
  canonicalJson,
  publicSnapshot,
  quorum,
  validateAttendance,
  type Attendance,
  type MinutesSnapshot,
  type Quorum,
  type Seat,
  type SecrecyMarks,
} from './model.ts';
import * as store from './store.ts';
import * as motionsStore from './motionsStore.ts';
import * as motions from './motionsService.ts';
import * as live from './attendanceService.ts';
import { presidingChair } from './attendance.ts';
import { reservationMotion } from './motions.ts';
import { assertSeriesChangeable, assertUnnumberable, compareMeetings, nextParagraph, paragraphRange, planNumbering, type ParagraphSeriesView } from './numbering.ts';
import { renderExtractPdf, renderMinutesPdf, type Adjustment, type RenderedPdf } from './pdf.ts';
import { DEMO_LABEL, loadSeal, sealPdf } from './seal.ts';
import { archiveMetadata, toPdfA } from './pdfa.ts';

/** A signing actor is a signed-in user linked to a person (ledamot). */
export type SigningActor = Actor;

type MinutesRow = NonNullable<Awaited<ReturnType<typeof store.findMinutesByMeeting>>>;

const conflict = (code: string, message: string) => new DomainError(code, message, { status: 409 });

function assertEditable(m: MinutesRow, signatures: number): void {
  if (m.locked_at) throw conflict('minutes-locked', 'Protokollet är justerat och låst; det kan inte längre ändras.');
  if (signatures > 0) throw conflict('minutes-signing', 'Justeringen har börjat: protokollet kan inte ändras medan justerarna signerar.');
}

function assertVersion(m: { version: number; updated_by: string | null }, expected: number | undefined, what: string): void {
  if (expected !== undefined && expected !== m.version) {
    throw conflict(
      'stale-version',
      `${what} har ändrats av ${m.updated_by ?? 'någon annan'} sedan du hämtade det (din version ${expected}, nu ${m.version}). Ladda om sidan och gör ändringen igen.`,
    );
  }
}

/** The body's seats on the meeting date: members and substitutes. */
async function seatsFor(ex: Executor, meeting: MeetingDetail): Promise<Seat[]> {
  const body = await meetings.getBody(ex, meeting.bodyId);
  return body.memberships
    .filter((m) => (!m.validFrom || m.validFrom <= meeting.date) && (!m.validTo || m.validTo >= meeting.date))
    .map((m) => ({ personId: m.personId, name: m.name, party: m.party, kind: m.kind, role: m.role }));
}

async function loadForUpdate(trx: Executor, actor: Actor, meetingId: number) {
  const meeting = await meetings.getMeeting(trx, meetingId);
  await store.insertMinutes(trx, meetingId, actor.id);
  const m = (await store.findMinutesForUpdate(trx, meetingId))!;
  const adjusters = await store.adjustersOf(trx, m.id);
  return { meeting, m, adjusters, signatures: adjusters.filter((a) => a.signed_at).length };
}

export async function hasMinutes(ex: Db | Executor, meetingId: number): Promise<boolean> {
  return Boolean(await store.findMinutesByMeeting(executorOf(ex), meetingId));
}

/** The day the committee decided for justering under its protokollsjustering item ("Protokollet ska vara justerat senast den …"), or null. */
export function decidedAdjustmentDay(meeting: MeetingDetail): IsoDate | null {
  const item = meeting.items.find((i) => i.kind === 'adjustment' && i.adjustmentDeadline) ?? meeting.items.find((i) => i.adjustmentDeadline);
  return item?.adjustmentDeadline ?? null;
}

/** The minutes of a meeting as shown and printed; `today` decides warnings and laga kraft. */
export async function getMinutes(db: Db | Executor, meetingId: number, today: IsoDate = todayInStockholm()): Promise<MinutesView> {
  const ex = executorOf(db);
  const m = await store.findMinutesByMeeting(ex, meetingId);
  if (!m) throw notFound('Protokollet för sammanträde', meetingId);
  const meeting = await meetings.getMeeting(ex, meetingId);
  const seats = await seatsFor(ex, meeting);
  const byId = new Map(seats.map((s) => [s.personId, s]));
  const nameOf = (id: number) => byId.get(id)?.name ?? `person ${id}`;
  const [attendance, adjusters, decisions, notice, frozen] = await Promise.all([
    // the roll call with the arrivals, departures and ersättare called in during the meeting (issue 15.1)
    live.attendanceRows(ex, m.id, seats, meeting),
    store.adjustersOf(ex, m.id),
    store.decisionsOf(ex, m.id),
    store.findNotice(ex, m.id),
    store.findSnapshot(ex, m.id),
  ]);
  const ids = decisions.map((d) => d.id);
  const [notes, dispatches] = await Promise.all([store.notesOf(ex, ids), store.dispatchesOf(ex, ids)]);
  // issue 15.1: the yrkanden, propositionsordning and voting lists under each paragraph
  const proceedings = await motions.proceedingsOf(ex, decisions.map((d) => d.agenda_item_id), (id) => ({ name: nameOf(id), party: byId.get(id)?.party ?? null }));
  const clock = minutesClock({ meetingDate: meeting.date, decidedAdjustmentDue: decidedAdjustmentDay(meeting), adjustedOn: m.adjusted_on, postedOn: notice?.posted_on ?? null, takenDownOn: notice?.taken_down_on ?? null }, today);
  const items = new Map(meeting.items.map((i) => [i.id, i]));
  const decisionViews: DecisionView[] = decisions
    .map((d) => {
      const item = items.get(d.agenda_item_id)!;
      const finalOn = d.immediately_adjusted && notice ? appealPeriod(notice.posted_on).finalOn : clock.finalOn;
      return {
        id: d.id,
        agendaItemId: d.agenda_item_id,
        itemNumber: item.number,
        itemTitle: item.title,
        caseNumber: item.caseNumber,
        paragraph: d.paragraph,
        outcome: d.outcome,
        outcomeLabel: OUTCOME_LABEL[d.outcome],
        clauses: d.clauses,
        motivation: d.motivation,
        votes: d.votes ? (d.votes as Array<{ personId: number; choice: 'ja' | 'nej' | 'avstår' }>).map((v) => ({ ...v, name: nameOf(v.personId) })) : null,
        voteSummary: d.vote_summary,
        conflicted: d.conflicted.map((personId) => ({ personId, name: nameOf(personId) })),
        notes: notes
          .filter((n) => n.decision_id === d.id)
          .map((n) => ({ personId: n.person_id, name: nameOf(n.person_id), party: byId.get(n.person_id)?.party ?? null, kind: n.kind, text: n.text })),
        recipients: d.recipients,
        dispatches: dispatches
          .filter((x) => x.decision_id === d.id)
          .map((x) => ({ recipient: x.recipient, sentAt: new Date(x.sent_at).toISOString(), sentBy: x.sent_by })),
        immediatelyAdjusted: d.immediately_adjusted,
        withoutQuorum: d.without_quorum,
        ...(proceedings.has(d.agenda_item_id) ? { proceedings: proceedings.get(d.agenda_item_id)! } : {}),
        version: d.version,
        finalOn,
      };
    })
    .sort((a, b) => a.itemNumber - b.itemNumber);
  const view: MinutesView = {
    id: m.id,
    meetingId,
    meetingDate: meeting.date,
    bodyId: meeting.bodyId,
    bodyName: meeting.bodyName,
    status: m.status,
    version: m.version,
    updatedBy: m.updated_by,
    keptAt: m.kept_at,
    adjustedOn: m.adjusted_on,
    locked: Boolean(m.locked_at),
    // once adjusted: the sealed file served byte for byte; before, the content rendition being signed
    pdfSha256: m.locked_at ? (m.sealed_sha256 ?? m.pdf_sha256) : m.pdf_sha256,
    signedPdfSha256: m.pdf_sha256,
    frozen: null,
    attendance: attendance.map((a) => {
      const seat = byId.get(a.person_id);
      return {
        personId: a.person_id,
        name: nameOf(a.person_id),
        party: seat?.party ?? null,
        kind: seat?.kind ?? 'member',
        role: seat?.role ?? 'member',
        present: a.present,
        replacesPersonId: a.replaces_person_id,
        replacesName: a.replaces_person_id ? nameOf(a.replaces_person_id) : null,
        fromItem: a.from_item,
        toItem: a.to_item,
      };
    }),
    adjusters: adjusters.map((a) => ({
      personId: a.person_id,
      name: nameOf(a.person_id),
      party: byId.get(a.person_id)?.party ?? null,
      signedAt: a.signed_at ? new Date(a.signed_at).toISOString() : null,
      signedBy: a.signed_by,
      signedVia: a.signed_via,
    })),
    decisions: decisionViews,
    notice: notice ? { postedOn: notice.posted_on, takenDownOn: notice.taken_down_on } : null,
    clock: {
      adjustmentDue: clock.adjustmentDue.by,
      adjustmentBasis: clock.adjustmentDue.basis,
      adjustmentDecided: clock.adjustmentDue.decided,
      adjustmentLegalDue: clock.adjustment.due,
      noticeDue: clock.notice?.due ?? null,
      appealLastDay: clock.appeal?.lastDay.due ?? null,
      finalOn: clock.finalOn,
      isFinal: clock.isFinal,
      warnings: clock.warnings,
    },
  };
  if (!frozen) return view;
  // signing has begun: the protokoll shows its snapshot, whatever members' names, parties or roles have become since
  const snap = frozen.content as MinutesSnapshot;
  const publicPdfSha256 = m.locked_at ? await storedPublicSha(ex, m.id, snap, meeting) : null;
  return overlaySnapshot(view, snap, { takenAt: new Date(frozen.taken_at).toISOString(), publicPdfSha256 });
}

/** The secrecy marks of a meeting's items as they are now. */
const marksOf = (meeting: MeetingDetail): SecrecyMarks => new Map(meeting.items.map((i) => [i.id, i.secrecyRef ?? null]));

/** A view whose printed content (attendance, adjusters' names, paragraphs) is the snapshot's. */
function overlaySnapshot(view: MinutesView, snap: MinutesSnapshot, frozen: NonNullable<MinutesView['frozen']>): MinutesView {
  const adjusters = new Map(snap.adjusters.map((a) => [a.personId, a]));
  const decisions = new Map(snap.decisions.map((d) => [d.agendaItemId, d]));
  return {
    ...view,
    frozen,
    attendance: snap.attendance.map((a) => ({ ...a })),
    adjusters: view.adjusters.map((a) => ({ ...a, name: adjusters.get(a.personId)?.name ?? a.name, party: adjusters.get(a.personId)?.party ?? a.party })),
    decisions: view.decisions.map((d) => {
      const s = decisions.get(d.agendaItemId);
      if (!s) return d;
      const { secrecyRef: _s, ...printed } = s;
      return { ...d, ...printed };
    }),
  };
}

/** What the protokoll shows, from the live minutes: the content a snapshot freezes. */
function snapshotOf(view: MinutesView, meeting: MeetingDetail, attendanceNotes: string[] = []): MinutesSnapshot {
  return {
    // issue 15.1: arrivals, departures and who served for whom during the meeting (left out when there were none, so earlier snapshots read as they were)
    ...(attendanceNotes.length ? { attendanceNotes } : {}),
    format: 1,
    minutesId: view.id,
    meetingId: view.meetingId,
    bodyName: view.bodyName,
    meetingDate: view.meetingDate,
    startTime: meeting.startTime ?? null,
    endTime: meeting.endTime ?? null,
    place: meeting.place ?? null,
    keptAt: view.keptAt,
    attendance: view.attendance.map((a) => ({
      personId: a.personId,
      name: a.name,
      party: a.party,
      kind: a.kind,
      role: a.role,
      present: a.present,
      replacesPersonId: a.replacesPersonId,
      replacesName: a.replacesName,
      fromItem: a.fromItem,
      toItem: a.toItem,
    })),
    adjusters: view.adjusters.map((a) => ({ personId: a.personId, name: a.name, party: a.party })),
    decisions: view.decisions.map((d) => ({
      agendaItemId: d.agendaItemId,
      itemNumber: d.itemNumber,
      itemTitle: d.itemTitle,
      caseNumber: d.caseNumber,
      paragraph: d.paragraph,
      outcome: d.outcome,
      outcomeLabel: d.outcomeLabel,
      clauses: d.clauses,
      motivation: d.motivation,
      votes: d.votes,
      voteSummary: d.voteSummary,
      conflicted: d.conflicted,
      notes: d.notes,
      recipients: d.recipients,
      immediatelyAdjusted: d.immediatelyAdjusted,
      withoutQuorum: d.withoutQuorum,
      ...(d.proceedings ? { proceedings: d.proceedings } : {}),
    })),
  };
}

/** The minutes as a reader may see them: drafts only for those who work with them, adjusted minutes for everyone. */
export async function readMinutes(db: Db, actor: Actor, meetingId: number): Promise<MinutesView> {
  const view = await getMinutes(db, meetingId);
  if (!view.locked) authorize(actor, 'minutes.read-draft');
  const meeting = await meetings.getMeeting(db, meetingId);
  const secret = meeting.items.filter((i) => i.secrecyRef);
  if (secret.length === 0) return view;
  if (await meetings.maySeeSecretsOfMeeting(db, actor, meetingId)) {
    await meetings.recordSecretRead(db, actor, { entity: 'minutes', entityId: meetingId, meetingId, secrecyRefs: secret.map((i) => i.secrecyRef) });
    return view;
  }
  // as in the public version of the PDF: a secret item's decision keeps its paragraph, title and outcome, not its content
  const ids = new Set(secret.map((i) => i.id));
  return {
    ...view,
    decisions: view.decisions.map((d) =>
      ids.has(d.agendaItemId) ? { ...d, clauses: [], motivation: null, votes: null, voteSummary: null, conflicted: [], notes: [], recipients: [], dispatches: [], proceedings: undefined } : d,
    ),
  };
}

/**
 * Who gets the signed original: those who may read drafts (they see personal
 * data) and, when items are secret, read the secrets of the meeting's body
 * (the read is audited). Everyone else gets the public version.
 */
async function audienceOf(db: Db, actor: Actor, meeting: MeetingDetail): Promise<Audience> {
  if (!can(actor, 'minutes.read-draft')) return 'public';
  const secret = meeting.items.filter((i) => i.secrecyRef);
  if (secret.length === 0) return 'original';
  if (!(await meetings.maySeeSecretsOfMeeting(db, actor, meeting.id))) return 'public';
  await meetings.recordSecretRead(db, actor, { entity: 'minutes', entityId: meeting.id, meetingId: meeting.id, secrecyRefs: secret.map((i) => i.secrecyRef) });
  return 'original';
}

/** Opens (creates) the minutes of a meeting. */
export async function openMinutes(db: Db, actor: Actor, meetingId: number): Promise<MinutesView> {
  authorize(actor, 'minutes.edit');
  await db.tx(async (trx) => {
    await meetings.getMeeting(trx, meetingId);
    const before = await store.findMinutesByMeeting(trx, meetingId);
    if (!before) {
      await store.insertMinutes(trx, meetingId, actor.id);
      await audit(trx, { actor: actor.id, action: 'minutes.open', entity: 'minutes', entityId: meetingId });
    }
  });
  return getMinutes(db, meetingId);
}

/**
 * One edit of the minutes as a whole: authorised, in one transaction with the
 * minutes row locked, refused when locked, signing, or stale.
 */
async function editMinutes(
  db: Db,
  actor: Actor,
  meetingId: number,
  version: number | undefined,
  edit: (ctx: { trx: Executor; meeting: MeetingDetail; minutesId: number; seats: Seat[] }) => Promise<void>,
): Promise<MinutesView> {
  authorize(actor, 'minutes.edit');
  await db.tx(async (trx) => {
    const { meeting, m, signatures } = await loadForUpdate(trx, actor, meetingId);
    assertEditable(m, signatures);
    assertVersion(m, version, 'Protokollet');
    await edit({ trx, meeting, minutesId: m.id, seats: await seatsFor(trx, meeting) });
    await store.touchMinutes(trx, m.id, actor.id);
  });
  return getMinutes(db, meetingId);
}

export async function setAttendance(db: Db, actor: Actor, meetingId: number, input: { version?: number; attendance: Attendance[] }): Promise<MinutesView> {
  return editMinutes(db, actor, meetingId, input.version, async ({ trx, meeting, minutesId, seats }) => {
    const maxItem = Math.max(0, ...meeting.items.map((i) => i.number));
    for (const a of input.attendance) {
      for (const n of [a.fromItem, a.toItem]) {
        if (n != null && (n < 1 || n > maxItem)) throw new DomainError('invalid-attendance', `Punkt ${n} finns inte på föredragningslistan (1–${maxItem}).`);
      }
    }
    validateAttendance(seats, input.attendance);
    // the arrivals and departures recorded during the meeting must still fit the roll call
    live.assertChangesHold(seats, input.attendance, await live.changesOf(trx, minutesId), meeting);
    const before = await store.attendanceOf(trx, minutesId);
    await store.replaceAttendance(
      trx,
      minutesId,
      input.attendance.map((a) => ({
        person_id: a.personId,
        present: a.present,
        replaces_person_id: a.replacesPersonId ?? null,
        from_item: a.fromItem ?? null,
        to_item: a.toItem ?? null,
      })),
    );
    await audit(trx, { actor: actor.id, action: 'minutes.attendance', entity: 'minutes', entityId: meetingId, before, after: input.attendance });
  });
}

export async function setAdjusters(db: Db, actor: Actor, meetingId: number, input: { version?: number; personIds: number[] }): Promise<MinutesView> {
  return editMinutes(db, actor, meetingId, input.version, async ({ trx, meeting, minutesId, seats }) => {
    const ids = new Set(seats.map((s) => s.personId));
    if (input.personIds.length === 0) throw new DomainError('adjusters-required', 'Ange minst en justerare.');
    const attendance = (await live.attendanceRows(trx, minutesId, seats, meeting)).map((a) => ({ personId: a.person_id, present: a.present }));
    // issue 15.3: the chair of the meeting signs the justering with the adjusters ("nämndens ordförande och … justerar")
    const chair = presidingChair(seats, attendance);
    const personIds = chair && !input.personIds.includes(chair.personId) ? [chair.personId, ...input.personIds] : input.personIds;
    if (new Set(input.personIds).size !== input.personIds.length) throw new DomainError('duplicate-adjuster', 'Samma person kan inte vara justerare två gånger.');
    for (const id of input.personIds) if (!ids.has(id)) throw new DomainError('not-a-member', `Person ${id} är inte ledamot eller ersättare i nämnden och kan inte justera.`);
    // only someone who was at the meeting can attest that the protokoll says what happened there
    const present = new Set(attendance.filter((a) => a.present).map((a) => a.personId));
    for (const id of personIds) {
      if (!present.has(id)) {
        const name = seats.find((x) => x.personId === id)?.name ?? `Person ${id}`;
        throw new DomainError('adjuster-not-present', `${name} var inte närvarande vid sammanträdet och kan inte justera protokollet.`);
      }
    }
    const before = await store.adjustersOf(trx, minutesId);
    await store.replaceAdjusters(trx, minutesId, personIds);
    await audit(trx, { actor: actor.id, action: 'minutes.adjusters', entity: 'minutes', entityId: meetingId, before: before.map((a) => a.person_id), after: personIds });
  });
}

export interface RecordedDecision {
  minutes: MinutesView;
  quorum: Quorum;
}

/** Records the decision on one agenda item (by its number on the agenda). */
export async function recordDecision(db: Db, actor: Actor, meetingId: number, itemNumber: number, req: RecordDecisionRequest): Promise<RecordedDecision> {
  authorize(actor, 'minutes.edit');
  const q = await db.tx(async (trx) => {
    const { meeting, m, signatures } = await loadForUpdate(trx, actor, meetingId);
    assertEditable(m, signatures);
    const item = meeting.items.find((i) => i.number === itemNumber);
    if (!item) throw notFound('Punkt', `${itemNumber} på sammanträdet ${meeting.date}`);
    const existing = await store.findDecisionByItem(trx, item.id);
    if (existing) {
      if (req.version === undefined) throw conflict('version-required', `Punkt ${itemNumber} har redan ett beslut; ange dess version för att ändra det.`);
      assertVersion(existing, req.version, `Beslutet under punkt ${itemNumber}`);
    }
    const seats = await seatsFor(trx, meeting);
    const byId = new Map(seats.map((s) => [s.personId, s]));
    const conflicted = new Set(req.conflicted ?? []);
    // who serves on this item: the roll call with the arrivals, departures and ersättare called in during the meeting (issue 15.1)
    const { serving, attended } = await live.servingOn(trx, m.id, seats, meeting, itemNumber, conflicted);
    if (!attended) throw new DomainError('attendance-required', 'Fyll i närvaron innan beslut protokollförs.');
    for (const id of conflicted) if (!byId.has(id)) throw new DomainError('not-a-member', `Person ${id} (jäv) är inte ledamot eller ersättare i nämnden.`);
    const q = quorum(seats.filter((s) => s.kind === 'member').length, serving.length);
    if (!q.ok && !req.acknowledgeNoQuorum) {
      throw conflict('no-quorum', `${q.message} Bekräfta för att ändå protokollföra beslutet.`);
    }
    const chair = seats.find((s) => s.role === 'chair' && serving.some((x) => x.personId === s.personId));
    const vote = req.votes?.length ? countVotes(serving, req.votes, chair?.personId ?? null) : null;
    if (vote && vote.result === 'nej' && req.outcome === 'according-to-proposal') {
      throw new DomainError('vote-against-proposal', 'Omröstningen föll mot förslaget; protokollför beslutet som ändrat, återremitterat eller bordlagt.');
    }
    const proposal = item.proposal?.clauses ?? [];
    const clauses = decidedClauses(req.outcome, proposal, req.clauses?.map(cleanLine), req.motivation);
    const servingIds = new Set(serving.map((s) => s.personId));
    const notes = (req.notes ?? []).map((n) => {
      const seat = byId.get(n.personId);
      if (!seat) throw new DomainError('not-a-member', `Person ${n.personId} är inte ledamot eller ersättare i nämnden.`);
      if (n.kind === 'reservation' && !servingIds.has(n.personId)) {
        throw new DomainError('reservation-not-serving', `${seat.name} deltog inte i beslutet och kan inte reservera sig.`);
      }
      const text = n.text.trim();
      if (!text) throw new DomainError('note-empty', `Texten till ${n.kind === 'reservation' ? 'reservationen' : 'protokollsanteckningen'} från ${seat.name} saknas.`);
      return { person_id: n.personId, kind: n.kind, text };
    });
    // issue 15.1: a reservation is tied to a yrkande that fell and that the reserving person stood behind (motions.ts)
    const sheet = await motionsStore.loadSheet(trx, item.id);
    const tiedNotes = notes.map((n, i) => ({
      ...n,
      motion_id: n.kind === 'reservation' ? reservationMotion({ personId: n.person_id, name: byId.get(n.person_id)!.name }, req.notes![i]!.motionId, sheet.motions, sheet.props, sheet.votes).id : null,
    }));
    const recipients = [...new Set((req.recipients ?? []).map(cleanLine).filter(Boolean))];
    const id = await store.upsertDecision(trx, {
      minutes_id: m.id,
      agenda_item_id: item.id,
      body_id: meeting.bodyId,
      outcome: req.outcome,
      clauses,
      motivation: req.motivation?.trim() || null,
      votes: req.votes?.length ? JSON.stringify(req.votes) : null,
      vote_summary: vote?.summary ?? null,
      conflicted: [...conflicted],
      without_quorum: !q.ok,
      immediately_adjusted: Boolean(req.immediatelyAdjusted),
      recipients,
      updated_by: actor.id,
    });
    await store.replaceNotes(trx, id, tiedNotes);
    await store.touchMinutes(trx, m.id, actor.id, m.status === 'numbered' ? { pdf_sha256: null } : {});
    await audit(trx, {
      actor: actor.id,
      action: existing ? 'decision.update' : 'decision.record',
      entity: 'decision',
      entityId: id,
      before: existing ?? undefined,
      after: { itemNumber, outcome: req.outcome, clauses, votes: req.votes ?? null, conflicted: [...conflicted], notes, recipients, withoutQuorum: !q.ok },
    });
    return q;
  });
  return { minutes: await getMinutes(db, meetingId), quorum: q };
}

/**
 * Gives every item its § number, in agenda order, continuing the body's
 * count for the calendar year. Information and presentation items without a
 * decision are noted; any other item without a decision stops the numbering.
 */
export async function numberMinutes(db: Db, actor: Actor, meetingId: number): Promise<MinutesView> {
  authorize(actor, 'minutes.edit');
  await db.tx(async (trx) => {
    const { meeting, m, signatures } = await loadForUpdate(trx, actor, meetingId);
    assertEditable(m, signatures);
    if (m.status !== 'draft') throw conflict('already-numbered', 'Protokollet är redan numrerat.');
    let decisions = await store.decisionsOf(trx, m.id);
    const decided = new Set(decisions.map((d) => d.agenda_item_id));
    const missing = meeting.items.filter((i) => !decided.has(i.id) && i.kind !== 'information' && i.kind !== 'presentations');
    if (missing.length) {
      throw new DomainError('decisions-missing', `Beslut saknas för ${missing.length === 1 ? 'punkt' : 'punkterna'} ${missing.map((i) => i.number).join(', ')}.`);
    }
    for (const i of meeting.items.filter((x) => !decided.has(x.id))) {
      await store.upsertDecision(trx, {
        minutes_id: m.id, agenda_item_id: i.id, body_id: meeting.bodyId, outcome: 'noted', clauses: decidedClauses('noted', [], undefined),
        motivation: null, votes: null, vote_summary: null, conflicted: [], without_quorum: false, immediately_adjusted: false, recipients: [], updated_by: actor.id,
      });
    }
    decisions = await store.decisionsOf(trx, m.id);
    const year = Number(meeting.date.slice(0, 4));
    // the body's series for the year, in meeting order (numbering.ts); the lock queues concurrent numbering
    await store.lockSeries(trx, meeting.bodyId);
    const series = await store.findSeries(trx, meeting.bodyId, year);
    const others = await store.seriesMeetings(trx, meeting.bodyId, year);
    const self = { meetingId, date: meeting.date, startTime: meeting.startTime };
    const paragraphs = planNumbering(self, meeting.items.map((i) => i.number), series?.first_paragraph ?? 1, others);
    const itemNumberById = new Map(meeting.items.map((i) => [i.id, i.number]));
    for (const d of decisions) await store.setParagraph(trx, d.id, paragraphs.get(itemNumberById.get(d.agenda_item_id)!)!, year);
    await store.touchMinutes(trx, m.id, actor.id, { status: 'numbered' });
    await audit(trx, { actor: actor.id, action: 'minutes.number', entity: 'minutes', entityId: meetingId, after: Object.fromEntries(paragraphs) });
  });
  return getMinutes(db, meetingId);
}

/**
 * Undoes the numbering (back to draft, the decisions kept), so that an
 * earlier meeting of the year can be numbered before this one. Only before
 * signing begins, and only for the last numbered meeting of the year.
 */
export async function unnumberMinutes(db: Db, actor: Actor, meetingId: number, version?: number): Promise<MinutesView> {
  authorize(actor, 'minutes.edit');
  await db.tx(async (trx) => {
    const { meeting, m, signatures } = await loadForUpdate(trx, actor, meetingId);
    assertVersion(m, version, 'Protokollet');
    assertEditable(m, signatures);
    const year = Number(meeting.date.slice(0, 4));
    await store.lockSeries(trx, meeting.bodyId);
    const others = await store.seriesMeetings(trx, meeting.bodyId, year);
    const self = others.find((o) => o.meetingId === meetingId)!;
    assertUnnumberable(self, others);
    const before = Object.fromEntries((await store.decisionsOf(trx, m.id)).map((d) => [d.agenda_item_id, d.paragraph]));
    await store.clearParagraphs(trx, m.id);
    await store.touchMinutes(trx, m.id, actor.id, { status: 'draft', pdf_sha256: null });
    await audit(trx, { actor: actor.id, action: 'minutes.unnumber', entity: 'minutes', entityId: meetingId, before, after: { released: paragraphRange(self.first, self.last) } });
  });
  return getMinutes(db, meetingId);
}

async function seriesView(ex: Executor, bodyId: number, year: number): Promise<ParagraphSeriesView> {
  const body = await meetings.getBody(ex, bodyId);
  const row = await store.findSeries(ex, bodyId, year);
  const list = (await store.seriesMeetings(ex, bodyId, year)).sort(compareMeetings);
  const first = row?.first_paragraph ?? 1;
  return {
    bodyId,
    bodyName: body.name,
    year,
    firstParagraph: first,
    configured: Boolean(row),
    note: row?.note ?? null,
    version: row?.version ?? 0,
    nextParagraph: nextParagraph(first, list),
    changeable: list.every((x) => x.first === null),
    meetings: list.map((x) => ({ meetingId: x.meetingId, date: x.date, status: x.status, first: x.first, last: x.last, fixed: x.fixed })),
  };
}

const assertYear = (year: number) => {
  if (!Number.isInteger(year) || year < 1900 || year > 2200) throw new DomainError('invalid-year', 'Året ska vara ett årtal mellan 1900 och 2200.');
};

/** The body's § series of a year: its first number and the numbered meetings. */
export async function paragraphSeries(db: Db, actor: Actor, bodyId: number, year: number): Promise<ParagraphSeriesView> {
  authorize(actor, 'minutes.read-draft');
  assertYear(year);
  return seriesView(executorOf(db), bodyId, year);
}

/** Sets the year's first § number (a series continued from another system); refused once a meeting of that year is numbered. */
export async function setParagraphSeries(
  db: Db,
  actor: Actor,
  bodyId: number,
  year: number,
  input: { firstParagraph: number; note?: string | null; version?: number },
): Promise<ParagraphSeriesView> {
  authorize(actor, 'minutes.edit');
  assertYear(year);
  const note = input.note ? cleanLine(input.note) || null : null;
  await db.tx(async (trx) => {
    await meetings.getBody(trx, bodyId); // 404 for an unknown body
    await store.lockSeries(trx, bodyId);
    const row = await store.findSeries(trx, bodyId, year);
    const current = row?.version ?? 0;
    if (row && input.version === undefined) throw conflict('version-required', `Ange versionen av paragrafserien för ${year} som du ändrar (nu ${current}).`);
    if (input.version !== undefined && input.version !== current) {
      throw conflict(
        'stale-version',
        `Paragrafserien för ${year} har ändrats av ${row?.updated_by ?? 'någon annan'} sedan du hämtade den (din version ${input.version}, nu ${current}). Ladda om sidan och gör ändringen igen.`,
      );
    }
    assertSeriesChangeable(year, input.firstParagraph, await store.seriesMeetings(trx, bodyId, year));
    await store.saveSeries(trx, { body_id: bodyId, year, first_paragraph: input.firstParagraph, note, updated_by: actor.id });
    await audit(trx, {
      actor: actor.id,
      action: 'paragraph-series.set',
      entity: 'body',
      entityId: bodyId,
      before: row ? { year, firstParagraph: row.first_paragraph, note: row.note } : undefined,
      after: { year, firstParagraph: input.firstParagraph, note },
    });
  });
  return seriesView(executorOf(db), bodyId, year);
}

const sha256Of = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** The snapshot signing is over: the frozen one once signing has begun, else the minutes as they are now. */
async function snapshotFor(ex: Executor, m: MinutesRow): Promise<{ snap: MinutesSnapshot; frozen: boolean }> {
  const row = await store.findSnapshot(ex, m.id);
  if (row) return { snap: row.content as MinutesSnapshot, frozen: true };
  const view = await getMinutes(ex, m.meeting_id);
  const meeting = await meetings.getMeeting(ex, m.meeting_id);
  return { snap: snapshotOf(view, meeting, await attendanceNotesOf(ex, m.id, meeting, view)), frozen: false };
}

/** What the protokoll says about attendance during the meeting, with the paragraphs of the view. */
function attendanceNotesOf(ex: Executor, minutesId: number, meeting: MeetingDetail, view: MinutesView): Promise<string[]> {
  const paragraphs = new Map(view.decisions.map((d) => [d.itemNumber, d.paragraph]));
  return live.protocolSentences(ex, minutesId, meeting, (n) => paragraphs.get(n) ?? null);
}

/** The snapshot restricted to one paragraph, for its extract. */
function extractSnapshot(snap: MinutesSnapshot, paragraph: number): MinutesSnapshot | null {
  const d = snap.decisions.find((x) => x.paragraph === paragraph);
  return d ? { ...snap, decisions: [d] } : null;
}

type Audience = 'original' | 'public';
type RenditionKind = { document: 'protokoll' | 'utdrag'; paragraph: number; audience: Audience };

/** What the public version leaves out and masks, as things are now: the items' secrecy marks, the names of natural persons. */
interface PublicContext {
  marks: SecrecyMarks;
  names: readonly string[];
}

async function publicContext(ex: Executor, meeting: MeetingDetail): Promise<PublicContext> {
  return { marks: marksOf(meeting), names: await naturalPersonNames(ex) };
}

/** The snapshot one rendition is rendered from: one paragraph for an extract; for the public, secret content left out and personal data masked. */
function sourceOf(snap: MinutesSnapshot, k: RenditionKind, ctx: PublicContext): MinutesSnapshot {
  const s = k.document === 'utdrag' ? extractSnapshot(snap, k.paragraph)! : snap;
  return k.audience === 'public' ? publicSnapshot(s, ctx.marks, (t) => maskText(t, ctx.names)) : s;
}

const sourceKey = (source: MinutesSnapshot) => sha256Of(canonicalJson(source));

const renderSource = (source: MinutesSnapshot, k: RenditionKind, adjustedOn: string | null): Promise<RenderedPdf> =>
  k.document === 'protokoll' ? renderMinutesPdf(source) : renderExtractPdf(source, k.paragraph, adjustedOn);

/**
 * The stored rendition of frozen minutes, keyed by the content it renders:
 * rendered from the snapshot and stored (file store + stored_file +
 * minutes_rendition) when it is not there yet. Returns the file's hash.
 */
async function ensureRendition(
  trx: Executor,
  files: FileStore,
  m: { id: number; meeting_id: number; adjusted_on: string | null },
  snap: MinutesSnapshot,
  ctx: PublicContext,
  k: RenditionKind,
  by: string,
  signingTime: Date = new Date(),
): Promise<{ file_sha256: string; sealed: boolean }> {
  const source = sourceOf(snap, k, ctx);
  const key = { ...k, sourceSha256: sourceKey(source) };
  const found = await store.findRendition(trx, m.id, key);
  if (found) return found;
  if (k.audience === 'public') {
    // nothing left out or masked: the public get the sealed original itself, the same bytes
    const same = await store.findRendition(trx, m.id, { ...key, audience: 'original' });
    if (same) return store.insertRendition(trx, m.id, key, same.file_sha256, by, same.sealed);
  }
  const pdf = await renderSealed(trx, m, snap, source, k, signingTime);
  const sha = await documents.storeGeneratedPdf(trx, files, pdf.bytes, pdf.pageCount);
  return store.insertRendition(trx, m.id, key, sha, by, true);
}

const VIA: Record<string, string> = {
  password: 'elektroniskt efter ny inloggning med lösenord',
  oidc: 'elektroniskt efter ny inloggning via regionens identitetstjänst',
  session: 'elektroniskt i inloggad session',
};

/**
 * What the adjusted protokoll adds to its content: every signature (name,
 * chair or adjuster, time, method), the secretary, the anslagsbevis – posted
 * on the digital notice board the day of the justering, taken down the day
 * after the appeal period – and the seal.
 */
async function adjustmentOf(ex: Executor, m: { id: number; meeting_id: number; adjusted_on: string | null }, snap: MinutesSnapshot): Promise<Adjustment> {
  const seal = loadSeal();
  const rows = await store.adjustersOf(ex, m.id);
  // the chair of the meeting (a vice ordförande when the ordförande was away), who signs with the adjusters
  const chair = presidingChair(snap.attendance, snap.attendance)?.personId ?? null;
  const named = new Map(snap.adjusters.map((a) => [a.personId, a]));
  const meeting = await meetings.getMeeting(ex, m.meeting_id);
  const postedOn = m.adjusted_on!;
  return {
    adjustedOn: m.adjusted_on!,
    signatures: rows
      .filter((r) => r.signed_at)
      .map((r) => ({
        name: named.get(r.person_id)?.name ?? `person ${r.person_id}`,
        party: named.get(r.person_id)?.party ?? null,
        chair: r.person_id === chair,
        signedAt: new Date(r.signed_at!).toISOString(),
        method: VIA[r.signed_via ?? 'session']!,
      })),
    // the kallelse's nämndsekreterare, else the user who numbered (kept) the minutes
    secretary: meeting.secretary?.name ?? (await store.numberedBy(ex, m.meeting_id)),
    notice: { postedOn, takeDownOn: appealPeriod(postedOn).takeDownFrom, keptAt: snap.keptAt },
    seal: { name: seal.name, demo: seal.demo, demoLabel: DEMO_LABEL },
  };
}

/** A rendition of adjusted minutes: rendered with its adjustment (signatures, anslagsbevis) and sealed with the region's seal. */
async function renderSealed(
  ex: Executor,
  m: { id: number; meeting_id: number; adjusted_on: string | null },
  snap: MinutesSnapshot,
  source: MinutesSnapshot,
  k: RenditionKind,
  signingTime: Date,
): Promise<RenderedPdf> {
  const adjustment = await adjustmentOf(ex, m, snap);
  const pdf = k.document === 'protokoll' ? await renderMinutesPdf(source, adjustment) : await renderExtractPdf(source, k.paragraph, m.adjusted_on, adjustment);
  const what = k.document === 'protokoll' ? 'Justerat protokoll' : `Bestyrkt protokollsutdrag § ${k.paragraph}`;
  // the archive copy is PDF/A-2b (issue 15.7): the meeting's date the document's, the adjustment date its creation; sealed after
  const archived = await toPdfA(pdf.bytes, archiveMetadata(source, k.document === 'protokoll' ? null : k.paragraph, m.adjusted_on!));
  const bytes = await sealPdf(archived, loadSeal(), { reason: `${what}, ${source.bodyName} ${source.meetingDate}`, location: source.keptAt, signingTime });
  return { bytes, pageCount: pdf.pageCount };
}

const SYSTEM_ID = 'system';
const SYSTEM_ACTOR: Actor = { id: SYSTEM_ID, system: true };

/**
 * Minutes adjusted before the protokoll was frozen (no snapshot): freezes
 * them now, from the minutes as they are, and records in the audit log
 * whether that still matches the hash the adjusters signed.
 */
async function freezeLegacy(db: Db, files: FileStore, meetingId: number): Promise<void> {
  await db.tx(async (trx) => {
    const m = (await store.findMinutesForUpdate(trx, meetingId))!;
    if (!m.locked_at || (await store.findSnapshot(trx, m.id))) return;
    const view = await getMinutes(trx, meetingId);
    const meeting = await meetings.getMeeting(trx, meetingId);
    const snap = snapshotOf(view, meeting, await attendanceNotesOf(trx, m.id, meeting, view));
    await store.insertSnapshot(trx, m.id, snap, SYSTEM_ID);
    const sha = (await ensureRendition(trx, files, m, snap, await publicContext(trx, meeting), { document: 'protokoll', paragraph: 0, audience: 'original' }, SYSTEM_ID)).file_sha256;
    await store.setSealedOnce(trx, m.id, sha);
    // what the adjusters signed is the content rendering, without the adjustment and the seal
    const content = sha256Of((await renderMinutesPdf(snap)).bytes);
    await audit(trx, { actor: SYSTEM_ID, action: 'minutes.freeze', entity: 'minutes', entityId: meetingId, after: { sha256: sha, contentSha256: content, signedSha256: m.pdf_sha256, matchesSignature: content === m.pdf_sha256 } });
  });
}

/**
 * The bytes of a stored rendition, or (when the file store lost it) the same
 * bytes rendered again from the snapshot – impossible for a sealed file (its
 * signature carries the time it was made): that must come from the backup.
 */
async function readRendition(files: FileStore, sha: string, rerender: (() => Promise<RenderedPdf>) | null): Promise<Uint8Array> {
  const stored = await documents.readStoredFile(files, sha);
  if (stored) return stored;
  const again = rerender ? await rerender() : null;
  if (!again || sha256Of(again.bytes) !== sha) {
    throw new DomainError('file-missing', `Det justerade protokollets fil (${sha.slice(0, 12)}…) saknas i fillagret och kan inte återskapas byte för byte. Återställ fillagret från säkerhetskopian.`, { status: 500 });
  }
  await files.putBytes(again.bytes);
  return again.bytes;
}

export interface MinutesFile {
  pdf: Uint8Array;
  sha256: string;
  /** Who the file is for: the signed original (staff) or the public version. */
  audience: Audience;
  /** True when the file is stored (adjusted minutes), false for a rendering of minutes not yet adjusted. */
  stored: boolean;
  meetingDate: string;
}

/**
 * The protokoll (paragraph null) or an extract as a file for the actor.
 * Adjusted minutes are served from the file store, byte for byte: the signed
 * original to those who may read drafts (members and staff), the public
 * version – for the secrecy marks as they are now, stored the first time it
 * is asked for – to everyone else. Minutes not yet adjusted are rendered
 * (from their snapshot once signing has begun), for staff only.
 */
export async function minutesFile(db: Db, actor: Actor, meetingId: number, paragraph: number | null, files: FileStore = new FileStore()): Promise<MinutesFile> {
  let m = await store.findMinutesByMeeting(db.kysely, meetingId);
  if (!m) throw notFound('Protokollet för sammanträde', meetingId);
  const meeting = await meetings.getMeeting(db, meetingId);
  const missing = () => new DomainError('not-found', `§ ${paragraph} finns inte i protokollet från ${meeting.date}.`, { status: 404 });
  const document = paragraph === null ? 'protokoll' : 'utdrag';
  if (!m.locked_at) {
    authorize(actor, 'minutes.read-draft');
    const audience = await audienceOf(db, actor, meeting);
    const { snap } = await snapshotFor(db.kysely, m);
    if (paragraph !== null && !extractSnapshot(snap, paragraph)) throw missing();
    const k: RenditionKind = { document, paragraph: paragraph ?? 0, audience };
    const pdf = await renderSource(sourceOf(snap, k, await publicContext(db.kysely, meeting)), k, null);
    return { pdf: pdf.bytes, sha256: sha256Of(pdf.bytes), audience, stored: false, meetingDate: meeting.date };
  }
  if (!(await store.findSnapshot(db.kysely, m.id))) {
    await freezeLegacy(db, files, meetingId);
    m = (await store.findMinutesByMeeting(db.kysely, meetingId))!;
  }
  const snap = (await store.findSnapshot(db.kysely, m.id))!.content as MinutesSnapshot;
  if (paragraph !== null && !extractSnapshot(snap, paragraph)) throw missing();
  const audience = await audienceOf(db, actor, meeting);
  const k: RenditionKind = { document, paragraph: paragraph ?? 0, audience };
  const locked = m;
  if (document === 'protokoll' && audience === 'original') {
    // the file the adjusters signed, stored at the last signature
    const original = (await store.findOriginal(db.kysely, m.id))!;
    const pdf = await readRendition(files, original.file_sha256, original.sealed ? null : () => renderMinutesPdf(snap));
    return { pdf, sha256: original.file_sha256, audience, stored: true, meetingDate: meeting.date };
  }
  const ctx = await publicContext(db.kysely, meeting);
  const r = await db.tx((trx) => ensureRendition(trx, files, locked, snap, ctx, k, actor.id));
  const pdf = await readRendition(files, r.file_sha256, r.sealed ? null : () => renderSource(sourceOf(snap, k, ctx), k, locked.adjusted_on!));
  return { pdf, sha256: r.file_sha256, audience, stored: true, meetingDate: meeting.date };
}

/**
 * Stores the public version of adjusted minutes as things are now (a new
 * rendition when an item was marked secret, or public, after signing; the
 * original and earlier public versions stay). For the secrecy use case, in
 * its transaction: `trx` sees the new mark. Returns the public version's
 * hash, or null when the meeting has no adjusted minutes.
 */
export async function refreshPublicMinutes(trx: Executor, meetingId: number, by: string = SYSTEM_ID, files: FileStore = new FileStore()): Promise<string | null> {
  const m = await store.findMinutesByMeeting(trx, meetingId);
  if (!m?.locked_at) return null;
  const row = await store.findSnapshot(trx, m.id);
  if (!row) return null; // adjusted before snapshots: frozen at its first read
  const ctx = await publicContext(trx, await meetings.getMeeting(trx, meetingId));
  return (await ensureRendition(trx, files, m, row.content as MinutesSnapshot, ctx, { document: 'protokoll', paragraph: 0, audience: 'public' }, by)).file_sha256;
}

/** The hash of the public version for things as they are now, when it is stored (null before adjustment or before it is first asked for). */
async function storedPublicSha(ex: Executor, minutesId: number, snap: MinutesSnapshot, meeting: MeetingDetail): Promise<string | null> {
  const k: RenditionKind = { document: 'protokoll', paragraph: 0, audience: 'public' };
  const source = sourceOf(snap, k, await publicContext(ex, meeting));
  return (await store.findRendition(ex, minutesId, { ...k, sourceSha256: sourceKey(source) }))?.file_sha256 ?? null;
}

/** The minutes as PDF, with its SHA-256: what the adjusters sign (once adjusted: the stored original). */
export async function minutesPdf(db: Db, meetingId: number, files: FileStore = new FileStore()): Promise<{ pdf: Uint8Array; sha256: string; view: MinutesView }> {
  const f = await minutesFile(db, SYSTEM_ACTOR, meetingId, null, files);
  return { pdf: f.pdf, sha256: f.sha256, view: await getMinutes(db, meetingId) };
}

/**
 * An adjuster signs: the signature is an HMAC over the SHA-256 of the
 * minutes' PDF. The first signature freezes what the protokoll shows (a
 * snapshot: attendance with names, parties and roles, decisions, adjusters);
 * every signature is over the PDF rendered from it. At the last one the
 * minutes are adjusted and locked, and in the same transaction the adjusted
 * protokoll – that content with every signature (name, time, method), the
 * secretary and the anslagsbevis – is rendered once, sealed with the
 * region's seal (a PDF signature, seal.ts) and stored in the file store with
 * its public version; the notice goes up on the digital notice board the
 * same day, as the anslagsbevis says. From then on the files are served
 * byte for byte (extracts: sealed and stored at their first request).
 */
export async function signMinutes(db: Db, actor: SigningActor, meetingId: number, personId: number, expectedSha256?: string, files: FileStore = new FileStore()): Promise<MinutesView> {
  authorize(actor, 'minutes.sign');
  requireRecentSignIn(actor); // a signature needs a sign-in within the last 10 minutes
  await db.tx(async (trx) => {
    const { m, adjusters, meeting } = await loadForUpdate(trx, actor, meetingId);
    if (m.locked_at) throw conflict('minutes-locked', 'Protokollet är redan justerat.');
    if (m.status === 'draft') throw conflict('not-numbered', 'Protokollet måste numreras innan det kan justeras.');
    const me = adjusters.find((a) => a.person_id === personId);
    if (!me) throw new DomainError('not-an-adjuster', 'Du är inte utsedd att justera det här protokollet.', { status: 403 });
    if (actor.personId !== personId) throw new DomainError('sign-for-self', 'Du kan bara signera justeringen för dig själv.', { status: 403 });
    if (me.signed_at) throw conflict('already-signed', 'Du har redan signerat protokollet.');
    const { snap, frozen } = await snapshotFor(trx, m);
    const absent = snap.adjusters.find((a) => !snap.attendance.some((x) => x.personId === a.personId && x.present));
    if (absent) throw conflict('adjuster-not-present', `${absent.name} var inte närvarande vid sammanträdet och kan inte justera protokollet. Utse en annan justerare.`);
    // issue 15.3: the chair of the meeting signs with the adjusters (adjusters chosen before the rule: choose them again)
    const chair = presidingChair(snap.attendance, snap.attendance);
    if (chair && !adjusters.some((a) => a.person_id === chair.personId)) {
      throw new DomainError('chair-must-sign', `Ordföranden ${chair.name} justerar protokollet tillsammans med justerarna men står inte bland dem. Välj justerarna på nytt.`, { status: 409 });
    }
    const pdf = await renderMinutesPdf(snap);
    const sha256 = sha256Of(pdf.bytes);
    if (expectedSha256 && expectedSha256 !== sha256) {
      throw conflict('minutes-changed', 'Protokollet har ändrats sedan du läste det. Läs den nya versionen innan du signerar.');
    }
    if (adjusters.some((a) => a.signed_sha256 && a.signed_sha256 !== sha256)) {
      throw conflict('minutes-changed', 'Protokollet har ändrats efter en tidigare signatur.');
    }
    if (!frozen) await store.insertSnapshot(trx, m.id, snap, actor.id);
    const key = (await trx.selectFrom('signing_key').select('key').where('id', '=', 1).executeTakeFirstOrThrow()).key;
    const signedAt = new Date();
    const signature = createHmac('sha256', key).update(`${m.id}|${personId}|${sha256}|${signedAt.toISOString()}`).digest('hex');
    const signedVia = actor.authenticatedVia ?? 'session';
    await store.signAdjuster(trx, m.id, personId, { signed_by: actor.id, signed_sha256: sha256, signature, signed_at: signedAt, signed_via: signedVia });
    const allSigned = adjusters.every((a) => a.person_id === personId || a.signed_at);
    const adjustedOn = todayInStockholm(signedAt);
    const stored: Record<string, string> = {};
    if (allSigned) {
      // the adjusted protokoll, rendered once with the signatures and the anslagsbevis, sealed, and stored: what every later request gets
      const locked = { id: m.id, meeting_id: meetingId, adjusted_on: adjustedOn };
      const k = { document: 'protokoll', paragraph: 0, audience: 'original' } as const;
      stored.original = (await ensureRendition(trx, files, locked, snap, await publicContext(trx, meeting), k, actor.id, signedAt)).file_sha256;
      stored.public = (await ensureRendition(trx, files, locked, snap, await publicContext(trx, meeting), { ...k, audience: 'public' }, actor.id, signedAt)).file_sha256;
      // extracts are rendered from the same snapshot and stored the first time each is asked for (minutesFile):
      // two dozen renderings here would hold the minutes' lock for seconds
      // the anslagsbevis says the notice goes up the day of the justering: on the digital notice board it does
      await store.insertNoticeOnce(trx, m.id, adjustedOn, actor.id);
    }
    await store.touchMinutes(
      trx,
      m.id,
      actor.id,
      allSigned ? { status: 'adjusted', adjusted_on: adjustedOn, locked_at: signedAt, pdf_sha256: sha256, sealed_sha256: stored.original! } : { pdf_sha256: sha256 },
    );
    if (allSigned) await meetings.closeAgenda(trx, meetingId, signedAt);
    await audit(trx, {
      actor: actor.id,
      action: 'minutes.sign',
      entity: 'minutes',
      entityId: meetingId,
      after: { personId, sha256, signedAt, signedVia, locked: allSigned, ...(frozen ? {} : { snapshot: 'taken' }), ...(allSigned ? { stored, noticePostedOn: adjustedOn } : {}) },
    });
  });
  return getMinutes(db, meetingId);
}

/**
 * Verifies every stored signature against the signing key and the PDF hash,
 * and (once adjusted) that the stored original is the sealed file recorded
 * at the last signature and that its content – the snapshot rendered as the
 * adjusters saw it – is what they signed.
 */
export async function verifySignatures(db: Db, meetingId: number): Promise<boolean> {
  const m = await store.findMinutesByMeeting(db.kysely, meetingId);
  if (!m) throw notFound('Protokollet för sammanträde', meetingId);
  const key = (await db.kysely.selectFrom('signing_key').select('key').where('id', '=', 1).executeTakeFirstOrThrow()).key;
  const adjusters = await store.adjustersOf(db.kysely, m.id);
  const original = m.locked_at ? await store.findOriginal(db.kysely, m.id) : undefined;
  let content = true;
  if (m.locked_at && m.sealed_sha256) {
    const snap = await store.findSnapshot(db.kysely, m.id);
    content = Boolean(snap) && sha256Of((await renderMinutesPdf(snap!.content as MinutesSnapshot)).bytes) === m.pdf_sha256;
  }
  return (
    content &&
    (!m.locked_at || original?.file_sha256 === (m.sealed_sha256 ?? m.pdf_sha256)) &&
    adjusters.every(
      (a) =>
        a.signed_at &&
        a.signature === createHmac('sha256', key).update(`${m.id}|${a.person_id}|${a.signed_sha256}|${new Date(a.signed_at).toISOString()}`).digest('hex') &&
        a.signed_sha256 === m.pdf_sha256,
    )
  );
}

/** Posts the adjustment on the notice board. */
export async function postNotice(db: Db, actor: Actor, meetingId: number, postedOn: IsoDate): Promise<MinutesView> {
  authorize(actor, 'notice.post');
  assertIsoDate(postedOn, 'Anslagsdatumet');
  await db.tx(async (trx) => {
    const { m } = await loadForUpdate(trx, actor, meetingId);
    if (!m.locked_at || !m.adjusted_on) throw conflict('not-adjusted', 'Protokollet kan inte anslås innan det är justerat.');
    if (compareDates(postedOn, m.adjusted_on) < 0) throw new DomainError('posted-before-adjustment', `Anslaget kan inte sättas upp före justeringen (${m.adjusted_on}).`);
    const posted = await store.findNotice(trx, m.id);
    // a sealed protokoll was posted at its justering, the date its anslagsbevis gives: posting it that day again changes nothing
    if (posted && m.sealed_sha256 && posted.posted_on === postedOn) return;
    if (posted && m.sealed_sha256) {
      throw conflict('notice-date-sealed', `Justeringen anslogs ${posted.posted_on}, som anslagsbeviset i det förseglade protokollet anger; den kan inte anslås ett annat datum.`);
    }
    if (posted) throw conflict('already-posted', 'Justeringen är redan anslagen.');
    await store.insertNotice(trx, m.id, postedOn, actor.id);
    await audit(trx, { actor: actor.id, action: 'notice.post', entity: 'minutes', entityId: meetingId, after: { postedOn } });
  });
  return getMinutes(db, meetingId);
}

export async function takeDownNotice(db: Db, actor: Actor, meetingId: number, on: IsoDate): Promise<MinutesView> {
  authorize(actor, 'notice.post');
  assertIsoDate(on, 'Datumet');
  await db.tx(async (trx) => {
    const { m } = await loadForUpdate(trx, actor, meetingId);
    const notice = await store.findNotice(trx, m.id);
    if (!notice) throw conflict('not-posted', 'Justeringen är inte anslagen.');
    if (notice.taken_down_on) throw conflict('already-taken-down', `Anslaget togs redan ned ${notice.taken_down_on}.`);
    const period = appealPeriod(notice.posted_on);
    if (compareDates(on, period.takeDownFrom) < 0) {
      throw new DomainError('appeal-period-running', `Anslaget ska sitta uppe hela överklagandetiden, till och med ${period.lastDay.due}; det kan tas ned tidigast ${period.takeDownFrom}.`);
    }
    await store.takeDownNotice(trx, m.id, on);
    await audit(trx, { actor: actor.id, action: 'notice.take-down', entity: 'minutes', entityId: meetingId, after: { on } });
  });
  return getMinutes(db, meetingId);
}

/** Records that a decision was sent to one of its recipients (expediering). */
export async function recordDispatch(db: Db, actor: Actor, meetingId: number, itemNumber: number, recipient: string): Promise<MinutesView> {
  authorize(actor, 'decision.dispatch');
  const name = cleanLine(recipient ?? '');
  if (!name) throw new DomainError('recipient-required', 'Ange mottagaren.');
  await db.tx(async (trx) => {
    const { meeting, m } = await loadForUpdate(trx, actor, meetingId);
    if (!m.locked_at) throw conflict('not-adjusted', 'Beslut expedieras först när protokollet är justerat.');
    const item = meeting.items.find((i) => i.number === itemNumber);
    const decision = item ? await store.findDecisionByItem(trx, item.id) : undefined;
    if (!decision) throw notFound('Beslutet under punkt', itemNumber);
    if (!decision.recipients.includes(name)) {
      throw new DomainError('unknown-recipient', `${name} står inte bland mottagarna (Skickas till) för punkt ${itemNumber}.`);
    }
    const row = await store.insertDispatch(trx, decision.id, name, actor.id);
    await audit(trx, { actor: actor.id, action: 'decision.dispatch', entity: 'decision', entityId: decision.id, after: { recipient: name, sentAt: row.sent_at } });
  });
  return getMinutes(db, meetingId);
}

/** The public notice board: notices up today. */
export async function noticeBoard(db: Db, today: IsoDate = todayInStockholm()): Promise<NoticeView[]> {
  const rows = await store.currentNotices(db.kysely, today);
  const out: NoticeView[] = [];
  for (const r of rows) {
    const meeting = await meetings.getMeeting(db, r.meeting_id);
    const decisions = await store.decisionsOf(db.kysely, r.minutes_id);
    const ps = decisions.map((d) => d.paragraph).filter((p): p is number => p !== null).sort((a, b) => a - b);
    const period = appealPeriod(r.posted_on);
    out.push({
      meetingId: r.meeting_id,
      bodyName: meeting.bodyName,
      meetingDate: meeting.date,
      paragraphs: ps.length === 0 ? '' : ps.length === 1 ? `§ ${ps[0]}` : `§§ ${ps[0]}–${ps.at(-1)}`,
      adjustedOn: r.adjusted_on,
      postedOn: r.posted_on,
      takenDownOn: r.taken_down_on ?? null,
      appealLastDay: period.lastDay.due,
      keptAt: r.kept_at,
      howToAppeal: howToAppeal(), // the region's förvaltningsrätt (appealCourt.ts)
    });
  }
  return out;
}
