import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DomainError } from '../kernel/errors.ts';
import { xlsx } from '../kernel/xlsx.ts';
import { readXlsx } from '../../test/helpers/xlsx.ts';
import { parseBusinessSupport } from './businessSupport.ts';
import { SEED_000, SEED_002, kr, seedText } from './fixtures.ts';
import {
  NARRATIVE_HEADINGS,
  SECTION_KEYS,
  allocationTable,
  euCoFinancingTable,
  oreToKronor,
  projectsByPriorityTable,
  reportTables,
  supportByGenderTable,
  supportByMunicipalityTable,
  supportByTypeTable,
  supportSummaryTable,
  tablesCsv,
  tablesSheets,
  validateAnalyses,
  validateNarrative,
  type ReportInputs,
  type ReportProject,
  type ReportSupport,
  type ReportTable,
} from './stateReport.ts';

/** Seed 002, lines 3020–3031: 40 480 000 kr; indicatively 26 520 000 / 13 960 000; outcome 24 220 000 / 15 360 000 / 900 000. */
const APPROPRIATION_2021 = { year: 2021, totalOre: kr(40_480_000), indicative: { projects: kr(26_520_000), 'business-support': kr(13_960_000) } };
const OUTCOME_2021 = { projects: kr(24_220_000), 'business-support': kr(15_360_000), 'follow-up': kr(900_000) };

const inputs = (over: Partial<ReportInputs> = {}): ReportInputs => ({ year: 2021, appropriation: null, projects: [], commitments: [], support: [], analyses: [], ...over });
/** Follow-up and evaluation 2021: 900 000 kr (002, line 3031). */
const FOLLOW_UP_2021 = [{ line: 'follow-up' as const, amountOre: kr(900_000) }];
const rowOf = (t: ReportTable, first: string) => t.rows.find((r) => r[0] === first)!;

/**
 * The 14 projects of 2021 (002, lines 3069–3113): 11 under "Hållbart
 * näringsliv", 1 "Hållbar omställning", 2 "Attraktivt län" (in two columns);
 * 4 also have money from the regional fund (line 3246). The seed gives no
 * project amounts: here they add up to its 24 220 000 kr outcome. The
 * extraction lost the seed table's column positions; the areas below are an
 * assumption, the row totals are the seed's.
 */
const INNOVATION = 'Innovation och förnyelse samt entreprenörskap och företagande i hela landet';
const KOMPETENS = 'Kompetensförsörjning och kompetensutveckling i hela landet';
const LIKVARDIGA = 'Likvärdiga möjligheter till boende, arbete och välfärd i hela landet';
const projects2021: ReportProject[] = [
  ...Array.from({ length: 11 }, (_, n) => ({ caseNumber: `21RS${100 + n}`, amountOre: kr(n < 10 ? 1_800_000 : 1_420_000), priority: 'Hållbart näringsliv', strategyArea: INNOVATION, euCoFinanced: n < 4 })),
  { caseNumber: '21RS200', amountOre: kr(1_000_000), priority: 'Hållbar omställning', strategyArea: INNOVATION, euCoFinanced: false },
  { caseNumber: '21RS201', amountOre: kr(1_000_000), priority: 'Attraktivt län', strategyArea: LIKVARDIGA, euCoFinanced: false },
  { caseNumber: '21RS202', amountOre: kr(2_800_000), priority: 'Attraktivt län', strategyArea: KOMPETENS, euCoFinanced: false },
];

/**
 * Business support 2021 as the seed's text states it (002, lines 3033–3058):
 * 139 decided, 76 granted; 12 within commercial service, 2 of them home
 * delivery, about 1 Mkr; the other granted about 13,5 Mkr; 13 adjustment
 * cheques of which 10 to women; about 30 % of all granted to women. The
 * register holds no 2021 rows, so these records are made to match.
 */
