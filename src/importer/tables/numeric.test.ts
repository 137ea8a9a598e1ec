import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignedCells, headerColumns, readNumericTables, type NumericTable } from './numeric.ts';
import { controlReport, readTables } from './index.ts';

const seed = (name: string) => readFileSync(new URL(`../../../seeds/${name}`, import.meta.url), 'utf8');
const S000 = seed('000_97425d05012e62df.txt');
const S003 = seed('003_f8eb7d47c03ea706.txt');
/** A text as pdf.js gives it: no line-end spaces, runs of spaces collapsed (importer/pdfText.ts). */
const asPdfText = (t: string) => t.split('\n').map((l) => l.replace(/\s+/g, ' ').trimEnd()).join('\n');

const byTitle = (tables: NumericTable[], title: RegExp) => tables.find((t) => title.test(t.title))!;
const values = (t: NumericTable, label: string) => t.rows.find((r) => r.label === label)!.cells.map((c) => c?.text ?? null);
/** The sum of a column's amounts (öre) over the rows above "Summa". */
const columnSum = (t: NumericTable, k: number) => t.rows.filter((r) => r.label !== 'Summa').reduce((n, r) => n + (r.cells[k]?.ore ?? 0), 0);

describe('number tables of two years’ follow-up papers, one reader', () => {
  const t2020 = readNumericTables(S000);
  const t2019 = readNumericTables(S003);

  it('finds the result report, the operating statement and the investments of both years', () => {
    expect(t2020.map((t) => t.title)).toEqual(['Resultatrapport', 'Driftredovisning regional tillväxtnämnd', 'Sammanställning uppföljning av investeringar, mnkr (nettoinvesteringar)']);
    expect(t2019.map((t) => t.title)).toEqual(t2020.map((t) => t.title));
    expect(t2020.every((t) => t.unit === 'mnkr')).toBe(true);
  });

  it('finds the columns by their header words, joining cells and words broken over lines', () => {
    expect(byTitle(t2020, /^Resultatrapport/).columns).toEqual(['Utfall perioden 2020', 'Utfall perioden 2019', 'Avvikelse', 'Relation (%)', 'Prognos 2020', 'Budget 2020', 'Utfall 2019']);
    // 2019's layout: the header starts on the unit line, "Budget-" | "avvikelse"
    expect(byTitle(t2019, /^Resultatrapport/).columns).toEqual(['Utfall 2019', 'Budget 2019', 'Utfall 2018', 'Budgetavvikelse', 'Utfallsavvikelse']);
    expect(byTitle(t2019, /^Driftredovisning/).columns).toEqual(['Budgetavvikelse 2019', 'Omsättning 2019', 'Relation (%)', 'Budgetavvikelse 2018']);
  });

  it('joins row labels broken over lines and parses the numbers as amounts in the table’s unit', () => {
    const drift = byTitle(t2020, /^Driftredovisning/);
    expect(drift.rows.map((r) => r.label)).toEqual([
      'Område utbildning och arbetsmarknad (exkl folkhögskolor)',
      '- Fellingsbro Folkhögskola',
      '- Kävesta Folkhögskola',
      'Område näringslivsutveckling',
      'Område välfärd och folkhälsa',
      'Område energi och klimat',
      'Förvaltningsgemensamt',
      'Resultat',
    ]);
    const first = drift.rows[0]!.cells;
    expect(first.map((c) => c?.ore)).toEqual([100_000_000, 1_180_000_000, null, 10_000_000]);
    expect(first[2]).toEqual({ text: '8,5', ore: null, decimal: '8.5' });
    const result = byTitle(t2019, /^Resultatrapport/);
    expect(values(result, 'Verksamhetens nettokostnad')).toEqual(['-122,7', '-126,7', '-116,2', '4,0', '-6,5']);
    expect(result.rows.find((r) => r.label === 'Personalkostnader')!.cells[0]!.ore).toBe(-12_650_000_000);
    // the operating statement adds up: the areas' budget deviations are the result's
    const sum = drift.rows.slice(0, -1).reduce((n, r) => n + r.cells[0]!.ore!, 0);
    expect(sum).toBe(drift.rows.at(-1)!.cells[0]!.ore);
  });

  it('places empty cells by the spacing, so that the investments add up to their Summa row', () => {
    for (const inv of [byTitle(t2020, /investeringar/), byTitle(t2019, /investeringar/)]) {
      expect(inv.rows.every((r) => r.flag === null)).toBe(true);
      const summa = inv.rows.find((r) => r.label === 'Summa')!;
      for (const [k, c] of summa.cells.entries()) expect(columnSum(inv, k)).toBe(c?.ore ?? 0);
    }
    expect(values(byTitle(t2019, /^Resultatrapport/), 'Finansnetto')).toEqual([null, '-0,1', null, '0,1', null]);
    // rows with every cell empty are kept as rows
    expect(byTitle(t2020, /investeringar/).rows).toHaveLength(9);
  });

  it('keeps a row it cannot place whole and flags it (the 2020 report’s #DIVISION/0!)', () => {
    const r = byTitle(t2020, /^Resultatrapport/);
    const flagged = r.rows.filter((x) => x.flag);
    expect(flagged.map((x) => [x.label, x.cells.length])).toEqual([['Finansnetto', 3], ['#DIVI SION/ 0!', 3]]);
    expect(flagged[0]!.flag).toBe('3 värden men 7 kolumner: vilken kolumn som är tom går inte att avgöra ur texten; raden sparas med värdena som de lästes');
    expect(values(r, 'Resultat')).toEqual(['9,6', '7,5', '2,1', null, '0,0', '0,0', '4,7']);
  });

  it('reads the same tables from text as pdf.js gives it; what the lost spacing cannot place is flagged, not guessed', () => {
    const fromPdf = readNumericTables(asPdfText(S000));
    expect(fromPdf.map((t) => [t.title, t.columns, t.rows.length])).toEqual(t2020.map((t) => [t.title, t.columns, t.rows.length]));
    const inv = byTitle(fromPdf, /investeringar/);
    for (const r of inv.rows) {
      if (r.cells.length === 0 || r.cells.length === 4) expect(r.flag).toBeNull();
      else expect(r.flag).toMatch(/går inte att avgöra/);
    }
    expect(byTitle(fromPdf, /^Driftredovisning/).rows).toEqual(byTitle(t2020, /^Driftredovisning/).rows);
  });
});

