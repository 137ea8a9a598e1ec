/**
 * Attendance that follows the meeting (issue 15.1), pure rules: the roll
 * call at the opening (model.ts `Attendance`) and the changes during the
 * meeting – a person arrives at item N, or leaves after item N; an ersättare
 * arriving "for" a member is called in to serve in that member's place – give
 * each person's periods of taking part, and from them who serves on each
 * item (so quorum and the voting list at each decision), who served for
 * whom, and the protokoll's sentences about it.
 *
 * An ersättare is called in by the body's ersättarordning
 * (meetings/substitutes.ts): one of the member's own party first, in the
 * order they were elected; another party's only when no ersättare of the
 * member's party is free (present and not serving). A member who comes back
 * takes their seat again: the ersättare serving for them stops serving (and
 * stays as ersättare in the room). No I/O.
 */
import { DomainError } from '../kernel/errors.ts';
import { substituteCalls, type SeatForCall } from '../meetings/substitutes.ts';
import type { Attendance, Seat } from './model.ts';

export type ChangeKind = 'arrives' | 'leaves';

/** One change during the meeting. `arrives` at item N: takes part from N; `leaves` after item N: takes part up to and including N. */
export interface AttendanceChange {
  id?: number;
  personId: number;
  kind: ChangeKind;
  itemNumber: number;
  /** An arriving ersättare called in for this member. */
  replacesPersonId: number | null;
}

/** A stretch of items one person takes part in (`toItem` null: to the end of the meeting). */
export interface Period {
  personId: number;
  fromItem: number;
  toItem: number | null;
  replacesPersonId: number | null;
}

const nameOf = (seats: readonly Seat[], id: number) => seats.find((s) => s.personId === id)?.name ?? `Person ${id}`;
const covers = (p: Period, item: number) => p.fromItem <= item && (p.toItem === null || p.toItem >= item);
const bad = (message: string) => new DomainError('invalid-attendance-change', message, { status: 409 });

/** The point from which a change takes effect: leaving after N counts from N + 1; a departure is applied before an arrival at the same point. */
const effective = (c: AttendanceChange) => (c.kind === 'leaves' ? c.itemNumber + 1 : c.itemNumber);
export const changeOrder = (a: AttendanceChange, b: AttendanceChange) =>
  effective(a) - effective(b) || (a.kind === b.kind ? 0 : a.kind === 'leaves' ? -1 : 1) || (a.id ?? Number.MAX_SAFE_INTEGER) - (b.id ?? Number.MAX_SAFE_INTEGER);

/**
 * Everyone's periods from the roll call and the changes, in order; a change
 * that does not fit (leaving an item one is not at, arriving where one is
 * already present, serving for a member who is there) is refused in Swedish.
 */
