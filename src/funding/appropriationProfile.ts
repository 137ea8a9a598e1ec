/**
 * The payment profile of a co-financing grant (issue 16.5): what is planned
 * to be paid out in each calendar year the grant runs. By default the cap is
 * split over the project period by days, rounded down, the öre left over in
 * the last year, so the years always sum to the cap exactly. A plan set by
 * hand must sum to the cap in force and keep to the years of the project
 * period and the year after it (the final claim comes after the end).
 */
import { DomainError } from '../kernel/errors.ts';
import { formatKronor, type Ore } from '../kernel/kronor.ts';
import { assertIsoDate, daysBetween } from '../kernel/dates.ts';

export interface PlanYear {
  year: number;
  amountOre: Ore;
}

const yearOf = (d: string) => Number(d.slice(0, 4));

/** The years a plan may use: from the start year to the year after the end. */
export function planYears(period: { start: string; end: string }): number[] {
  const from = yearOf(period.start);
  const to = yearOf(period.end) + 1;
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The cap split over the project period's calendar years by days (inclusive), rounded down; the remainder goes to the last year. */
export function defaultProfile(capOre: Ore, period: { start: string; end: string }): PlanYear[] {
  const start = assertIsoDate(period.start, 'Projektperiodens början');
  const end = assertIsoDate(period.end, 'Projektperiodens slut');
  if (end < start) throw new DomainError('invalid-period', `Projektperioden slutar (${end}) före den börjar (${start}).`);
  if (!Number.isSafeInteger(capOre) || capOre < 0) throw new DomainError('invalid-amount', 'Taket är inte ett helt antal ören.');
  const total = BigInt(daysBetween(start, end) + 1);
  const out: PlanYear[] = [];
  let given = 0;
  for (let y = yearOf(start); y <= yearOf(end); y++) {
    const from = y === yearOf(start) ? start : `${y}-01-01`;
    const to = y === yearOf(end) ? end : `${y}-12-31`;
    const days = BigInt(daysBetween(from, to) + 1);
    const amountOre = y === yearOf(end) ? capOre - given : Number((BigInt(capOre) * days) / total);
    given += amountOre;
    out.push({ year: y, amountOre });
  }
  return out;
}

/** A plan set by hand, checked: whole years of the plan's range, each once, amounts in whole öre, summing to the cap in force. Returned sorted, zero years dropped. */
export function validatePlan(plan: PlanYear[], capOre: Ore, period: { start: string; end: string }): PlanYear[] {
  if (!Array.isArray(plan) || plan.length === 0) throw new DomainError('plan-required', 'Ange planerade utbetalningar för minst ett år.');
  const allowed = planYears(period);
  const seen = new Set<number>();
  for (const p of plan) {
    if (!Number.isInteger(p?.year) || !allowed.includes(p.year)) {
      throw new DomainError('plan-year', `Året ${String(p?.year).slice(0, 10)} ligger utanför projektperioden ${period.start}–${period.end} och året efter (${allowed[0]}–${allowed.at(-1)}).`);
    }
    if (seen.has(p.year)) throw new DomainError('plan-year-twice', `Året ${p.year} står två gånger i planen.`);
    seen.add(p.year);
    if (!Number.isSafeInteger(p.amountOre) || p.amountOre < 0) throw new DomainError('invalid-amount', `Beloppet för ${p.year} ska vara 0 kronor eller mer, i hela ören.`);
  }
  const sum = plan.reduce((s, p) => s + p.amountOre, 0);
  if (sum !== capOre) {
    throw new DomainError('plan-sum', `De planerade utbetalningarna summerar till ${formatKronor(sum, 'kr')}, men beviljat belopp är ${formatKronor(capOre, 'kr')}; ${sum > capOre ? 'minska' : 'öka'} med ${formatKronor(Math.abs(sum - capOre), 'kr')}.`);
  }
  return plan.filter((p) => p.amountOre > 0).sort((a, b) => a.year - b.year);
}

export interface Profile {
  years: PlanYear[];
  /** Set by hand (not the default split). */
  custom: boolean;
  /** A plan was set, but for other terms (an extension or change came after it): the default is shown until it is set again. */
  stale: boolean;
}

/** The profile in force: the stored plan when it still fits the cap and period, otherwise the default split. */
export function effectiveProfile(stored: PlanYear[], capOre: Ore, period: { start: string; end: string }): Profile {
  if (stored.length) {
    try {
      return { years: validatePlan(stored, capOre, period), custom: true, stale: false };
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return { years: defaultProfile(capOre, period), custom: false, stale: true };
    }
  }
  return { years: defaultProfile(capOre, period), custom: false, stale: false };
}

/** The part of an amount paid from the state appropriation: amount × state / cap, rounded down (all of it when the cap is all state). */
export function statePart(amountOre: Ore, stateOre: Ore, capOre: Ore): Ore {
  if (capOre <= 0 || stateOre <= 0) return 0;
  if (stateOre >= capOre) return amountOre;
  return Number((BigInt(amountOre) * BigInt(stateOre)) / BigInt(capOre));
}

export interface OverCommitment {
  year: number;
  amountOre: Ore;
  /** What is left of the year's appropriation before this decision; null when the year has no appropriation registered. */
  remainingOre: Ore | null;
  exceedsOre: Ore;
  message: string;
}

/** The warning before a decision is taken: the state part would go beyond what is left of the year's appropriation (or none is registered). Null when it fits. */
export function overCommitment(year: number, amountOre: Ore, remainingOre: Ore | null): OverCommitment | null {
  if (amountOre <= 0) return null;
  if (remainingOre === null) {
    return { year, amountOre, remainingOre, exceedsOre: amountOre, message: `Anslaget 1:1 för ${year} är inte registrerat; ${formatKronor(amountOre, 'kr')} kan inte prövas mot det. Beslutet kräver då ett undantag med motivering.` };
  }
  if (amountOre <= remainingOre) return null;
  const left = Math.max(0, remainingOre);
  return {
    year, amountOre, remainingOre, exceedsOre: amountOre - left,
    message: `Anslaget 1:1 för ${year} räcker inte: ${formatKronor(left, 'kr')} återstår men ${formatKronor(amountOre, 'kr')} ska beslutas (${formatKronor(amountOre - left, 'kr')} för mycket). Beslutet kräver ett undantag med motivering.`,
  };
}