describe('header words and spacing', () => {
  it('joins header cells', () => {
    expect(headerColumns(['Budgetavvik', 'else', 'perioden', '2020', 'Omsättning', 'perioden', '2020', 'Relation', '(%)'])).toEqual(['Budgetavvikelse perioden 2020', 'Omsättning perioden 2020', 'Relation (%)']);
    expect(headerColumns(['Avvike', 'lse', 'Rela-', 'tion', '(%)', 'Prognos', '2020'])).toEqual(['Avvikelse', 'Relation (%)', 'Prognos 2020']);
  });
  it('places missing cells at the runs of spaces, or says it cannot', () => {
    expect(alignedCells('Summa 4,0 6,4  ', 2, 3)).toEqual(['4,0', '6,4', null]);
    expect(alignedCells('budget    0,8 ', 1, 4)).toEqual([null, null, null, '0,8']);
    expect(alignedCells('Finansnetto  -0,1  0,1  ', 2, 5)).toEqual([null, '-0,1', null, '0,1', null]);
    expect(alignedCells('Summa 4,0 6,4', 2, 3)).toBeNull();
    // two runs for three missing cells: which run has two is not known
    expect(alignedCells('X  1,0  2,0', 2, 5)).toBeNull();
  });
  it('accounts for every row (property): rows with numbers are all kept, each full or flagged', () => {
    const label = fc.stringMatching(/^[A-ZÅÄÖ][a-zåäö]{2,10}(?: [a-zåäö]{2,8})?$/);
    const num = fc.integer({ min: -9999, max: 9999 }).map((n) => `${(n / 10).toFixed(1).replace('.', ',')}`);
    const row = fc.record({ label, cells: fc.array(num, { minLength: 1, maxLength: 4 }) });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 10 }), (rows) => {
        const text = ['Driftredovisning', '', 'Belopp i mnkr', '', 'Utfall 2020', '', 'Budget 2020', '', 'Prognos 2020', '', 'Avvikelse', '', ...rows.flatMap((r) => [`${r.label} ${r.cells.join(' ')}`, '']), 'Texten efter tabellen är en mening som slutar här.'].join('\n');
        const [t] = readNumericTables(text);
        expect(t!.columns).toEqual(['Utfall 2020', 'Budget 2020', 'Prognos 2020', 'Avvikelse']);
        expect(t!.rows.map((r) => r.label)).toEqual(rows.map((r) => r.label));
        for (const [k, r] of t!.rows.entries()) {
          expect(r.cells.map((c) => c?.text)).toEqual(rows[k]!.cells);
          expect(r.flag === null).toBe(rows[k]!.cells.length === 4);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('the tables of a kallelse', () => {
  it('reports every table of seed 003 (the 2019 verksamhetsberättelse) with rows read and kept', () => {
    const tables = readTables(S003);
    expect(tables.map((t) => [t.table, t.read, t.kept, t.flagged.length])).toEqual([
      ['business-support', 12, 12, 0],
      ['plan', 3, 3, 0],
      ['control', 20, 20, 0],
      ['budget', 12, 12, 0],
      ['budget', 7, 7, 0],
      ['budget', 9, 9, 0],
    ]);
    for (const t of tables) expect(t.kept).toBe(t.read);
    expect(tables[2]!.notes![0]).toContain('12 risker i 6 områden');
  });
  it('reads the internal-control table of seed 000 from its text and from text as pdf.js gives it (page stamps between its lines)', () => {
    expect(controlReport(S000)).toMatchObject({ read: 16, kept: 16, flagged: [] });
    const pdf = controlReport(asPdfText(S000).replace(/\nRisken att rekryteringsrutiner/, '\n39 (111)\nRisken att rekryteringsrutiner'));
    expect(pdf).toMatchObject({ read: 16, kept: 16, flagged: [] });
  });
});
