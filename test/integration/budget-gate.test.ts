/**
 * A flagged budget error blocks the proposal (issue 16.1), on PGlite and
 * (with DATABASE_URL) PostgreSQL: both routes of the decision (to the body's
 * agenda and under delegation point 3.2) refuse an application whose budget
 * check has errors, with a Swedish message and the findings, writing nothing;
 * with budgetOverride and a reason it goes on and the log records the
 * findings' codes and the reason (an empty reason is refused); once the budget
 * is corrected it goes on without an override.
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
import * as delegation from '../../src/delegation/service.ts';
import type { ApplicationInput, ApplicationView } from '../../src/funding/cofinancingService.ts';
import { SEED_003, kr } from '../../src/funding/fixtures.ts';

afterAll(dropTestSchemas);

const secretary = actorWith('secretary');
const sums = (perYear: number[], total: number) => ({ perYear: perYear.map(kr), total: kr(total) });
/** A consistent budget, or (wrong) one whose municipality row states a total its years do not sum to. */
const project = (name: string, wrong: boolean): ApplicationInput => ({
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
      { kind: 'public', label: 'Örebro kommun', values: [kr(180_000), kr(120_000)], statedTotalOre: kr(wrong ? 336_400 : 300_000) },
    ],
    financingSums: sums([300_000, 200_000], 500_000),
  },
});

const REASON = 'Kommunens rad är felsummerad men beloppen per år stämmer med kommunens beslut; regionens del påverkas inte.';

