/** SQL for the business support register. */
import { sql, type Insertable } from 'kysely';
import type { Database, Executor } from '../db/index.ts';
import type { BusinessSupportDecision } from './businessSupport.ts';

/** What identifies a row across re-imports of the same report (a mark set by staff is kept). */
const keyOf = (r: { period_from: string; period_to: string; case_number: string | null; nyps_id: string | null; company: string }) =>
  [r.period_from, r.period_to, r.case_number ?? '', r.nyps_id ?? '', r.company.toLowerCase()].join('\u0000');

/**
 * Replaces the rows read from one meeting's delegation reports. Rows staff
 * have corrected (version above 1) are kept, and a report row naming the
 * same case as a kept one is not inserted again. Returns the inserted rows.
 */
export async function replaceForMeeting(ex: Executor, meetingId: number, lists: Array<{ periodFrom: string; periodTo: string; decisions: BusinessSupportDecision[] }>) {
  const marks = new Map(
    (await ex.selectFrom('business_support').select(['period_from', 'period_to', 'case_number', 'nyps_id', 'company', 'natural_person', 'natural_person_set_by'])
      .where('meeting_id', '=', meetingId).where('natural_person_set_by', 'is not', null).execute())
      .map((r) => [keyOf(r), r]),
  );
  const kept = await ex.selectFrom('business_support').select(['case_number', 'nyps_id']).where('meeting_id', '=', meetingId).where('version', '>', 1).execute();
  const keptIds = new Set(kept.flatMap((r) => [r.nyps_id ? `id:${r.nyps_id.toLowerCase()}` : null, r.case_number ? `dnr:${r.case_number.toLowerCase()}` : null]).filter((x): x is string => x !== null));
  await ex.deleteFrom('business_support').where('meeting_id', '=', meetingId).where('version', '=', 1).execute();
  const rows = lists.flatMap((l) =>
    l.decisions
      .filter((d) => !(d.nypsId && keptIds.has(`id:${d.nypsId.toLowerCase()}`)) && !(d.caseNumber && keptIds.has(`dnr:${d.caseNumber.toLowerCase()}`)))
      .map((d) => {
        const row = {
          meeting_id: meetingId, period_from: l.periodFrom, period_to: l.periodTo, case_number: d.caseNumber, nyps_id: d.nypsId,
          support_type: d.supportType, company: d.company, sole_trader: d.soleTrader, sector: d.sector, gender: d.gender,
          municipality: d.municipality, amount_ore: d.amountOre, rejected: d.rejected, rejection_reason: d.rejectionReason, decider: d.decider,
          natural_person: d.soleTrader, natural_person_set_by: null as string | null, import_flag: d.importFlag ?? null,
        };
        const mark = marks.get(keyOf(row));
        return mark ? { ...row, natural_person: mark.natural_person, natural_person_set_by: mark.natural_person_set_by } : row;
      }),
  );
  if (!rows.length) return [];
  return ex.insertInto('business_support').values(rows).returningAll().execute();
}

export interface ListFilter {
  from?: string | undefined;
  to?: string | undefined;
  /** The decision's year (its date, or the end of the report's period). */
  year?: number | undefined;
  supportType?: string | undefined;
  municipality?: string | undefined;
  /** 'none': neither K nor M (blandat or not given). */
  gender?: 'K' | 'M' | 'none' | undefined;
  outcome?: 'granted' | 'rejected' | undefined;
  /** The decision's date (or the report period's end) from, to. */
  decidedFrom?: string | undefined;
  decidedTo?: string | undefined;
}

/** The decision's year: its date, or else the end of the delegation report's period. */
const yearOf = sql<number>`extract(year from coalesce(decided_on, period_to))::int`;

export async function list(ex: Executor, f: ListFilter) {
  let q = ex.selectFrom('business_support').selectAll().select(yearOf.as('year'));
  if (f.from) q = q.where('period_to', '>=', f.from);
  if (f.to) q = q.where('period_from', '<=', f.to);
  if (f.year !== undefined) q = q.where(yearOf, '=', f.year);
  if (f.supportType) q = q.where('support_type', '=', f.supportType);
  if (f.municipality) q = q.where('municipality', '=', f.municipality);
  if (f.gender === 'none') q = q.where('gender', 'is', null);
  else if (f.gender) q = q.where('gender', '=', f.gender);
  if (f.outcome) q = q.where('rejected', '=', f.outcome === 'rejected');
  if (f.decidedFrom) q = q.where(sql`coalesce(decided_on, period_to)`, '>=', f.decidedFrom);
  if (f.decidedTo) q = q.where(sql`coalesce(decided_on, period_to)`, '<=', f.decidedTo);
  return q.orderBy(sql`coalesce(decided_on, period_to)`).orderBy('id').execute();
}

