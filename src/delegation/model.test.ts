import { describe, expect, it } from 'vitest';
import { checkAgainstPoint, reportLines, validatePoint, type DelegationPoint } from './model.ts';

// The three points seed 000 item 6 reports under.
const p15: DelegationPoint = { number: '1.5', title: 'Brådskande beslut', delegate: 'regional tillväxtnämnds ordförande', maxAmountOre: null, decisionTypes: [] };
const p32: DelegationPoint = { number: '3.2', title: 'Regionala utvecklingsstöd', delegate: 'förvaltningschef Regional utveckling', maxAmountOre: 100_000_000, decisionTypes: [] };
const p33: DelegationPoint = {
  number: '3.3',
  title: 'Företagsstöd',
  delegate: 'områdeschef för Näringslivsutveckling',
  maxAmountOre: 50_000_000,
  decisionTypes: ['Kommersiell service', 'Omställningscheck', 'Mikrobidrag', 'Såddbidrag', 'Investeringsbidrag', 'Konsulttjänst', 'Särskilt driftstöd'],
};

describe('delegation limits', () => {
  it('accepts a decision within its point', () => {
    expect(checkAgainstPoint(p32, { pointNumber: '3.2', decider: 'Förvaltningschef Regional utveckling', decidedOn: '2020-06-15', caseNumbers: ['20rs5938'], text: 'Medfinansiering', amountOre: 40_000_000 })).toEqual({ caseNumbers: ['20RS5938'] });
  });
  it('refuses what falls outside it, with clear messages', () => {
    expect(() => checkAgainstPoint(p32, { pointNumber: '3.2', decider: 'förvaltningschef Regional utveckling', decidedOn: '2020-06-15', caseNumbers: ['20RS5938'], text: 'x', amountOre: 150_000_000 })).toThrow(
      'Beloppet 1\u00a0500\u00a0000\u00a0kronor överstiger gränsen 1\u00a0000\u00a0000\u00a0kronor för punkt 3.2 (Regionala utvecklingsstöd); beslutet måste fattas av nämnden.',
    );
    expect(() => checkAgainstPoint(p32, { pointNumber: '3.2', decider: 'regional tillväxtnämnds ordförande', decidedOn: '2020-06-15', caseNumbers: ['20RS5938'], text: 'x', amountOre: 1 })).toThrow(/beslutar förvaltningschef Regional utveckling/);
    expect(() => checkAgainstPoint(p33, { pointNumber: '3.3', decider: 'områdeschef för Näringslivsutveckling', decidedOn: '2020-05-01', caseNumbers: ['20RS4806'], text: 'x', amountOre: 1, decisionType: 'Lån' })).toThrow(/omfattar bara Kommersiell service.*inte Lån/);
    expect(() => checkAgainstPoint(p32, { pointNumber: '3.2', decider: 'förvaltningschef Regional utveckling', decidedOn: '2020-06-15', caseNumbers: [], text: 'x', amountOre: 1 })).toThrow(/minst ett diarienummer/);
    expect(() => validatePoint({ ...p15, delegate: ' ' })).toThrow(/saknar delegat/);
  });
});

describe('the report to the body', () => {
  it('groups by decider and point in the words of seed 000 item 6', () => {
    const business = ['20RS4806', '20RS4903', '20RS5012', '20RS5120'].map((c, i) => ({
      pointNumber: '3.3', pointTitle: 'Företagsstöd', decider: 'områdeschef för Näringslivsutveckling', decidedOn: ['2020-04-22', '2020-05-04', '2020-05-19', '2020-05-30'][i]!, caseNumbers: [c], text: 'Företagsstöd',
    }));
    const lines = reportLines([
      { pointNumber: '3.2', pointTitle: 'Regionala utvecklingsstöd', decider: 'förvaltningschef Regional utveckling', decidedOn: '2020-06-10', caseNumbers: ['20RS6187'], text: 'Medfinansiering' },
      ...business,
      { pointNumber: '1.5', pointTitle: 'Brådskande beslut', decider: 'regional tillväxtnämnds ordförande', decidedOn: '2020-07-01', caseNumbers: ['20RS7061'], text: 'Positionspapper kring TEN-E' },
      { pointNumber: '3.2', pointTitle: 'Regionala utvecklingsstöd', decider: 'förvaltningschef Regional utveckling', decidedOn: '2020-06-01', caseNumbers: ['20RS5938'], text: 'Medfinansiering' },
    ]);
    expect(lines).toEqual([
      '1. Beslut av regional tillväxtnämnds ordförande. Brådskande beslut enligt punkt 1.5 i delegationsordningen. Positionspapper kring TEN-E. Diarienummer 20RS7061.',
      '2. Beslut av förvaltningschef Regional utveckling. Regionala utvecklingsstöd enligt punkt 3.2 i delegationsordningen. Diarienummer 20RS5938 och 20RS6187.',
      '3. Beslut av områdeschef för Näringslivsutveckling. Företagsstöd enligt punkt 3.3 i delegationsordningen för perioden 2020-04-22 – 2020-05-30. Diarienummer 20RS4806 med flera.',
    ]);
  });
});
