/**
 * Use cases of the yrkanden under one agenda item (issue 15.1): yrkanden,
 * the propositionsordning, omröstningar with voting lists. Each change is one
 * transaction with the minutes row locked (it queues with every other edit
 * of the minutes), checked against the item's sheet version (optimistic
 * locking, 409 on a stale one), refused once the minutes are locked or
 * signing has begun, and audited. After every change the yrkanden's
 * outcomes are recomputed; a change that would leave a reservation tied to
 * a yrkande that no longer fell is refused whole.
 */
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { authorize, type Actor } from '../access/model.ts';
import * as meetings from '../meetings/service.ts';
import type { AgendaItemView, MeetingDetail } from '../http/contract.ts';
import { quorum, type Seat, type SnapshotProceedings, type VoteTally } from './model.ts';
import * as store from './store.ts';
import * as mstore from './motionsStore.ts';
import * as live from './attendanceService.ts';
import {
  MOTION_KIND_LABEL,
  motionOutcomes,
  recordVote as countVote,
  validateMotion,
  validatePropositions,
  voteLine,
  type MotionRequest,
  type MotionSheetView,
  type PropositionsRequest,
  type RecordedVote,
  type VoteRequest,
} from './motions.ts';

const conflict = (code: string, message: string) => new DomainError(code, message, { status: 409 });

/** The count of a recorded vote and what ja and nej stand for, as the sheet and the protokoll's snapshot both show it. */
function voteTally(v: RecordedVote): VoteTally {
  return {
    jaMeans: v.jaMeans,
    nejMeans: v.nejMeans,
    ja: v.ja,
    nej: v.nej,
    avstar: v.avstar,
    result: v.result,
    castingVote: v.castingVote,
    summary: v.summary,
  };
}

const MAX_MOTIONS = 50;
const MAX_PROPOSITIONS = 20;

interface ItemContext {
  meeting: MeetingDetail;
  item: AgendaItemView;
  seats: Seat[];
  serving: Seat[];
  chairId: number | null;
  memberSeats: number;
  attended: boolean;
}

/** Who serves on the item: the attendance of the minutes and the jäv recorded in its decision and the changes during the meeting (attendanceService.servingOn). */
async function itemContext(ex: Executor, meetingId: number, itemNumber: number, minutesId: number | null): Promise<ItemContext> {
  const meeting = await meetings.getMeeting(ex, meetingId);
  const item = meeting.items.find((i) => i.number === itemNumber);
  if (!item) throw notFound('Punkt', `${itemNumber} på sammanträdet ${meeting.date}`);
  const body = await meetings.getBody(ex, meeting.bodyId);
  const seats: Seat[] = body.memberships
    .filter((m) => (!m.validFrom || m.validFrom <= meeting.date) && (!m.validTo || m.validTo >= meeting.date))
    .map((m) => ({ personId: m.personId, name: m.name, party: m.party, kind: m.kind, role: m.role }));
  const decision = await store.findDecisionByItem(ex, item.id);
  // who serves on this item: the roll call with the arrivals, departures and ersättare called in during the meeting (attendanceService.ts)
  const { serving, attended } = minutesId ? await live.servingOn(ex, minutesId, seats, meeting, item.number, new Set(decision?.conflicted ?? [])) : { serving: [], attended: false };
  const chair = serving.find((s) => s.role === 'chair');
  return { meeting, item, seats, serving, chairId: chair?.personId ?? null, memberSeats: seats.filter((s) => s.kind === 'member').length, attended };
}