function support2021(): ReportSupport[] {
  const s: ReportSupport[] = [];
  const add = (n: number, supportType: string, amountOre: number | null, gender: 'K' | 'M' | null, municipality = 'Örebro') => {
    for (let i = 0; i < n; i++) s.push({ supportType, gender, municipality, amountOre, rejected: amountOre === null });
  };
  add(8, 'Kommersiell service', kr(100_000), 'M', 'Lekeberg'); // 800 000
  add(2, 'Särskilt driftstöd', kr(50_000), 'K', 'Laxå'); // 100 000
  add(2, 'Hemsändningsbidrag', kr(50_000), null, 'Hällefors'); // 100 000 → commercial 1 000 000
  add(10, 'Omställningscheck', kr(50_000), 'K', 'Kumla');
  add(3, 'Omställningscheck', kr(50_000), 'M', 'Kumla'); // 650 000
  add(11, 'Mikrobidrag', kr(50_000), 'K', 'Nora'); // 550 000
  add(20, 'Mikrobidrag', kr(50_000), 'M', 'Askersund'); // 1 000 000
  add(20, 'Investeringsbidrag', kr(565_000), 'M', 'Karlskoga'); // 11 300 000 → others 13 500 000
  add(63, 'Mikrobidrag', null, 'M', 'Degerfors');
  return s;
}

describe('Återrapportering 2: the allocation of the 1:1 appropriation (seed 002)', () => {
  it('the seed says so', () => {
    const text = seedText(SEED_002, 3020, 3031);
    expect(text).toContain('Det totala anslaget 40 480 000 kr fördelas indikativt med 26 520 000 kr till regionala utvecklingsprojekt samt 13 960 000 kr till företagsstöd.');
    expect(text).toContain('Det faktiska utfallet blev 24 220 000 kr till projekt, 15 360 000 kr till företagsstöd och 900 000 kr till uppfölj- ning och utvärdering');
  });

  it('indicative vs recorded outcome per line, with differences and one-decimal shares', () => {
    const t = allocationTable(inputs({ appropriation: { ...APPROPRIATION_2021, outcome: OUTCOME_2021 } }));
    expect(t.rows).toEqual([
      ['Regionala utvecklingsprojekt', kr(26_520_000), 655, kr(24_220_000), 598, -kr(2_300_000)],
      ['Företagsstöd', kr(13_960_000), 345, kr(15_360_000), 379, kr(1_400_000)],
      ['Uppföljning och utvärdering', 0, 0, kr(900_000), 22, kr(900_000)],
    ]);
    expect(t.total).toEqual(['Totalt', kr(40_480_000), 1000, kr(40_480_000), 1000, 0]);
    expect(t.note).toContain('Anslaget 2021: 40 480 000 kr.');
    expect(t.note).toContain('registrerade utfallet');
  });

  it('without a recorded outcome, the outcome is what the records commit: the same figures', () => {
    const t = allocationTable(inputs({ appropriation: APPROPRIATION_2021, projects: projects2021, commitments: FOLLOW_UP_2021, support: support2021() }));
    expect(t.rows.map((r) => r[3])).toEqual([kr(24_220_000), kr(14_500_000), kr(900_000)]);
    expect(t.note).toContain('summan av årets beslut');
    // the register's 14 500 000 (1 Mkr + 13,5 Mkr, as the text says) against the 15 360 000 outcome: 860 000 short
    expect(t.total![3]).toBe(kr(39_620_000));
  });

  it('no appropriation registered: an empty table that says why', () => {
    const t = allocationTable(inputs());
    expect(t.rows).toEqual([]);
    expect(t.note).toBe('Anslaget för 2021 är inte registrerat.');
  });

  it('follow-up over its 1 000 000 kr maximum is reported in the note', () => {
    const t = allocationTable(inputs({ appropriation: { ...APPROPRIATION_2021, outcome: { ...OUTCOME_2021, 'business-support': kr(15_160_000), 'follow-up': kr(1_100_000) } } }));
    expect(t.note).toContain('Till uppföljning och utvärdering får högst 1\u00a0000\u00a0000\u00a0kr disponeras');
  });
});

