/**
 * § numbering (issue 15.2), as a pure rule. A body's paragraphs run through
 * the calendar year in the order of its meetings (date, then start time),
 * from the year's first number: 1, or what the body configured because it
 * continues a series begun in another system (`paragraph_series`, migration
 * 035). So
 *  - a meeting takes the numbers after the last paragraph of the year's
 *    earlier numbered meetings (or from the first number);
 *  - an earlier meeting of the year whose minutes are begun but not numbered
 *    must be numbered first;
 *  - a meeting earlier in the year than one already numbered is refused until
 *    that one's numbering is undone (and it is numbered again afterwards);
 *    once the later one's adjustment has begun it is never renumbered, so the
 *    earlier meeting cannot be numbered into the series at all;
 *  - numbering is undone only from the end of the series (no later meeting
 *    numbered), so the numbers taken are always one unbroken run;
 *  - the first number of a year is changed only while no meeting of that
 *    year is numbered.
 * Meetings of the year without minutes in the system are not counted.
 */
import { DomainError } from '../kernel/errors.ts';
import type { IsoDate } from '../kernel/dates.ts';
import { numberParagraphs } from './model.ts';

/** One meeting of the body's year that has minutes. */
export interface SeriesMeeting {
  meetingId: number;
  date: IsoDate;
  startTime: string | null;
  status: 'draft' | 'numbered' | 'adjusted';
  /** Its paragraphs, when numbered. */
  first: number | null;
  last: number | null;
  /** Signing has begun or the minutes are adjusted: its numbers are fixed for good. */
  fixed: boolean;
}

/** The series of one body and year, as the API shows it. */
export interface ParagraphSeriesView {
  bodyId: number;
  bodyName: string;
  year: number;
  /** The year's first paragraph number (1 unless configured). */
  firstParagraph: number;
  /** Whether the body configured it (with `note` saying where the series comes from). */
  configured: boolean;
  note: string | null;
  /** Version of the configuration (0 while none is stored). */
  version: number;
  /** The first number the next meeting after the numbered ones would get. */
  nextParagraph: number;
  /** Whether the first number may still be changed (nothing of the year is numbered). */
  changeable: boolean;
  meetings: Array<{ meetingId: number; date: IsoDate; status: SeriesMeeting['status']; first: number | null; last: number | null; fixed: boolean }>;
}

export const MAX_FIRST_PARAGRAPH = 100_000;

/** Meeting order within a year: date, then start time (a meeting without one first), then id. */
export function compareMeetings(a: Pick<SeriesMeeting, 'meetingId' | 'date' | 'startTime'>, b: Pick<SeriesMeeting, 'meetingId' | 'date' | 'startTime'>): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  const at = a.startTime ?? '';
  const bt = b.startTime ?? '';
  if (at !== bt) return at < bt ? -1 : 1;
  return a.meetingId - b.meetingId;
}

/** "§ 4" or "§§ 1–8". */
export function paragraphRange(first: number | null, last: number | null): string {
  if (first === null || last === null) return '';
  return first === last ? `§ ${first}` : `§§ ${first}–${last}`;
}

const numbered = (m: SeriesMeeting) => m.first !== null && m.last !== null;
const named = (ms: SeriesMeeting[]) => ms.map((m) => `${m.date} (${paragraphRange(m.first, m.last)})`).join(', ');

function split(self: Pick<SeriesMeeting, 'meetingId' | 'date' | 'startTime'>, year: SeriesMeeting[]) {
  const others = year.filter((m) => m.meetingId !== self.meetingId);
  return {
    earlier: others.filter((m) => compareMeetings(m, self) < 0),
    later: others.filter((m) => compareMeetings(m, self) > 0).sort(compareMeetings),
  };
}

/**
 * The paragraph of each agenda item (by its number, in agenda order) when
 * `self` is numbered now, given the other meetings of the body's year;
 * refused in Swedish when the series would not follow the meetings' order.
 */
