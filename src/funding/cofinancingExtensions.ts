/**
 * Co-financing use cases: extensions and changes of a granted decision.
 */
import { audit, type Db } from '../db/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { assertIsoDate, type IsoDate } from '../kernel/dates.ts';
import type { Ore } from '../kernel/kronor.ts';
import { authorize, type Actor } from '../access/model.ts';
import * as diarium from '../diarium/service.ts';
import * as delegation from '../delegation/service.ts';
import { requireText } from './decision.ts';
import { extend, proposalLines } from './proposal.ts';
import { DELEGATION_POINT } from './delegated.ts';
import * as store from './cofinancingStore.ts';
import { decisionOf, granted, itemClauses, lockApplication } from './cofinancingShared.ts';
import { getApplication } from './cofinancingApplications.ts';
import { commit } from './cofinancingAppropriation.ts';
import { requireRoute, toAgenda, type DecisionRequest, type DecisionResult } from './cofinancingDecisions.ts';

// ── extensions ──────────────────────────────────────────────────────────

export type ExtensionRequest = { addedCapOre?: Ore | null; newEnd?: IsoDate | null } & DecisionRequest;

/**
 * Extends a granted decision (more money and/or a later end date): by the
 * body (on a meeting's agenda, confirmed from the minutes) or under
 * delegation (the cumulative cap must be within point 3.2). Every extension
 * is kept; the cumulative terms and the restatement are on the application.
 */
export async function extendDecision(db: Db, actor: Actor, id: number, req: ExtensionRequest): Promise<DecisionResult & { restatement: string }> {
  authorize(actor, 'funding.decide');
  requireRoute(req);
  const result = await db.tx(async (trx) => {
    const app = await lockApplication(trx, id);
    const grant = await store.lockGrant(trx, app.id);
    if (!grant || grant.status !== 'granted') throw new DomainError('not-granted', 'Bara en beviljad medfinansiering kan utökas eller förlängas.', { status: 409 });
    const ds = await store.decisionsOf(trx, app.id);
    if (ds.some((d) => d.status === 'pending')) throw new DomainError('extension-pending', 'Ett tidigare förslag väntar på nämndens beslut; bekräfta det först.', { status: 409 });
    const shares = (await store.sharesOf(trx, app.id)).map((s) => ({ source: s.source, amountOre: s.amount_ore }));
    const last = granted(ds).at(-1)!;
    const ext = extend(decisionOf(app, shares, [], { capOre: last.cap_ore, end: last.period_end }), {
      ...(req.addedCapOre != null ? { addedCapOre: req.addedCapOre } : {}),
      ...(req.newEnd ? { newEnd: req.newEnd } : {}),
    });
    const base = {
      application_id: app.id, kind: 'extension' as const, rate_bp: ext.decision.rateBp, added_cap_ore: ext.addedCapOre, cap_ore: ext.decision.capOre,
      period_start: ext.decision.period.start, period_end: ext.decision.period.end, previous_period_end: last.period_end, funding_source: app.funding_source,
      state_ore: app.funding_source === 'state-1-1' ? ext.addedCapOre : 0, conditions: [], clauses: proposalLines(ext.clauses), restatement: ext.restatement, created_by: actor.id,
    };
    const title = ext.addedCapOre > 0 ? `Utökad medfinansiering av projekt ${app.project_name}` : `Förlängning av projekt ${app.project_name}`;
    if (req.route === 'body') {
      const a = await toAgenda(trx, actor, req.meetingId, app, { title, clauses: itemClauses(ext.clauses), summary: ext.restatement, ...(req.presenters ? { presenters: req.presenters } : {}) });
      const { id: decisionId } = await store.insertDecision(trx, {
        ...base, route: 'body', status: 'pending', body_id: a.meeting.bodyId, meeting_id: a.meeting.id, agenda_item_id: a.itemId, delegated_decision_id: null,
        decided_on: null, decided_by: null, officer: null, signatories: null,
      });
      await audit(trx, { actor: actor.id, action: 'cofinancing.propose-extension', entity: 'cofinancing_application', entityId: app.id, after: { decisionId, ...req } });
      return { decisionId, agendaItem: { meetingId: a.meeting.id, itemId: a.itemId, itemNumber: a.itemNumber, linked: a.linked }, commitment: null, restatement: ext.restatement };
    }
    if (req.route !== 'delegation') throw new DomainError('invalid-route', 'Ange om beslutet fattas av nämnden (body) eller på delegation (delegation).');
    const decidedOn = assertIsoDate(req.decidedOn, 'Beslutsdatumet');
    if (decidedOn < last.decided_on!) throw new DomainError('invalid-date', `Förlängningen kan inte beslutas (${decidedOn}) före det senaste beslutet (${last.decided_on}).`);
    const point = await delegation.findPoint(trx, req.bodyId, DELEGATION_POINT);
    if (!point) throw new DomainError('unknown-point', `Punkt ${DELEGATION_POINT} finns inte i nämndens delegationsordning.`, { status: 422 });
    const caseRecord = await diarium.getCase(trx, app.case_number);
    const delegatedId = await delegation.registerDecisionIn(trx, actor, req.bodyId, {
      pointNumber: DELEGATION_POINT, decider: point.delegate, decidedOn, caseNumbers: [app.case_number], text: title, amountOre: ext.decision.capOre,
    });
    const { id: decisionId } = await store.insertDecision(trx, {
      ...base, route: 'delegation', status: 'granted', body_id: req.bodyId, meeting_id: null, agenda_item_id: null, delegated_decision_id: delegatedId,
      decided_on: decidedOn, decided_by: point.delegate, officer: requireText(req.officer, 'Handläggaren', 'officer-required'), signatories: JSON.stringify(req.signatories ?? []),
    });
    const commitment = base.state_ore > 0
      ? await commit(trx, actor, { year: Number(decidedOn.slice(0, 4)), line: 'projects', amountOre: base.state_ore, committedOn: decidedOn, text: title, caseId: caseRecord.id, decisionId, override: req.override ?? null })
      : null;
    await audit(trx, { actor: actor.id, action: 'cofinancing.extend', entity: 'cofinancing_application', entityId: app.id, after: { decisionId, ...req } });
    return { decisionId, agendaItem: null, commitment, restatement: ext.restatement };
  });
  const application = await getApplication(db, actor, id);
  return { application, decision: application.decisions.find((d) => d.id === result.decisionId)!, agendaItem: result.agendaItem, commitment: result.commitment, restatement: result.restatement };
}

