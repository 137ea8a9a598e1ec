import { describe, expect, it } from 'vitest';
import { assertCallIn, attendanceSentences, callSuggestions, periodsOf, presidingChair, servingAt, summaryOf, type AttendanceChange } from './attendance.ts';
import { quorum, type Attendance, type Seat } from './model.ts';

const seat = (personId: number, name: string, party: string, kind: Seat['kind'], role: Seat['role'] = 'member'): Seat => ({ personId, name, party, kind, role });
const seats: Seat[] = [
  seat(1, 'Anna A', 'S', 'member', 'chair'),
  seat(2, 'Bo B', 'S', 'member'),
  seat(3, 'Cia C', 'M', 'member'),
  seat(4, 'Dan D', 'M', 'member'),
  seat(5, 'Eva E', 'V', 'member'),
  seat(11, 'Sara S1', 'S', 'substitute'),
  seat(12, 'Sven S2', 'S', 'substitute'),
  seat(13, 'Mia M1', 'M', 'substitute'),
  seat(14, 'Vera V1', 'V', 'substitute'),
];
const here = (personId: number, extra: Partial<Attendance> = {}): Attendance => ({ personId, present: true, ...extra });
const allMembers = [1, 2, 3, 4, 5].map((id) => here(id));
const ids = (xs: Seat[]) => xs.map((s) => s.personId);
const leaves = (personId: number, itemNumber: number, id?: number): AttendanceChange => ({ id, personId, kind: 'leaves', itemNumber, replacesPersonId: null });
const arrives = (personId: number, itemNumber: number, replacesPersonId: number | null = null, id?: number): AttendanceChange => ({ id, personId, kind: 'arrives', itemNumber, replacesPersonId });

describe('närvaro som följer sammanträdet', () => {
  it('a member who leaves after item 5 serves up to and including 5, not on 6', () => {
    const p = periodsOf(seats, allMembers, [leaves(2, 5)], 8);
    expect(ids(servingAt(seats, p, 5))).toEqual([1, 2, 3, 4, 5]);
    expect(ids(servingAt(seats, p, 6))).toEqual([1, 3, 4, 5]);
  });

  it('an ersättare called in after a departure serves from that item; when the member returns the member serves again', () => {
    const base = [...allMembers, here(11)];
    const p = periodsOf(seats, base, [leaves(2, 3, 1), arrives(11, 4, 2, 2), arrives(2, 7, null, 3)], 8);
    expect(ids(servingAt(seats, p, 3))).toEqual([1, 2, 3, 4, 5]);
    expect(ids(servingAt(seats, p, 4))).toEqual([1, 11, 3, 4, 5]);
    expect(ids(servingAt(seats, p, 6))).toEqual([1, 11, 3, 4, 5]);
    expect(ids(servingAt(seats, p, 7))).toEqual([1, 2, 3, 4, 5]);
    // the ersättare stays in the room, not serving, once the member is back
    expect(p.filter((x) => x.personId === 11)).toEqual([
      { personId: 11, fromItem: 1, toItem: 3, replacesPersonId: null },
      { personId: 11, fromItem: 4, toItem: 6, replacesPersonId: 2 },
      { personId: 11, fromItem: 7, toItem: null, replacesPersonId: null },
    ]);
  });

  it('jäv takes the member out of one item, and an ersättare serving for them takes no part either if conflicted', () => {
    const p = periodsOf(seats, allMembers, [], 8);
    expect(ids(servingAt(seats, p, 2, new Set([3])))).toEqual([1, 2, 4, 5]);
  });

  it('quorum follows the item: three departures leave two of five, not quorate', () => {
    const p = periodsOf(seats, allMembers, [leaves(3, 4), leaves(4, 4), leaves(5, 4)], 8);
    expect(quorum(5, servingAt(seats, p, 4).length).ok).toBe(true);
    const q = quorum(5, servingAt(seats, p, 5).length);
    expect(q.ok).toBe(false);
    expect(q.message).toContain('2 av 5');
  });

  it('refuses changes that do not fit, in Swedish', () => {
    expect(() => periodsOf(seats, allMembers, [leaves(11, 2)], 8)).toThrow('Sara S1 deltar inte på punkt 2 och kan inte lämna');
    expect(() => periodsOf(seats, allMembers, [arrives(1, 3)], 8)).toThrow('Anna A är redan närvarande på punkt 3');
    expect(() => periodsOf(seats, allMembers, [leaves(1, 8)], 8)).toThrow('efter sista punkten');
    expect(() => periodsOf(seats, allMembers, [arrives(11, 9, 2)], 8)).toThrow('Punkt 9 finns inte');
    expect(() => periodsOf(seats, allMembers, [arrives(99, 2)], 8)).toThrow('varken ledamot eller ersättare');
    expect(() => periodsOf(seats, allMembers, [leaves(2, 1), arrives(3, 2, 2)], 8)).toThrow('Cia C är ledamot och kan inte tjänstgöra som ersättare');
    // taking back a departure an ersättare was called in for
    expect(() => periodsOf(seats, [...allMembers, here(11)], [arrives(11, 4, 2)], 8)).toThrow('Bo B deltar själv på punkt 4; Sara S1 kan inte kallas in för hen där.');
  });

  it('summarises a person with changes as present from the first to the last item', () => {
    const base = [...allMembers, here(11)];
    const changes = [leaves(2, 3), arrives(11, 4, 2)];
    const p = periodsOf(seats, base, changes, 8);
    const s = summaryOf(base, p, new Set([2, 11]));
    expect(s.find((a) => a.personId === 2)).toEqual({ personId: 2, present: true, replacesPersonId: null, fromItem: null, toItem: 3 });
    expect(s.find((a) => a.personId === 11)).toMatchObject({ present: true, replacesPersonId: 2, fromItem: null, toItem: null });
    expect(s.find((a) => a.personId === 1)).toEqual(here(1));
  });
});

