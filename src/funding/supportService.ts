/** The business support register: filled from the delegation reports in imported kallelser, read with totals. */
import type { Db, Executor } from '../db/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { assertIsoDate } from '../kernel/dates.ts';
import { can, type Actor } from '../access/model.ts';
import { parseBusinessSupport, totals, type BusinessSupportDecision, type SupportTotals } from './businessSupport.ts';
import * as store from './supportStore.ts';

/** Reads the business support tables of a kallelse's text into the register (inside the import's transaction). */
export async function importFromKallelse(trx: Executor, meetingId: number, text: string): Promise<number> {
  return store.replaceForMeeting(trx, meetingId, parseBusinessSupport(text));
}

export interface SupportRow extends BusinessSupportDecision {
  id: number;
  periodFrom: string;
  periodTo: string;
}

export const SOLE_TRADER_MASK = 'Enskild näringsidkare';

/**
 * The register for a period. Sole traders are natural persons: the public
 * (and anyone without access to personal data) sees "Enskild näringsidkare".
 */
export async function register(db: Db, actor: Actor, f: { from?: string; to?: string } = {}): Promise<{ rows: SupportRow[]; totals: SupportTotals }> {
  if (f.from) assertIsoDate(f.from, 'Från-datumet');
  if (f.to) assertIsoDate(f.to, 'Till-datumet');
  if (f.from && f.to && f.from > f.to) throw new DomainError('invalid-period', 'Från-datumet måste vara före till-datumet.');
  const personal = can(actor, 'minutes.read-draft');
  const rows = (await store.list(db.kysely, f)).map((r) => ({
    id: r.id,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    caseNumber: r.case_number,
    nypsId: r.nyps_id,
    supportType: r.support_type,
    company: r.sole_trader && !personal ? SOLE_TRADER_MASK : r.company,
    soleTrader: r.sole_trader,
    sector: r.sector,
    gender: r.gender,
    municipality: r.municipality,
    amountOre: r.amount_ore,
    rejected: r.rejected,
    rejectionReason: r.rejection_reason,
    decider: r.decider,
    line: 0,
  }));
  return { rows, totals: totals(rows) };
}
