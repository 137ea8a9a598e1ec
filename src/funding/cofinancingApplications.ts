/**
 * Co-financing use cases: an application with its budget (checked on every
 * save), its view and the list; the natural-person mark.
 */
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { formatKronor, type Ore } from '../kernel/kronor.ts';
import { authorize, can, type Actor } from '../access/model.ts';
import * as diarium from '../diarium/service.ts';
import { requireText, validateDecision, type CoFinancingDecision, type FundingShare, type FundingSource } from './decision.ts';
import { restatement } from './proposal.ts';
import { checkBudget, COST_CATEGORY_LABELS, type Finding, type ProjectBudget } from './budget.ts';
import { remainingCommitment } from './payout.ts';
import * as store from './cofinancingStore.ts';
import { STATUS_LABEL, statusOf, type ApplicationInput, type ApplicationStatus, type DecisionView, type ApplicationView } from './cofinancingTypes.ts';
import { SOLE_TRADER_MASK, isLegalPersonNumber, inferNaturalPerson, personalText, line, toDecisionView, loadBudget, decisionOf, granted, lockApplication, toPayoutView, planView, isoDay, priorityMap } from './cofinancingShared.ts';

function validatePriority(area: string, priorityId: number | null | undefined, rank: string | null | undefined): { area: string; priorityId: number | null; rank: string } {
  const a = requireText(area, 'RUS-prioriteringen (prioriterat område i den regionala utvecklingsstrategin)', 'priority-area-required');
  if (priorityId !== undefined && priorityId !== null) {
    if (!Number.isSafeInteger(priorityId) || priorityId < 1) throw new DomainError('priority-not-found', 'Välj en av strategins prioriteringar.');
    return { area: a, priorityId, rank: '' };
  }
  const r = requireText(rank ?? '', 'Prioriteringen enligt inriktningsbeslutet', 'priority-rank-required');
  if (r.length > 40) throw new DomainError('invalid-priority-rank', `Prioriteringen "${r.slice(0, 20)}…" är längre än 40 tecken; välj en av strategins prioriteringar.`);
  return { area: a, priorityId: null, rank: r };
}

/**
 * The strategy's priority an application points to: the record picked (its
 * code becomes the stored rank), or the record whose code is the typed rank;
 * a typed rank that matches none is kept (flagged in the view) only when it
 * is written as the inriktningsbeslut writes ranks ("1", "2b").
 */
async function resolvePriority(ex: Executor, c: Clean): Promise<{ id: number | null; rank: string }> {
  if (c.priorityId !== null) {
    const p = await ex.selectFrom('strategy_priority').select(['id', 'code']).where('id', '=', c.priorityId).executeTakeFirst();
    if (!p) throw new DomainError('priority-not-found', `Prioriteringen ${c.priorityId} finns inte bland strategins prioriteringar. Ladda om och välj en i listan.`);
    return { id: p.id, rank: p.code };
  }
  const p = await ex.selectFrom('strategy_priority').select(['id', 'code']).where('code', '=', c.rank).executeTakeFirst();
  if (p) return { id: p.id, rank: p.code };
  if (!/^\d{1,2}[a-z]?$/.test(c.rank)) throw new DomainError('invalid-priority-rank', `Prioriteringen "${c.rank.slice(0, 20)}" finns inte bland strategins prioriteringar; välj en i listan.`);
  return { id: null, rank: c.rank };
}

function validateYears(b: ProjectBudget): void {
  for (const y of b.years ?? []) {
    if (!Number.isInteger(y) || y < 2000 || y > 2100) throw new DomainError('budget-years', `Budgetåret ${String(y).slice(0, 10)} är ogiltigt (2000–2100).`);
  }
}

interface Clean {
  decision: CoFinancingDecision;
  description: string;
  area: string;
  /** The record picked, or null: then `rank` is the typed rank (resolvePriority links it by code). */
  priorityId: number | null;
  rank: string;
  eu: boolean;
  companies: boolean;
  requestedOre: Ore;
  contact: { name: string | null; email: string | null } | null;
  /** Set by staff; null: inferred from the org number. */
  naturalPerson: boolean | null;
  caseConditions: string[];
  budget: ProjectBudget;
  findings: Finding[];
}

