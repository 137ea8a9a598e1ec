import { describe, expect, it } from 'vitest';
import { assertForm, formProblems, MEMO_CONSEQUENCES, normalizeForm, placeholderProblem } from './memoForm.ts';

describe('placeholderProblem', () => {
  it.each(['', '   ', '-', '–', '…', '...', 'XXX', 'xx', '[fyll i]', '<namn>', 'Projektnamn', 'Medel till projektnamn beviljas', '{text}', '?', 'fyll i'])('refuses %j', (t) => {
    expect(placeholderProblem(t)).not.toBeNull();
  });
  it.each([
    'Beslutet medför inga kostnader utöver budget.',
    'Inga konsekvenser för barn bedöms uppstå.',
    'Projektet Smart industri 2.0 pågår till 2024.',
    'Kostnaden är 1 200 000 kronor.',
    'X-ray-verksamheten berörs inte.',
    'Se bilaga 1… och bilaga 2 för detaljer.',
  ])('accepts %j', (t) => {
    expect(placeholderProblem(t)).toBeNull();
  });
});

const full = () =>
  normalizeForm({
    unit: 'Näringsliv',
    officer: 'Anna Handläggare',
    summary: 'Ansökan om medfinansiering.',
    description: 'Regionen har fått en ansökan.',
    clauses: ['bevilja medfinansiering med 500 000 kronor'],
    consequences: Object.fromEntries(MEMO_CONSEQUENCES.map((c) => [c.key, 'Inga särskilda konsekvenser bedöms uppstå.'])),
    signatoryName: 'Petter Chef',
    signatoryTitle: 'Direktör',
    sendTo: ['Ekonomi'],
  });

describe('formProblems', () => {
  it('a complete form has none, draft or ready', () => {
    expect(formProblems(full(), 'draft')).toEqual([]);
    expect(formProblems(full(), 'ready')).toEqual([]);
  });
  it('a draft may leave statements empty but not hold a placeholder', () => {
    const f = full();
    f.description = '';
    expect(formProblems(f, 'draft')).toEqual([]);
    f.consequences['children'] = 'XXX';
    expect(formProblems(f, 'draft').map((p) => p.label)).toEqual(['Konsekvenser för barn']);
  });
  it('ready needs every statement, an att-sats and a recipient', () => {
    const f = full();
    f.description = '';
    f.clauses = [];
    f.sendTo = [];
    expect(formProblems(f, 'ready').map((p) => p.field)).toEqual(['description', 'clauses', 'sendTo']);
  });
  it('the message names the field in Swedish', () => {
    const f = full();
    f.consequences['environment'] = '[fyll i]';
    expect(() => assertForm(f, 'draft')).toThrow(/Konsekvenser för miljö/);
    f.consequences['environment'] = 'Ingen påverkan.';
    f.clauses.push('-');
    expect(() => assertForm(f, 'draft')).toThrow(/att-sats 2/);
  });
});
