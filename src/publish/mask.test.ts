import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isPersonalNumber, luhnOk, maskDeep, maskNames, maskPersonalNumbers, maskText, NATURAL_PERSON_MASK, plausibleDate } from './mask.ts';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const luhnDigit = (nine: string) => {
  for (let c = 0; c < 10; c++) if (luhnOk(`${nine}${c}`)) return String(c);
  throw new Error('unreachable');
};

/** A valid personnummer or samordningsnummer: a real date (day + 60 for samordning), any serial, the Luhn digit. */
const pnr = fc
  .record({
    date: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }),
    serial: fc.integer({ min: 0, max: 999 }),
    samordning: fc.boolean(),
  })
  .map(({ date, serial, samordning }) => {
    const y = date.getUTCFullYear();
    const yy = pad(y % 100);
    const mm = pad(date.getUTCMonth() + 1);
    const dd = pad(date.getUTCDate() + (samordning ? 60 : 0));
    const nine = `${yy}${mm}${dd}${pad(serial, 3)}`;
    return { century: String(Math.floor(y / 100)), yy, mm, dd, last: `${pad(serial, 3)}${luhnDigit(nine)}` };
  });

type Pnr = { century: string; yy: string; mm: string; dd: string; last: string };
/** Every form: with and without century, hyphen, plus sign, a space, a no-break space or nothing. */
const FORMS: Array<(p: Pnr) => string> = [
  (p) => `${p.yy}${p.mm}${p.dd}-${p.last}`,
  (p) => `${p.yy}${p.mm}${p.dd}+${p.last}`,
  (p) => `${p.yy}${p.mm}${p.dd}${p.last}`,
  (p) => `${p.yy}${p.mm}${p.dd} ${p.last}`,
  (p) => `${p.yy}${p.mm}${p.dd}\u00a0${p.last}`,
  (p) => `${p.century}${p.yy}${p.mm}${p.dd}-${p.last}`,
  (p) => `${p.century}${p.yy}${p.mm}${p.dd}${p.last}`,
  (p) => `${p.century}${p.yy}${p.mm}${p.dd} ${p.last}`,
];

/** Text around a number: words, punctuation, line breaks – never a letter or digit glued to it. */
const word = fc.constantFrom('Sökande', 'ärendet', 'gäller', 'pnr', 'född', 'samordningsnummer', 'dnr 20RS6567', '474 529 kronor', 'kontakt:', '');
const before = fc.tuple(word, fc.constantFrom(' ', '\n', ' (', ': ', ', ', ' "')).map(([w, s]) => w + s);
const after = fc.tuple(fc.constantFrom(' ', '. ', ') ', ', ', '\n', '"; '), word).map(([s, w]) => s + w);

