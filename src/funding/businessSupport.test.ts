import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseBusinessSupport, totals, type BusinessSupportDecision } from './businessSupport.ts';

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');

// Counted by hand from the seeds' tables (000 lines 3521–3704, 003 lines 22396–22472).
describe('the business support register in seed 000 (2020-04-22 – 2020-05-30)', () => {
  const [list, ...more] = parseBusinessSupport(seed('000_97425d05012e62df.txt'));
  it('finds one table with every row', () => {
    expect(more).toEqual([]);
    expect(list!.problems).toEqual([]);
    expect([list!.periodFrom, list!.periodTo]).toEqual(['2020-04-22', '2020-05-30']);
    expect(list!.decisions).toHaveLength(20);
  });
  it('rejoins cells broken over lines', () => {
    const d = list!.decisions;
    expect(d[0]).toMatchObject({ caseNumber: '20RS4806', supportType: 'Kommersiell service', company: 'Vedlunds i Närkes Kil', sector: 'Livsmedelshandel', gender: 'M', municipality: 'Örebro', amountOre: 7_500_000, decider: 'Kristina Eklöf' });
    expect(d[1]).toMatchObject({ nypsId: 'Regt-53-20', company: 'Carmentus AB', gender: 'K' });
    expect(d[2]).toMatchObject({ nypsId: 'Regt-63-20', sector: 'Information/Dataprogrammerare', municipality: 'Askersund', amountOre: 868_000 });
    expect(d[17]).toMatchObject({ nypsId: 'Regt-71-20', company: 'Blå Bergen Kraft & Hälsa AB', sector: 'Besöksnäring', amountOre: 2_050_000 });
    expect(d[19]).toMatchObject({ nypsId: '216029', supportType: 'Särskilt driftstöd till utsatta butiker', company: 'Vedevåg Livs', municipality: 'Lindesberg', amountOre: 8_234_600 });
    expect(d[11]).toMatchObject({ company: 'Nalles Bil', rejected: true, amountOre: null, rejectionReason: 'Avslag pga konkurrens mm' });
    expect(d[9]).toMatchObject({ company: 'Deadbolt AB', rejected: true, rejectionReason: 'Ej innovativ' });
  });
  it('adds up as the seed does', () => {
    const t = totals(list!.decisions);
    expect(t).toMatchObject({ rows: 20, granted: 17, rejected: 3, sumGrantedOre: 358_898_100 });
    expect(t.byGender.K).toEqual({ granted: 7, sumOre: 24_728_000 });
    expect(t.byGender.M.granted).toBe(10);
    expect(list!.decisions.filter((d) => d.gender === 'M')).toHaveLength(13);
    expect(t.byType.Investeringsbidrag).toEqual({ granted: 3, sumOre: 186_663_800 });
  });
  it('marks sole traders (names are personal data)', () => {
    expect(list!.decisions.filter((d) => d.soleTrader).map((d) => d.company)).toEqual(['Vedlunds i Närkes Kil', 'Kerstin Önnebo', 'Nalles Bil', 'Vedevåg Livs']);
  });
});

describe('the business support register in seed 003 (2019-12-04 – 2019-12-31)', () => {
  const lists = parseBusinessSupport(seed('003_f8eb7d47c03ea706.txt'));
  it('reads the table', () => {
    expect(lists).toHaveLength(1);
    const [list] = lists;
    expect(list!.problems).toEqual([]);
    const t = totals(list!.decisions);
    expect(t).toMatchObject({ rows: 12, granted: 12, rejected: 0, sumGrantedOre: 106_412_600 });
    expect(list!.decisions[3]).toMatchObject({ caseNumber: '19RS10006', supportType: 'Hemsändningsbidrag', company: 'Nora kommun', gender: null, municipality: 'Nora', soleTrader: false });
    expect(list!.decisions[8]).toMatchObject({ company: 'Hällefors Vandrarhem', sector: 'Vandrarhem/bokningssystem', soleTrader: true });
  });
  it('keeps a row with a municipality outside the list, flagged, instead of dropping it', () => {
    const broken = ' Företagsstöd \nPerioden: 2021-01-01 – 2021-01-31 \n\nDnr Stöd Företag Bransch/Prioritering Kön Kommun Belopp Beslutsfattare \n\n21RS1001 Mikrobidrag Testbolag AB Test M Stockholm 10 000 Anna Berg \n21RS1002 Såddbidrag Exempel AB Test K Kumla 20 000 Anna Berg \n';
    const [list] = parseBusinessSupport(broken);
    expect(list!.decisions.map((d) => [d.caseNumber, d.municipality, d.amountOre])).toEqual([['21RS1001', 'Stockholm', 1_000_000], ['21RS1002', 'Kumla', 2_000_000]]);
    expect(list!.problems).toHaveLength(1);
    expect(list!.problems[0]).toMatchObject({ line: 6 });
    expect(list!.problems[0]!.message).toContain('okänd kommun "Stockholm"');
    expect(list!.decisions[1]!.importFlag).toBeNull();
  });
});

const TABLE = (rows: string[]) => ` Företagsstöd \nPerioden: 2022-03-01 – 2022-03-31 \n\nDnr Stöd Företag Bransch/Prioritering Kön Kommun Belopp Beslutsfattare \n\nOmrådeschef \n\n${rows.join('\n\n')}\n`;

