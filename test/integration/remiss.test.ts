/**
 * Remisser through the routes (issue 21.1), on PGlite and PostgreSQL: the
 * seed's two remisser in the demo, the public register without personal
 * data, an incoming remiss from registration to its answer sent, an outgoing
 * one with its recipients' answers, version locks, roles, the audit log and
 * the start page's deadlines.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import { loadRemissDemo } from '../../src/remiss/demo.ts';
import { remissDeadlines, type RemissSummary, type RemissView } from '../../src/remiss/service.ts';
import type { MeetingDetail } from '../../src/http/contract.ts';
import { readPdf } from '../helpers/pdf.ts';

const SEED_003 = readFileSync(new URL('../../seeds/003_f8eb7d47c03ea706.txt', import.meta.url), 'utf8');
const secretaryActor = { id: 'sekreterare', roles: ['secretary'] as const };
afterAll(dropTestSchemas);

describe.each(testDatabases)('remisser on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let officer: Client;
  let clerk: Client;
  let member: Client;
  let feb: MeetingDetail;
  let demo: { incoming: number | null; outgoing: number | null };

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, secretaryActor, { fileName: '003.txt', text: SEED_003 });
    feb = await meetings.getMeeting(db, (await meetings.findMeetingId(db, 'Regional tillväxtnämnd', '2020-02-14'))!);
    demo = await loadRemissDemo(db);
    officer = await signIn(app, db, ['case-officer']);
    clerk = await signIn(app, db, ['secretary']);
    member = await signIn(app, db, ['member']);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const get = async (id: number, who: Client = member) => {
    const res = await app.inject({ method: 'GET', url: `/api/remisser/${id}`, ...who });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as RemissView;
  };
  const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, who: Client, payload?: object) => app.inject({ method, url, ...who, ...(payload ? { payload } : {}) });

  it('holds the seed\'s remisser: item 5 answered on the agenda of 2020-02-14, item 4\'s plan out to the twelve municipalities', async () => {
    const incoming = await get(demo.incoming!);
    expect(incoming).toMatchObject({
      direction: 'incoming', title: 'Program för smart specialisering Region Jämtland Härjedalen', caseNumber: '19RS10445', sender: 'Region Jämtland Härjedalen',
      senderRef: 'RUN/430/2018', receivedOn: '2019-12-18', replyDue: '2020-03-18', preparer: 'Mikael Jorstig', status: 'on-agenda', statusLabel: 'På föredragningslista',
      agenda: { meetingId: feb.id, meetingDate: '2020-02-14', itemNumber: 5, itemTitle: 'Svar på remiss – Program för smart specialisering Region Jämtland Härjedalen' },
      decision: null, answerDocument: null,
    });
    const outgoing = await get(demo.outgoing!);
    expect(outgoing).toMatchObject({ direction: 'outgoing', title: 'Handlingsplan för social välfärd 2019-2022', caseNumber: '19RS10641', periodFrom: '2019-12-18', periodTo: '2020-03-18', recipientCount: 12, answeredCount: 1 });
    expect(outgoing.recipients.find((r) => r.answeredOn)).toMatchObject({ name: 'Ljusnarsbergs kommun', answeredOn: '2020-01-31', stance: 'synpunkter', stanceLabel: 'Lämnar synpunkter' });
    // a second demo load changes nothing
    expect(await loadRemissDemo(db)).toEqual(demo);
    expect((await app.inject({ method: 'GET', url: '/api/remisser', ...member })).json()).toHaveLength(2);
  });

  it('shows the public the register with organisations, titles and dates only; the details are for staff', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/remisser' });
    expect(res.statusCode).toBe(200);
    const list = res.json() as RemissSummary[];
    expect(list.map((r) => r.title).sort()).toEqual(['Handlingsplan för social välfärd 2019-2022', 'Program för smart specialisering Region Jämtland Härjedalen']);
    expect(list.every((r) => r.preparer === null)).toBe(true);
    expect(res.body).not.toContain('Jorstig');
    expect(res.body).not.toContain('question');
    expect((await app.inject({ method: 'GET', url: '/api/remisser', ...member })).body).toContain('Mikael Jorstig');
    const anon = await app.inject({ method: 'GET', url: `/api/remisser/${demo.incoming}` });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.message).toBe('Logga in för att läsa protokoll som inte är justerade.');
    expect((await app.inject({ method: 'GET', url: '/api/remisser/deadlines' })).statusCode).toBe(401);
  });

  it('filters the register by direction and by open work', async () => {
    const q = async (qs: string) => ((await app.inject({ method: 'GET', url: `/api/remisser?${qs}`, ...member })).json() as RemissSummary[]).map((r) => r.id);
    expect(await q('direction=outgoing')).toEqual([demo.outgoing]);
    expect(await q('direction=incoming&open=true')).toEqual([demo.incoming]);
    // the outgoing remisstid ended 2020-03-18: not open work today
    expect(await q('direction=outgoing&open=false')).toEqual([demo.outgoing]);
    expect(await q('q=jämtland')).toEqual([demo.incoming]);
    expect((await app.inject({ method: 'GET', url: '/api/remisser?direction=sideways', ...member })).statusCode).toBe(400);
  });

  it('takes an incoming remiss from registration to the answer sent', async () => {
    // registering needs case.register; a member may not
    const input = { title: 'Regional transportplan 2022–2033', sender: 'Region Värmland', senderRef: 'RV/2021/123', question: 'Synpunkter på förslaget till plan.', receivedOn: '2020-02-20', replyDue: '2020-04-30', preparer: 'Anna Handläggare', registerCase: true };
    expect((await send('POST', '/api/remisser/incoming', member, input)).statusCode).toBe(403);
    const bad = await send('POST', '/api/remisser/incoming', officer, { ...input, receivedOn: '2020-05-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'remiss-invalid-period', message: 'Remissen kan inte ha kommit in 2020-05-01, efter sista svarsdag 2020-04-30.' });
    const created = await send('POST', '/api/remisser/incoming', officer, input);
    expect(created.statusCode, created.body).toBe(201);
    let r = created.json() as RemissView;
    expect(r).toMatchObject({ status: 'registered', caseNumber: expect.stringMatching(/^20RS\d+$/), caseTitle: 'Remiss – Regional transportplan 2022–2033', version: 1 });

    // editing at the version seen; a stale version is refused, naming who changed it
    const edited = await send('PUT', `/api/remisser/${r.id}`, officer, { version: 1, replyDue: '2020-05-15' });
    expect(edited.statusCode, edited.body).toBe(200);
    r = edited.json();
    expect(r).toMatchObject({ replyDue: '2020-05-15', version: 2 });
    const stale = await send('PUT', `/api/remisser/${r.id}`, officer, { version: 1, title: 'Annat' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale-version');

    // two edits at once on the same version: one wins, the other is told to reload
    const both = await Promise.all([
      send('PUT', `/api/remisser/${r.id}`, officer, { version: r.version, preparer: 'Bertil' }),
      send('PUT', `/api/remisser/${r.id}`, officer, { version: r.version, preparer: 'Cecilia' }),
    ]);
    expect(both.map((x) => x.statusCode).sort()).toEqual([200, 409]);
    r = await get(r.id);

    // nothing to send before the body has decided
    expect((await send('POST', `/api/remisser/${r.id}/sending`, officer, { version: r.version, sentOn: '2020-03-20' })).json().error.code).toBe('remiss-not-decided');
    expect((await app.inject({ method: 'GET', url: `/api/remisser/${r.id}/svar`, ...member })).statusCode).toBe(409);

    // putting it on an agenda needs agenda.edit (the secretary), and adds a decision item with the proposal of seed 003 item 5
    const march = await meetings.createMeeting(db, secretaryActor, { bodyId: feb.bodyId, date: '2020-03-13' });
    expect((await send('POST', `/api/remisser/${r.id}/agenda`, officer, { version: r.version, meetingId: march.id })).statusCode).toBe(403);
    const placed = await send('POST', `/api/remisser/${r.id}/agenda`, clerk, { version: r.version, meetingId: march.id });
    expect(placed.statusCode, placed.body).toBe(200);
    r = placed.json();
    expect(r).toMatchObject({ status: 'on-agenda', agenda: { meetingId: march.id, meetingDate: '2020-03-13', itemNumber: 1, itemTitle: 'Svar på remiss – Regional transportplan 2022–2033' } });
    const item = (await meetings.getMeeting(db, march.id)).items[0]!;
    expect(item).toMatchObject({ kind: 'decision', caseNumber: r.caseNumber, presenters: [r.preparer] });
    expect(item.proposal!.clauses).toEqual(['redovisat förslag till svar godkänns som Region Örebro läns svar till Region Värmland.']);
    // the item answers this remiss only
    const other = (await send('POST', '/api/remisser/incoming', officer, { title: 'Annan remiss', sender: 'Region Gävleborg', replyDue: '2020-06-01' })).json() as RemissView;
    const taken = await send('POST', `/api/remisser/${other.id}/agenda`, clerk, { version: other.version, meetingId: march.id, itemId: item.id });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('remiss-item-taken');

    // the body decides (the protokoll's own use cases)
    const body = await meetings.getBody(db, feb.bodyId);
    await minutes.openMinutes(db, secretaryActor, march.id);
    await minutes.setAttendance(db, secretaryActor, march.id, { attendance: body.memberships.filter((m) => m.kind === 'member').map((m) => ({ personId: m.personId, present: true })) });
    await minutes.recordDecision(db, secretaryActor, march.id, 1, { outcome: 'according-to-proposal' });
    r = await get(r.id);
    expect(r).toMatchObject({ status: 'decided', decision: { outcomeLabel: expect.any(String), clauses: ['redovisat förslag till svar godkänns som Region Örebro läns svar till Region Värmland.'], answers: true } });
    expect(r.answerDocument).toBe(
      [
        'Till: Region Värmland',
        'Er beteckning: RV/2021/123',
        `Vår beteckning: ${r.caseNumber}`,
        '',
        'Svar på remiss – Regional transportplan 2022–2033',
        '',
        'Regional tillväxtnämnd beslutade 2020-03-13:',
        'att redovisat förslag till svar godkänns som Region Örebro läns svar till Region Värmland.',
        '',
        'För Region Örebro län',
        'Regional tillväxtnämnd',
        '',
      ].join('\n'),
    );
    const decidedAgain = await send('POST', `/api/remisser/${r.id}/agenda`, clerk, { version: r.version, meetingId: feb.id });
    expect(decidedAgain.json().error.code).toBe('remiss-already-decided');

    // sending: not before the meeting; then recorded with the day and to whom (the sender unless named)
    const early = await send('POST', `/api/remisser/${r.id}/sending`, officer, { version: r.version, sentOn: '2020-03-12' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.message).toBe('Svaret kan inte ha skickats 2020-03-12, före sammanträdet 2020-03-13 där det beslutades.');
    expect((await send('POST', `/api/remisser/${r.id}/sending`, member, { version: r.version, sentOn: '2020-03-16' })).statusCode).toBe(403);
    const sent = await send('POST', `/api/remisser/${r.id}/sending`, officer, { version: r.version, sentOn: '2020-03-16' });
    expect(sent.statusCode, sent.body).toBe(200);
    const done = sent.json() as RemissView;
    expect(done).toMatchObject({ status: 'sent', statusLabel: 'Besvarad', open: false, answerSentOn: '2020-03-16', answerSentTo: 'Region Värmland', answerDocument: r.answerDocument });
    expect((await send('POST', `/api/remisser/${r.id}/sending`, officer, { version: done.version, sentOn: '2020-03-17' })).json().error.code).toBe('remiss-answer-sent');
    const file = await app.inject({ method: 'GET', url: `/api/remisser/${r.id}/svar`, ...member });
    expect(file.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(file.headers['content-disposition']).toContain(`attachment; filename="svar-pa-remiss-${r.caseNumber}.txt"`);
    expect(file.body).toBe(r.answerDocument);
    const pdf = await app.inject({ method: 'GET', url: `/api/remisser/${r.id}/svar.pdf`, ...member });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const read = await readPdf(new Uint8Array(pdf.rawPayload));
    expect(read.pageCount).toBe(1);
    expect(read.info).toMatchObject({ Title: 'Svar på remiss – Regional transportplan 2022–2033' });
    const page = read.pages[0]!.replace(/\s+/g, ' ');
    for (const part of ['Till: Region Värmland', 'Er beteckning: RV/2021/123', 'Regional tillväxtnämnd beslutade 2020-03-13:', 'att redovisat förslag till svar godkänns som Region Örebro läns svar till Region Värmland.', 'För Region Örebro län']) {
      expect(page).toContain(part);
    }
    // the same answer gives the same bytes
    expect((await app.inject({ method: 'GET', url: `/api/remisser/${r.id}/svar.pdf`, ...member })).rawPayload.equals(pdf.rawPayload)).toBe(true);
    expect((await app.inject({ method: 'GET', url: `/api/remisser/${r.id}/svar.pdf` })).statusCode).toBe(401);
    // the title and sender are in the sent answer and stay
    expect((await send('PUT', `/api/remisser/${r.id}`, officer, { version: done.version, sender: 'Region Dalarna' })).json().error.code).toBe('remiss-answer-sent');

    const log = await db.kysely.selectFrom('audit_log').select(['action', 'actor']).where('entity', '=', 'remiss').where('entity_id', '=', String(r.id)).orderBy('id').execute();
    expect(log.map((l) => l.action)).toEqual(['remiss.register-incoming', 'remiss.update', 'remiss.update', 'remiss.place-on-agenda', 'remiss.answer-sent']);
  });

  it('keeps an outgoing remiss\'s recipients and the answers received', async () => {
    const created = await send('POST', '/api/remisser/outgoing', officer, {
      title: 'Regional utvecklingsstrategi, remissversion', periodFrom: '2020-01-10', periodTo: '2020-02-28', recipients: 'Örebro kommun\nNora kommun\n\nörebro kommun\nLänsstyrelsen i Örebro län',
    });
    expect(created.statusCode, created.body).toBe(201);
    let r = created.json() as RemissView;
    expect(r.recipients.map((x) => x.name)).toEqual(['Örebro kommun', 'Nora kommun', 'Länsstyrelsen i Örebro län']);
    expect(r.caseNumber).toBeNull();
    const bad = await send('POST', '/api/remisser/outgoing', officer, { title: 'X', periodFrom: '2020-03-01', periodTo: '2020-02-01' });
    expect(bad.json().error).toMatchObject({ code: 'remiss-invalid-period', message: 'Remisstiden kan inte sluta 2020-02-01, före sin början 2020-03-01.' });

    const dup = await send('POST', `/api/remisser/${r.id}/recipients`, officer, { version: r.version, names: ['NORA KOMMUN'] });
    expect(dup.json().error.code).toBe('remiss-no-new-recipients');
    r = (await send('POST', `/api/remisser/${r.id}/recipients`, officer, { version: r.version, names: ['Kumla kommun', 'Nora kommun'] })).json();
    expect(r.recipients.map((x) => x.name)).toEqual(['Örebro kommun', 'Nora kommun', 'Länsstyrelsen i Örebro län', 'Kumla kommun']);

    const nora = r.recipients[1]!;
    const before = await send('PUT', `/api/remisser/${r.id}/recipients/${nora.id}/answer`, officer, { version: r.version, answeredOn: '2020-01-09' });
    expect(before.json().error.message).toBe('Ett svar kan inte ha kommit 2020-01-09, före remisstidens början 2020-01-10.');
    const answered = await send('PUT', `/api/remisser/${r.id}/recipients/${nora.id}/answer`, officer, { version: r.version, answeredOn: '2020-02-20', stance: 'tillstyrker', summary: 'Tillstyrker förslaget.' });
    expect(answered.statusCode, answered.body).toBe(200);
    r = answered.json();
    expect(r).toMatchObject({ answeredCount: 1, recipientCount: 4 });
    expect(r.recipients[1]).toMatchObject({ name: 'Nora kommun', answeredOn: '2020-02-20', stance: 'tillstyrker', stanceLabel: 'Tillstyrker' });
    expect((await send('PUT', `/api/remisser/${r.id}/recipients/${nora.id}/answer`, officer, { version: r.version - 1, answeredOn: '2020-02-21' })).statusCode).toBe(409);

    // an answer received stays; a recipient who has not answered may be removed
    expect((await send('DELETE', `/api/remisser/${r.id}/recipients/${nora.id}?version=${r.version}`, officer)).json().error.code).toBe('remiss-recipient-answered');
    const kumla = r.recipients[3]!;
    const removed = await send('DELETE', `/api/remisser/${r.id}/recipients/${kumla.id}?version=${r.version}`, officer);
    expect(removed.statusCode, removed.body).toBe(200);
    r = removed.json();
    expect(r.recipients.map((x) => x.name)).toEqual(['Örebro kommun', 'Nora kommun', 'Länsstyrelsen i Örebro län']);
    // the period cannot begin after an answer came
    expect((await send('PUT', `/api/remisser/${r.id}`, officer, { version: r.version, periodFrom: '2020-02-21' })).json().error.message).toBe('Remisstiden kan inte börja 2020-02-21: Nora kommun svarade redan 2020-02-20.');
    // an outgoing remiss has no answer of its own to send, nor an agenda item
    expect((await send('POST', `/api/remisser/${r.id}/sending`, officer, { version: r.version, sentOn: '2020-03-01' })).json().error.code).toBe('remiss-not-incoming');
    expect((await send('POST', `/api/remisser/${demo.incoming}/recipients`, officer, { version: 1, names: ['X'] })).json().error.code).toBe('stale-version');
  });

  it('gives the start page its deadlines: answers due and remisstider ending, soonest first', async () => {
    const d = await remissDeadlines(db, '2020-02-14');
    const mine = d.filter((x) => x.remissId === demo.incoming || x.remissId === demo.outgoing);
    expect(mine).toEqual([
      { remissId: demo.incoming, direction: 'incoming', label: 'Svar på remiss senast', title: 'Program för smart specialisering Region Jämtland Härjedalen', caseNumber: '19RS10445', counterpart: 'Region Jämtland Härjedalen', due: '2020-03-18', daysLeft: 33, overdue: false },
      { remissId: demo.outgoing, direction: 'outgoing', label: 'Remisstiden slutar', title: 'Handlingsplan för social välfärd 2019-2022', caseNumber: '19RS10641', counterpart: '1 av 12 mottagare har svarat', due: '2020-03-18', daysLeft: 33, overdue: false },
    ]);
    // the answered remiss is no longer due; the one still unanswered is, soonest first
    const titles = d.map((x) => x.title);
    expect(titles).not.toContain('Regional transportplan 2022–2033');
    expect(titles.indexOf('Regional utvecklingsstrategi, remissversion')).toBeLessThan(titles.indexOf('Program för smart specialisering Region Jämtland Härjedalen'));
    const res = await app.inject({ method: 'GET', url: '/api/remisser/deadlines', ...member });
    expect(res.statusCode).toBe(200);
    // today the demo's outgoing remisstid is long over and drops out; the Jämtland answer is overdue
    expect(res.json()).toEqual(expect.arrayContaining([expect.objectContaining({ remissId: demo.incoming, overdue: true })]));
    expect((res.json() as Array<{ remissId: number }>).some((x) => x.remissId === demo.outgoing)).toBe(false);
  });
});