export function periodsOf(seats: readonly Seat[], base: readonly Attendance[], changes: readonly AttendanceChange[], maxItem: number): Period[] {
  const byId = new Map(seats.map((s) => [s.personId, s]));
  const periods: Period[] = base
    .filter((a) => a.present)
    .map((a) => ({ personId: a.personId, fromItem: a.fromItem ?? 1, toItem: a.toItem ?? null, replacesPersonId: a.replacesPersonId ?? null }));
  for (const c of [...changes].sort(changeOrder)) {
    const seat = byId.get(c.personId);
    if (!seat) throw new DomainError('not-a-member', `Person ${c.personId} är varken ledamot eller ersättare i nämnden.`);
    if (!Number.isInteger(c.itemNumber) || c.itemNumber < 1 || c.itemNumber > maxItem) {
      throw new DomainError('invalid-attendance', `Punkt ${c.itemNumber} finns inte på föredragningslistan (1–${maxItem}).`);
    }
    const mine = periods.filter((p) => p.personId === c.personId);
    if (c.kind === 'leaves') {
      if (c.itemNumber >= maxItem) throw bad(`${seat.name} kan inte lämna efter sista punkten (${maxItem}); det är sammanträdets slut.`);
      const p = mine.find((x) => covers(x, c.itemNumber));
      if (!p) throw bad(`${seat.name} deltar inte på punkt ${c.itemNumber} och kan inte lämna sammanträdet efter den.`);
      p.toItem = c.itemNumber;
      continue;
    }
    // arrives at item N
    if (mine.some((x) => covers(x, c.itemNumber))) {
      const p = mine.find((x) => covers(x, c.itemNumber))!;
      if (c.replacesPersonId === null || p.replacesPersonId !== null) {
        throw bad(`${seat.name} är redan närvarande på punkt ${c.itemNumber}${p.replacesPersonId ? ` och tjänstgör för ${nameOf(seats, p.replacesPersonId)}` : ''}.`);
      }
      // an ersättare already in the room begins to serve: the period splits at N
      if (p.fromItem === c.itemNumber) {
        p.replacesPersonId = c.replacesPersonId;
        continue;
      }
      const rest: Period = { personId: c.personId, fromItem: c.itemNumber, toItem: p.toItem, replacesPersonId: c.replacesPersonId };
      p.toItem = c.itemNumber - 1;
      periods.push(rest);
    } else {
      const next = mine.filter((x) => x.fromItem > c.itemNumber).sort((a, b) => a.fromItem - b.fromItem)[0];
      periods.push({ personId: c.personId, fromItem: c.itemNumber, toItem: next ? next.fromItem - 1 : null, replacesPersonId: c.replacesPersonId });
    }
    if (c.replacesPersonId !== null) {
      const member = byId.get(c.replacesPersonId);
      if (seat.kind !== 'substitute') throw bad(`${seat.name} är ledamot och kan inte tjänstgöra som ersättare.`);
      if (!member || member.kind !== 'member') throw bad(`${seat.name} kan bara tjänstgöra för en ledamot i nämnden.`);
      if (periods.some((p) => p.personId === member.personId && covers(p, c.itemNumber))) {
        throw bad(`${member.name} deltar själv på punkt ${c.itemNumber}; ${seat.name} kan inte kallas in för hen där.`);
      }
    } else if (seat.kind === 'member') {
      // a member who comes back takes the seat again: the ersättare serving for them stops at N - 1 and stays in the room
      for (const p of periods.filter((x) => x.replacesPersonId === c.personId && covers(x, c.itemNumber))) {
        if (p.fromItem === c.itemNumber) p.replacesPersonId = null;
        else {
          periods.push({ personId: p.personId, fromItem: c.itemNumber, toItem: p.toItem, replacesPersonId: null });
          p.toItem = c.itemNumber - 1;
        }
      }
    }
  }
  return periods.filter((p) => p.toItem === null || p.toItem >= p.fromItem).sort((a, b) => a.personId - b.personId || a.fromItem - b.fromItem);
}

/**
 * Who decides on one item: each member taking part (without jäv), else the
 * ersättare serving in their place on that item (without jäv), in the
 * body's order of members.
 */
export function servingAt(seats: readonly Seat[], periods: readonly Period[], item: number, conflicted: ReadonlySet<number> = new Set()): Seat[] {
  const out: Seat[] = [];
  for (const seat of seats) {
    if (seat.kind !== 'member') continue;
    if (periods.some((p) => p.personId === seat.personId && p.replacesPersonId === null && covers(p, item)) && !conflicted.has(seat.personId)) {
      out.push(seat);
      continue;
    }
    const sub = periods.find((p) => p.replacesPersonId === seat.personId && covers(p, item) && !conflicted.has(p.personId));
    const subSeat = sub ? seats.find((s) => s.personId === sub.personId) : undefined;
    if (subSeat) out.push(subSeat);
  }
  return out;
}

/** Everyone in the room on an item (serving or not). */
export function presentAt(periods: readonly Period[], item: number): Set<number> {
  return new Set(periods.filter((p) => covers(p, item)).map((p) => p.personId));
}

/** The body's seats in its listed order, for the ersättarordning. */
const forCall = (seats: readonly Seat[]): SeatForCall[] =>
  seats.map((s, i) => ({ personId: s.personId, name: s.name, party: s.party, kind: s.kind, order: i }));

export interface CallSuggestion {
  memberPersonId: number;
  memberName: string;
  memberParty: string | null;
  substitutePersonId: number | null;
  substituteName: string | null;
  substituteParty: string | null;
  basis: 'samma parti' | 'annat parti' | 'ingen ledig ersättare';
}

