/** SQL of the meeting calendar (issue 14.1): a body's meetings with what hangs on them, and their schedule's writes. */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';

/** A meeting's schedule: what the calendar writes. */
export interface ScheduleFields {
  date: string;
  start_time: string | null;
  end_time: string | null;
  place: string | null;
  group_meetings: string[];
  absence_notice: string | null;
}

export interface CalendarRow extends ScheduleFields {
  id: number;
  body_id: number;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  version: number;
  agenda_closed_at: Date | null;
  imported: boolean;
  items: number;
  minutes: boolean;
  books: number;
  support: number;
  cofinancing: number;
  dispatches: number;
  absences: number;
}

const select = (ex: Executor) =>
  ex
    .selectFrom('meeting as m')
    .select([
      'm.id', 'm.body_id', 'm.date', 'm.start_time', 'm.end_time', 'm.place', 'm.group_meetings', 'm.absence_notice',
      'm.cancelled_at', 'm.cancel_reason', 'm.version', 'm.agenda_closed_at',
      sql<boolean>`m.source_sha256 is not null`.as('imported'),
      sql<number>`(select count(*)::int from agenda_item ai where ai.meeting_id = m.id)`.as('items'),
      sql<boolean>`exists (select 1 from minutes mi where mi.meeting_id = m.id)`.as('minutes'),
      sql<number>`(select count(*)::int from kallelse_book kb where kb.meeting_id = m.id)`.as('books'),
      sql<number>`(select count(*)::int from business_support bs where bs.meeting_id = m.id)`.as('support'),
      sql<number>`(select count(*)::int from cofinancing_decision cd where cd.meeting_id = m.id)`.as('cofinancing'),
      sql<number>`(select count(*)::int from kallelse_dispatch kd where kd.meeting_id = m.id)`.as('dispatches'),
      sql<number>`(select count(*)::int from absence_report ar where ar.meeting_id = m.id)`.as('absences'),
    ]);

/** A body's meetings in a date range, oldest first. */
export async function meetingsOfBody(ex: Executor, bodyId: number, from: string, to: string): Promise<CalendarRow[]> {
  return (await select(ex).where('m.body_id', '=', bodyId).where('m.date', '>=', from).where('m.date', '<=', to).orderBy('m.date').execute()) as CalendarRow[];
}

/** One meeting; `lock` takes its row lock for the transaction. */
export async function calendarMeeting(ex: Executor, id: number, lock = false): Promise<CalendarRow | undefined> {
  if (lock) await sql`select id from meeting where id = ${id} for update`.execute(ex);
  return (await select(ex).where('m.id', '=', id).executeTakeFirst()) as CalendarRow | undefined;
}

/** The dates of a body's meetings among `dates`. */
export async function takenDates(ex: Executor, bodyId: number, dates: string[]): Promise<Set<string>> {
  if (dates.length === 0) return new Set();
  const rows = await ex.selectFrom('meeting').select('date').where('body_id', '=', bodyId).where('date', 'in', dates).execute();
  return new Set(rows.map((r) => r.date));
}

export async function insertScheduled(ex: Executor, bodyId: number, f: ScheduleFields): Promise<number> {
  const row = await ex
    .insertInto('meeting')
    .values({ body_id: bodyId, ...f, secretary: null, total_pages: null, source_sha256: null, source_file: null, imported_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateSchedule(ex: Executor, id: number, f: ScheduleFields): Promise<void> {
  await ex.updateTable('meeting').set({ ...f, version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', id).execute();
}

export async function setCancelled(ex: Executor, id: number, reason: string): Promise<void> {
  await ex.updateTable('meeting').set({ cancelled_at: sql`now()`, cancel_reason: reason, version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', id).execute();
}

export async function kallelseRule(ex: Executor, bodyId: number, lock = false) {
  const q = ex.selectFrom('body').select(['kallelse_days_before', 'version']).where('id', '=', bodyId);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export async function setKallelseDays(ex: Executor, bodyId: number, days: number): Promise<void> {
  await ex.updateTable('body').set({ kallelse_days_before: days, version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', bodyId).execute();
}

export async function deleteMeeting(ex: Executor, id: number): Promise<void> {
  await ex.deleteFrom('meeting').where('id', '=', id).execute();
}

/** A body's meetings for its public feed (newest last), at most `limit`. */
export async function feedMeetings(ex: Executor, bodyId: number, limit: number) {
  return ex
    .selectFrom('meeting')
    .select(['id', 'date', 'start_time', 'end_time', 'place', 'cancelled_at', 'version', 'updated_at'])
    .where('body_id', '=', bodyId)
    .orderBy('date', 'desc')
    .limit(limit)
    .execute();
}
