/**
 * Claims (rekvisitioner) against a co-financing decision: the rules a claim
 * is checked against before it is prepared, and again when it is attested.
 * A claim states the period its booked costs were booked in (from–to), the
 * claim's date and the booked costs; a final claim (slutrekvisition) also the
 * date the final report came in. Pure: ISO dates compare as text, money is
 * integer öre. Each refusal is a Swedish DomainError. What is payable is
 * payout.ts (min(rate × costs, cap − paid)); this file only says whether the
 * claim may be paid at all.
 *
 * The rules, in the order they are checked:
 * 1. the period is a period (from ≤ to), the claim not dated in the future,
 *    and the final report (when given) not dated in the future;
 * 2. the period lies within the project period of the decision as extended
 *    (the last granted decision's start and end);
 * 3. the claim is dated no earlier than the decision and no earlier than its
 *    own period ends (costs are claimed once they are booked);
 * 4. no claim after the final one; a final claim needs the final report's date;
 * 5. the period does not overlap an earlier claim's (not reversed) – a cost is
 *    claimed once;
 * 6. the booked costs do not exceed what is left of the project's budgeted
 *    costs after the earlier claims (not reversed).
 */
import { DomainError } from '../kernel/errors.ts';
import { formatKronor, type Ore } from '../kernel/kronor.ts';
import { assertIsoDate, type IsoDate } from '../kernel/dates.ts';
import type { ProjectBudget } from './budget.ts';
import { assertNonNegativeOre, type Period } from './decision.ts';

export interface Claim {
  periodFrom: IsoDate;
  periodTo: IsoDate;
  claimedOn: IsoDate;
  bookedCostsOre: Ore;
  /** The last claim on the decision (slutrekvisition). */
  final: boolean;
  /** The date the final report (slutrapport) came in; required for a final claim. */
  finalReportOn: IsoDate | null;
}

/** An earlier claim on the same decision that is not reversed (prepared or attested). */
export interface EarlierClaim {
  /** Null for payouts registered before claims stated a period. */
  periodFrom: IsoDate | null;
  periodTo: IsoDate | null;
  bookedCostsOre: Ore;
  final: boolean;
}

export interface ClaimContext {
  /** Today in Stockholm. */
  today: IsoDate;
  /** The date of the grant. */
  decidedOn: IsoDate;
  /** The project period as extended: the last granted decision's. */
  project: Period;
  /** The project's budgeted costs (the cost budget's cells, summed). */
  budgetedCostsOre: Ore;
  earlier: EarlierClaim[];
}

export interface CheckedClaim {
  /** Budgeted costs not yet claimed, before this claim. */
  remainingBudgetBeforeOre: Ore;
  /** … and after it. */
  remainingBudgetAfterOre: Ore;
}

const span = (from: string, to: string) => `${from}–${to}`;

/** The project's budgeted costs: every cell of the cost budget (a blank cell counts as 0), as checkBudget sums them. */
export function budgetedCosts(budget: Pick<ProjectBudget, 'costs'>): Ore {
  return budget.costs.reduce<Ore>((s, r) => s + r.values.reduce<Ore>((t, v) => t + (v ?? 0), 0), 0);
}

/** Checks a claim; throws the first rule it breaks (the order in the file's comment). */
export function checkClaim(claim: Claim, ctx: ClaimContext): CheckedClaim {
  const from = assertIsoDate(claim.periodFrom, 'Periodens första dag');
  const to = assertIsoDate(claim.periodTo, 'Periodens sista dag');
  const claimedOn = assertIsoDate(claim.claimedOn, 'Rekvisitionens datum');
  assertNonNegativeOre(claim.bookedCostsOre, 'De bokförda kostnaderna');
  if (from > to) throw new DomainError('invalid-claim-period', `Rekvisitionens period börjar ${from}, efter att den slutar ${to}.`);
  if (claimedOn > ctx.today) {
    throw new DomainError('claim-in-future', `Rekvisitionen kan inte vara daterad i framtiden (${claimedOn}; i dag är det ${ctx.today}).`);
  }
  const reportOn = claim.finalReportOn ? assertIsoDate(claim.finalReportOn, 'Slutrapportens datum') : null;
  if (reportOn && reportOn > ctx.today) {
    throw new DomainError('final-report-in-future', `Slutrapporten kan inte ha kommit in i framtiden (${reportOn}; i dag är det ${ctx.today}).`);
  }

  const p = ctx.project;
  if (from < p.start || to > p.end) {
    throw new DomainError(
      'claim-outside-project',
      `Rekvisitionens period ${span(from, to)} ligger utanför projektperioden ${span(p.start, p.end)} enligt beslutet (med förlängningar); bara kostnader inom projektperioden kan rekvireras.`,
    );
  }

  if (claimedOn < ctx.decidedOn) throw new DomainError('invalid-date', `Rekvisitionen (${claimedOn}) kan inte vara daterad före beslutet (${ctx.decidedOn}).`);
  if (claimedOn < to) {
    throw new DomainError('claim-before-period-end', `Rekvisitionen (${claimedOn}) är daterad innan perioden den gäller har slutat (${to}); kostnaderna rekvireras när de är bokförda.`);
  }

  if (ctx.earlier.some((e) => e.final)) {
    throw new DomainError('final-claim-made', 'Slutrekvisitionen är redan registrerad; fler rekvisitioner kan inte göras på beslutet. Återför slutrekvisitionen först om den är fel.', { status: 409 });
  }
  if (claim.final && !reportOn) {
    throw new DomainError('final-report-required', 'En slutrekvisition kräver att slutrapporten har kommit in: ange datumet då slutrapporten kom in.');
  }

  const overlap = ctx.earlier.find((e) => e.periodFrom !== null && e.periodTo !== null && e.periodFrom <= to && from <= e.periodTo);
  if (overlap) {
    throw new DomainError(
      'claim-overlaps',
      `Perioden ${span(from, to)} överlappar en tidigare rekvisition (${span(overlap.periodFrom!, overlap.periodTo!)}); en kostnad rekvireras bara en gång.`,
      { status: 409 },
    );
  }

  const claimedBefore = ctx.earlier.reduce<Ore>((s, e) => s + e.bookedCostsOre, 0);
  const remainingBudgetBeforeOre = Math.max(0, ctx.budgetedCostsOre - claimedBefore);
  if (claim.bookedCostsOre > remainingBudgetBeforeOre) {
    throw new DomainError(
      'claim-over-budget',
      `De bokförda kostnaderna ${formatKronor(claim.bookedCostsOre)} är mer än det som återstår av projektets budgeterade kostnader: ${formatKronor(remainingBudgetBeforeOre)} av ${formatKronor(ctx.budgetedCostsOre)} (tidigare rekvirerat ${formatKronor(claimedBefore)}).`,
    );
  }
  return { remainingBudgetBeforeOre, remainingBudgetAfterOre: remainingBudgetBeforeOre - claim.bookedCostsOre };
}