/** Validates an application (pure rules) and runs the budget checks; nothing is saved when this throws. */
function validateApplication(input: ApplicationInput): Clean {
  if (!input || typeof input !== 'object') throw new DomainError('application-required', 'Ansökan saknas.');
  const caseConditions = (input.conditions ?? []).map((c, i) => requireText(c, `Särskilt villkor ${i + 1}`, 'condition-required'));
  const capOre = input.capOre ?? input.requestedOre;
  const decision = validateDecision({
    applicant: {
      name: input.applicant?.name,
      ...(input.applicant?.orgNumber ? { orgNumber: input.applicant.orgNumber } : {}),
      ...(input.applicant?.address?.length ? { address: input.applicant.address } : {}),
    },
    projectName: input.projectName,
    rateBp: input.rateBp,
    capOre,
    period: input.period,
    fundingSource: input.fundingSource,
    ...(input.fundingSplit?.length ? { fundingSplit: input.fundingSplit } : {}),
    conditions: caseConditions,
  } as CoFinancingDecision);
  if (!Number.isSafeInteger(input.requestedOre) || input.requestedOre <= 0) throw new DomainError('invalid-amount', 'Sökt belopp måste vara större än 0 kronor, i hela ören.');
  if (decision.capOre > input.requestedOre) {
    throw new DomainError('cap-above-application', `Föreslaget tak ${formatKronor(decision.capOre)} är högre än det sökta beloppet ${formatKronor(input.requestedOre)}.`);
  }
  const { area, priorityId, rank } = validatePriority(input.priorityArea, input.strategyPriorityId, input.priorityRank);
  let contact: Clean['contact'] = null;
  if (input.applicant?.contact) {
    const name = line(input.applicant.contact.name) || null;
    const email = line(input.applicant.contact.email) || null;
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new DomainError('invalid-email', `E-postadressen "${email.slice(0, 60)}" är ogiltig.`);
    if (name || email) contact = { name, email };
  }
  if (!input.budget || typeof input.budget !== 'object') throw new DomainError('budget-required', 'Kostnads- och finansieringsbudgeten saknas.');
  validateYears(input.budget);
  const budget: ProjectBudget = {
    ...input.budget,
    costs: (input.budget.costs ?? []).map((r) => ({ ...r, label: line(r.label) || COST_CATEGORY_LABELS[r.category] })),
    financing: (input.budget.financing ?? []).map((r) => ({ ...r, label: line(r.label) })),
  };
  const findings = checkBudget({
    applicant: decision.applicant.name,
    projectName: decision.projectName,
    requestedOre: input.requestedOre,
    rateBp: decision.rateBp,
    budget,
  });
  return {
    decision,
    description: String(input.description ?? '').trim(),
    area,
    priorityId,
    rank,
    eu: Boolean(input.euCofinancing),
    companies: Boolean(input.aimedAtCompanies),
    requestedOre: input.requestedOre,
    contact,
    naturalPerson: typeof input.applicant?.naturalPerson === 'boolean' ? input.applicant.naturalPerson : null,
    caseConditions,
    budget,
    findings,
  };
}

function applicationColumns(c: Clean, actor: Actor, priority: { id: number | null; rank: string }) {
  const d = c.decision;
  const costSums = c.budget.costSums;
  const financingSums = c.budget.financingSums;
  return {
    applicant_name: d.applicant.name,
    org_number: d.applicant.orgNumber ?? null,
    ...(c.naturalPerson !== null ? { natural_person: c.naturalPerson, natural_person_set_by: actor.id } : { natural_person: inferNaturalPerson(d.applicant.orgNumber), natural_person_set_by: null }),
    address: d.applicant.address ?? [],
    contact_name: c.contact?.name ?? null,
    contact_email: c.contact?.email ?? null,
    project_name: d.projectName,
    period_start: d.period.start,
    period_end: d.period.end,
    description: c.description,
    priority_area: c.area,
    priority_rank: priority.rank,
    strategy_priority_id: priority.id,
    eu_cofinancing: c.eu,
    aimed_at_companies: c.companies,
    funding_source: d.fundingSource,
    requested_ore: c.requestedOre,
    rate_bp: d.rateBp,
    cap_ore: d.capOre,
    case_conditions: c.caseConditions,
    total_column: c.budget.totalColumn ?? true,
    indirect_flat_rate_bp: c.budget.indirectFlatRateBp ?? null,
    stated_cost_total_ore: costSums.total,
    stated_financing_total_ore: financingSums.total,
    updated_by: actor.id,
  };
}

