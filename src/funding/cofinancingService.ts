/**
 * Co-financing use cases: an application with its budget (checked on every
 * save), the generated proposal, the decision by the body (an agenda item,
 * confirmed from the minutes) or under delegation point 3.2 (the register of
 * delegated decisions, the decision letter), extensions, payouts and the 1:1
 * appropriation. The rules are the pure ones in this folder; this file only
 * stores, authorizes, audits and composes. Tables and JSON: docs/funding.md.
 */
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { assertIsoDate, todayInStockholm, type IsoDate } from '../kernel/dates.ts';
import { assertVersion } from '../kernel/version.ts';
import { formatKronor, type Ore } from '../kernel/kronor.ts';
import { authorize, can, type Actor } from '../access/model.ts';
import * as diarium from '../diarium/service.ts';
import * as meetings from '../meetings/service.ts';
import * as minutes from '../minutes/service.ts';
import * as delegation from '../delegation/service.ts';
import {
  requireText,
  validateDecision,
  type CoFinancingDecision,
  type FundingShare,
  type FundingSource,
} from './decision.ts';
import { applicationSummary, extend, proposalClauses, proposalLines, restatement, type RenderedClause } from './proposal.ts';
import { checkBudget, COST_CATEGORY_LABELS, type CostCategory, type Finding, type ProjectBudget } from './budget.ts';
import { payable, remainingCommitment } from './payout.ts';
import { budgetedCosts, checkClaim, type Claim, type ClaimContext } from './claims.ts';
import { APPROPRIATION_LINES, FOLLOW_UP_MAX_ORE, canCommit, summarise, type Appropriation, type AppropriationLine, type AppropriationSummary, type OverrideRecord } from './appropriation.ts';
import { applyAmendment, assertClosable, confirmation, type Amendment, type Terms } from './confirmation.ts';
import { DELEGATION_POINT, asReportedDecision, decisionLetter, validateDelegated, type DecisionLetter, type DelegatedCoFinancing, type Signatory } from './delegated.ts';
import * as store from './cofinancingStore.ts';
import { isPersonalNumber, maskText, NATURAL_PERSON_MASK } from '../publish/mask.ts';

// ── shapes on the wire ──────────────────────────────────────────────────

export interface ApplicationInput {
  /** An existing case; when absent a new case "Medfinansiering av <projekt>" is registered. */
  caseNumber?: string | null;
  applicant: {
    name: string;
    orgNumber?: string | null;
    /** A natural person (enskild firma): the name is masked for the public. Default: an org number that is a personnummer (third digit below 2). */
    naturalPerson?: boolean | null;
    address?: string[];
    contact?: { name?: string | null; email?: string | null } | null;
  };
  projectName: string;
  period: { start: IsoDate; end: IsoDate };
  description?: string;
  /** The regional development strategy's (RUS) priority area, "Näringsliv och entreprenörskap". */
  priorityArea: string;
  /** The rank under the funding policy (inriktningsbeslutet): "1", "2b", "3". */
  priorityRank: string;
  /** The project co-finances an EU project (rank 1 in the funding policy). */
  euCofinancing?: boolean;
  /** The project is aimed at companies: the no-distortion condition applies. */
  aimedAtCompanies?: boolean;
  fundingSource: FundingSource;
  fundingSplit?: FundingShare[] | null;
  /** What the applicant asks of the region ("ansöker om"); the region's financing row must equal it. */
  requestedOre: Ore;
  rateBp: number;
  /** The cap proposed ("dock högst"); defaults to the amount asked for, never above it. */
  capOre?: Ore | null;
  /** Case-specific conditions, printed after the standard ones and before the general terms. */
  conditions?: string[];
  budget: ProjectBudget;
  /** For a change: the version read (optimistic locking). */
  version?: number;
}

export type ApplicationStatus = 'draft' | 'proposed' | 'granted' | 'withdrawn' | 'rejected';
const STATUS_LABEL: Record<ApplicationStatus, string> = {
  draft: 'Utkast',
  proposed: 'Föreslagen till nämnden',
  granted: 'Beviljad',
  withdrawn: 'Återkallad av sökanden',
  rejected: 'Avslagen',
};
/** The stored status (migration 038 adds withdrawn and rejected to the column's values). */
const statusOf = (app: { status: string }): ApplicationStatus => app.status as ApplicationStatus;

export interface DecisionView {
  id: number;
  kind: 'grant' | 'extension';
  route: 'body' | 'delegation';
  /** rejected: avslag (decidedOn set); withdrawn: the application was withdrawn (while pending, or after the grant before any payout). */
  status: 'pending' | 'granted' | 'rejected' | 'withdrawn';
  /** A grant decided on other terms than the application's proposal (share, cap or period). */
  amended: boolean;
  bodyId: number;
  meetingId: number | null;
  agendaItemId: number | null;
  delegatedDecisionId: number | null;
  decidedOn: string | null;
  decidedBy: string | null;
  rateBp: number;
  addedCapOre: Ore;
  /** The cumulative cap after this decision. */
  capOre: Ore;
  period: { start: string; end: string };
  previousEnd: string | null;
  fundingSource: FundingSource;
  /** The part committed against the state appropriation 1:1. */
  stateOre: Ore;
  conditions: string[];
  clauses: string[];
  restatement: string | null;
}

export interface ApplicationView {
  id: number;
  caseNumber: string;
  status: ApplicationStatus;
  statusLabel: string;
  applicant: { name: string; orgNumber: string | null; naturalPerson: boolean; address: string[]; contact: { name: string | null; email: string | null } | null };
  projectName: string;
  period: { start: string; end: string };
  description: string;
  priorityArea: string;
  priorityRank: string;
  euCofinancing: boolean;
  aimedAtCompanies: boolean;
  fundingSource: FundingSource;
  fundingSplit: FundingShare[];
  requestedOre: Ore;
  rateBp: number;
  capOre: Ore;
  conditions: string[];
  budget: ProjectBudget;
  findings: Finding[];
  decisions: DecisionView[];
  /** How an application ended without a grant, or was withdrawn after it: the day, who registered it and why (staff only). */
  closure: { kind: 'withdrawn' | 'rejected'; on: string; by: string | null; reason: string | null } | null;
  /** The terms in force after every granted decision (grant and extensions), or null before the grant. */
  current: { rateBp: number; capOre: Ore; period: { start: string; end: string }; restatement: string } | null;
  payouts: PayoutView[];
  paidOre: Ore;
  remainingOre: Ore | null;
  version: number;
}

export type PayoutStatus = 'prepared' | 'attested' | 'reversed';

export interface PayoutView {
  id: number;
  /** prepared: waits for attest (not paid); attested: paid; reversed: no longer counts (or withdrawn before attest). */
  status: PayoutStatus;
  statusLabel: string;
  claimedOn: string;
  /** The period the booked costs were booked in; null for payouts registered before claims stated one. */
  period: { from: string; to: string } | null;
  final: boolean;
  finalReportOn: string | null;
  attestedOn: string | null;
  /** Who prepared, attested and reversed ("user:…"), and why; null for the public. */
  preparedBy: string | null;
  attestedBy: string | null;
  reversedBy: string | null;
  reversedAt: string | null;
  reversalReason: string | null;
  version: number;
  reference: string | null;
  bookedCostsOre: Ore;
  shareOre: Ore;
  paidOre: Ore;
  capOre: Ore;
  paidBeforeOre: Ore;
  capReached: boolean;
}

// ── helpers ─────────────────────────────────────────────────────────────

const SOLE_TRADER_MASK = NATURAL_PERSON_MASK;

/**
 * An organisationsnummer of a legal person has 20 or more in its third and
 * fourth digits; a sole trader's number is the owner's personnummer
 * (month 01–12), personal data.
 */
