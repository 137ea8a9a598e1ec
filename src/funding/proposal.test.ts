import { describe, expect, it } from 'vitest';
import { DomainError } from '../kernel/errors.ts';
import { applicationSummary, extend, joinClauses, normaliseExtracted, proposalClauses, proposalLines, restatement } from './proposal.ts';
import { ELVAG, RUS, SEED_000, SEED_003, SMART_TILLVAXT, TRANSMISSION_BEFORE, VAGAR, kr, seedRaw, seedText } from './fixtures.ts';
import type { CoFinancingDecision } from './decision.ts';

/** The generated proposal as one line (clauses and bullets joined by a space). Our output is not normalised. */
const generated = (d: CoFinancingDecision) => proposalLines(proposalClauses(d)).join(' ');

/**
 * A documented deviation of a seed from the canonical form: each `from` must
 * occur exactly once in the canonical text, so the test fails if either side changes.
 */
function withDeviations(canonical: string, deviations: Array<[from: string, to: string]>): string {
  let text = canonical;
  for (const [from, to] of deviations) {
    expect(text.split(from).length - 1, `"${from}" once in the canonical text`).toBe(1);
    text = text.replace(from, to);
  }
  return text;
}

describe('normaliseExtracted (applied to the seeds only)', () => {
  it('joins dates broken after a hyphen and collapses white space', () => {
    expect(normaliseExtracted('(beslutades 2019-\n11-05, dnr 19RS9026)')).toBe('(beslutades 2019-11-05, dnr 19RS9026)');
    expect(normaliseExtracted('dock högst 2 \n000 000 kronor')).toBe('dock högst 2 000 000 kronor');
    expect(normaliseExtracted('att   finansiering\u00a0sker \n \n')).toBe('att finansiering sker');
    // A hyphen between words keeps its spaces.
    expect(normaliseExtracted('Elväg Örebro - Hallsberg')).toBe('Elväg Örebro - Hallsberg');
  });
});

describe('proposalClauses: the seeds that follow the canonical form', () => {
  it('000 item 3, Vägar till hållbar utveckling (lines 45–58)', () => {
    const clauses = proposalClauses(VAGAR);
    expect(clauses.map((c) => c.text)).toEqual([
      'att Region Örebro län beviljas 10 procent av projektets bokförda kostnader, dock högst 474 529 kronor för genomförande av projekt Vägar till hållbar utveckling i Örebro län,',
      'att finansiering sker inom ramen för regionalt utvecklingsstöd – statligt stöd,',
      'att projektet får påbörjas tidigast 2020-05-01 och avslutas senast 2022-09-20 samt',
      'att följande villkor gäller för Region Örebro läns beslut:',
    ]);
    expect(clauses[3]!.bullets).toHaveLength(3);
    expect(generated(VAGAR)).toBe(seedText(SEED_000, 45, 58));
  });

  it('003 item 9, RUS 2020-2021: agenda (lines 293–306) and memo (lines 16946–16960)', () => {
    expect(generated(RUS)).toBe(seedText(SEED_003, 293, 306));
    expect(generated(RUS)).toBe(seedText(SEED_003, 16946, 16960));
    expect(generated(RUS)).toContain('dock högst 2 000 000 kronor för genomförande av projekt Genomförande av Regional utvecklingsstrategi, RUS 2020-2021,');
  });

  it('uses plain spaces (U+0020) in amounts, as the papers do', () => {
    const text = generated(SMART_TILLVAXT);
    expect(text).toContain('1 912 400 kronor');
    expect(text).not.toMatch(/\u00a0/);
  });
});

