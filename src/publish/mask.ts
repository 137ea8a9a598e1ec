/**
 * What the public may see: personal data masked. Pure text functions, used by
 * every public path (publish/public.ts, the public-response hook in
 * publish/publicEdge.ts, the minutes and letter PDFs, the search index):
 *
 * - `maskPersonalNumbers(text)`: every personnummer and samordningsnummer
 *   (valid Luhn digit and a plausible date, day + 60 for a
 *   samordningsnummer) in every form people write them – with or without
 *   century (ÅÅÅÅMMDD / ÅÅMMDD), with hyphen, plus sign, a space or nothing
 *   between date and the last four – becomes "ÅÅMMDD-XXXX" (the century kept
 *   when written). An organisationsnummer of a legal person (third digit 2 or
 *   more: not a month), amounts, case numbers and numbers failing the check
 *   are left alone.
 * - `maskNames(text, names)`: every whole-word occurrence of a natural
 *   person's name (a sole trader in the business support register or a
 *   co-financing applicant marked as a natural person) becomes "Enskild
 *   näringsidkare".
 * - `maskText` does both; `maskDeep` does both on every string of a JSON value.
 */

/** What a natural person's name is replaced by. */
export const NATURAL_PERSON_MASK = 'Enskild näringsidkare';

/** Luhn check over the ten digits YYMMDDNNNC. */
export function luhnOk(tenDigits: string): boolean {
  if (!/^\d{10}$/.test(tenDigits)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = Number(tenDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

const daysIn = (month: number, leap: boolean) => [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;

/**
 * A date a personnummer can carry: a real calendar day (day + 60 for a
 * samordningsnummer). Without the century, 29 February counts when either
 * century makes the year a leap year.
 */
export function plausibleDate(century: string | undefined, yy: string, mm: string, dd: string): boolean {
  const month = Number(mm);
  let day = Number(dd);
  if (day > 60) day -= 60; // samordningsnummer
  if (month < 1 || month > 12 || day < 1) return false;
  let leap: boolean;
  if (century) {
    const c = Number(century);
    if (c < 18 || c > 20) return false;
    const y = c * 100 + Number(yy);
    leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  } else {
    leap = Number(yy) % 4 === 0; // 2000 was a leap year; 1900 (yy 00) is covered by 2000
  }
  return day <= daysIn(month, leap);
}

/** True for a valid personnummer or samordningsnummer, in any of the forms `maskPersonalNumbers` masks (and nothing around it). */
export function isPersonalNumber(text: string): boolean {
  const m = /^(\d{2})?(\d{2})(\d{2})(\d{2})[-+ ]?(\d{4})$/.exec(text.trim());
  return Boolean(m && plausibleDate(m[1], m[2]!, m[3]!, m[4]!) && luhnOk(`${m[2]}${m[3]}${m[4]}${m[5]}`));
}

// Not inside a longer run of letters or digits (so not part of 20RS6567, an id or a longer number), and not
// glued to another number by a separator ("1.8112189876", "8112189876,50").
const PNR = /(?<![\p{L}\p{N}_]|\p{N}[-.,/:])(\d{2})?(\d{2})(\d{2})(\d{2})([-+]|\u0020|\u00a0)?(\d{4})(?![\p{L}\p{N}_]|[-.,/:]\p{N})/gu;

/** Replaces every personal identity number in the text by "ÅÅMMDD-XXXX" ("ÅÅÅÅMMDD-XXXX" when the century was written). */
export function maskPersonalNumbers(text: string): string {
  if (!/\d{4}/.test(text)) return text;
  return text.replace(PNR, (all, century: string | undefined, yy: string, mm: string, dd: string, _sep: string | undefined, last: string) => {
    if (!plausibleDate(century, yy, mm, dd) || !luhnOk(`${yy}${mm}${dd}${last}`)) return all;
    return `${century ?? ''}${yy}${mm}${dd}-XXXX`;
  });
}

export const containsPersonalNumber = (text: string): boolean => maskPersonalNumbers(text) !== text;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// the search index marks hits with U+0002 … U+0003 (publish/store.ts): a name may be split by them
const MARKS = '[\\u0002\\u0003]*';
interface NamePattern {
  re: RegExp;
  /** The shortest word of every name, lower-cased: a text containing none of them needs no regular expression. */
  probes: string[];
}
const patterns = new Map<string, NamePattern | null>();

function namePattern(names: readonly string[]): NamePattern | null {
  const key = names.join('\u0000');
  if (patterns.has(key)) return patterns.get(key)!;
  const clean = [...new Set(names.map((n) => n.replace(/\s+/g, ' ').trim()).filter((n) => n.length >= 3))].sort((a, b) => b.length - a.length); // the longest first: "Anna Berg" before "Anna"
  const parts = clean.map((n) => n.split(' ').map((w) => MARKS + escapeRe(w) + MARKS).join('[\\s\\u0002\\u0003]+'));
  const probes = [...new Set(clean.map((n) => n.split(' ').reduce((a, b) => (b.length < a.length ? b : a)).toLowerCase()))];
  const p = parts.length ? { re: new RegExp(`(?<![\\p{L}\\p{N}])(?:${parts.join('|')})(?![\\p{L}\\p{N}])`, 'giu'), probes } : null;
  if (patterns.size > 50) patterns.clear();
  patterns.set(key, p);
  return p;
}

/** Replaces every whole-word occurrence of the names (case-insensitive, any white space between words) by "Enskild näringsidkare". */
export function maskNames(text: string, names: readonly string[]): string {
  if (!names.length || !text) return text;
  const p = namePattern(names);
  if (!p) return text;
  const lower = text.toLowerCase();
  if (!p.probes.some((w) => lower.includes(w))) return text;
  return text.replace(p.re, NATURAL_PERSON_MASK);
}

/** Personal identity numbers and the names of natural persons masked. */
export const maskText = (text: string, names: readonly string[] = []): string => maskNames(maskPersonalNumbers(text), names);

/** A copy of a JSON value with every string in it (keys aside) passed through `maskText`. */
export function maskDeep<T>(value: T, names: readonly string[] = []): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return maskText(v, names);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      if (v instanceof Date || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return v;
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return v; // class instances (streams, buffers) untouched
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

export const SECRET_TITLE = (ref: string) => `Handling som omfattas av sekretess (${ref})`;
