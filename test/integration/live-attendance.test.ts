/**
 * Attendance that follows the meeting (issue 15.1) through the HTTP routes,
 * on PGlite and PostgreSQL: departures and arrivals per item, ersättare
 * called in by the ersättarordning (refused otherwise, in Swedish, with
 * nothing saved), the minutes' version guarding every change, quorum and the
 * voting list at each decision computed for that item, the protokoll PDF
 * saying who left after which § and who served for whom, and the chair among
 * those who sign the justering (issue 15.3).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import { readPdf } from '../helpers/pdf.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import type { LiveAttendanceView } from '../../src/minutes/attendance.ts';
import type { MotionSheetView } from '../../src/minutes/motions.ts';
import type { BodyDetail, MeetingDetail } from '../../src/http/contract.ts';

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
const secretary = { id: 'sekreterare', roles: ['secretary'] as const };
process.env.FILES_DIR = mkdtempSync(path.join(tmpdir(), 'styrbord-live-attendance-'));

afterAll(dropTestSchemas);

describe.each(testDatabases)('närvaro under sammanträdet på $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let aug: MeetingDetail;
  let body: BodyDetail;
  let clerk: Client;
  const person = (name: string) => body.memberships.find((m) => m.name === name)!.personId;
  const base = () => `/api/meetings/${aug.id}/minutes/attendance`;
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', u: string, payload?: unknown, who: Client = clerk) =>
    app.inject({ method, url: u, ...who, ...(payload === undefined ? {} : { payload: payload as object }) });
  const liveView = async () => {
    const res = await call('GET', `${base()}/live`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as LiveAttendanceView;
  };
  const change = async (kind: 'arrives' | 'leaves', name: string, itemNumber: number, replaces?: string) => {
    const v = await liveView();
    return call('POST', `${base()}/changes`, { version: v.version, personId: person(name), kind, itemNumber, ...(replaces ? { replacesPersonId: person(replaces) } : {}) });
  };
  const ok = async (p: Promise<{ statusCode: number; body: string; json: () => unknown }>) => {
    const res = await p;
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as LiveAttendanceView;
  };
  const refused = async (p: Promise<{ statusCode: number; body: string; json: () => unknown }>, code: string, message: string | RegExp) => {
    const res = await p;
    expect(res.statusCode, res.body).toBe(409);
    const err = (res.json() as { error: { code: string; message: string } }).error;
    expect(err.code).toBe(code);
    if (typeof message === 'string') expect(err.message).toContain(message);
    else expect(err.message).toMatch(message);
  };
  const servingNames = (v: LiveAttendanceView, item: number) => v.items.find((i) => i.number === item)!.serving.map((s) => s.name);

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, secretary, { fileName: '003.txt', text: seed('003_f8eb7d47c03ea706.txt') });
    await importKallelse(db, secretary, { fileName: '000.txt', text: seed('000_97425d05012e62df.txt') });
    const all = await meetings.listMeetings(db);
    aug = await meetings.getMeeting(db, all.find((m) => m.date === '2020-08-24')!.id);
    body = await meetings.getBody(db, aug.bodyId);
    clerk = await signIn(app, db, ['secretary']);
    const view = await minutes.openMinutes(db, secretary, aug.id);
    // the roll call: every member but Rolf Karlsson (S); three ersättare in the room, none serving yet
    await minutes.setAttendance(db, secretary, aug.id, {
      version: view.version,
      attendance: [
        ...body.memberships.filter((m) => m.kind === 'member').map((m) => ({ personId: m.personId, present: m.name !== 'Rolf Karlsson' })),
        { personId: person('Ingrid Båve'), present: true },
        { personId: person('Bror-Erik Israelson'), present: true },
        { personId: person('Anna Danielsson'), present: true },
      ],
    });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('shows per item who serves, the quorum and the ersättare next in turn', async () => {
    const v = await liveView();
    expect(v.rollCalled).toBe(true);
    expect(v.items).toHaveLength(8);
    const first = v.items[0]!;
    expect(first.quorum).toMatchObject({ seats: 15, serving: 14, required: 8, ok: true });
    expect(first.serving.map((s) => s.name)).not.toContain('Rolf Karlsson');
    expect(first.calls).toEqual([expect.objectContaining({ memberName: 'Rolf Karlsson', substituteName: 'Ingrid Båve', basis: 'samma parti' })]);
  });

  it('calls in an ersättare by the ersättarordning and refuses one out of turn, with nothing saved', async () => {
    await refused(change('arrives', 'Anna Danielsson', 2, 'Rolf Karlsson'), 'substitute-order', 'Ingrid Båve (S) är ledig och ska kallas in före Anna Danielsson (M)');
    await refused(change('arrives', 'Bror-Erik Israelson', 2, 'Rolf Karlsson'), 'substitute-order', 'i den ordning de valts: Ingrid Båve (S) är ledig');
    await refused(change('arrives', 'Torbjörn Appelqvist', 2, 'Rolf Karlsson'), 'not-a-substitute', 'Torbjörn Appelqvist är ledamot, inte ersättare');
    await refused(change('arrives', 'Ingrid Båve', 2, 'Yvonne Nilsson'), 'invalid-attendance-change', 'Yvonne Nilsson är närvarande på punkt 2');
    expect((await liveView()).changes).toEqual([]);
    const v = await ok(change('arrives', 'Ingrid Båve', 2, 'Rolf Karlsson'));
    expect(v.changes.map((c) => c.text)).toEqual(['Ingrid Båve (S) tjänstgör för Rolf Karlsson (S) från punkt 2']);
    expect(servingNames(v, 1)).not.toContain('Ingrid Båve');
    expect(servingNames(v, 2)).toContain('Ingrid Båve');
    expect(v.items[1]!.serving.find((s) => s.name === 'Ingrid Båve')!.replacesName).toBe('Rolf Karlsson');
    expect(v.items[1]!.quorum.serving).toBe(15);
  });

  it('refuses a person who is not in the body, and a stale version', async () => {
    const v = await liveView();
    const stranger = await call('POST', `${base()}/changes`, { version: v.version, personId: 999999, kind: 'arrives', itemNumber: 3, replacesPersonId: person('Rolf Karlsson') });
    expect(stranger.statusCode).toBe(409);
    expect(stranger.json().error).toMatchObject({ code: 'not-a-substitute', message: 'Person 999999 är inte ersättare i nämnden och kan inte kallas in att tjänstgöra.' });
    const stale = await call('POST', `${base()}/changes`, { version: v.version - 1, personId: person('Yvonne Nilsson'), kind: 'leaves', itemNumber: 3 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale-version', message: expect.stringMatching(/^Protokollet har ändrats av .+ \(din version \d+, nu \d+\)/) });
    expect((await liveView()).changes).toHaveLength(1);
    const member = await signIn(app, db, ['member']);
    const denied = await call('POST', `${base()}/changes`, { version: v.version, personId: person('Yvonne Nilsson'), kind: 'leaves', itemNumber: 3 }, member);
    expect(denied.statusCode).toBe(403);
  });

  it('a departure takes the member out of the later items, and of the voting list there', async () => {
    await ok(change('leaves', 'Yvonne Nilsson', 3));
    await refused(change('arrives', 'Anna Danielsson', 4, 'Yvonne Nilsson'), 'substitute-order', 'Bror-Erik Israelson (S) är ledig');
    const v = await ok(change('arrives', 'Bror-Erik Israelson', 4, 'Yvonne Nilsson'));
    expect(servingNames(v, 3)).toContain('Yvonne Nilsson');
    expect(servingNames(v, 4)).not.toContain('Yvonne Nilsson');
    expect(servingNames(v, 4)).toContain('Bror-Erik Israelson');
    // the yrkanden sheet (the voting list) follows the same attendance
    const sheet = (await call('GET', `/api/meetings/${aug.id}/minutes/items/4/motions`)).json() as MotionSheetView;
    expect(sheet.serving.map((s) => s.name)).toContain('Bror-Erik Israelson');
    expect(sheet.serving.map((s) => s.name)).not.toContain('Yvonne Nilsson');
    const sheet3 = (await call('GET', `/api/meetings/${aug.id}/minutes/items/3/motions`)).json() as MotionSheetView;
    expect(sheet3.serving.map((s) => s.name)).toContain('Yvonne Nilsson');
    // taking the departure back while her ersättare serves is refused
    const leave = v.changes.find((c) => c.kind === 'leaves')!;
    const back = await call('DELETE', `${base()}/changes/${leave.id}?version=${v.version}`);
    expect(back.statusCode).toBe(409);
    expect(back.json().error.message).toContain('Yvonne Nilsson deltar själv på punkt 4');
    // the roll call is kept apart from the changes; a new roll call the changes no longer fit is refused whole
    expect(v.rollCall.find((a) => a.personId === person('Ingrid Båve'))).toEqual({ personId: person('Ingrid Båve'), present: true, replacesPersonId: null, fromItem: null, toItem: null });
    const m = await minutes.getMinutes(db, aug.id);
    const rollCall = v.rollCall.map((a) => (a.personId === person('Yvonne Nilsson') ? { ...a, present: false } : a));
    const put = await call('PUT', `/api/meetings/${aug.id}/minutes/attendance`, { version: m.version, attendance: rollCall });
    expect(put.statusCode).toBe(409);
    expect(put.json().error).toMatchObject({ code: 'attendance-changes-conflict', message: expect.stringContaining('Yvonne Nilsson deltar inte på punkt 3 och kan inte lämna sammanträdet efter den.') });
    expect((await liveView()).rollCall).toEqual(v.rollCall);
  });

  it('checks quorum at each decision with who serves on that item', async () => {
    const gone = ['Theres Andersson', 'Annalena Järnberg', 'Bo Rudolfsson', 'Tom Rymoen', 'Torbjörn Ahlin', 'Fredrik Persson', 'Patrik Nyström', 'Fredrik Dahlberg'];
    for (const name of gone) await ok(change('leaves', name, 4));
    const v = await liveView();
    expect(v.items[3]!.quorum.ok).toBe(true);
    expect(v.items[4]!.quorum).toMatchObject({ ok: false, serving: 7, message: 'Nämnden är inte beslutför: 7 av 15 ledamöter tjänstgör, minst 8 krävs.' });
    const m = await minutes.getMinutes(db, aug.id);
    const decide = (n: number, extra: Record<string, unknown> = {}) =>
      call('PUT', `/api/meetings/${aug.id}/minutes/items/${n}/decision`, { outcome: aug.items.find((i) => i.number === n)!.proposal?.clauses.length ? 'according-to-proposal' : 'noted', ...extra });
    expect((await decide(4)).statusCode).toBe(200);
    const five = await decide(5);
    expect(five.statusCode).toBe(409);
    expect(five.json().error).toMatchObject({ code: 'no-quorum', message: expect.stringContaining('7 av 15') });
    // one comes back at item 5: quorate again
    await ok(change('arrives', 'Tom Rymoen', 5));
    expect((await liveView()).items[4]!.quorum).toMatchObject({ ok: true, serving: 8 });
    expect((await decide(5)).statusCode).toBe(200);
    expect(m.attendance.find((a) => a.name === 'Yvonne Nilsson')).toMatchObject({ present: true, toItem: 3 });
  });

  it('prints arrivals, departures and who served for whom in the protokoll, and the chair signs with the adjusters', async () => {
    for (const i of aug.items.filter((x) => x.number !== 4 && x.number !== 5 && x.kind !== 'information' && x.kind !== 'presentations')) {
      const res = await call('PUT', `/api/meetings/${aug.id}/minutes/items/${i.number}/decision`, { outcome: i.proposal?.clauses.length ? 'according-to-proposal' : 'noted' });
      expect(res.statusCode, res.body).toBe(200);
    }
    let view = await minutes.numberMinutes(db, secretary, aug.id);
    const para = (n: number) => view.decisions.find((d) => d.itemNumber === n)!.paragraph!;
    // issue 15.3: the chair is put among those who sign, first
    view = await minutes.setAdjusters(db, secretary, aug.id, { version: view.version, personIds: [person('Torbjörn Appelqvist')] });
    expect(view.adjusters.map((a) => a.name)).toEqual(['Irén Lejegren', 'Torbjörn Appelqvist']);
    const res = await app.inject({ method: 'GET', url: `/api/meetings/${aug.id}/minutes.pdf`, ...clerk });
    expect(res.statusCode).toBe(200);
    const text = (await readPdf(new Uint8Array(res.rawPayload))).pages.join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('Närvaro under sammanträdet');
    expect(text).toContain(`Yvonne Nilsson (S) lämnade sammanträdet efter § ${para(3)}.`);
    expect(text).toContain(`Ingrid Båve (S) tjänstgjorde för Rolf Karlsson (S) från och med § ${para(2)}.`);
    expect(text).toContain(`Bror-Erik Israelson (S) tjänstgjorde för Yvonne Nilsson (S) från och med § ${para(4)}.`);
    expect(text).toContain(`Tom Rymoen (M) återkom och återtog sin plats vid § ${para(5)}.`);

    // minutes whose adjusters were chosen without the chair (before the rule) cannot be signed until chosen again
    const m = (await db.kysely.selectFrom('minutes').select('id').where('meeting_id', '=', aug.id).executeTakeFirstOrThrow()).id;
    await db.kysely.deleteFrom('adjuster').where('minutes_id', '=', m).where('person_id', '=', person('Irén Lejegren')).execute();
    const adjuster = person('Torbjörn Appelqvist');
    await expect(minutes.signMinutes(db, { id: 'u-adj', roles: ['adjuster'], personId: adjuster, authenticatedAt: new Date() }, aug.id, adjuster)).rejects.toMatchObject({
      code: 'chair-must-sign',
      message: 'Ordföranden Irén Lejegren justerar protokollet tillsammans med justerarna men står inte bland dem. Välj justerarna på nytt.',
    });
  });
});
