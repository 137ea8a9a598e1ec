import { describe, expect, it } from 'vitest';
import { kallelseText, normalizeEmail } from './sending.ts';

describe('kallelseText', () => {
  const input = {
    bodyName: 'Nämnden', date: '2026-03-05', startTime: '09:00', place: 'Sal A', version: 2, bookUrl: 'https://x.se/m/1',
    items: [{ number: 1, title: 'Öppet ärende', secrecyRef: null }, { number: 2, title: 'Hemlig person', secrecyRef: '21 kap. 1 §' }],
  };
  it('shows meeting, agenda and link but no secret title', () => {
    const t = kallelseText(input);
    expect(t).toContain('2026-03-05');
    expect(t).toContain('Sal A');
    expect(t).toContain('1. Öppet ärende');
    expect(t).toContain('2. Sekretess enligt OSL 21 kap. 1 §');
    expect(t).toContain('https://x.se/m/1');
    expect(t).not.toContain('Hemlig person');
  });
  it('shows a stored provision once and another ground without its reason', () => {
    const t = kallelseText({
      ...input,
      items: [
        { number: 1, title: 'Företaget AB:s ansökan', secrecyRef: '30 kap. 23 § OSL' },
        { number: 2, title: 'Personalärende Bertil', secrecyRef: 'Annan grund: uppgifter om Bertils hälsa' },
      ],
    });
    expect(t).toContain('1. Sekretess enligt 30 kap. 23 § OSL');
    expect(t).toContain('2. Sekretess (annan grund)');
    expect(t).not.toMatch(/Företaget|Bertil|OSL OSL/);
  });
  it('refuses an address that is not one, in Swedish', () => {
    expect(normalizeEmail('  anna@region.se ')).toBe('anna@region.se');
    expect(normalizeEmail('')).toBeNull();
    expect(() => normalizeEmail('anna.region.se')).toThrow(/ingen e-postadress/);
    expect(() => normalizeEmail('anna@region')).toThrow(/ingen e-postadress/);
    expect(() => normalizeEmail('an\u0007na@region.se')).toThrow(/ingen e-postadress/);
    expect(() => normalizeEmail('anna@region.se, bertil@region.se')).toThrow(/ingen e-postadress/);
  });
});
