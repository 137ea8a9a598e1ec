/** The delegation order, the register of delegated decisions and the report to the body. */
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { todayInStockholm } from '../kernel/dates.ts';
import { authorize, type Actor } from '../access/model.ts';
import * as diarium from '../diarium/service.ts';
import * as meetings from '../meetings/service.ts';
import * as minutes from '../minutes/service.ts';
import {
  checkAgainstPoint,
  comparePoints,
  REPORT_CLAUSE,
  REPORT_INTRO,
  REPORT_TITLE,
  reportLines,
  validatePoint,
  validatePointNumber,
  type DelegatedDecisionInput,
  type DelegationPoint,
} from './model.ts';
import * as store from './store.ts';

export interface PointView extends DelegationPoint {
  id: number;
  version: number;
}

export interface DelegatedDecisionView {
  id: number;
  pointNumber: string;
  pointTitle: string;
  decider: string;
  decidedOn: string;
  caseNumbers: string[];
  text: string;
  amountOre: number | null;
  decisionType: string | null;
  reportItemId: number | null;
  reportedOn: string | null;
}

const toPoint = (p: Awaited<ReturnType<typeof store.pointsOf>>[number]): PointView => ({
  id: p.id,
  number: p.number,
  title: p.title,
  delegate: p.delegate,
  maxAmountOre: p.max_amount_ore,
  decisionTypes: p.decision_types,
  version: p.version,
});

export async function delegationOrder(db: Db, bodyId: number): Promise<PointView[]> {
  await meetings.getBody(db, bodyId);
  return (await store.pointsOf(db.kysely, bodyId)).map(toPoint).sort((a, b) => comparePoints(a.number, b.number));
}

/** Adds a point, or changes one: a change must name the version it was based on (optimistic locking). */
export async function setPoint(db: Db, actor: Actor, bodyId: number, input: DelegationPoint & { version?: number }): Promise<PointView> {
  authorize(actor, 'delegation.order');
  const p = validatePoint(input);
  return db.tx(async (trx) => {
    await meetings.getBody(trx, bodyId);
    await store.lockOrder(trx, bodyId);
    const before = await store.findPoint(trx, bodyId, p.number);
    if (before && input.version !== before.version) {
      throw new DomainError(
        'stale-version',
        input.version === undefined
          ? `Punkt ${p.number} finns redan; ange dess version (${before.version}) för att ändra den.`
          : `Punkt ${p.number} har ändrats av ${before.updated_by ?? 'någon annan'} sedan du hämtade den (din version ${input.version}, nu ${before.version}). Ladda om och gör ändringen igen.`,
        { status: 409 },
      );
    }
    const row = await store.upsertPoint(trx, { body_id: bodyId, number: p.number, title: p.title, delegate: p.delegate, max_amount_ore: p.maxAmountOre, decision_types: p.decisionTypes, updated_by: actor.id });
    await audit(trx, { actor: actor.id, action: 'delegation.point', entity: 'delegation_point', entityId: `${bodyId}:${p.number}`, before, after: row });
    return toPoint(row);
  });
}

/** Registers a delegated decision; refused when outside its point's limits. */
export async function registerDecision(db: Db, actor: Actor, bodyId: number, input: DelegatedDecisionInput): Promise<DelegatedDecisionView> {
  authorize(actor, 'delegation.register');
  const id = await db.tx((trx) => registerDecisionIn(trx, actor, bodyId, input));
  return (await register(db, bodyId)).find((d) => d.id === id)!;
}

/** Registers a delegated decision inside the caller's transaction (e.g. a co-financing decision under point 3.2); returns its id. */
export async function registerDecisionIn(trx: Executor, actor: Actor, bodyId: number, input: DelegatedDecisionInput): Promise<number> {
  authorize(actor, 'delegation.register');
  const number = validatePointNumber(input.pointNumber);
  const point = await store.findPoint(trx, bodyId, number);
  if (!point) throw new DomainError('unknown-point', `Punkt ${number} finns inte i delegationsordningen.`, { status: 422 });
  const { caseNumbers } = checkAgainstPoint(toPoint(point), input);
  const caseIds: number[] = [];
  for (const c of caseNumbers) caseIds.push((await diarium.getCase(trx, c)).id);
  const row = await store.insertDecision(trx, {
    point_id: point.id, decider: input.decider.trim(), decided_on: input.decidedOn, case_ids: caseIds, text: input.text.trim(),
    amount_ore: input.amountOre ?? null, decision_type: input.decisionType ?? null, registered_by: actor.id,
  });
  await audit(trx, { actor: actor.id, action: 'delegation.decision', entity: 'delegated_decision', entityId: row.id, after: { ...input, caseNumbers } });
  return row.id;
}

/** A point of a body's delegation order (inside the caller's transaction), or null. */
export async function findPoint(ex: Db | Executor, bodyId: number, number: string): Promise<PointView | null> {
  const p = await store.findPoint(executorOf(ex), bodyId, validatePointNumber(number));
  return p ? toPoint(p) : null;
}