/** The years, support types and municipalities the register holds (for the filters). */
export async function facets(ex: Executor) {
  const [years, types, municipalities] = await Promise.all([
    ex.selectFrom('business_support').select(yearOf.as('year')).distinct().execute(),
    ex.selectFrom('business_support').select('support_type').distinct().execute(),
    ex.selectFrom('business_support').select('municipality').distinct().execute(),
  ]);
  const sv = (a: string, b: string) => a.localeCompare(b, 'sv');
  return {
    years: years.map((r) => Number(r.year)).sort((a, b) => b - a),
    supportTypes: types.map((r) => r.support_type).sort(sv),
    municipalities: municipalities.map((r) => r.municipality).sort(sv),
  };
}

/** The rows naming any of these national ids or diarienummer (compared case-insensitively), locked when asked. */
export async function findByCases(ex: Executor, nypsIds: string[], caseNumbers: string[], lock = false) {
  if (!nypsIds.length && !caseNumbers.length) return [];
  let q = ex.selectFrom('business_support').selectAll().select(yearOf.as('year')).where((eb) =>
    eb.or([
      ...(nypsIds.length ? [eb(sql<string>`lower(nyps_id)`, 'in', nypsIds.map((x) => x.toLowerCase()))] : []),
      ...(caseNumbers.length ? [eb(sql<string>`lower(case_number)`, 'in', caseNumbers.map((x) => x.toLowerCase()))] : []),
    ]),
  );
  if (lock) q = q.forUpdate();
  return q.orderBy('id').execute();
}

export type RowValues = Omit<Insertable<Database['business_support']>, 'id' | 'version' | 'updated_at'>;

export async function insertRow(ex: Executor, row: RowValues) {
  return ex.insertInto('business_support').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Changes a row if it is still at `version`; undefined when someone changed it since. */
export async function updateRow(ex: Executor, id: number, version: number, values: Partial<RowValues>) {
  return ex
    .updateTable('business_support')
    .set({ ...values, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

// ── the register's commitments against the 1:1 appropriation ────────────
// One commitment per granted register row (appropriation_commitment.business_support_id,
// migration 041): written only here, so the register and its commitments never diverge.

export async function commitmentOf(ex: Executor, supportId: number) {
  return ex.selectFrom('appropriation_commitment').selectAll().where('business_support_id', '=', supportId).executeTakeFirst();
}

export async function commitmentsOfRows(ex: Executor, supportIds: number[]) {
  if (!supportIds.length) return [];
  return ex.selectFrom('appropriation_commitment').selectAll().where('business_support_id', 'in', supportIds).execute();
}

export async function deleteCommitmentOf(ex: Executor, supportId: number) {
  await ex.deleteFrom('appropriation_commitment').where('business_support_id', '=', supportId).execute();
}

export async function insertCommitment(ex: Executor, c: Insertable<Database['appropriation_commitment']>) {
  return ex.insertInto('appropriation_commitment').values(c).returningAll().executeTakeFirstOrThrow();
}

/** The year's appropriation (its total) and everything committed against it, or null total when not registered. */
export async function yearState(ex: Executor, year: number): Promise<{ year: number; totalOre: number | null; committedOre: number; supportCommittedOre: number }> {
  const [a, c] = await Promise.all([
    ex.selectFrom('appropriation').select('total_ore').where('year', '=', year).executeTakeFirst(),
    ex.selectFrom('appropriation_commitment')
      .select([sql<string>`coalesce(sum(amount_ore), 0)`.as('all'), sql<string>`coalesce(sum(amount_ore) filter (where business_support_id is not null), 0)`.as('support')])
      .where('year', '=', year)
      .executeTakeFirstOrThrow(),
  ]);
  return { year, totalOre: a ? Number(a.total_ore) : null, committedOre: Number(c.all), supportCommittedOre: Number(c.support) };
}

/** Serialises writes to the register (entries, corrections, imports), so two of them never both create the same case; taken before any year's lock. */
export async function lockRegister(ex: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(7367912, 0)`.execute(ex);
}

/** Serialises commitments against one year's appropriation (the same lock as co-financing decisions take). */
export async function lockYear(ex: Executor, year: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(7367911, ${year})`.execute(ex);
}

export async function find(ex: Executor, id: number, lock = false) {
  let q = ex.selectFrom('business_support').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function setNaturalPerson(ex: Executor, id: number, naturalPerson: boolean, by: string) {
  await ex.updateTable('business_support').set({ natural_person: naturalPerson, natural_person_set_by: by }).where('id', '=', id).execute();
}

/** The names of every natural person known to the register and to co-financing (distinct, trimmed). */
export async function naturalPersonNames(ex: Executor): Promise<string[]> {
  const [support, applicants] = await Promise.all([
    ex.selectFrom('business_support').select('company as name').where('natural_person', '=', true).distinct().execute(),
    ex.selectFrom('cofinancing_application').select('applicant_name as name').where('natural_person', '=', true).distinct().execute(),
  ]);
  return [...new Set([...support, ...applicants].map((r) => r.name.replace(/\s+/g, ' ').trim()).filter(Boolean))];
}