describe('Återrapportering 2: business support 2021 (seed 002 text)', () => {
  const i = inputs({ support: support2021() });

  it('139 decided, 76 granted, 12 commercial service of which 2 home delivery, 1 Mkr and 13,5 Mkr, about 30 % to women', () => {
    const t = supportSummaryTable(i);
    expect(rowOf(t, 'Beslutade ansökningar om företagsstöd')[1]).toBe(139);
    expect(rowOf(t, 'Beviljade').slice(1)).toEqual([76, kr(14_500_000), 547]);
    expect(rowOf(t, 'Avslag').slice(1)).toEqual([63, null, 453]);
    expect(rowOf(t, 'Beviljade inom kommersiell service').slice(1)).toEqual([12, kr(1_000_000), 158]);
    expect(rowOf(t, 'varav hemsändningsbidrag').slice(1, 3)).toEqual([2, kr(100_000)]);
    expect(rowOf(t, 'Övriga beviljade företagsstöd').slice(1, 3)).toEqual([64, kr(13_500_000)]);
    // 23 of the 74 granted with a gender given: 31,1 %; "cirka 30 procent"
    expect(rowOf(t, 'Beviljade till företag som drivs av kvinnor').slice(1)).toEqual([23, kr(1_150_000), 311]);
  });

  it('by gender: 13 adjustment cheques, 10 to women', () => {
    const t = supportByGenderTable(i);
    expect(rowOf(t, 'Omställningscheck')).toEqual(['Omställningscheck', 10, kr(500_000), 3, kr(150_000), 0, 769]);
    expect(rowOf(t, 'Hemsändningsbidrag')).toEqual(['Hemsändningsbidrag', 0, 0, 0, 0, 2, null]);
    expect(t.total).toEqual(['Totalt', 23, kr(1_150_000), 51, kr(13_250_000), 2, 311]);
  });

  it('by type: decisions, granted, rejected, amounts add up', () => {
    const t = supportByTypeTable(i);
    expect(rowOf(t, 'Mikrobidrag')).toEqual(['Mikrobidrag', 94, 31, 63, kr(1_550_000), 107]);
    expect(t.total).toEqual(['Totalt', 139, 76, 63, kr(14_500_000), 1000]);
  });
});

describe('Återrapportering 2: the register from seed 000 (2020-04-22 – 2020-05-30)', () => {
  const [list] = parseBusinessSupport(readFileSync(new URL(`../../seeds/${SEED_000}`, import.meta.url), 'utf8'));
  const support: ReportSupport[] = list!.decisions.map((d) => ({ supportType: d.supportType, gender: d.gender, municipality: d.municipality, amountOre: d.amountOre, rejected: d.rejected }));
  const i = inputs({ year: 2020, support });

  it('by municipality: every municipality of the county, 7 of 12 reached', () => {
    const t = supportByMunicipalityTable(i);
    expect(t.rows).toHaveLength(12);
    expect(rowOf(t, 'Örebro')).toEqual(['Örebro', 11, 154_860_000, 431]);
    expect(rowOf(t, 'Degerfors')).toEqual(['Degerfors', 0, 0, 0]);
    expect(t.total).toEqual(['Totalt', 17, 358_898_100, 1000]);
    expect(t.note).toBe('Stöd har beviljats till företag i 7 av länets 12 kommuner.');
  });

  it('by gender: 7 to women, 247 280 kr', () => {
    expect(supportByGenderTable(i).total).toEqual(['Totalt', 7, 24_728_000, 10, 334_170_100, 0, 412]);
  });

  it('by type: 3 investment grants of 1 866 638 kr', () => {
    expect(rowOf(supportByTypeTable(i), 'Investeringsbidrag')).toEqual(['Investeringsbidrag', 3, 3, 0, 186_663_800, 520]);
  });

  it("never carries a company's name, least of all a sole trader's", () => {
    const csv = tablesCsv(reportTables(i));
    for (const d of list!.decisions) expect(csv).not.toContain(d.company);
    expect(csv).not.toContain('Kerstin Önnebo');
  });
});

