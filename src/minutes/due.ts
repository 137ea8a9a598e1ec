/**
 * The protokoll work that is due, for the staff start page (issue 14.8):
 * minutes begun but not adjusted (with the deadline the committee decided in
 * its protokollsjustering item, else the statute's), adjusted but not yet
 * posted, and notices whose appeal period has run out and can come down.
 * The dates come from the legal clock; nothing here counts days itself.
 */
import type { Db } from '../db/index.ts';
import { adjustmentDue, appealPeriod, noticeDeadline } from '../meetings/legalClock.ts';
import { compareDates, daysBetween, type IsoDate } from '../kernel/dates.ts';

export interface DueMinutes {
  meetingId: number;
  bodyName: string;
  meetingDate: IsoDate;
  /** What is to be done, in Swedish. */
  task: 'justera' | 'anslå' | 'ta ned anslaget';
  /** The last day for it (for taking down: the first day it may be done). */
  by: IsoDate;
  /** Where `by` comes from, shown beside it. */
  basis: string;
  overdue: boolean;
}

/** Dates arrive as ISO strings on both databases (src/db/index.ts); a timestamp's date part otherwise. */
const iso = (d: unknown): IsoDate => String(d).slice(0, 10);

export async function dueMinutes(db: Db, today: IsoDate): Promise<DueMinutes[]> {
  const rows = await db.kysely
    .selectFrom('minutes as mi')
    .innerJoin('meeting as m', 'm.id', 'mi.meeting_id')
    .innerJoin('body as b', 'b.id', 'm.body_id')
    .leftJoin('notice as n', 'n.minutes_id', 'mi.id')
    .select(['m.id as meetingId', 'b.name as bodyName', 'm.date', 'mi.status', 'mi.adjusted_on', 'n.posted_on', 'n.taken_down_on'])
    .where((eb) => eb.or([eb('mi.status', '<>', 'adjusted'), eb('n.posted_on', 'is', null), eb('n.taken_down_on', 'is', null)]))
    .orderBy('m.date')
    .execute();
  if (rows.length === 0) return [];
  // the committee's own decision under its protokollsjustering item ("… ska vara justerat senast den …")
  const decided = new Map(
    (
      await db.kysely
        .selectFrom('agenda_item')
        .select(['meeting_id', 'adjustment_deadline'])
        .where('meeting_id', 'in', rows.map((r) => r.meetingId))
        .where('adjustment_deadline', 'is not', null)
        .execute()
    ).map((r) => [r.meeting_id, iso(r.adjustment_deadline)]),
  );
  const out: DueMinutes[] = [];
  for (const r of rows) {
    const meetingDate = iso(r.date);
    const base = { meetingId: r.meetingId, bodyName: r.bodyName, meetingDate };
    if (r.status !== 'adjusted') {
      // the same rule as the minutes' own clock: the committee's day unless it is after the statute's
      const due = adjustmentDue(meetingDate, decided.get(r.meetingId));
      const legal = due.legal.due;
      const basis = due.basis === 'decided' ? `nämndens beslut (lagens sista dag ${legal})` : due.exceedsLaw ? `kommunallagen (nämndens beslut ${due.decided} är senare än lagen medger)` : 'kommunallagen, 14 dagar efter sammanträdet';
      out.push({ ...base, task: 'justera', by: due.by, basis, overdue: compareDates(today, due.by) > 0 });
    } else if (!r.posted_on) {
      if (!r.adjusted_on) continue;
      const by = noticeDeadline(iso(r.adjusted_on)).due;
      out.push({ ...base, task: 'anslå', by, basis: 'kommunallagen 8 kap. 12 §, två dagar efter justeringen', overdue: compareDates(today, by) > 0 });
    } else if (!r.taken_down_on) {
      const from = appealPeriod(iso(r.posted_on)).takeDownFrom;
      if (daysBetween(today, from) > 0) continue; // still in its appeal period: nothing to do yet
      out.push({ ...base, task: 'ta ned anslaget', by: from, basis: 'överklagandetiden har gått ut (13 kap. 5 §)', overdue: false });
    }
  }
  return out;
}
