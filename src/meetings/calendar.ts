/**
 * The meeting calendar (sammanträdesplan, issue 14.1): a body's meetings per
 * year, created one at a time or from the list of dates the body decided,
 * moved (date, time, place, group meetings, the "meddela förhinder" contact),
 * cancelled with a reason (the meeting stays, as inställt) and deleted when
 * nothing hangs on it. Every date is checked (kernel/weekdays.ts): a Saturday,
 * Sunday, public holiday or eve, or a weekday word that does not fit the date,
 * is refused with 409 `date-needs-confirming` until the caller confirms.
 * Writes are version-locked and audited; the permission is agenda.edit.
 * The body's public iCalendar feed is built here too (the `ics` package).
 */
import { createEvents, type EventAttributes } from 'ics';
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { assertIsoDate, parseTimeSpan, weekday, type IsoDate } from '../kernel/dates.ts';
import { cleanLine } from '../kernel/text.ts';
import { assertVersion } from '../kernel/version.ts';
import { dateWarningText, findDates, weekdayMismatchMessage } from '../kernel/weekdays.ts';
import { authorize, type Actor } from '../access/model.ts';
import { queueMeetingIndex } from '../publish/queue.ts';
import type { CalendarMeeting, CalendarView, DateLine, DateList, DateListResult, KallelseRule, MoveMeeting, NewCalendarMeeting } from './calendarContract.ts';
import * as cal from './calendarStore.ts';
import * as store from './store.ts';

const CONFIRM_HINT = 'Kontrollera datumet, eller bekräfta med "Spara ändå" om sammanträdet ska hållas då.';

function dependantsOf(r: cal.CalendarRow): string[] {
  const d: string[] = [];
  if (r.items > 0) d.push(r.items === 1 ? '1 punkt på föredragningslistan' : `${r.items} punkter på föredragningslistan`);
  if (r.minutes) d.push('ett protokoll');
  if (r.books > 0) d.push(r.books === 1 ? 'en kallelsebok' : `${r.books} versioner av kallelseboken`);
  if (r.imported) d.push('en inläst kallelse');
  if (r.support > 0) d.push('beslut i företagsstödsregistret');
  if (r.cofinancing > 0) d.push('medfinansieringsbeslut');
  if (r.dispatches > 0) d.push('en skickad kallelse');
  if (r.absences > 0) d.push(r.absences === 1 ? 'en anmälan om förhinder' : `${r.absences} anmälningar om förhinder`);
  return d;
}

const iso = (t: Date | string | null): string | null => (t === null ? null : new Date(t).toISOString());

function view(r: cal.CalendarRow): CalendarMeeting {
  return {
    id: r.id,
    bodyId: r.body_id,
    date: r.date,
    weekday: weekday(r.date),
    startTime: r.start_time,
    endTime: r.end_time,
    place: r.place,
    groupMeetings: r.group_meetings ?? [],
    absenceNotice: r.absence_notice,
    cancelledAt: iso(r.cancelled_at),
    cancelReason: r.cancel_reason,
    itemCount: r.items,
    dependants: dependantsOf(r),
    held: r.minutes,
    warning: dateWarningText(r.date),
    version: r.version,
  };
}

async function bodyOrFail(ex: Executor, bodyId: number) {
  const body = await store.findBody(ex, bodyId);
  if (!body) throw notFound('Nämnden', bodyId);
  return body;
}

/** The body's meetings of a year, oldest first, cancelled ones included. */
export async function calendarOf(db: Db | Executor, bodyId: number, year: number): Promise<CalendarView> {
  const ex = executorOf(db);
  const body = await bodyOrFail(ex, bodyId);
  const rows = await cal.meetingsOfBody(ex, bodyId, `${year}-01-01`, `${year}-12-31`);
  return { bodyId, bodyName: body.name, year, kallelseRule: await kallelseRule(ex, bodyId), meetings: rows.map(view) };
}

async function kallelseRule(ex: Executor, bodyId: number): Promise<KallelseRule> {
  const r = await cal.kallelseRule(ex, bodyId);
  if (!r) throw notFound('Nämnden', bodyId);
  return { bodyId, daysBefore: r.kallelse_days_before, version: r.version };
}

