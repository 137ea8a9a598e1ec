/**
 * Dates in running Swedish text, and the checks a meeting date gets (issue 14.1):
 *  - findDates: every date a text writes – "2027-02-10", "10 februari 2027",
 *    "10 feb. 2027", "10/2 2027", "10.2.2027", and without a year ("10 februari",
 *    "10/2") when the caller says which year is meant – with the weekday word
 *    written next to it, if any ("torsdag den 7 september 2022", "onsdagen den
 *    10 februari", "2027-02-10 (onsdag)");
 *  - checkWeekdayWords: each weekday word that does not fit its date;
 *  - dateWarnings: a Saturday, Sunday, public holiday (lag 1989:253) or the
 *    eves treated as such (midsommarafton, julafton, nyårsafton) – a meeting
 *    that day is possible but must be confirmed.
 * Pure: no I/O.
 */
import { isIsoDate, MONTHS, WEEKDAYS, weekday, type IsoDate } from './dates.ts';
import { publicHolidays } from './holidays.ts';

export type Weekday = (typeof WEEKDAYS)[number];

/** Month words: the full names and the usual abbreviations (with or without a dot). */
const MONTH_WORDS: Array<[string, number]> = [
  ...MONTHS.map((m, i): [string, number] => [m, i + 1]),
  ['jan', 1], ['feb', 2], ['mar', 3], ['apr', 4], ['jun', 6], ['jul', 7], ['aug', 8], ['sep', 9], ['sept', 9], ['okt', 10], ['nov', 11], ['dec', 12],
];
const MONTH_OF = new Map(MONTH_WORDS);
// longest first, so "september" is not read as "sep"
const MONTH_ALT = [...MONTH_OF.keys()].sort((a, b) => b.length - a.length).join('|');

