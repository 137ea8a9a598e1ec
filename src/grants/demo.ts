/**
 * The demo grants, from seed 003 (the kallelse of 2020-02-14), after that
 * kallelse is imported. Idempotent: a second start changes nothing.
 *
 * - Item 6 (19RS7679): Stiftelsen Erik Rosenbergs Naturvårdsfond asks its
 *   founders for a capital contribution so that the yearly prize can be
 *   given after 2020; the letter of 16 April 2019 puts the need at 30 000
 *   kronor a year for the prize (the demo's amount applied for). Its
 *   organisationsnummer is not in the papers, so none is recorded.
 * - Item 7 (19RS8345): Hopajola (875002-5994, the number in its
 *   årsredovisning) asks for 80 000 kronor more in operating grant for 2020,
 *   by e-mail of 15 October 2019. Its history: the memo's "2019 erhöll
 *   Hopajola verksamhetsbidrag från Region Örebro län med 195 000 kronor",
 *   and the table of its bilaga 4, "Beviljade medel från Hopajola, år
 *   1994-2019" (the projects Hopajola itself granted money to, with sums per
 *   municipality), imported as it stands.
 * - The decisions: the seeds hold the kallelse, not the protokoll. Both
 *   decisions are recorded as the kallelse proposes them (avslag, with the
 *   memos' reasons) on the meeting's day, under items 6 and 7; see
 *   docs/grants.md.
 */
import type { Db } from '../db/index.ts';
import { SYSTEM } from '../access/model.ts';
import * as meetings from '../meetings/service.ts';
import * as service from './service.ts';

export const DEMO_BODY = 'Regional tillväxtnämnd';
export const DEMO_MEETING_DATE = '2020-02-14';

/** The table "Beviljade medel från …, år …" of seed 003's bilaga 4: from its title to its "Summa totalt" row. */
export function extractHopajolaTable(seedText: string): string | null {
  const lines = seedText.replace(/\r\n?/g, '\n').split('\n');
  const start = lines.findIndex((l) => /Beviljade medel från Hopajola, år \d{4}-\d{4}/.test(l));
  if (start === -1) return null;
  const end = lines.findIndex((l, i) => i > start && /^\s*Summa totalt/i.test(l));
  if (end === -1) return null;
  return lines.slice(start, end + 1).join('\n');
}

export interface GrantsDemo {
  hopajola: number | null;
  rosenberg: number | null;
}

export async function loadGrantsDemo(db: Db, seed003: string, log: (msg: string) => void = () => {}): Promise<GrantsDemo> {
  const meetingId = await meetings.findMeetingId(db, DEMO_BODY, DEMO_MEETING_DATE);
  if (meetingId === null) return { hopajola: null, rosenberg: null };
  const meeting = await meetings.getMeeting(db, meetingId);
  const itemOf = (dnr: string) => meeting.items.find((i) => i.caseNumber === dnr) ?? null;

  let rosenberg = await service.findOrganisationId(db, null, 'Stiftelsen Erik Rosenbergs Naturvårdsfond');
  const item6 = itemOf('19RS7679');
  if (rosenberg === null && item6) {
    let o = await service.createOrganisation(db, SYSTEM, { name: 'Stiftelsen Erik Rosenbergs Naturvårdsfond', kind: 'stiftelse', note: 'Delar sedan 1976 årligen ut ett naturvårdspris. Stiftare bland andra Region Örebro län och Örebro kommun.' });
    o = await service.addApplication(db, SYSTEM, o.id, {
      version: o.version, year: 2020, amountOre: 3_000_000, receivedOn: '2019-04-16', caseNumber: '19RS7679',
      purpose: 'Kapitaltillskott för att kunna dela ut Erik Rosenbergs Naturvårds fonds pris från och med 2020 (behovet 30 000 kronor per år för priset).',
    });
    const a = o.applications[0]!;
    await service.decide(db, SYSTEM, a.id, {
      version: a.version, outcome: 'avslag', meetingId, itemId: item6.id,
      reason: 'Mot bakgrund av rådande ekonomiska läge väljer Region Örebro län att avslå denna ansökan. Budgeterade medel som avsätts för naturvård har tydliga direktiv att omsättas inom kommunens/länets natur för en bättre upplevelse för länsbor samt som ett stöd i utvecklingen av den alltjämnt växande branschen naturturism.',
    });
    rosenberg = o.id;
    log(`Registrerade Stiftelsen Erik Rosenbergs Naturvårdsfond med ansökan 19RS7679 (punkt ${item6.number} ${DEMO_MEETING_DATE}).`);
  }

  let hopajola = await service.findOrganisationId(db, '875002-5994', 'Hopajola');
  const item7 = itemOf('19RS8345');
  if (hopajola === null && item7) {
    let o = await service.createOrganisation(db, SYSTEM, {
      name: 'Hopajola', orgNumber: '875002-5994', kind: 'förening',
      note: 'Ideell organisation bildad 1994 av dåvarande Landstinget, länets kommuner samt Naturskyddsföreningens lokala kretsar i Örebro län.',
    });
    o = await service.addApplication(db, SYSTEM, o.id, { version: o.version, year: 2020, amountOre: 8_000_000, receivedOn: '2019-10-15', caseNumber: '19RS8345', purpose: 'Utökat verksamhetsbidrag 2020, en ökning med cirka 45 procent av nuvarande bidrag.' });
    const a = o.applications[0]!;
    o = await service.decide(db, SYSTEM, a.id, { version: a.version, outcome: 'avslag', meetingId, itemId: item7.id, reason: 'Med rådande ekonomiska läge föreslår vi nämnden att inte bevilja förfrågan om utökat stöd.' });
    o = await service.addHistoryEntry(db, SYSTEM, o.id, { version: o.version, year: 2019, amountOre: 19_500_000, description: 'Verksamhetsbidrag från Region Örebro län' });
    const table = extractHopajolaTable(seed003);
    if (table) {
      const r = await service.importHistory(db, SYSTEM, o.id, { version: o.version, text: table });
      log(`Importerade ${r.title}: ${r.counts.entry + r.counts['entry-without-amount']} rader, ${r.counts.sum} summeringsrader.`);
    }
    hopajola = o.id;
    log(`Registrerade Hopajola med ansökan 19RS8345 (punkt ${item7.number} ${DEMO_MEETING_DATE}).`);
  }
  return { hopajola, rosenberg };
}