/** Sets the reglemente's days between the kallelse and the meeting for a body, at the body's version. */
export async function setKallelseRule(db: Db, actor: Actor, bodyId: number, input: { daysBefore: number; version: number }): Promise<KallelseRule> {
  authorize(actor, 'agenda.edit');
  if (!Number.isInteger(input.daysBefore) || input.daysBefore < 1 || input.daysBefore > 60) {
    throw new DomainError('invalid-kallelse-days', 'Ange antalet dagar före sammanträdet som ett heltal mellan 1 och 60.');
  }
  return db.tx(async (trx) => {
    const before = await cal.kallelseRule(trx, bodyId, true);
    if (!before) throw notFound('Nämnden', bodyId);
    assertVersion(before.version, input.version, 'Nämndens regel för kallelsen', await store.lastChangedBy(trx, 'body', bodyId));
    await cal.setKallelseDays(trx, bodyId, input.daysBefore);
    await audit(trx, { actor: actor.id, action: 'body.kallelse-rule', entity: 'body', entityId: bodyId, before: { daysBefore: before.kallelse_days_before, version: before.version }, after: { daysBefore: input.daysBefore } });
    return kallelseRule(trx, bodyId);
  });
}

interface Schedule {
  date?: string;
  startTime?: string | null;
  endTime?: string | null;
  place?: string | null;
  groupMeetings?: string[];
  absenceNotice?: string | null;
}

function assertTimes(start: string | null | undefined, end: string | null | undefined): void {
  for (const t of [start, end]) {
    if (t && (!/^\d{2}:\d{2}$/.test(t) || !parseTimeSpan(t))) throw new DomainError('invalid-time', `Tiden "${t}" är ogiltig; skriv den som TT:MM, till exempel 10:00.`);
  }
  if (start && end && end <= start) throw new DomainError('invalid-time', 'Sluttiden måste vara efter starttiden.');
  if (end && !start) throw new DomainError('invalid-time', 'Ange en starttid när du anger en sluttid.');
}

/** The schedule's fields, checked and cleaned (date given). */
function fieldsOf(date: IsoDate, s: Schedule): cal.ScheduleFields {
  assertIsoDate(date, 'Sammanträdesdatumet');
  assertTimes(s.startTime, s.endTime);
  const text = (t: string | null | undefined) => (t ? cleanLine(t) || null : null);
  return {
    date,
    start_time: s.startTime || null,
    end_time: s.endTime || null,
    place: text(s.place),
    group_meetings: (s.groupMeetings ?? []).map(cleanLine).filter(Boolean),
    absence_notice: text(s.absenceNotice),
  };
}

/** Refuses a date that needs confirming (weekend, holiday) unless confirmed. */
function assertConfirmed(date: IsoDate, confirm: boolean | undefined): void {
  const warning = dateWarningText(date);
  if (warning && !confirm) {
    throw new DomainError('date-needs-confirming', `${warning} ${CONFIRM_HINT}`, { status: 409, details: { warnings: [warning], date } });
  }
}

const taken = (bodyName: string, date: string) =>
  new DomainError('meeting-exists', `${bodyName} har redan ett sammanträde ${date} (${weekday(date)}).`, { status: 409 });

/** Turns a unique-key violation of (body, date) into the Swedish refusal. */
async function uniqueDate<T>(bodyName: string, date: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw taken(bodyName, date);
    throw e;
  }
}

/** Adds one meeting to a body's calendar. */
export async function createCalendarMeeting(db: Db, actor: Actor, bodyId: number, input: NewCalendarMeeting): Promise<CalendarMeeting> {
  authorize(actor, 'agenda.edit');
  const f = fieldsOf(input.date, input);
  assertConfirmed(f.date, input.confirm);
  return db.tx(async (trx) => {
    const body = await bodyOrFail(trx, bodyId);
    if ((await cal.takenDates(trx, bodyId, [f.date])).size) throw taken(body.name, f.date);
    const id = await uniqueDate(body.name, f.date, () => cal.insertScheduled(trx, bodyId, f));
    await audit(trx, { actor: actor.id, action: 'meeting.create', entity: 'meeting', entityId: id, after: { bodyId, ...f, confirmed: Boolean(input.confirm) } });
    return view((await cal.calendarMeeting(trx, id))!);
  });
}

// ── A list of dates (the body's decision on next year's meetings) ──

/** "kl. 9.00", "kl 09:00-12:00" on a line: that line's time. */
const TIME_ON_LINE = /\bkl\.?\s*(\d{1,2}[.:]\d{2}(?:\s*[-–—]\s*\d{1,2}[.:]\d{2})?)/iu;
/** A line that looks as if it meant a date (a day number standing alone, or a month's name) but none could be read. */
const DAY_LIKE = /(?<![\p{L}\p{N}])\d{1,2}(?![\p{L}\p{N}])|(?<![\p{L}])(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)(?![\p{L}])/iu;