describe.each(testDatabases)('the budget check blocks the decision on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let officer: Client;
  let sec: Client;
  let bodyId: number;
  let march: number;
  const ids: Record<string, number> = {};

  const send = (method: 'POST' | 'PUT', url: string, client: Client, payload: unknown) => app.inject({ method, url, ...client, payload: payload as object });
  const get = async (id: number) => (await app.inject({ method: 'GET', url: `/api/cofinancing/${id}`, ...sec })).json() as ApplicationView;
  const audits = (id: number) =>
    db.kysely.selectFrom('audit_log').select(['action', 'after']).where('entity', '=', 'cofinancing_application').where('entity_id', '=', String(id)).orderBy('id').execute();
  const DELEGATED = { route: 'delegation', decidedOn: '2021-03-01', officer: 'Regional utveckling, Lena Kihl', signatories: [{ name: 'Eva Getzman', title: 'Enhetschef' }] };

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, secretary, { fileName: SEED_003, text: readFileSync(new URL(`../../seeds/${SEED_003}`, import.meta.url), 'utf8') });
    bodyId = (await meetings.listBodies(db))[0]!.id;
    await delegation.setPoint(db, secretary, bodyId, { number: '3.2', title: 'Regionala utvecklingsstöd', delegate: 'förvaltningschef Regional utveckling', maxAmountOre: kr(1_000_000), decisionTypes: [] });
    march = (await meetings.createMeeting(db, secretary, { bodyId, date: '2021-03-10', startTime: '09:00', place: 'Regionens hus' })).id;
    officer = await signIn(app, db, ['case-officer']);
    sec = await signIn(app, db, ['secretary']);
    expect((await send('PUT', '/api/appropriations/2021', sec, { totalOre: kr(40_000_000) })).statusCode).toBe(200);
    for (const key of ['toBody', 'toDelegate', 'corrected']) {
      const r = await send('POST', '/api/cofinancing', officer, project(`Projekt ${key}`, true));
      expect(r.statusCode, r.body).toBe(201);
      ids[key] = r.json().id;
      expect((r.json() as ApplicationView).findings.filter((f) => f.severity === 'error').map((f) => f.code)).toContain('row-sum');
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const expectRefused = async (id: number, payload: Record<string, unknown>) => {
    const before = await get(id);
    const errors = before.findings.filter((f) => f.severity === 'error');
    const r = await send('POST', `/api/cofinancing/${id}/decision`, sec, payload);
    expect(r.statusCode, r.body).toBe(422);
    const e = r.json().error as { code: string; message: string; details: { findings: Array<{ code: string; message: string }> } };
    expect(e.code).toBe('budget-errors');
    const n = errors.length === 1 ? 'ett fel' : `${errors.length} fel`;
    expect(e.message).toBe(`Kontrollen av budgeten hittade ${n}. Rätta budgeten eller gå vidare med en motivering till undantaget.`);
    expect(e.details.findings.map((f) => [f.code, f.message])).toEqual(errors.map((f) => [f.code, f.message]));
    const after = await get(id);
    expect(after).toMatchObject({ status: 'draft', version: before.version, decisions: [] });
    return r;
  };

  it('to the body: refused with the findings and nothing written; an empty reason is refused; with a reason it goes on and the log holds it', async () => {
    const itemsBefore = (await meetings.getMeeting(db, march)).items.length;
    const auditBefore = (await audits(ids.toBody!)).length;
    await expectRefused(ids.toBody!, { route: 'body', meetingId: march });
    const empty = await send('POST', `/api/cofinancing/${ids.toBody}/decision`, sec, { route: 'body', meetingId: march, budgetOverride: { reason: '   ' } });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error).toEqual({ code: 'budget-override-reason-required', message: 'Motiveringen till att gå vidare trots felen i budgeten saknas.' });
    expect((await meetings.getMeeting(db, march)).items.length).toBe(itemsBefore);
    expect((await audits(ids.toBody!)).length).toBe(auditBefore);
    expect((await get(ids.toBody!)).status).toBe('draft');

    const ok = await send('POST', `/api/cofinancing/${ids.toBody}/decision`, sec, { route: 'body', meetingId: march, budgetOverride: { reason: `  ${REASON} ` } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().application.status).toBe('proposed');
    expect((await meetings.getMeeting(db, march)).items.length).toBe(itemsBefore + 1);
    const propose = (await audits(ids.toBody!)).filter((x) => x.action === 'cofinancing.propose');
    expect(propose).toHaveLength(1);
    const recorded = (propose[0]!.after as { budgetOverride: { reason: string; findings: Array<{ code: string }> } }).budgetOverride;
    expect(recorded.reason).toBe(REASON);
    expect(recorded.findings.map((f) => f.code)).toEqual((await get(ids.toBody!)).findings.filter((f) => f.severity === 'error').map((f) => f.code));
  });

  it('under delegation: refused with nothing in the register; with a reason it is granted and the log holds it', async () => {
    const registered = (await delegation.register(db, bodyId)).length;
    await expectRefused(ids.toDelegate!, { ...DELEGATED, bodyId });
    expect((await delegation.register(db, bodyId)).length).toBe(registered);
    const commitments = async () => ((await app.inject({ method: 'GET', url: '/api/appropriations/2021', ...sec })).json().commitments as unknown[]).length;
    const committed = await commitments();

    const ok = await send('POST', `/api/cofinancing/${ids.toDelegate}/decision`, sec, { ...DELEGATED, bodyId, budgetOverride: { reason: REASON } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().decision).toMatchObject({ route: 'delegation', status: 'granted' });
    expect((await delegation.register(db, bodyId)).length).toBe(registered + 1);
    expect(await commitments()).toBe(committed + 1);
    const decided = (await audits(ids.toDelegate!)).filter((x) => x.action === 'cofinancing.decide');
    expect(decided).toHaveLength(1);
    expect((decided[0]!.after as { budgetOverride: { reason: string; findings: Array<{ code: string }> } }).budgetOverride).toMatchObject({ reason: REASON, findings: expect.arrayContaining([expect.objectContaining({ code: 'row-sum', table: 'financing', row: 'Örebro kommun' })]) });
  });

  it('a corrected budget goes on without an override, and the log records none', async () => {
    await expectRefused(ids.corrected!, { route: 'body', meetingId: march });
    const before = await get(ids.corrected!);
    const put = await send('PUT', `/api/cofinancing/${ids.corrected}`, officer, { ...project('Projekt corrected', false), caseNumber: before.caseNumber, version: before.version });
    expect(put.statusCode, put.body).toBe(200);
    expect((put.json() as ApplicationView).findings.filter((f) => f.severity === 'error')).toEqual([]);
    const ok = await send('POST', `/api/cofinancing/${ids.corrected}/decision`, sec, { route: 'body', meetingId: march });
    expect(ok.statusCode, ok.body).toBe(201);
    const propose = (await audits(ids.corrected!)).filter((x) => x.action === 'cofinancing.propose');
    expect(propose).toHaveLength(1);
    expect(propose[0]!.after).not.toHaveProperty('budgetOverride');
  });
});
