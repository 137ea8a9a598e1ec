import { DomainError } from './errors.ts';

/**
 * Calendar dates are ISO strings (YYYY-MM-DD) everywhere: in storage, on the
 * wire and in Swedish documents (Swedish usage is the ISO form, 2020-08-24).
 * Arithmetic is done in UTC on the calendar date, so no time zone can shift a day.
 */
export type IsoDate = string;

export const MONTHS = [
  'januari', 'februari', 'mars', 'april', 'maj', 'juni',
  'juli', 'augusti', 'september', 'oktober', 'november', 'december',
] as const;

export const WEEKDAYS = ['söndag', 'måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag'] as const;

export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}

export function assertIsoDate(s: string, field = 'Datumet'): IsoDate {
  if (!isIsoDate(s)) throw new DomainError('invalid-date', `${field} "${String(s).slice(0, 30)}" är inte ett giltigt datum. Skriv det som ÅÅÅÅ-MM-DD, till exempel 2020-08-24.`);
  return s;
}

function toUtc(d: IsoDate): Date {
  assertIsoDate(d);
  return new Date(`${d}T00:00:00Z`);
}

function fromUtc(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

export function addDays(d: IsoDate, days: number): IsoDate {
  const t = toUtc(d);
  t.setUTCDate(t.getUTCDate() + days);
  return fromUtc(t);
}

/** Adds calendar months, clamping to the month's last day (2020-01-31 + 1 → 2020-02-29). */
export function addMonths(d: IsoDate, months: number): IsoDate {
  const t = toUtc(d);
  const day = t.getUTCDate();
  const target = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, last));
  return fromUtc(target);
}

export function weekday(d: IsoDate): (typeof WEEKDAYS)[number] {
  return WEEKDAYS[toUtc(d).getUTCDay()]!;
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}

/** "2020-08-24" → "24 augusti 2020" (running text in documents). */
export function formatLongDate(d: IsoDate): string {
  const t = toUtc(d);
  return `${t.getUTCDate()} ${MONTHS[t.getUTCMonth()]} ${t.getUTCFullYear()}`;
}

/**
 * Reads the date forms the committee's papers use: "2020-08-24",
 * "28 februari 2020", "den 24 augusti 2020", and the compact "200824"
 * of document titles. Returns null when the text holds no such date.
 */
export function parseSwedishDate(text: string): IsoDate | null {
  const s = text.trim().toLowerCase();
  let m = /(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (m) return isIsoDate(m[0]) ? m[0] : null;
  m = new RegExp(`(\\d{1,2})\\s+(${MONTHS.join('|')})\\s+(\\d{4})`).exec(s);
  if (m) {
    const iso = `${m[3]}-${String(MONTHS.indexOf(m[2] as (typeof MONTHS)[number]) + 1).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
    return isIsoDate(iso) ? iso : null;
  }
  m = /\b(\d{2})(\d{2})(\d{2})\b/.exec(s);
  if (m) {
    const iso = `20${m[1]}-${m[2]}-${m[3]}`;
    return isIsoDate(iso) ? iso : null;
  }
  return null;
}

/** "kl. 10:00-15:00", "kl 9.00-10.00" → { start: "10:00", end: "15:00" }. */
export function parseTimeSpan(text: string): { start: string; end: string | null } | null {
  const m = /(\d{1,2})[.:](\d{2})(?:\s*[-–—]\s*(\d{1,2})[.:](\d{2}))?/.exec(text);
  if (!m) return null;
  const hhmm = (h: string, mm: string) => `${h.padStart(2, '0')}:${mm}`;
  const start = hhmm(m[1]!, m[2]!);
  const end = m[3] ? hhmm(m[3], m[4]!) : null;
  if (+m[1]! > 23 || +m[2]! > 59 || (m[3] && (+m[3] > 24 || +m[4]! > 59))) return null;
  return { start, end };
}

/** Today's date in Europe/Stockholm, the zone every deadline is counted in. */
export function todayInStockholm(now: Date = new Date()): IsoDate {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