describe('proposalClauses: seeds that deviate, with each deviation named', () => {
  it('003 item 11, Elväg agenda (lines 370–383): the last condition lacks its full stop', () => {
    const canonical = generated(ELVAG);
    expect(canonical.endsWith('dnr 19RS9026).')).toBe(true);
    expect(seedText(SEED_003, 370, 383)).toBe(withDeviations(canonical, [['dnr 19RS9026).', 'dnr 19RS9026)']]));
  });

  it('003 item 11, Elväg memo (lines 22081–22094): also no comma after the first clause', () => {
    expect(seedText(SEED_003, 22081, 22094)).toBe(
      withDeviations(generated(ELVAG), [
        ['Elväg Örebro - Hallsberg, att', 'Elväg Örebro - Hallsberg att'],
        ['dnr 19RS9026).', 'dnr 19RS9026)'],
      ]),
    );
  });

  const smartDeviations: Array<[string, string]> = [
    // "samt" one clause too early, and a full stop where " samt" belongs, though a clause follows.
    ['statligt stöd, att projektet', 'statligt stöd, samt att projektet'],
    ['2023-03-31 samt att följande', '2023-03-31. att följande'],
    ['dnr 19RS9026).', 'dnr 19RS9026)'],
  ];

  it('000 item 4, Smart tillväxt agenda (lines 84–101): "samt" misplaced, no final full stop', () => {
    const clauses = proposalClauses(SMART_TILLVAXT);
    expect(clauses[0]!.text).toBe(
      'att Almi Företagspartner Mälardalen AB beviljas 13 procent av projektets bokförda kostnader, dock högst 1 912 400 kronor för genomförande av projekt Smart tillväxt 2021 – 2023,',
    );
    expect(clauses[3]!.bullets[2]).toBe(
      '• Projektägaren får inte snedvrida konkurrensen genom att gynna vissa enskilda företag, utan projektets insatser ska vara allmänt näringslivsfrämjande och komma grupper av företag till del.',
    );
    expect(seedText(SEED_000, 84, 101)).toBe(withDeviations(generated(SMART_TILLVAXT), smartDeviations));
  });

  it('000 item 4, Smart tillväxt memo (lines 2837–2854): as the agenda, plus the typo "Pojektägaren"', () => {
    expect(seedText(SEED_000, 2837, 2854)).toBe(withDeviations(generated(SMART_TILLVAXT), [...smartDeviations, ['• Projektägaren', '• Pojektägaren']]));
  });

  it('the raw seed really has the deviation (not an artefact of normalising)', () => {
    expect(seedRaw(SEED_000, 88, 88)).toContain('statligt stöd, samt');
    expect(seedRaw(SEED_000, 90, 90)).toContain('2023-03-31.');
  });
});

describe('applicationSummary', () => {
  it('000 item 4 "Sammanfattning" (lines 104–106, memo 2857–2859)', () => {
    const s = applicationSummary(SMART_TILLVAXT);
    expect(s).toBe(seedText(SEED_000, 104, 106));
    expect(s).toBe(seedText(SEED_000, 2857, 2859));
  });
  it('003 item 9 (lines 309–311) deviates: a comma after the cap and a shortened project name', () => {
    expect(seedText(SEED_003, 309, 311)).toBe(
      withDeviations(applicationSummary(RUS), [['kronor för projekt Genomförande av Regional utvecklingsstrategi, RUS 2020-2021 under', 'kronor, för projekt genomförande av RUS under']]),
    );
  });
});

describe('joinClauses: the ending rule', () => {
  const c = (body: string, bullets: string[] = []) => ({ body, bullets });
  it('"," between, " samt" on the next-to-last, "." or ":" on the last', () => {
    expect(joinClauses([c('a')]).map((x) => x.text)).toEqual(['att a.']);
    expect(joinClauses([c('a'), c('b')]).map((x) => x.text)).toEqual(['att a samt', 'att b.']);
    expect(joinClauses([c('a'), c('b'), c('c', ['x'])]).map((x) => x.text)).toEqual(['att a,', 'att b samt', 'att c:']);
    expect(joinClauses([c('a'), c('b'), c('c'), c('d')]).map((x) => x.text)).toEqual(['att a,', 'att b,', 'att c samt', 'att d.']);
  });
  it('without conditions the period clause ends the proposal', () => {
    const lines = proposalLines(proposalClauses({ ...VAGAR, conditions: [] }));
    expect(lines).toEqual([
      'att Region Örebro län beviljas 10 procent av projektets bokförda kostnader, dock högst 474 529 kronor för genomförande av projekt Vägar till hållbar utveckling i Örebro län,',
      'att finansiering sker inom ramen för regionalt utvecklingsstöd – statligt stöd samt',
      'att projektet får påbörjas tidigast 2020-05-01 och avslutas senast 2022-09-20.',
    ]);
  });
  it('refuses an empty proposal', () => {
    expect(() => joinClauses([])).toThrow(DomainError);
    expect(() => joinClauses([c('  ')])).toThrow(/tom/);
  });
});

