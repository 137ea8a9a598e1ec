/** Seed 004 (the 2026 plan workshop) read into a plan tree: counts and origins as the paper writes them. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baseline2025FromWorkshop, draftFromWorkshop, parseWorkshop } from './parse004.ts';
import { compareTrees, countKinds, renderOrigin, squash, walk, type PlanNode } from './model.ts';

const SEED = readFileSync(new URL('../../seeds/004_1c5b1e6cf87cd53c.txt', import.meta.url), 'utf8');
const w = parseWorkshop(SEED);
const all = (nodes: PlanNode[]) => [...walk(nodes)].map((x) => x.node);
const find = (nodes: PlanNode[], kind: PlanNode['kind'], number: string) => all(nodes).find((n) => n.kind === kind && n.number === number)!;

describe('seed 004: the 2026 plan workshop', () => {
  it('prepares the plan for 2026 and lists the ten målsättningar from the assembly', () => {
    expect(w.year).toBe(2026);
    const goals = w.tree.filter((n) => n.kind === 'strategic-goal');
    expect(goals.map((g) => g.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(goals[3]!.text).toBe('Den hållbara regionala utvecklingen ligger i framkant.');
    expect(goals[9]!.text).toBe('En långsiktig stark och hållbar ekonomi med finansiell god hushållning.');
    // two common areas without a målsättning number
    expect(w.tree.filter((n) => n.kind === 'theme').map((t) => t.title)).toEqual(['Beredskap och säkerhet', 'Motverka välfärdsbrottslighet']);
  });

  it('counts what the paper shows: 7 fokusområden, 6 mål, 29 styrtal and 28 uppdrag', () => {
    expect(countKinds(w.tree)).toEqual({ 'strategic-goal': 10, theme: 2, 'focus-area': 7, objective: 6, indicator: 29, assignment: 28 });
    // "Nr 4: … (5 st styrtal)"
    const goal4 = find(w.tree, 'strategic-goal', '4');
    expect(goal4.children.filter((c) => c.kind === 'indicator')).toHaveLength(5);
    expect(goal4.children.filter((c) => c.kind === 'focus-area').map((f) => [f.number, f.title])).toEqual([
      ['4.1', 'Omställning, innovation och attraktionskraft'],
      ['4.2', 'Utbildning'],
      ['4.3', 'Kompetensförsörjning'],
    ]);
    expect(find(w.tree, 'focus-area', '4.1').children.map((f) => [f.number, f.title])).toEqual([
      ['4.1.1', 'Innovationsstöds- och företagsfrämjande system'],
      ['4.1.2', 'Långsiktig hållbarhet och konkurrenskraft'],
    ]);
    const styrtal = (n: string) => find(w.tree, 'objective', n).children.filter((c) => c.kind === 'indicator').length;
    expect(['4.1.1', '4.1.2', '4.2', '4.3'].map(styrtal)).toEqual([4, 3, 7, 4]);
  });

  it('keeps every origin exactly as the paper writes it, and the paper contains each one', () => {
    const counts: Record<string, number> = {};
    for (const n of all(w.tree)) if (n.origin) counts[`${n.kind}: ${renderOrigin(n.origin)}`] = (counts[`${n.kind}: ${renderOrigin(n.origin)}`] ?? 0) + 1;
    expect(counts).toEqual({
      'indicator: Behåll i DN 2026': 1,
      'indicator: FM 2026': 5,
      'indicator: DN 2025': 8,
      'indicator: Förslag nytt styrtal till DN 2026': 3,
      'indicator: Förslag till DN 2026': 1,
      'objective: Från 2025': 3,
      'objective: Förslag till DN 2026': 1,
      'objective: Förslag till DN - Ta bort 4.2.1': 1,
      'objective: Förslag till DN - Ta bort 4.2.2': 1,
      'assignment: Från FM 2025': 2,
      'assignment: FM 2026': 6,
      'assignment: Förslag till DN 2026': 8,
      'assignment: DN 2025': 2,
    });
    const flat = squash(SEED);
    for (const n of all(w.tree)) if (n.origin) expect(flat).toContain(`${n.text} (${renderOrigin(n.origin)})`);
    // "(FM \n2026)" broken over two lines in the paper is still FM 2026
    expect(find(w.tree, 'assignment', '30').origin).toEqual({ kind: 'FM', year: 2026 });
  });

  it('reads assignments with their number and addressee', () => {
    const numbered = all(w.tree).filter((n) => n.kind === 'assignment' && n.number);
    expect(numbered.map((n) => n.number)).toEqual(['27', '29', '30', '20', '28', '32', '31', '33', '50', '51', '52', '54', '55', '56', '41', '38', '59', '61']);
    expect(find(w.tree, 'assignment', '29')).toMatchObject({
      text: 'Att utveckla det innovationsfrämjande systemet i länet för att främja tillväxten av kunskapsintensiva och konkurrenskraftiga företag.',
      assignee: 'Regionala tillväxtnämnden',
      origin: { kind: 'from', via: 'FM', year: 2025 },
    });
    expect(find(w.tree, 'assignment', '56').assignee).toBe('Regionstyrelsen och nämnderna');
    expect(all(w.tree).filter((n) => n.kind === 'assignment' && n.assignee === 'Förvaltningen')).toHaveLength(10);
  });

  it('finds that the summary "(17 st)" leaves out Nr 20 of focus area 4.1.2', () => {
    expect(w.summary.stated).toBe(17);
    expect(w.summary.numbers).toHaveLength(17);
    const toCommittee = all(w.tree).filter((n) => n.kind === 'assignment' && n.number).map((n) => n.number!);
    expect(toCommittee.filter((n) => !w.summary.numbers.includes(n))).toEqual(['20']);
  });

  it('reads the target rules of the indicators', () => {
    const brp = find(w.tree, 'strategic-goal', '4').children.find((c) => c.number === '5')!;
    expect(brp.target).toMatchObject({
      direction: 'increase',
      period: { year: 2025, baselineYear: 2024 },
      comparisonGroup: { label: 'jämförbara län', members: ['Jönköping', 'Kronoberg', 'Värmland', 'Västmanland'] },
    });
    const matchning = find(w.tree, 'strategic-goal', '4').children.find((c) => c.number === '3')!;
    expect(matchning.target).toMatchObject({ direction: 'increase', reduceGaps: true, breakdowns: ['kön', 'födelsegrupp'] });
    const livslangd = find(w.tree, 'strategic-goal', '4').children.find((c) => c.number === '4')!;
    expect(livslangd.target?.breakdowns).toEqual(['kön', 'bakgrund', 'kommun']);
    const sjuk = find(w.tree, 'strategic-goal', '9').children.find((c) => c.text.startsWith('Sjukfrånvaron'))!;
    expect(sjuk.target).toMatchObject({ direction: 'decrease', target: { from: '6,3', to: '6,1', unit: '%' }, outcome: { year: 2024, value: '6,5%' } });
    const hme = find(w.tree, 'strategic-goal', '9').children.find((c) => c.text.startsWith('Hållbart medarbetarengagemang'))!;
    expect(hme.target).toMatchObject({ direction: 'range', target: { from: '77', to: '80', unit: null }, outcome: { year: 2024, value: '76' } });
  });

  it('proposes to remove 4.2.1 and 4.2.2 and merge their two mål into one for 4.2', () => {
    expect(w.merges).toEqual([{ from: ['4.2.1', '4.2.2'], into: '4.2', note: 'Text från VP-2025 Två mål / Förslag på text VP-2026 / Slå ihop två mål till ett mål' }]);
    const draft = draftFromWorkshop(w);
    expect(countKinds(draft)).toEqual({ 'strategic-goal': 10, theme: 2, 'focus-area': 5, objective: 4, indicator: 29, assignment: 28 });
    expect(all(draft).some((n) => n.number === '4.2.1' || n.number === '4.2.2')).toBe(false);
    // the merged mål was first proposed in one wording, then reworded on the later slides
    expect(find(draft, 'objective', '4.2').text).toMatch(/uppväxtvillkor\. Genom att vara en drivande/);
    expect(w.earlierWordings).toHaveLength(1);
    expect(w.earlierWordings[0]!.text).toMatch(/uppväxtvillkor samt vara en drivande/);
  });

  it('the overview slide numbers the second sub-area of 4.1 "4.2.1"; the detail slides say 4.1.2', () => {
    expect(w.overview.map((o) => o.number)).toEqual(['4.1', '4.1.1', '4.2.1', '4.2', '4.2.1', '4.2.2', '4.3']);
    expect(find(w.tree, 'focus-area', '4.1.2').title).toBe(w.overview[2]!.title);
  });

  it('compares what it shows of the 2025 plan with the 2026 draft: one merge, new indicators and assignments', () => {
    const base = baseline2025FromWorkshop(w);
    expect(countKinds(base)).toMatchObject({ objective: 5, indicator: 9, assignment: 4 });
    const c = compareTrees(base, draftFromWorkshop(w));
    expect(c.merged).toHaveLength(1);
    expect(c.merged[0]!.into.number).toBe('4.2');
    expect(c.merged[0]!.from.map((f) => f.number)).toEqual(['4.2.1', '4.2.2']);
    expect(c.removed).toEqual([]);
    expect(c.reworded).toEqual([]);
    const addedIndicators = c.added.filter((a) => a.kind === 'indicator').map((a) => a.text);
    expect(addedIndicators).toContain('Antal gästnätter');
    expect(addedIndicators).toContain('Barn inskrivna i förskolan, 3 års ålder.');
    expect(addedIndicators).toHaveLength(29 - 9);
    expect(c.added.filter((a) => a.kind === 'assignment')).toHaveLength(28 - 4);
    expect(c.unchanged).toBe(10 + 3 + 9 + 4); // målsättningar, three mål from 2025, indicators and assignments
  });

  it('refuses a text that is not a plan paper', () => {
    expect(() => parseWorkshop('Protokoll\n\nRegional tillväxtnämnd\n'.repeat(10))).toThrow(/liknar inte ett underlag för verksamhetsplan/);
  });
});

describe('hostile workshop text', () => {
  it('reads a megabyte of parentheses in a focus-area heading quickly, or refuses it', () => {
    const t0 = Date.now();
    // the old regex /^(.*?)\s*\((.*)\)$/ took 0.4 s on 20 000 "(" without a closing one: quadratic
    const open = '('.repeat(500_000);
    const text = `Målsättningar\n• Nr 4: Mål.\n\n\n\nFokusområde 4.1 - Utbildning ${open}x\nMål - y (FM 2026)\n\n\n\nFokusområde 4.2 - Utbildning ${open}x)\nMål - z\n`;
    const w = parseWorkshop(text);
    expect(w.tree[0]!.children.map((c) => c.number)).toEqual(['4.1', '4.2']);
    expect(Date.now() - t0).toBeLessThan(2_000);
  });
});
