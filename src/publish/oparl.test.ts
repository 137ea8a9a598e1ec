import { describe, expect, it } from 'vitest';
import type { BodyDetail, MeetingDetail, MinutesView } from '../http/contract.ts';
import {
  applyFilters,
  buildGraph,
  countVotes,
  pageSizeOf,
  paginate,
  parseFilters,
  parseInstant,
  publicFile,
  publishedMinutes,
  roleLabel,
  stockholmDateTime,
  stockholmOffset,
  termOf,
  type OParlObject,
  type PublicRecords,
} from './oparl.ts';

describe('terms of office', () => {
  it('are four years from the January after the elections', () => {
    expect(termOf('2020-08-24')).toEqual({ start: 2019, end: 2022, startDate: '2019-01-01', endDate: '2022-12-31', name: 'Mandatperioden 2019–2022' });
    expect(termOf('2019-01-01').start).toBe(2019);
    expect(termOf('2022-12-31').start).toBe(2019);
    expect(termOf('2023-01-01').name).toBe('Mandatperioden 2023–2026');
    expect(termOf('2018-12-31').name).toBe('Mandatperioden 2015–2018');
    expect(termOf('2030-06-01').name).toBe('Mandatperioden 2027–2030');
  });
});

describe('Swedish time', () => {
  it('gives the offset of the day: CET in winter, CEST in summer', () => {
    expect(stockholmDateTime('2020-02-14', '10:00')).toBe('2020-02-14T10:00:00+01:00');
    expect(stockholmDateTime('2020-08-24', '13:30')).toBe('2020-08-24T13:30:00+02:00');
    expect(stockholmDateTime('2020-08-24', '24:00')).toBe('2020-08-25T00:00:00+02:00');
  });
  it('switches at 02:00 on the last Sunday of March and 03:00 on the last Sunday of October', () => {
    expect(stockholmOffset('2020-03-29', '01:59')).toBe(60);
    expect(stockholmOffset('2020-03-29', '03:00')).toBe(120);
    expect(stockholmOffset('2020-10-25', '01:00')).toBe(120);
    expect(stockholmOffset('2020-10-25', '04:00')).toBe(60);
  });
});

describe('filter times', () => {
  const at = (s: string) => new Date(s).getTime();
  it('reads ISO 8601 with and without an offset (then Swedish time)', () => {
    expect(parseInstant('2020-08-24T10:00:00+02:00', 'x')).toBe(at('2020-08-24T08:00:00Z'));
    expect(parseInstant('2020-08-24T10:00:00+0200', 'x')).toBe(at('2020-08-24T08:00:00Z'));
    expect(parseInstant('2020-08-24T08:00:00Z', 'x')).toBe(at('2020-08-24T08:00:00Z'));
    expect(parseInstant('2020-08-24T08:00:00.250Z', 'x')).toBe(at('2020-08-24T08:00:00.250Z'));
    expect(parseInstant('2020-08-24T10:00', 'x')).toBe(at('2020-08-24T08:00:00Z'));
    expect(parseInstant('2020-02-14', 'x')).toBe(at('2020-02-13T23:00:00Z'));
    // a "+" not encoded in a query string arrives as a space
    expect(parseInstant('2020-08-24T10:00:00 02:00', 'x')).toBe(at('2020-08-24T08:00:00Z'));
  });
  it('refuses anything else in Swedish', () => {
    for (const bad of ['igår', '2020-02-30', '2020-13-01T00:00Z', '2020-08-24T24:00', '2020-08-24+02:00', '24/8 2020', '', '2020-08-24T10:00:00+2']) {
      expect(() => parseInstant(bad, 'modified_since'), bad).toThrow(/^modified_since måste vara en tidpunkt i ISO 8601/);
    }
    expect(() => parseFilters({ modified_since: '2021-01-01', modified_until: '2020-01-01' })).toThrow('modified_since måste vara före modified_until.');
  });
});