describe('Återrapportering 2: projects by priority and EU co-financing (seed 002)', () => {
  const i = inputs({ projects: projects2021 });

  it('14 projects: 11 Hållbart näringsliv, 1 Hållbar omställning, 2 Attraktivt län', () => {
    const t = projectsByPriorityTable(i);
    expect(t.rows.map((r) => [r[0], r[r.length - 1]])).toEqual([
      ['Hållbart näringsliv', 11],
      ['Hållbar omställning', 1],
      ['Attraktivt län', 2],
      ['Rusta barn och unga', 0],
      ['Minskat utanförskap', 0],
    ]);
    expect(rowOf(t, 'Attraktivt län')).toEqual(['Attraktivt län', 1, 1, 0, 0, 2]);
    expect(t.total).toEqual(['Totalt', 1, 1, 12, 0, 14]);
    expect(t.note).toBe('Medfinansiering från 1:1-anslaget har beviljats till 14 projekt.');
  });

  it('other priorities and areas (a year with another inriktningsbeslut) make their own rows and columns; missing ones "Ej angiven"', () => {
    const p = (priority: string | null, strategyArea: string | null) => ({ caseNumber: null, amountOre: 1, priority, strategyArea, euCoFinanced: null });
    const t = projectsByPriorityTable(inputs({ projects: [p('Rangordning 3', 'Näringsliv'), p('Rangordning 1', 'Näringsliv'), p(null, null), p('Rangordning 1', 'Kompetens')] }));
    expect(t.columns.map((c) => c.label)).toEqual(['Prioritering enligt inriktningsbeslutet', 'Kompetens', 'Näringsliv', 'Ej angiven', 'Totalt']);
    expect(t.rows).toEqual([
      ['Rangordning 1', 1, 1, 0, 2],
      ['Rangordning 3', 0, 1, 0, 1],
      ['Ej angiven', 0, 0, 1, 1],
    ]);
  });

  it('4 of 14 with money from the regional fund: 28,6 %', () => {
    const t = euCoFinancingTable(i);
    expect(t.rows[0]).toEqual(['Med EU-medfinansiering', 4, 286, kr(7_200_000), 297]);
    expect(t.rows[1]).toEqual(['Utan EU-medfinansiering', 10, 714, kr(17_020_000), 703]);
    expect(t.total).toEqual(['Totalt', 14, 1000, kr(24_220_000), 1000]);
    expect(t.note).toBe('Under 2021 har 4 av 14 beviljade projekt också medel från EU.');
  });
});

describe('Återrapportering 5: the analyses table', () => {
  it('takes the seed form (max 15, ja/nej/delvis, the given purposes) and refuses anything else', () => {
    const ok = validateAnalyses([{ kind: 'analys', name: 'Portföljanalys av pågående projekt med 1:1 finansiering', financed: 'ja', purpose: 'löpande rapportering', use: 'Halvårsvis.' }]);
    expect(ok).toHaveLength(1);
    expect(() => validateAnalyses(Array.from({ length: 16 }, () => ok[0]))).toThrow('Högst 15 analyser');
    expect(() => validateAnalyses([{ ...ok[0], financed: 'kanske' }])).toThrow(DomainError);
    expect(() => validateAnalyses([{ ...ok[0], name: '  ' }])).toThrow('Rad 1 i tabellen över analyser: namnet saknas.');
  });
});

describe('the narrative form', () => {
  it('has one text per heading of the seed, 1.1.1 … 6', () => {
    expect(SECTION_KEYS[0]).toBe('1.1.1');
    expect(SECTION_KEYS).toContain('1.2.2');
    expect(SECTION_KEYS).toContain('1.3.8');
    expect(SECTION_KEYS.at(-1)).toBe('6');
    expect(NARRATIVE_HEADINGS.find((h) => h.key === '3.4')!.title).toBe('Samråd med organisationer');
    // the headings are the seed's own
    for (const key of ['1.2.2', '1.3.6', '3.1', '4.3']) expect(seedText(SEED_002, 1, 4985)).toContain(`${key} ${NARRATIVE_HEADINGS.find((h) => h.key === key)!.title}`);
  });

  it('refuses unknown headings and trims trailing white space', () => {
    expect(validateNarrative({ sections: { '1.2.2': 'Text.\r\n\n  ', '3.1': '' } }).sections).toEqual({ '1.2.2': 'Text.' });
    expect(() => validateNarrative({ sections: { '9.9': 'x' } })).toThrow('Avsnitt 9.9 finns inte i återrapporteringen.');
    expect(() => validateNarrative({ sections: { '1.1': 'x' } })).toThrow(DomainError); // a group heading has no text
  });
});

