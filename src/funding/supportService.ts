/** The business support register: filled from the delegation reports in imported kallelser, read with totals. */
import { audit, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { assertIsoDate } from '../kernel/dates.ts';
import { authorize, can, type Actor } from '../access/model.ts';
import { NATURAL_PERSON_MASK } from '../publish/mask.ts';
import { parseBusinessSupport, totals, type BusinessSupportDecision, type SupportTotals } from './businessSupport.ts';
import * as store from './supportStore.ts';
import { queueMeetingsMentioning } from '../publish/queue.ts';

/** Reads the business support tables of a kallelse's text into the register (inside the import's transaction). */
export async function importFromKallelse(trx: Executor, meetingId: number, text: string): Promise<number> {
  const before = new Set(await store.naturalPersonNames(trx));
  const n = await store.replaceForMeeting(trx, meetingId, parseBusinessSupport(text));
  // a natural person new to the register may be named in other meetings' papers: their public search documents are rebuilt
  const added = (await store.naturalPersonNames(trx)).filter((name) => !before.has(name));
  if (added.length) await queueMeetingsMentioning(trx, added);
  return n;
}

export interface SupportRow extends BusinessSupportDecision {
  id: number;
  periodFrom: string;
  periodTo: string;
  /** A natural person (enskild firma): the name is masked for the public. Inferred from soleTrader unless set by staff. */
  naturalPerson: boolean;
  /** Who set the mark (staff only; null when inferred, and for the public). */
  naturalPersonSetBy: string | null;
}

export const SOLE_TRADER_MASK = NATURAL_PERSON_MASK;

/**
 * The register for a period. Natural persons (sole traders, by inference or
 * by staff's mark): the public (and anyone without access to personal data)
 * sees "Enskild näringsidkare".
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
    company: r.natural_person && !personal ? SOLE_TRADER_MASK : r.company,
    soleTrader: r.sole_trader,
    naturalPerson: r.natural_person,
    naturalPersonSetBy: personal ? r.natural_person_set_by : null,
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

/**
 * Marks a row of the register as a natural person (or not), overriding the
 * inference; kept across re-imports of the same report. The caller rebuilds
 * the public search index (the name is masked there too).
 */
export async function setNaturalPerson(trx: Executor, actor: Actor, id: number, naturalPerson: boolean): Promise<{ id: number; name: string; naturalPerson: boolean }> {
  authorize(actor, 'funding.edit');
  if (typeof naturalPerson !== 'boolean') throw new DomainError('invalid-natural-person', 'Ange om stödmottagaren är en fysisk person (ja eller nej).');
  const before = await store.find(trx, id, true);
  if (!before) throw notFound('Raden i företagsstödsregistret', id);
  await store.setNaturalPerson(trx, id, naturalPerson, actor.id);
  await audit(trx, {
    actor: actor.id, action: 'business-support.natural-person', entity: 'business_support', entityId: id,
    before: { naturalPerson: before.natural_person, setBy: before.natural_person_set_by }, after: { naturalPerson },
  });
  return { id, name: before.company, naturalPerson };
}

/** The names of every natural person in the register and among co-financing applicants: masked on every public path. */
export const naturalPersonNames = (ex: Executor): Promise<string[]> => store.naturalPersonNames(ex);
