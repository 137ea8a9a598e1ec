/** SQL for the business support register. */
import type { Executor } from '../db/index.ts';
import type { BusinessSupportDecision } from './businessSupport.ts';

export async function replaceForMeeting(ex: Executor, meetingId: number, lists: Array<{ periodFrom: string; periodTo: string; decisions: BusinessSupportDecision[] }>) {
  await ex.deleteFrom('business_support').where('meeting_id', '=', meetingId).execute();
  const rows = lists.flatMap((l) =>
    l.decisions.map((d) => ({
      meeting_id: meetingId, period_from: l.periodFrom, period_to: l.periodTo, case_number: d.caseNumber, nyps_id: d.nypsId,
      support_type: d.supportType, company: d.company, sole_trader: d.soleTrader, sector: d.sector, gender: d.gender,
      municipality: d.municipality, amount_ore: d.amountOre, rejected: d.rejected, rejection_reason: d.rejectionReason, decider: d.decider,
    })),
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
