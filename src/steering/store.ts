/** SQL for business plans, their items, versions and follow-up reports. */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';
import type { ItemKind, Origin, ReportKind, Status, TargetRule } from './model.ts';

/** Serialises changes to one plan inside a transaction (item edits, versions, adoption). */
export async function lockPlan(ex: Executor, bodyId: number, year: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(7367807, ${bodyId * 10_000 + year})`.execute(ex);
}

export async function findPlan(ex: Executor, id: number) {
  return ex
    .selectFrom('business_plan as p')
    .innerJoin('body as b', 'b.id', 'p.body_id')
    .selectAll('p')
    .select('b.name as body_name')
    .where('p.id', '=', id)
    .executeTakeFirst();
}

export async function findPlanByYear(ex: Executor, bodyId: number, year: number) {
  return ex.selectFrom('business_plan').selectAll().where('body_id', '=', bodyId).where('year', '=', year).executeTakeFirst();
}

export async function plansOf(ex: Executor, bodyId: number) {
  return ex.selectFrom('business_plan').selectAll().where('body_id', '=', bodyId).orderBy('year', 'desc').execute();
}

export async function insertPlan(ex: Executor, p: { body_id: number; year: number; title: string; source_sha256: string | null; updated_by: string }) {
  return ex.insertInto('business_plan').values(p).returningAll().executeTakeFirstOrThrow();
}

export async function adoptPlan(ex: Executor, id: number, on: string, by: string) {
  return ex
    .updateTable('business_plan')
    .set({ state: 'adopted', adopted_on: on, adopted_by: by, updated_by: by, version: sql`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function touchPlan(ex: Executor, id: number, by: string) {
  await ex.updateTable('business_plan').set({ updated_by: by, version: sql`version + 1` }).where('id', '=', id).execute();
}

export interface ItemRow {
  id: number;
  plan_id: number;
  parent_id: number | null;
  position: number;
  kind: ItemKind;
  number: string | null;
  title: string | null;
  text: string;
  origin: Origin | null;
  target: TargetRule | null;
  assignee: string | null;
  note: string | null;
  responsible: string | null;
  deadline: string | null;
  responsible_email: string | null;
  /** The account the responsible person is linked to (issue 17.2: reminders go to its person's address). */
  responsible_user_id: number | null;
  version: number;
}

const ITEM_COLUMNS = ['id', 'plan_id', 'parent_id', 'position', 'kind', 'number', 'title', 'text', 'origin', 'target', 'assignee', 'note', 'responsible', 'deadline', 'responsible_email', 'responsible_user_id', 'version'] as const;

export async function itemsOf(ex: Executor, planId: number): Promise<ItemRow[]> {
  const rows = await ex
    .selectFrom('business_plan_item')
    .select(ITEM_COLUMNS)
    .where('plan_id', '=', planId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, origin: (r.origin ?? null) as Origin | null, target: (r.target ?? null) as TargetRule | null }));
}

