/**
 * SQL for the co-financing tables (migration 011): conditions, applications
 * and their budgets, decisions and extensions, payouts, the 1:1
 * appropriation and its commitments. Nothing else touches these tables.
 */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import type { Insertable } from 'kysely';

export type ApplicationRow = NonNullable<Awaited<ReturnType<typeof findApplication>>>;
export type DecisionRow = Awaited<ReturnType<typeof decisionsOf>>[number];

// ── conditions ──────────────────────────────────────────────────────────

export async function conditions(ex: Executor, f: { activeOnly?: boolean } = {}) {
  let q = ex.selectFrom('cofinancing_condition').selectAll();
  if (f.activeOnly) q = q.where('active', '=', true);
  return q.orderBy('closing').orderBy('position').orderBy('id').execute();
}

export async function findCondition(ex: Executor, id: number) {
  return ex.selectFrom('cofinancing_condition').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertCondition(ex: Executor, c: Insertable<Database['cofinancing_condition']>) {
  return ex.insertInto('cofinancing_condition').values(c).returningAll().executeTakeFirstOrThrow();
}

export async function updateCondition(
  ex: Executor,
  id: number,
  c: { position: number; text_proposal: string; text_letter: string; applies_to: 'all' | 'companies'; closing: boolean; active: boolean; updated_by: string },
) {
  return ex
    .updateTable('cofinancing_condition')
    .set({ ...c, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

// ── applications ────────────────────────────────────────────────────────

export async function insertApplication(ex: Executor, a: Insertable<Database['cofinancing_application']>) {
  return ex.insertInto('cofinancing_application').values(a).returning('id').executeTakeFirstOrThrow();
}

export async function updateApplication(ex: Executor, id: number, a: Partial<Insertable<Database['cofinancing_application']>>) {
  await ex
    .updateTable('cofinancing_application')
    .set({ ...a, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function setStatus(ex: Executor, id: number, status: 'draft' | 'proposed' | 'granted') {
  await ex.updateTable('cofinancing_application').set({ status, version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', id).execute();
}

export async function setNaturalPerson(ex: Executor, id: number, naturalPerson: boolean, by: string) {
  await ex
    .updateTable('cofinancing_application')
    .set({ natural_person: naturalPerson, natural_person_set_by: by, version: sql`version + 1`, updated_at: sql`now()`, updated_by: by })
    .where('id', '=', id)
    .execute();
}

export async function findApplication(ex: Executor, id: number, lock = false) {
  let q = ex
    .selectFrom('cofinancing_application as a')
    .innerJoin('diarium_case as c', 'c.id', 'a.case_id')
    .selectAll('a')
    .select(['c.case_number']);
  if (lock) q = q.forUpdate();
  return q.where('a.id', '=', id).executeTakeFirst();
}

export async function listApplications(ex: Executor, f: { grantedOnly?: boolean; limit: number; offset: number }) {
  let q = ex
    .selectFrom('cofinancing_application as a')
    .innerJoin('diarium_case as c', 'c.id', 'a.case_id')
    .select(['a.id', 'a.applicant_name', 'a.org_number', 'a.natural_person', 'a.project_name', 'a.status', 'a.requested_ore', 'a.rate_bp', 'a.cap_ore', 'a.period_start', 'a.period_end', 'a.funding_source', 'c.case_number']);
  if (f.grantedOnly) q = q.where('a.status', '=', 'granted');
  return q.orderBy('a.id', 'desc').limit(f.limit).offset(f.offset).execute();
}

export async function replaceShares(ex: Executor, applicationId: number, shares: Array<{ source: 'state-1-1' | 'regional'; amountOre: number }>) {
  await ex.deleteFrom('cofinancing_funding_share').where('application_id', '=', applicationId).execute();
  if (shares.length) {
    await ex
      .insertInto('cofinancing_funding_share')
      .values(shares.map((s, i) => ({ application_id: applicationId, position: i + 1, source: s.source, amount_ore: s.amountOre })))
      .execute();
  }
}

export async function sharesOf(ex: Executor, applicationId: number) {
  return ex.selectFrom('cofinancing_funding_share').selectAll().where('application_id', '=', applicationId).orderBy('position').execute();
}

// ── budget ──────────────────────────────────────────────────────────────

export interface BudgetRowInput {
  section: 'cost' | 'financing';
  label: string;
  costCategory: Database['cofinancing_budget_row']['cost_category'];
  financierKind: 'public' | 'private' | null;
  isRegion: boolean | null;
  statedTotalOre: number | null;
  values: Array<number | null>;
}

export async function replaceBudget(
  ex: Executor,
  applicationId: number,
  years: Array<{ year: number; statedCostSumOre: number | null; statedFinancingSumOre: number | null }>,
  rows: BudgetRowInput[],
) {
  await ex.deleteFrom('cofinancing_budget_row').where('application_id', '=', applicationId).execute();
  await ex.deleteFrom('cofinancing_budget_year').where('application_id', '=', applicationId).execute();
  if (years.length) {
    await ex
      .insertInto('cofinancing_budget_year')
      .values(years.map((y, i) => ({ application_id: applicationId, year: y.year, position: i + 1, stated_cost_sum_ore: y.statedCostSumOre, stated_financing_sum_ore: y.statedFinancingSumOre })))
      .execute();
  }
  const positions = { cost: 0, financing: 0 };
  for (const r of rows) {
    const { id } = await ex
      .insertInto('cofinancing_budget_row')
      .values({
        application_id: applicationId,
        section: r.section,
        position: ++positions[r.section],
        label: r.label,
        cost_category: r.costCategory,
        financier_kind: r.financierKind,
        is_region: r.isRegion,
        stated_total_ore: r.statedTotalOre,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const cells = r.values.flatMap((v, i) => (v === null ? [] : [{ row_id: id, year: years[i]!.year, amount_ore: v }]));
    if (cells.length) await ex.insertInto('cofinancing_budget_cell').values(cells).execute();
  }
}

export async function budgetOf(ex: Executor, applicationId: number) {
  const years = await ex.selectFrom('cofinancing_budget_year').selectAll().where('application_id', '=', applicationId).orderBy('position').execute();
  const rows = await ex.selectFrom('cofinancing_budget_row').selectAll().where('application_id', '=', applicationId).orderBy('section').orderBy('position').execute();
  const cells = rows.length
    ? await ex
        .selectFrom('cofinancing_budget_cell')
        .selectAll()
        .where(
          'row_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute()
    : [];
  return { years, rows, cells };
}

// ── decisions ───────────────────────────────────────────────────────────

export async function insertDecision(ex: Executor, d: Insertable<Database['cofinancing_decision']>) {
  return ex.insertInto('cofinancing_decision').values(d).returning('id').executeTakeFirstOrThrow();
}

/** Whether a co-financing decision already rests on an agenda item. */
export async function itemInUse(ex: Executor, agendaItemId: number): Promise<boolean> {
  return Boolean(await ex.selectFrom('cofinancing_decision').select('id').where('agenda_item_id', '=', agendaItemId).executeTakeFirst());
}

export async function decisionsOf(ex: Executor, applicationId: number) {
  return ex.selectFrom('cofinancing_decision').selectAll().where('application_id', '=', applicationId).orderBy('id').execute();
}

/** The application's original grant, locked for the rest of the transaction (payouts and extensions serialise on it). */
export async function lockGrant(ex: Executor, applicationId: number) {
  return ex.selectFrom('cofinancing_decision').selectAll().where('application_id', '=', applicationId).where('kind', '=', 'grant').forUpdate().executeTakeFirst();
}

export async function grantDecision(ex: Executor, id: number, on: string, by: string) {
  await ex.updateTable('cofinancing_decision').set({ status: 'granted', decided_on: on, decided_by: by, version: sql`version + 1` }).where('id', '=', id).execute();
}

export async function deleteDecision(ex: Executor, id: number) {
  await ex.deleteFrom('cofinancing_decision').where('id', '=', id).execute();
}

/** Granted decisions (grants and extensions) decided in a year, with their application, for reports. */
export async function grantedInYear(ex: Executor, year: number) {
  return ex
    .selectFrom('cofinancing_decision as d')
    .innerJoin('cofinancing_application as a', 'a.id', 'd.application_id')
    .innerJoin('diarium_case as c', 'c.id', 'a.case_id')
    .leftJoin('strategy_priority as p', 'p.id', 'd.strategy_priority_id')
    .select([
      'd.id', 'd.application_id', 'd.kind', 'd.route', 'd.decided_on', 'd.funding_source', 'd.added_cap_ore', 'd.cap_ore', 'd.state_ore', 'd.rate_bp',
      'a.applicant_name', 'a.project_name', 'a.priority_area', 'a.priority_rank', 'a.eu_cofinancing', 'c.case_number',
      'd.strategy_priority_id', 'p.name as priority_name', 'p.code as priority_code',
    ])
    .where('d.status', '=', 'granted')
    .where('d.decided_on', '>=', `${year}-01-01`)
    .where('d.decided_on', '<=', `${year}-12-31`)
    .orderBy('d.decided_on')
    .orderBy('d.id')
    .execute();
}

// ── payouts ─────────────────────────────────────────────────────────────

/** Per application: the cap in force (last granted decision) and what is paid, for a list. */
export async function commitmentState(ex: Executor, applicationIds: number[]) {
  if (!applicationIds.length) return [];
  const caps = await ex
    .selectFrom('cofinancing_decision')
    .select(['application_id', 'id', 'kind', 'cap_ore', 'rate_bp', 'period_start', 'period_end'])
    .where('application_id', 'in', applicationIds)
    .where('status', '=', 'granted')
    .orderBy('id')
    .execute();
  const paid = await ex
    .selectFrom('cofinancing_payout as p')
    .innerJoin('cofinancing_decision as d', 'd.id', 'p.decision_id')
    .select(['d.application_id', sql<string>`sum(p.paid_ore)`.as('paid')])
    .where('d.application_id', 'in', applicationIds)
    .where('p.status', '=', 'attested')
    .groupBy('d.application_id')
    .execute();
  return applicationIds.map((id) => {
    const last = caps.filter((c) => c.application_id === id).at(-1);
    return {
      applicationId: id,
      capOre: last?.cap_ore ?? null,
      rateBp: last?.rate_bp ?? null,
      period: last ? { start: last.period_start, end: last.period_end } : null,
      paidOre: Number(paid.find((p) => p.application_id === id)?.paid ?? 0),
    };
  });
}

/** What is paid on a decision: attested payouts only (a prepared one is not paid yet, a reversed one no longer). */
export async function paidOn(ex: Executor, decisionId: number): Promise<number> {
  const r = await ex
    .selectFrom('cofinancing_payout')
    .select(sql<string>`coalesce(sum(paid_ore), 0)`.as('paid'))
    .where('decision_id', '=', decisionId)
    .where('status', '=', 'attested')
    .executeTakeFirstOrThrow();
  return Number(r.paid);
}

/** One payout with its application; `lock`: the payout row locked for the rest of the transaction (take the grant's lock first). */
export async function findPayout(ex: Executor, payoutId: number, lock = false) {
  const q = ex
    .selectFrom('cofinancing_payout as p')
    .innerJoin('cofinancing_decision as d', 'd.id', 'p.decision_id')
    .selectAll('p')
    .select('d.application_id')
    .where('p.id', '=', payoutId);
  return (lock ? q.forUpdate('p') : q).executeTakeFirst();
}

export async function attestPayout(
  ex: Executor,
  id: number,
  p: { share_ore: number; paid_ore: number; cap_ore: number; paid_before_ore: number; attested_by: string; attested_on: string },
) {
  return ex
    .updateTable('cofinancing_payout')
    .set({ ...p, status: 'attested', attested_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function reversePayout(ex: Executor, id: number, p: { reversed_by: string; reversal_reason: string }) {
  return ex
    .updateTable('cofinancing_payout')
    .set({ ...p, status: 'reversed', reversed_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Attested payouts whose attest date falls in [from, to], with what a payment file needs, oldest first. */
export async function attestedBetween(ex: Executor, from: string, to: string) {
  return ex
    .selectFrom('cofinancing_payout as p')
    .innerJoin('cofinancing_decision as d', 'd.id', 'p.decision_id')
    .innerJoin('cofinancing_application as a', 'a.id', 'd.application_id')
    .innerJoin('diarium_case as c', 'c.id', 'a.case_id')
    .select(['p.id', 'p.attested_on', 'p.paid_ore', 'p.reference', 'p.claimed_on', 'a.applicant_name', 'a.org_number', 'c.case_number'])
    .where('p.status', '=', 'attested')
    .where('p.attested_on', '>=', from)
    .where('p.attested_on', '<=', to)
    .orderBy('p.attested_on')
    .orderBy('p.id')
    .execute();
}

export async function insertPayout(ex: Executor, p: Insertable<Database['cofinancing_payout']>) {
  return ex.insertInto('cofinancing_payout').values(p).returningAll().executeTakeFirstOrThrow();
}

export async function payoutsOf(ex: Executor, decisionId: number) {
  return ex.selectFrom('cofinancing_payout').selectAll().where('decision_id', '=', decisionId).orderBy('id').execute();
}

// ── appropriation ───────────────────────────────────────────────────────

export async function findAppropriation(ex: Executor, year: number, lock = false) {
  let q = ex.selectFrom('appropriation').selectAll().where('year', '=', year);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function upsertAppropriation(ex: Executor, a: Omit<Insertable<Database['appropriation']>, 'version'>) {
  return ex
    .insertInto('appropriation')
    .values(a)
    .onConflict((oc) => oc.column('year').doUpdateSet({ ...a, version: sql`appropriation.version + 1`, updated_at: sql`now()` }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function commitmentsOf(ex: Executor, year: number) {
  return ex
    .selectFrom('appropriation_commitment as m')
    .leftJoin('diarium_case as c', 'c.id', 'm.case_id')
    .selectAll('m')
    .select(['c.case_number'])
    .where('m.year', '=', year)
    .orderBy('m.id')
    .execute();
}

export async function insertCommitment(ex: Executor, c: Insertable<Database['appropriation_commitment']>) {
  return ex.insertInto('appropriation_commitment').values(c).returningAll().executeTakeFirstOrThrow();
}

/** Serialises commitments against one year's appropriation, also before the year's row exists. */
export async function lockYear(ex: Executor, year: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(7367911, ${year})`.execute(ex);
}

// ── decided otherwise, moved, withdrawn, rejected (migration 038) ────────
// The statuses and closed_* columns of migration 038 are written and read
// with SQL of their own here, so nothing else depends on them.

/** Records the terms the body (or the delegate) decided instead of the proposal's. */
export async function amendDecision(
  ex: Executor,
  id: number,
  t: { rate_bp: number; cap_ore: number; added_cap_ore: number; period_start: string; period_end: string; state_ore: number; conditions: string[]; clauses: string[]; restatement: string | null },
) {
  await ex.updateTable('cofinancing_decision').set({ ...t, version: sql`version + 1` }).where('id', '=', id).execute();
}

/** Moves a pending body decision to another meeting's agenda item. */
export async function moveDecision(ex: Executor, id: number, m: { body_id: number; meeting_id: number; agenda_item_id: number }) {
  await ex.updateTable('cofinancing_decision').set({ ...m, version: sql`version + 1` }).where('id', '=', id).where('status', '=', 'pending').execute();
}

/** Ends a pending decision: rejected (with the day and who decided) or withdrawn with its application. */
export async function endDecision(ex: Executor, id: number, status: 'rejected' | 'withdrawn', on: string | null, by: string | null) {
  await sql`update cofinancing_decision set status = ${status}, decided_on = ${on}, decided_by = ${by}, version = version + 1 where id = ${id} and status = 'pending'`.execute(ex);
}

/** The granted decisions of an application withdrawn before payout: no longer granted (their day kept). */
export async function withdrawGranted(ex: Executor, applicationId: number) {
  await sql`update cofinancing_decision set status = 'withdrawn', version = version + 1 where application_id = ${applicationId} and status = 'granted'`.execute(ex);
}

/** Closes an application: withdrawn by the applicant or rejected, with the day, who registered it and why. */
export async function closeApplication(ex: Executor, id: number, c: { status: 'withdrawn' | 'rejected'; on: string; by: string; reason: string }) {
  await sql`update cofinancing_application set status = ${c.status}, closed_on = ${c.on}, closed_by = ${c.by}, closed_reason = ${c.reason},
    version = version + 1, updated_at = now(), updated_by = ${c.by} where id = ${id}`.execute(ex);
}

/** How a closed application ended (only asked for withdrawn or rejected ones). */
export async function closureOf(ex: Executor, id: number) {
  const r = await sql<{ closed_on: string | Date; closed_by: string; closed_reason: string }>`select closed_on, closed_by, closed_reason from cofinancing_application where id = ${id}`.execute(ex);
  return r.rows[0] ?? null;
}

/** Payouts that are or may become paid (prepared or attested) on an application's grant. */
export async function livePayouts(ex: Executor, applicationId: number): Promise<number> {
  const r = await ex
    .selectFrom('cofinancing_payout as p')
    .innerJoin('cofinancing_decision as d', 'd.id', 'p.decision_id')
    .select((e) => e.fn.countAll<string>().as('n'))
    .where('d.application_id', '=', applicationId)
    .where('p.status', '<>', 'reversed')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The commitments made by an application's decisions, locked; removed when a granted application is withdrawn before any payout. */
export async function commitmentsOfApplication(ex: Executor, applicationId: number) {
  return ex
    .selectFrom('appropriation_commitment as m')
    .innerJoin('cofinancing_decision as d', 'd.id', 'm.decision_id')
    .selectAll('m')
    .where('d.application_id', '=', applicationId)
    .orderBy('m.id')
    .execute();
}

export async function deleteCommitment(ex: Executor, id: number) {
  await ex.deleteFrom('appropriation_commitment').where('id', '=', id).execute();
}

/** A new version of the application (its decision moved), by whom. */
export async function touchApplication(ex: Executor, id: number, by: string) {
  await ex.updateTable('cofinancing_application').set({ version: sql`version + 1`, updated_at: sql`now()`, updated_by: by }).where('id', '=', id).execute();
}

// ── the payment profile (migration 042) ─────────────────────────────────

export async function planOf(ex: Executor, applicationId: number) {
  return ex.selectFrom('cofinancing_payment_plan').select(['year', 'amount_ore']).where('application_id', '=', applicationId).orderBy('year').execute();
}

export async function replacePlan(ex: Executor, applicationId: number, years: Array<{ year: number; amountOre: number }>, by: string) {
  await ex.deleteFrom('cofinancing_payment_plan').where('application_id', '=', applicationId).execute();
  if (years.length) {
    await ex.insertInto('cofinancing_payment_plan').values(years.map((y) => ({ application_id: applicationId, year: y.year, amount_ore: y.amountOre, set_by: by }))).execute();
  }
}

/** Every granted application with its granted decisions (oldest first) and stored plan, for the appropriation's profile. */
export async function grantedWithPlans(ex: Executor) {
  const apps = await ex
    .selectFrom('cofinancing_application as a')
    .innerJoin('diarium_case as c', 'c.id', 'a.case_id')
    .select(['a.id', 'a.project_name', 'a.applicant_name', 'a.natural_person', 'c.case_number'])
    .where('a.status', '=', 'granted')
    .orderBy('a.id')
    .execute();
  if (!apps.length) return [];
  const ids = apps.map((a) => a.id);
  const [decisions, plans, paid] = await Promise.all([
    ex.selectFrom('cofinancing_decision').select(['id', 'application_id', 'kind', 'cap_ore', 'state_ore', 'period_start', 'period_end']).where('application_id', 'in', ids).where('status', '=', 'granted').orderBy('id').execute(),
    ex.selectFrom('cofinancing_payment_plan').select(['application_id', 'year', 'amount_ore']).where('application_id', 'in', ids).orderBy('year').execute(),
    ex
      .selectFrom('cofinancing_payout as p')
      .innerJoin('cofinancing_decision as d', 'd.id', 'p.decision_id')
      .select(['d.application_id', 'p.attested_on', 'p.paid_ore'])
      .where('d.application_id', 'in', ids)
      .where('p.status', '=', 'attested')
      .execute(),
  ]);
  return apps.map((a) => ({
    ...a,
    decisions: decisions.filter((d) => d.application_id === a.id),
    plan: plans.filter((p) => p.application_id === a.id).map((p) => ({ year: p.year, amountOre: p.amount_ore })),
    paid: paid.filter((p) => p.application_id === a.id).map((p) => ({ attestedOn: String(p.attested_on), paidOre: p.paid_ore })),
  }));
}

/** The attested payouts of an application with the day each was attested. */
export async function attestedOf(ex: Executor, applicationId: number) {
  return ex
    .selectFrom('cofinancing_payout as p')
    .innerJoin('cofinancing_decision as d', 'd.id', 'p.decision_id')
    .select(['p.attested_on', 'p.paid_ore'])
    .where('d.application_id', '=', applicationId)
    .where('p.status', '=', 'attested')
    .execute();
}

// ── lists (issue 16.8) ──────────────────────────────────────────────────

/** Every application with its case's handläggare, for the filtered lists. */
export async function applicationsForLists(ex: Executor) {
  return ex
    .selectFrom('cofinancing_application as a')
    .innerJoin('diarium_case as c', 'c.id', 'a.case_id')
    .select(['a.id', 'a.applicant_name', 'a.natural_person', 'a.project_name', 'a.status', 'a.requested_ore', 'a.rate_bp', 'a.cap_ore', 'a.period_start', 'a.period_end', 'a.funding_source', 'c.case_number', 'c.officer'])
    .orderBy('a.id', 'desc')
    .execute();
}

export async function decisionsForLists(ex: Executor) {
  return ex.selectFrom('cofinancing_decision').select(['id', 'application_id', 'kind', 'route', 'status', 'decided_on', 'decided_by', 'rate_bp', 'added_cap_ore', 'cap_ore', 'state_ore', 'period_start', 'period_end']).orderBy('id').execute();
}

export async function payoutsForLists(ex: Executor) {
  return ex
    .selectFrom('cofinancing_payout as p')
    .innerJoin('cofinancing_decision as d', 'd.id', 'p.decision_id')
    .select(['p.id', 'd.application_id', 'p.status', 'p.claimed_on', 'p.period_from', 'p.period_to', 'p.attested_on', 'p.booked_costs_ore', 'p.paid_ore', 'p.registered_by', 'p.attested_by', 'p.final'])
    .orderBy('p.id', 'desc')
    .execute();
}
