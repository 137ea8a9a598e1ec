import { describe, expect, it } from 'vitest';
import { adjustmentClause, canonicalJson, countVotes, decidedClauses, numberParagraphs, PUBLIC_NOTE, publicSnapshot, quorum, servingOnItem, validateAttendance, type Attendance, type MinutesSnapshot, type Seat, type SnapshotDecision } from './model.ts';

// The body as page 1 of seed 003 lists it: 15 members, then substitutes.
const names = [
  ['Irén Lejegren', 'S', 'chair'], ['Torbjörn Ahlin', 'C', 'first-vice-chair'], ['Willhelm Sundman', 'L', 'second-vice-chair'],
  ['Rolf Karlsson', 'S'], ['Yvonne Nilsson', 'S'], ['Bulent Oktay', 'S'], ['Theres Andersson', 'S'], ['Annalena Järnberg', 'S'],
  ['Bo Rudolfsson', 'KD'], ['Tom Rymoen', 'M'], ['Torbjörn Appelqvist', 'M'], ['Fredrik Persson', 'MP'], ['Patrik Nyström', 'SD'],
  ['Fredrik Dahlberg', 'SD'], ['Kenneth Lantz', 'V'],
] as const;
const members: Seat[] = names.map(([name, party, role], i) => ({ personId: i + 1, name, party, kind: 'member', role: (role ?? 'member') as Seat['role'] }));
const subs: Seat[] = [['Ingrid Båve', 'S'], ['Anna Danielsson', 'M']].map(([name, party], i) => ({ personId: 101 + i, name: name!, party: party!, kind: 'substitute', role: 'member' }));
const seats = [...members, ...subs];
const allPresent = members.map((m) => ({ personId: m.personId, present: true }));

describe('attendance and quorum', () => {
  it('counts members present and substitutes serving in their place', () => {
    const list = [
      ...members.slice(0, 7).map((m) => ({ personId: m.personId, present: true })),
      { personId: 101, present: true, replacesPersonId: 8 },
    ];
    validateAttendance(seats, list);
    const serving = servingOnItem(seats, list, 1);
    expect(serving.map((s) => s.name)).toContain('Ingrid Båve');
    expect(serving).toHaveLength(8);
    expect(quorum(15, serving.length)).toMatchObject({ ok: true, required: 8 });
    expect(quorum(15, 7).message).toBe('Nämnden är inte beslutför: 7 av 15 ledamöter tjänstgör, minst 8 krävs.');
  });

  it('follows arrivals and departures per item, and jäv', () => {
    const list: Attendance[] = allPresent.map((a) => (a.personId === 10 ? { ...a, toItem: 3 } : a.personId === 11 ? { ...a, fromItem: 5 } : a));
    list.push({ personId: 102, present: true, replacesPersonId: 10, fromItem: 4 });
    expect(servingOnItem(seats, list, 2).map((s) => s.personId)).not.toContain(11);
    expect(servingOnItem(seats, list, 4).map((s) => s.personId)).toContain(102);
    expect(servingOnItem(seats, list, 4)).toHaveLength(14); // 10 left and is replaced, 11 not yet arrived
    expect(servingOnItem(seats, list, 6, new Set([1])).map((s) => s.personId)).not.toContain(1);
  });

  it('refuses impossible attendance lists', () => {
    expect(() => validateAttendance(seats, [{ personId: 999, present: true }])).toThrow(/varken ledamot eller ersättare/);
    expect(() => validateAttendance(seats, [{ personId: 1, present: true }, { personId: 1, present: true }])).toThrow(/två gånger/);
    expect(() => validateAttendance(seats, [{ personId: 101, present: true, replacesPersonId: 102 }])).toThrow(/bara ersätta en ledamot/);
    expect(() =>
      validateAttendance(seats, [
        { personId: 101, present: true, replacesPersonId: 4 },
        { personId: 102, present: true, replacesPersonId: 4 },
      ]),
    ).toThrow(/ersätts redan av Ingrid Båve/);
    expect(() => validateAttendance(seats, [{ personId: 3, present: true, fromItem: 5, toItem: 2 }])).toThrow(/ankomst/);
  });
});

describe('votes', () => {
  const serving = members.slice(0, 8);
  it('counts ja, nej, avstår', () => {
    const votes = serving.map((s, i) => ({ personId: s.personId, choice: (i < 5 ? 'ja' : i < 7 ? 'nej' : 'avstår') as 'ja' | 'nej' | 'avstår' }));
    expect(countVotes(serving, votes, 1)).toMatchObject({ ja: 5, nej: 2, avstar: 1, result: 'ja', castingVote: false, summary: '5 ja-röster, 2 nej-röster, 1 avstår.' });
  });
  it('lets the chair decide a tie', () => {
    const votes = serving.map((s, i) => ({ personId: s.personId, choice: (i % 2 === 0 ? 'nej' : 'ja') as 'ja' | 'nej' }));
    const r = countVotes(serving, votes, 1); // chair (person 1, index 0) votes nej
    expect(r).toMatchObject({ ja: 4, nej: 4, result: 'nej', castingVote: true });
    expect(r.summary).toContain('ordförandens utslagsröst');
  });
  it('refuses votes from those not serving, twice, or missing', () => {
    expect(() => countVotes(serving, [{ personId: 99, choice: 'ja' }], 1)).toThrow(/tjänstgör inte/);
    expect(() => countVotes(serving, [{ personId: 1, choice: 'ja' }, { personId: 1, choice: 'nej' }], 1)).toThrow(/redan röstat/);
    expect(() => countVotes(serving, [{ personId: 1, choice: 'ja' }], 1)).toThrow(/Röst saknas för Torbjörn Ahlin/);
  });
});

