/**
 * Whom to call in for an absent member (issue 14.7): the ersättarordning most
 * regions' reglementen give – a substitute of the member's own party first, in
 * the order the substitutes were elected (listed) – and only when the party has
 * none free, a substitute of another party, marked as such so the secretary
 * checks the body's own order (some bodies let parties agree on it). A
 * substitute who has reported förhinder or is already called in for someone
 * else is passed over. Pure: no database.
 */

export interface SeatForCall {
  personId: number;
  name: string;
  party: string | null;
  kind: 'member' | 'substitute';
  order: number;
}

export interface Call {
  absent: SeatForCall;
  substitute: SeatForCall | null;
  /** Same party, another party (to check against the body's order), or none free. */
  basis: 'samma parti' | 'annat parti' | 'ingen ledig ersättare';
}

export function substituteCalls(seats: readonly SeatForCall[], absentIds: ReadonlySet<number>): Call[] {
  const free = seats.filter((s) => s.kind === 'substitute' && !absentIds.has(s.personId)).sort((a, b) => a.order - b.order);
  const taken = new Set<number>();
  const absentMembers = seats.filter((s) => s.kind === 'member' && absentIds.has(s.personId)).sort((a, b) => a.order - b.order);
  const pick = (ok: (s: SeatForCall) => boolean) => free.find((s) => !taken.has(s.personId) && ok(s)) ?? null;
  // first every absent member's own party, so that a member listed early does not take another party's substitute
  const own = new Map<number, SeatForCall | null>();
  for (const m of absentMembers) {
    const s = m.party ? pick((x) => x.party === m.party) : null;
    if (s) taken.add(s.personId);
    own.set(m.personId, s);
  }
  return absentMembers.map((m) => {
    const same = own.get(m.personId) ?? null;
    if (same) return { absent: m, substitute: same, basis: 'samma parti' as const };
    const other = pick(() => true);
    if (other) taken.add(other.personId);
    return { absent: m, substitute: other, basis: other ? ('annat parti' as const) : ('ingen ledig ersättare' as const) };
  });
}
