/**
 * Use cases of attendance during the meeting (issue 15.1): the live view
 * (per item who serves, quorum, the ersättare to call in), recording an
 * arrival, a departure or an ersättare called in, and taking a change back.
 * Each change is one transaction with the minutes row locked FOR UPDATE,
 * checked against the minutes' version (409 on a stale one), refused once
 * signing has begun, and audited. The rest of the minutes (decisions,
 * yrkanden and votes, adjusters, the protokoll) asks this module who serves
 * on an item, so quorum and the voting list follow the meeting.
 */
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { authorize, type Actor } from '../access/model.ts';
import * as meetings from '../meetings/service.ts';
import type { MeetingDetail } from '../http/contract.ts';
import { quorum, type Attendance, type Seat } from './model.ts';
import * as store from './store.ts';
import * as astore from './attendanceStore.ts';
import {
  assertCallIn,
  attendanceSentences,
  callSuggestions,
  changeText,
  periodsOf,
  presentAt,
  servingAt,
  summaryOf,
  type AttendanceChange,
  type ChangeKind,
  type LiveAttendanceView,
  type Period,
} from './attendance.ts';

const conflict = (code: string, message: string) => new DomainError(code, message, { status: 409 });

/** The body's seats on the meeting date: members and substitutes, in the body's listed order. */
export async function seatsOf(ex: Executor, meeting: MeetingDetail): Promise<Seat[]> {
  const body = await meetings.getBody(ex, meeting.bodyId);
  return body.memberships
    .filter((m) => (!m.validFrom || m.validFrom <= meeting.date) && (!m.validTo || m.validTo >= meeting.date))
    .map((m) => ({ personId: m.personId, name: m.name, party: m.party, kind: m.kind, role: m.role }));
}

const maxItemOf = (meeting: MeetingDetail) => Math.max(1, ...meeting.items.map((i) => i.number));

async function loadRaw(ex: Executor, minutesId: number): Promise<{ base: Attendance[]; changes: AttendanceChange[] }> {
  const [rows, changes] = await Promise.all([store.attendanceOf(ex, minutesId), astore.changesOf(ex, minutesId)]);
  return {
    base: rows.map((a) => ({ personId: a.person_id, present: a.present, replacesPersonId: a.replaces_person_id, fromItem: a.from_item, toItem: a.to_item })),
    changes: changes.map((c) => ({ id: c.id, personId: c.person_id, kind: c.kind, itemNumber: c.item_number, replacesPersonId: c.replaces_person_id })),
  };
}

export interface LiveAttendance {
  base: Attendance[];
  changes: AttendanceChange[];
  periods: Period[];
  /** One line per person (present at all, first and last item): the attendance list. */
  summary: Attendance[];
}

/** The roll call, the changes and everyone's periods. */
export async function liveAttendance(ex: Executor, minutesId: number, seats: readonly Seat[], meeting: MeetingDetail): Promise<LiveAttendance> {
  const { base, changes } = await loadRaw(ex, minutesId);
  const periods = periodsOf(seats, base, changes, maxItemOf(meeting));
  const changed = new Set(changes.flatMap((c) => [c.personId]));
  return { base, changes, periods, summary: changes.length ? summaryOf(base, periods, changed) : base };
}

/** The attendance list as the minutes' rows (store shape), with the changes during the meeting folded in. */
export async function attendanceRows(ex: Executor, minutesId: number, seats: readonly Seat[], meeting: MeetingDetail) {
  const { summary } = await liveAttendance(ex, minutesId, seats, meeting);
  return summary.map((a) => ({ person_id: a.personId, present: a.present, replaces_person_id: a.replacesPersonId ?? null, from_item: a.fromItem ?? null, to_item: a.toItem ?? null }));
}

/** Who decides on one item, from the roll call and the changes: the quorum and the voting list at that decision. */
export async function servingOn(ex: Executor, minutesId: number, seats: readonly Seat[], meeting: MeetingDetail, itemNumber: number, conflicted: ReadonlySet<number> = new Set()) {
  const live = await liveAttendance(ex, minutesId, seats, meeting);
  return { serving: servingAt(seats, live.periods, itemNumber, conflicted), attended: live.base.length > 0 };
}

/** The protokoll's sentences on arrivals, departures and who served for whom; paragraphs once numbered. */
export async function protocolSentences(ex: Executor, minutesId: number, meeting: MeetingDetail, paragraphOf: (itemNumber: number) => number | null): Promise<string[]> {
  const seats = await seatsOf(ex, meeting);
  const live = await liveAttendance(ex, minutesId, seats, meeting);
  return attendanceSentences(seats, live.base, live.changes, live.periods, paragraphOf, maxItemOf(meeting));
}

