import { describe, expect, it } from 'vitest';
import { luhnOk, maskPersonalNumbers } from './mask.ts';

describe('personal identity numbers', () => {
  it('checks the Luhn digit', () => {
    expect(luhnOk('8112189876')).toBe(true);
    expect(luhnOk('8112189875')).toBe(false);
  });
  it('masks valid numbers in the forms people write them', () => {
    expect(maskPersonalNumbers('Sökande: Anna, 811218-9876, Örebro')).toBe('Sökande: Anna, 811218-XXXX, Örebro');
    expect(maskPersonalNumbers('pnr 19811218-9876.')).toBe('pnr 19811218-XXXX.');
    expect(maskPersonalNumbers('född 811218+9876')).toBe('född 811218-XXXX');
    expect(maskPersonalNumbers('samordningsnummer 701063-2391')).toBe('samordningsnummer 701063-XXXX');
  });
  it('leaves other numbers alone', () => {
    expect(maskPersonalNumbers('dnr 20RS6567, 474 529 kronor, 019-602 71 73, 2020-08-24')).toBe('dnr 20RS6567, 474 529 kronor, 019-602 71 73, 2020-08-24');
    expect(maskPersonalNumbers('811218-9875 har fel kontrollsiffra')).toBe('811218-9875 har fel kontrollsiffra');
    expect(maskPersonalNumbers('organisationsnummer 556012-5790')).toBe('organisationsnummer 556012-5790'); // month 60: not a person
  });
});
