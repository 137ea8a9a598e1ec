/**
 * The unit a budget is shown in: kr, tkr or mnkr, at the user's choice.
 *
 * Rounding rule: every figure is rounded from its exact öre, half away from
 * zero – kr to whole kronor (öre shown when not whole), tkr to whole thousands,
 * mnkr to one decimal (0,1 mnkr = 100 000 kr). A total is computed from the
 * rows' öre and then rounded, never summed from rounded figures, so a column
 * in tkr or mnkr may differ from the sum of its rounded rows by a unit or so.
 */
import { formatKronor, groupDigits, type Ore } from '../kernel/kronor.ts';
import { divRound } from './model.ts';

export const MONEY_UNITS = ['kr', 'tkr', 'mnkr'] as const;
export type MoneyUnit = (typeof MONEY_UNITS)[number];

export const UNIT_LABEL: Record<MoneyUnit, string> = { kr: 'kronor (kr)', tkr: 'tusen kronor (tkr)', mnkr: 'miljoner kronor (mnkr)' };

export const isMoneyUnit = (x: unknown): x is MoneyUnit => typeof x === 'string' && (MONEY_UNITS as readonly string[]).includes(x);

/** The amount rounded to the unit's last shown digit, as an integer count of that digit (kr: öre untouched). */
export function roundToUnit(ore: Ore, unit: MoneyUnit): bigint {
  if (!Number.isSafeInteger(ore)) throw new Error('roundToUnit: beloppet ska vara ett helt antal ören');
  if (unit === 'kr') return BigInt(ore);
  return divRound(BigInt(ore), unit === 'tkr' ? 100_000n : 10_000_000n); // tkr: whole thousands; mnkr: tenths of a million
}

/** 47 452 900 öre → "474 529" (kr), "475" (tkr), "0,5" (mnkr); minus sign U+2212; no unit. */
export function formatInUnit(ore: Ore, unit: MoneyUnit): string {
  if (unit === 'kr') return formatKronor(ore, 'kr').replace(/\u00a0kr$/, '');
  const n = roundToUnit(ore, unit);
  if (unit === 'tkr') return groupDigits(n);
  const neg = n < 0n;
  const abs = neg ? -n : n;
  return `${neg ? '\u2212' : ''}${groupDigits(abs / 10n)},${abs % 10n}`;
}

/** null → "–", otherwise formatInUnit. */
export const showInUnit = (ore: Ore | null, unit: MoneyUnit): string => (ore === null ? '–' : formatInUnit(ore, unit));

/** The note the page prints under its tables. */
export function roundingNote(unit: MoneyUnit): string {
  if (unit === 'kr') return 'Belopp i kronor, exakt som de registrerats.';
  const what = unit === 'tkr' ? 'hela tusental kronor' : 'en decimal (0,1 mnkr = 100 000 kr)';
  return `Belopp i ${unit}, avrundade till ${what}, halva avrundas bort från noll. Summor och avvikelser räknas fram ur exakta belopp i ören och avrundas sedan – de är inte summor av avrundade tal och kan därför skilja sig något från de visade radernas summa.`;
}