describe('lists', () => {
  const objs: OParlObject[] = Array.from({ length: 23 }, (_, i) => ({
    id: `https://x.se/oparl/v1/meeting/${i + 1}`,
    type: 'https://schema.oparl.org/1.1/Meeting',
    created: new Date(Date.UTC(2020, 0, 1 + i)).toISOString(),
    modified: new Date(Date.UTC(2020, 1, 1 + i)).toISOString(),
  }));
  const self = 'https://x.se/oparl/v1/body/1/meetings';

  it('cut pages with OParl pagination and links that keep the query', () => {
    const p = paginate(objs, `${self}?page=2&limit=10`, { page: 2, limit: 10, modified_since: '2020-01-01T00:00:00Z' });
    expect(p.pagination).toEqual({ totalElements: 23, elementsPerPage: 10, currentPage: 2, totalPages: 3 });
    expect(p.data.map((o) => o.id.split('/').at(-1))).toEqual(['11', '12', '13', '14', '15', '16', '17', '18', '19', '20']);
    expect(p.links).toEqual({
      first: `${self}?limit=10&modified_since=2020-01-01T00%3A00%3A00Z&page=1`,
      prev: `${self}?limit=10&modified_since=2020-01-01T00%3A00%3A00Z&page=1`,
      next: `${self}?limit=10&modified_since=2020-01-01T00%3A00%3A00Z&page=3`,
      last: `${self}?limit=10&modified_since=2020-01-01T00%3A00%3A00Z&page=3`,
    });
    expect(paginate(objs, self, {}, 50).links).toEqual({ first: `${self}?page=1`, last: `${self}?page=1` });
    expect(() => paginate(objs, self, { page: 4, limit: 10 })).toThrow('Sidan 4 finns inte; listan har 3 sidor.');
    expect(paginate([], self, {}).pagination).toEqual({ totalElements: 0, elementsPerPage: 50, currentPage: 1, totalPages: 1 });
    expect([pageSizeOf(undefined), pageSizeOf(undefined, 10), pageSizeOf(500), pageSizeOf(0)]).toEqual([50, 10, 100, 1]);
  });

  it('filter on modified and created; an object without the stamp does not pass', () => {
    const f = parseFilters({ modified_since: '2020-02-20T00:00:00Z', modified_until: '2020-02-21T23:59:59Z' });
    expect(applyFilters(objs, f).map((o) => o.id.split('/').at(-1))).toEqual(['20', '21']);
    expect(applyFilters(objs, parseFilters({ created_since: '2020-01-23' }))).toHaveLength(1); // Swedish midnight: 22 Jan 23:00 UTC
    expect(applyFilters([{ id: 'a', type: 't' }], parseFilters({ modified_since: '2000-01-01' }))).toEqual([]);
    expect(applyFilters([{ id: 'a', type: 't' }], {})).toHaveLength(1);
  });
});

const minutesView = (over: Partial<MinutesView>): MinutesView => ({
  id: 1,
  meetingId: 7,
  meetingDate: '2020-08-24',
  bodyId: 1,
  bodyName: 'Regional tillväxtnämnd',
  status: 'adjusted',
  version: 5,
  updatedBy: 'sekreterare',
  keptAt: 'Örebro',
  adjustedOn: '2020-08-25',
  locked: true,
  pdfSha256: 'abc',
  frozen: null,
  attendance: [{ personId: 1, name: 'Irén Lejegren', party: 'S', kind: 'member', role: 'chair', present: true, replacesPersonId: null, replacesName: null, fromItem: null, toItem: null }],
  adjusters: [
    { personId: 1, name: 'Irén Lejegren', party: 'S', signedAt: '2020-08-25T08:00:00.000Z', signedBy: 'u1' },
    { personId: 2, name: 'Torbjörn Appelqvist', party: 'M', signedAt: '2020-08-25T09:30:00.000Z', signedBy: 'u2' },
  ],
  decisions: [
    {
      id: 1, agendaItemId: 41, itemNumber: 4, itemTitle: 'Medfinansiering', caseNumber: '20RS3419', paragraph: 40, outcome: 'according-to-proposal',
      outcomeLabel: 'Beslut enligt förslag', clauses: ['att bevilja stöd till 811218-9876.'],
      motivation: null,
      votes: [
        { personId: 1, name: 'Irén Lejegren', choice: 'ja' },
        { personId: 2, name: 'Torbjörn Appelqvist', choice: 'nej' },
        { personId: 3, name: 'Kenneth Lantz', choice: 'avstår' },
      ],
      voteSummary: '1 ja-röster, 1 nej-röster, 1 avstår; lika röstetal, ordförandens utslagsröst avgör (ja).',
      conflicted: [{ personId: 4, name: 'Bo Rudolfsson' }],
      notes: [{ personId: 2, name: 'Torbjörn Appelqvist', party: 'M', kind: 'reservation', text: 'Jag reserverar mig.' }],
      recipients: ['Almi'], dispatches: [], immediatelyAdjusted: false, withoutQuorum: false, version: 1, finalOn: '2020-09-18',
    },
  ],
  notice: null,
  clock: { adjustmentDue: '2020-09-07', adjustmentBasis: 'legal', adjustmentDecided: null, adjustmentLegalDue: '2020-09-07', noticeDue: null, appealLastDay: null, finalOn: null, isFinal: false, warnings: [] },
  ...over,
});

