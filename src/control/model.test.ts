import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { effectiveFrom, parseControlPlan, riskMatrix, riskValue, validateScale, validateStatus } from './model.ts';

const seed = (f: string) => readFileSync(new URL(`../../seeds/${f}`, import.meta.url), 'utf8');
const assessment = JSON.parse(readFileSync(new URL('../../test/fixtures/control/rtn-2020-bedomning.json', import.meta.url), 'utf8')) as {
  risks: Array<{ risk: string; probability: number; consequence: number; statuses: Array<string | null> }>;
};

describe('the internal control plan in the interim report (seed 000, 7.1)', () => {
  const plan = parseControlPlan(seed('000_97425d05012e62df.txt'));

  it('reads the risks by area', () => {
    const byArea = Object.fromEntries([...new Set(plan.map((r) => r.area))].map((a) => [a, plan.filter((r) => r.area === a).length]));
    expect(byArea).toEqual({ HR: 4, Ekonomi: 2, Informationssäkerhet: 1, 'Kvalitet och utveckling': 2, Juridik: 1 });
    expect(plan[0]!.risk).toBe('Risken att systematiskt arbetsmiljöarbete (SAM) inte efterlevs.');
    // a risk written over three lines is one sentence
    expect(plan[6]!.risk).toBe(
      'Risken att verksamheten inte efterlever tillämplig dataskyddslagstiftning (GDPR och Patientdatalagen). Samt NIS-direktivet och lag (2018:1174) om informationssäkerhet för samhällsviktiga och digitala tjänster.',
    );
    // the last risk ends the plan: the next agenda item (Vägar till hållbar utveckling) is not an action
    expect(plan.at(-1)!.actions.map((a) => a.text)).toEqual(['Implementera ny riktlinje när denna är framtagen och beslutad.']);
  });

  it('reads the actions, their region-wide mark, comments and the effect question', () => {
    expect(plan.map((r) => r.actions.length)).toEqual([1, 1, 1, 3, 2, 1, 3, 1, 2, 1]);
    const actions = plan.flatMap((r) => r.actions);
    expect(actions).toHaveLength(16);
    expect(actions.filter((a) => a.regionWide)).toHaveLength(11);
    expect(actions[0]).toMatchObject({
      text: 'Varje chef ska säkerställa efterlevnaden av SAM utifrån de regionövergripande dokument som finns, och uppföljning ska ske i ledningsgrupper och i samverkansgrupper.',
      regionWide: true,
      effect: null,
    });
    expect(actions[0]!.comment).toMatch(/^Kontroll av efterlevnaden av SAM-processen sker i samverkan med fackliga parter\. .*hösten 2020\.$/);
    expect(actions[1]).toMatchObject({ effective: true, effect: 'Ja, förvaltningen har inte fått till sig ärenden om felaktiga löneutbetalningar under 2020.', comment: null });
    // the table header repeated at a page break does not split the answer
    expect(plan[3]!.actions[1]!.effect).toBe('Åtgärden kommer inte genomföras under 2020, då det ännu inte finns någon beslutad RÖL gemensam riktlinje.');
    expect(plan[3]!.actions[2]!.text).toBe('Genomför slumpmässiga stickprovskontroller i verksamheten, för att följa upp tillämpningen riktlinjerna för representation');
    expect(actions.filter((a) => a.effective === true)).toHaveLength(3);
    expect(plan[7]!.actions[0]!.effect).toBe('Är ständigt pågående arbete.');
    expect(plan[7]!.actions[0]!.effective).toBeNull();
  });

  it('counts the risk matrix with the demo assessment', () => {
    const assessed = plan.map((r) => {
      const a = assessment.risks.find((x) => r.risk.startsWith(x.risk));
      if (!a) throw new Error(`no assessment for ${r.risk}`);
      expect(a.statuses).toHaveLength(r.actions.length);
      return { probability: a.probability, consequence: a.consequence };
    });
    const m = riskMatrix(assessed);
    // rows: probability 1–4, columns: consequence 1–4
    expect(m.cells).toEqual([
      [0, 1, 0, 1],
      [0, 3, 3, 0],
      [0, 1, 0, 1],
      [0, 0, 0, 0],
    ]);
    expect(m.unassessed).toBe(0);
    expect(m.byLevel).toEqual({ low: 1, medium: 8, high: 1 });
    // as imported, nothing is assessed yet
    expect(riskMatrix(plan.map(() => ({ probability: null, consequence: null }))).unassessed).toBe(10);
  });
});

describe('the annual report 2019 plan (seed 003) with responsible', () => {
  it('reads "Ansvar" and does not take it for an area', () => {
    const plan = parseControlPlan(seed('003_f8eb7d47c03ea706.txt'));
    expect([...new Set(plan.map((r) => r.area))]).toEqual(['HR', 'Ekonomi', 'Informationssäkerhet', 'Kvalitet och utveckling', 'Projektverksamhet', 'Ordning och reda']);
    expect(plan).toHaveLength(12);
    expect(plan[0]!.actions[0]!.responsible).toBe('Förvaltningschef');
  });
});

describe('rules', () => {
  it('risk value is probability × consequence, with levels', () => {
    expect(riskValue(3, 4)).toEqual({ value: 12, level: 'high' });
    expect(riskValue(3, 3)).toEqual({ value: 9, level: 'high' });
    expect(riskValue(2, 4)).toEqual({ value: 8, level: 'medium' });
    expect(riskValue(2, 2)).toEqual({ value: 4, level: 'medium' });
    expect(riskValue(1, 3)).toEqual({ value: 3, level: 'low' });
    expect(riskValue(null, 3)).toBeNull();
  });
  it('validates scale, status and the yes/no of the effect answer', () => {
    expect(validateScale(4, 'Sannolikheten')).toBe(4);
    expect(validateScale(null, 'Sannolikheten')).toBeNull();
    expect(() => validateScale(5, 'Konsekvensen')).toThrow('Konsekvensen ska vara ett heltal 1–4');
    expect(() => validateScale(1.5, 'Sannolikheten')).toThrow();
    expect(validateStatus('deviation')).toBe('deviation');
    expect(() => validateStatus('klar')).toThrow('Status ska vara ongoing (Pågående)');
    expect(effectiveFrom('Nej, inte ännu.')).toBe(false);
    expect(effectiveFrom('Janne svarade')).toBeNull();
  });
  it('refuses a text without a plan', () => {
    expect(() => parseControlPlan('Protokoll\n\nPunkt 1')).toThrow('ingen internkontrollplan');
    expect(() => parseControlPlan('7.1 Internkontrollplan\nSymbolförklaringar\n\nRisken att något händer.\n')).toThrow('före första områdesrubriken');
  });
});

describe('long hostile texts', () => {
  it('are read in linear time', () => {
    const many = `7.1 Internkontrollplan\nSymbolförklaringar\n\nHR\n\n${'Risken att något händer.\n\nStatus Åtgärd\n\n Göra något\n\nKommentar\nKort\n\n'.repeat(5000)}`;
    const heads = 'Internkontrollplan\nA\n'.repeat(50_000);
    const started = performance.now();
    expect(parseControlPlan(many)).toHaveLength(5000);
    expect(() => parseControlPlan(heads)).toThrow('ingen internkontrollplan');
    expect(() => parseControlPlan(`7.1 Internkontrollplan\nSymbolförklaringar\n\n${'Ab\n'.repeat(100_000)}`)).toThrow('hör inte till någon risk');
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
