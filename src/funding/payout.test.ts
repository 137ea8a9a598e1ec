import { describe, expect, it } from 'vitest';
import { DomainError } from '../kernel/errors.ts';
import { effectiveRate, payable, remainingCommitment, shareOf } from './payout.ts';
import { SMART_TILLVAXT, kr } from './fixtures.ts';

// Smart tillväxt: 13 % of booked costs, at most 1 912 400 kronor.
const d = SMART_TILLVAXT;

describe('payable', () => {
  it('pays the rate of the booked costs when far from the cap', () => {
    const p = payable(d, kr(1_000_000), 0);
    expect(p).toEqual({ payableOre: kr(130_000), shareOre: kr(130_000), remainingBeforeOre: kr(1_912_400), remainingAfterOre: kr(1_782_400), capReached: false, overpaidOre: 0 });
  });

  it('rounds the share down to whole öre, exactly', () => {
    // 123 456,78 kr × 13 % = 16 049,3814 kr → 16 049,38 kr.
    expect(payable(d, 12_345_678, 0).payableOre).toBe(1_604_938);
    // 0,07 kr × 13 % = 0,0091 kr → 0 öre.
    expect(payable(d, 7, 0).payableOre).toBe(0);
    // A product beyond 2^53 is still exact: 90 000 miljarder öre × 99,99 %.
    expect(shareOf(9_000_000_000_000_000, 9_999)).toBe(8_999_100_000_000_000);
  });

  it('stops at the cap', () => {
    const p = payable(d, kr(20_000_000), 0); // 13 % would be 2 600 000
    expect(p.shareOre).toBe(kr(2_600_000));
    expect(p.payableOre).toBe(kr(1_912_400));
    expect(p.remainingAfterOre).toBe(0);
    expect(p.capReached).toBe(true);
  });

  it('pays only what is left when earlier payouts come close to the cap (partial)', () => {
    const p = payable(d, kr(1_000_000), kr(1_800_000));
    expect(p.payableOre).toBe(kr(112_400));
    expect(p.remainingBeforeOre).toBe(kr(112_400));
    expect(p.capReached).toBe(true);
  });

  it('pays nothing, never a negative amount, when more than the cap is already paid', () => {
    const p = payable(d, kr(500_000), kr(2_000_000));
    expect(p.payableOre).toBe(0);
    expect(p.remainingBeforeOre).toBe(0);
    expect(p.remainingAfterOre).toBe(0);
    expect(p.overpaidOre).toBe(kr(87_600));
  });

  it('refuses amounts that are not whole, non-negative öre', () => {
    expect(() => payable(d, -1, 0)).toThrow(/negativt/);
    expect(() => payable(d, 100, 0.5)).toThrow(/hela ören/);
    expect(() => payable({ rateBp: 0, capOre: 100 }, 100, 0)).toThrow(DomainError);
    expect(() => payable({ rateBp: 1300, capOre: 0 }, 100, 0)).toThrow(/Taket/);
  });

  it('remaining commitment', () => {
    expect(remainingCommitment(d, kr(1_000_000))).toBe(kr(912_400));
    expect(remainingCommitment(d, kr(3_000_000))).toBe(0);
  });
});

describe('effectiveRate', () => {
  it('is the decided rate when the cap does not bind', () => {
    // 13 % of 15 861 000 = 2 061 930 > 1 912 400: the cap binds, 12,1 %.
    const smart = effectiveRate(d, kr(15_861_000));
    expect(smart).toEqual({ maxPayableOre: kr(1_912_400), capBinds: true, tenths: 121, text: '12,1 %' });
    expect(effectiveRate(d, kr(10_000_000))).toEqual({ maxPayableOre: kr(1_300_000), capBinds: false, tenths: 130, text: '13,0 %' });
  });
});
