import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseKallelse } from './model.ts';
import { DomainError } from '../kernel/errors.ts';
import type { ParsedKallelse } from './types.ts';

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
const itemOf = (k: ParsedKallelse) => (n: number) => {
  const found = k.items.find((i) => i.number === n);
  if (!found) throw new Error(`punkt ${n} saknas`);
  return found;
};

/** Parses and expects a refusal; returns the message after checking "Rad N:" and details.line. */
function refusal(text: string): { message: string; line: number } {
  try {
    parseKallelse(text);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    const err = e as DomainError;
    expect(err.code).toBe('not-a-kallelse');
    const m = /^Rad (\d+): \S/.exec(err.message);
    expect(m, err.message).not.toBeNull();
    expect(err.details).toEqual({ line: Number(m![1]) });
    return { message: err.message, line: Number(m![1]) };
  }
  throw new Error('texten vägrades inte');
}

const lineOf = (text: string, line: string) => text.split('\n').indexOf(line) + 1;

describe('seed 000 (2020-08-24, 164 pages, no summons page)', () => {
  const k = parseKallelse(seed('000_97425d05012e62df.txt'));
  const item = itemOf(k);

  it('takes the date and the body from the first memo header grid', () => {
    expect(k.date).toBe('2020-08-24');
    expect(k.dateSource).toBe('memo');
    expect(k.body).toBe('Regional tillväxtnämnd');
    expect(k.organisation).toBe('Region Örebro län');
    expect(k.totalPages).toBe(164);
    expect(k).toMatchObject({ startTime: null, endTime: null, place: null, absenceNotice: null, secretary: null, groupMeetings: [], memberships: [] });
  });

  it('reads items 1–8 of the agenda and nothing from the attachments', () => {
    expect(k.items.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(k.items.map((i) => i.kind)).toEqual(['adjustment', 'decision', 'decision', 'decision', 'decision', 'delegation-report', 'information', 'presentations']);
    expect(k.items.map((i) => i.line)).toEqual([1, 14, 37, 78, 120, 153, 182, 209]);
  });

  it('reads item 4: title, case, presenter, four att-satser with the conditions', () => {
    const i4 = item(4);
    expect(i4.title).toBe('Medfinansiering av Smart tillväxt 2021 - 2023');
    expect(i4.caseNumber).toBe('20RS3419');
    expect(i4.presenters).toEqual(['Lena Kihl']);
    expect(i4.proposal!.addressee).toBe('Regional tillväxtnämnd beslutar');
    const clauses = i4.proposal!.clauses;
    expect(clauses).toHaveLength(4);
    expect(clauses.every((c) => c.startsWith('att '))).toBe(true);
    expect(clauses.filter((c) => c.includes('dock högst 1 912 400 kronor'))).toHaveLength(1);
    expect(clauses[0]).toBe(
      'att Almi Företagspartner Mälardalen AB beviljas 13 procent av projektets bokförda kostnader, dock högst 1 912 400 kronor för genomförande av projekt Smart tillväxt 2021 – 2023,',
    );
    const last = clauses[3]!.split('\n');
    expect(last[0]).toBe('att följande villkor gäller för Region Örebro läns beslut:');
    expect(last.slice(1)).toEqual([
      '• Beslutet gäller under förutsättning att projektets budget är fullt finansierad.',
      '• I samband med genomförandet av projektet ska det framgå att Region Örebro län medfinansierar projektet.',
      '• Projektägaren får inte snedvrida konkurrensen genom att gynna vissa enskilda företag, utan projektets insatser ska vara allmänt näringslivsfrämjande och komma grupper av företag till del.',
      '• I övrigt gäller Region Örebro läns Allmänna villkor för medfinansiering (beslutades 2019-11-05, dnr 19RS9026)',
    ]);
    expect(i4.proposal!.notes).toEqual([]);
  });

  it('reads items 2, 3, 5 and 6', () => {
    expect(item(2).decisionBasis).toEqual([
      'FöredragningsPM regional tillväxtnämnd 200824, Delårsrapport januari-juli 2020',
      'Delårsrapport januari-juli 2020, regional tillväxtnämnd',
    ]);
    expect(item(3).title).toBe('Egen finansiering från det statliga 1:1-anslaget till projekt Vägar till hållbar utveckling i Örebro län');
    expect(item(3).presenters).toEqual(['Mirela Redzic', 'Malin Lindqvist']);
    expect(item(5).caseNumber).toBe('17RS1250');
    expect(item(5).proposal!.clauses[0]).toContain('under perioden 2017-08-01--2023-04-30 samt');
    const i6 = item(6);
    expect(i6).toMatchObject({ kind: 'delegation-report', caseNumber: '19RS10494', presenters: ['Petter Arneback'] });
    // the numbered list inside the summary is text, not items
    expect(i6.summary).toContain('1. Beslut av områdeschef för Näringslivsutveckling.');
    expect(i6.summary!.split('\n\n')).toHaveLength(4);
    expect(i6.decisionBasis[0]).toBe('FöredragningsPM, Redovisning av delegationsbeslut till regional tillväxtnämnd 2020-08-24');
  });

  it('reads the adjustment item and its deadline', () => {
    const i1 = item(1);
    expect(i1.presenters).toEqual([]);
    expect(i1.proposal!.clauses).toEqual(['att nämndens ordförande och Torbjörn Appelqvist (M) med Fredrik Persson (MP) som ersättare justerar dagens protokoll.']);
    expect(i1.proposal!.notes).toEqual(['Protokollet ska vara justerat senast den 25 augusti 2020.']);
    expect(i1.adjustmentDeadline).toBe('2020-08-25');
  });

  it('reads the numbered sub-items of the information item', () => {
    const i7 = item(7);
    expect(i7.kind).toBe('information');
    expect(i7.subItems.map((s) => [s.number, s.title, s.presenters])).toEqual([
      [1, 'Programarbete ERUF - nästa programperiod', ['Kristina Eklöf', 'Per Holmström']],
      [2, 'Nuläge restaurang- och hotellhögskolan (RHS)', ['Irén Lejegren']],
      [3, 'Regionala utvecklingsdirektörens information', ['Petter Arneback']],
      [4, 'Återhämtningspaketet och långtidsbudgeten', ['Rasmus Bergander']],
      [5, 'Presentation av rapporten Utrikesföddas etablering på arbetsmarknaden i Örebro län', ['Fredrik Jönsson']],
      [6, 'Resultat av undersökningen Liv och hälsa ung', ['Carina Persson', 'Linda Bååk']],
    ]);
    expect(i7.subItems[4]!.note).toBe('(rapporten har redovisats under meddelandeärenden i regional tillväxtnämnd den 1 april 2020)');
    expect(i7.decisionBasis).toEqual(['Rapport - Utrikesföddas etablering på arbetsmarknaden i Örebro län']);
    expect(i7.proposal).toBeNull();
  });

  it('reads the presentations item', () => {
    const i8 = item(8);
    expect(i8.kind).toBe('presentations');
    expect(i8.title).toBe('Presentationer vid sammanträdet');
    expect(i8.subItems).toEqual([{ number: 7, title: 'Ersättning vid deltagande i utbildning kring Barnkonventionen', caseNumber: null, presenters: ['June Fors'], note: null }]);
  });

  it('keeps the attachments as search text of their items', () => {
    expect(item(2).attachmentText).toContain('Delårsrapport 2020, regional tillväxtnämnd');
    expect(item(1).attachmentText).toBeNull();
  });
});

describe('seed 003 (2020-02-14, 303 pages, with a summons page)', () => {
  const k = parseKallelse(seed('003_f8eb7d47c03ea706.txt'));
  const item = itemOf(k);

  it('reads the summons page', () => {
    expect(k).toMatchObject({
      body: 'Regional tillväxtnämnd',
      organisation: 'Region Örebro län',
      date: '2020-02-14',
      dateSource: 'summons',
      startTime: '10:00',
      endTime: '15:00',
      place: 'Konferensrum Linden, Eklundavägen 1 Örebro',
      totalPages: 303,
    });
    expect(k.groupMeetings).toEqual([
      'Gruppmöten kl 9.00-10.00:',
      '(S), (KD), (C) i konferensrum Linden',
      '(M), (L) i Granen, (MP) ansluter kl 9.30',
      '(SD) i Persiljan, Eklundavägen 1',
    ]);
    expect(k.absenceNotice).toBe(
      'Meddela förhinder snarast möjligt till nämndsekreterare June Fors, e-post: june.fors@regionorebrolan.se eller telefon: 019-602 71 73.',
    );
    expect(k.secretary).toEqual({ name: 'June Fors', email: 'june.fors@regionorebrolan.se', phone: '019-602 71 73' });
  });

  it('reads 15 members and 9 substitutes with parties and roles', () => {
    const members = k.memberships.filter((m) => m.kind === 'member');
    const subs = k.memberships.filter((m) => m.kind === 'substitute');
    expect(members).toHaveLength(15);
    expect(subs).toHaveLength(9);
    expect(members.map((m) => m.party)).toEqual(['S', 'C', 'L', 'S', 'S', 'S', 'S', 'S', 'KD', 'M', 'M', 'MP', 'SD', 'SD', 'V']);
    expect(subs.map((m) => [m.name, m.party])).toEqual([
      ['Ingrid Båve', 'S'], ['Bror-Erik Israelson', 'S'], ['Margareta Scherlund', 'S'], ['Malko Prince M´peti Eliya', 'KD'], ['Anders Lycketeg', 'C'],
      ['Anna Danielsson', 'M'], ['Magnus Johansson', 'M'], ['Marcus Ahltun', 'M'], ['Sergej Salnikov', 'SD'],
    ]);
    expect(members.filter((m) => m.role !== 'member').map((m) => [m.name, m.party, m.role])).toEqual([
      ['Irén Lejegren', 'S', 'chair'],
      ['Torbjörn Ahlin', 'C', 'first-vice-chair'],
      ['Willhelm Sundman', 'L', 'second-vice-chair'],
    ]);
    expect(subs.every((s) => s.role === 'member')).toBe(true);
    expect(members.map((m) => m.order)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(subs.map((m) => m.order)).toEqual(Array.from({ length: 9 }, (_, i) => i + 1));
  });

  it('reads 13 items', () => {
    expect(k.items.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(item(1)).toMatchObject({ kind: 'adjustment', adjustmentDeadline: '2020-02-28', line: 67 });
    expect(item(13)).toMatchObject({ kind: 'presentations', title: 'Presentationer', subItems: [], presenters: [] });
  });

  it('reads wrapped titles and presenters wrapped over a blank line', () => {
    expect(item(3).presenters).toEqual(['Petter Arneback', 'Helena Torége']);
    expect(item(3).caseNumber).toBe('20RS263');
    expect(item(9).title).toBe('Egen finansiering av projekt Genomförande av Regional utvecklingsstrategi, RUS 2020-2021');
    expect(item(10).title).toBe('Återrapportering av det regionala tillväxtarbetet enligt villkorsbeslut för 2019');
    expect(item(11).title).toBe('Egen finansiering från det statliga 1:1-anslaget till projekt Elväg Örebro - Hallsberg');
  });

  it('reads item 9 with its four att-satser, the broken amount and the broken date', () => {
    const clauses = item(9).proposal!.clauses;
    expect(clauses).toHaveLength(4);
    expect(clauses[0]).toContain('dock högst 2 000 000 kronor');
    expect(clauses[3]!.split('\n')).toContain('• I övrigt gäller Region Örebro läns Allmänna villkor för medfinansiering (beslutades 2019-11-05, dnr 19RS9026).');
    expect(item(9).proposal!.addressee).toBe('Regionala tillväxtnämnden beslutar');
    // an indented "att" after "samt" on the line before
    expect(item(4).proposal!.clauses).toEqual([
      'att anta handlingsplan för Social välfärd 2019-2022 samt',
      'att regionala tillväxtnämnden årligen hålls informerad om uppföljningen.',
    ]);
  });

  it('reads an item without addressee (item 8)', () => {
    expect(item(8).proposal!.addressee).toBeNull();
    expect(item(8).proposal!.clauses).toHaveLength(5);
  });

  it('reads the information bullets with presenters and the case number', () => {
    expect(item(2).subItems).toEqual([
      { number: null, title: 'Informationssäkerhetsfrågor; dataskyddsombudets roll med mera', caseNumber: null, presenters: ['Agata Cierzniak'], note: null },
      { number: null, title: 'Kunskapsunderlag för kraftförsörjning', caseNumber: null, presenters: ['Therese Hjelseth'], note: null },
      { number: null, title: 'Behovsinventering om hållbar regional utveckling, diarienummer 19RS8666', caseNumber: '19RS8666', presenters: ['Katarina Viberg Hedman'], note: null },
      { number: null, title: 'Kommande serviceprogram', caseNumber: null, presenters: ['Per-Anders Öhrn'], note: null },
    ]);
  });

  it('reads the delegation report and a summary continued after a page break', () => {
    expect(item(12)).toMatchObject({ kind: 'delegation-report', caseNumber: '19RS10494', title: 'Anmälningsärenden' });
    expect(item(6).summary).toContain('Örebro kommun förväntas behandla ansökan likalydande.');
    expect(item(6).summary!.startsWith('Region Örebro län har tillsammans med Örebro kommun')).toBe(true);
  });

  it('joins decision-basis entries wrapped over a blank line', () => {
    expect(item(3).decisionBasis).toEqual([
      'FöredragningsPM regional tillväxtnämnd 200214, Verksamhetsberättelse 2019 regional tillväxtnämnd',
      'Verksamhetsberättelse 2019 regional tillväxtnämnd',
    ]);
    expect(item(4).decisionBasis[0]).toBe('FöredragningsPM regional tillväxtnämnd 200214, Handlingsplan social välfärd 2019-2022');
    expect(item(7).decisionBasis).toHaveLength(6);
  });

  it('leaves no page noise in the items', () => {
    const text = JSON.stringify(k.items);
    for (const noise of ['www.regionorebrolan.se', '(303)']) expect(text).not.toContain(noise);
    // the agenda fields (attachments may quote other organisations' addresses)
    const agenda = JSON.stringify(k.items.map((i) => ({ ...i, attachmentText: null })));
    for (const noise of ['Föredragningslista', 'Postadress', 'Box 1613', 'E-post:']) expect(agenda).not.toContain(noise);
  });
});

// A kallelse in the committee's format with other people, numbers and dates:
// a place over two lines, roles written "1:e"/"andre", a title over three lines,
// presenters over two lines, an amount and a date broken by extraction, a page
// break inside a summary paragraph, "•" bullets in the decision basis, an
// information item whose numbered sub-items run into the next item's number,
// and a divider page that ends the agenda.
const FIXTURE = `Kallelse

www.regionorebrolan.se

Postadress
Region Örebro län

Box 1613, 701 16 Örebro
E-post: regionen@regionorebrolan.se

Sammanträde med:

Regional tillväxtnämnd

Sammanträdesdatum: 2022-03-15
Tid: kl. 9.30-12.00
Plats: Sessionssalen, Länsgården
Olaigatan 10 Örebro

Gruppmöten kl 8.30-9.30:
(S), (C) i rum Eken

Meddela förhinder snarast möjligt till nämndsekreterare Sara Ek, e-post:
sara.ek@example.se eller telefon: 019-123 45 67.

Ledamöter kallas Ersättare underrättas
Maria Holm (C), ordförande
Jonas Berg (S), 1:e vice ordförande
Lisa Strand (M), andre vice ordförande
Ahmed Ali (V)

Karin Nord (KD)
Erik af Klint (L)

1 (4)

Föredragningslista

1. Protokollsjustering
Föredragande:

Förslag till beslut
Regional tillväxtnämnd beslutar:

att   ordföranden och Ahmed Ali (V) justerar dagens protokoll.

Protokollet ska vara justerat senast den 29 mars 2022.

2. Medfinansiering av förstudie om vätgas i
Bergslagen och
Hällefors
 Diarienummer: 22RS1717 Föredragande: Nils Öberg och Eva
Lund

Förslag till beslut
Regional tillväxtnämnd beslutar

att   Energikontoret beviljas 40 procent av projektets bokförda kostnader, dock högst 3
500 000 kronor, samt
att följande villkor gäller:
• Projektet ska redovisas senast 2023-
06-30.
• Region Örebro län ska synas i
kommunikationen.

Sammanfattning
Förstudien ska kartlägga behovet av

2 (4)

Föredragningslista

vätgas i tunga transporter.

Bifall föreslås.

Beslutsunderlag
• FöredragningsPM regional tillväxtnämnd 220315, Vätgas i
Bergslagen
• Ansökan om medfinansiering

3. Information
Föredragande:

1. Läget på arbetsmarknaden
Anna-Karin Svensson

2. Nya regler för företagsstöd, diarienummer 22RS55
(underlaget skickas ut i efterhand)
Per Ek, Lena Dahl

3. Regionens ekonomi
Olof Palm

4. Anmälningsärenden
 Diarienummer: 22RS99 Föredragande: Sara Ek

Förslag till beslut
att   godkänna redovisningen.

Beslutsunderlag
 Delegationsbeslut 22RS10
 Delegationsbeslut 22RS11

3 (4)

2

Medfinansiering av förstudie om vätgas

22RS1717

4 (4)
`;

// Without a summons page and without memos: the date comes from the
// "FöredragningsPM …" titles, the body from the addressee; "" bullets.
const BARE = ` 1. Protokollsjustering
  Föredragande:

Förslag till beslut
Regionala tillväxtnämnden beslutar

att   ordföranden och Kim Lax (MP) justerar dagens protokoll.

Protokollet ska vara justerat senast den 2 december 2021.

2. Information
- Turismens återhämtning efter pandemin - Mona
Sjö
- Nytt kontor i Karlskoga - Bo Ek

3. Bidrag till Ung företagsamhet 2022
 Diarienummer: 21RS4321 Föredragande: Bo Ek

Förslag till beslut
Regionala tillväxtnämnden beslutar

att   bevilja 150 000 kronor.

Sammanfattning
Stödet avser:
5. en mässa för elever

Beslutsunderlag
\uf0b7 FöredragningsPM regional tillväxtnämnd 211125, Ung
företagsamhet
\uf0b7 Ansökan
`;

describe('the format in general', () => {
  it('parses another kallelse of the format', () => {
    const k = parseKallelse(FIXTURE);
    const item = itemOf(k);
    expect(k).toMatchObject({
      body: 'Regional tillväxtnämnd',
      organisation: 'Region Örebro län',
      date: '2022-03-15',
      dateSource: 'summons',
      startTime: '09:30',
      endTime: '12:00',
      place: 'Sessionssalen, Länsgården Olaigatan 10 Örebro',
      totalPages: 4,
      groupMeetings: ['Gruppmöten kl 8.30-9.30:', '(S), (C) i rum Eken'],
      secretary: { name: 'Sara Ek', email: 'sara.ek@example.se', phone: '019-123 45 67' },
    });
    expect(k.memberships.map((m) => [m.name, m.party, m.kind, m.role, m.order])).toEqual([
      ['Maria Holm', 'C', 'member', 'chair', 1],
      ['Jonas Berg', 'S', 'member', 'first-vice-chair', 2],
      ['Lisa Strand', 'M', 'member', 'second-vice-chair', 3],
      ['Ahmed Ali', 'V', 'member', 'member', 4],
      ['Karin Nord', 'KD', 'substitute', 'member', 1],
      ['Erik af Klint', 'L', 'substitute', 'member', 2],
    ]);
    expect(k.items.map((i) => [i.number, i.kind])).toEqual([[1, 'adjustment'], [2, 'decision'], [3, 'information'], [4, 'delegation-report']]);
    expect(item(1).proposal).toEqual({
      addressee: 'Regional tillväxtnämnd beslutar',
      clauses: ['att ordföranden och Ahmed Ali (V) justerar dagens protokoll.'],
      notes: ['Protokollet ska vara justerat senast den 29 mars 2022.'],
    });
    expect(item(1).adjustmentDeadline).toBe('2022-03-29');

    const i2 = item(2);
    expect(i2).toMatchObject({
      title: 'Medfinansiering av förstudie om vätgas i Bergslagen och Hällefors',
      caseNumber: '22RS1717',
      presenters: ['Nils Öberg', 'Eva Lund'],
      line: lineOf(FIXTURE, '2. Medfinansiering av förstudie om vätgas i'),
    });
    expect(i2.proposal!.clauses).toEqual([
      'att Energikontoret beviljas 40 procent av projektets bokförda kostnader, dock högst 3 500 000 kronor, samt',
      'att följande villkor gäller:\n• Projektet ska redovisas senast 2023-06-30.\n• Region Örebro län ska synas i kommunikationen.',
    ]);
    expect(i2.summary).toBe('Förstudien ska kartlägga behovet av vätgas i tunga transporter.\n\nBifall föreslås.');
    expect(i2.decisionBasis).toEqual(['FöredragningsPM regional tillväxtnämnd 220315, Vätgas i Bergslagen', 'Ansökan om medfinansiering']);
    expect(i2.attachmentText).toContain('22RS1717');

    expect(item(3).subItems).toEqual([
      { number: 1, title: 'Läget på arbetsmarknaden', caseNumber: null, presenters: ['Anna-Karin Svensson'], note: null },
      { number: 2, title: 'Nya regler för företagsstöd, diarienummer 22RS55', caseNumber: '22RS55', presenters: ['Per Ek', 'Lena Dahl'], note: '(underlaget skickas ut i efterhand)' },
      { number: 3, title: 'Regionens ekonomi', caseNumber: null, presenters: ['Olof Palm'], note: null },
    ]);
    expect(item(4)).toMatchObject({ caseNumber: '22RS99', presenters: ['Sara Ek'], decisionBasis: ['Delegationsbeslut 22RS10', 'Delegationsbeslut 22RS11'] });
    expect(item(4).proposal).toEqual({ addressee: null, clauses: ['att godkänna redovisningen.'], notes: [] });
    expect(JSON.stringify(k.items)).not.toMatch(/\(4\)|Föredragningslista|www\./);
  });

  it('reads the member lists also when the two columns come out side by side', () => {
    const text = FIXTURE.replace(
      /Ledamöter kallas Ersättare underrättas\n[^]*?\n\n1 \(4\)/,
      [
        'Ledamöter kallas Ersättare underrättas',
        'Maria Holm (C), ordförande Karin Nord (KD)',
        'Jonas Berg (S), förste vice ordförande Erik af Klint (L)',
        'Lisa Strand (M), 2:e vice ordförande',
        'Ahmed Ali (V)',
        '',
        '1 (4)',
      ].join('\n'),
    );
    expect(parseKallelse(text).memberships.map((m) => [m.name, m.party, m.kind, m.role, m.order])).toEqual([
      ['Maria Holm', 'C', 'member', 'chair', 1],
      ['Karin Nord', 'KD', 'substitute', 'member', 1],
      ['Jonas Berg', 'S', 'member', 'first-vice-chair', 2],
      ['Erik af Klint', 'L', 'substitute', 'member', 2],
      ['Lisa Strand', 'M', 'member', 'second-vice-chair', 3],
      ['Ahmed Ali', 'V', 'member', 'member', 4],
    ]);
  });

  it('takes the date from the decision-basis titles when there is neither summons page nor memo', () => {
    const k = parseKallelse(BARE);
    expect(k).toMatchObject({ date: '2021-11-25', dateSource: 'decision-basis', body: 'Regionala tillväxtnämnden', organisation: null, totalPages: null, memberships: [] });
    expect(k.items).toHaveLength(3);
    expect(k.items[0]!.adjustmentDeadline).toBe('2021-12-02');
    expect(k.items[1]!.subItems.map((s) => [s.title, s.presenters])).toEqual([
      ['Turismens återhämtning efter pandemin', ['Mona Sjö']],
      ['Nytt kontor i Karlskoga', ['Bo Ek']],
    ]);
    expect(k.items[2]!.decisionBasis).toEqual(['FöredragningsPM regional tillväxtnämnd 211125, Ung företagsamhet', 'Ansökan']);
    // "5." skips numbers but carries no item structure: it is text of item 3
    expect(k.items[2]!.summary).toBe('Stödet avser: 5. en mässa för elever');
  });

  it('is not led astray by a numbered list that runs into the next item number', () => {
    // item 3's sub-items 1–3 are followed by "4. …": a heading because an item's structure follows
    const k = parseKallelse(FIXTURE);
    expect(k.items[3]!.title).toBe('Anmälningsärenden');
    // without that structure, a "4." continuing the list stays a sub-item
    const k2 = parseKallelse(FIXTURE.replace('3. Regionens ekonomi\nOlof Palm', '3. Regionens ekonomi\nOlof Palm\n\n4. Nya lokaler\nKim Berg'));
    expect(k2.items.map((i) => i.number)).toEqual([1, 2, 3, 4]);
    expect(k2.items[2]!.subItems.map((s) => s.number)).toEqual([1, 2, 3, 4]);
    expect(k2.items[3]!.title).toBe('Anmälningsärenden');
  });
});

describe('refusals', () => {
  it('refuses an empty file', () => {
    expect(refusal('')).toEqual({ message: 'Rad 1: filen är tom.', line: 1 });
    expect(refusal(' \n\n \t\n').line).toBe(1);
    expect(refusal('3 (9)\n\nwww.regionorebrolan.se\nFöredragningslista\n').message).toMatch(/^Rad 1: filen innehåller bara sidnummer/);
  });

  it('refuses text without an agenda', () => {
    expect(refusal('Protokoll\n\nNågot annat').message).toMatch(/^Rad 1: ingen föredragningslista hittades/);
    const r = refusal('Program\n\n1. Inledning\n2. Avslutning\n');
    expect(r.line).toBe(3);
    expect(r.message).toMatch(/^Rad 3: "1\. Inledning" ser ut som punkt 1 men följs inte av diarienummer/);
  });

  it('refuses the state report (002) and the plan workshop (004) at their first numbered line', () => {
    const r002 = refusal(seed('002_cbe33cfb0cec96bb.txt'));
    expect(r002.line).toBe(4442);
    expect(r002.message).toMatch(/ser ut som punkt 1 men följs inte av/);
    const r004 = refusal(seed('004_1c5b1e6cf87cd53c.txt'));
    expect(r004.line).toBe(84);
    expect(r004.message).toContain('"1. Utsläpp av växthusgaser');
  });

  it('refuses an agenda where item 3 is missing, naming the line of item 4', () => {
    const text = FIXTURE.replace('3. Information', '4. Information').replace('4. Anmälningsärenden', '5. Anmälningsärenden');
    const r = refusal(text);
    expect(r.line).toBe(lineOf(text, '4. Information'));
    expect(r.message).toMatch(/punkt 4 följer på punkt 2; punkt 3 saknas i föredragningslistan/);
    const r2 = refusal(BARE.replace('3. Bidrag till Ung', '5. Bidrag till Ung'));
    expect(r2.line).toBe(lineOf(BARE, '3. Bidrag till Ung företagsamhet 2022'));
    expect(r2.message).toMatch(/punkt 5 följer på punkt 2; punkterna 3–4 saknas/);
  });

  it('refuses a kallelse whose date cannot be determined', () => {
    const noDate = FIXTURE.replace('Sammanträdesdatum: 2022-03-15', 'Sammanträdesdatum: snart').replace('220315', 'i mars');
    const r = refusal(noDate);
    expect(r.line).toBe(lineOf(noDate, 'Sammanträdesdatum: snart'));
    expect(r.message).toMatch(/sammanträdesdatumet framgår inte/);
    const r2 = refusal(BARE.replace('211125', 'i november'));
    expect(r2.line).toBe(1);
    expect(r2.message).toMatch(/^Rad 1: sammanträdesdatumet framgår inte: kallelsesidan med "Sammanträdesdatum:" saknas/);
  });

  it('refuses a kallelse that does not name its committee', () => {
    const r = refusal(BARE.replaceAll('Regionala tillväxtnämnden beslutar\n', ''));
    expect(r.line).toBe(1);
    expect(r.message).toMatch(/vilken nämnd/);
  });
});