async function saveBudgetAndShares(trx: Executor, id: number, c: Clean): Promise<void> {
  const b = c.budget;
  await store.replaceShares(trx, id, c.decision.fundingSplit ?? []);
  await store.replaceBudget(
    trx,
    id,
    b.years.map((year, i) => ({ year, statedCostSumOre: b.costSums.perYear[i] ?? null, statedFinancingSumOre: b.financingSums.perYear[i] ?? null })),
    [
      ...b.costs.map((r) => ({ section: 'cost' as const, label: r.label, costCategory: r.category, financierKind: null, isRegion: null, statedTotalOre: r.statedTotalOre, values: r.values })),
      ...b.financing.map((r) => ({ section: 'financing' as const, label: r.label, costCategory: null, financierKind: r.kind, isRegion: r.region ?? null, statedTotalOre: r.statedTotalOre, values: r.values })),
    ],
  );
}

// ── applications ────────────────────────────────────────────────────────

/** Saves a new application (registering its case, or taking an existing one) and returns it with the budget findings. */
export async function createApplication(db: Db, actor: Actor, input: ApplicationInput): Promise<ApplicationView> {
  authorize(actor, 'funding.edit');
  const c = validateApplication(input);
  const id = await db.tx(async (trx) => {
    const caseRecord = input.caseNumber
      ? await diarium.getCase(trx, input.caseNumber)
      : await diarium.registerCaseIn(trx, actor, { title: `Medfinansiering av ${c.decision.projectName}`.slice(0, 500) });
    const { id } = await store.insertApplication(trx, { ...applicationColumns(c, actor, await resolvePriority(trx, c)), case_id: caseRecord.id, created_by: actor.id });
    await saveBudgetAndShares(trx, id, c);
    await audit(trx, { actor: actor.id, action: 'cofinancing.create', entity: 'cofinancing_application', entityId: id, after: { caseNumber: caseRecord.caseNumber, ...input } });
    return id;
  });
  return getApplication(db, actor, id);
}

/** Changes a draft application; the change names the version it was based on. */
export async function updateApplication(db: Db, actor: Actor, id: number, input: ApplicationInput): Promise<ApplicationView> {
  authorize(actor, 'funding.edit');
  const c = validateApplication(input);
  await db.tx(async (trx) => {
    const before = await store.findApplication(trx, id, true);
    if (!before) throw notFound('Ansökan', id);
    if (input.version === undefined || input.version !== before.version) {
      throw new DomainError(
        'stale-version',
        input.version === undefined
          ? `Ange ansökans version (${before.version}) för att ändra den.`
          : `Ansökan har ändrats av ${before.updated_by} sedan du hämtade den (din version ${input.version}, nu ${before.version}). Ladda om och gör ändringen igen.`,
        { status: 409 },
      );
    }
    if (before.status !== 'draft') throw new DomainError('application-locked', `Ansökan är ${STATUS_LABEL[statusOf(before)].toLowerCase()} och kan inte längre ändras.`, { status: 409 });
    if (input.caseNumber && (await diarium.getCase(trx, input.caseNumber)).id !== before.case_id) {
      throw new DomainError('case-fixed', `Ansökan hör till ärende ${before.case_number}; diarienumret kan inte bytas.`, { status: 409 });
    }
    await store.updateApplication(trx, id, applicationColumns(c, actor, await resolvePriority(trx, c)));
    await saveBudgetAndShares(trx, id, c);
    await audit(trx, { actor: actor.id, action: 'cofinancing.update', entity: 'cofinancing_application', entityId: id, before, after: input });
  });
  return getApplication(db, actor, id);
}

function currentTerms(app: store.ApplicationRow, ds: store.DecisionRow[], shares: FundingShare[]): ApplicationView['current'] {
  const last = granted(ds).at(-1);
  if (!last) return null;
  const d = decisionOf(app, shares, [], { capOre: last.cap_ore, end: last.period_end, rateBp: last.rate_bp, start: last.period_start });
  return { rateBp: last.rate_bp, capOre: last.cap_ore, period: { start: last.period_start, end: last.period_end }, restatement: restatement(d) };
}