/**
 * Reads the list: every date on every line, with that line's time ("kl. 9.00")
 * or the list's, and what each needs: an error (no such day, no year, a date
 * already taken or written twice, a line with something date-like that could
 * not be read) or a warning (weekend, holiday, a weekday word that does not fit).
 */
async function readDateList(ex: Executor, bodyId: number, bodyName: string, input: DateList): Promise<{ lines: DateLine[]; errors: string[] }> {
  assertTimes(input.startTime, input.endTime);
  const found = findDates(input.text, input.year === undefined ? {} : { defaultYear: input.year });
  const lines = input.text.split('\n');
  const out: DateLine[] = [];
  const errors: string[] = [];
  const error = (m: string) => {
    errors.push(m);
    return m;
  };
  const seen = new Set<string>();
  const existing = await cal.takenDates(ex, bodyId, found.flatMap((f) => (f.date ? [f.date] : [])));
  for (const [k, raw] of lines.entries()) {
    const lineNo = k + 1;
    const onLine = found.filter((f) => f.line === lineNo);
    const time = TIME_ON_LINE.exec(raw);
    const span = time ? parseTimeSpan(time[1]!) : null;
    if (onLine.length === 0) {
      const rest = raw.replace(TIME_ON_LINE, ' ');
      if (DAY_LIKE.test(rest)) {
        out.push({ line: lineNo, text: cleanLine(raw).slice(0, 200), date: null, weekday: null, startTime: null, endTime: null, status: 'error', messages: [error(`Rad ${lineNo}: "${cleanLine(raw).slice(0, 80)}" innehåller inget datum som kunde läsas. Skriv det som 2027-02-10 eller 10 februari 2027.`)], meetingId: null });
      }
      continue;
    }
    if (time && !span) {
      out.push({ line: lineNo, text: cleanLine(raw).slice(0, 200), date: null, weekday: null, startTime: null, endTime: null, status: 'error', messages: [error(`Rad ${lineNo}: tiden "${time[1]}" är ogiltig.`)], meetingId: null });
      continue;
    }
    for (const f of onLine) {
      const messages: string[] = [];
      let status: DateLine['status'] = 'ok';
      const startTime = span ? span.start : (input.startTime ?? null);
      const endTime = span ? span.end : (input.endTime ?? null);
      if (!f.date) {
        status = 'error';
        messages.push(error(`Rad ${lineNo}: ${f.problem}`));
      } else {
        if (existing.has(f.date)) {
          status = 'error';
          messages.push(error(`Rad ${lineNo}: ${bodyName} har redan ett sammanträde ${f.date}.`));
        } else if (seen.has(f.date)) {
          status = 'error';
          messages.push(error(`Rad ${lineNo}: ${f.date} står två gånger i listan.`));
        }
        seen.add(f.date);
        const warning = dateWarningText(f.date);
        const actual = weekday(f.date);
        const mismatch = f.weekdayWord && f.weekdayWord !== actual ? weekdayMismatchMessage(f.fragment, f.date, f.weekdayWord, actual) : null;
        for (const w of [warning, mismatch]) {
          if (!w) continue;
          messages.push(`Rad ${lineNo}: ${w}`);
          if (status === 'ok') status = 'warning';
        }
        if (startTime && endTime && endTime <= startTime) {
          status = 'error';
          messages.push(error(`Rad ${lineNo}: sluttiden måste vara efter starttiden.`));
        }
      }
      out.push({ line: lineNo, text: cleanLine(f.fragment), date: f.date, weekday: f.date ? weekday(f.date) : null, startTime, endTime, status, messages, meetingId: null });
    }
  }
  return { lines: out, errors };
}

/**
 * Adds the meetings of a list of dates, all or none. `preview` only reads the
 * list (nothing is saved). An error on any line refuses the whole list (400,
 * the lines in details); a warning refuses it with 409 until `confirm`.
 */