/** Refuses a new roll call that the changes recorded during the meeting no longer fit (a departure of someone marked absent, …). */
export function assertChangesHold(seats: readonly Seat[], base: readonly Attendance[], changes: readonly AttendanceChange[], meeting: MeetingDetail): void {
  try {
    periodsOf(seats, base, changes, maxItemOf(meeting));
  } catch (e) {
    if (e instanceof DomainError) {
      throw new DomainError('attendance-changes-conflict', `Närvaron stämmer inte med ändringarna under sammanträdet: ${e.message} Ta bort ändringen först.`, { status: 409 });
    }
    throw e;
  }
}

export async function changesOf(ex: Executor, minutesId: number): Promise<AttendanceChange[]> {
  return (await loadRaw(ex, minutesId)).changes;
}

/** The live screen's attendance for the secretary. */
export async function getLiveAttendance(db: Db | Executor, actor: Actor, meetingId: number): Promise<LiveAttendanceView> {
  authorize(actor, 'minutes.read-draft');
  const ex = executorOf(db);
  const m = await store.findMinutesByMeeting(ex, meetingId);
  if (!m) throw notFound('Protokollet för sammanträde', meetingId);
  const meeting = await meetings.getMeeting(ex, meetingId);
  const seats = await seatsOf(ex, meeting);
  const [live, adjusters, decisions] = await Promise.all([liveAttendance(ex, m.id, seats, meeting), store.adjustersOf(ex, m.id), store.decisionsOf(ex, m.id)]);
  const byId = new Map(seats.map((s) => [s.personId, s]));
  const conflictedOf = new Map(decisions.map((d) => [d.agenda_item_id, d.conflicted]));
  const paragraphOf = new Map(meeting.items.map((i) => [i.number, decisions.find((d) => d.agenda_item_id === i.id)?.paragraph ?? null]));
  const memberSeats = seats.filter((s) => s.kind === 'member').length;
  const periodFor = (personId: number, item: number) => live.periods.find((p) => p.personId === personId && p.fromItem <= item && (p.toItem === null || p.toItem >= item));
  return {
    meetingId,
    version: m.version,
    editable: !m.locked_at && !adjusters.some((a) => a.signed_at),
    rollCalled: live.base.length > 0,
    rollCall: live.base.map((a) => ({ personId: a.personId, present: a.present, replacesPersonId: a.replacesPersonId ?? null, fromItem: a.fromItem ?? null, toItem: a.toItem ?? null })),
    seats: seats.map((s) => ({ personId: s.personId, name: s.name, party: s.party, kind: s.kind, role: s.role })),
    items: [...meeting.items]
      .sort((a, b) => a.number - b.number)
      .map((i) => {
        const conflicted = new Set(conflictedOf.get(i.id) ?? []);
        const serving = live.base.length ? servingAt(seats, live.periods, i.number, conflicted) : [];
        return {
          number: i.number,
          title: i.title,
          present: [...presentAt(live.periods, i.number)],
          serving: serving.map((s) => {
            const replaces = s.kind === 'substitute' ? (periodFor(s.personId, i.number)?.replacesPersonId ?? null) : null;
            return { personId: s.personId, name: s.name, party: s.party, replacesPersonId: replaces, replacesName: replaces ? (byId.get(replaces)?.name ?? null) : null };
          }),
          conflicted: [...conflicted],
          quorum: quorum(memberSeats, serving.length),
          calls: live.base.length ? callSuggestions(seats, live.periods, i.number) : [],
        };
      }),
    changes: [...live.changes].map((c) => ({
      id: c.id!,
      personId: c.personId,
      name: byId.get(c.personId)?.name ?? `Person ${c.personId}`,
      party: byId.get(c.personId)?.party ?? null,
      kind: c.kind,
      itemNumber: c.itemNumber,
      replacesPersonId: c.replacesPersonId,
      replacesName: c.replacesPersonId ? (byId.get(c.replacesPersonId)?.name ?? null) : null,
      text: changeText(seats, c),
    })),
    sentences: attendanceSentences(seats, live.base, live.changes, live.periods, (n) => paragraphOf.get(n) ?? null, maxItemOf(meeting)),
  };
}

export interface AttendanceChangeRequest {
  version: number;
  personId: number;
  kind: ChangeKind;
  itemNumber: number;
  replacesPersonId?: number | null;
}