async function closureView(ex: Executor, app: store.ApplicationRow, staff: boolean): Promise<ApplicationView['closure']> {
  const status = statusOf(app);
  if (status !== 'withdrawn' && status !== 'rejected') return null;
  const c = await store.closureOf(ex, app.id);
  if (!c) return null;
  const on = typeof c.closed_on === 'string' ? c.closed_on : c.closed_on.toISOString().slice(0, 10);
  return { kind: status, on, by: staff ? c.closed_by : null, reason: staff ? c.closed_reason : null };
}

async function view(ex: Executor, actor: Actor, app: store.ApplicationRow): Promise<ApplicationView> {
  const [shareRows, ds, budget, priorities] = await Promise.all([store.sharesOf(ex, app.id), store.decisionsOf(ex, app.id), loadBudget(ex, app), priorityMap(ex)]);
  const shares = shareRows.map((s) => ({ source: s.source, amountOre: s.amount_ore }));
  const grant = ds.find((d) => d.kind === 'grant' && d.status === 'granted');
  const payouts = grant ? await store.payoutsOf(ex, grant.id) : [];
  const paidOre = payouts.filter((p) => p.status === 'attested').reduce((s, p) => s + p.paid_ore, 0);
  const current = currentTerms(app, ds, shares);
  const findings = checkBudget({ applicant: app.applicant_name, projectName: app.project_name, requestedOre: app.requested_ore, rateBp: app.rate_bp, budget });
  // The public sees granted applications only, and no personal data: a contact person, or a sole trader's personnummer, name and address.
  const staff = can(actor, 'funding.read');
  const personal = !app.org_number || !isLegalPersonNumber(app.org_number);
  const soleTrader = app.natural_person;
  const pub = personalText(app, !staff);
  const decisionView = (d: DecisionView): DecisionView =>
    staff ? d : { ...d, conditions: d.conditions.map(pub), clauses: d.clauses.map(pub), restatement: d.restatement === null ? null : pub(d.restatement) };
  return {
    id: app.id,
    caseNumber: app.case_number,
    status: statusOf(app),
    statusLabel: STATUS_LABEL[statusOf(app)],
    applicant: {
      name: !staff && soleTrader ? SOLE_TRADER_MASK : app.applicant_name,
      orgNumber: staff || !personal ? app.org_number : null,
      naturalPerson: app.natural_person,
      address: !staff && soleTrader ? [] : app.address,
      contact: staff && (app.contact_name || app.contact_email) ? { name: app.contact_name, email: app.contact_email } : null,
    },
    projectName: app.project_name,
    period: { start: app.period_start, end: app.period_end },
    description: pub(app.description),
    priorityArea: app.priority_area,
    priorityRank: app.priority_rank,
    priority: app.strategy_priority_id === null ? null : (priorities.get(app.strategy_priority_id) ?? null),
    priorityFlagged: app.strategy_priority_id === null,
    euCofinancing: app.eu_cofinancing,
    aimedAtCompanies: app.aimed_at_companies,
    fundingSource: app.funding_source,
    fundingSplit: shares,
    requestedOre: app.requested_ore,
    rateBp: app.rate_bp,
    capOre: app.cap_ore,
    conditions: app.case_conditions.map(pub),
    budget,
    findings: staff ? findings : findings.map((f) => ({ ...f, message: pub(f.message) })),
    decisions: ds.map((d) => toDecisionView(d, app, priorities)).map(decisionView),
    closure: await closureView(ex, app, staff),
    current: current && !staff ? { ...current, restatement: pub(current.restatement) } : current,
    // The public sees what is paid (attested), without who prepared or attested it.
    payouts: (staff ? payouts : payouts.filter((p) => p.status === 'attested')).map((p) => toPayoutView(p, staff)),
    paidOre,
    remainingOre: current ? remainingCommitment({ capOre: current.capOre }, paidOre) : null,
    paymentPlan: staff && current ? planView(ds, await store.planOf(ex, app.id).then((r) => r.map((y) => ({ year: y.year, amountOre: y.amount_ore }))), payouts.filter((p) => p.status === 'attested').map((p) => ({ attestedOn: isoDay(p.attested_on), paidOre: p.paid_ore }))) : null,
    version: app.version,
  };
}