describe('every row of a business support table is accounted for (issue 18.3)', () => {
  it('keeps a row of an unknown support type as read and flags it', () => {
    const [list] = parseBusinessSupport(TABLE([
      '22RS2001 Exportcheck Klara Sinnerstrand Hälsa och ',
      'kroppsvård K Kumla 25 000 Anna Berg ',
      '22RS2002 Grön omställningspeng Lindbergs Bageri AB Livsmedel M Nora 40 000 Anna Berg ',
      '22RS2003 Mikrobidrag Berg & Dal AB Turism K Nora 15 000 Anna Berg ',
    ]));
    expect(list!.decisions).toHaveLength(3);
    expect(list!.decisions.map((d) => [d.supportType, d.company, d.sector, d.amountOre])).toEqual([
      ['Exportcheck', 'Klara Sinnerstrand', 'Hälsa och kroppsvård', 2_500_000],
      ['Grön omställningspeng', 'Lindbergs Bageri AB', 'Livsmedel', 4_000_000],
      ['Mikrobidrag', 'Berg & Dal AB', 'Turism', 1_500_000],
    ]);
    expect(list!.problems.map((p) => [p.line, p.message.slice(0, 30)])).toEqual([
      [8, 'okänd stödtyp "Exportcheck" (s'],
      [12, 'okänd stödtyp "Grön omställnin'],
    ]);
  });
  it('keeps a row that cannot be split whole and flags it', () => {
    const [list] = parseBusinessSupport(TABLE(['22RS2004 Mikrobidrag Ett bolag utan belopp och beslutsfattare ', '22RS2005 Mikrobidrag Två AB Handel K Nora 10 000 Anna Berg ']));
    expect(list!.decisions).toHaveLength(2);
    expect(list!.decisions[0]).toMatchObject({ caseNumber: '22RS2004', supportType: 'Mikrobidrag', company: 'Ett bolag utan belopp och beslutsfattare', amountOre: null, rejected: false });
    expect(list!.decisions[0]!.importFlag).toMatch(/kunde inte delas upp.*sparas hel/);
    expect(list!.problems).toHaveLength(1);
    expect(list!.decisions[1]).toMatchObject({ company: 'Två AB', importFlag: null });
  });
  it('reads seed 000 the same when the text has no trailing white space (as pdf.js gives it)', () => {
    const text = seed('000_97425d05012e62df.txt');
    const trimmed = text.split('\n').map((l) => l.trimEnd()).join('\n');
    const [a] = parseBusinessSupport(text);
    const [b] = parseBusinessSupport(trimmed);
    expect(b!.problems).toEqual([]);
    expect(b!.decisions).toHaveLength(20);
    // a word broken inside a cell ("Dataprogram" | "merare") cannot be told from two words without the line ends
    const key = (d: BusinessSupportDecision) => ({ ...d, sector: d.sector.replace(/ /g, '') });
    expect(b!.decisions.map(key)).toEqual(a!.decisions.map(key));
  });
  it('goes on over a page break in the middle of a row', () => {
    const [list] = parseBusinessSupport(TABLE(['22RS2006 Mikrobidrag Tre AB Handel ', '12 (40)', 'K Nora 10 000 Anna Berg ', '22RS2007 Mikrobidrag Fyra AB Handel K Nora 20 000 Anna Berg ']));
    expect(list!.decisions.map((d) => [d.company, d.amountOre, d.importFlag])).toEqual([['Tre AB', 1_000_000, null], ['Fyra AB', 2_000_000, null]]);
  });
  it('accounts for every row: rows read are the rows kept, flagged ones among them (property)', () => {
    const word = fc.stringMatching(/^[A-ZÅÄÖ][a-zåäö]{1,8}$/);
    const row = fc.record({
      dnr: fc.integer({ min: 1000, max: 99999 }),
      type: fc.constantFrom('Mikrobidrag', 'Såddbidrag', 'Innovationscheck', 'Exportcheck', 'Nytt stöd'),
      company: fc.array(word, { minLength: 1, maxLength: 3 }),
      form: fc.constantFrom('AB', 'HB', ''),
      sector: word,
      gender: fc.constantFrom('K', 'M', ''),
      municipality: fc.constantFrom('Nora', 'Kumla', 'Örebro', 'Västerås'),
      amount: fc.oneof(fc.integer({ min: 1, max: 999_999 }).map((n) => n.toLocaleString('sv-SE').replace(/\s/g, ' ')), fc.constant('Avslag'), fc.constant('')),
      breakAt: fc.nat(6),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), (rows) => {
        const lines = rows.map((r) => {
          const words = [`22RS${r.dnr}`, ...r.type.split(' '), ...r.company, r.form, r.sector, r.gender, r.municipality, r.amount, 'Anna', 'Berg'].filter(Boolean);
          const k = Math.min(r.breakAt + 1, words.length - 1);
          return `${words.slice(0, k).join(' ')} \n\n${words.slice(k).join(' ')} `;
        });
        const [list] = parseBusinessSupport(TABLE(lines));
        expect(list!.decisions).toHaveLength(rows.length);
        expect(list!.decisions.map((d) => d.caseNumber)).toEqual(rows.map((r) => `22RS${r.dnr}`));
        expect(list!.problems.map((p) => p.line)).toEqual(list!.decisions.filter((d) => d.importFlag).map((d) => d.line));
        for (const [k, d] of list!.decisions.entries()) {
          const r = rows[k]!;
          if (r.amount === '' || r.type === 'Exportcheck' || r.type === 'Nytt stöd' || r.municipality === 'Västerås') expect(d.importFlag).toBeTruthy();
          else expect(d.importFlag).toBeNull();
        }
      }),
      { numRuns: 200 },
    );
  });
});