/**
 * For one item: each member neither there nor replaced, with the ersättare the
 * ersättarordning calls in for them among those free in the room (present, not serving).
 */
export function callSuggestions(seats: readonly Seat[], periods: readonly Period[], item: number): CallSuggestion[] {
  const here = presentAt(periods, item);
  const serving = new Set(periods.filter((p) => p.replacesPersonId !== null && covers(p, item)).map((p) => p.personId));
  const replaced = new Set(periods.filter((p) => p.replacesPersonId !== null && covers(p, item)).map((p) => p.replacesPersonId!));
  const away = new Set(seats.filter((s) => s.kind === 'member' && !here.has(s.personId) && !replaced.has(s.personId)).map((s) => s.personId));
  const busy = new Set(seats.filter((s) => s.kind === 'substitute' && (!here.has(s.personId) || serving.has(s.personId))).map((s) => s.personId));
  const candidates = forCall(seats).filter((s) => (s.kind === 'member' ? away.has(s.personId) : !busy.has(s.personId)));
  return substituteCalls(candidates, away).map((c) => ({
    memberPersonId: c.absent.personId,
    memberName: c.absent.name,
    memberParty: c.absent.party,
    substitutePersonId: c.substitute?.personId ?? null,
    substituteName: c.substitute?.name ?? null,
    substituteParty: c.substitute?.party ?? null,
    basis: c.basis,
  }));
}

const withParty = (p: { name: string; party: string | null }) => (p.party ? `${p.name} (${p.party})` : p.name);

/**
 * A call-in by the ersättarordning: `substituteId` to serve for `memberId`
 * from `item`, given everyone's periods before it. Refused: someone who is
 * not an ersättare of the body; a member who is there or already replaced;
 * an ersättare already serving; another party's ersättare while one of the
 * member's own party is free in the room; an own-party ersättare passing
 * over one elected before them who is free.
 */
export function assertCallIn(seats: readonly Seat[], periods: readonly Period[], item: number, substituteId: number, memberId: number): void {
  const sub = seats.find((s) => s.personId === substituteId);
  const member = seats.find((s) => s.personId === memberId);
  if (!sub) throw new DomainError('not-a-substitute', `Person ${substituteId} är inte ersättare i nämnden och kan inte kallas in att tjänstgöra.`, { status: 409 });
  if (sub.kind !== 'substitute') throw new DomainError('not-a-substitute', `${sub.name} är ledamot, inte ersättare, och kan inte tjänstgöra för någon annan.`, { status: 409 });
  if (!member || member.kind !== 'member') throw new DomainError('not-a-member', `${sub.name} kan bara tjänstgöra för en ledamot i nämnden.`, { status: 409 });
  if (periods.some((p) => p.personId === memberId && covers(p, item))) {
    throw bad(`${member.name} är närvarande på punkt ${item}; en ersättare kallas bara in för en ledamot som är frånvarande eller har lämnat sammanträdet.`);
  }
  const already = periods.find((p) => p.replacesPersonId === memberId && covers(p, item));
  if (already) throw bad(`${member.name} ersätts redan av ${nameOf(seats, already.personId)} på punkt ${item}.`);
  const own = periods.find((p) => p.personId === substituteId && p.replacesPersonId !== null && covers(p, item));
  if (own) throw bad(`${sub.name} tjänstgör redan för ${nameOf(seats, own.replacesPersonId!)} på punkt ${item}.`);
  // the ersättarordning among those free in the room, with the one called in counted as free
  const here = presentAt(periods, item);
  const serving = new Set(periods.filter((p) => p.replacesPersonId !== null && covers(p, item)).map((p) => p.personId));
  const candidates = forCall(seats).filter((s) => s.personId === memberId || s.personId === substituteId || (s.kind === 'substitute' && here.has(s.personId) && !serving.has(s.personId)));
  const [call] = substituteCalls(candidates, new Set([memberId]));
  const expected = call?.substitute;
  if (!expected || expected.personId === substituteId) return;
  if (member.party && expected.party === member.party) {
    if (sub.party !== member.party) {
      throw new DomainError(
        'substitute-order',
        `Enligt ersättarordningen tjänstgör en ersättare från ${member.party} för ${withParty(member)}: ${withParty(expected)} är ledig och ska kallas in före ${withParty(sub)}.`,
        { status: 409 },
      );
    }
    throw new DomainError(
      'substitute-order',
      `Enligt ersättarordningen kallas ${member.party}-ersättarna in i den ordning de valts: ${withParty(expected)} är ledig och ska kallas in före ${withParty(sub)}.`,
      { status: 409 },
    );
  }
  // no ersättare of the member's party free: another party's may serve (the body's own order between parties is the secretary's to check)
}

