/**
 * When a co-financing decision counts as decided (issue 16, item 1), pure:
 * a body decision only from adjusted minutes (a draft or numbered protokoll
 * can still change), a delegated one only once registered in the register of
 * delegated decisions. The body may decide otherwise than proposed – another
 * share, cap, period or conditions – and that is recorded as decided with
 * the terms decided (the letter and payouts follow them), or it may say no
 * (avslag, with the reason). Återremiss and bordläggning decide nothing: the
 * proposal is moved to a coming meeting. Swedish DomainErrors, no I/O.
 */
import { DomainError } from '../kernel/errors.ts';
import type { Ore } from '../kernel/kronor.ts';
import { assertIsoDate } from '../kernel/dates.ts';
import { kronorText as formatKronor, rateText, requireText } from './decision.ts';

const formatRate = (bp: number) => `${rateText(bp)} procent`;

export type MinutesStatus = 'draft' | 'numbered' | 'adjusted';
export type ItemOutcome = 'according-to-proposal' | 'amended' | 'referred-back' | 'tabled' | 'noted';

/** The terms a decision states: share (basis points), cap, period and the conditions. */
export interface Terms {
  rateBp: number;
  capOre: Ore;
  period: { start: string; end: string };
  conditions: string[];
}

/** What the body decided instead of the proposal: only the fields that differ need be given. */
export interface Amendment {
  rateBp?: number | null;
  capOre?: Ore | null;
  periodStart?: string | null;
  periodEnd?: string | null;
  conditions?: string[] | null;
}

export interface ConfirmationInput {
  route: 'body' | 'delegation';
  /** Delegation: the entry in the register of delegated decisions. */
  delegatedDecisionId?: number | null;
  /** Body: the meeting's minutes (null when there are none yet) and the decision under the item (null when not recorded). */
  minutes?: { status: MinutesStatus; meetingDate: string; bodyName: string } | null;
  item?: { outcome: ItemOutcome; outcomeLabel: string; paragraph: number | null } | null;
  proposed: Terms;
  /** The highest cap the body may decide: what the applicant asked for (grant) or the proposal (extension). */
  maxCapOre: Ore;
  amended?: Amendment | null;
  rejected?: { reason: string } | null;
}

export type Confirmation =
  | { kind: 'granted'; terms: Terms; amended: boolean; changes: string[] }
  | { kind: 'rejected'; reason: string };

const MINUTES_STATUS: Record<MinutesStatus, string> = { draft: 'ett utkast', numbered: 'numrerat men inte justerat', adjusted: 'justerat' };

/** The terms with the amendment applied, validated; and what changed, in Swedish. */
export function applyAmendment(proposed: Terms, a: Amendment | null | undefined, maxCapOre: Ore): { terms: Terms; changes: string[] } {
  const rateBp = a?.rateBp ?? proposed.rateBp;
  const capOre = a?.capOre ?? proposed.capOre;
  if (!Number.isSafeInteger(rateBp) || rateBp <= 0 || rateBp > 10_000) throw new DomainError('invalid-rate', 'Den beslutade andelen ska vara större än 0 och högst 100 procent.');
  if (!Number.isSafeInteger(capOre) || capOre <= 0) throw new DomainError('invalid-amount', 'Det beslutade taket måste vara större än 0 kronor, i hela ören.');
  if (capOre > maxCapOre) throw new DomainError('cap-above-application', `Det beslutade taket ${formatKronor(capOre)} är högre än ${formatKronor(maxCapOre)}, som ansökan gäller.`);
  const start = a?.periodStart ? assertIsoDate(a.periodStart, 'Projektperiodens början') : proposed.period.start;
  const end = a?.periodEnd ? assertIsoDate(a.periodEnd, 'Projektperiodens slut') : proposed.period.end;
  if (start > end) throw new DomainError('invalid-period', `Projektperioden kan inte sluta (${end}) före sin början (${start}).`);
  const conditions = a?.conditions ? a.conditions.map((c, i) => requireText(c, `Villkor ${i + 1}`, 'condition-required')) : proposed.conditions;
  const terms: Terms = { rateBp, capOre, period: { start, end }, conditions };
  const changes: string[] = [];
  if (rateBp !== proposed.rateBp) changes.push(`andel ${formatRate(rateBp)} i stället för ${formatRate(proposed.rateBp)}`);
  if (capOre !== proposed.capOre) changes.push(`tak ${formatKronor(capOre)} i stället för ${formatKronor(proposed.capOre)}`);
  if (start !== proposed.period.start || end !== proposed.period.end) changes.push(`period ${start}–${end} i stället för ${proposed.period.start}–${proposed.period.end}`);
  if (conditions.length !== proposed.conditions.length || conditions.some((c, i) => c !== proposed.conditions[i])) changes.push('ändrade villkor');
  return { terms, changes };
}