async function sheetView(ex: Executor, meetingId: number, itemNumber: number): Promise<MotionSheetView> {
  const m = await store.findMinutesByMeeting(ex, meetingId);
  if (!m) throw notFound('Protokollet för sammanträde', meetingId);
  const ctx = await itemContext(ex, meetingId, itemNumber, m.id);
  const [sheet, content, reservations, adjusters] = await Promise.all([
    mstore.findSheet(ex, ctx.item.id),
    mstore.loadSheet(ex, ctx.item.id),
    mstore.reservationsOf(ex, ctx.item.id),
    store.adjustersOf(ex, m.id),
  ]);
  const seat = new Map(ctx.seats.map((s) => [s.personId, s]));
  const person = (id: number) => ({ personId: id, name: seat.get(id)?.name ?? `Person ${id}`, party: seat.get(id)?.party ?? null });
  return {
    meetingId,
    itemNumber,
    agendaItemId: ctx.item.id,
    version: sheet?.version ?? 0,
    updatedBy: sheet?.updated_by ?? null,
    editable: !m.locked_at && !adjusters.some((a) => a.signed_at),
    serving: ctx.serving.map((s) => ({ personId: s.personId, name: s.name, party: s.party, role: s.role })),
    chairPersonId: ctx.chairId,
    quorum: quorum(ctx.memberSeats, ctx.serving.length),
    motions: content.motions.map((x) => {
      const mover = person(x.moverPersonId);
      return {
        id: x.id,
        position: x.position,
        moverPersonId: x.moverPersonId,
        moverName: mover.name,
        moverParty: mover.party,
        supporters: x.supporters.map(person),
        kind: x.kind,
        kindLabel: MOTION_KIND_LABEL[x.kind],
        text: x.text,
        outcome: x.outcome,
      };
    }),
    propositions: content.props.map((p) => {
      const v = content.votes.find((x) => x.propositionPosition === p.position);
      return {
        ...p,
        result: v?.result ?? p.chairFinds,
        vote: v
          ? {
              ...voteTally(v),
              line: voteLine(v),
              rows: v.votes.map((r) => ({ ...person(r.personId), choice: r.choice })),
            }
          : null,
      };
    }),
    reservations: reservations.map((r) => ({ ...person(r.person_id), personId: r.person_id, motionId: r.motion_id, text: r.text })),
  };
}

/** The yrkanden, propositionsordning and omröstningar of one item. A secret item's only for those who may read the meeting's secrets (the read is audited). */
export async function getSheet(db: Db | Executor, actor: Actor, meetingId: number, itemNumber: number): Promise<MotionSheetView> {
  authorize(actor, 'minutes.read-draft');
  const ex = executorOf(db);
  const view = await sheetView(ex, meetingId, itemNumber);
  const item = (await meetings.getMeeting(ex, meetingId)).items.find((i) => i.number === itemNumber)!;
  if (item.secrecyRef) {
    if (!(await meetings.maySeeSecretsOfMeeting(ex, actor, meetingId))) {
      throw new DomainError('secret-item', `Punkt ${itemNumber} omfattas av sekretess (${item.secrecyRef}); du har inte behörighet att läsa yrkandena.`, { status: 403 });
    }
    await meetings.recordSecretRead(ex, actor, { entity: 'motion-sheet', entityId: item.id, meetingId, secrecyRefs: [item.secrecyRef] });
  }
  return view;
}

type SheetContent = Awaited<ReturnType<typeof mstore.loadSheet>>;

/**
 * One change of an item's yrkanden: authorised, in one transaction with the
 * minutes locked, refused when locked, signing, stale or without attendance.
 */
async function editSheet(
  db: Db,
  actor: Actor,
  meetingId: number,
  itemNumber: number,
  version: number,
  action: string,
  change: (c: { trx: Executor; ctx: ItemContext; before: SheetContent }) => Promise<unknown>,
): Promise<MotionSheetView> {
  authorize(actor, 'minutes.edit');
  await db.tx(async (trx) => {
    await meetings.getMeeting(trx, meetingId);
    const m = await store.findMinutesForUpdate(trx, meetingId);
    if (!m) throw conflict('minutes-not-open', 'Påbörja protokollet innan yrkanden protokollförs.');
    if (m.locked_at) throw conflict('minutes-locked', 'Protokollet är justerat och låst; det kan inte längre ändras.');
    if ((await store.adjustersOf(trx, m.id)).some((a) => a.signed_at)) {
      throw conflict('minutes-signing', 'Justeringen har börjat: protokollet kan inte ändras medan justerarna signerar.');
    }
    const ctx = await itemContext(trx, meetingId, itemNumber, m.id);
    const sheet = await mstore.findSheetForUpdate(trx, ctx.item.id);
    const current = sheet?.version ?? 0;
    if (version !== current) {
      throw new DomainError(
        'stale-version',
        `Yrkandena under punkt ${itemNumber} har ändrats av ${sheet?.updated_by ?? 'någon annan'} sedan du hämtade dem (din version ${version}, nu ${current}). Ladda om och gör ändringen igen.`,
        { status: 409, details: { current, expected: version } },
      );
    }
    if (!ctx.attended) throw new DomainError('attendance-required', 'Fyll i närvaron innan yrkanden protokollförs.');
    await mstore.touchSheet(trx, ctx.item.id, m.id, actor.id);
    const before = await mstore.loadSheet(trx, ctx.item.id);
    const detail = await change({ trx, ctx, before });
    // what each yrkande came to, and the reservations still tied to one that fell
    const after = await mstore.loadSheet(trx, ctx.item.id);
    const outcomes = motionOutcomes(after.motions, after.props, new Map(after.votes.map((v) => [v.propositionPosition, v.result])));
    await mstore.setOutcomes(trx, outcomes);
    for (const r of await mstore.reservationsOf(trx, ctx.item.id)) {
      if (r.motion_id !== null && outcomes.get(r.motion_id) !== 'lost') {
        const name = ctx.seats.find((s) => s.personId === r.person_id)?.name ?? `Person ${r.person_id}`;
        throw conflict('reservation-depends', `${name}s reservation är knuten till ett yrkande som då inte längre faller. Ändra reservationen i beslutet först.`);
      }
    }
    await store.touchMinutes(trx, m.id, actor.id, m.status === 'numbered' ? { pdf_sha256: null } : {});
    await audit(trx, {
      actor: actor.id,
      action,
      entity: 'motion-sheet',
      entityId: ctx.item.id,
      before: { motions: before.motions, propositions: before.props, votes: before.votes },
      after: { itemNumber, ...(detail && typeof detail === 'object' ? detail : {}), outcomes: Object.fromEntries(outcomes) },
    });
  });
  return sheetView(executorOf(db), meetingId, itemNumber);
}

