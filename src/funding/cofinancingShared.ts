/**
 * Co-financing: helpers the use cases share (row → view, the decision record the
 * pure rules work on, locks). Internal to the cofinancing*.ts files.
 */
import type { Executor } from '../db/index.ts';
import { notFound } from '../kernel/errors.ts';
import type { IsoDate } from '../kernel/dates.ts';
import type { Ore } from '../kernel/kronor.ts';
import type { CoFinancingDecision, FundingShare, FundingSource } from './decision.ts';
import type { RenderedClause } from './proposal.ts';
import type { CostCategory, ProjectBudget } from './budget.ts';
import { validateDelegated, type DelegatedCoFinancing, type Signatory } from './delegated.ts';
import * as store from './cofinancingStore.ts';
import { effectiveProfile, type PlanYear } from './appropriationProfile.ts';
import { isPersonalNumber, maskText, NATURAL_PERSON_MASK } from '../publish/mask.ts';
import { PAYOUT_STATUS_LABEL, type DecisionView, type PaymentPlanView, type PayoutView, type PriorityRef } from './cofinancingTypes.ts';

// ── helpers ─────────────────────────────────────────────────────────────

export const SOLE_TRADER_MASK = NATURAL_PERSON_MASK;

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
export const personalText = (app: Pick<store.ApplicationRow, 'natural_person' | 'applicant_name'>, masked: boolean) =>
  masked && app.natural_person ? (s: string) => maskText(s, [app.applicant_name]) : (s: string) => maskText(s);

export const line = (s: string | null | undefined) => String(s ?? '').replace(/\s+/g, ' ').trim();

export const toDecisionView = (d: store.DecisionRow, app?: store.ApplicationRow, priorities?: ReadonlyMap<number, PriorityRef>): DecisionView => ({
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
  priority: d.strategy_priority_id === null ? null : (priorities?.get(d.strategy_priority_id) ?? null),
  version: d.version,
});

/** The strategy's priorities by id (a short table), for the views. */
export async function priorityMap(ex: Executor): Promise<Map<number, PriorityRef>> {
  const rows = await ex.selectFrom('strategy_priority').select(['id', 'code', 'name']).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, code: r.code, name: r.name }]));
}

export async function loadBudget(ex: Executor, app: store.ApplicationRow): Promise<ProjectBudget> {
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
export function decisionOf(app: store.ApplicationRow, shares: FundingShare[], conditions: string[], terms?: { capOre: Ore; end: string; rateBp?: number; start?: string }): CoFinancingDecision {
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

export const granted = (ds: store.DecisionRow[]) => ds.filter((d) => d.status === 'granted');


/** The conditions of a decision: standard ones (the active list), the case's own, then the closing ones (general terms). */
export async function conditionsFor(ex: Executor, app: store.ApplicationRow, form: 'proposal' | 'letter'): Promise<string[]> {
  const list = (await store.conditions(ex, { activeOnly: true })).filter((c) => c.applies_to === 'all' || app.aimed_at_companies);
  const text = (c: (typeof list)[number]) => (form === 'letter' ? c.text_letter : c.text_proposal);
  return [...list.filter((c) => !c.closing).map(text), ...app.case_conditions, ...list.filter((c) => c.closing).map(text)];
}

export const itemClauses = (rendered: RenderedClause[]) => rendered.map((c) => [c.text, ...c.bullets].join('\n'));
export const titleOf = (app: store.ApplicationRow) => `Medfinansiering av ${app.project_name}`;

/** The part of an amount paid from the state appropriation 1:1. */
export function stateShare(source: FundingSource, shares: FundingShare[], amountOre: Ore): Ore {
  if (shares.length) return shares.filter((s) => s.source === 'state-1-1').reduce((s, x) => s + x.amountOre, 0);
  return source === 'state-1-1' ? amountOre : 0;
}

export async function lockApplication(trx: Executor, id: number) {
  const app = await store.findApplication(trx, id, true);
  if (!app) throw notFound('Ansökan', id);
  return app;
}


/** The delegated decision letter's data, validated by the pure rules (delegated.ts). */
export function delegatedOf(
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

export type PayoutRow = Awaited<ReturnType<typeof store.payoutsOf>>[number];

export function toPayoutView(p: PayoutRow, staff = true): PayoutView {
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


/** A stored date as ISO (a date column may come back as a Date on some drivers). */
export const isoDay = (d: string | Date | null): string | null => (d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));


/** A granted application's payment profile with what was paid per year; null before the grant. */
export function planView(
  decisions: Array<{ status?: string; cap_ore: number; state_ore: number; period_start: string; period_end: string }>,
  stored: PlanYear[],
  attested: Array<{ attestedOn: string | null; paidOre: Ore }>,
): PaymentPlanView | null {
  const granted = decisions.filter((d) => d.status === undefined || d.status === 'granted');
  const last = granted.at(-1);
  if (!last) return null;
  const period = { start: last.period_start, end: last.period_end };
  const p = effectiveProfile(stored, last.cap_ore, period);
  const paidIn = new Map<number, number>();
  for (const a of attested) if (a.attestedOn) paidIn.set(Number(a.attestedOn.slice(0, 4)), (paidIn.get(Number(a.attestedOn.slice(0, 4))) ?? 0) + a.paidOre);
  const years = [...new Set([...p.years.map((y) => y.year), ...paidIn.keys()])].sort((a, b) => a - b);
  return {
    capOre: last.cap_ore,
    stateOre: granted.reduce((s, d) => s + d.state_ore, 0),
    years: years.map((year) => ({ year, plannedOre: p.years.find((y) => y.year === year)?.amountOre ?? 0, paidOre: paidIn.get(year) ?? 0 })),
    custom: p.custom,
    stale: p.stale,
  };
}
