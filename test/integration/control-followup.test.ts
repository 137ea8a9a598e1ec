/**
 * Internal control follow-up (issue 17.5) over HTTP on PGlite and PostgreSQL:
 * the risk owner and the residual risk after the actions, "För över till
 * nästa år" (open risks and their open actions become next year's entries,
 * linked to their origin; refused the second time, also when two requests
 * race), and the control plan's follow-up as a section of the delårsrapport's
 * PDF and workbook.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import { readPdf } from '../helpers/pdf.ts';
import { readXlsx } from '../helpers/xlsx.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { loadControlDemo } from '../../src/control/demo.ts';
import { importKallelse } from '../../src/importer/service.ts';
import { importDemoPlan } from '../../src/importer/demo.ts';
import { SYSTEM } from '../../src/access/model.ts';
import type { CarryOverResult, PlanView, RiskView } from '../../src/control/service.ts';

const SEED_000 = readFileSync(new URL('../../seeds/000_97425d05012e62df.txt', import.meta.url), 'utf8');
afterAll(dropTestSchemas);

describe.each(testDatabases)('internal control follow-up on $name', (tdb) => {
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

  const plan = async (id = planId): Promise<PlanView> => (await app.inject({ method: 'GET', url: `/api/control/plans/${id}`, ...member })).json();
  const putRisk = (r: RiskView, body: object) => app.inject({ method: 'PUT', url: `/api/control/risks/${r.id}`, ...officer, payload: { area: r.area, risk: r.risk, probability: r.probability, consequence: r.consequence, version: r.version, ...body } });

  it('records the risk owner and the residual risk after the actions; left out, they stay', async () => {
    const gdpr = (await plan()).risks.find((r) => r.area === 'Informationssäkerhet')!;
    expect(gdpr).toMatchObject({ owner: null, residualValue: null, open: true, carriedFrom: null, carriedTo: null });
    const set = await putRisk(gdpr, { owner: 'Regiondirektören', residualProbability: 2, residualConsequence: 4 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ owner: 'Regiondirektören', riskValue: 12, residualProbability: 2, residualConsequence: 4, residualValue: 8, residualLevel: 'medium' });
    const kept = await putRisk(set.json() as RiskView, { probability: 4 });
    expect(kept.json()).toMatchObject({ owner: 'Regiondirektören', riskValue: 16, residualValue: 8 });
    const bad = await putRisk(kept.json() as RiskView, { residualProbability: 0 });
    expect(bad.statusCode).toBe(400);
    const after = await db.kysely.selectFrom('audit_log').select('after').where('action', '=', 'control.risk').where('entity_id', '=', String(gdpr.id)).orderBy('id').execute();
    expect(after.at(-1)!.after).toMatchObject({ owner: 'Regiondirektören', residual_probability: 2, residual_consequence: 4 });
  });

  it('closes a risk whose actions are all done and whose residual risk is low', async () => {
    const p = await plan();
    const closable = p.risks.find((r) => r.actions.length > 0 && r.actions.every((a) => a.status === 'done'));
    const target = closable ?? p.risks.find((r) => r.actions.length > 0)!;
    for (const a of target.actions.filter((x) => x.status !== 'done')) {
      const r = await app.inject({ method: 'PUT', url: `/api/control/actions/${a.id}`, ...officer, payload: { text: a.text, status: 'done', version: a.version } });
      expect(r.statusCode, r.body).toBe(200);
    }
    const now = (await plan()).risks.find((r) => r.id === target.id)!;
    const low = await putRisk(now, { residualProbability: 1, residualConsequence: 2 });
    expect(low.json()).toMatchObject({ residualLevel: 'low', open: false });
  });

  it('carries the open risks and open actions over to next year once, linked to their origin', async () => {
    const before = await plan();
    const open = before.risks.filter((r) => r.open);
    const openActions = open.flatMap((r) => r.actions.filter((a) => a.status !== 'done'));
    expect(open.length).toBeGreaterThan(0);
    expect(open.length).toBeLessThan(before.risks.length);
    expect((await app.inject({ method: 'POST', url: `/api/control/plans/${planId}/carry-over`, ...member })).statusCode).toBe(403);
    // two at once: one carries over, the other is refused
    const [a, b] = await Promise.all([
      app.inject({ method: 'POST', url: `/api/control/plans/${planId}/carry-over`, ...officer }),
      app.inject({ method: 'POST', url: `/api/control/plans/${planId}/carry-over`, ...officer }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const won = (a.statusCode === 201 ? a : b).json() as CarryOverResult;
    const lost = (a.statusCode === 201 ? b : a).json();
    expect(lost.error.message).toBe(`Internkontrollplanen 2020 är redan överförd till 2021 (${open.length} risker). Ändra i den planen i stället.`);
    expect(won).toMatchObject({ year: 2021, createdPlan: true, risks: open.length, actions: openActions.length });
    const next = await plan(won.planId);
    expect(next).toMatchObject({ year: 2021, title: 'Internkontrollplan 2021' });
    expect(next.risks.map((r) => r.risk)).toEqual(open.map((r) => r.risk));
    const gdpr = next.risks.find((r) => r.area === 'Informationssäkerhet')!;
    // next year starts from the residual risk, with the owner; statuses start empty
    expect(gdpr).toMatchObject({ owner: 'Regiondirektören', probability: 2, consequence: 4, residualValue: null, carriedFrom: { year: 2020, planId } });
    expect(next.risks.flatMap((r) => r.actions).every((a) => a.status === null && a.comment === null && a.carriedFromId !== null)).toBe(true);
    const origin = await plan();
    expect(origin.carriedTo).toEqual({ planId: won.planId, year: 2021 });
    expect(origin.risks.find((r) => r.id === gdpr.carriedFrom!.riskId)!.carriedTo).toMatchObject({ riskId: gdpr.id, year: 2021 });
    expect(origin.risks.filter((r) => !r.open).every((r) => r.carriedTo === null)).toBe(true);
    const audited = await db.kysely.selectFrom('audit_log').select('after').where('action', '=', 'control.carry-over').execute();
    expect(audited).toHaveLength(1);
    // the year's follow-up lists the plan of 2021
    const year = await app.inject({ method: 'GET', url: '/api/control/years/2021', ...member });
    expect((year.json() as PlanView[]).map((p) => p.id)).toEqual([won.planId]);
  });

  it('is a section of the delårsrapport: its PDF and its workbook', async () => {
    await importKallelse(db, SYSTEM, { fileName: '003.txt', text: readFileSync(new URL('../../seeds/003_f8eb7d47c03ea706.txt', import.meta.url), 'utf8') });
    await importDemoPlan(db);
    const imported = await app.inject({ method: 'POST', url: '/api/control/imports', ...officer, payload: { fileName: '000.txt', text: SEED_000, year: 2026 } });
    expect(imported.statusCode).toBe(201);
    const control = await plan(imported.json().planId);
    const risk = control.risks[0]!;
    await putRisk(risk, { owner: 'Ekonomichefen' });
    const secretary = await signIn(app, db, ['secretary']);
    const bodies = (await app.inject({ method: 'GET', url: '/api/bodies' })).json() as Array<{ id: number; name: string }>;
    const bodyId = bodies.find((b) => b.name === 'Regional tillväxtnämnd')!.id;
    const bp = (await app.inject({ method: 'GET', url: `/api/bodies/${bodyId}/plans`, ...officer })).json()[0];
    const adopted = await app.inject({ method: 'POST', url: `/api/plans/${bp.id}/adoption`, ...secretary, payload: { version: bp.version, adoptedOn: '2025-12-10' } });
    expect(adopted.statusCode, adopted.body).toBe(200);
    const r = await app.inject({ method: 'POST', url: `/api/plans/${bp.id}/reports`, ...officer, payload: { kind: 'interim', period: 'januari–juli 2026', asOf: '2026-07-31' } });
    expect(r.statusCode, r.body).toBe(201);
    const pdf = await app.inject({ method: 'GET', url: `/api/plan-reports/${r.json().id}/report.pdf`, ...officer });
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    const text = (await readPdf(pdf.rawPayload)).pages.join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('Uppföljning av internkontrollplanen');
    expect(text).toContain('Riskägare: Ekonomichefen');
    expect(text).toContain(risk.risk.split(' ').slice(0, 6).join(' '));
    const book = await readXlsx((await app.inject({ method: 'GET', url: `/api/plan-reports/${r.json().id}/report.xlsx`, ...officer })).rawPayload);
    const sheet = book.find((s) => s.name === 'Internkontroll')!;
    expect(sheet).toBeDefined();
    expect(Object.values(sheet.values)).toContain('Ekonomichefen');
    expect(Object.values(sheet.values).filter((v) => v === risk.risk).length).toBe(Math.max(1, risk.actions.length));
  });
});