describe('export', () => {
  const tables = reportTables(inputs({ appropriation: { ...APPROPRIATION_2021, outcome: OUTCOME_2021 }, projects: projects2021, commitments: FOLLOW_UP_2021, support: support2021() }));

  it('öre to whole kronor, half away from zero', () => {
    expect([oreToKronor(150), oreToKronor(149), oreToKronor(-150), oreToKronor(-149), oreToKronor(0)]).toEqual([2, 1, -2, -1, 0]);
  });

  it('CSV for Swedish Excel: BOM, semicolons, CRLF, whole kronor, decimal comma', () => {
    const csv = tablesCsv(tables);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('Återrapportering 2: Fördelning av anslaget 1:1 Regionala tillväxtåtgärder 2021');
    expect(lines[1]).toBe('Anslagsdel;Indikativ fördelning, kr;Andel av anslaget, %;Utfall, kr;Andel av anslaget, %;Skillnad utfall – indikativt, kr');
    expect(lines[2]).toBe('Regionala utvecklingsprojekt;26520000;65,5;24220000;59,8;-2300000');
    expect(lines[3]).toBe('Företagsstöd;13960000;34,5;15360000;37,9;1400000');
    expect(lines[4]).toBe('Uppföljning och utvärdering;0;0,0;900000;2,2;900000');
    expect(lines[5]).toBe('Totalt;40480000;100,0;40480000;100,0;0');
    expect(csv).toContain('\r\nHållbart näringsliv;0;0;11;0;11\r\n');
    expect(csv).not.toMatch(/[^\r]\n/);
  });

  it('quotes a field holding a semicolon or a quote', () => {
    const csv = tablesCsv([{ id: 'x', section: '5', title: 'A;B', columns: [{ key: 'a', label: 'Namn "kort"', kind: 'text' }], rows: [['x;y']], total: null, note: null }]);
    expect(csv).toBe('\uFEFF"Återrapportering 5: A;B"\r\n"Namn ""kort"""\r\n"x;y"\r\n');
  });

  it('xlsx: one sheet per table; re-read, the cells hold the seed figures as numbers', async () => {
    const book = await readXlsx(await xlsx(tablesSheets(tables)));
    expect(book[0]!.name).toBe('Fördelning av anslag');
    expect(book).toHaveLength(tables.length);
    const cells = book[0]!.values;
    expect(cells.A1).toBe('Fördelning av anslaget 1:1 Regionala tillväxtåtgärder 2021');
    expect(cells.A3).toBe('Anslagsdel');
    expect([cells.A4, cells.B4, cells.C4, cells.D4, cells.E4, cells.F4]).toEqual(['Regionala utvecklingsprojekt', 26_520_000, 65.5, 24_220_000, 59.8, -2_300_000]);
    expect([cells.A7, cells.B7, cells.D7, cells.F7]).toEqual(['Totalt', 40_480_000, 40_480_000, 0]);
    // the styles: a bold title, header and total; integers grouped, shares with one decimal
    const s = book[0]!.cells;
    expect([s.A1!.bold, s.A3!.bold, s.A4!.bold, s.B7!.bold, s.B4!.bold]).toEqual([true, true, false, true, false]);
    expect([s.B4!.numFmt, s.C4!.numFmt, s.B7!.numFmt, s.C7!.numFmt]).toEqual(['#,##0', '0.0', '#,##0', '0.0']);
    expect(book[0]!.widths[0]).toBe(44);
    // the totals of amounts and counts are formulas over the rows above, their cached results the totals
    expect([s.B7!.formula, s.D7!.formula, s.F7!.formula, s.C7!.formula]).toEqual(['SUM(B4:B6)', 'SUM(D4:D6)', 'SUM(F4:F6)', undefined]);
    const byType = book[2]!.cells;
    const totalRow = Object.entries(book[2]!.values).find(([, v]) => v === 'Totalt')![0].slice(1);
    expect(byType[`B${totalRow}`]!.formula).toBe(`SUM(B4:B${Number(totalRow) - 1})`);
    expect(byType[`E${totalRow}`]!.value).toBe(tables[2]!.total![4]! as number / 100);
    const gender = book[3]!.values;
    const omst = Object.entries(gender).find(([, v]) => v === 'Omställningscheck')![0].slice(1);
    expect([gender[`B${omst}`], gender[`D${omst}`], gender[`G${omst}`]]).toEqual([10, 3, 76.9]);
  });
});
