import { describe, expect, it } from 'vitest';
import { appealCourtFromEnv, DEFAULT_APPEAL_COURT, howToAppeal } from './appealCourt.ts';

describe('the appeal court (a setting per region)', () => {
  it('is Förvaltningsrätten i Karlstad unless the region sets its own', () => {
    expect(appealCourtFromEnv({})).toEqual(DEFAULT_APPEAL_COURT);
    expect(howToAppeal(DEFAULT_APPEAL_COURT)).toContain('direkt till Förvaltningsrätten i Karlstad, Box 568, 651 12 Karlstad,');
  });

  it('takes another county\'s court from the environment, name and address together', () => {
    const court = appealCourtFromEnv({ APPEAL_COURT_NAME: 'Förvaltningsrätten i Umeå', APPEAL_COURT_ADDRESS: 'Box 173, 901 04 Umeå' });
    const text = howToAppeal(court);
    expect(text).toContain('ha kommit in till Förvaltningsrätten i Umeå inom tre veckor');
    expect(text).toContain('direkt till Förvaltningsrätten i Umeå, Box 173, 901 04 Umeå,');
    expect(text).not.toContain('Karlstad');
  });

  it('refuses a name that is not a förvaltningsrätt, and a name without an address', () => {
    expect(() => appealCourtFromEnv({ APPEAL_COURT_NAME: 'Region Örebro län', APPEAL_COURT_ADDRESS: 'x' })).toThrow(/ska vara en förvaltningsrätt/);
    expect(() => appealCourtFromEnv({ APPEAL_COURT_NAME: 'Förvaltningsrätten i Umeå' })).toThrow(/APPEAL_COURT_ADDRESS saknas/);
  });
});