/** "§ 5" once the item has a paragraph, else "punkt 5". */
export type ParagraphOf = (itemNumber: number) => number | null;
const at = (item: number, paragraphOf: ParagraphOf) => {
  const p = paragraphOf(item);
  return p === null ? `punkt ${item}` : `§ ${p}`;
};

function spanText(from: number, to: number, maxItem: number, paragraphOf: ParagraphOf): string {
  if (from === to) return `under ${at(from, paragraphOf)}`;
  if (to === maxItem) return `från och med ${at(from, paragraphOf)}`;
  const a = paragraphOf(from);
  const b = paragraphOf(to);
  return a !== null && b !== null ? `under §§ ${a}–${b}` : `under punkterna ${from}–${to}`;
}

/**
 * The protokoll's sentences about attendance during the meeting, in meeting
 * order: who arrived, who left ("Anna A (S) lämnade sammanträdet efter § 5"),
 * and who served for whom over which paragraphs.
 */
export function attendanceSentences(seats: readonly Seat[], base: readonly Attendance[], changes: readonly AttendanceChange[], periods: readonly Period[], paragraphOf: ParagraphOf, maxItem: number): string[] {
  const person = (id: number) => {
    const s = seats.find((x) => x.personId === id);
    return s ? withParty(s) : `Person ${id}`;
  };
  const lines: Array<{ at: number; text: string }> = [];
  const baseLate = base.filter((a) => a.present && a.fromItem != null && a.fromItem > 1 && !a.replacesPersonId);
  for (const a of baseLate) lines.push({ at: a.fromItem!, text: `${person(a.personId)} kom till sammanträdet vid ${at(a.fromItem!, paragraphOf)}.` });
  const baseEarly = base.filter((a) => a.present && a.toItem != null && a.toItem < maxItem);
  for (const a of baseEarly) lines.push({ at: a.toItem! + 1, text: `${person(a.personId)} lämnade sammanträdet efter ${at(a.toItem!, paragraphOf)}.` });
  for (const c of [...changes].sort(changeOrder)) {
    if (c.kind === 'leaves') lines.push({ at: c.itemNumber + 1, text: `${person(c.personId)} lämnade sammanträdet efter ${at(c.itemNumber, paragraphOf)}.` });
    else if (c.replacesPersonId === null) {
      const seat = seats.find((s) => s.personId === c.personId);
      const returns = base.some((a) => a.personId === c.personId && a.present) || changes.some((x) => x.personId === c.personId && x.kind === 'leaves' && x.itemNumber < c.itemNumber);
      const verb = returns ? (seat?.kind === 'member' ? 'återkom och återtog sin plats' : 'återkom till sammanträdet') : 'kom till sammanträdet';
      lines.push({ at: c.itemNumber, text: `${person(c.personId)} ${verb} vid ${at(c.itemNumber, paragraphOf)}.` });
    }
  }
  // who actually served for whom, item by item (a member taking part serves themself)
  const spans = new Map<string, { sub: number; member: number; items: number[] }>();
  for (let item = 1; item <= maxItem; item++) {
    for (const seat of servingAt(seats, periods, item)) {
      if (seat.kind !== 'substitute') continue;
      const p = periods.find((x) => x.personId === seat.personId && x.replacesPersonId !== null && covers(x, item))!;
      const key = `${p.personId}:${p.replacesPersonId}`;
      const span = spans.get(key) ?? { sub: p.personId, member: p.replacesPersonId!, items: [] };
      span.items.push(item);
      spans.set(key, span);
    }
  }
  for (const s of spans.values()) {
    // consecutive runs of items
    const runs: Array<[number, number]> = [];
    for (const i of s.items) {
      const last = runs.at(-1);
      if (last && last[1] === i - 1) last[1] = i;
      else runs.push([i, i]);
    }
    if (runs.length === 1 && runs[0]![0] === 1 && runs[0]![1] === maxItem) continue; // the whole meeting: the list of those deciding says it
    for (const [from, to] of runs) {
      lines.push({ at: from, text: `${person(s.sub)} tjänstgjorde för ${person(s.member)} ${spanText(from, to, maxItem, paragraphOf)}.` });
    }
  }
  return lines.sort((a, b) => a.at - b.at).map((l) => l.text);
}

