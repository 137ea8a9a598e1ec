/**
 * One data set for the three follow-ups (issue 17.4) on PGlite and
 * PostgreSQL: a styrtal pointed to a state report heading; its outcome and
 * comment written once in the delårsrapport appear under that heading of the
 * state report and in the year view, follow a later change (no copy kept),
 * and the verksamhetsberättelse's entry takes over once it has one.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import { importDemoPlan } from '../../src/importer/demo.ts';
import { SYSTEM } from '../../src/access/model.ts';
import type { PlanItemView, PlanView } from '../../src/steering/service.ts';
import type { StateReportFollowUp, YearView } from '../../src/steering/yearView.ts';

afterAll(dropTestSchemas);
const flat = <T extends { children: T[] }>(items: T[]): T[] => items.flatMap((i) => [i, ...flat(i.children)]);

describe.each(testDatabases)('the year view on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let officer: Client;
  let planId: number;
  let indicator: PlanItemView;
  let interimId: number;

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, SYSTEM, { fileName: '003.txt', text: readFileSync(new URL('../../seeds/003_f8eb7d47c03ea706.txt', import.meta.url), 'utf8') });
    await importDemoPlan(db);
    officer = await signIn(app, db, ['case-officer']);
    const secretary = await signIn(app, db, ['secretary']);
    const bodies = (await app.inject({ method: 'GET', url: '/api/bodies' })).json() as Array<{ id: number; name: string }>;
    const plan = (await app.inject({ method: 'GET', url: `/api/bodies/${bodies.find((b) => b.name === 'Regional tillväxtnämnd')!.id}/plans`, ...officer })).json()[0] as PlanView;
    planId = plan.id;
    expect((await app.inject({ method: 'POST', url: `/api/plans/${planId}/adoption`, ...secretary, payload: { version: plan.version, adoptedOn: '2025-12-10' } })).statusCode).toBe(200);
    indicator = flat(((await app.inject({ method: 'GET', url: `/api/plans/${planId}`, ...officer })).json() as PlanView).items).find((i) => i.kind === 'indicator')!;
    interimId = (await app.inject({ method: 'POST', url: `/api/plans/${planId}/reports`, ...officer, payload: { kind: 'interim', period: 'januari–juli 2026', asOf: '2026-07-31' } })).json().id;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const section = (body: object) => app.inject({ method: 'PUT', url: `/api/plan-items/${indicator.id}/state-report-section`, ...officer, payload: body });
  const fed = async () => ((await app.inject({ method: 'GET', url: '/api/follow-up/years/2026/state-report', ...officer })).json() as StateReportFollowUp).sections['1.4.1'] ?? [];

  it('points a styrtal to a heading of the state report (an unknown one refused, a stale version too)', async () => {
    expect((await section({ section: '9.9', version: indicator.version })).statusCode).toBe(422);
    const ok = await section({ section: '1.4.1', version: indicator.version });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await section({ section: '1.4.1', version: indicator.version })).statusCode).toBe(409);
    const member = await signIn(app, db, ['member']);
    expect((await app.inject({ method: 'PUT', url: `/api/plan-items/${indicator.id}/state-report-section`, ...member, payload: { section: null, version: 1 } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/follow-up/years/2026' })).statusCode).toBe(401);
  });

  it('shows the entry written once in the delårsrapport under the heading, and follows its change', async () => {
    const put = (reportId: number, body: object) => app.inject({ method: 'PUT', url: `/api/plan-reports/${reportId}/entries/${indicator.id}`, ...officer, payload: body });
    expect((await put(interimId, { status: 'partly', outcomeValue: '6,3', outcomeUnit: '%', comment: 'Exporten ökar i hela länet.' })).statusCode).toBe(200);
    expect(await fed()).toEqual([expect.objectContaining({ itemId: indicator.id, reportId: interimId, statusLabel: 'Delvis uppfyllt', outcomeValue: '6.3', outcomeUnit: '%', comment: 'Exporten ökar i hela länet.' })]);
    const entry = (await app.inject({ method: 'GET', url: `/api/plan-reports/${interimId}`, ...officer })).json();
    const version = flat(entry.items as Array<{ id: number; entryVersion: number; children: never[] }>).find((i) => i.id === indicator.id)!.entryVersion;
    expect((await put(interimId, { status: 'partly', outcomeValue: '6,3', outcomeUnit: '%', comment: 'Exporten ökar, mest i Örebro.', version })).statusCode).toBe(200);
    expect((await fed())[0]!.comment).toBe('Exporten ökar, mest i Örebro.');
    // the year view: the narrative of the heading beside the entry
    await app.inject({ method: 'PUT', url: '/api/state-report/2026/narrative', ...officer, payload: { version: 0, sections: { '1.4.1': 'Innovationsarbetet under året.' } } });
    const view = (await app.inject({ method: 'GET', url: '/api/follow-up/years/2026', ...officer })).json() as YearView;
    const h = view.headings.find((x) => x.key === '1.4.1')!;
    expect(h.followUp.map((t) => t.comment)).toEqual(['Exporten ökar, mest i Örebro.']);
    expect(view.plans[0]!.reports.map((r) => r.name)).toEqual(['Delårsrapport januari–juli 2026']);
    expect(view.items.find((i) => i.id === indicator.id)!.section).toBe('1.4.1');
    // no copy anywhere: the text is stored in the report's entry only
    const narrative = await db.kysely.selectFrom('state_report').select('sections').where('year', '=', 2026).executeTakeFirst();
    expect(JSON.stringify(narrative?.sections ?? {})).not.toContain('Örebro');
  });

  it('takes the verksamhetsberättelse once it has the entry', async () => {
    const annual = await app.inject({ method: 'POST', url: `/api/plans/${planId}/reports`, ...officer, payload: { kind: 'annual', period: '2026', asOf: '2026-12-31' } });
    expect(annual.statusCode, annual.body).toBe(201);
    const id = annual.json().id as number;
    const carried = await fed();
    expect(carried[0]!.reportId).toBe(id);
    const report = (await app.inject({ method: 'GET', url: `/api/plan-reports/${id}`, ...officer })).json();
    const version = flat(report.items as Array<{ id: number; entryVersion: number | null; children: never[] }>).find((i) => i.id === indicator.id)!.entryVersion;
    expect((await app.inject({ method: 'PUT', url: `/api/plan-reports/${id}/entries/${indicator.id}`, ...officer, payload: { status: 'met', outcomeValue: '7', outcomeUnit: '%', comment: 'Målet nått för helåret.', ...(version ? { version } : {}) } })).statusCode).toBe(200);
    expect(await fed()).toEqual([expect.objectContaining({ reportId: id, reportName: 'Verksamhetsberättelse 2026', outcomeValue: '7', comment: 'Målet nått för helåret.' })]);
  });
});
