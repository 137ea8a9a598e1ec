/** SQL for the business support register. */
import type { Executor } from '../db/index.ts';
import type { BusinessSupportDecision } from './businessSupport.ts';

/** What identifies a row across re-imports of the same report (a mark set by staff is kept). */
const keyOf = (r: { period_from: string; period_to: string; case_number: string | null; nyps_id: string | null; company: string }) =>
  [r.period_from, r.period_to, r.case_number ?? '', r.nyps_id ?? '', r.company.toLowerCase()].join('\u0000');

export async function replaceForMeeting(ex: Executor, meetingId: number, lists: Array<{ periodFrom: string; periodTo: string; decisions: BusinessSupportDecision[] }>) {
  const marks = new Map(
    (await ex.selectFrom('business_support').select(['period_from', 'period_to', 'case_number', 'nyps_id', 'company', 'natural_person', 'natural_person_set_by'])
      .where('meeting_id', '=', meetingId).where('natural_person_set_by', 'is not', null).execute())
      .map((r) => [keyOf(r), r]),
  );
  await ex.deleteFrom('business_support').where('meeting_id', '=', meetingId).execute();
  const rows = lists.flatMap((l) =>
    l.decisions.map((d) => {
      const row = {
        meeting_id: meetingId, period_from: l.periodFrom, period_to: l.periodTo, case_number: d.caseNumber, nyps_id: d.nypsId,
        support_type: d.supportType, company: d.company, sole_trader: d.soleTrader, sector: d.sector, gender: d.gender,
        municipality: d.municipality, amount_ore: d.amountOre, rejected: d.rejected, rejection_reason: d.rejectionReason, decider: d.decider,
        natural_person: d.soleTrader, natural_person_set_by: null as string | null,
      };
      const mark = marks.get(keyOf(row));
      return mark ? { ...row, natural_person: mark.natural_person, natural_person_set_by: mark.natural_person_set_by } : row;
    }),
  );
  if (rows.length) await ex.insertInto('business_support').values(rows).execute();
  return rows.length;
}

export async function list(ex: Executor, f: { from?: string | undefined; to?: string | undefined }) {
  let q = ex.selectFrom('business_support').selectAll();
  if (f.from) q = q.where('period_to', '>=', f.from);
  if (f.to) q = q.where('period_from', '<=', f.to);
  return q.orderBy('period_from').orderBy('id').execute();
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
