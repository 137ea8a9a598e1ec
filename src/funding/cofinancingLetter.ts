/**
 * Co-financing use cases: the decision letter's data (beslutsbrev), for a
 * grant decided under delegation point 3.2 or by the body (from the adjusted
 * minutes): sammanfattning, the decision with its att-satser, skäl, villkor,
 * the budget and financing tables, how to appeal or ask for a review, the
 * case's own dnr and the decision's date; the terms in force after later
 * decisions (extensions and changes). The rules of the text are in
 * cofinancingLetterText.ts.
 */
import type { Db, Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { can, type Actor } from '../access/model.ts';
import * as diarium from '../diarium/service.ts';
import * as minutes from '../minutes/service.ts';
import { decisionLetter, type DecisionLetter, type Signatory } from './delegated.ts';
import { applicationSummary, restatement } from './proposal.ts';
import { checkBudget, type ProjectBudget } from './budget.ts';
import * as store from './cofinancingStore.ts';
import { SOLE_TRADER_MASK, decisionOf, delegatedOf, granted, loadBudget, personalText, titleOf } from './cofinancingShared.ts';
import { appealText, bodyLetterParts, reasonsOf } from './cofinancingLetterText.ts';

export interface LetterData {
  caseNumber: string;
  /** The decision's date (the meeting's for a body decision). */
  decidedOn: string;
  officer: string;
  applicant: { name: string; address: string[] };
  title: string;
  route: 'body' | 'delegation';
  /** "förvaltningschef Regional utveckling" or the body's name, with the paragraph of its minutes. */
  decidedBy: string;
  paragraph: number | null;
  summary: string;
  letter: DecisionLetter;
  reasons: string[];
  budget: ProjectBudget;
  appeal: string[];
  /** After later granted decisions (extensions, changes): the terms in force, restated; null when the grant is the only one. */
  current: string | null;
  signatories: Signatory[];
}

/** The letter of a granted co-financing, from the stored decision (its terms and conditions as they were decided). */
export async function letterOf(db: Db, actor: Actor, id: number): Promise<LetterData> {
  const ex = db.kysely;
  const app = await store.findApplication(ex, id);
  if (!app || (app.status !== 'granted' && !can(actor, 'funding.read'))) throw notFound('Ansökan', id);
  const ds = await store.decisionsOf(ex, id);
  const grant = ds.find((d) => d.kind === 'grant');
  if (!grant || grant.status !== 'granted') {
    throw new DomainError('no-letter', 'Ansökan har inget beviljat beslut ännu; beslutsbrevet skrivs när beslutet är fattat (på delegation eller i nämndens justerade protokoll).', { status: 404 });
  }
  const shares = (await store.sharesOf(ex, id)).map((s) => ({ source: s.source, amountOre: s.amount_ore }));
  const terms = { rateBp: grant.rate_bp, capOre: grant.cap_ore, start: grant.period_start, end: grant.period_end };
  const decided = decisionOf(app, shares, grant.conditions, { capOre: terms.capOre, end: terms.end, rateBp: terms.rateBp, start: terms.start });
  const budget = await loadBudget(ex, app);
  const findings = checkBudget({ applicant: app.applicant_name, projectName: app.project_name, requestedOre: app.requested_ore, rateBp: app.rate_bp, budget });
  const caseOfficer = (await diarium.getCase(ex, app.case_number)).officer;
  let letter: DecisionLetter;
  let officer: string;
  let decidedBy: string;
  let paragraph: number | null = null;
  let signatories: Signatory[] = [];
  if (grant.route === 'delegation') {
    signatories = (grant.signatories ?? []) as Signatory[];
    // the letter follows the decision as decided (an amended share, cap or period), not the application's proposal
    const d = delegatedOf(app, shares, grant.conditions, { decidedOn: grant.decided_on!, officer: grant.officer ?? '', signatories }, terms);
    letter = decisionLetter(d);
    officer = d.officer;
    signatories = d.signatories;
    decidedBy = grant.decided_by ?? '';
  } else {
    const m = await minutes.getMinutes(ex, grant.meeting_id!).catch(() => null);
    paragraph = m?.decisions.find((x) => x.agendaItemId === grant.agenda_item_id)?.paragraph ?? null;
    letter = bodyLetterParts(decided, app.requested_ore, grant.clauses, grant.conditions);
    officer = caseOfficer ? `Regional utveckling, ${caseOfficer}` : 'Regional utveckling';
    decidedBy = grant.decided_by ?? m?.bodyName ?? '';
  }
  const later = granted(ds).filter((d) => d.id !== grant.id);
  const last = later.at(-1);
  const current = last ? restatement(decisionOf(app, shares, [], { capOre: last.cap_ore, end: last.period_end, rateBp: last.rate_bp, start: last.period_start })) : null;
  const publicCopy = !can(actor, 'funding.read');
  const masked = app.natural_person && publicCopy;
  const pub = personalText(app, publicCopy);
  const summary = applicationSummary(decisionOf(app, shares, []));
  const reasons = reasonsOf({
    projectName: app.project_name, priorityArea: app.priority_area, euCofinancing: app.eu_cofinancing,
    // the priority the decision names (migration 051), else the rank as typed
    ...(await decisionPriority(ex, grant.strategy_priority_id, app.priority_rank)),
    rateBp: terms.rateBp, capOre: terms.capOre, requestedOre: app.requested_ore, budget, budgetErrors: findings.filter((f) => f.severity === 'error').length,
  });
  return {
    caseNumber: app.case_number,
    decidedOn: grant.decided_on!,
    officer,
    applicant: { name: masked ? SOLE_TRADER_MASK : app.applicant_name, address: masked ? [] : app.address },
    title: pub(titleOf(app)),
    route: grant.route,
    decidedBy,
    paragraph,
    summary: pub(summary),
    letter: publicCopy
      ? { ...letter, application: letter.application.map(pub), decision: letter.decision.map(pub), fundingSplit: letter.fundingSplit.map(pub), conditions: letter.conditions.map(pub) }
      : letter,
    reasons: reasons.map(pub),
    budget: publicCopy ? { ...budget, costs: budget.costs.map((r) => ({ ...r, label: pub(r.label) })), financing: budget.financing.map((r) => ({ ...r, label: pub(r.label) })) } : budget,
    appeal: appealText(grant.route, shares.length ? shares.map((s) => s.source) : [app.funding_source]),
    current: current === null ? null : pub(current),
    signatories,
  };
}

async function decisionPriority(ex: Executor, id: number | null, rank: string): Promise<{ priorityRank: string; priorityName: string | null }> {
  const p = id === null ? undefined : await ex.selectFrom('strategy_priority').select(['code', 'name']).where('id', '=', id).executeTakeFirst();
  return p ? { priorityRank: p.code, priorityName: p.name } : { priorityRank: rank, priorityName: null };
}