export function planNumbering(
  self: Pick<SeriesMeeting, 'meetingId' | 'date' | 'startTime'>,
  itemNumbers: number[],
  firstOfYear: number,
  year: SeriesMeeting[],
): Map<number, number> {
  const { earlier, later } = split(self, year);
  const draft = earlier.filter((m) => m.status === 'draft').sort(compareMeetings);
  if (draft.length) {
    throw new DomainError('earlier-minutes-unnumbered', `Protokollet från sammanträdet ${draft[0]!.date} måste numreras först, så att paragraferna följer varandra.`, { status: 409 });
  }
  const taken = later.filter(numbered);
  const fixed = taken.filter((m) => m.fixed);
  if (fixed.length) {
    throw new DomainError(
      'later-minutes-adjusted',
      `Protokollet från sammanträdet ${fixed[0]!.date} har redan ${paragraphRange(fixed[0]!.first, fixed[0]!.last)} och är justerat eller under justering; ` +
        `ett justerat protokoll numreras aldrig om, så ett tidigare sammanträde samma år kan inte få paragrafer före det.`,
      { status: 409 },
    );
  }
  if (taken.length) {
    const which = taken.length === 1 ? `Protokollet från sammanträdet ${named(taken)} är redan numrerat` : `Protokollen från sammanträdena ${named(taken)} är redan numrerade`;
    throw new DomainError(
      'later-minutes-numbered',
      `${which}. Paragraferna följer sammanträdenas ordning: häv numreringen av ${taken.length === 1 ? 'det' : 'dem, det senaste först'}, numrera det här protokollet och numrera sedan ${taken.length === 1 ? 'det' : 'dem'} igen.`,
      { status: 409 },
    );
  }
  const lastBefore = Math.max(firstOfYear - 1, ...earlier.filter(numbered).map((m) => m.last!));
  return numberParagraphs(itemNumbers, lastBefore);
}

/** Undoing the numbering of `self`: only for numbered minutes not fixed, and only at the end of the series. */
export function assertUnnumberable(self: SeriesMeeting, year: SeriesMeeting[]): void {
  if (self.fixed || self.status === 'adjusted') throw new DomainError('minutes-fixed', 'Protokollet är justerat eller under justering; dess paragrafer numreras aldrig om.', { status: 409 });
  if (self.status !== 'numbered') throw new DomainError('minutes-not-numbered', 'Protokollet är inte numrerat.', { status: 409 });
  const taken = split(self, year).later.filter(numbered);
  if (taken.length) {
    const last = taken.at(-1)!;
    throw new DomainError(
      'later-minutes-numbered',
      `Protokollet från sammanträdet ${last.date} (${paragraphRange(last.first, last.last)}) är numrerat efter det här; häv numreringen av ${taken.length === 1 ? 'det' : 'de senare protokollen, det senaste'} först, så att serien inte får en lucka.`,
      { status: 409 },
    );
  }
}

/** A new first number for the year: a whole number from 1, and only while nothing of that year is numbered. */
export function assertSeriesChangeable(year: number, firstParagraph: number, meetings: SeriesMeeting[]): void {
  if (!Number.isInteger(firstParagraph) || firstParagraph < 1 || firstParagraph > MAX_FIRST_PARAGRAPH) {
    throw new DomainError('invalid-first-paragraph', `Årets första paragraf ska vara ett heltal från 1 till ${MAX_FIRST_PARAGRAPH}.`);
  }
  const taken = meetings.filter(numbered).sort(compareMeetings);
  if (taken.length) {
    throw new DomainError(
      'paragraph-series-in-use',
      `Paragraferna för ${year} är redan tagna (${named(taken)}); årets första paragraf kan bara ändras innan något protokoll från året är numrerat.`,
      { status: 409 },
    );
  }
}

/** The first number the next meeting after the year's numbered ones gets. */
export function nextParagraph(firstOfYear: number, meetings: SeriesMeeting[]): number {
  return Math.max(firstOfYear, ...meetings.filter(numbered).map((m) => m.last! + 1));
}
