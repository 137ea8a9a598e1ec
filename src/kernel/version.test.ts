import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import { assertVersion } from './version.ts';

describe('assertVersion', () => {
  it('lets a change through when the version matches or none was sent', () => {
    expect(() => assertVersion(3, 3, 'Budgeten')).not.toThrow();
    expect(() => assertVersion(3, undefined, 'Budgeten')).not.toThrow();
  });

  it('refuses an old version with 409 stale-version naming who changed it', () => {
    let err: unknown;
    try {
      assertVersion(4, 2, 'Budgeten', 'Anna Andersson');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    const d = err as DomainError;
    expect(d.code).toBe('stale-version');
    expect(d.status).toBe(409);
    expect(d.message).toBe('Budgeten har ändrats av Anna Andersson sedan du hämtade den (din version 2, nu 4). Ladda om och gör ändringen igen.');
  });

  it('says "någon annan" when nobody is known', () => {
    expect(() => assertVersion(1, 0, 'Posten', null)).toThrow(/ändrats av någon annan/);
  });
});
