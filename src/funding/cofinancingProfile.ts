/**
 * Co-financing use cases: the payment profile of a granted co-financing (the
 * payouts planned per year, editable; by default the cap split over the
 * project period) and the 1:1 appropriation per year as the economist
 * follows it: decided, planned payouts, paid and remaining, with every
 * grant's profile over the years it runs; the warning before a decision
 * would go beyond what is left of the year (issue 16.5).
 */
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { assertVersion } from '../kernel/version.ts';
import { todayInStockholm } from '../kernel/dates.ts';
import type { Ore } from '../kernel/kronor.ts';
import { authorize, type Actor } from '../access/model.ts';
import { overCommitment, statePart, validatePlan, type OverCommitment, type PlanYear } from './appropriationProfile.ts';
import * as store from './cofinancingStore.ts';
import { granted, isoDay, lockApplication, planView, stateShare, SOLE_TRADER_MASK } from './cofinancingShared.ts';
import { getApplication } from './cofinancingApplications.ts';
import { toCommitment } from './cofinancingAppropriation.ts';
import type { ApplicationView } from './cofinancingTypes.ts';

/** Sets the payouts planned per year of a granted co-financing; they must sum to the cap in force (names the version read). */
export async function setPaymentPlan(db: Db, actor: Actor, id: number, input: { years: PlanYear[]; version?: number }): Promise<ApplicationView> {
  authorize(actor, 'funding.edit');
  if (input.version === undefined) throw new DomainError('version-required', 'Ange ansökans version för att ändra betalningsplanen.');
  await db.tx(async (trx) => {
    const app = await lockApplication(trx, id);
    assertVersion(app.version, input.version, 'Ansökan', app.updated_by);
    const last = granted(await store.decisionsOf(trx, id)).at(-1);
    if (app.status !== 'granted' || !last) throw new DomainError('not-granted', 'Betalningsplanen kan bara anges för en beviljad medfinansiering.', { status: 409 });
    const years = validatePlan(input.years, last.cap_ore, { start: last.period_start, end: last.period_end });
    const before = await store.planOf(trx, id);
    await store.replacePlan(trx, id, years, actor.id);
    await store.touchApplication(trx, id, actor.id);
    await audit(trx, { actor: actor.id, action: 'cofinancing.payment-plan', entity: 'cofinancing_application', entityId: id, before: { plan: before }, after: { plan: years, capOre: last.cap_ore } });
  });
  return getApplication(db, actor, id);
}

export interface AppropriationYear {
  year: number;
  /** The year's appropriation 1:1; null when not registered. */
  totalOre: Ore | null;
  /** Committed by decisions taken that year (every line). */
  decidedOre: Ore;
  /** The state part of the payouts planned for the year by every granted co-financing's profile. */
  plannedOre: Ore;
  /** The state part of what was attested (paid) that year. */
  paidOre: Ore;
  /** What is left to decide: total − decided; null without a registered appropriation. */
  remainingOre: Ore | null;
}

export interface GrantProfile {
  applicationId: number;
  caseNumber: string;
  projectName: string;
  applicant: string;
  capOre: Ore;
  stateOre: Ore;
  paidOre: Ore;
  custom: boolean;
  stale: boolean;
  years: Array<{ year: number; plannedOre: Ore; paidOre: Ore }>;
}

export interface AppropriationProfileView {
  from: number;
  to: number;
  years: AppropriationYear[];
  grants: GrantProfile[];
}

/** The appropriation year by year (at most 12 years) with the payment profile of every granted co-financing. */
export async function appropriationProfile(db: Db | Executor, actor: Actor, range: { from: number; to: number }): Promise<AppropriationProfileView> {
  authorize(actor, 'funding.read');
  const { from, to } = range;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 2000 || to > 2100 || from > to) throw new DomainError('invalid-range', `Åren ${from}–${to} är ogiltiga (2000–2100, från före till).`);
  if (to - from > 11) throw new DomainError('invalid-range', 'Välj högst tolv år åt gången.');
  const ex = executorOf(db);
  const grants: GrantProfile[] = [];
  for (const g of await store.grantedWithPlans(ex)) {
    const p = planView(g.decisions, g.plan, g.paid.map((x) => ({ attestedOn: isoDay(x.attestedOn), paidOre: x.paidOre })));
    if (!p) continue;
    grants.push({
      applicationId: g.id, caseNumber: g.case_number, projectName: g.project_name, applicant: g.natural_person ? SOLE_TRADER_MASK : g.applicant_name,
      capOre: p.capOre, stateOre: p.stateOre, paidOre: p.years.reduce((s, y) => s + y.paidOre, 0), custom: p.custom, stale: p.stale, years: p.years,
    });
  }
  const years: AppropriationYear[] = [];
  for (let year = from; year <= to; year++) {
    const row = await store.findAppropriation(ex, year);
    const commitments = (await store.commitmentsOf(ex, year)).map(toCommitment);
    const decidedOre = commitments.reduce((s, c) => s + c.amountOre, 0);
    let plannedOre = 0;
    let paidOre = 0;
    for (const g of grants) {
      const y = g.years.find((x) => x.year === year);
      if (!y) continue;
      plannedOre += statePart(y.plannedOre, g.stateOre, g.capOre);
      paidOre += statePart(y.paidOre, g.stateOre, g.capOre);
    }
    years.push({ year, totalOre: row?.total_ore ?? null, decidedOre, plannedOre, paidOre, remainingOre: row ? row.total_ore - decidedOre : null });
  }
  return { from, to, years, grants };
}

/** What is left of a year's appropriation 1:1 before a new decision: total − committed (null: none registered). */
export async function remainingIn(ex: Executor, year: number): Promise<Ore | null> {
  const row = await store.findAppropriation(ex, year);
  if (!row) return null;
  return row.total_ore - (await store.commitmentsOf(ex, year)).reduce((s, c) => s + c.amount_ore, 0);
}

export interface AppropriationCheck {
  year: number;
  /** The part of the proposed cap committed against the state appropriation 1:1. */
  stateOre: Ore;
  remainingOre: Ore | null;
  warning: OverCommitment | null;
}

/**
 * Before a proposal or decision: whether its state part fits what is left of
 * the year (the year given: the meeting's or the decision date's; else the
 * pending proposal's meeting year; else this year). A pending proposal (a
 * grant or an extension) is checked with its own state part, a draft with
 * the application's.
 */
export async function appropriationCheck(ex: Executor, id: number, year?: number): Promise<AppropriationCheck> {
  const app = await store.findApplication(ex, id);
  if (!app) throw notFound('Ansökan', id);
  const pending = (await store.decisionsOf(ex, id)).find((d) => d.status === 'pending');
  let stateOre: Ore;
  if (pending) stateOre = pending.state_ore;
  else {
    const shares = (await store.sharesOf(ex, id)).map((s) => ({ source: s.source, amountOre: s.amount_ore }));
    stateOre = stateShare(app.funding_source, shares, app.cap_ore);
  }
  if (year === undefined && pending?.meeting_id) {
    const m = await ex.selectFrom('meeting').select('date').where('id', '=', pending.meeting_id).executeTakeFirst();
    if (m) year = Number(String(m.date).slice(0, 4));
  }
  year ??= Number(todayInStockholm().slice(0, 4));
  const remainingOre = await remainingIn(ex, year);
  return { year, stateOre, remainingOre, warning: stateOre > 0 ? overCommitment(year, stateOre, remainingOre) : null };
}
