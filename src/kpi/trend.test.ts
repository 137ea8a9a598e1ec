/** The trend rule and the links of issue 17.3 (model.ts): pure. */
import { describe, expect, it } from 'vitest';
import { namesIndicator, normalizeIndicatorText, trendOf, validateLocalId } from './model.ts';

const v = (period: string, value: string | null, area = '0018', gender: 'T' | 'K' | 'M' = 'T') => ({ area, period, gender, value });

describe('trendOf', () => {
  it('compares the latest value with the period before that has one', () => {
    const values = [v('2018', '5.9'), v('2019', '6.1'), v('2020', null), v('2021', '6.4'), v('2021', '9', '0006'), v('2021', '1', '0018', 'K')];
    expect(trendOf(values, 'increase')).toEqual({ latest: { period: '2021', value: '6.4' }, previous: { period: '2019', value: '6.1' }, trend: 'up', good: true });
    expect(trendOf(values, 'decrease')).toMatchObject({ trend: 'up', good: false });
    expect(trendOf(values, null)).toMatchObject({ trend: 'up', good: null });
  });

  it('says down, unchanged (neither good nor bad), and nothing without two values', () => {
    expect(trendOf([v('2019', '3.50'), v('2020', '3.4')], 'decrease')).toMatchObject({ trend: 'down', good: true });
    expect(trendOf([v('2019', '3.50'), v('2020', '3.5')], 'increase')).toMatchObject({ trend: 'flat', good: null });
    expect(trendOf([v('2020', '3.5')], 'increase')).toEqual({ latest: { period: '2020', value: '3.5' }, previous: null, trend: null, good: null });
    expect(trendOf([v('2020', null)], 'increase')).toEqual({ latest: null, previous: null, trend: null, good: null });
  });

  it('compares quarters with quarters, and exact decimals beyond a float', () => {
    expect(trendOf([v('2019', '100'), v('2020-Q1', '5'), v('2020-Q2', '6')], 'increase')).toMatchObject({ previous: { period: '2020-Q1' }, trend: 'up' });
    expect(trendOf([v('2019', '98765432109876543'), v('2020', '98765432109876544')], 'increase')).toMatchObject({ trend: 'up', good: true });
  });
});

describe('links of styrtal to series', () => {
  it('names a series by its KPI id as a word, or by the old free text', () => {
    expect(namesIndicator('Nyföretagandet (Kolada N00914) ska öka', { kpiId: 'N00914', indicatorRef: null })).toBe(true);
    expect(namesIndicator('Nyföretagandet N009145 ska öka', { kpiId: 'N00914', indicatorRef: null })).toBe(false);
    expect(namesIndicator('Andelen  förvärvsarbetande, 20-64 år', { kpiId: 'N00920', indicatorRef: 'Styrtal: andelen förvärvsarbetande, 20-64 år.' })).toBe(true);
    expect(namesIndicator('Andelen förvärvsarbetande, 16-64 år', { kpiId: 'N00920', indicatorRef: 'Andelen förvärvsarbetande, 20-64 år.' })).toBe(false);
    expect(normalizeIndicatorText(' Styrtal:  Antal   GÄSTNÄTTER. ')).toBe('antal gÄstnÄtter');
  });

  it('takes local ids of the committee’s own form, never one that looks like Kolada’s', () => {
    expect(validateLocalId(' rtn-01 ')).toBe('RTN-01');
    expect(() => validateLocalId('N00914')).toThrow(/ser ut som ett id i Kolada/);
    expect(() => validateLocalId('1-RTN')).toThrow(/börja med en bokstav/);
    expect(() => validateLocalId('R')).toThrow(/2–30 tecken/);
  });
});