export function isLegalPersonNumber(orgNumber: string): boolean {
  return /^\d{6}-\d{4}$/.test(orgNumber) && Number(orgNumber.slice(2, 4)) >= 20;
}

/** The default mark: an organisationsnummer that is a valid personnummer (an enskild firma uses the owner's). */
export const inferNaturalPerson = (orgNumber: string | null | undefined): boolean => Boolean(orgNumber) && isPersonalNumber(orgNumber!);

/** For the public: the natural person's name masked wherever it is written (clauses, restatements, the letter). */
const personalText = (app: Pick<store.ApplicationRow, 'natural_person' | 'applicant_name'>, masked: boolean) =>
  masked && app.natural_person ? (s: string) => maskText(s, [app.applicant_name]) : (s: string) => maskText(s);

const line = (s: string | null | undefined) => String(s ?? '').replace(/\s+/g, ' ').trim();

function validatePriority(area: string, rank: string): { area: string; rank: string } {
  const a = requireText(area, 'RUS-prioriteringen (prioriterat område i den regionala utvecklingsstrategin)', 'priority-area-required');
  const r = requireText(rank, 'Prioriteringen enligt inriktningsbeslutet', 'priority-rank-required');
  if (!/^\d{1,2}[a-z]?$/.test(r)) throw new DomainError('invalid-priority-rank', `Prioriteringen "${r.slice(0, 20)}" ska anges som i inriktningsbeslutet, till exempel 1, 2b eller 3.`);
  return { area: a, rank: r };
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
  const { area, rank } = validatePriority(input.priorityArea, input.priorityRank);
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

function applicationColumns(c: Clean, actor: Actor) {
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
    priority_rank: c.rank,
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
    const { id } = await store.insertApplication(trx, { ...applicationColumns(c, actor), case_id: caseRecord.id, created_by: actor.id });
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
    await store.updateApplication(trx, id, applicationColumns(c, actor));
    await saveBudgetAndShares(trx, id, c);
    await audit(trx, { actor: actor.id, action: 'cofinancing.update', entity: 'cofinancing_application', entityId: id, before, after: input });
  });
  return getApplication(db, actor, id);
}

const toDecisionView = (d: store.DecisionRow, app?: store.ApplicationRow): DecisionView => ({
  id: d.id,
  kind: d.kind,
  route: d.route,
  status: d.status as DecisionView['status'],
  amended: Boolean(app) && d.kind === 'grant' && d.status === 'granted' && (d.rate_bp !== app!.rate_bp || d.cap_ore !== app!.cap_ore || d.period_start !== app!.period_start || d.period_end !== app!.period_end),
  bodyId: d.body_id,
  meetingId: d.meeting_id,
  agendaItemId: d.agenda_item_id,
  delegatedDecisionId: d.delegated_decision_id,
  decidedOn: d.decided_on,
  decidedBy: d.decided_by,
  rateBp: d.rate_bp,
  addedCapOre: d.added_cap_ore,
  capOre: d.cap_ore,
  period: { start: d.period_start, end: d.period_end },
  previousEnd: d.previous_period_end,
  fundingSource: d.funding_source,
  stateOre: d.state_ore,
  conditions: d.conditions,
  clauses: d.clauses,
  restatement: d.restatement,
});

async function loadBudget(ex: Executor, app: store.ApplicationRow): Promise<ProjectBudget> {
  const { years, rows, cells } = await store.budgetOf(ex, app.id);
  const cellOf = new Map(cells.map((c) => [`${c.row_id}:${c.year}`, c.amount_ore]));
  const values = (rowId: number) => years.map((y) => cellOf.get(`${rowId}:${y.year}`) ?? null);
  return {
    years: years.map((y) => y.year),
    totalColumn: app.total_column,
    ...(app.indirect_flat_rate_bp !== null ? { indirectFlatRateBp: app.indirect_flat_rate_bp } : {}),
    costs: rows.filter((r) => r.section === 'cost').map((r) => ({ category: r.cost_category as CostCategory, label: r.label, values: values(r.id), statedTotalOre: r.stated_total_ore })),
    costSums: { perYear: years.map((y) => y.stated_cost_sum_ore), total: app.stated_cost_total_ore },
    financing: rows
      .filter((r) => r.section === 'financing')
      .map((r) => ({ kind: r.financier_kind!, label: r.label, ...(r.is_region !== null ? { region: r.is_region } : {}), values: values(r.id), statedTotalOre: r.stated_total_ore })),
    financingSums: { perYear: years.map((y) => y.stated_financing_sum_ore), total: app.stated_financing_total_ore },
  };
}

/** The decision record the pure rules work on, with the given conditions. */
function decisionOf(app: store.ApplicationRow, shares: FundingShare[], conditions: string[], terms?: { capOre: Ore; end: string; rateBp?: number; start?: string }): CoFinancingDecision {
  return {
    applicant: { name: app.applicant_name, ...(app.org_number ? { orgNumber: app.org_number } : {}), ...(app.address.length ? { address: app.address } : {}) },
    projectName: app.project_name,
    rateBp: terms?.rateBp ?? app.rate_bp,
    capOre: terms?.capOre ?? app.cap_ore,
    period: { start: terms?.start ?? app.period_start, end: terms?.end ?? app.period_end },
    fundingSource: app.funding_source,
    ...(shares.length ? { fundingSplit: shares } : {}),
    conditions,
  };
}

const granted = (ds: store.DecisionRow[]) => ds.filter((d) => d.status === 'granted');

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
  const [shareRows, ds, budget] = await Promise.all([store.sharesOf(ex, app.id), store.decisionsOf(ex, app.id), loadBudget(ex, app)]);
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
    decisions: ds.map((d) => toDecisionView(d, app)).map(decisionView),
    closure: await closureView(ex, app, staff),
    current: current && !staff ? { ...current, restatement: pub(current.restatement) } : current,
    // The public sees what is paid (attested), without who prepared or attested it.
    payouts: (staff ? payouts : payouts.filter((p) => p.status === 'attested')).map((p) => toPayoutView(p, staff)),
    paidOre,
    remainingOre: current ? remainingCommitment({ capOre: current.capOre }, paidOre) : null,
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
  /** After the grant: the cap in force, what is paid and the remaining commitment (cap − paid). */
  currentCapOre: Ore | null;
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
      paidOre: st.paidOre,
      remainingOre: st.capOre === null ? null : remainingCommitment({ capOre: st.capOre }, st.paidOre),
    };
  });
}

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

/** The conditions of a decision: standard ones (the active list), the case's own, then the closing ones (general terms). */
async function conditionsFor(ex: Executor, app: store.ApplicationRow, form: 'proposal' | 'letter'): Promise<string[]> {
  const list = (await store.conditions(ex, { activeOnly: true })).filter((c) => c.applies_to === 'all' || app.aimed_at_companies);
  const text = (c: (typeof list)[number]) => (form === 'letter' ? c.text_letter : c.text_proposal);
  return [...list.filter((c) => !c.closing).map(text), ...app.case_conditions, ...list.filter((c) => c.closing).map(text)];
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
}

const itemClauses = (rendered: RenderedClause[]) => rendered.map((c) => [c.text, ...c.bullets].join('\n'));
const titleOf = (app: store.ApplicationRow) => `Medfinansiering av ${app.project_name}`;