export async function addDateList(db: Db, actor: Actor, bodyId: number, input: DateList): Promise<DateListResult> {
  authorize(actor, 'agenda.edit');
  return db.tx(async (trx) => {
    const body = await bodyOrFail(trx, bodyId);
    const { lines, errors } = await readDateList(trx, bodyId, body.name, input);
    if (input.preview) return { saved: false, lines };
    if (lines.length === 0) throw new DomainError('no-dates', 'Listan innehåller inga datum. Skriv ett datum per rad eller med komma emellan, till exempel 2027-02-10, 2027-03-17.');
    if (errors.length) {
      const msgs = errors;
      throw new DomainError('date-list-invalid', `Inget sparades. ${msgs.slice(0, 5).join(' ')}${msgs.length > 5 ? ` (och ${msgs.length - 5} till)` : ''}`, { details: { lines } });
    }
    const warned = lines.filter((l) => l.status === 'warning');
    if (warned.length && !input.confirm) {
      const msgs = warned.flatMap((l) => l.messages);
      throw new DomainError('date-needs-confirming', `${msgs.slice(0, 5).join(' ')}${msgs.length > 5 ? ` (och ${msgs.length - 5} till)` : ''} ${CONFIRM_HINT}`, { status: 409, details: { lines, warnings: msgs } });
    }
    const saved: DateLine[] = [];
    for (const l of lines) {
      const f = fieldsOf(l.date!, { ...input, startTime: l.startTime, endTime: l.endTime });
      const id = await uniqueDate(body.name, f.date, () => cal.insertScheduled(trx, bodyId, f));
      await audit(trx, { actor: actor.id, action: 'meeting.create', entity: 'meeting', entityId: id, after: { bodyId, ...f, fromList: l.text, confirmed: l.status === 'warning' } });
      saved.push({ ...l, status: 'created', meetingId: id });
    }
    return { saved: true, lines: saved };
  });
}

// ── Moving, cancelling, deleting ──

async function lockedForChange(trx: Executor, id: number, version: number): Promise<cal.CalendarRow> {
  const row = await cal.calendarMeeting(trx, id, true);
  if (!row) throw notFound('Sammanträdet', id);
  assertVersion(row.version, version, 'Sammanträdet', await store.lastChangedBy(trx, 'meeting', id));
  return row;
}

/** Moves a meeting, or changes its time, place, group meetings or "meddela förhinder" contact. A new date that needs confirming needs `confirm`. */
export async function moveMeeting(db: Db, actor: Actor, id: number, input: MoveMeeting): Promise<CalendarMeeting> {
  authorize(actor, 'agenda.edit');
  const f = fieldsOf(input.date, input);
  return db.tx(async (trx) => {
    const before = await lockedForChange(trx, id, input.version);
    if (before.cancelled_at) throw new DomainError('meeting-cancelled', `Sammanträdet ${before.date} är inställt och kan inte ändras.`, { status: 409 });
    if (f.date !== before.date) {
      if (before.minutes || before.agenda_closed_at) throw new DomainError('meeting-held', `Sammanträdet ${before.date} har ett protokoll; dess datum kan inte längre ändras.`, { status: 409 });
      assertConfirmed(f.date, input.confirm);
      const body = await bodyOrFail(trx, before.body_id);
      if ((await cal.takenDates(trx, before.body_id, [f.date])).size) throw taken(body.name, f.date);
      await uniqueDate(body.name, f.date, () => cal.updateSchedule(trx, id, f));
    } else {
      await cal.updateSchedule(trx, id, f);
    }
    // search hits carry the meeting's date
    if (before.items > 0) await queueMeetingIndex(trx, id);
    await audit(trx, {
      actor: actor.id, action: 'meeting.move', entity: 'meeting', entityId: id,
      before: { date: before.date, start_time: before.start_time, end_time: before.end_time, place: before.place, group_meetings: before.group_meetings, absence_notice: before.absence_notice, version: before.version },
      after: { ...f, confirmed: Boolean(input.confirm) },
    });
    return view((await cal.calendarMeeting(trx, id))!);
  });
}

/** Cancels a meeting (inställt) with a reason; it stays in the calendar. */
export async function cancelMeeting(db: Db, actor: Actor, id: number, input: { reason: string; version: number }): Promise<CalendarMeeting> {
  authorize(actor, 'agenda.edit');
  const reason = cleanLine(input.reason ?? '');
  if (!reason) throw new DomainError('cancel-reason-required', 'Skriv varför sammanträdet ställs in.');
  return db.tx(async (trx) => {
    const before = await lockedForChange(trx, id, input.version);
    if (before.cancelled_at) throw new DomainError('meeting-cancelled', `Sammanträdet ${before.date} är redan inställt.`, { status: 409 });
    if (before.minutes) throw new DomainError('meeting-held', `Sammanträdet ${before.date} har ett protokoll och kan inte ställas in.`, { status: 409 });
    await cal.setCancelled(trx, id, reason);
    await audit(trx, { actor: actor.id, action: 'meeting.cancel', entity: 'meeting', entityId: id, before: { version: before.version }, after: { reason } });
    return view((await cal.calendarMeeting(trx, id))!);
  });
}

