/**
 * The meeting calendar (issue 14.1) through its routes, on PGlite and PostgreSQL:
 * a year's dates from one list, the holiday warning and its confirmation,
 * moving, cancelling and deleting with optimistic locking and audit, and the
 * public iCalendar feed read back line by line.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { SYSTEM } from '../../src/access/model.ts';
import * as meetings from '../../src/meetings/service.ts';
import { importKallelse } from '../../src/importer/service.ts';
import type { CalendarMeeting, CalendarView, DateListResult } from '../../src/meetings/calendarContract.ts';

afterAll(dropTestSchemas);

/** The iCalendar text unfolded (RFC 5545 3.1: a line break followed by a space continues the line). */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
/** The events of a feed, each as its property lines (name → value, the name with its parameters). */
function events(ics: string): Array<Map<string, string>> {
  const out: Array<Map<string, string>> = [];
  let cur: Map<string, string> | null = null;
  for (const line of unfold(ics)) {
    if (line === 'BEGIN:VEVENT') cur = new Map();
    else if (line === 'END:VEVENT') {
      out.push(cur!);
      cur = null;
    } else if (cur) {
      const i = line.indexOf(':');
      cur.set(line.slice(0, i), line.slice(i + 1));
    }
  }
  return out;
}

describe.each(testDatabases)('meeting calendar on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let secretary: Client;
  let officer: Client;
  let bodyId: number;

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    secretary = await signIn(app, db, ['secretary']);
    officer = await signIn(app, db, ['case-officer']);
    bodyId = (await db.kysely.insertInto('body').values({ name: 'Regional tillväxtnämnd', organisation: 'Region Örebro län' }).returning('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const calendar = async (year: number) => {
    const res = await app.inject({ method: 'GET', url: `/api/bodies/${bodyId}/calendar/${year}` });
    expect(res.statusCode).toBe(200);
    return res.json() as CalendarView;
  };
  const auditOf = (id: number) =>
    db.kysely.selectFrom('audit_log').select(['action', 'actor', 'before', 'after']).where('entity', '=', 'meeting').where('entity_id', '=', String(id)).orderBy('id').execute();
  const meetingCount = async () => Number((await db.kysely.selectFrom('meeting').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('adds a year of dates from one list: previewed per line, a holiday refused until confirmed, then all saved in one go', async () => {
    const text = [
      'att fastställa sammanträdesdagar för 2027 till',
      'onsdag 10 februari 2027 kl. 9.00-12.00',
      '2027-03-17, 2027-04-21',
      'torsdag 6 maj 2027', // Kristi himmelsfärdsdag
      '2 juni',
    ].join('\n');
    const payload = { text, year: 2027, startTime: '10:00', endTime: '15:00', place: 'Regionens hus, sal A', absenceNotice: 'Meddela förhinder till nämndsekreteraren' };

    // only staff who edit the agenda
    expect((await app.inject({ method: 'POST', url: `/api/bodies/${bodyId}/calendar/dates`, payload })).statusCode).toBe(401);
    const denied = await app.inject({ method: 'POST', url: `/api/bodies/${bodyId}/calendar/dates`, ...officer, payload });
    expect(denied.statusCode).toBe(403);

    const preview = await app.inject({ method: 'POST', url: `/api/bodies/${bodyId}/calendar/dates`, ...secretary, payload: { ...payload, preview: true } });
    expect(preview.statusCode).toBe(200);
    const p = preview.json() as DateListResult;
    expect(p.saved).toBe(false);
    expect(p.lines.map((l) => [l.line, l.date, l.weekday, l.startTime, l.endTime, l.status])).toEqual([
      [2, '2027-02-10', 'onsdag', '09:00', '12:00', 'ok'],
      [3, '2027-03-17', 'onsdag', '10:00', '15:00', 'ok'],
      [3, '2027-04-21', 'onsdag', '10:00', '15:00', 'ok'],
      [4, '2027-05-06', 'torsdag', '10:00', '15:00', 'warning'],
      [5, '2027-06-02', 'onsdag', '10:00', '15:00', 'ok'],
    ]);
    expect(p.lines[3]!.messages).toEqual(['Rad 4: 2027-05-06 är Kristi himmelsfärdsdag (torsdag).']);
    expect(await meetingCount()).toBe(0);

    const refused = await app.inject({ method: 'POST', url: `/api/bodies/${bodyId}/calendar/dates`, ...secretary, payload });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('date-needs-confirming');
    expect(refused.json().error.message).toContain('Rad 4: 2027-05-06 är Kristi himmelsfärdsdag (torsdag).');
    expect(refused.json().error.message).toContain('Spara ändå');
    expect(await meetingCount()).toBe(0);

    const saved = await app.inject({ method: 'POST', url: `/api/bodies/${bodyId}/calendar/dates`, ...secretary, payload: { ...payload, confirm: true } });
    expect(saved.statusCode).toBe(201);
    const s = saved.json() as DateListResult;
    expect(s.saved).toBe(true);
    expect(s.lines.every((l) => l.status === 'created' && l.meetingId !== null)).toBe(true);

    const year = await calendar(2027);
    expect(year.bodyName).toBe('Regional tillväxtnämnd');
    expect(year.meetings.map((m) => [m.date, m.weekday, m.startTime, m.endTime, m.place, m.warning])).toEqual([
      ['2027-02-10', 'onsdag', '09:00', '12:00', 'Regionens hus, sal A', null],
      ['2027-03-17', 'onsdag', '10:00', '15:00', 'Regionens hus, sal A', null],
      ['2027-04-21', 'onsdag', '10:00', '15:00', 'Regionens hus, sal A', null],
      ['2027-05-06', 'torsdag', '10:00', '15:00', 'Regionens hus, sal A', '2027-05-06 är Kristi himmelsfärdsdag (torsdag).'],
      ['2027-06-02', 'onsdag', '10:00', '15:00', 'Regionens hus, sal A', null],
    ]);
    expect(year.meetings[0]!.absenceNotice).toBe('Meddela förhinder till nämndsekreteraren');
    expect((await calendar(2026)).meetings).toEqual([]);
    const audited = await auditOf(year.meetings[3]!.id);
    expect(audited.map((a) => a.action)).toEqual(['meeting.create']);
    expect(audited[0]!.after).toMatchObject({ date: '2027-05-06', confirmed: true, fromList: 'torsdag 6 maj 2027' });
  });

  it('refuses a list with a bad line as a whole, naming each line, and saves nothing', async () => {
    const before = await meetingCount();
    const text = 'onsdag 8 september 2027\n30 februari 2027\n10 febuari 2027\n2027-03-17\n2027-10-13, 2027-10-13\ntisdag 17 november 2027';
    const res = await app.inject({ method: 'POST', url: `/api/bodies/${bodyId}/calendar/dates`, ...secretary, payload: { text, confirm: true } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('date-list-invalid');
    const msg = res.json().error.message as string;
    expect(msg).toMatch(/^Inget sparades\./);
    expect(msg).toContain('Rad 2: "30 februari 2027" är inget datum som finns.');
    expect(msg).toContain('Rad 3: "10 febuari 2027" innehåller inget datum som kunde läsas.');
    expect(msg).toContain('Rad 4: Regional tillväxtnämnd har redan ett sammanträde 2027-03-17.');
    expect(msg).toContain('Rad 5: 2027-10-13 står två gånger i listan.');
    expect(await meetingCount()).toBe(before);

    // a weekday word that does not fit its date is a warning, like a holiday (2027-11-17 is a Wednesday)
    const p = (await app.inject({ method: 'POST', url: `/api/bodies/${bodyId}/calendar/dates`, ...secretary, payload: { text: 'tisdag 17 november 2027', preview: true } })).json() as DateListResult;
    expect(p.lines).toMatchObject([{ status: 'warning', messages: ['Rad 1: "tisdag 17 november 2027": 2027-11-17 är en onsdag, inte en tisdag.'] }]);
    const noDates = await app.inject({ method: 'POST', url: `/api/bodies/${bodyId}/calendar/dates`, ...secretary, payload: { text: 'inga datum här' } });
    expect(noDates.statusCode).toBe(400);
    expect(noDates.json().error.code).toBe('no-dates');
  });

  it('adds one meeting; a Saturday needs confirming; the same date twice is refused', async () => {
    const url = `/api/bodies/${bodyId}/calendar`;
    const sat = await app.inject({ method: 'POST', url, ...secretary, payload: { date: '2027-09-18', startTime: '09:00' } });
    expect(sat.statusCode).toBe(409);
    expect(sat.json().error).toMatchObject({ code: 'date-needs-confirming', details: { warnings: ['2027-09-18 är en lördag.'] } });
    const ok = await app.inject({ method: 'POST', url, ...secretary, payload: { date: '2027-09-15', startTime: '09:00', endTime: '12:00', place: 'Digitalt', groupMeetings: ['Gruppmöten kl. 08.00'] } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ date: '2027-09-15', weekday: 'onsdag', groupMeetings: ['Gruppmöten kl. 08.00'], dependants: [], version: 1 });
    const again = await app.inject({ method: 'POST', url, ...secretary, payload: { date: '2027-09-15' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('Regional tillväxtnämnd har redan ett sammanträde 2027-09-15 (onsdag).');
    const badTime = await app.inject({ method: 'POST', url, ...secretary, payload: { date: '2027-09-22', startTime: '12:00', endTime: '10:00' } });
    expect(badTime.statusCode).toBe(400);
    expect(badTime.json().error.message).toBe('Sluttiden måste vara efter starttiden.');
    const confirmed = await app.inject({ method: 'POST', url, ...secretary, payload: { date: '2027-09-18', confirm: true } });
    expect(confirmed.statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: `/api/bodies/999999/calendar`, ...secretary, payload: { date: '2027-09-15' } })).statusCode).toBe(404);
  });

  it('moves a meeting with its version; a stale version and a holiday are refused in Swedish', async () => {
    const m = (await calendar(2027)).meetings.find((x) => x.date === '2027-04-21')!;
    const url = `/api/meetings/${m.id}/schedule`;
    const fields = { date: '2027-04-28', startTime: '13:00', endTime: '16:00', place: 'Regionens hus, sal B', groupMeetings: ['Gruppmöten kl. 12.00'], absenceNotice: 'Anmäl förhinder senast dagen före' };
    const moved = await app.inject({ method: 'PUT', url, ...secretary, payload: { ...fields, version: m.version } });
    expect(moved.statusCode).toBe(200);
    const after = moved.json() as CalendarMeeting;
    expect(after).toMatchObject({ ...fields, weekday: 'onsdag', version: m.version + 1 });

    const stale = await app.inject({ method: 'PUT', url, ...secretary, payload: { ...fields, place: 'Annan sal', version: m.version } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale-version');
    expect(stale.json().error.message).toMatch(/^Sammanträdet har ändrats av .+ sedan du hämtade den \(din version 1, nu 2\)/);

    const holiday = await app.inject({ method: 'PUT', url, ...secretary, payload: { ...fields, date: '2027-03-29', version: after.version } });
    expect(holiday.statusCode).toBe(409);
    expect(holiday.json().error.message).toContain('2027-03-29 är annandag påsk (måndag).');
    const taken = await app.inject({ method: 'PUT', url, ...secretary, payload: { ...fields, date: '2027-03-17', version: after.version } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('meeting-exists');
    // the time alone changes without confirming, even on a day that once was confirmed
    const h = (await calendar(2027)).meetings.find((x) => x.date === '2027-05-06')!;
    const retimed = await app.inject({ method: 'PUT', url: `/api/meetings/${h.id}/schedule`, ...secretary, payload: { date: h.date, startTime: '08:30', version: h.version } });
    expect(retimed.statusCode).toBe(200);
    expect(retimed.json()).toMatchObject({ startTime: '08:30', endTime: null, place: null });

    const log = await auditOf(m.id);
    expect(log.map((a) => a.action)).toEqual(['meeting.create', 'meeting.move']);
    expect(log[1]!.before).toMatchObject({ date: '2027-04-21', version: 1 });
    expect(log[1]!.after).toMatchObject({ date: '2027-04-28', place: 'Regionens hus, sal B' });
  });

  it('cancels a meeting with a reason; it stays listed as inställt and can no longer be moved', async () => {
    const m = (await calendar(2027)).meetings.find((x) => x.date === '2027-06-02')!;
    const url = `/api/meetings/${m.id}/cancel`;
    const noReason = await app.inject({ method: 'POST', url, ...secretary, payload: { reason: '   ', version: m.version } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toBe('Skriv varför sammanträdet ställs in.');
    const stale = await app.inject({ method: 'POST', url, ...secretary, payload: { reason: 'Inga ärenden', version: m.version + 5 } });
    expect(stale.statusCode).toBe(409);
    const cancelled = await app.inject({ method: 'POST', url, ...secretary, payload: { reason: 'Inga ärenden att behandla', version: m.version } });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ cancelReason: 'Inga ärenden att behandla', version: m.version + 1 });
    expect(cancelled.json().cancelledAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const listed = (await calendar(2027)).meetings.find((x) => x.id === m.id)!;
    expect(listed.cancelReason).toBe('Inga ärenden att behandla');
    const twice = await app.inject({ method: 'POST', url, ...secretary, payload: { reason: 'Igen', version: listed.version } });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toBe('Sammanträdet 2027-06-02 är redan inställt.');
    const move = await app.inject({ method: 'PUT', url: `/api/meetings/${m.id}/schedule`, ...secretary, payload: { date: '2027-06-09', version: listed.version } });
    expect(move.statusCode).toBe(409);
    expect(move.json().error.code).toBe('meeting-cancelled');
    expect((await auditOf(m.id)).map((a) => a.action)).toEqual(['meeting.create', 'meeting.cancel']);

    // shown as inställt to the public on the meeting, in OParl and in the Atom feed – without the internal reason
    const page = await app.inject(`/api/meetings/${m.id}`);
    expect(page.json().cancelled.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const oparl = await app.inject(`/oparl/v1/meeting/${m.id}`);
    expect(oparl.json().cancelled).toBe(true);
    const feed = (await app.inject(`/feeds/bodies/${m.bodyId}/meetings.atom`)).body;
    expect(feed).toContain('INSTÄLLT: ');
    expect(feed).toContain('Sammanträdet är inställt.');
    for (const body of [page.body, oparl.body, feed]) expect(body).not.toContain('Inga ärenden att behandla');
    const held = (await calendar(2027)).meetings.find((x) => x.date === '2027-02-10')!;
    expect((await app.inject(`/api/meetings/${held.id}`)).json().cancelled).toBeNull();
    expect((await app.inject(`/oparl/v1/meeting/${held.id}`)).json().cancelled).toBe(false);
  });

  it('keeps the reglemente\'s days for the kallelse per body, at the body\'s version, audited', async () => {
    const before = (await calendar(2027)).kallelseRule;
    expect(before).toMatchObject({ bodyId, daysBefore: 7 });
    const url = `/api/bodies/${bodyId}/kallelse-rule`;
    const refused = await app.inject({ method: 'PUT', url, ...officer, payload: { daysBefore: 10, version: before.version } });
    expect(refused.statusCode).toBe(403);
    const bad = await app.inject({ method: 'PUT', url, ...secretary, payload: { daysBefore: 0, version: before.version } });
    expect(bad.statusCode).toBe(400);
    const set = await app.inject({ method: 'PUT', url, ...secretary, payload: { daysBefore: 10, version: before.version } });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ bodyId, daysBefore: 10, version: before.version + 1 });
    const stale = await app.inject({ method: 'PUT', url, ...secretary, payload: { daysBefore: 5, version: before.version } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale-version');
    expect((await calendar(2027)).kallelseRule.daysBefore).toBe(10);
    const log = await db.kysely.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity', '=', 'body').where('entity_id', '=', String(bodyId)).execute();
    expect(log).toEqual([{ action: 'body.kallelse-rule', before: { daysBefore: 7, version: before.version }, after: { daysBefore: 10 } }]);
    // back to the common seven, so the other tests count as before
    await app.inject({ method: 'PUT', url, ...secretary, payload: { daysBefore: 7, version: before.version + 1 } });
  });

  it('deletes a meeting nothing hangs on, and refuses one with agenda items, naming them', async () => {
    const [free, busy] = (await calendar(2027)).meetings.filter((x) => x.date === '2027-02-10' || x.date === '2027-03-17');
    await db.tx(async (trx) => {
      await meetings.addAgendaItem(trx, SYSTEM, busy!.id, { title: 'Val av justerare', kind: 'adjustment' });
      await meetings.addAgendaItem(trx, SYSTEM, busy!.id, { title: 'Information', kind: 'information' });
    });
    const current = (await calendar(2027)).meetings.find((x) => x.id === busy!.id)!;
    expect(current.dependants).toEqual(['2 punkter på föredragningslistan']);
    const refused = await app.inject({ method: 'DELETE', url: `/api/meetings/${busy!.id}`, ...secretary, payload: { version: current.version } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'meeting-in-use',
      message: 'Sammanträdet 2027-03-17 kan inte tas bort: det har 2 punkter på föredragningslistan. Ställ in det i stället.',
    });
    expect((await app.inject({ method: 'GET', url: `/api/meetings/${busy!.id}` })).statusCode).toBe(200);

    expect((await app.inject({ method: 'DELETE', url: `/api/meetings/${free!.id}`, ...officer, payload: { version: free!.version } })).statusCode).toBe(403);
    const stale = await app.inject({ method: 'DELETE', url: `/api/meetings/${free!.id}`, ...secretary, payload: { version: free!.version + 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale-version');
    const gone = await app.inject({ method: 'DELETE', url: `/api/meetings/${free!.id}`, ...secretary, payload: { version: free!.version } });
    expect(gone.statusCode).toBe(200);
    expect(gone.json()).toEqual({ deleted: free!.id });
    expect((await app.inject({ method: 'GET', url: `/api/meetings/${free!.id}` })).statusCode).toBe(404);
    expect((await calendar(2027)).meetings.some((x) => x.id === free!.id)).toBe(false);
    const log = await auditOf(free!.id);
    expect(log.at(-1)).toMatchObject({ action: 'meeting.delete', before: { date: '2027-02-10' } });
    expect((await app.inject({ method: 'DELETE', url: `/api/meetings/${free!.id}`, ...secretary, payload: { version: 1 } })).statusCode).toBe(404);

    // a member's report of absence (förhinder) hangs on a meeting too
    const planned = (await calendar(2027)).meetings.find((x) => x.date === '2027-09-15')!;
    const person = await db.kysely.insertInto('person').values({ name: 'Anna Ledamot' }).returning('id').executeTakeFirstOrThrow();
    await db.kysely.insertInto('absence_report').values({ meeting_id: planned.id, person_id: person.id, reported_by: 'test' }).execute();
    const absent = await app.inject({ method: 'DELETE', url: `/api/meetings/${planned.id}`, ...secretary, payload: { version: planned.version } });
    expect(absent.statusCode).toBe(409);
    expect(absent.json().error.message).toBe('Sammanträdet 2027-09-15 kan inte tas bort: det har en anmälan om förhinder. Ställ in det i stället.');
    expect(await db.kysely.selectFrom('absence_report').select('meeting_id').where('meeting_id', '=', planned.id).execute()).toHaveLength(1);
  });

  it('publishes the body’s meetings as iCalendar, to anyone, with nothing but date, time, place, name and link', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/bodies/${bodyId}/calendar.ics` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const ics = res.body;
    expect(unfold(ics)[0]).toBe('BEGIN:VCALENDAR');
    expect(unfold(ics)).toContain('VERSION:2.0');
    const evs = events(ics);
    const byDate = (d: string) => evs.find((e) => (e.get('DTSTART') ?? e.get('DTSTART;VALUE=DATE') ?? '').startsWith(d.replaceAll('-', '')) || (e.get('DESCRIPTION') ?? '').includes(d))!;
    const year = (await calendar(2027)).meetings;
    expect(evs).toHaveLength(year.length);
    // 2027-03-17 10:00–15:00 in Stockholm is 09:00–14:00 UTC (winter time); 2027-04-28 13:00 is 11:00 UTC (summer time)
    const march = byDate('2027-03-17');
    expect(march.get('DTSTART')).toBe('20270317T090000Z');
    expect(march.get('DTEND')).toBe('20270317T140000Z');
    expect(march.get('SUMMARY')).toBe('Regional tillväxtnämnd\\, sammanträde');
    expect(march.get('LOCATION')).toBe('Regionens hus\\, sal A');
    const id = year.find((m) => m.date === '2027-03-17')!.id;
    expect(march.get('URL')).toBe(`http://localhost:3000/sammantraden/${id}`);
    expect(march.get('UID')).toMatch(new RegExp(`^meeting-${id}@`));
    expect(march.get('STATUS')).toBe('CONFIRMED');
    expect(byDate('2027-04-28').get('DTSTART')).toBe('20270428T110000Z');
    const cancelled = byDate('2027-06-02');
    expect(cancelled.get('STATUS')).toBe('CANCELLED');
    expect(cancelled.get('SUMMARY')).toMatch(/^INSTÄLLT: /);
    // a meeting without a time is a whole day
    const allDay = byDate('2027-09-18');
    expect(allDay.get('DTSTART;VALUE=DATE')).toBe('20270918');
    // nothing internal: the reason for cancelling, the contact for absences, group meetings
    expect(ics).not.toContain('Inga ärenden');
    expect(ics).not.toContain('förhinder');
    expect(ics).not.toContain('Gruppmöten');
    expect((await app.inject({ method: 'GET', url: '/api/bodies/999999/calendar.ics' })).statusCode).toBe(404);
  });

  it('reports a weekday word in an imported kallelse that does not fit its date, and imports it', async () => {
    const seed = readFileSync(new URL('../../seeds/003_f8eb7d47c03ea706.txt', import.meta.url), 'utf8');
    const text = seed.replace('Tänk på våra allergiker och undvik starka dofter.', 'Nästa sammanträde hålls torsdag den 7 september 2022.');
    expect(text).not.toBe(seed);
    const line = text.split('\n').findIndex((l) => l.includes('torsdag den 7 september 2022')) + 1;
    const r = await importKallelse(db, SYSTEM, { fileName: 'veckodag.txt', text });
    expect(r.created).toBe(true);
    expect(r.report).toEqual([`Rad ${line}: "torsdag den 7 september 2022": 2022-09-07 är en onsdag, inte en torsdag.`]);
    // the unmodified kallelse has no such words: nothing to report
    const again = await importKallelse(db, SYSTEM, { fileName: 'original.txt', text: seed });
    expect(again.report).toEqual([]);
  });
});
