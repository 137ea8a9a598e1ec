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
import { mnkr } from '../../src/budget/model.ts';
import { SEED_000_INVESTMENTS_TOTAL } from '../../src/budget/seeds.ts';
import { readXlsx } from '../helpers/xlsx.ts';

afterAll(dropTestSchemas);

describe.each(testDatabases)('budget editing on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let bodyId: number;
  let officer: Client;
  let member: Client;
  const url = (year: number, rest = '') => `/api/bodies/${bodyId}/budgets/${year}${rest}`;
  const get = async (year: number) => (await app.inject({ method: 'GET', url: url(year), ...officer })).json() as budget.BudgetView;
  const auditCount = async (action: string) => (await db.kysely.selectFrom('audit_log').select('id').where('action', '=', action).execute()).length;

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, SYSTEM, { fileName: '000_97425d05012e62df.txt', text: readFileSync(new URL('../../seeds/000_97425d05012e62df.txt', import.meta.url), 'utf8') });
    await budget.importDemoBudgetsForRtn(db);
    bodyId = (await meetings.listBodies(db)).find((b) => /regional tillväxtnämnd/i.test(b.name))!.id;
    officer = await signIn(app, db, ['case-officer']);
    member = await signIn(app, db, ['member']);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('carries the seed\'s investments with their printed total', async () => {
    const r = (await get(2020)).reports[0]!;
    const total = r.investmentTable.at(-1)!;
    expect(total.name).toBe('Summa');
    expect([total.outcomePeriodOre, total.forecastOre, total.budgetOre, total.outcomePrevYearOre].map((x) => mnkr(x!))).toEqual([...SEED_000_INVESTMENTS_TOTAL]);
    // and in the workbook: the lines in kronor, the total as SUM formulas, forecast − budget as a formula
    const res = await app.inject({ method: 'GET', url: url(2020, '.xlsx') });
    const book = await readXlsx(res.rawPayload);
    const inv = book.find((s) => s.name === 'Investeringar 2020-07-31')!;
    expect(inv.values.A3).toBe('Investering');
    const last = 3 + r.investments.length + 1;
    expect(inv.values[`A${last}`]).toBe('Summa');
    expect(inv.cells[`D${last}`]).toMatchObject({ formula: `SUM(D4:D${last - 1})`, value: total.budgetOre! / 100 });
    expect(inv.cells[`E${last}`]!.formula).toBe(`C${last}-D${last}`);
  });

  it('edits an area and a grant of the draft with its version; a stale version changes nothing', async () => {
    const b = await get(2026);
    const areas = b.areas.map((a, i) => (i === 0 ? { ...a, otherCostOre: a.otherCostOre + 10_000_000 } : a));
    const associations = b.associations.map((a, i) => (i === 0 ? { ...a, grantOre: a.grantOre + 1_000_000 } : a));
    const before = await auditCount('budget.areas');
    const ok = await app.inject({ method: 'PUT', url: url(2026, '/areas'), ...officer, payload: { areas, associations, version: b.version } });
    expect(ok.statusCode).toBe(200);
    const after = ok.json() as budget.BudgetView;
    expect(after.version).toBe(b.version + 1);
    expect(after.areas[0]!.otherCostOre).toBe(b.areas[0]!.otherCostOre + 10_000_000);
    expect(after.associations[0]!.grantOre).toBe(b.associations[0]!.grantOre + 1_000_000);
    // 100 000 kr more other costs: the area's frame grows by that plus the price increase (2,5 %)
    expect(after.allocation!.areas[0]!.frameOre - b.allocation!.areas[0]!.frameOre).toBeGreaterThanOrEqual(10_000_000 + 250_000 - 100);
    expect(await auditCount('budget.areas')).toBe(before + 1);

    const stale = await app.inject({ method: 'PUT', url: url(2026, '/areas'), ...officer, payload: { areas: b.areas, associations: b.associations, version: b.version } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale-version');
    expect(stale.json().error.message).toMatch(/har ändrats av .* Ladda om/);
    expect((await get(2026)).areas[0]!.otherCostOre).toBe(after.areas[0]!.otherCostOre);
    expect(await auditCount('budget.areas')).toBe(before + 1);

    const denied = await app.inject({ method: 'PUT', url: url(2026, '/areas'), ...member, payload: { areas, version: after.version } });
    expect(denied.statusCode).toBe(403);
    const badGrant = await app.inject({ method: 'PUT', url: url(2026, '/areas'), ...officer, payload: { areas, associations: [{ ...associations[0]!, area: 'Inget sådant område' }], version: after.version } });
    expect(badGrant.statusCode).toBe(400);
    expect(badGrant.json().error.message).toMatch(/området "Inget sådant område" finns inte i budgeten/);
  });

  it('stores the budget for the period, the full-year budget per area and the investments, and derives the deviations', async () => {
    const r = (await get(2020)).reports[0]!;
    const statement = { ...r.statement, otherCosts: { ...r.statement.otherCosts, budgetPeriod: r.statement.otherCosts.outcomePeriod! - 1_010_000_000 } };
    const operations = r.operations.map((o, i) => (i === 0 ? { ...o, forecastOre: 150_000_000, budgetYearOre: 0 } : o));
    const investments = [...r.investments, { name: 'IT-utrustning innevarande års budget', outcomePeriodOre: 47_452_900, forecastOre: 50_000_000, budgetOre: 40_000_000, outcomePrevYearOre: null }];
    const payload = { periodLabel: r.periodLabel, periodEnd: r.periodEnd, statement, operations, investments, version: r.version };
    const before = await auditCount('budget.report');
    const ok = await app.inject({ method: 'PUT', url: url(2020, '/report'), ...officer, payload });
    expect(ok.statusCode).toBe(200);
    const after = (ok.json() as budget.BudgetView).reports[0]!;
    expect(after.version).toBe(r.version + 1);
    const otherCosts = after.resultReport.find((x) => x.key === 'otherCosts')!;
    expect(otherCosts.figures.budgetPeriod).toBe(statement.otherCosts.budgetPeriod);
    expect(otherCosts.budgetDeviationOre).toBe(1_010_000_000); // 10,1 mnkr better than budget
    expect(after.resultReport.find((x) => x.key === 'totalCosts')!.budgetDeviationOre).toBeNull(); // the other cost lines have no budget for the period
    const area = after.operatingStatement[0]!;
    expect(area).toMatchObject({ forecastOre: 150_000_000, budgetYearOre: 0, forecastDeviationOre: 150_000_000 });
    expect(after.operatingStatement.at(-1)!.forecastDeviationOre).toBeNull(); // other areas have no forecast
    expect(after.investments).toHaveLength(r.investments.length + 1);
    expect(after.investmentTable.at(-1)!.outcomePeriodOre).toBe(r.investmentTable.at(-1)!.outcomePeriodOre! + 47_452_900);
    expect(after.investmentTable.at(-2)!.forecastDeviationOre).toBe(10_000_000);
    const entry = await db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'budget.report').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.stringify(entry.after)).toContain('IT-utrustning innevarande års budget');
    expect(await auditCount('budget.report')).toBe(before + 1);

    // without investments the stored ones stay
    const keep = await app.inject({ method: 'PUT', url: url(2020, '/report'), ...officer, payload: { ...payload, investments: undefined, version: after.version } });
    expect(keep.statusCode).toBe(200);
    expect((keep.json() as budget.BudgetView).reports[0]!.investments).toHaveLength(after.investments.length);

    // a stale version and an unnamed investment are refused, nothing half-saved
    const stale = await app.inject({ method: 'PUT', url: url(2020, '/report'), ...officer, payload: { ...payload, investments: [] } });
    expect(stale.statusCode).toBe(409);
    const unnamed = await app.inject({ method: 'PUT', url: url(2020, '/report'), ...officer, payload: { ...payload, version: after.version + 1, investments: [{ name: ' ', outcomePeriodOre: 1, forecastOre: null, budgetOre: null, outcomePrevYearOre: null }] } });
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.json().error.message).toBe('Varje investeringsrad måste ha en benämning (högst 200 tecken).');
    expect((await get(2020)).reports[0]!.investments).toHaveLength(after.investments.length);
    const denied = await app.inject({ method: 'PUT', url: url(2020, '/report'), ...member, payload: { ...payload, version: after.version + 1 } });
    expect(denied.statusCode).toBe(403);
  });
});
