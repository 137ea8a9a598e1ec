/**
 * The staff start page (issue 14.8): what is due, in one read – each body's
 * next meeting with what its papers still lack and the day the kallelse must
 * be out by, and the protokoll work waiting (justering, anslag, taking down).
 */
import type { Db } from '../db/index.ts';
import type { Actor } from '../access/model.ts';
import { authorize } from '../access/model.ts';
import { daysBetween, todayInStockholm, type IsoDate } from '../kernel/dates.ts';
import { kallelseSendBy, type Deadline } from './legalClock.ts';
import { preparationOf, type MeetingPreparation } from '../documents/preparation.ts';
import { dueMinutes, type DueMinutes } from '../minutes/due.ts';
import { remissDeadlines, type RemissDeadline } from '../remiss/service.ts';

export interface UpcomingMeeting extends Omit<MeetingPreparation, 'meetingId'> {
  meetingId: number;
  bodyId: number;
  bodyName: string;
  date: IsoDate;
  startTime: string | null;
  place: string | null;
  /** The day the kallelse must be sent by (the reglemente's days before the meeting) and how many days are left. */
  sendBy: Deadline & { daysLeft: number; daysBefore: number };
  /** Everything ready and the kallelse sent (and not changed since). */
  ready: boolean;
}

export interface Overview {
  today: IsoDate;
  upcoming: UpcomingMeeting[];
  minutes: DueMinutes[];
  /** Remisser to answer and outgoing remiss periods that end (issue 21.1). */
  remisser: RemissDeadline[];
}

export async function overview(db: Db, actor: Actor, today: IsoDate = todayInStockholm()): Promise<Overview> {
  authorize(actor, 'minutes.read-draft');
  // each body's next meeting (today's included)
  const next = await db.kysely
    .selectFrom('meeting as m')
    .innerJoin('body as b', 'b.id', 'm.body_id')
    .select(['m.id', 'm.body_id', 'b.name', 'b.kallelse_days_before', 'm.date', 'm.start_time', 'm.place'])
    .where('m.date', '>=', today)
    .where('m.cancelled_at', 'is', null)
    // a cancelled (inställt) meeting is no one's next meeting
    .where((eb) =>
      eb('m.date', '=', eb.selectFrom('meeting as n').select((f) => f.fn.min('n.date').as('d')).whereRef('n.body_id', '=', 'm.body_id').where('n.date', '>=', today).where('n.cancelled_at', 'is', null)),
    )
    .orderBy('m.date')
    .orderBy('b.name')
    .execute();
  const prep = new Map((await preparationOf(db, next.map((m) => m.id))).map((p) => [p.meetingId, p]));
  const upcoming = next.map((m): UpcomingMeeting => {
    const date = m.date;
    const p = prep.get(m.id)!;
    const sendBy = kallelseSendBy(date, m.kallelse_days_before);
    return {
      ...p,
      bodyId: m.body_id,
      bodyName: m.name,
      date,
      startTime: m.start_time,
      place: m.place,
      sendBy: { ...sendBy, daysLeft: daysBetween(today, sendBy.due), daysBefore: m.kallelse_days_before },
      ready: p.memosNotReady.length === 0 && p.underlagMissing.length === 0 && p.book.sentAt !== null && !p.book.reissueNeeded,
    };
  });
  return { today, upcoming, minutes: await dueMinutes(db, today), remisser: await remissDeadlines(db, today) };
}