describe('personal identity numbers', () => {
  it('checks the Luhn digit', () => {
    expect(luhnOk('8112189876')).toBe(true);
    expect(luhnOk('8112189875')).toBe(false);
  });
  it('checks the date, day + 60 for a samordningsnummer, 29 February only in a leap year', () => {
    expect(plausibleDate(undefined, '81', '12', '18')).toBe(true);
    expect(plausibleDate(undefined, '81', '12', '78')).toBe(true);
    expect(plausibleDate(undefined, '81', '13', '18')).toBe(false);
    expect(plausibleDate(undefined, '81', '02', '30')).toBe(false);
    expect(plausibleDate(undefined, '84', '02', '29')).toBe(true);
    expect(plausibleDate('19', '00', '02', '29')).toBe(false);
    expect(plausibleDate('20', '00', '02', '29')).toBe(true);
    expect(plausibleDate('55', '81', '12', '18')).toBe(false); // no such century
  });
  it('masks valid numbers in the forms people write them', () => {
    expect(maskPersonalNumbers('Sökande: Anna, 811218-9876, Örebro')).toBe('Sökande: Anna, 811218-XXXX, Örebro');
    expect(maskPersonalNumbers('pnr 19811218-9876.')).toBe('pnr 19811218-XXXX.');
    expect(maskPersonalNumbers('född 811218+9876')).toBe('född 811218-XXXX');
    expect(maskPersonalNumbers('samordningsnummer 701063-2391')).toBe('samordningsnummer 701063-XXXX');
    expect(maskPersonalNumbers('tio siffror 8112189876 utan streck')).toBe('tio siffror 811218-XXXX utan streck');
    expect(maskPersonalNumbers('tolv siffror 198112189876')).toBe('tolv siffror 19811218-XXXX');
    expect(maskPersonalNumbers('med mellanslag 811218 9876')).toBe('med mellanslag 811218-XXXX');
    expect(isPersonalNumber('198112189876')).toBe(true);
    expect(isPersonalNumber('556012-5790')).toBe(false);
  });
  it('leaves other numbers alone', () => {
    const other = 'dnr 20RS6567, 474 529 kronor, 019-602 71 73, 2020-08-24, 1 912 400 kr, tel 0196027173';
    expect(maskPersonalNumbers(other)).toBe(other);
    expect(maskPersonalNumbers('811218-9875 har fel kontrollsiffra')).toBe('811218-9875 har fel kontrollsiffra');
    expect(maskPersonalNumbers('organisationsnummer 556012-5790')).toBe('organisationsnummer 556012-5790'); // month 60: not a person
    expect(maskPersonalNumbers('Region Örebro län 232100-0164, 2321000164')).toBe('Region Örebro län 232100-0164, 2321000164');
    expect(maskPersonalNumbers('id 12345678112189876 och x8112189876')).toBe('id 12345678112189876 och x8112189876');
  });

  it('property: every valid number, in every form, embedded in text, is masked', () => {
    fc.assert(
      fc.property(pnr, fc.integer({ min: 0, max: FORMS.length - 1 }), before, after, (p, f, b, a) => {
        const written = FORMS[f]!(p);
        const text = `${b}${written}${a}`;
        const masked = maskPersonalNumbers(text);
        expect(masked).not.toContain(written);
        expect(masked).toBe(`${b}${written.length >= 12 && /^\d{8}/.test(written) ? p.century : ''}${p.yy}${p.mm}${p.dd}-XXXX${a}`);
        expect(maskPersonalNumbers(masked)).toBe(masked); // idempotent
      }),
      { numRuns: 2000 },
    );
  });

  it('property: a number with a wrong check digit is left alone', () => {
    fc.assert(
      fc.property(pnr, fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: FORMS.length - 1 }), (p, delta, f) => {
        const wrong = { ...p, last: p.last.slice(0, 3) + String((Number(p.last[3]) + delta) % 10) };
        const text = `nummer ${FORMS[f]!(wrong)} här`;
        expect(maskPersonalNumbers(text)).toBe(text);
      }),
    );
  });

  it('property: organisation numbers of legal persons (third digit 2 or more) are left alone', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 20, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 999 }), fc.boolean(), (a, b, c, serial, hyphen) => {
        const nine = `${pad(a)}${pad(b)}${pad(c)}${pad(serial, 3)}`;
        const org = `${nine.slice(0, 6)}${hyphen ? '-' : ''}${nine.slice(6)}${luhnDigit(nine)}`;
        const text = `Organisationsnummer ${org}, ${org.replace('-', '')}.`;
        expect(maskPersonalNumbers(text)).toBe(text);
      }),
    );
  });

  it('property: amounts, case numbers, dates and phone numbers are left alone', () => {
    const amount = fc.integer({ min: 0, max: 999_999_999 }).map((n) => n.toLocaleString('sv-SE').replace(/\u00a0/g, ' '));
    const dnr = fc.tuple(fc.integer({ min: 10, max: 30 }), fc.integer({ min: 1, max: 99999 })).map(([y, n]) => `${y}RS${n}`);
    const isoDay = fc.date({ min: new Date('1990-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const phone = fc.tuple(fc.constantFrom('019', '070', '08', '0585'), fc.integer({ min: 100, max: 999 }), fc.integer({ min: 10, max: 99 }), fc.integer({ min: 10, max: 99 })).map(([a, b, c, d]) => `${a}-${b} ${c} ${d}`);
    fc.assert(
      fc.property(fc.array(fc.oneof(amount.map((s) => `${s} kr`), dnr, isoDay, phone), { minLength: 1, maxLength: 6 }), (parts) => {
        const text = parts.join(', ');
        expect(maskPersonalNumbers(text)).toBe(text);
      }),
    );
  });

  it('property: a phone number that is not a valid date + Luhn is left alone, one that is counts as a number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^0\d{9}$/), (digits) => {
        const text = `ring ${digits}`;
        expect(maskPersonalNumbers(text) !== text).toBe(isPersonalNumber(digits));
      }),
    );
  });
});

describe('names of natural persons', () => {
  it('masks whole words, case-insensitive, across white space and search marks', () => {
    const names = ['Kerstin Önnebo', 'Nalles Bil'];
    expect(maskNames('Mikrobidrag till Kerstin  Önnebo, Nora.', names)).toBe(`Mikrobidrag till ${NATURAL_PERSON_MASK}, Nora.`);
    expect(maskNames('NALLES BIL i Kumla', names)).toBe(`${NATURAL_PERSON_MASK} i Kumla`);
    expect(maskNames('… till Kerstin \u0002Önnebo\u0003 …', names)).toBe(`… till ${NATURAL_PERSON_MASK} …`);
    expect(maskNames('Nalles Bilverkstad AB', names)).toBe('Nalles Bilverkstad AB');
    expect(maskNames('ingen', [])).toBe('ingen');
  });
  it('masks numbers and names in every string of a JSON value', () => {
    const v = { title: 'Stöd till Kerstin Önnebo 8112189876', amountOre: 8112189876, list: ['811218-9876'], nested: { n: null, ok: true } };
    expect(maskDeep(v, ['Kerstin Önnebo'])).toEqual({ title: `Stöd till ${NATURAL_PERSON_MASK} 811218-XXXX`, amountOre: 8112189876, list: ['811218-XXXX'], nested: { n: null, ok: true } });
    expect(maskText('Kerstin Önnebo, 811218-9876', ['kerstin önnebo'])).toBe(`${NATURAL_PERSON_MASK}, 811218-XXXX`);
  });
  it('property: a name planted in text is masked, other words are kept', () => {
    const nameWord = fc.stringMatching(/^[A-ZÅÄÖ][a-zåäö]{2,10}$/);
    fc.assert(
      fc.property(fc.tuple(nameWord, nameWord), fc.array(fc.constantFrom('beslut', 'stöd', 'till', 'Örebro', 'kronor'), { maxLength: 5 }), ([f, l], words) => {
        const name = `${f} ${l}`;
        const text = [...words, name, ...words].join(' ');
        const masked = maskNames(text, [name]);
        expect(masked.toLowerCase()).not.toContain(name.toLowerCase());
        expect(masked).toBe([...words, NATURAL_PERSON_MASK, ...words].join(' '));
      }),
    );
  });
});
