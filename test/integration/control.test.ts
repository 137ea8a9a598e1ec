import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { loadControlDemo } from '../../src/control/demo.ts';
import type { PlanView, RiskView } from '../../src/control/service.ts';

const SEED_000 = readFileSync(new URL('../../seeds/000_97425d05012e62df.txt', import.meta.url), 'utf8');
const SEED_003 = readFileSync(new URL('../../seeds/003_f8eb7d47c03ea706.txt', import.meta.url), 'utf8');
afterAll(dropTestSchemas);

describe.each(testDatabases)('internal control plan on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let officer: Client;
  let member: Client;
  let planId: number;

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    officer = await signIn(app, db, ['case-officer']);
    member = await signIn(app, db, ['member']);
    planId = await loadControlDemo(db);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const plan = async (who: Client = member) => (await app.inject({ method: 'GET', url: `/api/control/plans/${planId}`, ...who })).json() as PlanView;

  it('is for signed-in staff only', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/control/plans' })).statusCode).toBe(401);
    const anon = await app.inject({ method: 'GET', url: `/api/control/plans/${planId}` });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.message).toBe('Logga in för att läsa internkontrollplanen.');
    const list = await app.inject({ method: 'GET', url: '/api/control/plans', ...member });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([expect.objectContaining({ id: planId, year: 2020, riskCount: 10, actionCount: 16, sourceFile: '000_97425d05012e62df.txt' })]);
  });

  it('holds the seed plan with the demo assessment: the risk matrix and statuses', async () => {
    const p = await plan();
    expect(p.areas).toEqual(['HR', 'Ekonomi', 'Informationssäkerhet', 'Kvalitet och utveckling', 'Juridik']);
    expect(p.matrix.cells).toEqual([
      [0, 1, 0, 1],
      [0, 3, 3, 0],
      [0, 1, 0, 1],
      [0, 0, 0, 0],
    ]);
    expect(p.matrix.byLevel).toEqual({ low: 1, medium: 8, high: 1 });
    expect(p.statusCounts).toEqual({ ongoing: 7, deviation: 2, done: 4, 'not-done': 2, none: 1 });
    const gdpr = p.risks.find((r) => r.area === 'Informationssäkerhet')!;
    expect(gdpr).toMatchObject({ probability: 3, consequence: 4, riskValue: 12, level: 'high', regionWide: true });
    expect(gdpr.actions.map((a) => a.statusLabel)).toEqual(['Avvikelse', 'Avvikelse', 'Pågående']);
    const repr = p.risks.find((r) => r.risk.startsWith('Risken att representation'))!;
    expect(repr.regionWide).toBe(false);
    expect(repr.actions.map((a) => a.statusLabel)).toEqual(['Ej genomförd', 'Ej genomförd', 'Ej angiven']);
  });

  it('reads the same report once; refuses a text without a plan', async () => {
    expect(await loadControlDemo(db)).toBe(planId);
    expect((await app.inject({ method: 'GET', url: '/api/control/plans', ...member })).json()).toHaveLength(1);
    const none = await app.inject({ method: 'POST', url: '/api/control/imports', ...officer, payload: { fileName: 'x.txt', text: 'Protokoll\n§ 1 Val av justerare', year: 2020 } });
    expect(none.statusCode).toBe(422);
    expect(none.json().error.message).toContain('ingen internkontrollplan');
    const byMember = await app.inject({ method: 'POST', url: '/api/control/imports', ...member, payload: { fileName: '003.txt', text: SEED_003, year: 2019 } });
    expect(byMember.statusCode).toBe(403);
    const annual = await app.inject({ method: 'POST', url: '/api/control/imports', ...officer, payload: { fileName: '003.txt', text: SEED_003, year: 2019 } });
    expect(annual.statusCode).toBe(201);
    expect(annual.json()).toMatchObject({ created: true, risks: 12, actions: 20 });
    const again = await app.inject({ method: 'POST', url: '/api/control/imports', ...officer, payload: { fileName: '003.txt', text: SEED_003, year: 2019 } });
    expect(again.statusCode).toBe(200);
    expect(again.json().planId).toBe(annual.json().planId);
    // the same report for another year is another plan
    expect((await app.inject({ method: 'POST', url: '/api/control/imports', ...officer, payload: { fileName: '000.txt', text: SEED_000, year: 2021 } })).statusCode).toBe(201);
  });

  it('reassesses a risk with optimistic locking; the matrix follows', async () => {
    const sam = (await plan()).risks[0]!;
    const put = (body: object) => app.inject({ method: 'PUT', url: `/api/control/risks/${sam.id}`, ...officer, payload: { area: sam.area, risk: sam.risk, ...body } });
    const bad = await put({ probability: 5, consequence: 3, version: sam.version });
    expect(bad.statusCode).toBe(400);
    const ok = await put({ probability: 4, consequence: 4, version: sam.version });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ riskValue: 16, level: 'high', version: sam.version + 1 });
    const stale = await put({ probability: 1, consequence: 1, version: sam.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toContain('Risken har ändrats av');
    const p = await plan();
    expect(p.matrix.cells[1]![2]).toBe(2);
    expect(p.matrix.cells[3]![3]).toBe(1);
    // unassessed
    await put({ probability: null, consequence: null, version: sam.version + 1 });
    expect((await plan()).matrix.unassessed).toBe(1);
  });

  it('adds risks and actions and follows an action up', async () => {
    const add = await app.inject({ method: 'POST', url: `/api/control/plans/${planId}/risks`, ...officer, payload: { area: 'Juridik', risk: 'Risken att beslut fattas utan stöd i delegationsordningen.', probability: 2, consequence: 4 } });
    expect(add.statusCode).toBe(201);
    const risk = add.json() as RiskView;
    expect(risk).toMatchObject({ position: 11, riskValue: 8, level: 'medium', actions: [] });
    const act = await app.inject({ method: 'POST', url: `/api/control/risks/${risk.id}/actions`, ...officer, payload: { text: 'Stickprov på delegationsbeslut varje kvartal.', status: 'ongoing', responsible: 'Nämndsekreterare' } });
    expect(act.statusCode).toBe(201);
    const action = (act.json() as RiskView).actions[0]!;
    const upd = await app.inject({
      method: 'PUT', url: `/api/control/actions/${action.id}`, ...officer,
      payload: { text: action.text, status: 'done', effect: 'Ja, inga avvikelser i stickproven.', effective: true, regionWide: false, version: action.version },
    });
    expect(upd.statusCode).toBe(200);
    expect((upd.json() as RiskView).actions[0]).toMatchObject({ status: 'done', statusLabel: 'Avslutad', effective: true, responsible: null });
    const badStatus = await app.inject({ method: 'PUT', url: `/api/control/actions/${action.id}`, ...officer, payload: { text: action.text, status: 'klar', version: action.version + 1 } });
    expect(badStatus.statusCode).toBe(400);
    expect((await app.inject({ method: 'PUT', url: `/api/control/actions/${action.id}`, ...member, payload: { text: 'x', version: 1 } })).statusCode).toBe(403);
    const missing = await app.inject({ method: 'POST', url: '/api/control/plans/999999/risks', ...officer, payload: { area: 'HR', risk: 'Risken att x.', probability: null, consequence: null } });
    expect(missing.statusCode).toBe(404);
    const audit = await db.kysely.selectFrom('audit_log').select('action').where('action', 'like', 'control.%').execute();
    expect(audit.filter((a) => a.action === 'control.action').length).toBeGreaterThanOrEqual(14);
  });
});