/** One application. Before it is granted only signed-in staff see it (the public gets 404). */
export async function getApplication(db: Db | Executor, actor: Actor, id: number): Promise<ApplicationView> {
  const ex = executorOf(db);
  const app = await store.findApplication(ex, id);
  if (!app || (app.status !== 'granted' && !can(actor, 'funding.read'))) throw notFound('Ansökan', id);
  return view(ex, actor, app);
}

export interface ApplicationSummaryRow {
  id: number;
  caseNumber: string;
  applicant: string;
  projectName: string;
  status: ApplicationStatus;
  statusLabel: string;
  requestedOre: Ore;
  rateBp: number;
  capOre: Ore;
  period: { start: string; end: string };
  fundingSource: FundingSource;
  /** After the grant: the terms in force (after every extension or change), what is paid and the remaining commitment (cap − paid). */
  currentCapOre: Ore | null;
  currentRateBp: number | null;
  currentPeriod: { start: string; end: string } | null;
  paidOre: Ore;
  remainingOre: Ore | null;
}

/** The applications, newest first, with each project's remaining commitment; the public sees granted ones only. */
export async function listApplications(db: Db, actor: Actor, opts: { limit?: number; offset?: number } = {}): Promise<ApplicationSummaryRow[]> {
  const staff = can(actor, 'funding.read');
  const rows = await store.listApplications(db.kysely, { grantedOnly: !staff, limit: opts.limit ?? 100, offset: opts.offset ?? 0 });
  const state = new Map((await store.commitmentState(db.kysely, rows.map((r) => r.id))).map((x) => [x.applicationId, x]));
  return rows.map((r) => {
    const st = state.get(r.id)!;
    return {
      id: r.id,
      caseNumber: r.case_number,
      applicant: !staff && r.natural_person ? SOLE_TRADER_MASK : r.applicant_name,
      projectName: r.project_name,
      status: statusOf(r),
      statusLabel: STATUS_LABEL[statusOf(r)],
      requestedOre: r.requested_ore,
      rateBp: r.rate_bp,
      capOre: r.cap_ore,
      period: { start: r.period_start, end: r.period_end },
      fundingSource: r.funding_source,
      currentCapOre: st.capOre,
      currentRateBp: st.rateBp,
      currentPeriod: st.period,
      paidOre: st.paidOre,
      remainingOre: st.capOre === null ? null : remainingCommitment({ capOre: st.capOre }, st.paidOre),
    };
  });
}

// ── natural persons ─────────────────────────────────────────────────────

/**
 * Marks the applicant as a natural person (enskild firma) or not, at any
 * status (it decides what the public sees, not what was decided). The
 * caller rebuilds the public search index, where the name is masked too.
 */
export async function setNaturalPerson(trx: Executor, actor: Actor, id: number, input: { naturalPerson: boolean; version?: number }): Promise<{ id: number; name: string; naturalPerson: boolean; version: number }> {
  authorize(actor, 'funding.edit');
  if (typeof input?.naturalPerson !== 'boolean') throw new DomainError('invalid-natural-person', 'Ange om sökanden är en fysisk person (ja eller nej).');
  const before = await lockApplication(trx, id);
  if (input.version !== undefined && input.version !== before.version) {
    throw new DomainError(
      'stale-version',
      `Ansökan har ändrats av ${before.updated_by} sedan du hämtade den (din version ${input.version}, nu ${before.version}). Ladda om och gör ändringen igen.`,
      { status: 409 },
    );
  }
  await store.setNaturalPerson(trx, id, input.naturalPerson, actor.id);
  await audit(trx, {
    actor: actor.id, action: 'cofinancing.natural-person', entity: 'cofinancing_application', entityId: id,
    before: { naturalPerson: before.natural_person, setBy: before.natural_person_set_by }, after: { naturalPerson: input.naturalPerson },
  });
  return { id, name: before.applicant_name, naturalPerson: input.naturalPerson, version: before.version + 1 };
}