describe('what the minutes publish', () => {
  it('nothing from a draft or from numbered minutes not yet signed by all adjusters', () => {
    expect(publishedMinutes(null)).toBeNull();
    expect(publishedMinutes(minutesView({ status: 'draft', locked: false, adjustedOn: null }))).toBeNull();
    expect(publishedMinutes(minutesView({ status: 'numbered', locked: false, adjustedOn: null }))).toBeNull();
  });
  it('from adjusted minutes: §, outcome, att-satser and vote counts, never names or notes', () => {
    const p = publishedMinutes(minutesView({}))!;
    expect(p).toEqual({
      meetingId: 7,
      adjustedOn: '2020-08-25',
      adjustedAt: '2020-08-25T09:30:00.000Z',
      noticePostedOn: null,
      appealLastDay: null,
      decisions: [
        {
          agendaItemId: 41,
          paragraph: 40,
          result: 'Beslut enligt förslag',
          clauses: ['att bevilja stöd till 811218-XXXX.'],
          votes: { ja: 1, nej: 1, avstår: 1, castingVote: true, summary: '1 ja-röster, 1 nej-röster, 1 avstår; lika röstetal, ordförandens utslagsröst avgör (ja).' },
          finalOn: null, // not before the notice is posted
        },
      ],
    });
    const posted = publishedMinutes(minutesView({ notice: { postedOn: '2020-08-26', takenDownOn: null }, clock: { adjustmentDue: '2020-09-07', adjustmentBasis: 'legal', adjustmentDecided: null, adjustmentLegalDue: '2020-09-07', noticeDue: null, appealLastDay: '2020-09-16', finalOn: '2020-09-17', isFinal: false, warnings: [] } }))!;
    expect(posted).toMatchObject({ noticePostedOn: '2020-08-26', appealLastDay: '2020-09-16', decisions: [{ finalOn: '2020-09-18' }] });
    expect(JSON.stringify(posted)).not.toMatch(/Lejegren|Appelqvist|Lantz|Rudolfsson|reserverar|Almi/);
  });
  it('counts votes; a tie was decided by the chair', () => {
    expect(countVotes(['ja', 'ja', 'nej', 'avstår'])).toEqual({ ja: 2, nej: 1, avstår: 1, castingVote: false, summary: null });
    expect(countVotes(['ja', 'nej']).castingVote).toBe(true);
    expect(countVotes([]).castingVote).toBe(false);
  });
});

describe('small mappings', () => {
  it('names the roles in Swedish', () => {
    expect(roleLabel({ kind: 'member', role: 'chair' })).toBe('ordförande');
    expect(roleLabel({ kind: 'member', role: 'first-vice-chair' })).toBe('vice ordförande');
    expect(roleLabel({ kind: 'member', role: 'second-vice-chair' })).toBe('2:e vice ordförande');
    expect(roleLabel({ kind: 'member', role: 'member' })).toBe('ledamot');
    expect(roleLabel({ kind: 'substitute', role: 'member' })).toBe('ersättare');
  });
  it('leaves secret files out', () => {
    const a = { id: 1, agendaItemId: 2, title: 'Kalkyl', fileName: 'k.pdf', mediaType: 'application/pdf', byteSize: 10, sha256: 'ab', uploadedAt: '2020-08-01T10:00:00Z', secrecyRef: null };
    expect(publicFile(a)).toMatchObject({ id: 1, uploadedAt: '2020-08-01T10:00:00.000Z' });
    expect(publicFile({ ...a, secrecyRef: 'OSL 31 kap. 16 §' })).toBeNull();
  });
});

