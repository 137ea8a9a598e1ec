import { describe, expect, it } from 'vitest';
import { DomainError } from '../kernel/errors.ts';
import { canCommit, share, summarise, type Appropriation } from './appropriation.ts';
import { SEED_002, kr, seedText } from './fixtures.ts';

/** The kernel's money form in messages: no-break spaces in digit groups and before the unit. */
const nb = (s: string) => s.replace(/(\d) (?=\d{3}(?!\d))/g, '$1\u00a0').replace(/(\d) (kr|kronor)\b/g, '$1\u00a0$2');

/**
 * Seed 002, "Återrapportering 2 – Fördelning av anslag 1:1 Regionala
 * tillväxtåtgärder", lines 3020–3031: total 40 480 000 kr, indicatively
 * 26 520 000 to projects and 13 960 000 to business support, at most
 * 1 000 000 to follow-up and evaluation; outcome 24 220 000 / 15 360 000 / 900 000.
 * The seed prints no shares; the shares below are computed here.
 */
const y2021 = (): Appropriation => ({
  year: 2021,
  totalOre: kr(40_480_000),
  indicative: { projects: kr(26_520_000), 'business-support': kr(13_960_000) },
  commitments: [],
  outcome: { projects: kr(24_220_000), 'business-support': kr(15_360_000), 'follow-up': kr(900_000) },
});

describe('the 1:1 appropriation 2021 (seed 002)', () => {
  it('the seed text says what the record holds', () => {
    const text = seedText(SEED_002, 3020, 3031);
    expect(text).toContain('Det totala anslaget 40 480 000 kr fördelas indikativt med 26 520 000 kr till regionala utvecklingsprojekt samt 13 960 000 kr till företagsstöd.');
    expect(text).toContain('högst 1 000 000 kr till uppföljning och utvärdering');
    expect(text).toContain('24 220 000 kr till projekt, 15 360 000 kr till företagsstöd och 900 000 kr till uppfölj- ning och utvärdering');
  });

  const s = summarise(y2021());

  it('indicative split and outcome both add up to the total, nothing unused', () => {
    expect(s.indicativeTotalOre).toBe(kr(40_480_000));
    expect(s.outcomeTotalOre).toBe(kr(40_480_000));
    expect(s.unusedOre).toBe(0);
    expect(s.findings).toEqual([]);
  });

  it('differences per line: −2 300 000 projects, +1 400 000 business support, +900 000 follow-up', () => {
    expect(s.rows.map((r) => [r.line, r.indicativeOre, r.outcomeOre, r.differenceOre])).toEqual([
      ['projects', kr(26_520_000), kr(24_220_000), -kr(2_300_000)],
      ['business-support', kr(13_960_000), kr(15_360_000), kr(1_400_000)],
      ['follow-up', 0, kr(900_000), kr(900_000)],
    ]);
  });

  it('shares of the total with one decimal, from the exact fractions', () => {
    // 26 520 000 / 40 480 000 = 65,514…%; 13 960 000 / 40 480 000 = 34,486…%
    expect(s.rows.map((r) => r.indicativeShare.text)).toEqual(['65,5 %', '34,5 %', '0,0 %']);
    // 24 220 000 / 40 480 000 = 59,832…%; 15 360 000 / … = 37,944…%; 900 000 / … = 2,223…%
    expect(s.rows.map((r) => r.outcomeShare!.text)).toEqual(['59,8 %', '37,9 %', '2,2 %']);
  });

  it('follow-up at most 1 000 000 kr: 900 000 passes, 1 100 000 is reported', () => {
    const over = y2021();
    over.outcome = { projects: kr(24_220_000), 'business-support': kr(15_160_000), 'follow-up': kr(1_100_000) };
    expect(summarise(over).findings).toEqual([
      { code: 'follow-up-over-max', message: nb('Till uppföljning och utvärdering får högst 1 000 000 kr disponeras, men 1 100 000 kr är använt.') },
    ]);
  });

  it('reports an indicative split that misses the total and an outcome beyond it', () => {
    const bad = y2021();
    bad.indicative = { projects: kr(26_520_000), 'business-support': kr(13_000_000) };
    bad.outcome = { projects: kr(25_220_000), 'business-support': kr(15_360_000), 'follow-up': kr(900_000) };
    expect(summarise(bad).findings.map((f) => f.message)).toEqual([
      nb('Den indikativa fördelningen summerar till 39 520 000 kr men anslaget är 40 480 000 kr.'),
      nb('Utfallet 41 480 000 kr överstiger anslaget 40 480 000 kr med 1 000 000 kr.'),
    ]);
  });
});