describe('decisions and paragraphs', () => {
  it('takes the proposal or the amendment', () => {
    expect(decidedClauses('according-to-proposal', ['att godkänna redovisningen.'], undefined)).toEqual(['att godkänna redovisningen.']);
    expect(decidedClauses('amended', ['x'], ['att avslå ansökan.'])).toEqual(['att avslå ansökan.']);
    expect(() => decidedClauses('amended', ['x'], [' '])).toThrow(/minst en att-sats/);
    expect(decidedClauses('tabled', ['x'], undefined)).toEqual(['att bordlägga ärendet.']);
    expect(() => decidedClauses('referred-back', ['x'], undefined)).toThrow(/motiveringen/);
  });
  it('numbers every item consecutively after the last paragraph of the year', () => {
    expect([...numberParagraphs([3, 1, 2], 0)]).toEqual([[1, 1], [2, 2], [3, 3]]);
    expect(numberParagraphs([1, 2, 3, 4, 5, 6, 7, 8], 41).get(8)).toBe(49);
  });
  it('writes the adjustment clause as the papers do (seed 000 item 1)', () => {
    expect(adjustmentClause({ name: 'Torbjörn Appelqvist', party: 'M' }, { name: 'Fredrik Persson', party: 'MP' })).toBe(
      'att nämndens ordförande och Torbjörn Appelqvist (M) med Fredrik Persson (MP) som ersättare justerar dagens protokoll.',
    );
  });
});

describe('the frozen protokoll: public version and canonical JSON', () => {
  const decision = (agendaItemId: number, paragraph: number, clause: string): SnapshotDecision => ({
    agendaItemId, itemNumber: paragraph, itemTitle: `Ärende ${paragraph}`, caseNumber: null, paragraph, outcome: 'according-to-proposal',
    outcomeLabel: 'Beslut enligt förslag', clauses: [clause], motivation: null, votes: null, voteSummary: null, conflicted: [{ personId: 1, name: 'Irén Lejegren' }],
    notes: [{ personId: 11, name: 'Torbjörn Appelqvist', party: 'M', kind: 'reservation', text: 'Jag reserverar mig.' }], recipients: ['Hopajola'],
    immediatelyAdjusted: false, withoutQuorum: false,
  });
  const snap: MinutesSnapshot = {
    format: 1, minutesId: 1, meetingId: 2, bodyName: 'Regional tillväxtnämnd', meetingDate: '2020-02-14', startTime: '10:00', endTime: null, place: 'Linden',
    keptAt: 'Örebro', attendance: [], adjusters: [{ personId: 1, name: 'Irén Lejegren', party: 'S' }],
    decisions: [decision(41, 1, 'att godkänna redovisningen.'), decision(42, 2, 'att bevilja Anna Berg, 811218-0008, stöd.')],
  };
  const mask = (t: string) => t.replace('811218-0008', '811218-XXXX');

  it('is the snapshot itself when nothing is secret or personal, so the public gets the signed bytes', () => {
    const plain = { ...snap, decisions: [snap.decisions[0]!] };
    expect(publicSnapshot(plain, new Map(), mask)).toBe(plain);
  });

  it('leaves out the content of a secret item, keeps its paragraph and title, masks the rest, and says so', () => {
    const pub = publicSnapshot(snap, new Map([[41, '31 kap. 16 § OSL']]), mask);
    expect(pub.publicNote).toBe(PUBLIC_NOTE);
    expect(pub.decisions[0]).toMatchObject({ paragraph: 1, itemTitle: 'Ärende 1', secrecyRef: '31 kap. 16 § OSL', clauses: [], notes: [], recipients: [], conflicted: [] });
    expect(pub.decisions[1]!.clauses).toEqual(['att bevilja Anna Berg, 811218-XXXX, stöd.']);
    expect(pub.decisions[1]!.notes[0]!.text).toBe('Jag reserverar mig.');
    expect(snap.decisions[0]!.clauses).toEqual(['att godkänna redovisningen.']); // the snapshot itself is untouched
  });

  it('writes the same JSON for the same content whatever the key order (jsonb reorders keys)', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: null }], c: undefined } })).toBe(canonicalJson({ a: { d: [2, { e: null, f: 1 }] }, b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
  });
});