const NOT_WORD_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_WORD_AFTER = '(?![\\p{L}\\p{N}])';
/** One regular expression with a named group per date form. */
const DATE_RE = new RegExp(
  [
    `${NOT_WORD_BEFORE}(?<iy>\\d{4})-(?<im>\\d{2})-(?<id>\\d{2})${NOT_WORD_AFTER}`,
    `${NOT_WORD_BEFORE}(?<nd>\\d{1,2})(?::[ae])?\\s+(?<nm>${MONTH_ALT})\\.?(?:\\s+(?<ny>\\d{4}))?${NOT_WORD_AFTER}`,
    `${NOT_WORD_BEFORE}(?<pd>\\d{1,2})\\.(?<pm>\\d{1,2})\\.(?<py>\\d{4})${NOT_WORD_AFTER}`,
    `${NOT_WORD_BEFORE}(?<sd>\\d{1,2})\\/(?<sm>\\d{1,2})(?:(?:\\s+|-)(?<sy>\\d{4}))?(?![\\p{L}\\p{N}\\/])`,
  ].join('|'),
  'giu',
);
const WEEKDAY_RE = new RegExp(`${NOT_WORD_BEFORE}(?<w>${WEEKDAYS.join('|')})(?:en)?${NOT_WORD_AFTER}`, 'giu');
/** Between a weekday word and the date it names: "torsdag den 7 september", "torsdag 7/9" (no comma: "2027-02-10 onsdag, 2027-03-17" names the first). */
const FORWARD_GAP = /^[ \t\u00a0]+(?:den[ \t\u00a0]+)?$/iu;
/** Between a date and a weekday word written after it: "2027-02-10 onsdag", "2027-02-10 (onsdag)", "2027-02-10, onsdag". */
const BACKWARD_GAP = /^[ \t\u00a0]*[,(]?[ \t\u00a0]*$/u;

export interface FoundDate {
  /** The date as ISO, or null when the text names a day that does not exist ("30 februari 2027"), or no year is known. */
  date: IsoDate | null;
  /** Why `date` is null, in Swedish. */
  problem: string | null;
  /** The date as written (without the weekday word). */
  text: string;
  /** Where the date starts in the text, and its line (1-based). */
  index: number;
  line: number;
  /** Whether the text wrote the year (otherwise it was `defaultYear`). */
  hasYear: boolean;
  /** The weekday word written next to it, lower case ("torsdag"), and the whole fragment with it. */
  weekdayWord: Weekday | null;
  fragment: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Line numbers of positions asked for in increasing order, counted once through the text. */
function lineCounter(text: string) {
  let pos = 0;
  let line = 1;
  return (index: number) => {
    for (; pos < index; pos++) if (text.charCodeAt(pos) === 10) line++;
    return line;
  };
}
/** The longest gap between a weekday word and its date ("  den  "). */
const MAX_GAP = 12;

/**
 * Every date the text writes, in order. `defaultYear` is the year of dates
 * written without one ("10 februari", "10/2"); without it they are found but
 * have no date (problem says so).
 */
export function findDates(text: string, opts: { defaultYear?: number } = {}): FoundDate[] {
  const found: FoundDate[] = [];
  const lineAt = lineCounter(text);
  for (const m of text.matchAll(DATE_RE)) {
    const g = m.groups ?? {};
    let y: string | undefined;
    let mo: number;
    let d: number;
    if (g.iy) [y, mo, d] = [g.iy, Number(g.im), Number(g.id)];
    else if (g.nm) [y, mo, d] = [g.ny, MONTH_OF.get(g.nm.toLowerCase())!, Number(g.nd)];
    else if (g.pd) [y, mo, d] = [g.py, Number(g.pm), Number(g.pd)];
    else [y, mo, d] = [g.sy, Number(g.sm), Number(g.sd)];
    const hasYear = y !== undefined;
    const year = hasYear ? Number(y) : opts.defaultYear;
    let date: IsoDate | null = null;
    let problem: string | null = null;
    if (year === undefined) problem = `"${m[0]}" saknar år.`;
    else {
      const iso = `${String(year).padStart(4, '0')}-${pad(mo)}-${pad(d)}`;
      if (isIsoDate(iso)) date = iso;
      else problem = `"${m[0]}" är inget datum som finns.`;
    }
    found.push({ date, problem, text: m[0], index: m.index, line: lineAt(m.index), hasYear, weekdayWord: null, fragment: m[0] });
  }
  // weekday words: bound to the date right after them (preferred) or right before them
  const words = [...text.matchAll(WEEKDAY_RE)].map((w) => ({ word: w.groups!.w!.toLowerCase() as Weekday, index: w.index, end: w.index + w[0].length }));
  // both lists are in text order: one pointer walks the dates (linear, also for a 20 MB import)
  let k = 0;
  for (const w of words) {
    while (k < found.length && found[k]!.index < w.end) k++;
    const next = found[k];
    if (next && next.weekdayWord === null && next.index - w.end <= MAX_GAP && FORWARD_GAP.test(text.slice(w.end, next.index))) {
      next.weekdayWord = w.word;
      next.fragment = text.slice(w.index, next.index + next.text.length);
      continue;
    }
    const before = k > 0 ? found[k - 1] : undefined;
    if (before && before.index + before.text.length <= w.index && w.index - (before.index + before.text.length) <= MAX_GAP && before.weekdayWord === null && BACKWARD_GAP.test(text.slice(before.index + before.text.length, w.index))) {
      before.weekdayWord = w.word;
      const close = text[w.end] === ')' ? 1 : 0;
      before.fragment = text.slice(before.index, w.end + close);
    }
  }
  return found;
}

export interface WeekdayMismatch {
  /** The text as written, weekday word and date ("torsdag den 7 september 2022"). */
  text: string;
  date: IsoDate;
  written: Weekday;
  actual: Weekday;
  line: number;
  /** "torsdag den 8 september 2022: 2022-09-08 är en torsdag, inte en onsdag." style, in Swedish. */
  message: string;
}

/** A weekday word written next to a date that falls on another day ("torsdag den 7 september 2022" – it was a Wednesday). */
export function checkWeekdayWords(text: string, opts: { defaultYear?: number } = {}): WeekdayMismatch[] {
  return findDates(text, opts).flatMap((f) => {
    if (!f.weekdayWord || !f.date) return [];
    const actual = weekday(f.date);
    if (actual === f.weekdayWord) return [];
    return [{ text: f.fragment, date: f.date, written: f.weekdayWord, actual, line: f.line, message: weekdayMismatchMessage(f.fragment, f.date, f.weekdayWord, actual) }];
  });
}

export const weekdayMismatchMessage = (fragment: string, date: IsoDate, written: Weekday, actual: Weekday): string =>
  `"${fragment}": ${date} är en ${actual}, inte en ${written}.`;

export interface DateWarning {
  kind: 'weekend' | 'holiday';
  /** "lördag", "söndag", or the holiday's name ("Sveriges nationaldag", "julafton"). */
  reason: string;
}

/** Why a meeting on this date needs confirming: it is a Saturday or Sunday, a public holiday, midsommarafton, julafton or nyårsafton. */
export function dateWarnings(date: IsoDate): DateWarning[] {
  const out: DateWarning[] = [];
  const wd = weekday(date);
  if (wd === 'lördag' || wd === 'söndag') out.push({ kind: 'weekend', reason: wd });
  const year = Number(date.slice(0, 4));
  const holiday = publicHolidays(year).get(date) ?? eveOf(date);
  if (holiday) out.push({ kind: 'holiday', reason: holiday });
  return out;
}

function eveOf(date: IsoDate): string | null {
  if (date.endsWith('-12-24')) return 'julafton';
  if (date.endsWith('-12-31')) return 'nyårsafton';
  // midsommarafton: the Friday between 19 and 25 June
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if (m === 6 && d >= 19 && d <= 25 && weekday(date) === 'fredag') return 'midsommarafton';
  return null;
}

/** "2027-06-06 är en söndag och Sveriges nationaldag." – null when the date needs no confirming. */
export function dateWarningText(date: IsoDate): string | null {
  const w = dateWarnings(date);
  if (w.length === 0) return null;
  const parts = w.map((x) => (x.kind === 'weekend' ? `en ${x.reason}` : x.reason));
  const holidayOnly = w.every((x) => x.kind === 'holiday');
  return `${date} är ${parts.join(' och ')}${holidayOnly ? ` (${weekday(date)})` : ''}.`;
}