async function buildProposal(ex: Executor, app: store.ApplicationRow): Promise<ProposalView & { decision: CoFinancingDecision }> {
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
export async function getProposal(db: Db, actor: Actor, id: number, bodyId?: number): Promise<ProposalView> {
  authorize(actor, 'funding.read');
  const app = await store.findApplication(db.kysely, id);
  if (!app) throw notFound('Ansökan', id);
  const { decision: _decision, ...p } = await buildProposal(db.kysely, app);
  const bodies = await meetings.listBodies(db);
  const body = bodyId ? bodies.find((b) => b.id === bodyId) : bodies.length === 1 ? bodies[0] : undefined;
  if (bodyId && !body) throw notFound('Nämnden', bodyId);
  return { ...p, addressee: body ? `${body.name} beslutar` : null };
}

// ── the appropriation 1:1 ───────────────────────────────────────────────

export interface OverrideInput {
  reason: string;
}

export interface CommitmentView {
  id: number;
  year: number;
  line: AppropriationLine;
  amountOre: Ore;
  committedOn: string;
  decisionId: number | null;
  caseNumber: string | null;
  text: string;
  override: { rule: string; reason: string; decidedBy: string; decidedOn: string; remainingBeforeOre: Ore | null; exceedingOre: Ore | null } | null;
}

export interface AppropriationInput {
  totalOre: Ore;
  indicative?: Partial<Record<AppropriationLine, Ore | null>>;
  followUpMaxOre?: Ore | null;
  outcome?: Partial<Record<AppropriationLine, Ore | null>> | null;
  version?: number;
}

export interface AppropriationView {
  year: number;
  totalOre: Ore;
  indicative: Partial<Record<AppropriationLine, Ore>>;
  followUpMaxOre: Ore;
  outcome: Partial<Record<AppropriationLine, Ore>> | null;
  summary: AppropriationSummary;
  commitments: CommitmentView[];
  version: number;
}

type AppropriationRow = NonNullable<Awaited<ReturnType<typeof store.findAppropriation>>>;

const lineOf = (r: AppropriationRow, prefix: 'indicative' | 'outcome'): Partial<Record<AppropriationLine, Ore>> => {
  const out: Partial<Record<AppropriationLine, Ore>> = {};
  const p = r[`${prefix}_projects_ore`];
  const b = r[`${prefix}_business_support_ore`];
  const f = r[`${prefix}_follow_up_ore`];
  if (p !== null) out.projects = p;
  if (b !== null) out['business-support'] = b;
  if (f !== null) out['follow-up'] = f;
  return out;
};

const toCommitment = (c: Awaited<ReturnType<typeof store.commitmentsOf>>[number]): CommitmentView => ({
  id: c.id,
  year: c.year,
  line: c.line,
  amountOre: c.amount_ore,
  committedOn: c.committed_on,
  decisionId: c.decision_id,
  caseNumber: c.case_number,
  text: c.text,
  override: c.override_rule
    ? { rule: c.override_rule, reason: c.override_reason!, decidedBy: c.override_by!, decidedOn: c.override_on!, remainingBeforeOre: c.override_remaining_before_ore, exceedingOre: c.override_exceeding_ore }
    : null,
});

function appropriationOf(r: AppropriationRow, commitments: CommitmentView[]): Appropriation {
  const hasOutcome = r.outcome_projects_ore !== null || r.outcome_business_support_ore !== null || r.outcome_follow_up_ore !== null;
  return {
    year: r.year,
    totalOre: r.total_ore,
    indicative: lineOf(r, 'indicative'),
    followUpMaxOre: r.follow_up_max_ore,
    commitments: commitments.map((c) => ({ line: c.line, amountOre: c.amountOre, ...(c.caseNumber ? { caseNumber: c.caseNumber } : {}) })),
    ...(hasOutcome ? { outcome: lineOf(r, 'outcome') } : {}),
  };
}

export async function getAppropriation(db: Db | Executor, actor: Actor, year: number): Promise<AppropriationView> {
  authorize(actor, 'funding.read');
  const ex = executorOf(db);
  const r = await store.findAppropriation(ex, year);
  if (!r) throw notFound('Anslaget 1:1 för år', year);
  const commitments = (await store.commitmentsOf(ex, year)).map(toCommitment);
  const a = appropriationOf(r, commitments);
  return {
    year: r.year,
    totalOre: r.total_ore,
    indicative: a.indicative,
    followUpMaxOre: r.follow_up_max_ore,
    outcome: a.outcome ?? null,
    summary: summarise(a),
    commitments,
    version: r.version,
  };
}

/** Registers or changes a year's appropriation (a change names the version it was based on). */
export async function setAppropriation(db: Db, actor: Actor, year: number, input: AppropriationInput): Promise<AppropriationView> {
  authorize(actor, 'funding.settings');
  const ind = input.indicative ?? {};
  const out = input.outcome ?? null;
  const probe: Appropriation = {
    year,
    totalOre: input.totalOre,
    indicative: Object.fromEntries(APPROPRIATION_LINES.flatMap((l) => (ind[l] != null ? [[l, ind[l]]] : []))),
    followUpMaxOre: input.followUpMaxOre ?? FOLLOW_UP_MAX_ORE,
    commitments: [],
    ...(out ? { outcome: Object.fromEntries(APPROPRIATION_LINES.flatMap((l) => (out[l] != null ? [[l, out[l]]] : []))) } : {}),
  };
  summarise(probe); // validates year, amounts and lines (Swedish DomainErrors)
  await db.tx(async (trx) => {
    await store.lockYear(trx, year);
    const before = await store.findAppropriation(trx, year, true);
    if (before && input.version !== before.version) {
      throw new DomainError(
        'stale-version',
        input.version === undefined
          ? `Anslaget för ${year} finns redan; ange dess version (${before.version}) för att ändra det.`
          : `Anslaget för ${year} har ändrats av ${before.updated_by} sedan du hämtade det (din version ${input.version}, nu ${before.version}). Ladda om och gör ändringen igen.`,
        { status: 409 },
      );
    }
    const row = await store.upsertAppropriation(trx, {
      year,
      total_ore: input.totalOre,
      indicative_projects_ore: ind.projects ?? null,
      indicative_business_support_ore: ind['business-support'] ?? null,
      indicative_follow_up_ore: ind['follow-up'] ?? null,
      follow_up_max_ore: input.followUpMaxOre ?? FOLLOW_UP_MAX_ORE,
      outcome_projects_ore: out?.projects ?? null,
      outcome_business_support_ore: out?.['business-support'] ?? null,
      outcome_follow_up_ore: out?.['follow-up'] ?? null,
      updated_by: actor.id,
    });
    await audit(trx, { actor: actor.id, action: 'appropriation.set', entity: 'appropriation', entityId: year, before, after: row });
  });
  return getAppropriation(db, actor, year);
}

/**
 * Records a commitment against the year's appropriation (inside the caller's
 * transaction). Beyond what is left, or without a registered appropriation,
 * it is refused unless an override with a reason is given; the override is
 * stored with the commitment and audited.
 */
async function commit(
  trx: Executor,
  actor: Actor,
  c: { year: number; line: AppropriationLine; amountOre: Ore; committedOn: IsoDate; text: string; caseId: number | null; decisionId: number | null; override?: OverrideInput | null },
): Promise<CommitmentView> {
  await store.lockYear(trx, c.year);
  const row = await store.findAppropriation(trx, c.year);
  let record: (Omit<OverrideRecord, 'rule'> & { rule: 'appropriation-exceeded' | 'follow-up-cap' | 'appropriation-missing' }) | null = null;
  if (!row) {
    const message = `Anslaget 1:1 för ${c.year} är inte registrerat, så ${formatKronor(c.amountOre)} kan inte prövas mot det. Registrera årets anslag först`;
    if (!c.override) throw new DomainError('appropriation-missing', `${message}, eller ange ett uttryckligt undantag med motivering.`, { status: 422 });
    const reason = requireText(c.override.reason, 'Motiveringen till undantaget', 'override-reason-required');
    record = { year: c.year, line: c.line, rule: 'appropriation-missing', amountOre: c.amountOre, remainingBeforeOre: 0, exceedingOre: c.amountOre, reason, decidedBy: actor.id, decidedOn: c.committedOn };
  } else {
    const existing = (await store.commitmentsOf(trx, c.year)).map(toCommitment);
    const check = canCommit(appropriationOf(row, existing), c.amountOre, {
      line: c.line,
      ...(c.override ? { override: { reason: c.override.reason, decidedBy: actor.id, decidedOn: c.committedOn } } : {}),
    });
    record = check.override;
  }
  const inserted = await store.insertCommitment(trx, {
    year: c.year,
    line: c.line,
    amount_ore: c.amountOre,
    committed_on: c.committedOn,
    decision_id: c.decisionId,
    case_id: c.caseId,
    text: c.text,
    override_rule: record?.rule ?? null,
    override_reason: record?.reason ?? null,
    override_by: record?.decidedBy ?? null,
    override_on: record?.decidedOn ?? null,
    override_remaining_before_ore: record?.remainingBeforeOre ?? null,
    override_exceeding_ore: record?.exceedingOre ?? null,
    registered_by: actor.id,
  });
  await audit(trx, { actor: actor.id, action: record ? 'appropriation.override' : 'appropriation.commit', entity: 'appropriation_commitment', entityId: inserted.id, after: { ...c, override: record } });
  const [withCase] = (await store.commitmentsOf(trx, c.year)).filter((x) => x.id === inserted.id);
  return toCommitment(withCase!);
}

/** A commitment not made through a co-financing decision (follow-up and evaluation, business support totals). */
export async function addCommitment(
  db: Db,
  actor: Actor,
  year: number,
  input: { line: AppropriationLine; amountOre: Ore; committedOn: IsoDate; text: string; caseNumber?: string | null; override?: OverrideInput | null },
): Promise<CommitmentView> {
  authorize(actor, 'funding.decide');
  if (!APPROPRIATION_LINES.includes(input.line)) throw new DomainError('invalid-line', 'Okänd del av anslaget.');
  const on = assertIsoDate(input.committedOn, 'Datum för åtagandet');
  if (Number(on.slice(0, 4)) !== year) throw new DomainError('wrong-year', `Åtagandet är daterat ${on}, inte år ${year}.`);
  const text = requireText(input.text, 'Beskrivningen av åtagandet', 'text-required');
  if (!Number.isSafeInteger(input.amountOre) || input.amountOre <= 0) throw new DomainError('invalid-amount', 'Beloppet måste vara större än 0 kronor, i hela ören.');
  return db.tx(async (trx) => {
    const caseId = input.caseNumber ? (await diarium.getCase(trx, input.caseNumber)).id : null;
    return commit(trx, actor, { year, line: input.line, amountOre: input.amountOre, committedOn: on, text, caseId, decisionId: null, override: input.override ?? null });
  });
}

// ── decisions ───────────────────────────────────────────────────────────

export type DecisionRequest =
  | { route: 'body'; meetingId: number; presenters?: string[]; override?: OverrideInput | null }
  | { route: 'delegation'; bodyId: number; decidedOn: IsoDate; officer: string; signatories: Signatory[]; override?: OverrideInput | null; amended?: Amendment | null };

/** The part of an amount paid from the state appropriation 1:1. */
function stateShare(source: FundingSource, shares: FundingShare[], amountOre: Ore): Ore {
  if (shares.length) return shares.filter((s) => s.source === 'state-1-1').reduce((s, x) => s + x.amountOre, 0);
  return source === 'state-1-1' ? amountOre : 0;
}

function requireRoute(req: DecisionRequest): void {
  const r = req as Partial<{ route: string; meetingId: number; bodyId: number; decidedOn: string; officer: string; signatories: Signatory[] }>;
  if (r.route === 'body') {
    if (!Number.isInteger(r.meetingId)) throw new DomainError('meeting-required', 'Välj sammanträdet där nämnden ska besluta (meetingId).');
  } else if (r.route === 'delegation') {
    if (!Number.isInteger(r.bodyId)) throw new DomainError('body-required', 'Ange nämnden vars delegationsordning beslutet fattas enligt (bodyId).');
    if (!r.decidedOn) throw new DomainError('date-required', 'Beslutsdatumet saknas.');
    if (!r.officer) throw new DomainError('officer-required', 'Handläggaren (tjänsteställe, handläggare) saknas.');
    if (!r.signatories?.length) throw new DomainError('signatory-required', 'Beslutet saknar undertecknare.');
  } else {
    throw new DomainError('invalid-route', 'Ange om beslutet fattas av nämnden (body) eller på delegation (delegation).');
  }
}

async function lockApplication(trx: Executor, id: number) {
  const app = await store.findApplication(trx, id, true);
  if (!app) throw notFound('Ansökan', id);
  return app;
}

/** Puts the proposal on a meeting's agenda: links the item already there for the case, or adds one. */
async function toAgenda(trx: Executor, actor: Actor, meetingId: number, app: store.ApplicationRow, item: { title: string; clauses: string[]; summary: string; presenters?: string[] }) {
  const meeting = await meetings.getMeeting(trx, meetingId);
  const caseRecord = await diarium.getCase(trx, app.case_number);
  let existing = meeting.items.find((i) => i.caseNumber === app.case_number && i.kind === 'decision');
  if (existing && (await store.itemInUse(trx, existing.id))) existing = undefined;
  if (existing) return { meeting, itemId: existing.id, itemNumber: existing.number, linked: true, caseId: caseRecord.id };
  const { id, number } = await meetings.addAgendaItem(trx, actor, meetingId, {
    title: item.title,
    kind: 'decision',
    caseId: caseRecord.id,
    presenters: item.presenters ?? [],
    proposal: { addressee: `${meeting.bodyName} beslutar`, clauses: item.clauses },
    summary: item.summary,
    decisionBasis: [`FöredragningsPM ${meeting.bodyName.toLowerCase()} ${meeting.date}, ${item.title}`, `Projektbeskrivning, ${app.project_name}`],
  });
  return { meeting, itemId: id, itemNumber: number, linked: false, caseId: caseRecord.id };
}

export interface DecisionResult {
  application: ApplicationView;
  decision: DecisionView;
  /** Body route: the agenda item, and whether it was already on the agenda (imported) or added now. */
  agendaItem: { meetingId: number; itemId: number; itemNumber: number; linked: boolean } | null;
  commitment: CommitmentView | null;
}

/** The delegated decision letter's data, validated by the pure rules (delegated.ts). */
function delegatedOf(
  app: store.ApplicationRow,
  shares: FundingShare[],
  conditions: string[],
  req: { decidedOn: IsoDate; officer: string; signatories: Signatory[] },
  terms?: { rateBp: number; capOre: Ore; start: string; end: string },
): DelegatedCoFinancing {
  return validateDelegated({
    caseNumber: app.case_number,
    decidedOn: req.decidedOn,
    officer: req.officer,
    appliedForOre: app.requested_ore,
    decision: decisionOf(app, shares, conditions, terms),
    signatories: req.signatories ?? [],
  });
}

/**
 * Decides a draft application: by the body (the proposal goes on the chosen
 * meeting's agenda; the decision is granted once the minutes record it, see
 * confirmDecision) or under delegation point 3.2 (refused above the point's
 * amount; recorded in the register of delegated decisions; granted at once).
 */
export async function decide(db: Db, actor: Actor, id: number, req: DecisionRequest): Promise<DecisionResult> {
  authorize(actor, 'funding.decide');
  requireRoute(req);
  const result = await db.tx(async (trx) => {
    const app = await lockApplication(trx, id);
    if (app.status !== 'draft') throw new DomainError('already-decided', `Ansökan är redan ${STATUS_LABEL[statusOf(app)].toLowerCase()}.`, { status: 409 });
    const shares = (await store.sharesOf(trx, app.id)).map((s) => ({ source: s.source, amountOre: s.amount_ore }));
    const base = {
      application_id: app.id,
      kind: 'grant' as const,
      rate_bp: app.rate_bp,
      added_cap_ore: app.cap_ore,
      cap_ore: app.cap_ore,
      period_start: app.period_start,
      period_end: app.period_end,
      previous_period_end: null,
      funding_source: app.funding_source,
      state_ore: stateShare(app.funding_source, shares, app.cap_ore),
      restatement: null,
      created_by: actor.id,
    };
    if (req.route === 'body') {
      const p = await buildProposal(trx, app);
      const a = await toAgenda(trx, actor, req.meetingId, app, { title: p.title, clauses: p.clauses, summary: [p.summary, app.description].filter(Boolean).join('\n\n'), ...(req.presenters ? { presenters: req.presenters } : {}) });
      const { id: decisionId } = await store.insertDecision(trx, {
        ...base, route: 'body', status: 'pending', body_id: a.meeting.bodyId, meeting_id: a.meeting.id, agenda_item_id: a.itemId, delegated_decision_id: null,
        decided_on: null, decided_by: null, conditions: p.conditions, clauses: p.lines, officer: null, signatories: null,
      });
      await store.setStatus(trx, app.id, 'proposed');
      await audit(trx, { actor: actor.id, action: 'cofinancing.propose', entity: 'cofinancing_application', entityId: app.id, after: { decisionId, meetingId: a.meeting.id, itemNumber: a.itemNumber, linked: a.linked } });
      return { decisionId, agendaItem: { meetingId: a.meeting.id, itemId: a.itemId, itemNumber: a.itemNumber, linked: a.linked }, commitment: null };
    }
    if (req.route !== 'delegation') throw new DomainError('invalid-route', 'Ange om beslutet fattas av nämnden (body) eller på delegation (delegation).');
    const decidedOn = assertIsoDate(req.decidedOn, 'Beslutsdatumet');
    // the delegate may decide other terms than proposed (a lower cap, another share, period or conditions): the letter follows the decision
    const proposedTerms: Terms = { rateBp: app.rate_bp, capOre: app.cap_ore, period: { start: app.period_start, end: app.period_end }, conditions: await conditionsFor(trx, app, 'letter') };
    const { terms: t, changes } = applyAmendment(proposedTerms, req.amended, app.requested_ore);
    const conditions = t.conditions;
    const d = delegatedOf(app, shares, conditions, req, { rateBp: t.rateBp, capOre: t.capOre, start: t.period.start, end: t.period.end });
    const letter = decisionLetter(d);
    if (changes.length) {
      Object.assign(base, { rate_bp: t.rateBp, added_cap_ore: t.capOre, cap_ore: t.capOre, period_start: t.period.start, period_end: t.period.end, state_ore: stateShare(app.funding_source, shares, t.capOre) });
      if (shares.length && t.capOre < app.cap_ore) base.state_ore = Math.floor((base.state_ore * t.capOre) / app.cap_ore);
    }
    const point = await delegation.findPoint(trx, req.bodyId, DELEGATION_POINT);
    if (!point) throw new DomainError('unknown-point', `Punkt ${DELEGATION_POINT} (Regionala utvecklingsstöd) finns inte i nämndens delegationsordning.`, { status: 422 });
    const caseRecord = await diarium.getCase(trx, app.case_number);
    const delegatedId = await delegation.registerDecisionIn(trx, actor, req.bodyId, {
      pointNumber: DELEGATION_POINT, decider: point.delegate, decidedOn, caseNumbers: [app.case_number], text: asReportedDecision(d).text, amountOre: t.capOre,
    });
    const { id: decisionId } = await store.insertDecision(trx, {
      ...base, route: 'delegation', status: 'granted', body_id: req.bodyId, meeting_id: null, agenda_item_id: null, delegated_decision_id: delegatedId,
      decided_on: decidedOn, decided_by: point.delegate, conditions, clauses: [...letter.decision, ...letter.fundingSplit], officer: d.officer, signatories: JSON.stringify(d.signatories),
    });
    await store.setStatus(trx, app.id, 'granted');
    const commitment = base.state_ore > 0
      ? await commit(trx, actor, { year: Number(decidedOn.slice(0, 4)), line: 'projects', amountOre: base.state_ore, committedOn: decidedOn, text: titleOf(app), caseId: caseRecord.id, decisionId, override: req.override ?? null })
      : null;
    await audit(trx, { actor: actor.id, action: 'cofinancing.decide', entity: 'cofinancing_application', entityId: app.id, after: { decisionId, route: 'delegation', delegatedDecisionId: delegatedId, decidedOn, ...(changes.length ? { terms: t, changes } : {}) } });
    return { decisionId, agendaItem: null, commitment };
  });
  const application = await getApplication(db, actor, id);
  return { application, decision: application.decisions.find((d) => d.id === result.decisionId)!, agendaItem: result.agendaItem, commitment: result.commitment };
}

export interface ConfirmationRequest {
  override?: OverrideInput | null;
  /** The application's version read; required with an amendment or a rejection. */
  version?: number;
  /** What the body decided instead of the proposal ("Beslut med ändring" in the minutes). */
  amended?: Amendment | null;
  /** The body said no (avslag), with the reasons. */
  rejected?: { reason: string } | null;
}

/** The pending decision's terms, what the confirmation rule works on. */
const termsOf = (d: store.DecisionRow): Terms => ({ rateBp: d.rate_bp, capOre: d.cap_ore, period: { start: d.period_start, end: d.period_end }, conditions: d.conditions });

/** The state part of an amended cap: the whole cap from 1:1, or the split's 1:1 share scaled down with it (rounded down). */
function amendedStateShare(app: store.ApplicationRow, shares: FundingShare[], pending: store.DecisionRow, capOre: Ore): Ore {
  if (pending.kind === 'extension') return app.funding_source === 'state-1-1' ? Math.max(0, pending.added_cap_ore - (pending.cap_ore - capOre)) : 0;
  if (!shares.length) return app.funding_source === 'state-1-1' ? capOre : 0;
  return Math.min(stateShare(app.funding_source, shares, capOre), Math.floor((stateShare(app.funding_source, shares, capOre) * capOre) / pending.cap_ore));
}

/**
 * Records the body's decision on the pending proposal (a grant or an
 * extension) from the meeting's minutes, and only from adjusted minutes
 * (confirmation.ts): "enligt förslaget" grants the proposed terms; "med
 * ändring" grants the terms the body decided (another share, cap, period or
 * conditions, given in the request) or records the avslag with its reasons.
 * Decided on the meeting's date; the state part of a grant is committed
 * against that year's appropriation.
 */
export async function confirmDecision(db: Db, actor: Actor, id: number, req: ConfirmationRequest = {}): Promise<DecisionResult> {
  authorize(actor, 'funding.decide');
  if ((req.amended || req.rejected) && req.version === undefined) throw new DomainError('version-required', 'Ange ansökans version för att registrera nämndens beslut.');
  const result = await db.tx(async (trx) => {
    const app = await lockApplication(trx, id);
    assertVersion(app.version, req.version, 'Ansökan', app.updated_by);
    const pending = (await store.decisionsOf(trx, app.id)).find((d) => d.status === 'pending');
    if (!pending) throw new DomainError('nothing-pending', 'Det finns inget förslag till nämnden att bekräfta för ansökan.', { status: 409 });
    const view = await minutes.getMinutes(trx, pending.meeting_id!).catch((e: unknown) => {
      if (e instanceof DomainError && e.status === 404) return null;
      throw e;
    });
    const d = view?.decisions.find((x) => x.agendaItemId === pending.agenda_item_id) ?? null;
    const outcome = confirmation({
      route: 'body',
      minutes: view ? { status: view.status, meetingDate: view.meetingDate, bodyName: view.bodyName } : null,
      item: d ? { outcome: d.outcome, outcomeLabel: d.outcomeLabel, paragraph: d.paragraph } : null,
      proposed: termsOf(pending),
      maxCapOre: pending.kind === 'grant' ? app.requested_ore : pending.cap_ore,
      amended: req.amended ?? null,
      rejected: req.rejected ?? null,
    });
    const m = view!;
    const item = d!;
    const agendaItem = { meetingId: m.meetingId, itemId: item.agendaItemId, itemNumber: item.itemNumber, linked: true };
    if (outcome.kind === 'rejected') {
      await store.endDecision(trx, pending.id, 'rejected', m.meetingDate, m.bodyName);
      if (pending.kind === 'grant') await store.closeApplication(trx, app.id, { status: 'rejected', on: m.meetingDate, by: actor.id, reason: outcome.reason });
      await audit(trx, { actor: actor.id, action: 'cofinancing.reject', entity: 'cofinancing_application', entityId: app.id, before: { status: app.status, version: app.version }, after: { decisionId: pending.id, meetingId: m.meetingId, paragraph: item.paragraph, reason: outcome.reason } });
      return { decisionId: pending.id, agendaItem, commitment: null };
    }
    let stateOre = pending.state_ore;
    if (outcome.amended) {
      const shares = (await store.sharesOf(trx, app.id)).map((s) => ({ source: s.source, amountOre: s.amount_ore }));
      const t = outcome.terms;
      stateOre = amendedStateShare(app, shares, pending, t.capOre);
      const decided = decisionOf(app, shares, t.conditions, { capOre: t.capOre, end: t.period.end, rateBp: t.rateBp, start: t.period.start });
      await store.amendDecision(trx, pending.id, {
        rate_bp: t.rateBp,
        cap_ore: t.capOre,
        added_cap_ore: pending.kind === 'grant' ? t.capOre : Math.max(0, pending.added_cap_ore - (pending.cap_ore - t.capOre)),
        period_start: t.period.start,
        period_end: t.period.end,
        state_ore: stateOre,
        conditions: t.conditions,
        clauses: pending.kind === 'grant' ? proposalLines(proposalClauses(decided)) : pending.clauses,
        restatement: pending.kind === 'grant' ? pending.restatement : restatement(decided),
      });
    }
    await store.grantDecision(trx, pending.id, m.meetingDate, m.bodyName);
    if (pending.kind === 'grant') await store.setStatus(trx, app.id, 'granted');
    const caseRecord = await diarium.getCase(trx, app.case_number);
    const commitment = stateOre > 0
      ? await commit(trx, actor, {
          year: Number(m.meetingDate.slice(0, 4)), line: 'projects', amountOre: stateOre, committedOn: m.meetingDate,
          text: pending.kind === 'grant' ? titleOf(app) : `Utökad medfinansiering av projekt ${app.project_name}`, caseId: caseRecord.id, decisionId: pending.id, override: req.override ?? null,
        })
      : null;
    await audit(trx, {
      actor: actor.id, action: outcome.amended ? 'cofinancing.confirm-amended' : 'cofinancing.confirm', entity: 'cofinancing_application', entityId: app.id,
      ...(outcome.amended ? { before: termsOf(pending) } : {}),
      after: { decisionId: pending.id, meetingId: m.meetingId, paragraph: item.paragraph, ...(outcome.amended ? { terms: outcome.terms, changes: outcome.changes } : {}) },
    });
    return { decisionId: pending.id, agendaItem, commitment };
  });
  const application = await getApplication(db, actor, id);
  return { application, decision: application.decisions.find((d) => d.id === result.decisionId)!, agendaItem: result.agendaItem, commitment: result.commitment };
}

/**
 * Moves the pending proposal to another meeting (the body tabled it or
 * referred it back, or it is to be decided elsewhere): the item goes on that
 * meeting's agenda, and the proposal waits for its minutes. Refused once the
 * minutes of the first meeting decide it.
 */
export async function moveDecision(db: Db, actor: Actor, id: number, req: { meetingId: number; version?: number; presenters?: string[] }): Promise<DecisionResult> {
  authorize(actor, 'funding.decide');
  if (!Number.isInteger(req.meetingId)) throw new DomainError('meeting-required', 'Välj sammanträdet dit förslaget ska flyttas (meetingId).');
  if (req.version === undefined) throw new DomainError('version-required', 'Ange ansökans version för att flytta förslaget.');
  const result = await db.tx(async (trx) => {
    const app = await lockApplication(trx, id);
    assertVersion(app.version, req.version, 'Ansökan', app.updated_by);
    const pending = (await store.decisionsOf(trx, app.id)).find((d) => d.status === 'pending');
    if (!pending || pending.route !== 'body') throw new DomainError('nothing-pending', 'Det finns inget förslag till nämnden att flytta för ansökan.', { status: 409 });
    if (pending.meeting_id === req.meetingId) throw new DomainError('same-meeting', 'Förslaget ligger redan på det sammanträdets föredragningslista.', { status: 409 });
    const view = await minutes.getMinutes(trx, pending.meeting_id!).catch(() => null);
    const d = view?.decisions.find((x) => x.agendaItemId === pending.agenda_item_id);
    if (d && d.outcome !== 'tabled' && d.outcome !== 'referred-back') {
      throw new DomainError('already-decided', `Protokollet från ${view!.meetingDate} har redan ett beslut under punkten (${d.outcomeLabel.toLowerCase()}); förslaget kan inte flyttas.`, { status: 409 });
    }
    const title = pending.kind === 'grant' ? titleOf(app) : pending.added_cap_ore > 0 ? `Utökad medfinansiering av projekt ${app.project_name}` : `Förlängning av projekt ${app.project_name}`;
    const clauses = pending.kind === 'grant' ? (await buildProposal(trx, app)).clauses : pending.clauses;
    const summary = pending.kind === 'grant' ? [applicationSummary(decisionOf(app, [], [])), app.description].filter(Boolean).join('\n\n') : pending.restatement ?? '';
    const a = await toAgenda(trx, actor, req.meetingId, app, { title, clauses, summary, ...(req.presenters ? { presenters: req.presenters } : {}) });
    await store.moveDecision(trx, pending.id, { body_id: a.meeting.bodyId, meeting_id: a.meeting.id, agenda_item_id: a.itemId });
    await store.touchApplication(trx, app.id, actor.id);
    await audit(trx, {
      actor: actor.id, action: 'cofinancing.move', entity: 'cofinancing_application', entityId: app.id,
      before: { decisionId: pending.id, meetingId: pending.meeting_id, agendaItemId: pending.agenda_item_id, outcome: d?.outcome ?? null },
      after: { meetingId: a.meeting.id, agendaItemId: a.itemId, itemNumber: a.itemNumber, linked: a.linked },
    });
    return { decisionId: pending.id, agendaItem: { meetingId: a.meeting.id, itemId: a.itemId, itemNumber: a.itemNumber, linked: a.linked } };
  });
  const application = await getApplication(db, actor, id);
  return { application, decision: application.decisions.find((d) => d.id === result.decisionId)!, agendaItem: result.agendaItem, commitment: null };
}

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

// ── payouts ─────────────────────────────────────────────────────────────

export interface ClaimInput {
  /** The period the booked costs were booked in. */
  periodFrom: IsoDate;
  periodTo: IsoDate;
  bookedCostsOre: Ore;
  claimedOn: IsoDate;
  reference?: string | null;
  /** The last claim (slutrekvisition): needs the date the final report came in. */
  final?: boolean | null;
  finalReportOn?: IsoDate | null;
}

export interface PayoutResult {
  payout: PayoutView;
  /** What was left under the cap before and after this payout (for a prepared one: if it were attested now). */
  remainingBeforeOre: Ore;
  remainingOre: Ore;
  capReached: boolean;
}

const PAYOUT_STATUS_LABEL: Record<PayoutStatus, string> = { prepared: 'Förberedd, väntar på attest', attested: 'Attesterad', reversed: 'Återförd' };

type PayoutRow = Awaited<ReturnType<typeof store.payoutsOf>>[number];

function toPayoutView(p: PayoutRow, staff = true): PayoutView {
  const v: PayoutView = {
    id: p.id, status: p.status, statusLabel: PAYOUT_STATUS_LABEL[p.status], claimedOn: p.claimed_on,
    period: p.period_from && p.period_to ? { from: p.period_from, to: p.period_to } : null,
    reference: p.reference, bookedCostsOre: p.booked_costs_ore, shareOre: p.share_ore, paidOre: p.paid_ore,
    capOre: p.cap_ore, paidBeforeOre: p.paid_before_ore, capReached: p.paid_before_ore + p.paid_ore >= p.cap_ore,
    final: p.final, finalReportOn: p.final_report_on, attestedOn: p.attested_on,
    preparedBy: null, attestedBy: null, reversedBy: null, reversedAt: null, reversalReason: null, version: p.version,
  };
  if (!staff) return v;
  return {
    ...v, preparedBy: p.registered_by, attestedBy: p.attested_by, reversedBy: p.reversed_by,
    reversedAt: p.reversed_at ? new Date(p.reversed_at).toISOString() : null, reversalReason: p.reversal_reason,
  };
}

/**
 * The claim rules' context for a decision: the project period as extended, the budget, and the earlier claims
 * not reversed – at attest, those registered before the claim (`before`, its id), so the claim is checked as it was when prepared.
 */
async function claimContext(trx: Executor, app: store.ApplicationRow, grant: store.DecisionRow, before?: number): Promise<{ ctx: ClaimContext; last: store.DecisionRow }> {
  const last = granted(await store.decisionsOf(trx, app.id)).at(-1)!;
  const earlier = (await store.payoutsOf(trx, grant.id))
    .filter((p) => p.status !== 'reversed' && (before === undefined || p.id < before))
    .map((p) => ({ periodFrom: p.period_from, periodTo: p.period_to, bookedCostsOre: p.booked_costs_ore, final: p.final }));
  const budget = await loadBudget(trx, app);
  return {
    ctx: { today: todayInStockholm(), decidedOn: grant.decided_on!, project: { start: last.period_start, end: last.period_end }, budgetedCostsOre: budgetedCosts(budget), earlier },
    last,
  };
}

const capReachedError = (capOre: Ore) =>
  new DomainError('cap-reached', `Hela beviljade beloppet ${formatKronor(capOre)} är redan utbetalt; inget återstår att betala ut.`, { status: 409 });

/**
 * Prepares a payout on a claim (the handläggare's step): the claim is checked
 * (claims.ts) and what would be payable now is shown, min(rate × booked
 * costs, cap − attested), rounded down (payout.ts). Nothing is paid until a
 * second person attests it (attestPayout). The grant row is locked, so two
 * claims at once are checked one after the other (overlap, budget).
 */
export async function registerPayout(db: Db, actor: Actor, id: number, input: ClaimInput): Promise<PayoutResult> {
  authorize(actor, 'funding.edit');
  const reference = line(input.reference) || null;
  const claim: Claim = {
    periodFrom: input.periodFrom, periodTo: input.periodTo, claimedOn: input.claimedOn, bookedCostsOre: input.bookedCostsOre,
    final: Boolean(input.final), finalReportOn: input.finalReportOn || null,
  };
  return db.tx(async (trx) => {
    const app = await store.findApplication(trx, id);
    if (!app) throw notFound('Ansökan', id);
    const grant = await store.lockGrant(trx, id);
    if (!grant || grant.status !== 'granted') throw new DomainError('not-granted', 'Utbetalning kan bara göras mot en beviljad medfinansiering.', { status: 409 });
    const { ctx, last } = await claimContext(trx, app, grant);
    const paidBefore = await store.paidOn(trx, grant.id);
    const p = payable({ rateBp: last.rate_bp, capOre: last.cap_ore }, claim.bookedCostsOre, paidBefore);
    if (p.remainingBeforeOre === 0) throw capReachedError(last.cap_ore);
    const checked = checkClaim(claim, ctx);
    const row = await store.insertPayout(trx, {
      decision_id: grant.id, status: 'prepared', claimed_on: claim.claimedOn, period_from: claim.periodFrom, period_to: claim.periodTo, reference,
      booked_costs_ore: claim.bookedCostsOre, share_ore: p.shareOre, paid_ore: p.payableOre, cap_ore: last.cap_ore, paid_before_ore: paidBefore,
      final: claim.final, final_report_on: claim.finalReportOn, registered_by: actor.id,
    });
    await audit(trx, { actor: actor.id, action: 'cofinancing.payout-prepare', entity: 'cofinancing_payout', entityId: row.id, after: { applicationId: id, ...input, payable: p, budget: checked } });
    return { payout: toPayoutView(row), remainingBeforeOre: p.remainingBeforeOre, remainingOre: p.remainingAfterOre, capReached: p.capReached };
  });
}

/**
 * Attests a prepared payout (the second person's step, 'funding.attest'):
 * never the one who prepared it. Under the grant's row lock the claim is
 * checked again and the amount computed anew against what is attested now,
 * min(rate × booked costs, cap − paid), so two attests at once never pay
 * above the cap. From here the payout counts as paid and goes in the payment file.
 */
export async function attestPayout(db: Db, actor: Actor, payoutId: number, input: { version?: number } = {}): Promise<PayoutResult> {
  authorize(actor, 'funding.attest');
  return db.tx(async (trx) => {
    const found = await store.findPayout(trx, payoutId);
    if (!found) throw notFound('Utbetalningen', payoutId);
    const app = await store.findApplication(trx, found.application_id);
    const grant = await store.lockGrant(trx, found.application_id);
    const row = (await store.findPayout(trx, payoutId, true))!; // locked after the grant, as every payout change does
    assertVersion(row.version, input.version, 'Utbetalningen');
    if (row.status !== 'prepared') {
      throw new DomainError('payout-not-prepared', `Utbetalningen är ${PAYOUT_STATUS_LABEL[row.status].toLowerCase()}; bara en förberedd utbetalning kan attesteras.`, { status: 409 });
    }
    if (row.registered_by === actor.id) {
      throw new DomainError('attest-same-person', 'Du har själv förberett utbetalningen och kan inte attestera den. En annan person med attesträtt måste attestera.', { status: 403 });
    }
    if (!app || !grant || grant.status !== 'granted') throw new DomainError('not-granted', 'Utbetalning kan bara göras mot en beviljad medfinansiering.', { status: 409 });
    const { ctx, last } = await claimContext(trx, app, grant, row.id);
    const paidBefore = await store.paidOn(trx, grant.id);
    const p = payable({ rateBp: last.rate_bp, capOre: last.cap_ore }, row.booked_costs_ore, paidBefore);
    if (p.remainingBeforeOre === 0) throw capReachedError(last.cap_ore);
    checkClaim(
      { periodFrom: row.period_from!, periodTo: row.period_to!, claimedOn: row.claimed_on, bookedCostsOre: row.booked_costs_ore, final: row.final, finalReportOn: row.final_report_on },
      ctx,
    );
    const updated = await store.attestPayout(trx, row.id, {
      share_ore: p.shareOre, paid_ore: p.payableOre, cap_ore: last.cap_ore, paid_before_ore: paidBefore, attested_by: actor.id, attested_on: todayInStockholm(),
    });
    await audit(trx, {
      actor: actor.id, action: 'cofinancing.payout-attest', entity: 'cofinancing_payout', entityId: row.id,
      before: { status: row.status, paidOre: row.paid_ore }, after: { applicationId: app.id, status: 'attested', payable: p },
    });
    return { payout: toPayoutView(updated), remainingBeforeOre: p.remainingBeforeOre, remainingOre: p.remainingAfterOre, capReached: p.capReached };
  });
}

/**
 * Reverses a payout with a reason (audited): an attested one no longer counts
 * as paid ('funding.attest'; the money is claimed back in the finance
 * system), a prepared one is withdrawn before it was paid ('funding.edit').
 * The row stays, with who reversed it, when and why.
 */
export async function reversePayout(db: Db, actor: Actor, payoutId: number, input: { reason: string; version?: number }): Promise<PayoutView> {
  authorize(actor, 'funding.edit');
  const reason = requireText(input.reason, 'Skälet till återföringen', 'reversal-reason-required');
  return db.tx(async (trx) => {
    const found = await store.findPayout(trx, payoutId);
    if (!found) throw notFound('Utbetalningen', payoutId);
    await store.lockGrant(trx, found.application_id);
    const row = (await store.findPayout(trx, payoutId, true))!;
    assertVersion(row.version, input.version, 'Utbetalningen');
    if (row.status === 'reversed') throw new DomainError('payout-reversed', 'Utbetalningen är redan återförd.', { status: 409 });
    if (row.status === 'attested') authorize(actor, 'funding.attest');
    const updated = await store.reversePayout(trx, row.id, { reversed_by: actor.id, reversal_reason: reason });
    await audit(trx, {
      actor: actor.id, action: 'cofinancing.payout-reverse', entity: 'cofinancing_payout', entityId: row.id,
      before: { status: row.status, paidOre: row.paid_ore }, after: { applicationId: row.application_id, status: 'reversed', reason },
    });
    return toPayoutView(updated);
  });
}

/** "94257,00": kronor with a decimal comma and two decimals, no grouping (the payment file's amount). */
export function kronorDecimal(ore: Ore): string {
  if (!Number.isSafeInteger(ore) || ore < 0) throw new DomainError('invalid-amount', 'Beloppet är inte ett helt antal ören.');
  return `${Math.floor(ore / 100)},${String(ore % 100).padStart(2, '0')}`;
}

/** A CSV cell: quoted when it holds a separator, a quote or a line break; a leading =, +, - or @ is defused with an apostrophe (no formulas in Excel). */
function csvCell(v: string | null): string {
  let s = v ?? '';
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const PAYMENT_FILE_HEADER = ['Datum', 'Diarienummer', 'Mottagare', 'Organisationsnummer', 'Belopp', 'Referens'] as const;

/**
 * The payment file for the finance system (docs/funding.md, "The payment
 * file"): the payouts attested from `from` to `to` (attest dates,
 * inclusive), UTF-8 with a byte order mark, semicolons, CRLF.
 */
export async function paymentFile(db: Db, actor: Actor, f: { from: IsoDate; to: IsoDate }): Promise<string> {
  authorize(actor, 'funding.attest');
  const from = assertIsoDate(f.from, 'Från-datumet');
  const to = assertIsoDate(f.to, 'Till-datumet');
  if (from > to) throw new DomainError('invalid-range', `Från-datumet ${from} ligger efter till-datumet ${to}.`);
  const rows = await store.attestedBetween(db.kysely, from, to);
  const lines = [
    PAYMENT_FILE_HEADER.join(';'),
    ...rows.map((r) =>
      [r.attested_on!, r.case_number, r.applicant_name, r.org_number, kronorDecimal(r.paid_ore), r.reference ?? `Rekvisition ${r.claimed_on} (utbetalning ${r.id})`].map(csvCell).join(';'),
    ),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

// ── the delegated decision letter ───────────────────────────────────────

export interface LetterData {
  caseNumber: string;
  decidedOn: string;
  officer: string;
  applicant: { name: string; address: string[] };
  title: string;
  letter: DecisionLetter;
  signatories: Signatory[];
}

/** The letter of a grant decided under delegation, from the stored decision (its conditions as they were decided). */
export async function letterOf(db: Db, actor: Actor, id: number): Promise<LetterData> {
  const app = await store.findApplication(db.kysely, id);
  if (!app || (app.status !== 'granted' && !can(actor, 'funding.read'))) throw notFound('Ansökan', id);
  const grant = (await store.decisionsOf(db.kysely, id)).find((d) => d.kind === 'grant');
  if (!grant || grant.route !== 'delegation' || grant.status !== 'granted') {
    throw new DomainError('no-letter', 'Ansökan har inget delegationsbeslut; beslutsbrevet skrivs bara för beslut enligt punkt 3.2.', { status: 404 });
  }
  const shares = (await store.sharesOf(db.kysely, id)).map((s) => ({ source: s.source, amountOre: s.amount_ore }));
  const signatories = (grant.signatories ?? []) as Signatory[];
  // the letter follows the decision as decided (an amended share, cap or period), not the application's proposal
  const d = delegatedOf(app, shares, grant.conditions, { decidedOn: grant.decided_on!, officer: grant.officer ?? '', signatories }, { rateBp: grant.rate_bp, capOre: grant.cap_ore, start: grant.period_start, end: grant.period_end });
  const publicCopy = !can(actor, 'funding.read');
  const masked = app.natural_person && publicCopy;
  const pub = personalText(app, publicCopy);
  const letter = decisionLetter(d);
  return {
    caseNumber: app.case_number,
    decidedOn: grant.decided_on!,
    officer: d.officer,
    applicant: { name: masked ? SOLE_TRADER_MASK : app.applicant_name, address: masked ? [] : app.address },
    title: pub(titleOf(app)),
    letter: publicCopy
      ? { ...letter, application: letter.application.map(pub), decision: letter.decision.map(pub), fundingSplit: letter.fundingSplit.map(pub), conditions: letter.conditions.map(pub) }
      : letter,
    signatories: d.signatories,
  };
}

// ── for the state report (återrapportering) ─────────────────────────────

export interface YearCommitment {
  decisionId: number;
  applicationId: number;
  kind: 'grant' | 'extension';
  route: 'body' | 'delegation';
  caseNumber: string;
  applicant: string;
  projectName: string;
  source: FundingSource;
  /** The amount decided from this source: the cap (or its share of a split) for a grant, the added amount for an extension. */
  amountOre: Ore;
  decidedOn: string;
  priorityArea: string;
  priorityRank: string;
  euCofinancing: boolean;
}

/** The co-financing decisions granted in a year, one entry per funding source (a period-only extension has no amount and is left out). */
export async function commitmentsForYear(ex: Db | Executor, year: number): Promise<YearCommitment[]> {
  const e = executorOf(ex);
  const rows = await store.grantedInYear(e, year);
  const out: YearCommitment[] = [];
  for (const r of rows) {
    const base = {
      decisionId: r.id, applicationId: r.application_id, kind: r.kind, route: r.route, caseNumber: r.case_number, applicant: r.applicant_name, projectName: r.project_name,
      decidedOn: r.decided_on!, priorityArea: r.priority_area, priorityRank: r.priority_rank, euCofinancing: r.eu_cofinancing,
    };
    const shares = r.kind === 'grant' ? await store.sharesOf(e, r.application_id) : [];
    if (shares.length) for (const s of shares) out.push({ ...base, source: s.source, amountOre: s.amount_ore });
    else if (r.added_cap_ore > 0) out.push({ ...base, source: r.funding_source, amountOre: r.added_cap_ore });
  }
  return out;
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
