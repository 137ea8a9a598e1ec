import { DomainError } from './errors.ts';

/**
 * Money as an integer number of öre. Never a float: parsing works on the
 * digits as text and the result is checked to be a safe integer.
 * (2^53 öre is about 90 000 miljarder kronor, far beyond any budget here.)
 */
export type Ore = number;

const UNIT_FACTORS: Record<string, bigint> = {
  kr: 100n,
  kronor: 100n,
  krona: 100n,
  sek: 100n,
  ':-': 100n,
  tkr: 100_000n,
  'tusen kronor': 100_000n,
  mkr: 100_000_000n,
  mnkr: 100_000_000n,
  'miljoner kronor': 100_000_000n,
  'miljon kronor': 100_000_000n,
  mdkr: 100_000_000_000n,
  'miljarder kronor': 100_000_000_000n,
};

// Group separators seen in papers: space, no-break space, narrow no-break space,
// and line breaks left by PDF text extraction ("2 \n000 000 kronor").
const SPACES = /[\s\u00a0\u202f]+/g;

/**
 * Parses Swedish amounts: "474 529 kronor", "474 529  kr", "1,5 mnkr",
 * "16 503 kr", "1 234,50 kr", "-80 000 kronor", "4,6 mnkr". A bare number
 * is read as kronor. Returns öre.
 */
export function parseKronor(input: string): Ore {
  const text = input.trim().toLowerCase().replace(/\u2212/g, '-');
  const m = /^([+-]?)\s*([\d\s\u00a0\u202f]*\d)(?:,(\d+))?\s*(kr\.?|kronor|krona|sek|:-|tkr|tusen kronor|mkr|mnkr|miljoner kronor|miljon kronor|mdkr|miljarder kronor)?$/.exec(text);
  if (!m) throw new DomainError('invalid-amount', `"${input.trim().slice(0, 60)}" är inte ett belopp. Skriv till exempel 474 529 kronor eller 1,5 mnkr.`);
  const [, sign, intPart = '', frac = '', unitRaw] = m;
  const digits = intPart.replace(SPACES, '');
  // Digit groups must be of three after the first ("1 912 400"), or no spaces at all.
  if (/\s/.test(intPart.trim()) && !/^\d{1,3}([\s\u00a0\u202f]+\d{3})+$/.test(intPart.trim())) {
    throw new DomainError('invalid-amount', `"${input.trim().slice(0, 60)}" har felaktig siffergruppering.`);
  }
  const unit = (unitRaw ?? 'kr').replace(/\.$/, '');
  const factor = UNIT_FACTORS[unit];
  if (factor === undefined) throw new DomainError('invalid-amount', `Okänd valutaenhet i "${input.trim()}".`);
  const scale = 10n ** BigInt(frac.length);
  const scaled = BigInt(digits) * scale + (frac ? BigInt(frac) : 0n);
  const ore = scaled * factor;
  if (ore % scale !== 0n) {
    throw new DomainError('invalid-amount', `"${input.trim()}" har fler decimaler än hela ören.`);
  }
  const result = (ore / scale) * (sign === '-' ? -1n : 1n);
  if (result > BigInt(Number.MAX_SAFE_INTEGER) || result < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new DomainError('amount-too-large', `Beloppet "${input.trim().slice(0, 60)}" är för stort.`);
  }
  return Number(result);
}

export function kronorToOre(kronor: number): Ore {
  if (!Number.isSafeInteger(kronor) || !Number.isSafeInteger(kronor * 100)) {
    throw new DomainError('invalid-amount', 'Beloppet måste vara ett helt antal kronor.');
  }
  return kronor * 100;
}

/** Groups digits in threes with a no-break space, as sv-SE does. */
export function groupDigits(n: bigint | number): string {
  const s = (n < 0 ? -BigInt(n) : BigInt(n)).toString();
  const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return (n < 0 ? '\u2212' : '') + grouped;
}

/** 47452900 öre → "474 529 kronor"; öre shown only when not whole ("1 234,50 kronor"). */
export function formatKronor(ore: Ore, unit: 'kronor' | 'kr' = 'kronor'): string {
  if (!Number.isSafeInteger(ore)) throw new DomainError('invalid-amount', 'Beloppet är inte ett helt antal ören.');
  const b = BigInt(ore);
  const neg = b < 0n;
  const abs = neg ? -b : b;
  const whole = abs / 100n;
  const rest = abs % 100n;
  const body = groupDigits(whole) + (rest === 0n ? '' : ',' + rest.toString().padStart(2, '0'));
  return `${neg ? '\u2212' : ''}${body}\u00a0${unit}`;
}