export async function findItem(ex: Executor, id: number): Promise<ItemRow | undefined> {
  const r = await ex
    .selectFrom('business_plan_item')
    .select(ITEM_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return r && { ...r, origin: (r.origin ?? null) as Origin | null, target: (r.target ?? null) as TargetRule | null };
}

export async function insertItem(
  ex: Executor,
  i: {
    plan_id: number; parent_id: number | null; position: number; kind: ItemKind; number: string | null; title: string | null; text: string;
    origin: Origin | null; target: TargetRule | null; assignee: string | null; note: string | null; responsible?: string | null; deadline?: string | null;
    responsible_email?: string | null; updated_by: string;
  },
): Promise<number> {
  const row = await ex
    .insertInto('business_plan_item')
    .values({ ...i, origin: i.origin ? JSON.stringify(i.origin) : null, target: i.target ? JSON.stringify(i.target) : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateItem(
  ex: Executor,
  id: number,
  version: number,
  f: {
    text: string; title: string | null; number: string | null; origin: Origin | null; target: TargetRule | null; assignee: string | null; note: string | null;
    responsible: string | null; deadline: string | null; responsible_email: string | null; updated_by: string;
  },
): Promise<boolean> {
  const r = await ex
    .updateTable('business_plan_item')
    .set({ ...f, origin: f.origin ? JSON.stringify(f.origin) : null, target: f.target ? JSON.stringify(f.target) : null, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Deletes an item (its children go with it, by the foreign key) if it is still at `version`. */
export async function deleteItem(ex: Executor, id: number, version: number): Promise<boolean> {
  const r = await ex.deleteFrom('business_plan_item').where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Hangs an item under another parent (null: the top of the plan), if it is still at `version`. */
export async function moveItem(ex: Executor, id: number, version: number, parentId: number | null, by: string): Promise<boolean> {
  const r = await ex
    .updateTable('business_plan_item')
    .set({ parent_id: parentId, updated_by: by, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Numbers the siblings 0, 1, 2 … in the given order (only the positions that change are written). */
export async function setPositions(ex: Executor, ordered: ReadonlyArray<{ id: number; position: number }>): Promise<void> {
  for (const [position, x] of ordered.entries()) {
    if (x.position !== position) await ex.updateTable('business_plan_item').set({ position }).where('id', '=', x.id).execute();
  }
}

export async function nextPosition(ex: Executor, planId: number, parentId: number | null): Promise<number> {
  let q = ex.selectFrom('business_plan_item').select(sql<number>`coalesce(max(position) + 1, 0)::int`.as('n')).where('plan_id', '=', planId);
  q = parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', parentId);
  return (await q.executeTakeFirstOrThrow()).n;
}

export async function insertVersion(ex: Executor, v: { plan_id: number; label: string; source: 'snapshot' | 'adopted' | 'derived'; snapshot: unknown; created_by: string }) {
  const n = await ex
    .selectFrom('business_plan_version')
    .select(sql<number>`coalesce(max(number) + 1, 1)::int`.as('n'))
    .where('plan_id', '=', v.plan_id)
    .executeTakeFirstOrThrow();
  return ex
    .insertInto('business_plan_version')
    .values({ ...v, number: n.n, snapshot: JSON.stringify(v.snapshot) })
    .returning(['id', 'number', 'label', 'source', 'created_by', 'created_at'])
    .executeTakeFirstOrThrow();
}

export async function versionsOf(ex: Executor, planId: number) {
  return ex
    .selectFrom('business_plan_version')
    .select(['id', 'number', 'label', 'source', 'created_by', 'created_at'])
    .where('plan_id', '=', planId)
    .orderBy('number')
    .execute();
}

export async function findVersion(ex: Executor, planId: number, number: number) {
  return ex.selectFrom('business_plan_version').selectAll().where('plan_id', '=', planId).where('number', '=', number).executeTakeFirst();
}

export async function insertReport(ex: Executor, r: { plan_id: number; kind: ReportKind; period: string; as_of: string; deadline?: string | null; created_by: string }) {
  return ex.insertInto('plan_report').values(r).returningAll().executeTakeFirstOrThrow();
}

export async function findReportByPeriod(ex: Executor, planId: number, kind: ReportKind, period: string) {
  return ex.selectFrom('plan_report').selectAll().where('plan_id', '=', planId).where('kind', '=', kind).where('period', '=', period).executeTakeFirst();
}

export async function reportsOf(ex: Executor, planId: number) {
  return ex.selectFrom('plan_report').selectAll().where('plan_id', '=', planId).orderBy('as_of').orderBy('id').execute();
}

/** A report; `forUpdate` holds its row until the transaction ends (a state change and an entry never cross). */
export async function findReport(ex: Executor, id: number, opts: { forUpdate?: boolean } = {}) {
  const q = ex.selectFrom('plan_report').selectAll().where('id', '=', id);
  return (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

export async function entriesOf(ex: Executor, reportId: number) {
  return ex.selectFrom('plan_report_entry').selectAll().where('report_id', '=', reportId).execute();
}

export async function findEntry(ex: Executor, reportId: number, itemId: number) {
  return ex.selectFrom('plan_report_entry').selectAll().where('report_id', '=', reportId).where('item_id', '=', itemId).executeTakeFirst();
}

export interface EntryFields {
  status: Status | null;
  outcome: string | null;
  outcome_value: string | null;
  outcome_unit: string | null;
  comment: string | null;
  override_reason: string | null;
  forecast_value: string | null;
  forecast_comment: string | null;
  updated_by: string;
}

export async function insertEntry(ex: Executor, e: { report_id: number; item_id: number } & EntryFields) {
  return ex.insertInto('plan_report_entry').values(e).returningAll().executeTakeFirstOrThrow();
}

export async function updateEntry(
  ex: Executor,
  reportId: number,
  itemId: number,
  version: number,
  e: EntryFields,
  changed = true,
) {
  return ex
    .updateTable('plan_report_entry')
    // a change clears the sign-off given before it, and is no longer what was carried over
    .set({ ...e, ...(changed ? { carried_over: false, signed_off_by: null, signed_off_at: null } : {}), version: sql`version + 1`, updated_at: sql`now()` })
    .where('report_id', '=', reportId)
    .where('item_id', '=', itemId)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

/** Moves a report to a new state if it is still at `version` (the report's version counts its state changes). */
export async function setReportState(ex: Executor, id: number, version: number, state: 'open' | 'submitted' | 'locked', by: string) {
  const stamps =
    state === 'submitted'
      ? { submitted_at: sql<Date>`now()`, submitted_by: by }
      : state === 'locked'
        ? { locked_at: sql<Date>`now()`, locked_by: by }
        : { submitted_at: null, submitted_by: null };
  return ex
    .updateTable('plan_report')
    .set({ state, ...stamps, updated_by: by, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

// ---------------------------------------------------------------- follow-up (issue 17.2: sign-off, prognos, carry-over, reminders)

export async function setItemResponsible(ex: Executor, id: number, version: number, f: { responsible: string | null; responsible_email: string | null; updated_by: string }): Promise<boolean> {
  const r = await ex
    .updateTable('business_plan_item')
    .set({ ...f, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function responsibleEmails(ex: Executor, planId: number): Promise<Map<number, string | null>> {
  const rows = await ex.selectFrom('business_plan_item').select(['id', 'responsible_email']).where('plan_id', '=', planId).execute();
  return new Map(rows.map((r) => [r.id, r.responsible_email]));
}

export async function setReportDeadline(ex: Executor, id: number, version: number, deadline: string | null, by: string) {
  return ex
    .updateTable('plan_report')
    .set({ deadline, updated_by: by, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function setCarriedFrom(ex: Executor, id: number, from: number) {
  await ex.updateTable('plan_report').set({ carried_from: from }).where('id', '=', id).execute();
}

export async function insertCarriedEntries(
  ex: Executor,
  reportId: number,
  rows: ReadonlyArray<{ item_id: number; status: Status | null; outcome: string | null; outcome_value: string | null; outcome_unit: string | null; comment: string | null; override_reason: string | null }>,
  by: string,
): Promise<void> {
  if (!rows.length) return;
  await ex
    .insertInto('plan_report_entry')
    .values(rows.map((r) => ({ ...r, report_id: reportId, carried_over: true, updated_by: by })))
    .execute();
}

/** Writes or clears the sign-off if the entry is still at `version`. */
export async function signOffEntry(ex: Executor, reportId: number, itemId: number, version: number, by: string | null) {
  return ex
    .updateTable('plan_report_entry')
    .set(by ? { signed_off_by: by, signed_off_at: sql<Date>`now()`, version: sql`version + 1` } : { signed_off_by: null, signed_off_at: null, version: sql`version + 1` })
    .where('report_id', '=', reportId)
    .where('item_id', '=', itemId)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function insertReminders(
  ex: Executor,
  rows: ReadonlyArray<{ report_id: number; responsible: string; address: string; item_ids: number[]; sent_by: string }>,
): Promise<number[]> {
  if (!rows.length) return [];
  const out = await ex
    .insertInto('plan_report_reminder')
    .values(rows.map((r) => ({ ...r, item_ids: JSON.stringify(r.item_ids) })))
    .returning('id')
    .execute();
  return out.map((r) => r.id);
}

export async function setReminderResult(ex: Executor, id: number, r: { status: 'sent' | 'failed'; error: string | null; sentAt: Date | null }) {
  await ex.updateTable('plan_report_reminder').set({ status: r.status, error: r.error, sent_at: r.sentAt }).where('id', '=', id).execute();
}

export async function remindersOf(ex: Executor, reportId: number) {
  return ex.selectFrom('plan_report_reminder').selectAll().where('report_id', '=', reportId).orderBy('id', 'desc').limit(500).execute();
}

// ------------------------------------------------ styrtal ↔ indicator series (issue 17.3, migration 052)

/** item id → series id, for the plan's styrtal that have one. */
export async function kpiLinksOf(ex: Executor, planId: number): Promise<Map<number, number>> {
  const rows = await ex.selectFrom('business_plan_item').select(['id', 'kpi_series_id']).where('plan_id', '=', planId).where('kpi_series_id', 'is not', null).execute();
  return new Map(rows.map((r) => [r.id, r.kpi_series_id!]));
}

export async function kpiLinkOf(ex: Executor, itemId: number): Promise<number | null | undefined> {
  return (await ex.selectFrom('business_plan_item').select('kpi_series_id').where('id', '=', itemId).executeTakeFirst())?.kpi_series_id;
}

/** The link alone; the caller has checked (and bumped) the item's version. */
export async function setKpiLink(ex: Executor, itemId: number, seriesId: number | null, by: string): Promise<void> {
  await ex.updateTable('business_plan_item').set({ kpi_series_id: seriesId, updated_by: by }).where('id', '=', itemId).execute();
}

/** Bumps an item's version if it is still at `version`. */
export async function bumpItem(ex: Executor, id: number, version: number, by: string): Promise<boolean> {
  const r = await ex.updateTable('business_plan_item').set({ updated_by: by, version: sql`version + 1` }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
