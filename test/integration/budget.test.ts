import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as budget from '../../src/budget/service.ts';
import { mnkr, PARAMETERS_2026, type AllocationResult, type WhatIf } from '../../src/budget/model.ts';
import { DEMO_AREAS_2026 } from '../../src/budget/seeds.ts';

afterAll(dropTestSchemas);

describe.each(testDatabases)('budget on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let bodyId: number;
  let secretary: Client;
  let officer: Client;
  let member: Client;
  const url = (year: number | string, rest = '') => `/api/bodies/${bodyId}/budgets/${year}${rest}`;
  const counts = async () => ({
    budgets: (await db.kysely.selectFrom('budget').select('id').execute()).length,
    areas: (await db.kysely.selectFrom('budget_area').select('id').execute()).length,
    lines: (await db.kysely.selectFrom('budget_report_line').select('line_key').execute()).length,
    audit: (await db.kysely.selectFrom('audit_log').select('id').where('entity', 'like', 'budget%').execute()).length,
  });

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    for (const f of ['003_f8eb7d47c03ea706.txt', '000_97425d05012e62df.txt']) {
      await importKallelse(db, SYSTEM, { fileName: f, text: readFileSync(new URL(`../../seeds/${f}`, import.meta.url), 'utf8') });
    }
    await budget.importDemoBudgetsForRtn(db);
    bodyId = (await meetings.listBodies(db)).find((b) => /regional tillväxtnämnd/i.test(b.name))!.id;
    secretary = await signIn(app, db, ['secretary']);
    officer = await signIn(app, db, ['case-officer']);
    member = await signIn(app, db, ['member']);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('imports the demo budgets once: a second run changes nothing', async () => {
    const before = await counts();
    expect(before).toMatchObject({ budgets: 2, areas: DEMO_AREAS_2026.length, lines: 8 });
    await budget.importDemoBudgetsForRtn(db);
    expect(await counts()).toEqual(before);
  });

  it('shows the public adopted budgets only, with the seed\'s result report computed', async () => {
    const list = await app.inject({ method: 'GET', url: `/api/bodies/${bodyId}/budgets` });
    expect(list.json().map((b: { year: number; status: string }) => [b.year, b.status])).toEqual([[2020, 'adopted']]);
    const staffList = await app.inject({ method: 'GET', url: `/api/bodies/${bodyId}/budgets`, ...member });
    expect(staffList.json().map((b: { year: number }) => b.year)).toEqual([2026, 2020]);

    const draft = await app.inject({ method: 'GET', url: url(2026) });
    expect(draft.statusCode).toBe(401);
    expect(draft.json().error.message).toBe('Logga in för att läsa budgetutkast.');

    const res = await app.inject({ method: 'GET', url: url(2020) });
    expect(res.statusCode).toBe(200);
    const b = res.json() as budget.BudgetView;
    expect(b.allocation).toBeNull();
    const [report] = b.reports;
    expect(report!.periodLabel).toBe('januari–juli 2020');
    const row = (k: string) => report!.resultReport.find((r) => r.key === k)!;
    expect(mnkr(row('result').figures.outcomePeriod!)).toBe('9,6');
    expect(mnkr(row('totalCosts').figures.budget!)).toBe('\u2212254,6');
    expect(row('financialNet').relationTenths).toBeNull();
    expect(row('grantsReceived').relationTenths).toBe(31);
    const total = report!.operatingStatement.at(-1)!;
    expect([mnkr(total.deviationOre), mnkr(total.turnoverPeriodOre), total.relationTenths]).toEqual(['9,6', '144,9', 66]);
  });

  it('computes the 2026 frames from seed 004\'s parameters and answers what-if without storing it', async () => {
    const frames = (await app.inject({ method: 'GET', url: url(2026, '/frames'), ...member })).json() as AllocationResult;
    expect([mnkr(frames.indexAdjustmentOre), mnkr(frames.frameOre), mnkr(frames.planningReserveOre), mnkr(frames.fumOre)]).toEqual(['4,6', '151,3', '3,0', '2,0']);
    expect(frames.areas).toHaveLength(7);
    const before = (await app.inject({ method: 'GET', url: url(2026), ...member })).json() as budget.BudgetView;

    const res = await app.inject({ method: 'POST', url: url(2026, '/what-if'), ...member, payload: { parameters: { indexBp: 350, wageIncreaseBp: 360 } } });
    expect(res.statusCode).toBe(200);
    const w = res.json() as WhatIf;
    expect(w.changed).toEqual(['indexBp', 'wageIncreaseBp']);
    expect(w.frameDifferenceOre).toBe(58_714_000); // 146 785 000 kr × 0,4 %
    expect(w.areas.every((a) => a.differenceOre > 0)).toBe(true);
    expect(w.areasTotalDifferenceOre).toBe(w.areas.reduce((s, a) => s + a.differenceOre, 0));

    const after = (await app.inject({ method: 'GET', url: url(2026), ...member })).json() as budget.BudgetView;
    expect(after.version).toBe(before.version);
    expect(after.parameters).toEqual(before.parameters);
    const bad = await app.inject({ method: 'POST', url: url(2026, '/what-if'), ...member, payload: { parameters: { indexBp: -5 } } });
    expect(bad.statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: url(2026, '/what-if'), payload: { parameters: {} } })).statusCode).toBe(401);
  });

  it('changes parameters on the draft with optimistic locking, audit-logged, and refuses members', async () => {
    const b = (await app.inject({ method: 'GET', url: url(2026), ...officer })).json() as budget.BudgetView;
    const denied = await app.inject({ method: 'PUT', url: url(2026, '/parameters'), ...member, payload: { parameters: { ...b.parameters, indexBp: 350 }, version: b.version } });
    expect(denied.statusCode).toBe(403);

    const ok = await app.inject({ method: 'PUT', url: url(2026, '/parameters'), ...officer, payload: { parameters: { ...b.parameters, indexBp: 350 }, version: b.version } });
    expect(ok.statusCode).toBe(200);
    const changed = ok.json() as budget.BudgetView;
    expect(changed.version).toBe(b.version + 1);
    expect(changed.allocation!.frameOre - b.allocation!.frameOre).toBe(58_714_000);

    const stale = await app.inject({ method: 'PUT', url: url(2026, '/parameters'), ...secretary, payload: { parameters: { ...b.parameters, indexBp: 300 }, version: b.version } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(new RegExp(`^Budgeten för 2026 har ändrats av user:\\S+ sedan du hämtade den \\(din version ${b.version}, nu ${b.version + 1}\\)\\. Ladda om`));

    const entry = await db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'budget.parameters').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect((entry.before as { indexBp: number }).indexBp).toBe(310);
    expect((entry.after as { indexBp: number }).indexBp).toBe(350);

    // back to the seed's 3,1 %
    const back = await app.inject({ method: 'PUT', url: url(2026, '/parameters'), ...secretary, payload: { parameters: PARAMETERS_2026, version: changed.version } });
    expect(mnkr((back.json() as budget.BudgetView).allocation!.frameOre)).toBe('151,3');
  });

  it('refuses areas the model cannot compute, with a Swedish message and nothing saved', async () => {
    const b = (await app.inject({ method: 'GET', url: url(2026), ...officer })).json() as budget.BudgetView;
    const before = await counts();
    const areas = b.areas.map((a, i) => (i === 0 ? { ...a, projectHours: 40_000 } : a));
    const res = await app.inject({ method: 'PUT', url: url(2026, '/areas'), ...officer, payload: { areas, version: b.version } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('Utbildning och arbetsmarknad: 40000 projektfinansierade timmar är fler än personalens 30\u00a0960 timmar (årsarbetare × 1720).');
    const unknownArea = await app.inject({
      method: 'PUT', url: url(2026, '/areas'), ...officer,
      payload: { areas: b.areas, associations: [{ name: 'Stiftelsen X', kind: 'stiftelse', area: 'Finns inte', grantOre: 100, upliftBp: null }], version: b.version },
    });
    expect(unknownArea.json().error.message).toBe('Stiftelsen X: området "Finns inte" finns inte i budgeten.');
    expect(await counts()).toEqual(before);

    const renamed = b.areas.map((a, i) => (i === 6 ? { ...a, adjustmentOre: a.adjustmentOre - 10_000_000 } : a));
    const ok = await app.inject({ method: 'PUT', url: url(2026, '/areas'), ...officer, payload: { areas: renamed, version: b.version } });
    expect(ok.statusCode).toBe(200);
    const after = ok.json() as budget.BudgetView;
    expect(after.allocation!.areas[6]!.frameOre).toBe(b.allocation!.areas[6]!.frameOre - 10_000_000);
    expect(after.associations).toEqual(b.associations);
  });

  it('adopts the budget: the secretary may, the case officer not; then read-only and public', async () => {
    const b = (await app.inject({ method: 'GET', url: url(2026), ...officer })).json() as budget.BudgetView;
    expect((await app.inject({ method: 'POST', url: url(2026, '/adoption'), ...officer, payload: { version: b.version } })).statusCode).toBe(403);
    const res = await app.inject({ method: 'POST', url: url(2026, '/adoption'), ...secretary, payload: { version: b.version } });
    expect(res.statusCode).toBe(200);
    expect((res.json() as budget.BudgetView).status).toBe('adopted');
    const locked = await app.inject({ method: 'PUT', url: url(2026, '/parameters'), ...secretary, payload: { parameters: PARAMETERS_2026, version: b.version + 1 } });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.message).toBe('Budgeten för 2026 är fastställd och kan inte ändras.');
    const pub = await app.inject({ method: 'GET', url: url(2026) });
    expect(pub.statusCode).toBe(200);
    expect(mnkr((pub.json() as budget.BudgetView).allocation!.frameOre)).toBe('151,3');
    const entry = await db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'budget.adopt').executeTakeFirstOrThrow();
    expect(entry.actor).toMatch(/^user:/);
  });

  it('keeps the follow-up editable after adoption, with its own version', async () => {
    const b = (await app.inject({ method: 'GET', url: url(2020) })).json() as budget.BudgetView;
    const r = b.reports[0]!;
    const statement = { ...r.statement, financialNet: { ...r.statement.financialNet, outcomePeriod: -10_000_000 } };
    const payload = { periodLabel: r.periodLabel, periodEnd: r.periodEnd, statement, operations: r.operations };
    const noVersion = await app.inject({ method: 'PUT', url: url(2020, '/report'), ...officer, payload });
    expect(noVersion.statusCode).toBe(409);
    const ok = await app.inject({ method: 'PUT', url: url(2020, '/report'), ...officer, payload: { ...payload, version: r.version } });
    expect(ok.statusCode).toBe(200);
    const after = (ok.json() as budget.BudgetView).reports[0]!;
    expect(after.version).toBe(r.version + 1);
    const result = after.resultReport.find((x) => x.key === 'result')!;
    expect(mnkr(result.figures.outcomePeriod!)).toBe('9,5'); // 9,6 − 0,1: the total follows its rows
    const wrongYear = await app.inject({ method: 'PUT', url: url(2020, '/report'), ...officer, payload: { ...payload, periodEnd: '2021-07-31' } });
    expect(wrongYear.json().error.message).toBe('Perioden ska sluta under budgetåret 2020.');
  });

  it('creates a new draft once per year', async () => {
    const res = await app.inject({ method: 'POST', url: `/api/bodies/${bodyId}/budgets`, ...officer, payload: { year: 2027, parameters: PARAMETERS_2026 } });
    expect(res.statusCode).toBe(201);
    expect((res.json() as budget.BudgetView).status).toBe('draft');
    const again = await app.inject({ method: 'POST', url: `/api/bodies/${bodyId}/budgets`, ...officer, payload: { year: 2027 } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('Det finns redan en budget för 2027.');
  });
});
