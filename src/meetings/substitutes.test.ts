import { describe, expect, it } from 'vitest';
import { substituteCalls, type SeatForCall } from './substitutes.ts';

const seat = (personId: number, party: string | null, kind: SeatForCall['kind'], order: number): SeatForCall => ({ personId, name: `P${personId}`, party, kind, order });

const seats = [
  seat(1, 'S', 'member', 1),
  seat(2, 'M', 'member', 2),
  seat(3, 'S', 'member', 3),
  seat(11, 'M', 'substitute', 1),
  seat(12, 'S', 'substitute', 2),
  seat(13, 'S', 'substitute', 3),
  seat(14, 'C', 'substitute', 4),
];

describe('the ersättarordning: whom to call in', () => {
  it('calls the first substitute of the absent member\'s party', () => {
    const [c] = substituteCalls(seats, new Set([1]));
    expect(c).toMatchObject({ absent: { personId: 1 }, substitute: { personId: 12 }, basis: 'samma parti' });
  });

  it('gives two absent members of one party the party\'s substitutes in their order', () => {
    const calls = substituteCalls(seats, new Set([1, 3]));
    expect(calls.map((c) => [c.absent.personId, c.substitute?.personId])).toEqual([[1, 12], [3, 13]]);
  });

  it('passes over a substitute who has reported förhinder too', () => {
    const [c] = substituteCalls(seats, new Set([1, 12]));
    expect(c!.substitute!.personId).toBe(13);
  });

  it('takes another party\'s substitute only when the own party has none free, and says so', () => {
    const calls = substituteCalls(seats, new Set([1, 3, 12]));
    // S has only 13 left: member 1 gets it; member 3 gets the first free of another party (M's 11)
    expect(calls.map((c) => [c.absent.personId, c.substitute?.personId, c.basis])).toEqual([
      [1, 13, 'samma parti'],
      [3, 11, 'annat parti'],
    ]);
  });

  it('does not let an earlier member take the substitute a later member\'s own party needs', () => {
    // member 1 (S) has no free S substitute; member 2 (M) needs 11: 1 must not take it
    const calls = substituteCalls(seats, new Set([1, 2, 12, 13]));
    expect(calls.map((c) => [c.absent.personId, c.substitute?.personId, c.basis])).toEqual([
      [1, 14, 'annat parti'],
      [2, 11, 'samma parti'],
    ]);
  });

  it('says when no substitute is free', () => {
    const calls = substituteCalls([seat(1, 'S', 'member', 1), seat(12, 'S', 'substitute', 1)], new Set([1, 12]));
    expect(calls).toEqual([{ absent: expect.objectContaining({ personId: 1 }), substitute: null, basis: 'ingen ledig ersättare' }]);
  });
});
