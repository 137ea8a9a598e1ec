/**
 * Mina sammanträden (issue 14.7) on both databases: a member's coming
 * meetings, the kallelse read and what changed since, private notes that only
 * their author reads, and förhinder that the secretary sees with the
 * substitute to call in.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as documents from '../../src/documents/service.ts';
import * as members from '../../src/meetings/members.ts';
import { SYSTEM } from '../../src/access/model.ts';
import { addDays, todayInStockholm } from '../../src/kernel/dates.ts';
import type { MembershipView } from '../../src/http/contract.ts';

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
process.env.FILES_DIR = mkdtempSync(path.join(tmpdir(), 'styrbord-mina-'));

afterAll(dropTestSchemas);

describe.each(testDatabases)('members\' reading on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let meetingId: number;
  let pastId: number;
  let seats: MembershipView[];
  let member: MembershipView;
  let other: MembershipView;
  let me: Client;
  let colleague: Client;
  let clerk: Client;

  const send = async () => {
    const built = await documents.buildBook(db, SYSTEM, documents.configFromEnv(), meetingId);
    await documents.markBookSent(db, SYSTEM, meetingId, built.version.version);
    return built.version.version;
  };
  const mine = async (who: Client) => {
    const res = await app.inject({ url: '/api/my/meetings', headers: who.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { linked: boolean; meetings: members.MyMeeting[] };
  };

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, SYSTEM, { fileName: '000.txt', text: seed('000_97425d05012e62df.txt') });
    await importKallelse(db, SYSTEM, { fileName: '003.txt', text: seed('003_f8eb7d47c03ea706.txt') });
    pastId = (await meetings.listMeetings(db)).find((m) => m.date === '2020-08-24')!.id;
    const bodyId = (await meetings.getMeeting(db, pastId)).bodyId;
    seats = (await meetings.getBody(db, bodyId)).memberships;
    let date = addDays(todayInStockholm(), 30);
    while ([0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay())) date = addDays(date, 1);
    meetingId = (await meetings.createMeeting(db, SYSTEM, { bodyId, date, startTime: '09:00', place: 'Sessionssalen' })).id;
    await db.tx((trx) => meetings.addAgendaItem(trx, SYSTEM, meetingId, { title: 'Regional utvecklingsstrategi', kind: 'decision' }));
    // a member whose party has a substitute (the seed's lists have them)
    member = seats.find((m) => m.kind === 'member' && m.party && seats.some((s) => s.kind === 'substitute' && s.party === m.party))!;
    other = seats.find((m) => m.kind === 'member' && m.personId !== member.personId)!;
    me = await signIn(app, db, ['member'], member.personId);
    colleague = await signIn(app, db, ['member'], other.personId);
    clerk = await signIn(app, db, ['secretary']);
  });
  afterAll(async () => {
    await documents.whenIdle(db);
    await app.close();
    await db.close();
  });

  it('lists the coming meetings of the bodies the member sits in; an account without a person has none', async () => {
    const list = await members.myMeetings(db, { id: 'x', userId: 1, personId: member.personId, roles: ['member'] }, '2020-08-01');
    expect(list.meetings.map((m) => m.date).slice(0, 1)).toEqual(['2020-08-24']);
    expect(list.meetings[0]).toMatchObject({ seat: 'ledamot', sentVersion: null, readVersion: null, changedSinceRead: false, absence: null });
    const now = await mine(me);
    expect(now.linked).toBe(true);
    expect(now.meetings.map((m) => m.meetingId)).toEqual([meetingId]);
    expect(await mine(clerk)).toEqual({ linked: false, meetings: [] });
    expect((await app.inject({ url: '/api/my/meetings' })).statusCode).toBe(401);
  });

  it('shows what changed since the member read the kallelse', async () => {
    const v1 = await send();
    expect((await mine(me)).meetings[0]).toMatchObject({ sentVersion: v1, readVersion: null, changedSinceRead: false });
    const read = await app.inject({ method: 'POST', url: `/api/my/meetings/${meetingId}/read`, headers: me.headers, payload: { version: v1 } });
    expect(read.statusCode, read.body).toBe(200);
    await db.tx((trx) => meetings.addAgendaItem(trx, SYSTEM, meetingId, { title: 'Tillkommen punkt om kompetensförsörjning', kind: 'information' }));
    const v2 = await send();
    const after = (await mine(me)).meetings[0]!;
    expect(after).toMatchObject({ sentVersion: v2, readVersion: v1, changedSinceRead: true });
    const diff = await app.inject({ url: `/api/meetings/${meetingId}/kallelse/diff?from=${v1}&to=${v2}`, headers: me.headers });
    expect(diff.statusCode, diff.body).toBe(200);
    expect(diff.body).toContain('kompetensförsörjning');
    // reading an older version again never moves the mark back
    await app.inject({ method: 'POST', url: `/api/my/meetings/${meetingId}/read`, headers: me.headers, payload: { version: v2 } });
    const back = await app.inject({ method: 'POST', url: `/api/my/meetings/${meetingId}/read`, headers: me.headers, payload: { version: v1 } });
    expect(back.json()).toEqual({ readVersion: v2 });
    const unsent = await app.inject({ method: 'POST', url: `/api/my/meetings/${meetingId}/read`, headers: me.headers, payload: { version: 99 } });
    expect(unsent.statusCode).toBe(404);
    expect(unsent.json().error.message).toMatch(/inte utskickad/);
  });

  it('keeps notes private to their author, version-locked, and out of the audit log', async () => {
    const itemId = (await meetings.getMeeting(db, meetingId)).items[0]!.id;
    const put = (who: Client, text: string, version: number) => app.inject({ method: 'PUT', url: `/api/my/agenda-items/${itemId}/note`, headers: who.headers, payload: { text, version } });
    const saved = await put(me, 'Fråga om  uppföljningen av målen.', 0);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ itemId, version: 1 });
    const notes = await app.inject({ url: `/api/my/meetings/${meetingId}/notes`, headers: me.headers });
    expect(notes.json()).toEqual([expect.objectContaining({ itemId, text: 'Fråga om  uppföljningen av målen.', version: 1 })]);
    expect((await app.inject({ url: `/api/my/meetings/${meetingId}/notes`, headers: colleague.headers })).json()).toEqual([]);
    const secretary = await app.inject({ url: `/api/my/meetings/${meetingId}/notes`, headers: clerk.headers });
    expect(secretary.statusCode).toBe(403);
    expect(secretary.json().error.message).toMatch(/inte kopplat till en ledamot/);

    const stale = await put(me, 'Skrivet på en annan enhet', 0);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/har ändrats sedan du hämtade/);
    const tooLong = await put(me, 'x'.repeat(members.NOTE_MAX + 1), 1);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.message).toMatch(/högst 20\s000 tecken/);

    const audits = await db.kysely.selectFrom('audit_log').selectAll().where('action', 'like', 'member-note.%').execute();
    expect(audits.length).toBe(1);
    expect(JSON.stringify(audits)).not.toContain('uppföljningen');

    expect((await put(me, '   ', 1)).statusCode).toBe(204);
    expect((await app.inject({ url: `/api/my/meetings/${meetingId}/notes`, headers: me.headers })).json()).toEqual([]);
  });

  it('reports förhinder, which the secretary sees with the substitute of the same party to call in', async () => {
    const res = await app.inject({ method: 'PUT', url: `/api/my/meetings/${meetingId}/absence`, headers: me.headers, payload: { absent: true, reason: 'Sjukdom' } });
    expect(res.statusCode, res.body).toBe(200);
    expect((await mine(me)).meetings[0]!.absence).toMatchObject({ reason: 'Sjukdom' });
    const view = await app.inject({ url: `/api/meetings/${meetingId}/absences`, headers: clerk.headers });
    expect(view.statusCode, view.body).toBe(200);
    const a = view.json() as members.AbsencesView;
    expect(a.reports).toEqual([expect.objectContaining({ personId: member.personId, seat: 'ledamot', reason: 'Sjukdom' })]);
    const firstOfParty = seats.filter((s) => s.kind === 'substitute' && s.party === member.party).sort((x, y) => x.order - y.order)[0]!;
    expect(a.calls).toEqual([{ basis: 'samma parti', absent: expect.objectContaining({ personId: member.personId }), substitute: expect.objectContaining({ personId: firstOfParty.personId }) }]);
    expect((await app.inject({ url: `/api/meetings/${meetingId}/absences`, headers: me.headers })).statusCode).toBe(403);

    await app.inject({ method: 'PUT', url: `/api/my/meetings/${meetingId}/absence`, headers: me.headers, payload: { absent: false } });
    expect(((await app.inject({ url: `/api/meetings/${meetingId}/absences`, headers: clerk.headers })).json() as members.AbsencesView).reports).toEqual([]);

    const late = await app.inject({ method: 'PUT', url: `/api/my/meetings/${pastId}/absence`, headers: me.headers, payload: { absent: true } });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toMatch(/har redan varit/);
  });

  it('refuses a person who does not sit in the body', async () => {
    const stranger = await db.kysely.insertInto('person').values({ name: 'Utomstående Person' }).returning('id').executeTakeFirstOrThrow();
    const outsider = await signIn(app, db, ['member'], stranger.id);
    expect((await mine(outsider)).meetings).toEqual([]);
    const res = await app.inject({ method: 'PUT', url: `/api/my/meetings/${meetingId}/absence`, headers: outsider.headers, payload: { absent: true } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/inte ledamot eller ersättare/);
  });
});