describe('ersättarordningen vid inkallelse', () => {
  const base = [...allMembers, here(11), here(12), here(13), here(14)];
  const after = (changes: AttendanceChange[]) => periodsOf(seats, base, changes, 8);

  it('calls in the first own-party ersättare free in the room', () => {
    const p = after([leaves(2, 3)]);
    expect(() => assertCallIn(seats, p, 4, 11, 2)).not.toThrow();
    expect(callSuggestions(seats, p, 4)).toEqual([
      expect.objectContaining({ memberPersonId: 2, substitutePersonId: 11, basis: 'samma parti' }),
    ]);
  });

  it('refuses another party’s ersättare while one of the member’s party is free', () => {
    const p = after([leaves(2, 3)]);
    expect(() => assertCallIn(seats, p, 4, 13, 2)).toThrow('Enligt ersättarordningen tjänstgör en ersättare från S för Bo B (S): Sara S1 (S) är ledig och ska kallas in före Mia M1 (M).');
  });

  it('refuses passing over an own-party ersättare elected earlier who is free', () => {
    const p = after([leaves(2, 3)]);
    expect(() => assertCallIn(seats, p, 4, 12, 2)).toThrow('i den ordning de valts: Sara S1 (S) är ledig');
  });

  it('lets the second own-party ersättare serve when the first is serving for someone else, and another party’s when none of the party is free', () => {
    let p = after([leaves(1, 2), arrives(11, 3, 1)]);
    expect(() => assertCallIn(seats, p, 3, 12, 2)).toThrow('Bo B är närvarande på punkt 3');
    p = after([leaves(1, 2), arrives(11, 3, 1), leaves(2, 2)]);
    expect(() => assertCallIn(seats, p, 3, 12, 2)).not.toThrow();
    p = after([leaves(1, 2), arrives(11, 3, 1), leaves(2, 2), arrives(12, 3, 2), leaves(5, 2)]);
    // Eva E (V) away, Vera V1 (V) is free: Mia M1 (M) may not take the seat
    expect(() => assertCallIn(seats, p, 3, 13, 5)).toThrow('Vera V1 (V) är ledig');
    p = after([leaves(1, 2), arrives(11, 3, 1), leaves(2, 2), arrives(12, 3, 2), leaves(14, 1), leaves(5, 2)]);
    expect(() => assertCallIn(seats, p, 3, 13, 5)).not.toThrow();
  });

  it('refuses one who is not an ersättare of the body, a member as ersättare, and a second ersättare for one seat', () => {
    const p = after([leaves(2, 3)]);
    expect(() => assertCallIn(seats, p, 4, 99, 2)).toThrow('Person 99 är inte ersättare i nämnden');
    expect(() => assertCallIn(seats, p, 4, 3, 2)).toThrow('Cia C är ledamot, inte ersättare');
    const q = after([leaves(2, 3), arrives(11, 4, 2)]);
    expect(() => assertCallIn(seats, q, 5, 12, 2)).toThrow('Bo B ersätts redan av Sara S1 på punkt 5');
  });
});

describe('protokollets meningar om närvaron', () => {
  it('says who left after which paragraph and who served for whom', () => {
    const base = [...allMembers, here(11)];
    const changes = [leaves(2, 5, 1), arrives(11, 6, 2, 2), arrives(3, 1, null, 3)].slice(0, 2);
    const p = periodsOf(seats, base, changes, 8);
    const para = (n: number) => n + 10;
    expect(attendanceSentences(seats, base, changes, p, para, 8)).toEqual([
      'Bo B (S) lämnade sammanträdet efter § 15.',
      'Sara S1 (S) tjänstgjorde för Bo B (S) från och med § 16.',
    ]);
    const back = [...changes, arrives(2, 7, null, 3)];
    const p2 = periodsOf(seats, base, back, 8);
    expect(attendanceSentences(seats, base, back, p2, () => null, 8)).toEqual([
      'Bo B (S) lämnade sammanträdet efter punkt 5.',
      'Sara S1 (S) tjänstgjorde för Bo B (S) under punkt 6.',
      'Bo B (S) återkom och återtog sin plats vid punkt 7.',
    ]);
  });
});

describe('ordföranden som justerar', () => {
  const withVice = [...seats.slice(0, 1), seat(2, 'Bo B', 'S', 'member', 'first-vice-chair'), seat(3, 'Cia C', 'M', 'member', 'second-vice-chair'), ...seats.slice(3)];
  it('is the ordförande when present, else the first, then the second vice ordförande, else none', () => {
    expect(presidingChair(withVice, allMembers)?.name).toBe('Anna A');
    expect(presidingChair(withVice, [here(2), here(3), here(4)])?.name).toBe('Bo B');
    expect(presidingChair(withVice, [here(3), here(4)])?.name).toBe('Cia C');
    expect(presidingChair(withVice, [here(4), { personId: 1, present: false }])).toBeNull();
  });
});
