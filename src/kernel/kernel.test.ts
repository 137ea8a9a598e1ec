import { describe, expect, it } from 'vitest';
import { formatKronor, parseKronor } from './kronor.ts';
import { findCaseNumbers, formatCaseNumber, parseCaseNumber } from './caseNumber.ts';
import { addDays, addMonths, formatLongDate, isIsoDate, parseSwedishDate, parseTimeSpan, todayInStockholm, weekday } from './dates.ts';
import { DomainError } from './errors.ts';

const nb = (s: string) => s.replace(/ /g, '\u00a0');

describe('Kronor', () => {
  it('parses the forms the papers use, to integer öre', () => {
    expect(parseKronor('474 529 kronor')).toBe(47_452_900);
    expect(parseKronor('474 529  kr')).toBe(47_452_900);
    expect(parseKronor('1 912 400 kronor')).toBe(191_240_000);
    expect(parseKronor('1,5 mnkr')).toBe(150_000_000);
    expect(parseKronor('4,6 mnkr')).toBe(460_000_000);
    expect(parseKronor('16 503 kr')).toBe(1_650_300);
    expect(parseKronor('2 \n000 000 kronor')).toBe(200_000_000);
    expect(parseKronor('1 234,50 kr')).toBe(123_450);
    expect(parseKronor('-80 000 kronor')).toBe(-8_000_000);
    expect(parseKronor('40\u00a0480\u00a0000 kr')).toBe(4_048_000_000);
    expect(parseKronor('250 tkr')).toBe(25_000_000);
    expect(parseKronor('3,0 mnkr')).toBe(300_000_000);
    expect(parseKronor('100')).toBe(10_000);
  });

  it('refuses what is not an amount, in Swedish', () => {
    for (const bad of ['', 'tio kronor', '1,2,3 kr', '12 34 kr', '1,234 kr', '1e5 kr', '99999999999999999999 kr', 'NaN']) {
      expect(() => parseKronor(bad), bad).toThrow(DomainError);
    }
    expect(() => parseKronor('tio kronor')).toThrow(/är inte ett belopp/);
  });

  it('formats sv-SE with grouped digits', () => {
    expect(formatKronor(47_452_900)).toBe(nb('474 529 kronor'));
    expect(formatKronor(361_000_000)).toBe(nb('3 610 000 kronor'));
    expect(formatKronor(123_450, 'kr')).toBe(nb('1 234,50 kr'));
    expect(formatKronor(-8_000_000)).toBe(nb('\u221280 000 kronor'));
    expect(formatKronor(0)).toBe(nb('0 kronor'));
    expect(() => formatKronor(1.5)).toThrow(DomainError);
  });

  it('round-trips', () => {
    for (const ore of [0, 100, 47_452_900, 191_240_000, 123_456_789_00]) expect(parseKronor(formatKronor(ore))).toBe(ore);
  });
});

describe('CaseNumber', () => {
  it('parses and formats 20RS6567', () => {
    expect(parseCaseNumber('20RS6567')).toEqual({ year: 2020, series: 'RS', serial: 6567 });
    expect(parseCaseNumber(' 19rs10494 ')).toEqual({ year: 2019, series: 'RS', serial: 10494 });
    expect(formatCaseNumber({ year: 2017, series: 'RS', serial: 1250 })).toBe('17RS1250');
    expect(formatCaseNumber(parseCaseNumber('20RS263'))).toBe('20RS263');
  });
  it('refuses malformed numbers', () => {
    for (const bad of ['', 'RS6567', '2020RS1', '20RS', '20RS0', '20-RS-1', '20RS12345678']) {
      expect(() => parseCaseNumber(bad), bad).toThrow(/diarienummer|löpnumret/i);
    }
    expect(() => formatCaseNumber({ year: 1999, series: 'RS', serial: 1 })).toThrow(DomainError);
  });
  it('finds case numbers in running text', () => {
    expect(findCaseNumbers('Diarienummer 20RS5938 och 20RS6187. Dnr 20RS5938')).toEqual(['20RS5938', '20RS6187']);
  });
});

describe('dates', () => {
  it('validates ISO dates', () => {
    expect(isIsoDate('2020-02-29')).toBe(true);
    expect(isIsoDate('2021-02-29')).toBe(false);
    expect(isIsoDate('2020-2-1')).toBe(false);
  });
  it('reads the forms in the papers', () => {
    expect(parseSwedishDate('Protokollet ska vara justerat senast den 28 februari 2020.')).toBe('2020-02-28');
    expect(parseSwedishDate('den 25 augusti 2020')).toBe('2020-08-25');
    expect(parseSwedishDate('FöredragningsPM regional tillväxtnämnd 200214, Vilt')).toBe('2020-02-14');
    expect(parseSwedishDate('Sammanträdesdatum: 2020-02-14')).toBe('2020-02-14');
    expect(parseSwedishDate('31 februari 2020')).toBeNull();
    expect(parseSwedishDate('ingen dag här')).toBeNull();
  });
  it('counts calendar days and months', () => {
    expect(addDays('2020-02-14', 14)).toBe('2020-02-28');
    expect(addDays('2021-10-06', 14)).toBe('2021-10-20');
    expect(addDays('2020-12-31', 1)).toBe('2021-01-01');
    expect(addMonths('2020-01-31', 1)).toBe('2020-02-29');
    expect(weekday('2020-08-24')).toBe('måndag');
    expect(formatLongDate('2020-08-24')).toBe('24 augusti 2020');
  });
  it('reads meeting times', () => {
    expect(parseTimeSpan('Tid: kl. 10:00-15:00')).toEqual({ start: '10:00', end: '15:00' });
    expect(parseTimeSpan('Gruppmöten kl 9.00-10.00:')).toEqual({ start: '09:00', end: '10:00' });
    expect(parseTimeSpan('kl 25.00')).toBeNull();
  });
  it('takes today in Stockholm, not UTC', () => {
    expect(todayInStockholm(new Date('2020-08-23T22:30:00Z'))).toBe('2020-08-24');
  });
});
