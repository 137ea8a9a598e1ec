import { describe, expect, it } from 'vitest';
import { kallelseText } from './sending.ts';

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
});
