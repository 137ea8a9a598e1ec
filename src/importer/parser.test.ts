import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseKallelse } from './model.ts';
import { DomainError } from '../kernel/errors.ts';

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');

describe('seed 000: the meeting of 2020-08-24 (no summons page)', () => {
  const k = parseKallelse(seed('000_97425d05012e62df.txt'));
  const item = (n: number) => k.items.find((i) => i.number === n)!;

  it('finds the body and the date in the memos', () => {
    expect(k).toMatchObject({ body: 'Regional tillväxtnämnd', date: '2020-08-24', dateSource: 'memo', totalPages: 164, startTime: null, place: null });
    expect(k.memberships).toEqual([]);
  });

  it('reads items 1–8 with kinds, numbers, presenters', () => {
    expect(k.items.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(k.items.map((i) => i.kind)).toEqual(['adjustment', 'decision', 'decision', 'decision', 'decision', 'delegation-report', 'information', 'presentations']);
    expect(item(3)).toMatchObject({ title: 'Egen finansiering från det statliga 1:1-anslaget till projekt Vägar till hållbar utveckling i Örebro län', caseNumber: '20RS4642', presenters: ['Mirela Redzic', 'Malin Lindqvist'] });
    expect(item(5).caseNumber).toBe('17RS1250');
    expect(item(6)).toMatchObject({ caseNumber: '19RS10494', presenters: ['Petter Arneback'] });
  });

  it('reads item 4 with its four att-satser and conditions', () => {
    const i4 = item(4);
    expect(i4).toMatchObject({ title: 'Medfinansiering av Smart tillväxt 2021 - 2023', caseNumber: '20RS3419', presenters: ['Lena Kihl'] });
    expect(i4.proposal!.addressee).toBe('Regional tillväxtnämnd beslutar');
    expect(i4.proposal!.clauses).toHaveLength(4);
    expect(i4.proposal!.clauses[0]).toBe(
      'att Almi Företagspartner Mälardalen AB beviljas 13 procent av projektets bokförda kostnader, dock högst 1 912 400 kronor för genomförande av projekt Smart tillväxt 2021 – 2023,',
    );
    const conditions = i4.proposal!.clauses[3]!.split('\n');
    expect(conditions[0]).toBe('att följande villkor gäller för Region Örebro läns beslut:');
    expect(conditions.slice(1)).toHaveLength(4);
    expect(conditions[4]).toBe('• I övrigt gäller Region Örebro läns Allmänna villkor för medfinansiering (beslutades 2019-11-05, dnr 19RS9026)');
  });

  it('reads the adjustment item, decision basis, sub-items', () => {
    expect(item(1).proposal!.clauses).toEqual(['att nämndens ordförande och Torbjörn Appelqvist (M) med Fredrik Persson (MP) som ersättare justerar dagens protokoll.']);
    expect(item(1).adjustmentDeadline).toBe('2020-08-25');
    expect(item(2).decisionBasis).toEqual(['FöredragningsPM regional tillväxtnämnd 200824, Delårsrapport januari-juli 2020', 'Delårsrapport januari-juli 2020, regional tillväxtnämnd']);
    expect(item(6).decisionBasis[0]).toBe('FöredragningsPM, Redovisning av delegationsbeslut till regional tillväxtnämnd 2020-08-24');
    expect(item(6).summary).toContain('3. Beslut av förvaltningschef Regional utveckling. Regionala utvecklingsstöd enligt punkt 3.2 i delegationsordningen. Diarienummer 20RS5938 och 20RS6187.');
    const subs = item(7).subItems;
    expect(subs.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(subs[0]).toEqual({ number: 1, title: 'Programarbete ERUF - nästa programperiod', caseNumber: null, presenters: ['Kristina Eklöf', 'Per Holmström'], note: null });
    expect(subs[4]).toMatchObject({ title: 'Presentation av rapporten Utrikesföddas etablering på arbetsmarknaden i Örebro län', presenters: ['Fredrik Jönsson'], note: '(rapporten har redovisats under meddelandeärenden i regional tillväxtnämnd den 1 april 2020)' });
    expect(subs[5]!.presenters).toEqual(['Carina Persson', 'Linda Bååk']);
    expect(item(7).decisionBasis).toEqual(['Rapport - Utrikesföddas etablering på arbetsmarknaden i Örebro län']);
    expect(item(8).subItems).toEqual([{ number: 7, title: 'Ersättning vid deltagande i utbildning kring Barnkonventionen', caseNumber: null, presenters: ['June Fors'], note: null }]);
  });
});

describe('seed 003: the meeting of 2020-02-14 (a 303-page book)', () => {
  const k = parseKallelse(seed('003_f8eb7d47c03ea706.txt'));
  const item = (n: number) => k.items.find((i) => i.number === n)!;

  it('reads the summons page', () => {
    expect(k).toMatchObject({
      body: 'Regional tillväxtnämnd', organisation: 'Region Örebro län', date: '2020-02-14', dateSource: 'summons',
      startTime: '10:00', endTime: '15:00', place: 'Konferensrum Linden, Eklundavägen 1 Örebro', totalPages: 303,
    });
    expect(k.groupMeetings[0]).toBe('Gruppmöten kl 9.00-10.00:');
    expect(k.groupMeetings).toHaveLength(4);
    expect(k.secretary).toEqual({ name: 'June Fors', email: 'june.fors@regionorebrolan.se', phone: '019-602 71 73' });
    const members = k.memberships.filter((m) => m.kind === 'member');
    const subs = k.memberships.filter((m) => m.kind === 'substitute');
    expect(members).toHaveLength(15);
    expect(subs).toHaveLength(9);
    expect(members.filter((m) => m.role !== 'member').map((m) => [m.name, m.party, m.role])).toEqual([
      ['Irén Lejegren', 'S', 'chair'], ['Torbjörn Ahlin', 'C', 'first-vice-chair'], ['Willhelm Sundman', 'L', 'second-vice-chair'],
    ]);
    expect(subs.map((s) => s.party)).toEqual(['S', 'S', 'S', 'KD', 'C', 'M', 'M', 'M', 'SD']);
    expect(subs[3]!.name).toBe('Malko Prince M´peti Eliya');
  });

  it('reads all 13 items without page noise', () => {
    expect(k.items).toHaveLength(13);
    expect(item(3).presenters).toEqual(['Petter Arneback', 'Helena Torége']);
    expect(item(9).proposal!.clauses).toHaveLength(4);
    expect(item(9).proposal!.clauses[0]).toContain('dock högst 2 000 000 kronor');
    expect(item(9).proposal!.clauses[3]).toContain('• I övrigt gäller Region Örebro läns Allmänna villkor för medfinansiering (beslutades 2019-11-05, dnr 19RS9026).');
    expect(item(8).proposal!.addressee).toBeNull();
    expect(item(8).proposal!.clauses).toHaveLength(5);
    expect(item(12)).toMatchObject({ kind: 'delegation-report', caseNumber: '19RS10494' });
    expect(item(6).summary).toContain('Örebro kommun förväntas behandla ansökan likalydande.');
    expect(item(10).decisionBasis[2]).toBe('Regeringsbeslut IV:12 - Villkor, med mera, för budgetåret 2019 för landstingen samt Gotlands kommun inom utgiftsområdena 1 Rikets styrelse, 19 Regional tillväxt och 22 Kommunikationer');
    expect(item(1).adjustmentDeadline).toBe('2020-02-28');
    expect(item(13).kind).toBe('presentations');
    const text = JSON.stringify(k.items);
    expect(text).not.toContain('www.regionorebrolan.se');
    expect(text).not.toContain('(303)');
    expect(text).not.toContain('Föredragningslista');
  });

  it('reads the information item bullets with presenters and case numbers', () => {
    expect(item(2).subItems.map((s) => [s.title, s.presenters, s.caseNumber])).toEqual([
      ['Informationssäkerhetsfrågor; dataskyddsombudets roll med mera', ['Agata Cierzniak'], null],
      ['Kunskapsunderlag för kraftförsörjning', ['Therese Hjelseth'], null],
      ['Behovsinventering om hållbar regional utveckling, diarienummer 19RS8666', ['Katarina Viberg Hedman'], '19RS8666'],
      ['Kommande serviceprogram', ['Per-Anders Öhrn'], null],
    ]);
  });
});

// A kallelse of the same committee's format with other names, numbers and dates.
const OTHER = `
Kallelse

Sammanträde med:

Regional tillväxtnämnd

Sammanträdesdatum: 2021-10-06
Tid: kl. 13:00-16:30
Plats: Sessionssalen, Eklundavägen 1 Örebro

Ledamöter kallas Ersättare underrättas
Anna Berg (C), ordförande
Olle Ek (M), vice ordförande
Karin Lind (S)

Per Holm (V)

1 (9)

Föredragningslista

1. Protokollsjustering
Föredragande:

Förslag till beslut
Regional tillväxtnämnd beslutar

att   nämndens ordförande och Olle Ek (M) justerar dagens protokoll.

Protokollet ska vara justerat senast den 20 oktober 2021.

2. Bidrag till besöksnäringen i Bergslagen under
vintersäsongen 2021–2022
 Diarienummer: 21RS1234 Föredragande: Sara Nord, Jon
Öst

Förslag till beslut
Regional tillväxtnämnd beslutar

att   Bergslagens turism ekonomisk förening beviljas 20 procent av projektets bokförda kostnader, dock högst 1
250 000 kronor samt

2 (9)

Föredragningslista

att   finansiering sker inom ramen för regionalt utvecklingsstöd.

Sammanfattning
Föreningen söker stöd för en samordnad vintersatsning.

Beslutsunderlag
 FöredragningsPM regional tillväxtnämnd 211006, Bidrag till besöksnäringen
 Ansökan från föreningen

3. Information
- Läget i länets industri, diarienummer 21RS99 - Eva Sund

3 (9)

 
3
Information
 
4 (9)
`;

describe('the format in general', () => {
  it('parses another kallelse of the same format', () => {
    const k = parseKallelse(OTHER);
    expect(k).toMatchObject({ date: '2021-10-06', startTime: '13:00', endTime: '16:30', place: 'Sessionssalen, Eklundavägen 1 Örebro', totalPages: 9 });
    expect(k.memberships.map((m) => [m.name, m.kind, m.role])).toEqual([
      ['Anna Berg', 'member', 'chair'], ['Olle Ek', 'member', 'first-vice-chair'], ['Karin Lind', 'member', 'member'], ['Per Holm', 'substitute', 'member'],
    ]);
    expect(k.items).toHaveLength(3);
    const i2 = k.items[1]!;
    expect(i2).toMatchObject({ title: 'Bidrag till besöksnäringen i Bergslagen under vintersäsongen 2021–2022', caseNumber: '21RS1234', presenters: ['Sara Nord', 'Jon Öst'] });
    expect(i2.proposal!.clauses).toEqual([
      'att Bergslagens turism ekonomisk förening beviljas 20 procent av projektets bokförda kostnader, dock högst 1 250 000 kronor samt',
      'att finansiering sker inom ramen för regionalt utvecklingsstöd.',
    ]);
    expect(i2.decisionBasis).toEqual(['FöredragningsPM regional tillväxtnämnd 211006, Bidrag till besöksnäringen', 'Ansökan från föreningen']);
    expect(k.items[0]!.adjustmentDeadline).toBe('2021-10-20');
    expect(k.items[2]!.subItems).toEqual([{ number: null, title: 'Läget i länets industri, diarienummer 21RS99', caseNumber: '21RS99', presenters: ['Eva Sund'], note: null }]);
  });

  it('is not led astray by an information list that runs into the next item number', () => {
    const text = [
      'Sammanträdesdatum: 2022-03-03', 'Sammanträde med:', 'Regional tillväxtnämnd', '',
      '1. Protokollsjustering', 'Föredragande:', '', 'Förslag till beslut', 'att justera protokollet.', '',
      '2. Ett beslutsärende', 'Diarienummer: 22RS100 Föredragande: Anna Berg', '', 'Förslag till beslut', 'att bifalla.', '',
      '3. Information', 'Föredragande:', '', '1. Läget', 'Bo Ek', '', '2. Budgeten', 'Carl Dahl', '', '3. Lokalerna', 'Dan Ek', '', '4. Nya lokaler', 'Eva Sund', '',
      '4. Anmälningsärenden', 'Diarienummer: 22RS7 Föredragande: Sara Nord', '', 'Förslag till beslut', 'att godkänna redovisningen.', '',
    ].join('\n');
    const k = parseKallelse(text);
    expect(k.items.map((i) => [i.number, i.title])).toEqual([[1, 'Protokollsjustering'], [2, 'Ett beslutsärende'], [3, 'Information'], [4, 'Anmälningsärenden']]);
    expect(k.items[2]!.subItems.map((x) => [x.number, x.title, x.presenters])).toEqual([
      [1, 'Läget', ['Bo Ek']], [2, 'Budgeten', ['Carl Dahl']], [3, 'Lokalerna', ['Dan Ek']], [4, 'Nya lokaler', ['Eva Sund']],
    ]);
  });

  it('refuses what is not a kallelse, naming the line', () => {
    const refusal = (text: string) => {
      try {
        parseKallelse(text);
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        expect((e as DomainError).code).toBe('not-a-kallelse');
        return (e as DomainError).message;
      }
      throw new Error('inte vägrad');
    };
    expect(refusal('')).toBe('Rad 1: filen är tom.');
    expect(refusal('Bara text\nutan punkter')).toMatch(/^Rad 1: ingen föredragningslista hittades/);
    expect(refusal(seed('002_cbe33cfb0cec96bb.txt'))).toMatch(/^Rad 4442: "1\. hållbar tillväxt, ökad" ser ut som punkt 1/);
    expect(refusal(seed('004_1c5b1e6cf87cd53c.txt'))).toMatch(/^Rad 84: /);
    const skipped = OTHER.replace('3. Information', '4. Information\nFöredragande: Eva Sund');
    expect(refusal(skipped)).toMatch(/^Rad \d+: punkt 4 följer på punkt 2; punkt 3 saknas/);
    expect(refusal(OTHER.replace('Sammanträdesdatum: 2021-10-06', 'Sammanträdesdatum: snart').replace('211006', 'okänt'))).toMatch(/sammanträdesdatumet framgår inte/);
  });
});