describe('share', () => {
  it('rounds half up exactly, with no floating point', () => {
    expect(share(1, 8).text).toBe('12,5 %'); // exactly 12,5
    expect(share(1, 16).text).toBe('6,3 %'); // 6,25 → 6,3
    expect(share(1, 3).text).toBe('33,3 %');
    expect(share(2, 3).text).toBe('66,7 %');
    expect(share(5, 5).text).toBe('100,0 %');
    expect(() => share(1, 0)).toThrow(DomainError);
  });
});

describe('canCommit', () => {
  // The year's commitments, as the outcome: 24 220 000 + 15 360 000 + 900 000 = the whole 40 480 000.
  const full = (): Appropriation => ({
    ...y2021(),
    commitments: [
      { line: 'projects', amountOre: kr(24_220_000) },
      { line: 'business-support', amountOre: kr(15_360_000) },
      { line: 'follow-up', amountOre: kr(900_000) },
    ],
  });

  it('allows what is left and says what remains', () => {
    const a = full();
    a.commitments[0]!.amountOre = kr(23_740_000); // 480 000 left
    expect(canCommit(a, kr(480_000))).toEqual({ allowed: true, remainingBeforeOre: kr(480_000), remainingAfterOre: 0, override: null });
  });

  it('refuses beyond what is left, in Swedish', () => {
    const a = full();
    a.commitments[0]!.amountOre = kr(23_740_000);
    expect(() => canCommit(a, kr(480_000) + 1)).toThrow(nb('Anslaget för 2021 räcker inte: 480 000 kr återstår men 480 000,01 kr ska beslutas.'));
    expect(() => canCommit(full(), kr(1))).toThrow(DomainError);
  });

  it('allows it with an explicit override and returns the record to store', () => {
    const r = canCommit(full(), kr(250_000), { override: { reason: 'Tilläggsanslag från regeringen väntas i oktober.', decidedBy: 'Regional tillväxtnämnd', decidedOn: '2021-09-15' } });
    expect(r.remainingAfterOre).toBe(-kr(250_000));
    expect(r.override).toEqual({
      year: 2021,
      line: 'projects',
      rule: 'appropriation-exceeded',
      amountOre: kr(250_000),
      remainingBeforeOre: 0,
      exceedingOre: kr(250_000),
      reason: 'Tilläggsanslag från regeringen väntas i oktober.',
      decidedBy: 'Regional tillväxtnämnd',
      decidedOn: '2021-09-15',
    });
  });

  it('an override needs a reason, a decider and a date', () => {
    expect(() => canCommit(full(), kr(1), { override: { reason: ' ', decidedBy: 'Nämnden', decidedOn: '2021-09-15' } })).toThrow('Motiveringen till undantaget saknas.');
    expect(() => canCommit(full(), kr(1), { override: { reason: 'Skäl', decidedBy: '', decidedOn: '2021-09-15' } })).toThrow(/Vem som beslutar/);
    expect(() => canCommit(full(), kr(1), { override: { reason: 'Skäl', decidedBy: 'Nämnden', decidedOn: '15/9' } })).toThrow(/Datum för undantaget/);
  });

  it('keeps follow-up and evaluation within 1 000 000 kr', () => {
    const a: Appropriation = { ...y2021(), commitments: [{ line: 'follow-up', amountOre: kr(900_000) }] };
    expect(canCommit(a, kr(100_000), { line: 'follow-up' }).override).toBeNull();
    expect(() => canCommit(a, kr(100_001), { line: 'follow-up' })).toThrow(nb('högst 1 000 000 kr disponeras 2021; 100 000 kr återstår men 100 001 kr ska beslutas.'));
    const r = canCommit(a, kr(150_000), { line: 'follow-up', override: { reason: 'Extern utvärdering av hela programperioden.', decidedBy: 'Regional tillväxtnämnd', decidedOn: '2021-05-20' } });
    expect(r.override).toMatchObject({ rule: 'follow-up-cap', remainingBeforeOre: kr(100_000), exceedingOre: kr(50_000) });
    // The same amount on the projects line is fine.
    expect(canCommit(a, kr(150_000)).override).toBeNull();
  });

  it('refuses a non-positive amount', () => {
    expect(() => canCommit(y2021(), 0)).toThrow(DomainError);
  });
});
