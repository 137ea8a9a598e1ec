/**
 * Co-financing use case: the strategy's priority a decision names (issue
 * 16.7, migration 051). A new decision takes its application's priority;
 * the handläggare may correct a decision's (an old decision whose typed rank
 * matched no record, or a committee that ranked the project otherwise). The
 * state report counts each granted decision under the priority it names.
 */
import { audit, type Db } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { assertVersion } from '../kernel/version.ts';
import { authorize, type Actor } from '../access/model.ts';
import { lockApplication } from './cofinancingShared.ts';
import { getApplication } from './cofinancingApplications.ts';
import type { ApplicationView } from './cofinancingTypes.ts';

export interface DecisionPriorityRequest {
  strategyPriorityId: number;
  /** The decision's version read (optimistic locking). */
  version: number;
}

/** Points a decision to one of the strategy's priorities; a pending grant's application follows (its priority is the proposal's). */
export async function setDecisionPriority(db: Db, actor: Actor, decisionId: number, req: DecisionPriorityRequest): Promise<ApplicationView> {
  authorize(actor, 'funding.edit');
  if (!Number.isInteger(req?.version)) throw new DomainError('version-required', 'Ange beslutets version för att ändra prioriteringen.');
  const applicationId = await db.tx(async (trx) => {
    const found = await trx.selectFrom('cofinancing_decision').select(['application_id']).where('id', '=', decisionId).executeTakeFirst();
    if (!found) throw notFound('Beslutet', decisionId);
    // the application's row lock serialises this with the decision use cases (confirmation, extension)
    const app = await lockApplication(trx, found.application_id);
    const d = await trx.selectFrom('cofinancing_decision').selectAll().where('id', '=', decisionId).forUpdate().executeTakeFirstOrThrow();
    assertVersion(d.version, req.version, 'Beslutet', d.created_by);
    if (d.status === 'rejected' || d.status === 'withdrawn') {
      throw new DomainError('decision-closed', `Beslutet är ${d.status === 'rejected' ? 'ett avslag' : 'återkallat'}; dess prioritering räknas ingenstans och kan inte ändras.`, { status: 409 });
    }
    const p = await trx.selectFrom('strategy_priority').select(['id', 'code', 'name']).where('id', '=', req.strategyPriorityId).executeTakeFirst();
    if (!p) throw new DomainError('priority-not-found', `Prioriteringen ${req.strategyPriorityId} finns inte bland strategins prioriteringar. Ladda om och välj en i listan.`);
    if (d.strategy_priority_id === p.id) return app.id;
    await trx.updateTable('cofinancing_decision').set({ strategy_priority_id: p.id, version: d.version + 1 }).where('id', '=', d.id).execute();
    // a pending grant: the proposal's priority is the application's (the decision follows it again through the trigger)
    if (d.status === 'pending' && d.kind === 'grant') {
      await trx.updateTable('cofinancing_application').set({ strategy_priority_id: p.id, priority_rank: p.code, updated_by: actor.id, updated_at: new Date(), version: app.version + 1 }).where('id', '=', app.id).execute();
    }
    await audit(trx, {
      actor: actor.id,
      action: 'cofinancing.decision-priority',
      entity: 'cofinancing_decision',
      entityId: d.id,
      before: { strategyPriorityId: d.strategy_priority_id },
      after: { strategyPriorityId: p.id, code: p.code, name: p.name },
    });
    return app.id;
  });
  return getApplication(db, actor, applicationId);
}