/** One line per person as the attendance list shows it: present at all, first and last item, whom they first served for. */
export function summaryOf(base: readonly Attendance[], periods: readonly Period[], changedIds: ReadonlySet<number>): Attendance[] {
  const out = base.filter((a) => !changedIds.has(a.personId)).map((a) => ({ ...a }));
  for (const id of changedIds) {
    const mine = periods.filter((p) => p.personId === id).sort((a, b) => a.fromItem - b.fromItem);
    if (mine.length === 0) {
      out.push({ personId: id, present: false, replacesPersonId: null, fromItem: null, toItem: null });
      continue;
    }
    const from = mine[0]!.fromItem;
    const to = mine.some((p) => p.toItem === null) ? null : Math.max(...mine.map((p) => p.toItem!));
    out.push({ personId: id, present: true, replacesPersonId: mine.find((p) => p.replacesPersonId !== null)?.replacesPersonId ?? null, fromItem: from === 1 ? null : from, toItem: to });
  }
  return out.sort((a, b) => a.personId - b.personId);
}

/**
 * Who chairs the meeting: the ordförande when present, else the first and
 * then the second vice ordförande present; null when none of them is there.
 */
export function presidingChair(seats: readonly Seat[], attendance: readonly Attendance[]): Seat | null {
  const present = new Set(attendance.filter((a) => a.present).map((a) => a.personId));
  for (const role of ['chair', 'first-vice-chair', 'second-vice-chair'] as const) {
    const s = seats.find((x) => x.role === role && x.kind === 'member' && present.has(x.personId));
    if (s) return s;
  }
  return null;
}

/** The live screen's attendance: per item who serves and whether the body is quorate, the changes made, and the ersättare to call in. */
export interface LiveAttendanceView {
  meetingId: number;
  /** The minutes' version: every change is checked against it. */
  version: number;
  editable: boolean;
  /** False until the roll call at the opening (Närvaro) is saved. */
  rollCalled: boolean;
  /** The roll call at the opening as saved (the minutes' attendance list folds the changes in). */
  rollCall: Array<{ personId: number; present: boolean; replacesPersonId: number | null; fromItem: number | null; toItem: number | null }>;
  seats: Array<{ personId: number; name: string; party: string | null; kind: 'member' | 'substitute'; role: Seat['role'] }>;
  items: Array<{
    number: number;
    title: string;
    /** Everyone in the room on the item. */
    present: number[];
    serving: Array<{ personId: number; name: string; party: string | null; replacesPersonId: number | null; replacesName: string | null }>;
    conflicted: number[];
    quorum: { seats: number; serving: number; required: number; ok: boolean; message: string | null };
    calls: CallSuggestion[];
  }>;
  changes: Array<{ id: number; personId: number; name: string; party: string | null; kind: ChangeKind; itemNumber: number; replacesPersonId: number | null; replacesName: string | null; text: string }>;
  /** What the protokoll will say about arrivals, departures and who served for whom. */
  sentences: string[];
}

/** One change as the list of changes says it. */
export function changeText(seats: readonly Seat[], c: AttendanceChange): string {
  const person = (id: number) => {
    const s = seats.find((x) => x.personId === id);
    return s ? withParty(s) : `Person ${id}`;
  };
  if (c.kind === 'leaves') return `${person(c.personId)} lämnar efter punkt ${c.itemNumber}`;
  if (c.replacesPersonId !== null) return `${person(c.personId)} tjänstgör för ${person(c.replacesPersonId)} från punkt ${c.itemNumber}`;
  return `${person(c.personId)} kommer till punkt ${c.itemNumber}`;
}
