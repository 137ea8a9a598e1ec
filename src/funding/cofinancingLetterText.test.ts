import { describe, expect, it } from 'vitest';
import { appealText, bodyLetterParts, reasonsOf } from './cofinancingLetterText.ts';
import type { CoFinancingDecision } from './decision.ts';

const kr = (k: number) => k * 100;
const decision: CoFinancingDecision = {
  applicant: { name: 'Almi Företagspartner Mälardalen AB' },
  projectName: 'Smart tillväxt 2021 – 2023',
  rateBp: 1300,
  capOre: kr(1_912_400),
  period: { start: '2021-01-01', end: '2023-03-31' },
  fundingSource: 'state-1-1',
  conditions: [],
};

describe('the decision letter text', () => {
  it('prints a body decision from its att-satser: clauses, their bullets, and the conditions only when the clauses lack them', () => {
    const clauses = ['att bevilja 13 procent av projektets bokförda kostnader, dock högst 1 912 400 kronor', 'att följande villkor gäller:', '• Projektet ska redovisas.'];
    const withBullets = bodyLetterParts(decision, kr(1_912_400), clauses, ['Projektet ska redovisas.']);
    expect(withBullets.application).toEqual(['Almi Företagspartner Mälardalen AB ansöker om 1 912 400 kr för projekt Smart tillväxt 2021 – 2023.', 'Ansökan avser perioden 2021-01-01—2023-03-31.']);
    expect(withBullets.decision).toEqual(clauses.slice(0, 2));
    expect(withBullets.fundingSplit).toEqual(['Projektet ska redovisas.']);
    expect(withBullets.conditions).toEqual([]);
    expect(bodyLetterParts(decision, kr(1_912_400), clauses.slice(0, 1), ['Villkor A']).conditions).toEqual(['Villkor A']);
  });

  it('gives the reasons from the records: priority, EU, the share of the budget, a lower cap, the budget check', () => {
    const r = reasonsOf({
      projectName: 'P', priorityArea: 'Näringsliv och entreprenörskap', priorityRank: '1', euCofinancing: true, rateBp: 4500, capOre: kr(150_000), requestedOre: kr(200_000),
      budget: { costs: [{ category: 'staff', label: 'Egen personal', values: [kr(500_000)], statedTotalOre: null }] }, budgetErrors: 0,
    }).map((s) => s.replace(/\s/g, ' '));
    expect(r[0]).toBe('Projektet P bidrar till det prioriterade området Näringsliv och entreprenörskap i den regionala utvecklingsstrategin och har prioritet 1 enligt inriktningsbeslutet för de regionala utvecklingsmedlen.');
    expect(r[1]).toMatch(/EU-projekt/);
    expect(r[2]).toBe('Projektets budgeterade kostnader är 500 000 kr. Medfinansieringen om 45 % av de bokförda kostnaderna, dock högst 150 000 kr, är lägre än det sökta beloppet 200 000 kr.');
    expect(r[3]).toMatch(/summorna stämmer/);
    const flagged = reasonsOf({ projectName: 'P', priorityArea: 'A', priorityRank: '2', euCofinancing: false, rateBp: 100, capOre: 1, requestedOre: 1, budget: { costs: [] }, budgetErrors: 2 });
    expect(flagged).toHaveLength(2);
    expect(flagged[1]).toBe('Kontrollen av budgeten fann 2 fel; beslutet fattades med kännedom om dem.');
  });

  it('tells how to appeal by the funds: state funds cannot be appealed (omprövning), regional funds by laglighetsprövning', () => {
    const state = appealText('delegation', ['state-1-1']);
    expect(state).toHaveLength(1);
    expect(state[0]).toMatch(/förordningen \(2003:596\).*inte överklagas.*omprövar beslutet/);
    const regional = appealText('body', ['regional']);
    expect(regional[0]).toMatch(/laglighetsprövning.*13 kap\. kommunallagen.*tre veckor.*justeringen av protokollet med beslutet/);
    expect(appealText('delegation', ['regional'])[0]).toMatch(/där beslutet anmäldes till nämnden/);
    expect(appealText('body', ['state-1-1', 'regional'])).toHaveLength(2);
  });
});