describe('never an unfilled placeholder', () => {
  it('a missing value is a DomainError naming the field in Swedish', () => {
    expect(() => proposalClauses({ ...SMART_TILLVAXT, projectName: '' })).toThrow('Projektets namn saknas.');
    expect(() => proposalClauses({ ...SMART_TILLVAXT, applicant: { name: ' ' } })).toThrow('Sökandens namn saknas.');
    expect(() => proposalClauses({ ...SMART_TILLVAXT, capOre: undefined as unknown as number })).toThrow(/Taket.*saknas/);
    expect(() => proposalClauses({ ...SMART_TILLVAXT, period: undefined as unknown as CoFinancingDecision['period'] })).toThrow('Projektperioden saknas.');
    expect(() => proposalClauses({ ...SMART_TILLVAXT, period: { start: '2021-01-01', end: '' } })).toThrow(/slutdatum/);
  });
  it('refuses a template word left in place (as in the letter 20RS5938: "projekt projektnamn")', () => {
    expect(() => proposalClauses({ ...SMART_TILLVAXT, projectName: 'projektnamn' })).toThrow(/Projektets namn är inte ifyllt/);
    expect(() => proposalClauses({ ...SMART_TILLVAXT, projectName: '[Projektets namn]' })).toThrow(DomainError);
  });
  it('writes no undefined, null or NaN for any seed decision', () => {
    for (const d of [VAGAR, SMART_TILLVAXT, RUS, ELVAG, TRANSMISSION_BEFORE]) expect(generated(d)).not.toMatch(/undefined|null|NaN|\{|\}/);
  });
});

describe('extend: 000 item 5, TransMission', () => {
  const ext = extend(TRANSMISSION_BEFORE, { addedCapOre: kr(2_300_000), newEnd: '2023-04-30' });

  it('returns the cumulative decision: same rate, cap 1 310 000 + 2 300 000, new end', () => {
    expect(ext.decision.rateBp).toBe(1300);
    expect(ext.decision.capOre).toBe(kr(3_610_000));
    expect(ext.decision.period).toEqual({ start: '2017-08-01', end: '2023-04-30' });
    expect(ext.addedCapOre).toBe(kr(2_300_000));
    expect(ext.previous.capOre).toBe(kr(1_310_000));
  });

  it('the clauses equal the agenda (lines 126–129) and the memo (lines 3219–3222)', () => {
    expect(ext.clauses.map((c) => c.text)).toEqual([
      'att Mälardalens högskola beviljas ytterligare högst 2 300 000 kronor för genomförande av projekt TransMission under perioden 2017-08-01--2023-04-30 samt',
      'att finansiering sker inom ramen för regionalt utvecklingsstöd – statligt stöd.',
    ]);
    const text = proposalLines(ext.clauses).join(' ');
    expect(text).toBe(seedText(SEED_000, 126, 129));
    expect(text).toBe(seedText(SEED_000, 3219, 3222));
  });

  it('the restatement equals lines 135–137 and 3229–3231, where the seed spells the project "Transmission"', () => {
    expect(ext.restatement).toBe(
      'Region Örebro läns totala medfinansiering uppgår då till 13 procent av projektets bokförda kostnader, dock högst 3 610 000 kronor för projekt TransMission under perioden 2017-08-01--2023-04-30.',
    );
    const seedSpelling = withDeviations(ext.restatement, [['projekt TransMission', 'projekt Transmission']]);
    expect(seedText(SEED_000, 135, 137)).toBe(seedSpelling);
    expect(seedText(SEED_000, 3229, 3231)).toBe(seedSpelling);
    // With the seed's spelling as the record's name, the sentence is the seed's exactly.
    expect(restatement({ ...ext.decision, projectName: 'Transmission' })).toBe(seedText(SEED_000, 135, 137));
  });

  it('a period-only extension keeps the cap', () => {
    const only = extend(TRANSMISSION_BEFORE, { newEnd: '2021-12-31' });
    expect(only.decision.capOre).toBe(kr(1_310_000));
    expect(only.clauses.map((c) => c.text)).toEqual([
      'att projektperioden för projekt TransMission förlängs till och med 2021-12-31 samt',
      'att finansiering sker inom ramen för regionalt utvecklingsstöd – statligt stöd.',
    ]);
  });

  it('refuses an empty or shortening extension', () => {
    expect(() => extend(TRANSMISSION_BEFORE, {})).toThrow(/utökat belopp|nytt slutdatum/);
    expect(() => extend(TRANSMISSION_BEFORE, { newEnd: '2019-12-31' })).toThrow(/före nuvarande slutdatum/);
    expect(() => extend(TRANSMISSION_BEFORE, { addedCapOre: 0 })).toThrow(DomainError);
    expect(() => extend(TRANSMISSION_BEFORE, { addedCapOre: -100 })).toThrow(DomainError);
  });
});
