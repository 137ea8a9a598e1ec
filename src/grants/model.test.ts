import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../kernel/errors.ts';
import { applicationStatus, luhnValid, parseHistoryTable, sumsPerBudgetLine, validateDecision, validateOrganisation, validateOrgNumber, validateReport } from './model.ts';
import { extractHopajolaTable } from './demo.ts';

const SEED_003 = readFileSync(new URL('../../seeds/003_f8eb7d47c03ea706.txt', import.meta.url), 'utf8');
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? `${e.code}: ${e.message}` : String(e);
  }
  return 'no error';
};

describe('organisationsnummer', () => {
  it('accepts the seed\'s Hopajola number in its written forms and normalises it', () => {
    expect(validateOrgNumber('875002-5994')).toBe('875002-5994');
    expect(validateOrgNumber('8750025994')).toBe('875002-5994');
    expect(validateOrgNumber('16875002-5994')).toBe('875002-5994');
    expect(validateOrgNumber(' 875002 - 5994 ')).toBe('875002-5994');
  });

  it('refuses a wrong check digit and a wrong shape, in Swedish', () => {
    expect(code(() => validateOrgNumber('875002-5995'))).toBe('invalid-org-number: Organisationsnumret 875002-5995 har fel kontrollsiffra.');
    expect(code(() => validateOrgNumber('87500-25994'))).toMatch(/^invalid-org-number: .*ska skrivas NNNNNN-NNNN/);
    expect(code(() => validateOrgNumber('abc'))).toMatch(/^invalid-org-number/);
    // every single-digit change of a valid number breaks the check
    for (let i = 0; i < 10; i++) {
      const digits = '8750025994'.split('');
      digits[i] = String((Number(digits[i]) + 3) % 10);
      expect(luhnValid(digits.join(''))).toBe(false);
    }
  });

  it('marks an organisation whose number is a personnummer as a natural person', () => {
    expect(validateOrganisation({ name: 'Hopajola', kind: 'förening', orgNumber: '875002-5994' }).naturalPerson).toBe(false);
    expect(validateOrganisation({ name: 'Anna Andersson', kind: 'annan', orgNumber: '811218-9876' }).naturalPerson).toBe(true);
    expect(code(() => validateOrganisation({ name: 'X', kind: 'bolag' }))).toMatch(/^grant-invalid-kind/);
    expect(code(() => validateOrganisation({ name: '  ', kind: 'förening' }))).toBe('grant-field-required: Organisationens namn måste fyllas i.');
  });
});

describe('decisions and reports', () => {
  const ctx = { appliedOre: 8_000_000, receivedOn: '2019-10-15', today: '2026-01-01' };
  it('needs the reason for an avslag and the amount for a bifall, no more than applied for', () => {
    expect(code(() => validateDecision({ outcome: 'avslag', decidedOn: '2020-02-14' }, ctx))).toBe('grant-field-required: Skälet för avslaget måste fyllas i.');
    expect(validateDecision({ outcome: 'avslag', decidedOn: '2020-02-14', reason: 'Rådande ekonomiska läge.' }, ctx)).toEqual({ outcome: 'avslag', grantedOre: null, reason: 'Rådande ekonomiska läge.', decidedOn: '2020-02-14' });
    expect(code(() => validateDecision({ outcome: 'avslag', decidedOn: '2020-02-14', reason: 'x', grantedOre: 100 }, ctx))).toMatch(/^grant-invalid-amount/);
    expect(code(() => validateDecision({ outcome: 'bifall', decidedOn: '2020-02-14' }, ctx))).toMatch(/^grant-field-required/);
    expect(code(() => validateDecision({ outcome: 'bifall', decidedOn: '2020-02-14', grantedOre: 8_000_001 }, ctx))).toBe('grant-invalid-amount: Det beviljade beloppet kan inte vara större än det sökta.');
    expect(validateDecision({ outcome: 'bifall', decidedOn: '2020-02-14', grantedOre: 5_000_000 }, ctx).grantedOre).toBe(5_000_000);
    expect(code(() => validateDecision({ outcome: 'bifall', decidedOn: '2019-10-14', grantedOre: 1 }, ctx))).toMatch(/före ansökans ankomst 2019-10-15/);
    expect(code(() => validateDecision({ outcome: 'bifall', decidedOn: '2026-01-02', grantedOre: 1 }, ctx))).toMatch(/inte har kommit än/);
  });

  it('tells a report due, late and received apart', () => {
    expect(code(() => validateReport({ reportReceivedOn: '2020-01-01' }, { decidedOn: '2020-02-14', today: '2026-01-01' }))).toMatch(/före beslutet 2020-02-14/);
    expect(applicationStatus({ outcome: null, reportDue: null, reportReceivedOn: null }, '2021-01-01')).toBe('pending');
    expect(applicationStatus({ outcome: 'avslag', reportDue: null, reportReceivedOn: null }, '2021-01-01')).toBe('rejected');
    expect(applicationStatus({ outcome: 'bifall', reportDue: '2021-03-31', reportReceivedOn: null }, '2021-03-31')).toBe('report-due');
    expect(applicationStatus({ outcome: 'bifall', reportDue: '2021-03-31', reportReceivedOn: null }, '2021-04-01')).toBe('report-late');
    expect(applicationStatus({ outcome: 'bifall', reportDue: '2021-03-31', reportReceivedOn: '2021-04-10' }, '2021-05-01')).toBe('reported');
  });

  it('sums applied and granted per year and budget line', () => {
    const s = sumsPerBudgetLine([
      { year: 2020, budgetLine: null, organisationName: 'Hopajola', amountOre: 8_000_000, outcome: 'avslag', grantedOre: null },
      { year: 2020, budgetLine: 'hopajola', organisationName: 'Hopajola', amountOre: 5_000_000, outcome: 'bifall', grantedOre: 5_000_000 },
      { year: 2020, budgetLine: 'Vilt- och naturvård', organisationName: 'X', amountOre: 100, outcome: null, grantedOre: null },
      { year: 2019, budgetLine: null, organisationName: 'Hopajola', amountOre: 19_500_000, outcome: 'bifall', grantedOre: 19_500_000 },
    ]);
    expect(s).toEqual([
      { year: 2020, budgetLine: 'Hopajola', appliedOre: 13_000_000, grantedOre: 5_000_000, applications: 2, granted: 1 },
      { year: 2020, budgetLine: 'Vilt- och naturvård', appliedOre: 100, grantedOre: 0, applications: 1, granted: 0 },
      { year: 2019, budgetLine: 'Hopajola', appliedOre: 19_500_000, grantedOre: 19_500_000, applications: 1, granted: 1 },
    ]);
  });
});