describe('the graph', () => {
  const body: BodyDetail = {
    id: 1, name: 'Regional tillväxtnämnd', organisation: 'Region Örebro län', meetingCount: 2,
    memberships: [
      { id: 10, personId: 100, name: 'Irén Lejegren', party: 'S', kind: 'member', role: 'chair', order: 1, validFrom: null, validTo: null },
      { id: 11, personId: 101, name: 'Anna Ersättare', party: 'XYZ', kind: 'substitute', role: 'member', order: 1, validFrom: '2019-01-01', validTo: null },
    ],
  };
  const meeting = (id: number, date: string, caseNumber: string, secrecyRef: string | null): MeetingDetail => ({
    id, bodyId: 1, bodyName: 'Regional tillväxtnämnd', date, startTime: '10:00', endTime: null, place: 'Konferensrum Linden, Eklundavägen 1 Örebro', itemCount: 1,
    createdAt: `${date}T06:00:00.000Z`, updatedAt: `${date}T07:00:00.000Z`, groupMeetings: [], absenceNotice: 'Ring 019-602 71 73',
    secretary: { name: 'June Fors', email: 'june.fors@example.se', phone: '019-602 71 73' },
    items: [{
      id: id * 10, number: 1, title: 'Ett ärende', kind: 'decision', caseNumber, presenters: ['Lena Kihl'], proposal: { addressee: null, clauses: ['att besluta.'], notes: [] },
      adjustmentDeadline: null, summary: 'Sammanfattning', decisionBasis: [], subItems: [], secrecyRef,
    }],
    source: { fileName: 'k.txt', importedAt: `${date}T06:00:00.000Z`, sha256: 'x' },
  });
  const records: PublicRecords = {
    bodies: [{ body, meetings: [
      { meeting: meeting(1, '2020-02-14', '20RS1', null), minutes: null, files: [] },
      { meeting: meeting(2, '2020-08-24', '20RS1', 'OSL 31 kap. 16 §'), minutes: null, files: [] },
    ] }],
    cases: new Map([['20RS1', { caseNumber: '20RS1', title: 'Stöd till 811218-9876', registeredOn: '2020-01-10' }]]),
  };
  const g = buildGraph(records, 'https://styrbord.example.se/');
  const api = 'https://styrbord.example.se/oparl/v1';

  it('lists every kind of object for the body, each on its own address', () => {
    const lists = g.lists.get(1)!;
    expect(Object.fromEntries(Object.entries(lists).map(([k, v]) => [k, v.length]))).toEqual({
      organizations: 3, people: 2, memberships: 2, meetings: 2, 'agenda-items': 2, papers: 1, consultations: 2, files: 0, locations: 1, 'legislative-terms': 1,
    });
    for (const list of Object.values(lists)) for (const o of list) expect(g.byPath.get(o.id.slice(api.length))).toBe(o);
    expect(g.system.body).toBe(`${api}/bodies`);
  });
  it('maps a paper with its consultations, a shared location and the parties', () => {
    const paper = g.byPath.get('/paper/20RS1')!;
    expect(paper).toMatchObject({ name: 'Stöd till 811218-XXXX', reference: '20RS1', date: '2020-01-10', paperType: 'Ärende', created: '2020-02-14T06:00:00.000Z', modified: '2020-08-24T07:00:00.000Z' });
    expect((paper.consultation as OParlObject[]).map((c) => c.meeting)).toEqual([`${api}/meeting/1`, `${api}/meeting/2`]);
    const [m1, m2] = g.lists.get(1)!.meetings;
    expect(m1!.location).toEqual(m2!.location);
    expect(g.lists.get(1)!.locations[0]!.meetings).toEqual([`${api}/meeting/1`, `${api}/meeting/2`]);
    expect(g.byPath.get('/organization/party-S')).toMatchObject({ name: 'Socialdemokraterna', shortName: 'S', organizationType: 'Partei' });
    expect(g.byPath.get('/organization/party-XYZ')).toMatchObject({ name: 'XYZ', shortName: 'XYZ' });
    expect(g.byPath.get('/membership/11')).toMatchObject({ role: 'ersättare', votingRight: false, startDate: '2019-01-01', onBehalfOf: `${api}/organization/party-XYZ` });
  });
  it('marks secret items not public and publishes no contact data, presenters or summaries', () => {
    const items = g.lists.get(1)!['agenda-items'];
    expect(items.map((i) => i.public)).toEqual([true, false]);
    const text = JSON.stringify([...g.byPath.values()]);
    expect(text).not.toMatch(/June Fors|june\.fors|019-602|Lena Kihl|Sammanfattning|811218-9876|resolutionText|styrbord:/);
  });
});
