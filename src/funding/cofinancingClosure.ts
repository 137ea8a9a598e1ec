/**
 * Co-financing use cases: withdrawal by the applicant and rejection (avslag).
 */
import { audit, type Db } from '../db/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { assertIsoDate, type IsoDate } from '../kernel/dates.ts';
import { assertVersion } from '../kernel/version.ts';
import { authorize, type Actor } from '../access/model.ts';
import * as delegation from '../delegation/service.ts';
import { requireText } from './decision.ts';
import { assertClosable } from './confirmation.ts';
import { DELEGATION_POINT } from './delegated.ts';
import * as store from './cofinancingStore.ts';
import type { ApplicationView } from './cofinancingTypes.ts';
import { lockApplication } from './cofinancingShared.ts';
import { getApplication } from './cofinancingApplications.ts';
import { confirmDecision } from './cofinancingDecisions.ts';


/**
 * The applicant withdraws the application (återkallad av sökanden), from any
 * state before a payout is prepared: a pending proposal ends as withdrawn; a
 * granted one's commitments against the appropriation are released (the
 * removed rows are in the audit log).
 */
export async function withdrawApplication(db: Db, actor: Actor, id: number, req: { reason: string; withdrawnOn: IsoDate; version?: number }): Promise<ApplicationView> {
  authorize(actor, 'funding.edit');
  const reason = requireText(req.reason, 'Skälet till återkallelsen', 'reason-required');
  const on = assertIsoDate(req.withdrawnOn, 'Dagen då sökanden återkallade ansökan');
  if (req.version === undefined) throw new DomainError('version-required', 'Ange ansökans version för att registrera återkallelsen.');
  await db.tx(async (trx) => {
    const app = await lockApplication(trx, id);
    assertVersion(app.version, req.version, 'Ansökan', app.updated_by);
    await store.lockGrant(trx, app.id); // payouts serialise on the grant
    assertClosable(app.status, 'withdrawn', await store.livePayouts(trx, app.id));
    const pending = (await store.decisionsOf(trx, app.id)).find((d) => d.status === 'pending');
    if (pending) await store.endDecision(trx, pending.id, 'withdrawn', null, null);
    await store.withdrawGranted(trx, app.id);
    const released = await store.commitmentsOfApplication(trx, app.id);
    for (const c of released) {
      await store.lockYear(trx, c.year);
      await store.deleteCommitment(trx, c.id);
      await audit(trx, { actor: actor.id, action: 'appropriation.release', entity: 'appropriation_commitment', entityId: c.id, before: c, after: { reason: `Återkallad av sökanden: ${reason}` } });
    }
    await store.closeApplication(trx, app.id, { status: 'withdrawn', on, by: actor.id, reason });
    await audit(trx, { actor: actor.id, action: 'cofinancing.withdraw', entity: 'cofinancing_application', entityId: app.id, before: { status: app.status, version: app.version }, after: { withdrawnOn: on, reason, pendingDecisionId: pending?.id ?? null, released: released.map((c) => c.id) } });
  });
  return getApplication(db, actor, id);
}

export type RejectionRequest = { reason: string; version?: number } & (
  | { route: 'body' }
  | { route: 'delegation'; bodyId: number; decidedOn: IsoDate }
);

/**
 * Rejects an application (avslag) with the reasons. Proposed to the body:
 * from the adjusted minutes, as confirmDecision with a rejection. A draft
 * under delegation point 3.2: recorded in the register of delegated
 * decisions on the day given.
 */
export async function rejectApplication(db: Db, actor: Actor, id: number, req: RejectionRequest): Promise<ApplicationView> {
  authorize(actor, 'funding.decide');
  const reason = requireText(req.reason, 'Skälen för avslaget', 'reason-required');
  if (req.version === undefined) throw new DomainError('version-required', 'Ange ansökans version för att registrera avslaget.');
  if (req.route === 'body') return (await confirmDecision(db, actor, id, { version: req.version, rejected: { reason } })).application;
  if (req.route !== 'delegation') throw new DomainError('invalid-route', 'Ange om avslaget beslutas av nämnden (body) eller på delegation (delegation).');
  if (!Number.isInteger(req.bodyId)) throw new DomainError('body-required', 'Ange nämnden vars delegationsordning beslutet fattas enligt (bodyId).');
  const decidedOn = assertIsoDate(req.decidedOn, 'Beslutsdatumet');
  await db.tx(async (trx) => {
    const app = await lockApplication(trx, id);
    assertVersion(app.version, req.version, 'Ansökan', app.updated_by);
    assertClosable(app.status, 'rejected', 0);
    if (app.status !== 'draft') throw new DomainError('proposed-to-body', 'Ansökan ligger hos nämnden; avslaget registreras från nämndens justerade protokoll.', { status: 409 });
    const point = await delegation.findPoint(trx, req.bodyId, DELEGATION_POINT);
    if (!point) throw new DomainError('unknown-point', `Punkt ${DELEGATION_POINT} (Regionala utvecklingsstöd) finns inte i nämndens delegationsordning.`, { status: 422 });
    const delegatedId = await delegation.registerDecisionIn(trx, actor, req.bodyId, {
      pointNumber: DELEGATION_POINT, decider: point.delegate, decidedOn, caseNumbers: [app.case_number], text: `Avslag på ansökan om medfinansiering av ${app.project_name}. Skäl: ${reason}`.slice(0, 2000),
      amountOre: app.requested_ore, // the amount applied for, and refused
    });
    await store.closeApplication(trx, app.id, { status: 'rejected', on: decidedOn, by: actor.id, reason });
    await audit(trx, { actor: actor.id, action: 'cofinancing.reject', entity: 'cofinancing_application', entityId: app.id, before: { status: app.status, version: app.version }, after: { route: 'delegation', delegatedDecisionId: delegatedId, decidedOn, reason } });
  });
  return getApplication(db, actor, id);
}

