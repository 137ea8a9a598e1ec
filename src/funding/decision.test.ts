import { describe, expect, it } from 'vitest';
import { DomainError } from '../kernel/errors.ts';
import {
  CONDITION_GENERAL_TERMS,
  CONDITION_NO_DISTORTION,
  kronorText,
  luhnValid,
  rateText,
  standardConditions,
  validateDecision,
  validateOrgNumber,
} from './decision.ts';
import { SEED_000, SEED_003, SMART_TILLVAXT, VAGAR, kr, seedText } from './fixtures.ts';

describe('the seeds\' co-financing decisions', () => {
  it('hold the rates, caps and periods the papers print', () => {
    // 000 item 3 (line 45–50), item 4 (84–90), 003 item 9 (293–299), item 11 (370–375).
    expect(seedText(SEED_000, 45, 46)).toContain('beviljas 10 procent av projektets bokförda kostnader, dock högst 474 529 kronor');
    expect(VAGAR.rateBp).toBe(1000);
    expect(VAGAR.capOre).toBe(47_452_900);
    expect(seedText(SEED_000, 84, 85)).toContain('13 procent av projektets bokförda kostnader, dock högst 1 912 400 kronor');
    expect(SMART_TILLVAXT.capOre).toBe(191_240_000);
    expect(seedText(SEED_003, 293, 294)).toContain('42 procent av projektets bokförda kostnader, dock högst 2 000 000 kronor');
    expect(seedText(SEED_003, 370, 371)).toContain('50 procent av projektets bokförda kostnader, dock högst 1 866 339 kronor');
  });
});

describe('standard conditions', () => {
  it('are worded as the seeds print them', () => {
    expect(seedText(SEED_000, 97, 99)).toBe(`• ${CONDITION_NO_DISTORTION}`);
    expect(seedText(SEED_000, 57, 58)).toBe(`• ${CONDITION_GENERAL_TERMS}`);
  });
  it('keep the seeds\' order, with the general terms last', () => {
    expect(standardConditions()).toHaveLength(3);
    const withCompetition = standardConditions({ noDistortion: true });
    expect(withCompetition[2]).toBe(CONDITION_NO_DISTORTION);
    expect(withCompetition[3]).toBe(CONDITION_GENERAL_TERMS);
    expect(standardConditions({ form: 'letter' })[2]).toBe('I övrigt gäller Region Örebro läns Allmänna villkor för medfinansiering.');
  });
});

describe('text pieces', () => {
  it('rates in Swedish form', () => {
    expect(rateText(1300)).toBe('13');
    expect(rateText(1250)).toBe('12,5');
    expect(rateText(1234)).toBe('12,34');
    expect(rateText(5)).toBe('0,05');
    expect(rateText(10_000)).toBe('100');
  });
  it('amounts with plain spaces, as in the papers', () => {
    expect(kronorText(191_240_000)).toBe('1 912 400 kronor');
    expect(kronorText(36_000_000, 'kr')).toBe('360 000 kr');
    expect(kronorText(97_281_760, 'kr')).toBe('972 817,60 kr');
  });
});

describe('validateDecision', () => {
  const ok = () => structuredClone(SMART_TILLVAXT);
  it('accepts the seed decisions and trims text', () => {
    expect(validateDecision(VAGAR)).toEqual(VAGAR);
    expect(validateDecision({ ...ok(), projectName: '  Smart   tillväxt 2021 – 2023 ' }).projectName).toBe('Smart tillväxt 2021 – 2023');
  });
  it('rate: 0 < r ≤ 100 %, whole basis points', () => {
    expect(() => validateDecision({ ...ok(), rateBp: 0 })).toThrow('större än 0 och högst 100 procent');
    expect(() => validateDecision({ ...ok(), rateBp: 10_001 })).toThrow(DomainError);
    expect(() => validateDecision({ ...ok(), rateBp: -1300 })).toThrow(DomainError);
    expect(() => validateDecision({ ...ok(), rateBp: 12.5 })).toThrow(/baspunkter/);
    expect(validateDecision({ ...ok(), rateBp: 10_000 }).rateBp).toBe(10_000);
  });
  it('cap: positive whole öre', () => {
    expect(() => validateDecision({ ...ok(), capOre: 0 })).toThrow(/större än 0/);
    expect(() => validateDecision({ ...ok(), capOre: 10.5 })).toThrow(/hela ören/);
  });
  it('period: valid dates, start ≤ end', () => {
    expect(() => validateDecision({ ...ok(), period: { start: '2023-03-31', end: '2021-01-01' } })).toThrow('Projektet kan inte avslutas (2021-01-01) innan det påbörjas (2023-03-31).');
    expect(() => validateDecision({ ...ok(), period: { start: '2021-02-30', end: '2023-03-31' } })).toThrow(/startdatum/);
    expect(validateDecision({ ...ok(), period: { start: '2021-01-01', end: '2021-01-01' } }).period.end).toBe('2021-01-01');
  });
  it('funding source and split', () => {
    expect(() => validateDecision({ ...ok(), fundingSource: 'eu' as never })).toThrow(/Okänd finansieringskälla/);
    // 003, MIND: 232 000 + 200 000 = 432 000 kr.
    const mind = { ...ok(), capOre: kr(432_000), fundingSplit: [{ source: 'state-1-1' as const, amountOre: kr(232_000) }, { source: 'regional' as const, amountOre: kr(200_000) }] };
    expect(validateDecision(mind).fundingSplit).toHaveLength(2);
    expect(() => validateDecision({ ...mind, capOre: kr(400_000) })).toThrow(/summerar till 432\u00a0000\u00a0kronor men taket är 400\u00a0000\u00a0kronor/);
  });
  it('conditions must not be empty', () => {
    expect(() => validateDecision({ ...ok(), conditions: ['Villkor', ' '] })).toThrow('Villkor 2 saknas.');
  });
});

describe('organisationsnummer', () => {
  it('accepts NNNNNN-NNNN with a valid Luhn check digit', () => {
    expect(validateOrgNumber('232100-0164')).toBe('232100-0164'); // Region Örebro län
    expect(validateOrgNumber(' 875002-5994 ')).toBe('875002-5994'); // Hopajola, seed 003 line 13085
    expect(luhnValid('2321000164')).toBe(true);
  });
  it('refuses a wrong check digit or another form, in Swedish', () => {
    expect(() => validateOrgNumber('232100-0165')).toThrow('Organisationsnumret 232100-0165 har fel kontrollsiffra.');
    expect(() => validateOrgNumber('2321000164')).toThrow(/ska skrivas NNNNNN-NNNN/);
    expect(() => validateOrgNumber('16232100-0164')).toThrow(/NNNNNN-NNNN/);
    expect(() => validateDecision({ ...SMART_TILLVAXT, applicant: { name: 'Almi', orgNumber: '556000-0000' } })).toThrow(/kontrollsiffra/);
  });
});
