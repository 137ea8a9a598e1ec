/**
 * Issue 16, on PGlite and (with DATABASE_URL) PostgreSQL:
 * (a) an application and its decisions point to the strategy's priority
 *     records (migration 051): picked by id, a typed rank linked by code, a
 *     rank that matches no record kept and flagged; the decision's priority
 *     corrected with its version; the state report's priority table counts
 *     the priority each granted decision points to;
 * (b) the over-commitment of the 1:1 appropriation is warned before it
 *     happens (the proposal's check for the meeting's or the decision's
 *     year), refused without a reason and recorded with one;
 * (c) after an extension the application, the letter and the lists show the
 *     period and cap in force.
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
import { formatKronor } from '../../src/kernel/kronor.ts';

afterAll(dropTestSchemas);

const secretary = actorWith('secretary');
const sums = (perYear: number[], total: number) => ({ perYear: perYear.map(kr), total: kr(total) });
const project = (name: string, priority: Partial<ApplicationInput>): ApplicationInput => {
  const { priorityRank: _r, ...rest } = {
    applicant: { name: 'Bergslagens Innovation AB', orgNumber: '556677-1233', address: ['Storgatan 1', '702 10 Örebro'] },
    projectName: name,
    period: { start: '2022-01-01', end: '2023-06-30' },
    priorityArea: 'Innovationskraft och specialisering',
    priorityRank: null,
    fundingSource: 'state-1-1' as const,
    requestedOre: kr(200_000),
    rateBp: 4500,
    budget: {
      years: [2022, 2023],
      costs: [
        { category: 'staff' as const, label: 'Egen personal', values: [kr(200_000), kr(150_000)], statedTotalOre: kr(350_000) },
        { category: 'external-services' as const, label: 'Externa tjänster', values: [kr(100_000), kr(50_000)], statedTotalOre: kr(150_000) },
      ],
      costSums: sums([300_000, 200_000], 500_000),
      financing: [
        { kind: 'public' as const, label: 'Region Örebro län 1:1', values: [kr(120_000), kr(80_000)], statedTotalOre: kr(200_000) },
        { kind: 'public' as const, label: 'Örebro kommun', values: [kr(180_000), kr(120_000)], statedTotalOre: kr(300_000) },
      ],
      financingSums: sums([300_000, 200_000], 500_000),
    },
  };
  return { ...rest, ...priority } as ApplicationInput;
};

type Table = { id: string; rows: Array<Array<string | number | null>> };

describe.each(testDatabases)('co-financing priorities, appropriation warning and terms in force on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let officer: Client;
  let sec: Client;
  let bodyId: number;
  const prio: Record<string, number> = {};
  const ids: Record<string, number> = {};

  const post = (url: string, client: Client, payload: unknown) => app.inject({ method: 'POST', url, ...client, payload: payload as object });
  const put = (url: string, client: Client, payload: unknown) => app.inject({ method: 'PUT', url, ...client, payload: payload as object });
  const get = async (id: number) => (await app.inject({ url: `/api/cofinancing/${id}`, ...sec })).json() as ApplicationView;
  const delegated = (decidedOn: string, extra: object = {}) => ({ route: 'delegation', bodyId, decidedOn, officer: 'Regional utveckling, Lena Kihl', signatories: [{ name: 'Eva Getzman', title: 'Enhetschef' }], ...extra });
  const priorityRows = async (year: number) => {
    const r = await app.inject({ url: `/api/state-report/${year}`, ...sec });
    expect(r.statusCode, r.body).toBe(200);
    const t = (r.json().tables as Table[]).find((x) => x.id === 'projects-by-priority')!;
    return t.rows.map((row) => [row[0], row.at(-1)]);
  };

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, secretary, { fileName: SEED_003, text: readFileSync(new URL(`../../seeds/${SEED_003}`, import.meta.url), 'utf8') });
    bodyId = (await meetings.listBodies(db))[0]!.id;
    await delegation.setPoint(db, secretary, bodyId, { number: '3.2', title: 'Regionala utvecklingsstöd', delegate: 'förvaltningschef Regional utveckling', maxAmountOre: kr(1_000_000), decisionTypes: [] });
    officer = await signIn(app, db, ['case-officer']);
    sec = await signIn(app, db, ['secretary']);
    expect((await put('/api/appropriations/2021', sec, { totalOre: kr(40_000_000) })).statusCode).toBe(200);
    // 2022: only 250 000 kr, so the second grant of 200 000 kr would go beyond it
    expect((await put('/api/appropriations/2022', sec, { totalOre: kr(250_000) })).statusCode).toBe(200);
    for (const [key, code, name, position] of [['growth', 'H1', 'Hållbart näringsliv – ett konkurrenskraftigt och hållbart näringsliv i hela länet', 1], ['green', '2b', 'Hållbar omställning', 2]] as const) {
      const r = await post('/api/state-report/priorities', sec, { code, name, position });
      expect(r.statusCode, r.body).toBe(201);
      prio[key] = r.json().id;
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('(a) an application points to the record picked; a typed rank is linked by code or kept and flagged', async () => {
    const picked = await post('/api/cofinancing', officer, project('Projekt valt', { strategyPriorityId: prio.growth }));
    expect(picked.statusCode, picked.body).toBe(201);
    // a name longer than the old 10-character rank, the record's code as the rank
    expect(picked.json()).toMatchObject({ priorityRank: 'H1', priorityFlagged: false, priority: { id: prio.growth, code: 'H1', name: 'Hållbart näringsliv – ett konkurrenskraftigt och hållbart näringsliv i hela länet' } });
    ids.picked = picked.json().id;

    const byCode = await post('/api/cofinancing', officer, project('Projekt kod', { priorityRank: '2b' }));
    expect(byCode.json()).toMatchObject({ priorityRank: '2b', priorityFlagged: false, priority: { id: prio.green, name: 'Hållbar omställning' } });
    ids.byCode = byCode.json().id;

    const legacy = await post('/api/cofinancing', officer, project('Projekt gammal rangordning', { priorityRank: '7' }));
    expect(legacy.json()).toMatchObject({ priorityRank: '7', priorityFlagged: true, priority: null });
    ids.legacy = legacy.json().id;

    const unknown = await post('/api/cofinancing', officer, project('Projekt fel', { strategyPriorityId: 999_999 }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'priority-not-found', message: 'Prioriteringen 999999 finns inte bland strategins prioriteringar. Ladda om och välj en i listan.' });
    const words = await post('/api/cofinancing', officer, project('Projekt ord', { priorityRank: 'hög' }));
    expect(words.json().error.code).toBe('invalid-priority-rank');
    const none = await post('/api/cofinancing', officer, project('Projekt utan', {}));
    expect(none.json().error.code).toBe('priority-rank-required');
    const count = await db.kysely.selectFrom('cofinancing_application').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
  });

  it('(a) the decision takes the application\'s priority; the report counts it there; a correction moves it, version-locked and audited', async () => {
    for (const key of ['picked', 'byCode', 'legacy']) {
      const r = await post(`/api/cofinancing/${ids[key]}/decision`, sec, delegated('2021-06-15'));
      expect(r.statusCode, r.body).toBe(201);
    }
    const a = await get(ids.picked!);
    expect(a.decisions[0]!.priority).toEqual({ id: prio.growth, code: 'H1', name: 'Hållbart näringsliv – ett konkurrenskraftigt och hållbart näringsliv i hela länet' });
    expect(await priorityRows(2021)).toEqual([
      ['Hållbart näringsliv – ett konkurrenskraftigt och hållbart näringsliv i hela länet', 1],
      ['Hållbar omställning', 1],
      ['Rangordning 7 (ej kopplad till strategin)', 1],
    ]);

    const d = a.decisions[0]!;
    const stale = await put(`/api/cofinancing-decisions/${d.id}/priority`, officer, { strategyPriorityId: prio.green, version: d.version + 5 });
    expect(stale.statusCode).toBe(409);
    const member = await signIn(app, db, ['member']);
    expect((await put(`/api/cofinancing-decisions/${d.id}/priority`, member, { strategyPriorityId: prio.green, version: d.version })).statusCode).toBe(403);
    const moved = await put(`/api/cofinancing-decisions/${d.id}/priority`, officer, { strategyPriorityId: prio.green, version: d.version });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((moved.json() as ApplicationView).decisions[0]).toMatchObject({ priority: { id: prio.green }, version: d.version + 1 });
    expect(await priorityRows(2021)).toEqual([
      ['Hållbart näringsliv – ett konkurrenskraftigt och hållbart näringsliv i hela länet', 0],
      ['Hållbar omställning', 2],
      ['Rangordning 7 (ej kopplad till strategin)', 1],
    ]);
    const audit = await db.kysely.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'cofinancing.decision-priority').execute();
    expect(audit.map((x) => x.entity_id)).toEqual([String(d.id)]);

    // the letter's reasons name the decision's priority by the record
    const letter = await app.inject({ url: `/api/cofinancing/${ids.picked}/letter.pdf`, ...sec });
    expect(letter.statusCode).toBe(200);
  });

  it('(a) old data: a rank matching no record stays visible and flagged until a record with its code exists; then it counts under the record, recoding keeps it there', async () => {
    const r = await post('/api/state-report/priorities', sec, { code: '7', name: 'Minskat utanförskap', position: 3 });
    expect(r.statusCode, r.body).toBe(201);
    const legacy = await get(ids.legacy!);
    expect(legacy).toMatchObject({ priorityFlagged: false, priority: { code: '7', name: 'Minskat utanförskap' } });
    expect(legacy.decisions[0]!.priority).toMatchObject({ name: 'Minskat utanförskap' });
    const recoded = await put(`/api/state-report/priorities/${r.json().id}`, sec, { code: 'MU', name: 'Minskat utanförskap', position: 3, version: 1 });
    expect(recoded.statusCode, recoded.body).toBe(200);
    expect(await priorityRows(2021)).toEqual([
      ['Hållbart näringsliv – ett konkurrenskraftigt och hållbart näringsliv i hela länet', 0],
      ['Hållbar omställning', 2],
      ['Minskat utanförskap', 1],
    ]);
  });

  it('(b) the proposal warns before the appropriation is over-committed; the decision is refused without a reason and recorded with one', async () => {
    const first = await post('/api/cofinancing', officer, project('Projekt ryms', { strategyPriorityId: prio.green }));
    const second = await post('/api/cofinancing', officer, project('Projekt ryms inte', { strategyPriorityId: prio.green }));
    ids.fits = first.json().id;
    ids.over = second.json().id;
    const check = async (id: number, year?: number) => (await app.inject({ url: `/api/cofinancing/${id}/proposal${year ? `?year=${year}` : ''}`, ...sec })).json().appropriation;
    expect(await check(ids.fits!, 2022)).toEqual({ year: 2022, stateOre: kr(200_000), remainingOre: kr(250_000), warning: null });
    expect((await post(`/api/cofinancing/${ids.fits}/decision`, sec, delegated('2022-02-01'))).statusCode).toBe(201);

    const warned = await check(ids.over!, 2022);
    expect(warned).toMatchObject({ year: 2022, stateOre: kr(200_000), remainingOre: kr(50_000), warning: { exceedsOre: kr(150_000) } });
    const f = (n: number) => formatKronor(kr(n), 'kr');
    expect(warned.warning.message).toBe(`Anslaget 1:1 för 2022 räcker inte: ${f(50_000)} återstår men ${f(200_000)} ska beslutas (${f(150_000)} för mycket). Beslutet kräver ett undantag med motivering.`);
    const refused = await post(`/api/cofinancing/${ids.over}/decision`, sec, delegated('2022-02-02'));
    expect(refused.statusCode).toBe(422);
    expect((await get(ids.over!)).status).toBe('draft');
    const decided = await post(`/api/cofinancing/${ids.over}/decision`, sec, delegated('2022-02-02', { override: { reason: 'Nämnden har beslutat att omfördela från 2023 års ram.' } }));
    expect(decided.statusCode, decided.body).toBe(201);
    const commitments = await db.kysely.selectFrom('appropriation_commitment').select(['year', 'amount_ore', 'override_reason', 'override_exceeding_ore']).where('year', '=', 2022).orderBy('id').execute();
    expect(commitments.map((c) => [c.amount_ore, c.override_reason, c.override_exceeding_ore])).toEqual([
      [kr(200_000), null, null],
      [kr(200_000), 'Nämnden har beslutat att omfördela från 2023 års ram.', kr(150_000)],
    ]);
  });

  it('(b) a proposal to the body is checked against its meeting\'s year when no year is given', async () => {
    const meetingId = (await meetings.createMeeting(db, secretary, { bodyId, date: '2022-09-14', startTime: '09:00', place: 'Regionens hus' })).id;
    const r = await post('/api/cofinancing', officer, project('Projekt till nämnden', { strategyPriorityId: prio.growth }));
    const id = r.json().id as number;
    const routed = await post(`/api/cofinancing/${id}/decision`, sec, { route: 'body', meetingId, override: { reason: 'Prövas av nämnden.' } });
    expect(routed.statusCode, routed.body).toBe(201);
    expect(routed.json().warning).toMatchObject({ year: 2022, amountOre: kr(200_000) });
    const p = (await app.inject({ url: `/api/cofinancing/${id}/proposal`, ...sec })).json().appropriation;
    expect(p).toMatchObject({ year: 2022, stateOre: kr(200_000), warning: { year: 2022 } });
    // the pending decision points to the application's priority, and follows nothing else
    expect((await get(id)).decisions[0]!.priority).toMatchObject({ id: prio.growth });
    const audit = await db.kysely.selectFrom('audit_log').select(['after']).where('action', '=', 'cofinancing.propose').where('entity_id', '=', String(id)).executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.after)).toContain('Prövas av nämnden.');
  });

  it('(c) after an extension the application, the letter and the lists show the period and cap in force', async () => {
    const ext = await post(`/api/cofinancing/${ids.byCode}/extensions`, sec, delegated('2021-11-01', { addedCapOre: kr(50_000), newEnd: '2023-12-31' }));
    expect(ext.statusCode, ext.body).toBe(201);
    const a = await get(ids.byCode!);
    expect(a.current).toMatchObject({ capOre: kr(250_000), period: { start: '2022-01-01', end: '2023-12-31' } });
    expect(a.remainingOre).toBe(kr(250_000));
    // the extension names the grant's priority
    expect(a.decisions.map((d) => [d.kind, d.priority?.id])).toEqual([['grant', prio.green], ['extension', prio.green]]);
    const list = (await app.inject({ url: '/api/cofinancing', ...sec })).json() as Array<{ id: number; currentCapOre: number; currentPeriod: { end: string } }>;
    expect(list.find((x) => x.id === ids.byCode)).toMatchObject({ currentCapOre: kr(250_000), currentPeriod: { start: '2022-01-01', end: '2023-12-31' } });
    const rows = (await app.inject({ url: '/api/cofinancing-lists/applications?format=json', ...sec })).json();
    const row = (rows.rows as Array<{ cells: Record<string, unknown> }>).find((x) => x.cells.caseNumber === a.caseNumber)?.cells;
    expect(row).toMatchObject({ end: '2023-12-31', capOre: kr(250_000) });
    const letter = (await import('../../src/funding/cofinancingService.ts')).letterOf;
    const data = await letter(db, secretary, ids.byCode!);
    expect(data.current).toMatch(/dock högst 250\s000\skronor .* under perioden 2022-01-01--2023-12-31\.$/);
  });
});
