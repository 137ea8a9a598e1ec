import { describe, expect, it } from 'vitest';
import { DomainError } from '../kernel/errors.ts';
import { cleanAliases, formatShare, namesCompany, overlapping, parseShare, reportStatus, validateDocument, validityOf } from './model.ts';

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? `${e.code}: ${e.message}` : String(e);
  }
  return 'no error';
};

describe('the region\'s share', () => {
  it('is read exactly from the digits as basis points and written back in Swedish', () => {
    expect(parseShare('49')).toBe(4900);
    expect(parseShare('49,5')).toBe(4950);
    expect(parseShare('33.33 %')).toBe(3333);
    expect(parseShare('0,01')).toBe(1);
    expect(parseShare('100 procent')).toBe(10000);
    expect(formatShare(4950)).toBe('49,5\u00a0%');
    expect(formatShare(3333)).toBe('33,33\u00a0%');
    expect(formatShare(10000)).toBe('100\u00a0%');
    expect(formatShare(1)).toBe('0,01\u00a0%');
    for (let bp = 0; bp <= 10000; bp += 7) expect(parseShare(formatShare(bp).replace('\u00a0%', ''))).toBe(bp);
  });
  it('refuses more than 100 % and more than two decimals', () => {
    expect(code(() => parseShare('100,01'))).toBe('company-invalid-share: Ägarandelen kan inte vara mer än 100 procent.');
    expect(code(() => parseShare('33,333'))).toMatch(/^company-invalid-share/);
    expect(code(() => parseShare('-1'))).toMatch(/^company-invalid-share/);
  });
});

describe('documents and reports', () => {
  it('needs a file or a reference, and a period that does not end before it begins', () => {
    expect(code(() => validateDocument({ kind: 'ägaranvisning', title: 'Ägaranvisning 2020', validFrom: '2020-01-01' }, false))).toMatch(/^company-document-source/);
    expect(code(() => validateDocument({ kind: 'ägaranvisning', title: 'x', validFrom: '2020-01-01', validTo: '2019-12-31', reference: 'x' }, false))).toMatch(/^company-invalid-period/);
    expect(validateDocument({ kind: 'finansieringsavtal', title: 'Avtal', validFrom: '2020-01-01', reference: '19RS1' }, false)).toMatchObject({ validTo: null, reference: '19RS1' });
    expect(validityOf({ validFrom: '2020-01-01', validTo: '2020-12-31' }, '2019-12-31')).toBe('future');
    expect(validityOf({ validFrom: '2020-01-01', validTo: '2020-12-31' }, '2020-12-31')).toBe('current');
    expect(validityOf({ validFrom: '2020-01-01', validTo: '2020-12-31' }, '2021-01-01')).toBe('expired');
    const docs = [{ kind: 'ägaranvisning' as const, validFrom: '2020-01-01', validTo: '2020-12-31' }];
    expect(overlapping(docs, { kind: 'ägaranvisning', validFrom: '2020-12-31', validTo: null })).toBe(docs[0]);
    expect(overlapping(docs, { kind: 'ägaranvisning', validFrom: '2021-01-01', validTo: null })).toBeNull();
    expect(overlapping(docs, { kind: 'finansieringsavtal', validFrom: '2020-06-01', validTo: null })).toBeNull();
    expect(reportStatus({ dueOn: '2021-06-30', receivedOn: null }, '2021-06-30')).toBe('expected');
    expect(reportStatus({ dueOn: '2021-06-30', receivedOn: null }, '2021-07-01')).toBe('late');
    expect(reportStatus({ dueOn: '2021-06-30', receivedOn: '2021-07-02' }, '2021-08-01')).toBe('received');
  });
});

describe('names in the papers', () => {
  it('matches a name as a whole word, case-insensitively, with the genitive', () => {
    expect(namesCompany('Almis uppdrag att driva RES', ['Almi'])).toBe(true);
    expect(namesCompany('ALMI Invest', ['Almi'])).toBe(true);
    expect(namesCompany('Palmi och andra', ['Almi'])).toBe(false);
    expect(namesCompany('Medfinansiering till Almi  Företagspartner Mälardalen AB', ['Almi Företagspartner Mälardalen AB'])).toBe(true);
    expect(cleanAliases('Almi\nalmi\n', 'Almi Företagspartner Mälardalen AB')).toEqual(['Almi']);
    expect(code(() => cleanAliases(['AB'], 'X'))).toMatch(/^company-invalid-alias/);
  });
});
