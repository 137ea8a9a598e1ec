/**
 * Exact decimals for indicator values. A value is kept as a canonical decimal
 * string ("12.3", "-0.05", "1200"): never a binary float, so what Kolada
 * published is what we store, compare and show. Arithmetic uses BigInt on
 * values scaled to a common number of decimals.
 */
import { DomainError } from '../kernel/errors.ts';

export type Decimal = string;

/** Most digits before and after the decimal point we accept; more is refused, never rounded. */
export const MAX_INT_DIGITS = 18;
export const MAX_FRACTION_DIGITS = 12;

const NUMBER = /^(-)?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * The canonical form of a decimal written as in JSON ("1.50", "1.5e2", "-0"):
 * no exponent, no leading zeros, no trailing fractional zeros, no "-0".
 * Refuses what is not a number or has more digits than we keep.
 */
export function canonicalDecimal(text: string, field = 'Värdet'): Decimal {
  const m = NUMBER.exec(String(text).trim());
  if (!m) throw new DomainError('invalid-decimal', `${field} "${String(text).slice(0, 30)}" är inte ett tal.`);
  const negative = m[1] === '-';
  let digits = m[2]! + (m[3] ?? '');
  let point = m[2]!.length; // digits before the point
  if (m[4] !== undefined) {
    const exp = Number(m[4]);
    if (!Number.isSafeInteger(exp) || Math.abs(exp) > 40) throw new DomainError('invalid-decimal', `${field} har en orimlig exponent (${m[4].slice(0, 10)}).`);
    point += exp;
  }
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits = digits + '0'.repeat(point - digits.length);
  let int = digits.slice(0, point).replace(/^0+/, '');
  const frac = digits.slice(point).replace(/0+$/, '');
  if (int.length > MAX_INT_DIGITS) throw new DomainError('decimal-too-large', `${field} ${String(text).slice(0, 30)} har fler än ${MAX_INT_DIGITS} siffror före decimaltecknet.`);
  if (frac.length > MAX_FRACTION_DIGITS) {
    throw new DomainError('decimal-too-precise', `${field} ${String(text).slice(0, 30)} har fler än ${MAX_FRACTION_DIGITS} decimaler; det sparas inte avrundat.`);
  }
  if (!int) int = '0';
  const zero = int === '0' && !frac;
  return `${negative && !zero ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

function fractionDigits(d: Decimal): number {
  const i = d.indexOf('.');
  return i < 0 ? 0 : d.length - i - 1;
}

/** The decimal as an integer of `scale` decimals (exact: scale must be at least its own). */
export function scaled(d: Decimal, scale: number): bigint {
  const neg = d.startsWith('-');
  const [int, frac = ''] = (neg ? d.slice(1) : d).split('.');
  const v = BigInt(int! + frac.padEnd(scale, '0'));
  return neg ? -v : v;
}

export function compareDecimal(a: Decimal, b: Decimal): number {
  const s = Math.max(fractionDigits(a), fractionDigits(b));
  const x = scaled(a, s);
  const y = scaled(b, s);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Compares `a` with the mean of `group` exactly (a·n against the sum), without dividing. */
export function compareWithMean(a: Decimal, group: Decimal[]): number {
  if (!group.length) throw new Error('empty group');
  const s = Math.max(fractionDigits(a), ...group.map(fractionDigits));
  const left = scaled(a, s) * BigInt(group.length);
  const right = group.reduce((sum, g) => sum + scaled(g, s), 0n);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The mean of the group, rounded half away from zero to `decimals` (for display; the comparison is exact). */
export function meanRounded(group: Decimal[], decimals = 2): Decimal {
  const s = Math.max(decimals, ...group.map(fractionDigits));
  const sum = group.reduce((acc, g) => acc + scaled(g, s), 0n);
  const n = BigInt(group.length);
  const shift = 10n ** BigInt(s - decimals);
  const denom = n * shift;
  const neg = sum < 0n;
  const abs = neg ? -sum : sum;
  let q = abs / denom;
  if ((abs % denom) * 2n >= denom) q += 1n;
  const str = q.toString().padStart(decimals + 1, '0');
  const text = decimals ? `${str.slice(0, -decimals)}.${str.slice(-decimals)}` : str;
  return canonicalDecimal(`${neg ? '-' : ''}${text}`);
}

/** Swedish form: decimal comma, no-break space between thousands ("1 234,5"). */
export function formatDecimalSv(d: Decimal): string {
  const neg = d.startsWith('-');
  const [int, frac] = (neg ? d.slice(1) : d).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${neg ? '−' : ''}${grouped}${frac ? `,${frac}` : ''}`;
}