/**
 * Whether, and how, a pending decision can be recorded as decided. Throws a
 * Swedish DomainError (409) while the minutes are missing or not adjusted,
 * when the item has no decision or one that decides nothing (återremiss,
 * bordläggning, noted), and when the request does not match the minutes
 * (amendments against "enligt förslaget", nothing given for "med ändring").
 */
export function confirmation(input: ConfirmationInput): Confirmation {
  const rejected = input.rejected ? { reason: requireText(input.rejected.reason, 'Skälen för avslaget', 'reason-required') } : null;
  if (input.route === 'delegation') {
    if (!input.delegatedDecisionId) throw new DomainError('delegated-not-registered', 'Delegationsbeslutet är inte registrerat i förteckningen över delegationsbeslut; det kan inte bekräftas.', { status: 409 });
    if (rejected) return { kind: 'rejected', reason: rejected.reason };
    const { terms, changes } = applyAmendment(input.proposed, input.amended, input.maxCapOre);
    return { kind: 'granted', terms, amended: changes.length > 0, changes };
  }
  const m = input.minutes;
  if (!m) throw new DomainError('minutes-missing', 'Sammanträdet har inget protokoll ännu; nämndens beslut kan inte bekräftas.', { status: 409 });
  if (m.status !== 'adjusted') {
    throw new DomainError('minutes-not-adjusted', `Protokollet från ${m.meetingDate} är ${MINUTES_STATUS[m.status]}; nämndens beslut kan bekräftas först när protokollet är justerat.`, { status: 409 });
  }
  const d = input.item;
  if (!d) throw new DomainError('not-decided', `Protokollet från ${m.meetingDate} har inget beslut under punkten.`, { status: 409 });
  if (d.outcome === 'referred-back' || d.outcome === 'tabled') {
    throw new DomainError('not-decided', `${m.bodyName} beslutade ${d.outcome === 'tabled' ? 'att bordlägga' : 'att återremittera'} ärendet den ${m.meetingDate}; flytta förslaget till ett kommande sammanträde.`, { status: 409 });
  }
  if (d.outcome === 'noted') throw new DomainError('not-decided', `Under punkten noterades bara informationen den ${m.meetingDate}; det finns inget beslut att bekräfta.`, { status: 409 });
  if (d.outcome === 'according-to-proposal') {
    const { changes } = applyAmendment(input.proposed, input.amended, Math.max(input.maxCapOre, input.proposed.capOre));
    if (rejected || changes.length) {
      throw new DomainError('decided-as-proposed', `Enligt protokollet beslutade ${m.bodyName} enligt förslaget; ${rejected ? 'ett avslag' : `en ändring (${changes.join(', ')})`} kan inte registreras.`, { status: 409 });
    }
    return { kind: 'granted', terms: input.proposed, amended: false, changes: [] };
  }
  // 'amended': the body decided otherwise; the request says how
  if (rejected) return { kind: 'rejected', reason: rejected.reason };
  const { terms, changes } = applyAmendment(input.proposed, input.amended, input.maxCapOre);
  if (!changes.length) {
    throw new DomainError('amendment-required', `Enligt protokollet beslutade ${m.bodyName} med ändring (${d.outcomeLabel.toLowerCase()}); ange vad som beslutades (andel, tak, period eller villkor) eller registrera ett avslag.`, { status: 422 });
  }
  return { kind: 'granted', terms, amended: true, changes };
}

/** The application states before any payout from which it may be withdrawn or rejected. */
export type ClosableStatus = 'draft' | 'proposed' | 'granted';

/**
 * Whether an application can end now (withdrawn by the applicant, or
 * rejected): never after a payout is prepared or made, never twice, and a
 * granted one is withdrawn, not rejected.
 */
export function assertClosable(status: string, kind: 'withdrawn' | 'rejected', payouts: number): void {
  if (status === 'withdrawn' || status === 'rejected') throw new DomainError('application-closed', `Ansökan är redan ${status === 'withdrawn' ? 'återkallad' : 'avslagen'}.`, { status: 409 });
  if (payouts > 0) throw new DomainError('payout-made', 'Medfinansieringen har utbetalningar; den kan inte längre återkallas eller avslås.', { status: 409 });
  if (kind === 'rejected' && status === 'granted') throw new DomainError('already-granted', 'Ansökan är redan beviljad och kan inte avslås; sökanden kan återkalla den.', { status: 409 });
}
