import { describe, expect, it } from 'vitest';
import { DomainError } from '../kernel/errors.ts';
import { budgetedCosts, checkClaim, type Claim, type ClaimContext } from './claims.ts';
import { kr } from './fixtures.ts';

/** 20RS6187 (Inkubera): decided 2020-06-15, project 2020-09-01–2021-06-30, budgeted costs 450 000 kr. */
const ctx: ClaimContext = {
  today: '2026-12-03',
  decidedOn: '2020-06-15',
  project: { start: '2020-09-01', end: '2021-06-30' },
  budgetedCostsOre: kr(450_000),
  earlier: [],
};
const claim: Claim = { periodFrom: '2020-09-01', periodTo: '2020-12-31', claimedOn: '2021-01-15', bookedCostsOre: kr(209_460), final: false, finalReportOn: null };

/** The DomainError a check throws: its code and Swedish message. */
function refusal(c: Partial<Claim>, x: Partial<ClaimContext> = {}): { code: string; message: string; status: number } {
  try {
    checkClaim({ ...claim, ...c }, { ...ctx, ...x });
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    const d = e as DomainError;
    return { code: d.code, message: d.message, status: d.status };
  }
  throw new Error('the claim was accepted');
}

describe('checkClaim', () => {
  it('accepts a claim within the project period and the budget, and says what is left of the budget', () => {
    expect(checkClaim(claim, ctx)).toEqual({ remainingBudgetBeforeOre: kr(450_000), remainingBudgetAfterOre: kr(240_540) });
    // the whole budget, on the project's last day, claimed the same day
    expect(checkClaim({ ...claim, periodTo: '2021-06-30', claimedOn: '2021-06-30', bookedCostsOre: kr(450_000) }, ctx).remainingBudgetAfterOre).toBe(0);
  });

  it('refuses the claim dated 2030 for 1 000 000 000 kr on a project that ended in 2021: the date first', () => {
    expect(refusal({ periodFrom: '2030-01-01', periodTo: '2030-06-30', claimedOn: '2030-07-01', bookedCostsOre: kr(1_000_000_000) })).toEqual({
      code: 'claim-in-future',
      message: 'Rekvisitionen kan inte vara daterad i framtiden (2030-07-01; i dag är det 2026-12-03).',
      status: 400,
    });
    // dated today, the 2030 period is still outside the project
    expect(refusal({ periodFrom: '2030-01-01', periodTo: '2030-06-30', claimedOn: '2026-12-03', bookedCostsOre: kr(1_000_000_000) })).toMatchObject({
      code: 'claim-outside-project',
      message: 'Rekvisitionens period 2030-01-01–2030-06-30 ligger utanför projektperioden 2020-09-01–2021-06-30 enligt beslutet (med förlängningar); bara kostnader inom projektperioden kan rekvireras.',
    });
    // and within the period, the costs are far above the budget
    expect(refusal({ bookedCostsOre: kr(1_000_000_000) })).toEqual({
      code: 'claim-over-budget',
      message:
        'De bokförda kostnaderna 1\u00a0000\u00a0000\u00a0000\u00a0kronor är mer än det som återstår av projektets budgeterade kostnader: 450\u00a0000\u00a0kronor av 450\u00a0000\u00a0kronor (tidigare rekvirerat 0\u00a0kronor).',
      status: 400,
    });
  });

  it('holds the period to the project period as extended, on both ends', () => {
    expect(refusal({ periodFrom: '2020-08-31' }).code).toBe('claim-outside-project');
    expect(refusal({ periodTo: '2021-07-01', claimedOn: '2021-07-15' }).code).toBe('claim-outside-project');
    // an extension to 2021-12-31 lets the same claim through
    expect(() => checkClaim({ ...claim, periodTo: '2021-07-01', claimedOn: '2021-07-15' }, { ...ctx, project: { start: '2020-09-01', end: '2021-12-31' } })).not.toThrow();
  });

  it('refuses a period that ends before it starts, and dates that are not dates', () => {
    expect(refusal({ periodFrom: '2020-12-31', periodTo: '2020-09-01' })).toMatchObject({ code: 'invalid-claim-period', message: 'Rekvisitionens period börjar 2020-12-31, efter att den slutar 2020-09-01.' });
    expect(refusal({ periodTo: '2020-02-30' })).toMatchObject({ code: 'invalid-date', message: 'Periodens sista dag "2020-02-30" är inte ett giltigt datum. Skriv det som ÅÅÅÅ-MM-DD, till exempel 2020-08-24.' });
  });

  it('refuses a claim dated before the decision or before its own period has ended', () => {
    expect(refusal({ claimedOn: '2020-06-01' }, { decidedOn: '2020-06-15', project: { start: '2020-01-01', end: '2021-06-30' } })).toMatchObject({ code: 'invalid-date' });
    expect(refusal({ claimedOn: '2020-12-30' })).toMatchObject({
      code: 'claim-before-period-end',
      message: 'Rekvisitionen (2020-12-30) är daterad innan perioden den gäller har slutat (2020-12-31); kostnaderna rekvireras när de är bokförda.',
    });
  });

  it('counts the earlier claims against the budget', () => {
    const earlier = [{ periodFrom: '2020-09-01', periodTo: '2020-12-31', bookedCostsOre: kr(209_460), final: false }];
    const next = { periodFrom: '2021-01-01', periodTo: '2021-06-30', claimedOn: '2021-07-15' };
    expect(checkClaim({ ...claim, ...next, bookedCostsOre: kr(240_540) }, { ...ctx, earlier })).toEqual({ remainingBudgetBeforeOre: kr(240_540), remainingBudgetAfterOre: 0 });
    expect(refusal({ ...next, bookedCostsOre: kr(240_540) + 1 }, { earlier }).code).toBe('claim-over-budget');
  });

  it('refuses a period overlapping an earlier claim by a single day; a claim without a period (before periods were stated) overlaps nothing', () => {
    const earlier = [{ periodFrom: '2020-09-01', periodTo: '2020-12-31', bookedCostsOre: kr(1000), final: false }];
    expect(refusal({ periodFrom: '2020-12-31', periodTo: '2021-03-31', claimedOn: '2021-04-15' }, { earlier })).toEqual({
      code: 'claim-overlaps',
      message: 'Perioden 2020-12-31–2021-03-31 överlappar en tidigare rekvisition (2020-09-01–2020-12-31); en kostnad rekvireras bara en gång.',
      status: 409,
    });
    expect(() => checkClaim({ ...claim, periodFrom: '2021-01-01', periodTo: '2021-03-31', claimedOn: '2021-04-15' }, { ...ctx, earlier })).not.toThrow();
    expect(() => checkClaim(claim, { ...ctx, earlier: [{ periodFrom: null, periodTo: null, bookedCostsOre: kr(1000), final: false }] })).not.toThrow();
  });

  it('pays a final claim only with the final report in, and nothing after the final claim', () => {
    const last = { periodFrom: '2021-01-01', periodTo: '2021-06-30', claimedOn: '2021-08-31', bookedCostsOre: kr(240_540), final: true };
    expect(refusal({ ...last, finalReportOn: null })).toEqual({
      code: 'final-report-required',
      message: 'En slutrekvisition kräver att slutrapporten har kommit in: ange datumet då slutrapporten kom in.',
      status: 400,
    });
    expect(() => checkClaim({ ...claim, ...last, finalReportOn: '2021-08-20' }, ctx)).not.toThrow();
    expect(refusal({ ...last, finalReportOn: '2030-01-01' }).code).toBe('final-report-in-future');
    const earlier = [{ periodFrom: '2021-01-01', periodTo: '2021-06-30', bookedCostsOre: kr(240_540), final: true }];
    expect(refusal({}, { earlier })).toMatchObject({ code: 'final-claim-made', status: 409 });
  });
});

describe('budgetedCosts', () => {
  it('sums every cell of the cost budget, a blank cell as 0', () => {
    const row = (values: Array<number | null>) => ({ category: 'staff' as const, label: 'x', values, statedTotalOre: null });
    expect(budgetedCosts({ costs: [row([kr(104_960), kr(131_200)]), row([kr(99_500), null])] })).toBe(kr(335_660));
    expect(budgetedCosts({ costs: [] })).toBe(0);
  });
});
