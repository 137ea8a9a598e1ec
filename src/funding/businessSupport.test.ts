import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBusinessSupport, totals } from './businessSupport.ts';

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
  it('reports a row it cannot read instead of guessing', () => {
    const broken = ' Företagsstöd \nPerioden: 2021-01-01 – 2021-01-31 \n\nDnr Stöd Företag Bransch/Prioritering Kön Kommun Belopp Beslutsfattare \n\n21RS1001 Mikrobidrag Testbolag AB Test M Stockholm 10 000 Anna Berg \n21RS1002 Såddbidrag Exempel AB Test K Kumla 20 000 Anna Berg \n';
    const [list] = parseBusinessSupport(broken);
    expect(list!.decisions.map((d) => d.caseNumber)).toEqual(['21RS1002']);
    expect(list!.problems).toHaveLength(1);
    expect(list!.problems[0]!.line).toBe(6);
  });
});
