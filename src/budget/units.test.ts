import { describe, expect, it } from 'vitest';
import { formatInUnit, roundToUnit, roundingNote, showInUnit } from './units.ts';
import { deviation, investmentTable, operatingStatement, resultReport, STATEMENT_LINES, type StatementInput } from './model.ts';

const M = '\u2212';
const nb = (s: string) => s.replace(/ /g, '\u00a0');

describe('budget units: kr, tkr, mnkr rounded from öre, half away from zero', () => {
  it('shows kronor exactly, öre only when not whole', () => {
    expect(formatInUnit(47_452_900, 'kr')).toBe(nb('474 529'));
    expect(formatInUnit(123_450, 'kr')).toBe(nb('1 234,50'));
    expect(formatInUnit(-47_452_900, 'kr')).toBe(`${M}${nb('474 529')}`);
  });
  it('rounds tkr to whole thousands, half away from zero', () => {
    expect(formatInUnit(47_452_900, 'tkr')).toBe('475'); // 474,529 tkr
    expect(roundToUnit(49_999, 'tkr')).toBe(0n); // 499,99 kr
    expect(roundToUnit(50_000, 'tkr')).toBe(1n); // 500 kr: half goes up
    expect(roundToUnit(-50_000, 'tkr')).toBe(-1n); // and away from zero when negative
    expect(roundToUnit(-49_999, 'tkr')).toBe(0n);
    expect(formatInUnit(123_456_789_00, 'tkr')).toBe(nb('123 457'));
  });
  it('rounds mnkr to one decimal, half away from zero', () => {
    expect(formatInUnit(455_033_500, 'mnkr')).toBe('4,6'); // 4 550 335 kr
    expect(formatInUnit(5_000_000, 'mnkr')).toBe('0,1'); // 50 000 kr: the half
    expect(formatInUnit(4_999_999, 'mnkr')).toBe('0,0');
    expect(formatInUnit(-5_000_000, 'mnkr')).toBe(`${M}0,1`);
    expect(formatInUnit(14_490_000_000, 'mnkr')).toBe('144,9');
    expect(formatInUnit(1_234_560_000_000, 'mnkr')).toBe(nb('12 345,6'));
  });
  it('a total is rounded from its öre, not summed from rounded rows', () => {
    const rows = [40_000, 40_000, 40_000]; // 400 kr each: 0 tkr each
    expect(rows.map((r) => formatInUnit(r, 'tkr'))).toEqual(['0', '0', '0']);
    expect(formatInUnit(rows.reduce((a, b) => a + b, 0), 'tkr')).toBe('1'); // 1 200 kr
    expect(showInUnit(null, 'mnkr')).toBe('–');
    expect(roundingNote('tkr')).toMatch(/inte summor av avrundade tal/);
  });
  it('refuses amounts that are not whole öre', () => {
    expect(() => roundToUnit(1.5, 'tkr')).toThrow();
  });
});

describe('budget deviations', () => {
  it('deviation is a − b and empty when either side is', () => {
    expect(deviation(5, 3)).toBe(2);
    expect(deviation(null, 3)).toBeNull();
    expect(deviation(3, null)).toBeNull();
  });
  it('the result report carries outcome − budget for the period on every row and total', () => {
    const input = Object.fromEntries(
      STATEMENT_LINES.map((l, i) => [l.key, { outcomePeriod: (i + 1) * 100_00, outcomePeriodPrev: null, forecast: null, budget: null, outcomePrevYear: null, budgetPeriod: (i + 1) * 90_00 }]),
    ) as unknown as StatementInput;
    const rows = resultReport(input);
    const grants = rows.find((r) => r.key === 'grantsReceived')!;
    expect(grants.budgetDeviationOre).toBe(10_00);
    const income = rows.find((r) => r.key === 'totalIncome')!;
    expect(income.figures.budgetPeriod).toBe(90_00 + 180_00);
    expect(income.budgetDeviationOre).toBe(income.figures.outcomePeriod! - income.figures.budgetPeriod!);
    // one line without a budget for the period: its sums have none either
    (input.otherIncome as { budgetPeriod: number | null }).budgetPeriod = null;
    const again = resultReport(input);
    expect(again.find((r) => r.key === 'otherIncome')!.budgetDeviationOre).toBeNull();
    expect(again.find((r) => r.key === 'totalIncome')!.budgetDeviationOre).toBeNull();
    expect(again.find((r) => r.key === 'grantsReceived')!.budgetDeviationOre).toBe(10_00);
  });
  it('the operating statement gives each area its forecast − full-year budget', () => {
    const rows = operatingStatement([
      { name: 'A', budgetPeriodOre: 0, outcomePeriodOre: 100_00, turnoverPeriodOre: 1000_00, budgetPeriodPrevOre: null, outcomePeriodPrevOre: null, forecastOre: 250_00, budgetYearOre: 0 },
      { name: 'B', budgetPeriodOre: 0, outcomePeriodOre: -50_00, turnoverPeriodOre: 500_00, budgetPeriodPrevOre: null, outcomePeriodPrevOre: null, forecastOre: -80_00, budgetYearOre: -100_00 },
      { name: 'C', budgetPeriodOre: 0, outcomePeriodOre: 0, turnoverPeriodOre: 0, budgetPeriodPrevOre: null, outcomePeriodPrevOre: null, forecastOre: 10_00 },
    ]);
    expect(rows.map((r) => r.forecastDeviationOre)).toEqual([250_00, 20_00, null, null]);
    expect(rows[3]!.forecastOre).toBe(180_00);
    expect(rows[3]!.budgetYearOre).toBeNull();
  });
  it('investments: empty cells count as 0 in the total, a wholly empty column stays empty', () => {
    // seed 000, 4.5: Övrig utrustning 0,1 / – / 1,6 / – and 0,0 / 1,6 / 2,2 / –, IT 0,8 the year before
    const t = investmentTable([
      { name: 'IT-utrustning överfört', outcomePeriodOre: null, forecastOre: null, budgetOre: null, outcomePrevYearOre: 80_000_00 },
      { name: 'Övrig utrustning innevarande års budget', outcomePeriodOre: 10_000_00, forecastOre: null, budgetOre: 160_000_00, outcomePrevYearOre: null },
      { name: 'Övrig utrustning överfört', outcomePeriodOre: null, forecastOre: 160_000_00, budgetOre: 220_000_00, outcomePrevYearOre: null },
    ]);
    const total = t.at(-1)!;
    expect(total).toMatchObject({ kind: 'total', name: 'Summa', outcomePeriodOre: 10_000_00, forecastOre: 160_000_00, budgetOre: 380_000_00, outcomePrevYearOre: 80_000_00 });
    expect(total.forecastDeviationOre).toBe(-220_000_00);
    expect(t[1]!.forecastDeviationOre).toBeNull();
    expect(investmentTable([])).toEqual([]);
    expect(investmentTable([{ name: 'x', outcomePeriodOre: null, forecastOre: 1, budgetOre: null, outcomePrevYearOre: null }]).at(-1)!.budgetOre).toBeNull();
  });
});
