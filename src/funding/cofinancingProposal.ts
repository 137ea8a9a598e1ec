/**
 * Co-financing use cases: the maintained list of conditions and the generated proposal.
 */
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { authorize, type Actor } from '../access/model.ts';
import * as meetings from '../meetings/service.ts';
import { requireText, type CoFinancingDecision } from './decision.ts';
import { applicationSummary, proposalClauses, proposalLines } from './proposal.ts';
import * as store from './cofinancingStore.ts';
import { appropriationCheck, type AppropriationCheck } from './cofinancingProfile.ts';
import { decisionOf, conditionsFor, itemClauses, titleOf } from './cofinancingShared.ts';

// ── conditions (the maintained list) ────────────────────────────────────

export interface ConditionView {
  id: number;
  position: number;
  /** As the committee's proposals print it. */
  textProposal: string;
  /** As the delegated decision letters print it. */
  textLetter: string;
  /** 'companies': only for projects aimed at companies. */
  appliesTo: 'all' | 'companies';
  /** Printed after the case-specific conditions (the general terms). */
  closing: boolean;
  active: boolean;
  version: number;
}

const toCondition = (c: Awaited<ReturnType<typeof store.conditions>>[number]): ConditionView => ({
  id: c.id, position: c.position, textProposal: c.text_proposal, textLetter: c.text_letter, appliesTo: c.applies_to, closing: c.closing, active: c.active, version: c.version,
});

export async function listConditions(db: Db | Executor): Promise<ConditionView[]> {
  return (await store.conditions(executorOf(db))).map(toCondition);
}

export type ConditionInput = Omit<ConditionView, 'id' | 'version'> & { version?: number };

function validateCondition(c: ConditionInput) {
  if (!Number.isInteger(c.position) || c.position < 1 || c.position > 1000) throw new DomainError('invalid-position', 'Villkorets plats ska vara ett heltal mellan 1 och 1000.');
  if (c.appliesTo !== 'all' && c.appliesTo !== 'companies') throw new DomainError('invalid-applies-to', 'Ange om villkoret gäller alla projekt eller bara projekt riktade till företag.');
  return {
    position: c.position,
    text_proposal: requireText(c.textProposal, 'Villkorets text i förslag till beslut', 'condition-required'),
    text_letter: requireText(c.textLetter, 'Villkorets text i beslutsbrev', 'condition-required'),
    applies_to: c.appliesTo,
    closing: Boolean(c.closing),
    active: c.active !== false,
  };
}

export async function addCondition(db: Db, actor: Actor, input: ConditionInput): Promise<ConditionView> {
  authorize(actor, 'funding.settings');
  const c = validateCondition(input);
  return db.tx(async (trx) => {
    const row = await store.insertCondition(trx, { ...c, updated_by: actor.id });
    await audit(trx, { actor: actor.id, action: 'cofinancing.condition', entity: 'cofinancing_condition', entityId: row.id, after: row });
    return toCondition(row);
  });
}

export async function updateCondition(db: Db, actor: Actor, id: number, input: ConditionInput): Promise<ConditionView> {
  authorize(actor, 'funding.settings');
  const c = validateCondition(input);
  return db.tx(async (trx) => {
    const before = await store.findCondition(trx, id);
    if (!before) throw notFound('Villkoret', id);
    if (input.version !== before.version) {
      throw new DomainError('stale-version', `Villkoret har ändrats av ${before.updated_by ?? 'någon annan'} sedan du hämtade det (din version ${input.version ?? 'saknas'}, nu ${before.version}). Ladda om och gör ändringen igen.`, { status: 409 });
    }
    const row = await store.updateCondition(trx, id, { ...c, updated_by: actor.id });
    await audit(trx, { actor: actor.id, action: 'cofinancing.condition', entity: 'cofinancing_condition', entityId: id, before, after: row });
    return toCondition(row);
  });
}

// ── the proposal ────────────────────────────────────────────────────────

export interface ProposalView {
  caseNumber: string;
  title: string;
  addressee: string | null;
  /** The att-satser as stored on an agenda item: the clause, then its bullets on their own lines. */
  clauses: string[];
  /** Every line: clauses and bullets ("• …"). */
  lines: string[];
  summary: string;
  conditions: string[];
  /** Before the decision: the state part against what is left of this year's appropriation 1:1, and the warning when it would go beyond it. */
  appropriation?: AppropriationCheck;
}


export async function buildProposal(ex: Executor, app: store.ApplicationRow): Promise<ProposalView & { decision: CoFinancingDecision }> {
  const shares = (await store.sharesOf(ex, app.id)).map((s) => ({ source: s.source, amountOre: s.amount_ore }));
  const conditions = await conditionsFor(ex, app, 'proposal');
  const decision = decisionOf(app, shares, conditions);
  const rendered = proposalClauses(decision);
  return {
    caseNumber: app.case_number,
    title: titleOf(app),
    addressee: null,
    clauses: itemClauses(rendered),
    lines: proposalLines(rendered),
    summary: applicationSummary(decision),
    conditions,
    decision,
  };
}

/** The generated proposal (förslag till beslut) for an application, for the body or for a delegated decision. */
export async function getProposal(db: Db, actor: Actor, id: number, bodyId?: number, year?: number): Promise<ProposalView> {
  authorize(actor, 'funding.read');
  const app = await store.findApplication(db.kysely, id);
  if (!app) throw notFound('Ansökan', id);
  const { decision: _decision, ...p } = await buildProposal(db.kysely, app);
  const bodies = await meetings.listBodies(db);
  const body = bodyId ? bodies.find((b) => b.id === bodyId) : bodies.length === 1 ? bodies[0] : undefined;
  if (bodyId && !body) throw notFound('Nämnden', bodyId);
  return { ...p, addressee: body ? `${body.name} beslutar` : null, appropriation: await appropriationCheck(db.kysely, id, year) };
}