describe('history table', () => {
  it('reads year and amount rows, checks a sum row and accounts for every line', () => {
    const p = parseHistoryTable(['Bidrag 2017-2019', 'År\tBelopp\tÄndamål', '2017\t150 000\tVerksamhetsbidrag', '2018\t160 000 kr\tVerksamhetsbidrag', '', '2019\t\tVerksamhetsbidrag', '150 000', 'Summa: 310 000', 'Summa: 300 000'].join('\n'));
    expect(p.title).toBe('Bidrag 2017-2019');
    expect(p.rows.map((r) => [r.line, r.disposition])).toEqual([
      [1, 'title'], [2, 'header'], [3, 'entry'], [4, 'entry'], [5, 'blank'], [6, 'entry-without-amount'], [7, 'rejected'], [8, 'sum'], [9, 'sum'],
    ]);
    expect(p.entries).toEqual([
      { line: 3, year: 2017, amountOre: 15_000_000, description: 'Verksamhetsbidrag', group: null },
      { line: 4, year: 2018, amountOre: 16_000_000, description: 'Verksamhetsbidrag', group: null },
      { line: 6, year: 2019, amountOre: null, description: 'Verksamhetsbidrag', group: null },
    ]);
    expect(p.rows[6]!.reason).toBe('Raden har ett belopp men inget år (ÅÅÅÅ); den importeras inte.');
    expect(p.rows[7]!.reason).toContain('stämmer med radernas belopp (1 rader utan belopp)');
    expect(p.rows[8]!.reason).toContain('men radernas belopp är 310 000 kronor');
    expect(p.counts).toMatchObject({ entry: 2, 'entry-without-amount': 1, rejected: 1, sum: 2, blank: 1, header: 1, title: 1 });
  });

  it('reads columns two spaces apart, and refuses a table without years', () => {
    expect(parseHistoryTable('1994  Kindlaprojektet  25 000').entries).toEqual([{ line: 1, year: 1994, amountOre: 2_500_000, description: 'Kindlaprojektet', group: null }]);
    expect(code(() => parseHistoryTable('Rubrik\nnågot annat'))).toMatch(/^grant-history-no-rows/);
    expect(code(() => parseHistoryTable('\n\n'))).toMatch(/^grant-history-empty/);
  });

  it('reads the seed\'s "Beviljade medel från Hopajola, år 1994-2019": groups per municipality, their sums, the grand total', () => {
    const table = extractHopajolaTable(SEED_003)!;
    const p = parseHistoryTable(table);
    expect(p.title).toBe('Beviljade medel från Hopajola, år 1994-2019');
    const groups = p.rows.filter((r) => r.disposition === 'group').map((r) => r.group);
    expect(groups).toEqual(['Askersund', 'Degerfors', 'Hallsberg', 'Hällefors', 'Karlskoga', 'Kumla', 'Laxå', 'Lekeberg', 'Lindesberg', 'Ljusnarsberg', 'Nora', 'Örebro', 'Övriga projekt']);
    // the rows carry project, municipality and year, the amounts only as sums per group
    expect(p.counts.entry).toBe(0);
    expect(p.entries[0]).toEqual({ line: expect.any(Number), year: 1996, amountOre: null, description: 'Projekt Utter, Pilgrimsfalk, Havsörn, Fagertärns röda näckrosor – Askersund', group: 'Askersund' });
    const sums = p.rows.filter((r) => r.disposition === 'sum');
    expect(sums).toHaveLength(14);
    expect(sums[0]).toMatchObject({ amountOre: 61_814_000, group: 'Askersund' });
    expect(sums.at(-1)!.reason).toBe('Summa för hela tabellen: 16 367 391 kronor, stämmer med gruppernas summeringsrader. Importeras inte som ett eget bidrag.');
    // every non-blank line of the table is accounted for
    expect(p.rows).toHaveLength(table.replace(/\n+$/, '').split('\n').length);
    expect(p.counts.rejected).toBe(0);
    expect(p.entries.length).toBeGreaterThan(200);
  });
});