/** One change of the live attendance, in one transaction with the minutes locked; refused when signing, stale or before the roll call. */
async function editLive(
  db: Db,
  actor: Actor,
  meetingId: number,
  version: number,
  change: (c: { trx: Executor; minutesId: number; meeting: MeetingDetail; seats: Seat[]; live: LiveAttendance }) => Promise<Record<string, unknown>>,
  action: string,
): Promise<LiveAttendanceView> {
  authorize(actor, 'minutes.edit');
  await db.tx(async (trx) => {
    const meeting = await meetings.getMeeting(trx, meetingId);
    const m = await store.findMinutesForUpdate(trx, meetingId);
    if (!m) throw conflict('minutes-not-open', 'Påbörja protokollet innan närvaron under sammanträdet protokollförs.');
    if (m.locked_at) throw conflict('minutes-locked', 'Protokollet är justerat och låst; det kan inte längre ändras.');
    if ((await store.adjustersOf(trx, m.id)).some((a) => a.signed_at)) {
      throw conflict('minutes-signing', 'Justeringen har börjat: protokollet kan inte ändras medan justerarna signerar.');
    }
    if (version !== m.version) {
      throw new DomainError(
        'stale-version',
        `Protokollet har ändrats av ${m.updated_by ?? 'någon annan'} sedan du hämtade det (din version ${version}, nu ${m.version}). Närvaron är hämtad på nytt; gör ändringen igen.`,
        { status: 409, details: { current: m.version, expected: version } },
      );
    }
    const seats = await seatsOf(trx, meeting);
    const live = await liveAttendance(trx, m.id, seats, meeting);
    if (live.base.length === 0) throw new DomainError('attendance-required', 'Fyll i närvaron vid sammanträdets början innan ändringar under sammanträdet protokollförs.');
    const after = await change({ trx, minutesId: m.id, meeting, seats, live });
    await store.touchMinutes(trx, m.id, actor.id, m.status === 'numbered' ? { pdf_sha256: null } : {});
    await audit(trx, { actor: actor.id, action, entity: 'minutes', entityId: meetingId, after });
  });
  return getLiveAttendance(db, actor, meetingId);
}

/**
 * Records that someone arrives at an item, leaves after one, or – an
 * ersättare – is called in to serve for a member from an item, by the
 * ersättarordning.
 */
export async function recordChange(db: Db, actor: Actor, meetingId: number, req: AttendanceChangeRequest): Promise<LiveAttendanceView> {
  return editLive(
    db,
    actor,
    meetingId,
    req.version,
    async ({ trx, minutesId, meeting, seats, live }) => {
      const item = meeting.items.find((i) => i.number === req.itemNumber);
      if (!item) throw new DomainError('invalid-attendance', `Punkt ${req.itemNumber} finns inte på föredragningslistan.`);
      const seat = seats.find((s) => s.personId === req.personId);
      const replaces = req.kind === 'arrives' ? (req.replacesPersonId ?? null) : null;
      if (req.kind === 'leaves' && req.replacesPersonId != null) throw new DomainError('invalid-attendance', 'Den som lämnar sammanträdet ersätter ingen; ange ersättaren som en ankomst.');
      if (replaces !== null) {
        // before the change: the ersättarordning among those free on the item
        assertCallIn(seats, live.periods, req.itemNumber, req.personId, replaces);
      } else if (!seat) {
        throw new DomainError('not-a-member', `Person ${req.personId} är varken ledamot eller ersättare i nämnden.`);
      }
      const change: AttendanceChange = { personId: req.personId, kind: req.kind, itemNumber: req.itemNumber, replacesPersonId: replaces };
      periodsOf(seats, live.base, [...live.changes, change], Math.max(1, ...meeting.items.map((i) => i.number)));
      const id = await astore.insertChange(trx, { minutes_id: minutesId, person_id: req.personId, kind: req.kind, item_number: req.itemNumber, replaces_person_id: replaces, created_by: actor.id });
      return { change: { id, ...change }, text: changeText(seats, change) };
    },
    'minutes.attendance-change',
  );
}

/** Takes a change back (recorded by mistake); refused when the changes after it no longer fit without it. */
export async function removeChange(db: Db, actor: Actor, meetingId: number, changeId: number, version: number): Promise<LiveAttendanceView> {
  return editLive(
    db,
    actor,
    meetingId,
    version,
    async ({ trx, minutesId, meeting, seats, live }) => {
      const c = live.changes.find((x) => x.id === changeId);
      if (!c) throw notFound('Närvaroändringen', changeId);
      assertChangesHold(seats, live.base, live.changes.filter((x) => x.id !== changeId), meeting);
      await astore.deleteChange(trx, minutesId, changeId);
      return { removed: { ...c }, text: changeText(seats, c) };
    },
    'minutes.attendance-change-remove',
  );
}