/** A yrkande: who moved what (bifall, avslag, ändring, återremiss, bordläggning), and who instämde. */
export async function addMotion(db: Db, actor: Actor, meetingId: number, itemNumber: number, req: MotionRequest): Promise<MotionSheetView> {
  return editSheet(db, actor, meetingId, itemNumber, req.version, 'motion.add', async ({ trx, ctx, before }) => {
    if (before.motions.length >= MAX_MOTIONS) throw new DomainError('too-many-motions', `En punkt kan ha högst ${MAX_MOTIONS} yrkanden.`);
    const m = validateMotion(req, ctx.serving, ctx.seats);
    const id = await mstore.insertMotion(trx, { agenda_item_id: ctx.item.id, mover_person_id: m.moverPersonId, supporters: m.supporters, kind: m.kind, text: m.text, created_by: actor.id });
    return { motion: { id, ...m } };
  });
}

export async function updateMotion(db: Db, actor: Actor, meetingId: number, itemNumber: number, motionId: number, req: MotionRequest): Promise<MotionSheetView> {
  return editSheet(db, actor, meetingId, itemNumber, req.version, 'motion.update', async ({ trx, ctx, before }) => {
    if (!before.motions.some((x) => x.id === motionId)) throw notFound('Yrkandet', `${motionId} under punkt ${itemNumber}`);
    const m = validateMotion(req, ctx.serving, ctx.seats);
    await mstore.updateMotion(trx, motionId, { mover_person_id: m.moverPersonId, supporters: m.supporters, kind: m.kind, text: m.text });
    return { motion: { id: motionId, ...m } };
  });
}

export async function removeMotion(db: Db, actor: Actor, meetingId: number, itemNumber: number, motionId: number, version: number): Promise<MotionSheetView> {
  return editSheet(db, actor, meetingId, itemNumber, version, 'motion.remove', async ({ trx, ctx, before }) => {
    const m = before.motions.find((x) => x.id === motionId);
    if (!m) throw notFound('Yrkandet', `${motionId} under punkt ${itemNumber}`);
    const p = before.props.find((x) => x.jaMotionId === motionId || x.nejMotionId === motionId);
    if (p) throw conflict('motion-in-proposition', `Yrkandet om ${m.text} ingår i proposition ${p.position}; ta bort det ur propositionsordningen först.`);
    if ((await mstore.reservationsOf(trx, ctx.item.id)).some((r) => r.motion_id === motionId)) {
      throw conflict('motion-has-reservation', `En reservation är knuten till yrkandet om ${m.text}; ta bort reservationen i beslutet först.`);
    }
    await mstore.deleteMotion(trx, ctx.item.id, motionId);
    return { removed: motionId };
  });
}

/**
 * The chair's propositionsordning, the questions in order with what the
 * chair finds. The finding is a decision: the body must be quorate (or the
 * secretary confirms it decided anyway). A proposition with an omröstning
 * cannot change or go (remove the omröstning first).
 */
