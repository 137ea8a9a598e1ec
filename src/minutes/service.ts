/**
 * Use cases of the minutes: attendance, decisions per item, § numbering,
 * adjusters' signatures and the lock, the notice board, dispatch. Each is one
 * transaction with an audit entry; the minutes row is locked FOR UPDATE so
 * concurrent edits queue, and a stale version is refused.
 */
import { createHash, createHmac } from 'node:crypto';
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { assertIsoDate, compareDates, todayInStockholm, type IsoDate } from '../kernel/dates.ts';
import { cleanLine } from '../kernel/text.ts';
import { authorize, type Actor } from '../access/model.ts';
import * as meetings from '../meetings/service.ts';
import type { DecisionView, MeetingDetail, MinutesView, NoticeView, RecordDecisionRequest } from '../http/contract.ts';
import { appealPeriod, minutesClock } from '../meetings/legalClock.ts';
import {
  countVotes,
  decidedClauses,
  numberParagraphs,
  OUTCOME_LABEL,
  quorum,
  servingOnItem,
  validateAttendance,
  type Attendance,
  type Quorum,
  type Seat,
} from './model.ts';
import * as store from './store.ts';
import { renderMinutesPdf } from './pdf.ts';

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

/** The minutes of a meeting as shown and printed; `today` decides warnings and laga kraft. */
export async function getMinutes(db: Db | Executor, meetingId: number, today: IsoDate = todayInStockholm()): Promise<MinutesView> {
  const ex = executorOf(db);
  const m = await store.findMinutesByMeeting(ex, meetingId);
  if (!m) throw notFound('Protokollet för sammanträde', meetingId);
  const meeting = await meetings.getMeeting(ex, meetingId);
  const seats = await seatsFor(ex, meeting);
  const byId = new Map(seats.map((s) => [s.personId, s]));
  const nameOf = (id: number) => byId.get(id)?.name ?? `person ${id}`;
  const [attendance, adjusters, decisions, notice] = await Promise.all([
    store.attendanceOf(ex, m.id),
    store.adjustersOf(ex, m.id),
    store.decisionsOf(ex, m.id),
    store.findNotice(ex, m.id),
  ]);
  const ids = decisions.map((d) => d.id);
  const [notes, dispatches] = await Promise.all([store.notesOf(ex, ids), store.dispatchesOf(ex, ids)]);
  const clock = minutesClock({ meetingDate: meeting.date, adjustedOn: m.adjusted_on, postedOn: notice?.posted_on ?? null, takenDownOn: notice?.taken_down_on ?? null }, today);
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
        version: d.version,
        finalOn,
      };
    })
    .sort((a, b) => a.itemNumber - b.itemNumber);
  return {
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
    pdfSha256: m.pdf_sha256,
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
    })),
    decisions: decisionViews,
    notice: notice ? { postedOn: notice.posted_on, takenDownOn: notice.taken_down_on } : null,
    clock: {
      adjustmentDue: clock.adjustment.due,
      noticeDue: clock.notice?.due ?? null,
      appealLastDay: clock.appeal?.lastDay.due ?? null,
      finalOn: clock.finalOn,
      isFinal: clock.isFinal,
      warnings: clock.warnings,
    },
  };
}

/** The minutes as a reader may see them: drafts only for those who work with them, adjusted minutes for everyone. */
export async function readMinutes(db: Db, actor: Actor, meetingId: number): Promise<MinutesView> {
  const view = await getMinutes(db, meetingId);
  if (!view.locked) authorize(actor, 'minutes.read-draft');
  return view;
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
  return editMinutes(db, actor, meetingId, input.version, async ({ trx, minutesId, seats }) => {
    const ids = new Set(seats.map((s) => s.personId));
    if (input.personIds.length === 0) throw new DomainError('adjusters-required', 'Ange minst en justerare.');
    if (new Set(input.personIds).size !== input.personIds.length) throw new DomainError('duplicate-adjuster', 'Samma person kan inte vara justerare två gånger.');
    for (const id of input.personIds) if (!ids.has(id)) throw new DomainError('not-a-member', `Person ${id} är inte ledamot eller ersättare i nämnden och kan inte justera.`);
    const before = await store.adjustersOf(trx, minutesId);
    await store.replaceAdjusters(trx, minutesId, input.personIds);
    await audit(trx, { actor: actor.id, action: 'minutes.adjusters', entity: 'minutes', entityId: meetingId, before: before.map((a) => a.person_id), after: input.personIds });
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
    const attendance: Attendance[] = (await store.attendanceOf(trx, m.id)).map((a) => ({
      personId: a.person_id,
      present: a.present,
      replacesPersonId: a.replaces_person_id,
      fromItem: a.from_item,
      toItem: a.to_item,
    }));
    if (attendance.length === 0) throw new DomainError('attendance-required', 'Fyll i närvaron innan beslut protokollförs.');
    const conflicted = new Set(req.conflicted ?? []);
    for (const id of conflicted) if (!byId.has(id)) throw new DomainError('not-a-member', `Person ${id} (jäv) är inte ledamot eller ersättare i nämnden.`);
    const serving = servingOnItem(seats, attendance, itemNumber, conflicted);
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
    await store.replaceNotes(trx, id, notes);
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
    const earlier = await meetings.listMeetings(trx, { bodyId: meeting.bodyId, from: `${year}-01-01`, to: meeting.date });
    for (const e of earlier) {
      if (e.id === meetingId || e.date >= meeting.date) continue;
      const em = await store.findMinutesByMeeting(trx, e.id);
      if (em && em.status === 'draft') {
        throw conflict('earlier-minutes-unnumbered', `Protokollet från sammanträdet ${e.date} måste numreras först, så att paragraferna följer varandra.`);
      }
    }
    const itemNumberById = new Map(meeting.items.map((i) => [i.id, i.number]));
    const lastBefore = await store.takeParagraphs(trx, meeting.bodyId, year, meeting.items.length);
    const paragraphs = numberParagraphs(meeting.items.map((i) => i.number), lastBefore);
    for (const d of decisions) await store.setParagraph(trx, d.id, paragraphs.get(itemNumberById.get(d.agenda_item_id)!)!, year);
    await store.touchMinutes(trx, m.id, actor.id, { status: 'numbered' });
    await audit(trx, { actor: actor.id, action: 'minutes.number', entity: 'minutes', entityId: meetingId, after: Object.fromEntries(paragraphs) });
  });
  return getMinutes(db, meetingId);
}

