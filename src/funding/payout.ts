/**
 * Payouts against a co-financing decision (utbetalning on a rekvisition).
 * The region pays its rate of the booked costs claimed, never more than what
 * is left under the cap. Integer arithmetic only (BigInt for the product);
 * the share is rounded DOWN to whole öre, so rounding never pays more than
 * the decision allows.
 */
import { type Ore } from '../kernel/kronor.ts';
import { FULL_RATE_BP, assertNonNegativeOre, assertPositiveOre, assertRateBp, type CoFinancingDecision } from './decision.ts';

export interface Payable {
  /** What may be paid now. */
  payableOre: Ore;
  /** rate × booked costs of this claim, rounded down to whole öre. */
  shareOre: Ore;
  /** Cap − already paid, never below 0, before this payout. */
  remainingBeforeOre: Ore;
  /** The remaining commitment after this payout. */
  remainingAfterOre: Ore;
  /** True when this payout (or earlier ones) exhausts the cap. */
  capReached: boolean;
  /** How much was already paid beyond the cap (a claim for repayment, not handled here); 0 normally. */
  overpaidOre: Ore;
}

/** rate × amount in öre, rounded down (towards zero) to whole öre, exactly. */
export function shareOf(amountOre: Ore, rateBp: number): Ore {
  assertNonNegativeOre(amountOre, 'Beloppet');
  assertRateBp(rateBp);
  return Number((BigInt(amountOre) * BigInt(rateBp)) / BigInt(FULL_RATE_BP));
}

/**
 * payable = min(rate × bookedCosts, cap − alreadyPaid), never negative.
 * `bookedCostsOre` are the booked costs of this claim (not yet claimed);
 * `alreadyPaidOre` the sum of earlier payouts on the decision.
 */
export function payable(decision: Pick<CoFinancingDecision, 'rateBp' | 'capOre'>, bookedCostsOre: Ore, alreadyPaidOre: Ore): Payable {
  const cap = assertPositiveOre(decision.capOre, 'Taket för medfinansieringen (dock högst)', 'invalid-cap');
  assertNonNegativeOre(bookedCostsOre, 'De bokförda kostnaderna');
  assertNonNegativeOre(alreadyPaidOre, 'Redan utbetalt belopp');
  const shareOre = shareOf(bookedCostsOre, decision.rateBp);
  const remainingBeforeOre = Math.max(0, cap - alreadyPaidOre);
  const payableOre = Math.min(shareOre, remainingBeforeOre);
  const remainingAfterOre = remainingBeforeOre - payableOre;
  return {
    payableOre,
    shareOre,
    remainingBeforeOre,
    remainingAfterOre,
    capReached: remainingAfterOre === 0,
    overpaidOre: Math.max(0, alreadyPaidOre - cap),
  };
}

/** The commitment still open on a decision: cap − paid, never below 0. */
export function remainingCommitment(decision: Pick<CoFinancingDecision, 'capOre'>, paidOre: Ore): Ore {
  assertPositiveOre(decision.capOre, 'Taket för medfinansieringen (dock högst)', 'invalid-cap');
  assertNonNegativeOre(paidOre, 'Utbetalt belopp');
  return Math.max(0, decision.capOre - paidOre);
}

export interface EffectiveRate {
  /** The most the region pays on these costs: min(rate × costs rounded down, cap). */
  maxPayableOre: Ore;
  /** True when the cap, not the rate, limits the payout. */
  capBinds: boolean;
  /** maxPayable / costs as tenths of a percent, rounded half up from the exact fraction. */
  tenths: number;
  /** "44,4 %" */
  text: string;
}

/**
 * The rate the region actually pays on a budget: the decided rate, or less
 * when the cap binds (20RS6187: 45 % of 450 000 kr is 202 500 kr, capped at
 * 200 000 kr, so 44,4 %).
 */
export function effectiveRate(decision: Pick<CoFinancingDecision, 'rateBp' | 'capOre'>, totalCostsOre: Ore): EffectiveRate {
  assertPositiveOre(decision.capOre, 'Taket för medfinansieringen (dock högst)', 'invalid-cap');
  assertPositiveOre(totalCostsOre, 'Projektets bokförda kostnader');
  const byRate = shareOf(totalCostsOre, decision.rateBp);
  const maxPayableOre = Math.min(byRate, decision.capOre);
  const p = BigInt(maxPayableOre);
  const w = BigInt(totalCostsOre);
  const tenths = Number((p * 2000n + w) / (2n * w));
  return { maxPayableOre, capBinds: decision.capOre < byRate, tenths, text: `${Math.floor(tenths / 10)},${tenths % 10} %` };
}
