import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultProfile, effectiveProfile, overCommitment, planYears, statePart, validatePlan } from './appropriationProfile.ts';
import { DomainError } from '../kernel/errors.ts';

const kr = (k: number) => k * 100;

describe('the payment profile of a grant', () => {
  it('splits the cap over the project period by days, the öre left over in the last year', () => {
    // 2022-01-01..2023-06-30: 365 + 181 days; 200 000 kr × 365/546 = 133 699,63… kr, rounded down to the öre
    expect(defaultProfile(kr(200_000), { start: '2022-01-01', end: '2023-06-30' })).toEqual([
      { year: 2022, amountOre: 13_369_963 },
      { year: 2023, amountOre: kr(200_000) - 13_369_963 },
    ]);
    expect(defaultProfile(kr(90_000), { start: '2021-03-01', end: '2021-11-30' })).toEqual([{ year: 2021, amountOre: kr(90_000) }]);
  });

  it('always sums to the cap, never below zero in a year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 2000 }), (cap, offset, length) => {
        const start = new Date(Date.UTC(2020, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
        const end = new Date(Date.UTC(2020, 0, 1) + (offset + length) * 86_400_000).toISOString().slice(0, 10);
        const p = defaultProfile(cap, { start, end });
        expect(p.reduce((s, y) => s + y.amountOre, 0)).toBe(cap);
        expect(p.every((y) => y.amountOre >= 0)).toBe(true);
        expect(p.map((y) => y.year)).toEqual(planYears({ start, end }).slice(0, -1));
      }),
    );
  });

  it('accepts a plan set by hand only when it sums to the cap and keeps to the period and the year after', () => {
    const period = { start: '2022-01-01', end: '2023-06-30' };
    expect(validatePlan([{ year: 2024, amountOre: kr(50_000) }, { year: 2022, amountOre: kr(150_000) }, { year: 2023, amountOre: 0 }], kr(200_000), period)).toEqual([
      { year: 2022, amountOre: kr(150_000) },
      { year: 2024, amountOre: kr(50_000) },
    ]);
    expect(() => validatePlan([{ year: 2022, amountOre: kr(150_000) }], kr(200_000), period)).toThrow(/summerar till 150\s000\skr, men beviljat belopp är 200\s000\skr; öka med 50\s000\skr/);
    expect(() => validatePlan([{ year: 2025, amountOre: kr(200_000) }], kr(200_000), period)).toThrow(/utanför projektperioden/);
    expect(() => validatePlan([{ year: 2022, amountOre: kr(100_000) }, { year: 2022, amountOre: kr(100_000) }], kr(200_000), period)).toThrow(/två gånger/);
    expect(() => validatePlan([], kr(200_000), period)).toThrow(DomainError);
  });

  it('falls back to the default, marked stale, when the cap or period changed after the plan was set', () => {
    const plan = [{ year: 2022, amountOre: kr(150_000) }, { year: 2023, amountOre: kr(50_000) }];
    expect(effectiveProfile(plan, kr(200_000), { start: '2022-01-01', end: '2023-06-30' })).toMatchObject({ custom: true, stale: false, years: plan });
    const after = effectiveProfile(plan, kr(260_000), { start: '2022-01-01', end: '2023-12-31' });
    expect(after).toMatchObject({ custom: false, stale: true });
    expect(after.years.reduce((s, y) => s + y.amountOre, 0)).toBe(kr(260_000));
  });

  it('takes the state part of an amount in proportion, rounded down', () => {
    expect(statePart(kr(100), kr(200), kr(200))).toBe(kr(100));
    expect(statePart(kr(100), 0, kr(200))).toBe(0);
    expect(statePart(1_001, 232, 432)).toBe(537);
  });

  it('warns before a decision goes beyond what is left of the year', () => {
    expect(overCommitment(2021, kr(100), kr(100))).toBeNull();
    expect(overCommitment(2021, kr(150), kr(100))).toMatchObject({ exceedsOre: kr(50), message: expect.stringMatching(/100\skr återstår men 150\skr ska beslutas \(50\skr för mycket\)/) });
    expect(overCommitment(2021, kr(150), null)).toMatchObject({ exceedsOre: kr(150), message: expect.stringMatching(/inte registrerat/) });
  });
});
