/** Pure rules of the case register (diarium). */
import { DomainError } from '../kernel/errors.ts';
import { assertIsoDate, todayInStockholm, type IsoDate } from '../kernel/dates.ts';
import { formatCaseNumber } from '../kernel/caseNumber.ts';
import { cleanLine } from '../kernel/text.ts';

export const DEFAULT_SERIES = 'RS';
export const MAX_TITLE = 500;

export interface NewCase {
  title: string;
  series: string;
  registeredOn: IsoDate;
  year: number;
}

/** Validates a registration request; the year of the case number is the year of registration. */
export function validateNewCase(input: { title?: unknown; series?: unknown; registeredOn?: unknown }, now = new Date()): NewCase {
  if (typeof input.title !== 'string' || input.title.trim() === '') {
    throw new DomainError('title-required', 'Ärendet måste ha en mening (rubrik).');
  }
  const title = cleanTitle(input.title);
  if (title.length > MAX_TITLE) {
    throw new DomainError('title-too-long', `Ärendemeningen får vara högst ${MAX_TITLE} tecken (den är ${title.length}).`);
  }
  const series = input.series === undefined ? DEFAULT_SERIES : String(input.series).trim().toUpperCase();
  if (!/^[A-ZÅÄÖ]{1,4}$/.test(series)) {
    throw new DomainError('invalid-series', `Diarieserien "${String(input.series).slice(0, 20)}" är ogiltig: den ska vara 1–4 bokstäver, till exempel RS.`);
  }
  const registeredOn = input.registeredOn === undefined ? todayInStockholm(now) : assertIsoDate(String(input.registeredOn), 'Registreringsdatumet');
  const year = Number(registeredOn.slice(0, 4));
  if (year < 2000 || year > 2099) {
    throw new DomainError('invalid-date', 'Registreringsdatumet måste ligga mellan år 2000 och 2099.');
  }
  return { title, series, registeredOn, year };
}

export const cleanTitle = cleanLine;

export function caseNumberOf(year: number, series: string, serial: number): string {
  return formatCaseNumber({ year, series, serial });
}
