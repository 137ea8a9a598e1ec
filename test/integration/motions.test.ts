/**
 * Yrkanden, propositionsordning and omröstning with a voting list through
 * the HTTP routes (issue 15.1), on PGlite and PostgreSQL: the sheet's
 * version guards every change (409 on a stale one), bad input is refused in
 * Swedish, a refused change leaves nothing behind, quorum is checked at
 * every decision, and a reservation needs a yrkande of the reserving side
 * that fell.
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
import type { MotionSheetView } from '../../src/minutes/motions.ts';
import type { BodyDetail, MeetingDetail, MinutesView } from '../../src/http/contract.ts';

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
const secretary = { id: 'sekreterare', roles: ['secretary'] as const };
process.env.FILES_DIR = mkdtempSync(path.join(tmpdir(), 'styrbord-motions-'));

afterAll(dropTestSchemas);

describe.each(testDatabases)('yrkanden och omröstning på $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let feb: MeetingDetail;
  let aug: MeetingDetail;
  let body: BodyDetail;
  let clerk: Client;
  const person = (name: string) => body.memberships.find((m) => m.name === name)!.personId;
  const url = (meeting: MeetingDetail, item: number, rest = 'motions') => `/api/meetings/${meeting.id}/minutes/items/${item}/${rest}`;
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', u: string, payload?: unknown, who: Client = clerk) =>
    app.inject({ method, url: u, ...who, ...(payload === undefined ? {} : { payload: payload as object }) });
  const sheet = async (meeting: MeetingDetail, item: number) => {
    const res = await call('GET', url(meeting, item));
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as MotionSheetView;
  };
  const ok = async (p: Promise<{ statusCode: number; body: string; json: () => unknown }>) => {
    const res = await p;
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as MotionSheetView;
  };
  /** Serving members' votes: the first `ja` ja, the next `nej` nej, the rest avstår; `chair` for the chair. */
  const list = (s: MotionSheetView, ja: number, nej: number, chair?: 'ja' | 'nej' | 'avstår') => {
    const others = s.serving.filter((x) => x.personId !== s.chairPersonId);
    const rows = others.map((x, i) => ({ personId: x.personId, choice: (i < ja ? 'ja' : i < ja + nej ? 'nej' : 'avstår') as 'ja' | 'nej' | 'avstår' }));
    return chair && s.chairPersonId ? [{ personId: s.chairPersonId, choice: chair }, ...rows] : rows;
  };

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, secretary, { fileName: '003.txt', text: seed('003_f8eb7d47c03ea706.txt') });
    await importKallelse(db, secretary, { fileName: '000.txt', text: seed('000_97425d05012e62df.txt') });
    const all = await meetings.listMeetings(db);
    feb = await meetings.getMeeting(db, all.find((m) => m.date === '2020-02-14')!.id);
    aug = await meetings.getMeeting(db, all.find((m) => m.date === '2020-08-24')!.id);
    body = await meetings.getBody(db, feb.bodyId);
    clerk = await signIn(app, db, ['secretary']);
    const view = await minutes.openMinutes(db, secretary, feb.id);
    await minutes.setAttendance(db, secretary, feb.id, {
      version: view.version,
      attendance: [
        ...body.memberships.filter((m) => m.kind === 'member' && m.name !== 'Rolf Karlsson').map((m) => ({ personId: m.personId, present: true })),
        { personId: person('Rolf Karlsson'), present: false },
        { personId: person('Ingrid Båve'), present: true, replacesPersonId: person('Rolf Karlsson') },
      ],
    });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('records two yrkanden at the sheet version; a stale version is refused with nothing saved', async () => {
    let s = await sheet(feb, 7);
    expect(s).toMatchObject({ version: 0, motions: [], propositions: [], chairPersonId: person('Irén Lejegren'), quorum: { ok: true, serving: 15, required: 8 } });
    expect(s.serving.map((x) => x.name)).toContain('Ingrid Båve');
    expect(s.serving.map((x) => x.name)).not.toContain('Rolf Karlsson');

    s = await ok(call('POST', url(feb, 7), { version: 0, moverPersonId: person('Irén Lejegren'), kind: 'bifall' }));
    expect(s.version).toBe(1);
    s = await ok(call('POST', url(feb, 7), { version: 1, moverPersonId: person('Patrik Nyström'), supporters: [person('Kenneth Lantz')], kind: 'avslag' }));
    expect(s.version).toBe(2);
    expect(s.motions.map((m) => [m.position, m.moverName, m.kindLabel, m.text, m.outcome])).toEqual([
      [1, 'Irén Lejegren', 'Bifall', 'bifall till förslaget', 'open'],
      [2, 'Patrik Nyström', 'Avslag', 'avslag på förslaget', 'open'],
    ]);
    expect(s.motions[1]!.supporters.map((x) => x.name)).toEqual(['Kenneth Lantz']);

    // another secretary's tab still at version 1
    const stale = await call('POST', url(feb, 7), { version: 1, moverPersonId: person('Bo Rudolfsson'), kind: 'andring', text: 'att bidraget sänks till 400 000 kronor' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale-version', message: expect.stringMatching(/^Yrkandena under punkt 7 har ändrats av .+ \(din version 1, nu 2\)/) });
    expect((await sheet(feb, 7)).motions).toHaveLength(2);
  });

  it('refuses bad input in Swedish, and only the secretary (minutes.edit) may write', async () => {
    const v = (await sheet(feb, 7)).version;
    const cases: Array<[unknown, number, string | RegExp]> = [
      [{ version: v, moverPersonId: person('Rolf Karlsson'), kind: 'bifall' }, 400, 'Rolf Karlsson tjänstgör inte på punkten och kan inte yrka.'],
      [{ version: v, moverPersonId: person('Bo Rudolfsson'), kind: 'andring', text: '  ' }, 400, 'Skriv ändringsyrkandet: vad beslutet ska säga i stället.'],
      [{ version: v, moverPersonId: person('Bo Rudolfsson'), kind: 'aterremiss' }, 400, /motiveringen till återremissen/],
      [{ version: v, moverPersonId: person('Bo Rudolfsson'), kind: 'bifall', supporters: [person('Rolf Karlsson')] }, 400, /Rolf Karlsson tjänstgör inte på punkten och kan inte instämma/],
      [{ version: v, moverPersonId: person('Bo Rudolfsson'), kind: 'godkännande' }, 400, /kind/],
      [{ moverPersonId: person('Bo Rudolfsson'), kind: 'bifall' }, 400, /version/],
    ];
    for (const [payload, status, message] of cases) {
      const res = await call('POST', url(feb, 7), payload);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.message).toMatch(message);
      expect(res.json().error.message).not.toMatch(/must|should/);
    }
    expect((await call('POST', url(feb, 99), { version: 0, moverPersonId: person('Bo Rudolfsson'), kind: 'bifall' })).statusCode).toBe(404);
    // the August minutes are not begun
    expect((await call('POST', url(aug, 2), { version: 0, moverPersonId: person('Bo Rudolfsson'), kind: 'bifall' })).json().error.code).toBe('minutes-not-open');
    const member = await signIn(app, db, ['member']);
    expect((await call('POST', url(feb, 7), { version: v, moverPersonId: person('Bo Rudolfsson'), kind: 'bifall' }, member)).statusCode).toBe(403);
    expect((await call('GET', url(feb, 7), undefined, member)).statusCode).toBe(200); // members read drafts
    expect((await sheet(feb, 7)).version).toBe(v);
  });

  it('puts the propositions in order, holds an omröstning with the voting list, and ties a reservation to the yrkande that fell', async () => {
    let s = await sheet(feb, 7);
    const [bifall, avslag] = s.motions;
    s = await ok(call('PUT', url(feb, 7, 'propositions'), { version: s.version, propositions: [{ jaMotionId: bifall!.id, nejMotionId: avslag!.id, chairFinds: 'ja' }] }));
    expect(s.propositions).toEqual([
      { position: 1, jaMotionId: bifall!.id, nejMotionId: avslag!.id, chairFinds: 'ja', text: 'bifall till förslaget mot avslag på förslaget', result: 'ja', vote: null },
    ]);
    expect(s.motions.map((m) => m.outcome)).toEqual(['won', 'lost']);

    // a voting list with a member missing, or someone twice, is refused and nothing is saved
    const full = list(s, 7, 6, 'ja'); // chair ja + 7 ja, 6 nej, 1 avstår
    const missing = await call('PUT', url(feb, 7, 'propositions/1/vote'), { version: s.version, jaMeans: 'Ja för bifall', nejMeans: 'Nej för avslag', votes: full.slice(1) });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toBe('Röst saknas för Irén Lejegren.');
    const twice = await call('PUT', url(feb, 7, 'propositions/1/vote'), { version: s.version, votes: [...full, { personId: person('Bo Rudolfsson'), choice: 'nej' }] });
    expect(twice.json().error).toMatchObject({ code: 'double-vote', message: 'Bo Rudolfsson har redan röstat.' });
    const absent = await call('PUT', url(feb, 7, 'propositions/1/vote'), { version: s.version, votes: [...full, { personId: person('Rolf Karlsson'), choice: 'nej' }] });
    expect(absent.json().error.code).toBe('not-serving');
    expect((await sheet(feb, 7)).propositions[0]!.vote).toBeNull();
    expect((await call('PUT', url(feb, 7, 'propositions/2/vote'), { version: s.version, votes: full })).statusCode).toBe(400);

    s = await ok(call('PUT', url(feb, 7, 'propositions/1/vote'), { version: s.version, jaMeans: 'Ja för bifall till förslaget', nejMeans: 'Nej för avslag', votes: full }));
    const vote = s.propositions[0]!.vote!;
    expect(vote).toMatchObject({ ja: 8, nej: 6, avstar: 1, result: 'ja', castingVote: false, line: '8 ja, 6 nej, 1 avstår', jaMeans: 'Ja för bifall till förslaget', nejMeans: 'Nej för avslag' });
    expect(vote.rows).toHaveLength(15);
    expect(vote.rows.find((r) => r.name === 'Irén Lejegren')!.choice).toBe('ja');

    // the reservation: Patrik Nyström moved avslag, which fell; someone who voted ja has no lost yrkande behind them
    const jaVoter = vote.rows.find((r) => r.choice === 'ja' && r.personId !== person('Irén Lejegren') && r.personId !== person('Patrik Nyström') && r.personId !== person('Kenneth Lantz'))!;
    const decision = (notes: unknown[]) => call('PUT', `/api/meetings/${feb.id}/minutes/items/7/decision`, { outcome: 'according-to-proposal', notes });
    const refused = await decision([{ personId: jaVoter.personId, kind: 'reservation', text: 'Jag reserverar mig.' }]);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'reservation-without-motion', message: expect.stringContaining(`${jaVoter.name} kan inte reservera sig`) });
    expect((await decision([{ personId: person('Patrik Nyström'), kind: 'reservation', text: 'Jag reserverar mig.', motionId: bifall!.id }])).json().error.code).toBe('reservation-motion-not-lost');
    const saved = await decision([
      { personId: person('Patrik Nyström'), kind: 'reservation', text: 'Jag reserverar mig till förmån för mitt yrkande.' },
      { personId: person('Kenneth Lantz'), kind: 'reservation', text: 'Jag reserverar mig.', motionId: avslag!.id },
    ]);
    expect(saved.statusCode, saved.body).toBe(200);
    expect((saved.json() as { minutes: MinutesView }).minutes.decisions.find((d) => d.itemNumber === 7)!.notes.map((n) => n.name)).toEqual(['Patrik Nyström', 'Kenneth Lantz']);
    s = await sheet(feb, 7);
    expect(s.reservations.map((r) => [r.name, r.motionId])).toEqual([
      ['Patrik Nyström', avslag!.id],
      ['Kenneth Lantz', avslag!.id],
    ]);

    // a change that would make avslag win is refused whole: the reservations stand on it
    const flip = await call('PUT', url(feb, 7, 'propositions/1/vote'), { version: s.version, votes: list(s, 1, 13, 'ja') });
    expect(flip.statusCode).toBe(409);
    expect(flip.json().error.code).toBe('reservation-depends');
    const after = await sheet(feb, 7);
    expect(after.version).toBe(s.version);
    expect(after.propositions[0]!.vote!.line).toBe('8 ja, 6 nej, 1 avstår');
    // a proposition with an omröstning cannot change, nor can a yrkande in it go
    expect((await call('PUT', url(feb, 7, 'propositions'), { version: s.version, propositions: [] })).json().error.code).toBe('vote-recorded');
    expect((await call('DELETE', `${url(feb, 7)}/${avslag!.id}?version=${s.version}`)).json().error.code).toBe('motion-in-proposition');
  });

  it("breaks a tie with the chair's casting vote", async () => {
    let s = await sheet(feb, 8);
    s = await ok(call('POST', url(feb, 8), { version: s.version, moverPersonId: person('Irén Lejegren'), kind: 'bifall' }));
    s = await ok(call('POST', url(feb, 8), { version: s.version, moverPersonId: person('Bo Rudolfsson'), kind: 'aterremiss', text: 'för att utreda kostnaderna' }));
    const [bifall, remiss] = s.motions;
    s = await ok(call('PUT', url(feb, 8, 'propositions'), { version: s.version, propositions: [{ jaMotionId: bifall!.id, nejMotionId: remiss!.id, chairFinds: 'ja' }] }));
    // 7 ja + 7 nej + 1 (the chair) … the chair votes nej: 7 ja, 8 nej? make it even: chair nej, 7 ja, 6 nej, one avstår → 7–7
    s = await ok(call('PUT', url(feb, 8, 'propositions/1/vote'), { version: s.version, votes: list(s, 7, 6, 'nej') }));
    expect(s.propositions[0]!.vote).toMatchObject({ ja: 7, nej: 7, avstar: 1, result: 'nej', castingVote: true, line: '7 ja, 7 nej, 1 avstår (ordförandens utslagsröst: nej)' });
    expect(s.propositions[0]!.vote!.summary).toContain('ordförandens utslagsröst avgör (nej)');
    expect(s.motions.map((m) => m.outcome)).toEqual(['lost', 'won']);
    // a tie where the chair abstains has no result
    const tie = await call('PUT', url(feb, 8, 'propositions/1/vote'), { version: s.version, votes: list(s, 7, 7, 'avstår') });
    expect(tie.json().error.code).toBe('tie-without-chair');
    // removing the omröstning gives the chair's finding back
    s = await ok(call('DELETE', `${url(feb, 8, 'propositions/1/vote')}?version=${s.version}`));
    expect(s.propositions[0]).toMatchObject({ result: 'ja', vote: null });
    expect(s.motions.map((m) => m.outcome)).toEqual(['won', 'lost']);
    // a yrkande outside the propositions can go; the rest are renumbered
    s = await ok(call('PUT', url(feb, 8, 'propositions'), { version: s.version, propositions: [] }));
    s = await ok(call('DELETE', `${url(feb, 8)}/${bifall!.id}?version=${s.version}`));
    expect(s.motions.map((m) => [m.position, m.kind])).toEqual([[1, 'aterremiss']]);
  });

  it('prints the yrkanden, the propositionsordning and the voting list under the paragraph', async () => {
    expect((await call('PUT', `/api/meetings/${feb.id}/minutes/items/3/decision`, { outcome: 'according-to-proposal' })).statusCode).toBe(200);
    const view = (await call('GET', `/api/meetings/${feb.id}/minutes`)).json() as MinutesView;
    const d7 = view.decisions.find((d) => d.itemNumber === 7)!;
    expect(d7.proceedings!.motions.map((m) => [m.name, m.kindLabel, m.outcome])).toEqual([
      ['Irén Lejegren', 'Bifall', 'won'],
      ['Patrik Nyström', 'Avslag', 'lost'],
    ]);
    expect(view.decisions.find((d) => d.itemNumber === 3)!.proceedings).toBeUndefined(); // no yrkanden: the paragraph as before
    const res = await call('GET', `/api/meetings/${feb.id}/minutes.pdf`);
    expect(res.statusCode).toBe(200);
    const text = (await readPdf(new Uint8Array(res.rawPayload))).pages.join('\n').replace(/\s+/g, ' ').replace(/ \d+ \(\d+\) Protokoll – Regional tillväxtnämnd – 2020-02-14/g, ''); // without the page stamps and headers
    expect(text).toContain('Yrkanden Irén Lejegren (S) yrkar bifall till förslaget. Patrik Nyström (SD) yrkar avslag på förslaget. Kenneth Lantz instämmer.');
    expect(text).toContain('Ordföranden ställer proposition på bifall till förslaget mot avslag på förslaget. Omröstning begärs och verkställs. Ja-röst: Ja för bifall till förslaget. Nej-röst: Nej för avslag.');
    expect(text).toContain('Omröstningsresultat: 8 ja-röster, 6 nej-röster, 1 avstår. Regional tillväxtnämnd har beslutat enligt yrkandet om bifall till förslaget.');
    expect(text).toContain('Röstlista Irén Lejegren (S): ja');
    expect(text).toContain('Patrik Nyström (SD): nej');
    expect(text).toContain('Summa: 8 ja, 6 nej, 1 avstår.');
    expect(text).toContain('Reservation: Patrik Nyström (SD)');
  });

  it('checks quorum at every decision', async () => {
    let view = await minutes.openMinutes(db, secretary, aug.id);
    const few = body.memberships.filter((m) => m.kind === 'member').slice(0, 7);
    view = await minutes.setAttendance(db, secretary, aug.id, { version: view.version, attendance: few.map((m) => ({ personId: m.personId, present: true })) });
    let s = await sheet(aug, 2);
    expect(s.quorum).toMatchObject({ ok: false, serving: 7, required: 8 });
    s = await ok(call('POST', url(aug, 2), { version: s.version, moverPersonId: few[0]!.personId, kind: 'bifall' }));
    const props = { version: s.version, propositions: [{ jaMotionId: s.motions[0]!.id, chairFinds: 'ja' }] };
    const refused = await call('PUT', url(aug, 2, 'propositions'), props);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'no-quorum', message: expect.stringContaining('7 av 15 ledamöter tjänstgör, minst 8 krävs') });
    expect((await sheet(aug, 2)).propositions).toEqual([]);
    s = await ok(call('PUT', url(aug, 2, 'propositions'), { ...props, acknowledgeNoQuorum: true }));
    expect(s.propositions[0]!.text).toBe('bifall till förslaget mot avslag på det');
    const vote = await call('PUT', url(aug, 2, 'propositions/1/vote'), { version: s.version, votes: list(s, 6, 0, 'ja') });
    expect(vote.statusCode).toBe(409);
    expect(vote.json().error.message).toContain('Omröstningen kan inte hållas.');
  });
});