/** The register of delegated decisions, oldest first. */
export async function register(db: Db | Executor, bodyId: number, f: { unreported?: boolean } = {}): Promise<DelegatedDecisionView[]> {
  const ex = executorOf(db);
  const rows = await store.decisionsOf(ex, bodyId, f);
  const numbers = await diarium.caseNumbersByIds(ex, rows.flatMap((r) => r.case_ids));
  return rows.map((r) => ({
    id: r.id,
    pointNumber: r.number,
    pointTitle: r.title,
    decider: r.decider,
    decidedOn: r.decided_on,
    caseNumbers: r.case_ids.map((id) => numbers.get(id)!).filter(Boolean),
    text: r.text,
    amountOre: r.amount_ore,
    decisionType: r.decision_type,
    reportItemId: r.report_item_id,
    reportedOn: r.reported_on,
  }));
}

/**
 * One click: puts every unreported decision on the agenda of the meeting as
 * the item "Redovisning av delegationsbeslut", grouped by decider, point and period.
 */
export async function createReport(db: Db, actor: Actor, meetingId: number): Promise<{ itemNumber: number; lines: string[] }> {
  authorize(actor, 'agenda.edit');
  const meeting = await meetings.getMeeting(db, meetingId);
  const pending = (await register(db, meeting.bodyId, { unreported: true })).filter((d) => d.decidedOn <= meeting.date);
  if (!pending.length) throw new DomainError('nothing-to-report', 'Det finns inga oredovisade delegationsbeslut att redovisa.', { status: 409 });
  const lines = reportLines(pending);
  const itemNumber = await db.tx(async (trx) => {
    const { id, number } = await meetings.addAgendaItem(trx, actor, meetingId, {
      title: REPORT_TITLE,
      kind: 'delegation-report',
      proposal: { addressee: `${meeting.bodyName} beslutar`, clauses: [REPORT_CLAUSE] },
      summary: `${REPORT_INTRO}\n\n${lines.join('\n\n')}`,
      decisionBasis: [`FöredragningsPM, Redovisning av delegationsbeslut till ${meeting.bodyName.toLowerCase()} ${meeting.date}`],
    });
    await store.attachToReport(trx, pending.map((d) => d.id), id);
    await audit(trx, { actor: actor.id, action: 'delegation.report', entity: 'meeting', entityId: meetingId, after: { itemNumber: number, decisions: pending.map((d) => d.id) } });
    return number;
  });
  return { itemNumber, lines };
}

/** Marks the decisions of a report reported, once the body has approved the report item. */
export async function approveReport(db: Db, actor: Actor, meetingId: number, itemNumber: number): Promise<number> {
  authorize(actor, 'minutes.edit');
  const view = await minutes.getMinutes(db, meetingId);
  const d = view.decisions.find((x) => x.itemNumber === itemNumber);
  if (!d) throw notFound('Beslutet under punkt', itemNumber);
  if (d.outcome !== 'according-to-proposal' && d.outcome !== 'amended') {
    throw new DomainError('report-not-approved', `Nämnden har inte godkänt redovisningen under punkt ${itemNumber} (${d.outcomeLabel.toLowerCase()}).`, { status: 409 });
  }
  return db.tx(async (trx) => {
    const n = await store.markReported(trx, d.agendaItemId, view.meetingDate ?? todayInStockholm());
    await audit(trx, { actor: actor.id, action: 'delegation.reported', entity: 'meeting', entityId: meetingId, after: { itemNumber, decisions: n } });
    return n;
  });
}

/**
 * Anmälningsärenden (issue 21.4): the delegated decisions of a body not yet
 * put before it, decided on or before `until` (the meeting's day) – what a
 * meeting's anmälningsärenden can list.
 */
export async function unreportedUntil(ex: Db | Executor, bodyId: number, until: string): Promise<DelegatedDecisionView[]> {
  return (await register(ex, bodyId, { unreported: true })).filter((d) => d.decidedOn <= until);
}

/** The line a delegated decision is listed with, as the report writes it ("Beslut av … enligt punkt 3.2 i delegationsordningen. … Diarienummer …"). */
export const decisionLine = (d: DelegatedDecisionView): string => reportLines([d])[0]!.replace(/^1\. /, '');

/**
 * Lists delegated decisions under an agenda item in the caller's
 * transaction; refused when one has meanwhile been put under another item.
 */
export async function attachToItem(trx: Executor, ids: number[], itemId: number): Promise<void> {
  if (!ids.length) return;
  const n = await store.attachUnreported(trx, ids, itemId);
  if (n !== ids.length) throw new DomainError('already-listed', 'Ett av delegationsbesluten har just anmälts under en annan punkt. Ladda om och försök igen.', { status: 409 });
}

/** Takes delegated decisions off an item they were listed under (not once the body has approved them). */
export async function detachFromItem(trx: Executor, ids: number[], itemId: number): Promise<void> {
  if (ids.length) await store.detachUnreported(trx, ids, itemId);
}