/** The minutes as PDF, with its SHA-256: what the adjusters sign. */
export async function minutesPdf(db: Db | Executor, meetingId: number): Promise<{ pdf: Uint8Array; sha256: string; view: MinutesView }> {
  const view = await getMinutes(db, meetingId);
  const meeting = await meetings.getMeeting(db, meetingId);
  const pdf = await renderMinutesPdf(view, meeting);
  return { pdf, sha256: createHash('sha256').update(pdf).digest('hex'), view };
}

/**
 * An adjuster signs: the signature is an HMAC over the SHA-256 of the
 * minutes' PDF as it is now. When every adjuster has signed, the minutes are
 * adjusted and locked.
 */
export async function signMinutes(db: Db, actor: SigningActor, meetingId: number, personId: number, expectedSha256?: string): Promise<MinutesView> {
  authorize(actor, 'minutes.sign');
  await db.tx(async (trx) => {
    const { m, adjusters } = await loadForUpdate(trx, actor, meetingId);
    if (m.locked_at) throw conflict('minutes-locked', 'Protokollet är redan justerat.');
    if (m.status === 'draft') throw conflict('not-numbered', 'Protokollet måste numreras innan det kan justeras.');
    const me = adjusters.find((a) => a.person_id === personId);
    if (!me) throw new DomainError('not-an-adjuster', 'Du är inte utsedd att justera det här protokollet.', { status: 403 });
    if (actor.personId !== personId) throw new DomainError('sign-for-self', 'Du kan bara signera justeringen för dig själv.', { status: 403 });
    if (me.signed_at) throw conflict('already-signed', 'Du har redan signerat protokollet.');
    const { sha256 } = await minutesPdf(trx, meetingId);
    if (expectedSha256 && expectedSha256 !== sha256) {
      throw conflict('minutes-changed', 'Protokollet har ändrats sedan du läste det. Läs den nya versionen innan du signerar.');
    }
    if (adjusters.some((a) => a.signed_sha256 && a.signed_sha256 !== sha256)) {
      throw conflict('minutes-changed', 'Protokollet har ändrats efter en tidigare signatur.');
    }
    const key = (await trx.selectFrom('signing_key').select('key').where('id', '=', 1).executeTakeFirstOrThrow()).key;
    const signedAt = new Date();
    const signature = createHmac('sha256', key).update(`${m.id}|${personId}|${sha256}|${signedAt.toISOString()}`).digest('hex');
    await store.signAdjuster(trx, m.id, personId, { signed_by: actor.id, signed_sha256: sha256, signature, signed_at: signedAt });
    const allSigned = adjusters.every((a) => a.person_id === personId || a.signed_at);
    await store.touchMinutes(
      trx,
      m.id,
      actor.id,
      allSigned ? { status: 'adjusted', adjusted_on: todayInStockholm(signedAt), locked_at: signedAt, pdf_sha256: sha256 } : { pdf_sha256: sha256 },
    );
    if (allSigned) await meetings.closeAgenda(trx, meetingId, signedAt);
    await audit(trx, { actor: actor.id, action: 'minutes.sign', entity: 'minutes', entityId: meetingId, after: { personId, sha256, signedAt, locked: allSigned } });
  });
  return getMinutes(db, meetingId);
}

/** Verifies every stored signature against the signing key and the PDF hash. */
export async function verifySignatures(db: Db, meetingId: number): Promise<boolean> {
  const m = await store.findMinutesByMeeting(db.kysely, meetingId);
  if (!m) throw notFound('Protokollet för sammanträde', meetingId);
  const key = (await db.kysely.selectFrom('signing_key').select('key').where('id', '=', 1).executeTakeFirstOrThrow()).key;
  const adjusters = await store.adjustersOf(db.kysely, m.id);
  return adjusters.every(
    (a) =>
      a.signed_at &&
      a.signature === createHmac('sha256', key).update(`${m.id}|${a.person_id}|${a.signed_sha256}|${new Date(a.signed_at).toISOString()}`).digest('hex') &&
      a.signed_sha256 === m.pdf_sha256,
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
    if (await store.findNotice(trx, m.id)) throw conflict('already-posted', 'Justeringen är redan anslagen.');
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

export const HOW_TO_APPEAL =
  'Beslutet kan överklagas genom laglighetsprövning enligt 13 kap. kommunallagen. Överklagandet ska ha kommit in till Förvaltningsrätten i Karlstad inom tre veckor från den dag då justeringen av protokollet tillkännagavs på anslagstavlan. Skicka överklagandet till Region Örebro län, Box 1613, 701 16 Örebro, som vidarebefordrar det.';

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
      howToAppeal: HOW_TO_APPEAL,
    });
  }
  return out;
}
