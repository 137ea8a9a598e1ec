/**
 * Co-financing decisions (issue 16, item 1), on PGlite and (with
 * DATABASE_URL) PostgreSQL: the body's decision is confirmed only from
 * adjusted minutes (refused on the draft and the numbered protokoll); a
 * decision "med ändring" with a lower cap is recorded as decided and the
 * commitment and the remaining amount follow it; avslag from the minutes and
 * under delegation; återkallelse before payout (a granted one's commitment
 * released), refused once a payout is prepared; a tabled proposal moved to
 * the next meeting; every change names the version it was based on.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { actorWith, signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import * as delegation from '../../src/delegation/service.ts';
import * as cofinancing from '../../src/funding/cofinancingService.ts';
import type { ApplicationInput, ApplicationView } from '../../src/funding/cofinancingService.ts';
import { SEED_003, kr } from '../../src/funding/fixtures.ts';

afterAll(dropTestSchemas);

const secretary = actorWith('secretary');
const sums = (perYear: number[], total: number) => ({ perYear: perYear.map(kr), total: kr(total) });
const project = (name: string): ApplicationInput => ({
  applicant: { name: 'Bergslagens Innovation AB', orgNumber: '556677-1233', address: ['Storgatan 1', '702 10 Örebro'] },
  projectName: name,
  period: { start: '2022-01-01', end: '2023-06-30' },
  priorityArea: 'Innovationskraft och specialisering',
  priorityRank: '2b',
  fundingSource: 'state-1-1',
  requestedOre: kr(200_000),
  rateBp: 4500,
  budget: {
    years: [2022, 2023],
    costs: [
      { category: 'staff', label: 'Egen personal', values: [kr(200_000), kr(150_000)], statedTotalOre: kr(350_000) },
      { category: 'external-services', label: 'Externa tjänster', values: [kr(100_000), kr(50_000)], statedTotalOre: kr(150_000) },
    ],
    costSums: sums([300_000, 200_000], 500_000),
    financing: [
      { kind: 'public', label: 'Region Örebro län 1:1', values: [kr(120_000), kr(80_000)], statedTotalOre: kr(200_000) },
      { kind: 'public', label: 'Örebro kommun', values: [kr(180_000), kr(120_000)], statedTotalOre: kr(300_000) },
    ],
    financingSums: sums([300_000, 200_000], 500_000),
  },
});

describe.each(testDatabases)('co-financing decisions on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let officer: Client;
  let sec: Client;
  let bodyId: number;
  let march: number;
  let april: number;
  const ids: Record<string, number> = {};

  const post = (url: string, client: Client | null, payload: unknown) => app.inject({ method: 'POST', url, ...(client ?? {}), payload: payload as object });
  const get = async (id: number) => (await app.inject({ method: 'GET', url: `/api/cofinancing/${id}`, ...sec })).json() as ApplicationView;
  const committed2021 = async () => (await app.inject({ method: 'GET', url: '/api/appropriations/2021', ...sec })).json().commitments as Array<{ caseNumber: string; amountOre: number }>;
  const DELEGATED = { route: 'delegation', decidedOn: '2021-03-01', officer: 'Regional utveckling, Lena Kihl', signatories: [{ name: 'Eva Getzman', title: 'Enhetschef' }] };

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, secretary, { fileName: SEED_003, text: readFileSync(new URL(`../../seeds/${SEED_003}`, import.meta.url), 'utf8') });
    bodyId = (await meetings.listBodies(db))[0]!.id;
    await delegation.setPoint(db, secretary, bodyId, { number: '3.2', title: 'Regionala utvecklingsstöd', delegate: 'förvaltningschef Regional utveckling', maxAmountOre: kr(1_000_000), decisionTypes: [] });
    march = (await meetings.createMeeting(db, secretary, { bodyId, date: '2021-03-10', startTime: '09:00', place: 'Regionens hus' })).id;
    april = (await meetings.createMeeting(db, secretary, { bodyId, date: '2021-04-14', startTime: '09:00', place: 'Regionens hus' })).id;
    officer = await signIn(app, db, ['case-officer']);
    sec = await signIn(app, db, ['secretary']);
    expect((await app.inject({ method: 'PUT', url: '/api/appropriations/2021', ...sec, payload: { totalOre: kr(40_000_000) } })).statusCode).toBe(200);
    for (const key of ['asProposed', 'lowerCap', 'rejected', 'tabled', 'delegatedNo', 'pendingWithdrawn', 'grantedWithdrawn', 'paid']) {
      const r = await post('/api/cofinancing', officer, project(`Projekt ${key}`));
      expect(r.statusCode, r.body).toBe(201);
      ids[key] = r.json().id;
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('routes four applications to the March meeting: each an agenda item of kind decision with its case', async () => {
    for (const key of ['asProposed', 'lowerCap', 'rejected', 'tabled']) {
      const r = await post(`/api/cofinancing/${ids[key]}/decision`, sec, { route: 'body', meetingId: march });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json().application.status).toBe('proposed');
    }
    const items = (await meetings.getMeeting(db, march)).items;
    expect(items.map((i) => [i.number, i.kind, i.title])).toEqual([
      [1, 'decision', 'Medfinansiering av Projekt asProposed'],
      [2, 'decision', 'Medfinansiering av Projekt lowerCap'],
      [3, 'decision', 'Medfinansiering av Projekt rejected'],
      [4, 'decision', 'Medfinansiering av Projekt tabled'],
    ]);
    expect(new Set(items.map((i) => i.caseNumber)).size).toBe(4);
  });

  it('refuses to confirm from the draft and the numbered minutes; confirms once they are adjusted', async () => {
    const body = await meetings.getBody(db, bodyId);
    const members = body.memberships.filter((x) => x.kind === 'member');
    await minutes.openMinutes(db, secretary, march);
    await minutes.setAttendance(db, secretary, march, { attendance: members.map((x) => ({ personId: x.personId, present: true })) });
    await minutes.recordDecision(db, secretary, march, 1, { outcome: 'according-to-proposal' });
    await minutes.recordDecision(db, secretary, march, 2, { outcome: 'amended', clauses: ['att bevilja 45 procent av projektets bokförda kostnader, dock högst 150 000 kronor'] });
    await minutes.recordDecision(db, secretary, march, 3, { outcome: 'amended', clauses: ['att avslå ansökan'] });
    await minutes.recordDecision(db, secretary, march, 4, { outcome: 'tabled' });

    const draft = await post(`/api/cofinancing/${ids.asProposed}/confirmation`, sec, {});
    expect(draft.statusCode).toBe(409);
    expect(draft.json().error).toEqual({ code: 'minutes-not-adjusted', message: 'Protokollet från 2021-03-10 är ett utkast; nämndens beslut kan bekräftas först när protokollet är justerat.' });
    await minutes.numberMinutes(db, secretary, march);
    const numbered = await post(`/api/cofinancing/${ids.asProposed}/confirmation`, sec, {});
    expect(numbered.statusCode).toBe(409);
    expect(numbered.json().error.message).toBe('Protokollet från 2021-03-10 är numrerat men inte justerat; nämndens beslut kan bekräftas först när protokollet är justerat.');
    expect((await get(ids.asProposed!)).decisions).toMatchObject([{ status: 'pending', decidedOn: null }]);

    const chair = members[0]!.personId;
    await minutes.setAdjusters(db, secretary, march, { personIds: [chair] });
    expect((await minutes.signMinutes(db, { id: 'ordf', roles: ['adjuster'], personId: chair, authenticatedAt: new Date() }, march, chair)).status).toBe('adjusted');
    const ok = await post(`/api/cofinancing/${ids.asProposed}/confirmation`, sec, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().application).toMatchObject({ status: 'granted', current: { capOre: kr(200_000), rateBp: 4500 } });
    expect(ok.json().decision).toMatchObject({ status: 'granted', decidedOn: '2021-03-10', amended: false, capOre: kr(200_000) });
    expect(ok.json().commitment).toMatchObject({ year: 2021, amountOre: kr(200_000) });
  });

  it('records the decision "med ändring" with the lower cap, version-locked; the commitment and the remaining amount follow it', async () => {
    const before = await get(ids.lowerCap!);
    const nothing = await post(`/api/cofinancing/${ids.lowerCap}/confirmation`, sec, {});
    expect(nothing.statusCode).toBe(422);
    expect(nothing.json().error.code).toBe('amendment-required');
    const noVersion = await post(`/api/cofinancing/${ids.lowerCap}/confirmation`, sec, { amended: { capOre: kr(150_000) } });
    expect(noVersion.statusCode).toBe(400);
    expect(noVersion.json().error.code).toBe('version-required');
    const stale = await post(`/api/cofinancing/${ids.lowerCap}/confirmation`, sec, { version: before.version - 1, amended: { capOre: kr(150_000) } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale-version');
    const above = await post(`/api/cofinancing/${ids.lowerCap}/confirmation`, sec, { version: before.version, amended: { capOre: kr(250_000) } });
    expect(above.statusCode).toBe(400);
    expect(above.json().error.code).toBe('cap-above-application');
    expect((await get(ids.lowerCap!)).status).toBe('proposed');

    const ok = await post(`/api/cofinancing/${ids.lowerCap}/confirmation`, sec, { version: before.version, amended: { capOre: kr(150_000), periodEnd: '2023-03-31' } });
    expect(ok.statusCode, ok.body).toBe(200);
    const a = ok.json().application as ApplicationView;
    expect(a.status).toBe('granted');
    expect(a.capOre).toBe(kr(200_000)); // the application keeps what was proposed
    expect(a.current).toMatchObject({ capOre: kr(150_000), period: { start: '2022-01-01', end: '2023-03-31' } });
    expect(a.remainingOre).toBe(kr(150_000));
    expect(a.decisions[0]).toMatchObject({ status: 'granted', amended: true, decidedOn: '2021-03-10', capOre: kr(150_000), addedCapOre: kr(150_000), stateOre: kr(150_000) });
    expect(a.decisions[0]!.clauses[0]).toMatch(/dock högst 150\s000 kronor/);
    expect(ok.json().commitment).toMatchObject({ year: 2021, amountOre: kr(150_000) });
  });

  it('records the avslag from the adjusted minutes with its reasons; nothing is committed and it cannot end twice', async () => {
    const v = (await get(ids.rejected!)).version;
    const r = await post(`/api/cofinancing/${ids.rejected}/rejection`, sec, { route: 'body', reason: 'Projektet bedöms inte bidra till den regionala utvecklingsstrategin.', version: v });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      status: 'rejected',
      statusLabel: 'Avslagen',
      closure: { kind: 'rejected', on: '2021-03-10', reason: 'Projektet bedöms inte bidra till den regionala utvecklingsstrategin.' },
      decisions: [{ status: 'rejected', decidedOn: '2021-03-10', decidedBy: expect.any(String) }],
      current: null,
    });
    const caseNumber = r.json().caseNumber;
    expect((await committed2021()).some((c) => c.caseNumber === caseNumber)).toBe(false);
    const again = await post(`/api/cofinancing/${ids.rejected}/withdrawal`, officer, { reason: 'Sökanden drar tillbaka', withdrawnOn: '2021-03-20', version: r.json().version });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toEqual({ code: 'application-closed', message: 'Ansökan är redan avslagen.' });
    // an application proposed to the body is not rejected under delegation
    const v2 = (await get(ids.tabled!)).version;
    const deleg = await post(`/api/cofinancing/${ids.tabled}/rejection`, sec, { route: 'delegation', bodyId, decidedOn: '2021-03-01', reason: 'Nej', version: v2 });
    expect(deleg.statusCode).toBe(409);
  });

  it('moves the tabled proposal to the April meeting; until then it cannot be confirmed', async () => {
    const tabled = await post(`/api/cofinancing/${ids.tabled}/confirmation`, sec, {});
    expect(tabled.statusCode).toBe(409);
    expect(tabled.json().error.message).toMatch(/bordlägga ärendet den 2021-03-10; flytta förslaget till ett kommande sammanträde/);
    const v = (await get(ids.tabled!)).version;
    expect((await post(`/api/cofinancing/${ids.tabled}/move`, sec, { meetingId: april, version: v + 1 })).statusCode).toBe(409);
    const moved = await post(`/api/cofinancing/${ids.tabled}/move`, sec, { meetingId: april, version: v });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().agendaItem).toMatchObject({ meetingId: april, itemNumber: 1, linked: false });
    expect(moved.json().decision).toMatchObject({ status: 'pending', meetingId: april });
    expect((await meetings.getMeeting(db, april)).items[0]).toMatchObject({ kind: 'decision', title: 'Medfinansiering av Projekt tabled' });
    // the March item is decided (as proposed): that proposal cannot be moved
    const decided = await post(`/api/cofinancing/${ids.asProposed}/move`, sec, { meetingId: april, version: (await get(ids.asProposed!)).version });
    expect(decided.statusCode).toBe(409);
  });

  it('rejects a draft under delegation point 3.2: in the register of delegated decisions', async () => {
    const before = (await delegation.register(db, bodyId)).length;
    const v = (await get(ids.delegatedNo!)).version;
    const noReason = await post(`/api/cofinancing/${ids.delegatedNo}/rejection`, sec, { route: 'delegation', bodyId, decidedOn: '2021-03-01', reason: ' ', version: v });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toBe('Skälen för avslaget saknas.');
    const r = await post(`/api/cofinancing/${ids.delegatedNo}/rejection`, sec, { route: 'delegation', bodyId, decidedOn: '2021-03-01', reason: 'Budgeten saknar medfinansiering från kommunen.', version: v });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'rejected', closure: { on: '2021-03-01', reason: 'Budgeten saknar medfinansiering från kommunen.' } });
    const reg = await delegation.register(db, bodyId);
    expect(reg.length).toBe(before + 1);
    expect(reg.at(-1)!.text).toBe('Avslag på ansökan om medfinansiering av Projekt delegatedNo. Skäl: Budgeten saknar medfinansiering från kommunen.');
    // the case officer may not reject
    expect((await post(`/api/cofinancing/${ids.paid}/rejection`, officer, { route: 'delegation', bodyId, decidedOn: '2021-03-01', reason: 'x', version: 1 })).statusCode).toBe(403);
  });

  it('withdraws a pending and a granted application before payout (the commitment released); not after a payout is prepared', async () => {
    expect((await post(`/api/cofinancing/${ids.pendingWithdrawn}/decision`, sec, { route: 'body', meetingId: april })).statusCode).toBe(201);
    const v = (await get(ids.pendingWithdrawn!)).version;
    const stale = await post(`/api/cofinancing/${ids.pendingWithdrawn}/withdrawal`, officer, { reason: 'Projektet genomförs inte', withdrawnOn: '2021-03-20', version: v - 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale-version');
    const w = await post(`/api/cofinancing/${ids.pendingWithdrawn}/withdrawal`, officer, { reason: 'Projektet genomförs inte', withdrawnOn: '2021-03-20', version: v });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json()).toMatchObject({ status: 'withdrawn', statusLabel: 'Återkallad av sökanden', closure: { kind: 'withdrawn', on: '2021-03-20', reason: 'Projektet genomförs inte' }, decisions: [{ status: 'withdrawn', decidedOn: null }] });

    // granted under delegation, with a lower cap (the letter follows the decision), then withdrawn: the commitment goes
    const g = await post(`/api/cofinancing/${ids.grantedWithdrawn}/decision`, sec, { ...DELEGATED, bodyId, amended: { capOre: kr(120_000) } });
    expect(g.statusCode, g.body).toBe(201);
    expect(g.json().decision).toMatchObject({ status: 'granted', amended: true, capOre: kr(120_000) });
    expect(g.json().commitment).toMatchObject({ amountOre: kr(120_000) });
    const letter = await cofinancing.letterOf(db, secretary, ids.grantedWithdrawn!);
    expect(letter.letter.decision.join(' '), letter.letter.decision.join(' ')).toMatch(/dock högst 120\s000 kr,/);
    expect(letter.letter.decision.join(' ')).not.toMatch(/200\s000/);
    const caseNumber = g.json().application.caseNumber;
    expect((await committed2021()).filter((c) => c.caseNumber === caseNumber).map((c) => c.amountOre)).toEqual([kr(120_000)]);
    const wg = await post(`/api/cofinancing/${ids.grantedWithdrawn}/withdrawal`, officer, { reason: 'Sökanden avstår från stödet', withdrawnOn: '2021-04-01', version: g.json().application.version });
    expect(wg.statusCode, wg.body).toBe(200);
    expect(wg.json()).toMatchObject({ status: 'withdrawn', current: null, remainingOre: null, decisions: [{ status: 'withdrawn', decidedOn: '2021-03-01' }] });
    // no longer granted anywhere: no payout, not in the year's decisions for the state report
    const claimAfter = await post(`/api/cofinancing/${ids.grantedWithdrawn}/payouts`, officer, { periodFrom: '2022-01-01', periodTo: '2022-12-31', bookedCostsOre: kr(300_000), claimedOn: '2023-01-20' });
    expect(claimAfter.statusCode).toBe(409);
    expect((await cofinancing.commitmentsForYear(db, 2021)).some((c) => c.caseNumber === caseNumber)).toBe(false);
    expect((await committed2021()).some((c) => c.caseNumber === caseNumber)).toBe(false);

    // a payout prepared: no withdrawal
    const p = await post(`/api/cofinancing/${ids.paid}/decision`, sec, { ...DELEGATED, bodyId });
    expect(p.statusCode, p.body).toBe(201);
    const claim = await post(`/api/cofinancing/${ids.paid}/payouts`, officer, { periodFrom: '2022-01-01', periodTo: '2022-12-31', bookedCostsOre: kr(300_000), claimedOn: '2023-01-20' });
    expect(claim.statusCode, claim.body).toBe(201);
    const late = await post(`/api/cofinancing/${ids.paid}/withdrawal`, officer, { reason: 'För sent', withdrawnOn: '2023-02-01', version: (await get(ids.paid!)).version });
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toEqual({ code: 'payout-made', message: 'Medfinansieringen har utbetalningar; den kan inte längre återkallas eller avslås.' });
    expect((await get(ids.paid!)).status).toBe('granted');
  });
});
