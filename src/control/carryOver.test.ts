import { describe, expect, it } from 'vitest';
import { carryOverRisks, isOpenRisk, type CarryRiskInput } from './model.ts';

const risk = (o: Partial<CarryRiskInput>): CarryRiskInput => ({
  id: 1, area: 'HR', risk: 'Risken att x.', owner: null, probability: 3, consequence: 3, residualProbability: null, residualConsequence: null, actions: [], ...o,
});
const action = (id: number, status: CarryRiskInput['actions'][number]['status']) => ({ id, text: `Åtgärd ${id}`, regionWide: false, status, responsible: 'HR-chef' });

describe('open risks and carry-over', () => {
  it('a risk is open while an action is open, when it has none, or while its residual risk is not low', () => {
    expect(isOpenRisk(risk({}))).toBe(true);
    expect(isOpenRisk(risk({ actions: [action(1, 'done'), action(2, 'not-done')] }))).toBe(true);
    expect(isOpenRisk(risk({ actions: [action(1, 'done')] }))).toBe(true); // 3 × 3 is high, no residual assessed
    expect(isOpenRisk(risk({ actions: [action(1, 'done')], residualProbability: 1, residualConsequence: 3 }))).toBe(false);
    expect(isOpenRisk(risk({ actions: [action(1, 'done')], probability: 1, consequence: 2 }))).toBe(false);
    expect(isOpenRisk(risk({ actions: [action(1, 'done')], probability: null, consequence: null }))).toBe(false);
  });
  it('carries the open actions only, starting from the residual risk', () => {
    const out = carryOverRisks([
      risk({ id: 7, owner: 'Ekonomichef', residualProbability: 2, residualConsequence: 2, actions: [action(1, 'done'), action(2, 'ongoing'), action(3, null)] }),
      risk({ id: 8, actions: [action(4, 'done')], residualProbability: 1, residualConsequence: 1 }),
    ]);
    expect(out).toEqual([{ fromId: 7, area: 'HR', risk: 'Risken att x.', owner: 'Ekonomichef', probability: 2, consequence: 2, actions: [
      { fromId: 2, text: 'Åtgärd 2', regionWide: false, responsible: 'HR-chef' },
      { fromId: 3, text: 'Åtgärd 3', regionWide: false, responsible: 'HR-chef' },
    ] }]);
    expect(carryOverRisks([risk({ id: 9, residualProbability: 2, residualConsequence: null })])[0]).toMatchObject({ probability: 3, consequence: 3 });
  });
});