/** Deletes a meeting nothing hangs on; otherwise refuses, naming what does. */
export async function deleteMeeting(db: Db, actor: Actor, id: number, input: { version: number }): Promise<{ deleted: number }> {
  authorize(actor, 'agenda.edit');
  return db.tx(async (trx) => {
    const before = await lockedForChange(trx, id, input.version);
    const deps = dependantsOf(before);
    const refuse = (what: string) =>
      new DomainError('meeting-in-use', `Sammanträdet ${before.date} kan inte tas bort: det har ${what}. Ställ in det i stället.`, { status: 409 });
    if (deps.length) throw refuse(svList(deps));
    try {
      await cal.deleteMeeting(trx, id);
    } catch (e) {
      // something another part of Styrbord keeps about the meeting, added after this list of dependants was written
      if ((e as { code?: string }).code === '23503') throw refuse('uppgifter som hör till det i en annan del av Styrbord');
      throw e;
    }
    await audit(trx, {
      actor: actor.id, action: 'meeting.delete', entity: 'meeting', entityId: id,
      before: { bodyId: before.body_id, date: before.date, start_time: before.start_time, end_time: before.end_time, place: before.place, cancelled: Boolean(before.cancelled_at), version: before.version },
    });
    return { deleted: id };
  });
}

const svList = (parts: string[]) => (parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} och ${parts[parts.length - 1]}`);

// ── The public iCalendar feed ──

/** Minutes east of UTC in Stockholm at an instant. */
function stockholmOffset(utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Stockholm', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(new Date(utcMs));
  const n = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return (Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute')) - utcMs) / 60_000;
}

/** The instant of a wall-clock time in Stockholm (summer time included). */
export function stockholmInstant(date: IsoDate, time: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, h, mi);
  let utc = wall - stockholmOffset(wall) * 60_000;
  utc = wall - stockholmOffset(utc) * 60_000;
  return utc;
}

const FEED_LIMIT = 1000;

/**
 * The body's meetings as iCalendar (RFC 5545), for anyone to subscribe to:
 * date, time, place, the body's name and a link to the meeting's page –
 * nothing else (no reasons, contacts or papers). A meeting with a time is
 * timed in UTC (3 hours when no end time is set); one without is a whole
 * day. A cancelled meeting stays with STATUS:CANCELLED, so subscribed
 * calendars drop it; SEQUENCE is the meeting's version.
 */
export async function calendarFeed(db: Db, bodyId: number, baseUrl: string): Promise<string> {
  const body = await bodyOrFail(db.kysely, bodyId);
  const rows = await cal.feedMeetings(db.kysely, bodyId, FEED_LIMIT);
  const host = new URL(baseUrl).host || 'styrbord';
  const events: EventAttributes[] = rows.reverse().map((m) => {
    const [y, mo, d] = m.date.split('-').map(Number) as [number, number, number];
    const link = `${baseUrl}/sammantraden/${m.id}`;
    const cancelled = m.cancelled_at !== null;
    const when = m.start_time ? `kl. ${m.start_time.replace(':', '.')}${m.end_time ? `–${m.end_time.replace(':', '.')}` : ''}` : 'tid ej bestämd';
    const base = {
      uid: `meeting-${m.id}@${host}`,
      sequence: m.version,
      title: `${cancelled ? 'INSTÄLLT: ' : ''}${body.name}, sammanträde`,
      description: `${body.name} sammanträder ${m.date} (${weekday(m.date)}), ${when}${m.place ? `, ${m.place}` : ''}.${cancelled ? ' Sammanträdet är inställt.' : ''}\n${link}`,
      url: link,
      status: cancelled ? ('CANCELLED' as const) : ('CONFIRMED' as const),
      lastModified: new Date(m.updated_at).getTime(),
      productId: 'styrbord/sammantradesplan',
      calName: `${body.name} – sammanträdesplan`,
      ...(m.place ? { location: m.place } : {}),
    };
    if (!m.start_time) {
      const next = new Date(Date.UTC(y, mo - 1, d + 1));
      return { ...base, start: [y, mo, d], end: [next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()] } as EventAttributes;
    }
    const start = stockholmInstant(m.date, m.start_time);
    const end = m.end_time ? stockholmInstant(m.date, m.end_time) : start + 3 * 3_600_000;
    return { ...base, start, startInputType: 'utc', startOutputType: 'utc', end, endInputType: 'utc', endOutputType: 'utc' } as EventAttributes;
  });
  const { error, value } = createEvents(events, { productId: 'styrbord/sammantradesplan', calName: `${body.name} – sammanträdesplan` });
  if (error || value === null) throw error ?? new Error('iCalendar could not be built');
  return value;
}
