/**
 * Swedish public holidays (lag 1989:253 om allmänna helgdagar) and the days
 * lag (1930:173) om beräkning av lagstadgad tid treats as such: Saturdays,
 * Sundays, midsommarafton, julafton and nyårsafton. A statutory deadline that
 * ends on one of them moves to the next day that is not.
 */
import { addDays, type IsoDate } from './dates.ts';

const iso = (y: number, m: number, d: number): IsoDate =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** Easter Sunday (anonymous Gregorian algorithm). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

/** The Saturday in [from, from+6] of a month (midsommardagen, alla helgons dag). */
function saturdayBetween(year: number, month: number, fromDay: number): IsoDate {
  for (let d = 0; d < 7; d++) {
    const date = new Date(Date.UTC(year, month - 1, fromDay + d));
    if (date.getUTCDay() === 6) return date.toISOString().slice(0, 10);
  }
  throw new Error('unreachable');
}

const cache = new Map<number, Map<IsoDate, string>>();

/** Public holidays of a year, with their Swedish names. */
export function publicHolidays(year: number): Map<IsoDate, string> {
  const hit = cache.get(year);
  if (hit) return hit;
  const easter = easterSunday(year);
  const midsummerDay = saturdayBetween(year, 6, 20);
  const days: Array<[IsoDate, string]> = [
    [iso(year, 1, 1), 'nyårsdagen'],
    [iso(year, 1, 6), 'trettondedag jul'],
    [addDays(easter, -2), 'långfredagen'],
    [easter, 'påskdagen'],
    [addDays(easter, 1), 'annandag påsk'],
    [iso(year, 5, 1), 'första maj'],
    [addDays(easter, 39), 'Kristi himmelsfärdsdag'],
    [addDays(easter, 49), 'pingstdagen'],
    [iso(year, 6, 6), 'Sveriges nationaldag'],
    [midsummerDay, 'midsommardagen'],
    [saturdayBetween(year, 10, 31), 'alla helgons dag'],
    [iso(year, 12, 25), 'juldagen'],
    [iso(year, 12, 26), 'annandag jul'],
  ];
  const map = new Map(days);
  cache.set(year, map);
  return map;
}

/** Why a date is not a working day for statutory deadlines, or null when it is one. */
export function nonWorkingReason(d: IsoDate): string | null {
  const year = Number(d.slice(0, 4));
  const holiday = publicHolidays(year).get(d);
  if (holiday) return holiday;
  if (d === addDays(saturdayBetween(year, 6, 20), -1)) return 'midsommarafton';
  if (d.endsWith('-12-24')) return 'julafton';
  if (d.endsWith('-12-31')) return 'nyårsafton';
  const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
  if (wd === 6) return 'lördag';
  if (wd === 0) return 'söndag';
  return null;
}

export const isWorkingDay = (d: IsoDate): boolean => nonWorkingReason(d) === null;

/** Lag (1930:173): a deadline ending on a non-working day ends on the next working day. */
export function extendToWorkingDay(d: IsoDate): IsoDate {
  let day = d;
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return day;
}