export async function setPropositions(db: Db, actor: Actor, meetingId: number, itemNumber: number, req: PropositionsRequest): Promise<MotionSheetView> {
  return editSheet(db, actor, meetingId, itemNumber, req.version, 'proposition.set', async ({ trx, ctx, before }) => {
    if (req.propositions.length > MAX_PROPOSITIONS) throw new DomainError('too-many-propositions', `En punkt kan ha högst ${MAX_PROPOSITIONS} propositioner.`);
    const q = quorum(ctx.memberSeats, ctx.serving.length);
    if (req.propositions.length && !q.ok && !req.acknowledgeNoQuorum) throw conflict('no-quorum', `${q.message} Bekräfta för att ändå protokollföra propositionerna.`);
    for (const v of before.votes) {
      const was = before.props.find((p) => p.position === v.propositionPosition)!;
      const now = req.propositions[v.propositionPosition - 1];
      if (!now || now.jaMotionId !== was.jaMotionId || (now.nejMotionId ?? null) !== was.nejMotionId) {
        throw conflict('vote-recorded', `Proposition ${v.propositionPosition} har en omröstning; ta bort omröstningen innan propositionen ändras.`);
      }
    }
    const props = validatePropositions(before.motions, req.propositions, new Map(before.votes.map((v) => [v.propositionPosition, v.result])));
    await mstore.replacePropositions(trx, ctx.item.id, props);
    return { propositions: props, withoutQuorum: !q.ok };
  });
}

/**
 * An omröstning on one proposition: what ja and nej mean, and every serving
 * member's ja, nej or avstår; on a tie the chair's vote decides. The result
 * replaces the chair's finding; the later propositions must still hold.
 */
export async function recordVote(db: Db, actor: Actor, meetingId: number, itemNumber: number, position: number, req: VoteRequest): Promise<MotionSheetView> {
  return editSheet(db, actor, meetingId, itemNumber, req.version, 'vote.record', async ({ trx, ctx, before }) => {
    const { vote } = countVote(before.props, before.motions, { propositionPosition: position, jaMeans: req.jaMeans ?? '', nejMeans: req.nejMeans ?? '', votes: req.votes }, ctx.serving, ctx.memberSeats, ctx.chairId);
    const results = new Map(before.votes.map((v) => [v.propositionPosition, v.result]));
    results.set(position, vote.result);
    validatePropositions(before.motions, before.props, results);
    await mstore.replaceVote(trx, ctx.item.id, vote, ctx.chairId, actor.id);
    return { vote: { position, jaMeans: vote.jaMeans, nejMeans: vote.nejMeans, votes: vote.votes, summary: vote.summary, result: vote.result, castingVote: vote.castingVote } };
  });
}

export async function removeVote(db: Db, actor: Actor, meetingId: number, itemNumber: number, position: number, version: number): Promise<MotionSheetView> {
  return editSheet(db, actor, meetingId, itemNumber, version, 'vote.remove', async ({ trx, ctx, before }) => {
    if (!before.votes.some((v) => v.propositionPosition === position)) throw notFound('Omröstningen om proposition', `${position} under punkt ${itemNumber}`);
    const results = new Map(before.votes.filter((v) => v.propositionPosition !== position).map((v) => [v.propositionPosition, v.result]));
    validatePropositions(before.motions, before.props, results);
    await mstore.deleteVote(trx, ctx.item.id, position);
    return { removed: position };
  });
}

/**
 * What the protokoll prints of each item's yrkanden (issue 15.1), by agenda
 * item id; items without yrkanden are left out, so their paragraphs (and
 * earlier snapshots) are as before.
 */
export async function proceedingsOf(ex: Executor, agendaItemIds: number[], personOf: (id: number) => { name: string; party: string | null }): Promise<Map<number, SnapshotProceedings>> {
  const out = new Map<number, SnapshotProceedings>();
  for (const itemId of agendaItemIds) {
    const c = await mstore.loadSheet(ex, itemId);
    if (c.motions.length === 0) continue;
    const textOf = (id: number | null) => c.motions.find((m) => m.id === id)?.text ?? '';
    out.set(itemId, {
      motions: c.motions.map((m) => ({
        position: m.position,
        ...personOf(m.moverPersonId),
        supporters: m.supporters.map((id) => personOf(id).name),
        kindLabel: MOTION_KIND_LABEL[m.kind],
        text: m.text,
        outcome: m.outcome,
      })),
      propositions: c.props.map((p) => {
        const v = c.votes.find((x) => x.propositionPosition === p.position);
        const result = v?.result ?? p.chairFinds;
        return {
          position: p.position,
          text: p.text,
          winner: result === 'ja' || p.nejMotionId !== null ? `yrkandet om ${textOf(result === 'ja' ? p.jaMotionId : p.nejMotionId)}` : `avslag på yrkandet om ${textOf(p.jaMotionId)}`,
          vote: v
            ? {
                ...voteTally(v),
                rows: v.votes.map((r) => ({ ...personOf(r.personId), choice: r.choice })),
              }
            : null,
        };
      }),
    });
  }
  return out;
}
