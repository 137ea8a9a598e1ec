import { describe, expect, it } from 'vitest';
import { normaliseOslRef, OSL_PROVISIONS, secrecyRefOf } from './model.ts';
import { DomainError } from '../kernel/errors.ts';

describe('the legal reference of a secrecy mark', () => {
  it('reads the ways a provision is written as the listed one', () => {
    for (const t of ['OSL 31 kap. 16 §', '31 kap. 16 § OSL', '31 kap 16§ OSL', ' 31  kap. 16 § ', 'OSL 31 kap. 16 § första stycket']) expect(secrecyRefOf(t)).toBe('31 kap. 16 § OSL');
    expect(normaliseOslRef('OSL 21 kap. 7 §')).toBe('21 kap. 7 § OSL');
    expect(normaliseOslRef('hemligt')).toBeNull();
    for (const p of OSL_PROVISIONS) expect(secrecyRefOf(p.ref)).toBe(p.ref);
  });

  it('refuses provisions off the list, and "annan" without a reason, in Swedish', () => {
    expect(() => secrecyRefOf('OSL 99 kap. 1 §')).toThrow(DomainError);
    expect(() => secrecyRefOf('x')).toThrow(/^Ange lagrummet för sekretessen ur nämndens lista/);
    expect(() => secrecyRefOf('annan')).toThrow('Ange grunden för sekretessen (5–180 tecken) när lagrummet är "annan".');
    expect(() => secrecyRefOf('annan', 'x'.repeat(181))).toThrow(DomainError);
    expect(secrecyRefOf('Annan', '  25 kap. 1 §  OSL ')).toBe('Annan grund: 25 kap. 1 § OSL');
    expect(secrecyRefOf(null)).toBeNull();
  });
});
