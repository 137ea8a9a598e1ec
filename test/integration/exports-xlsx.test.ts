/**
 * The budget, the indicator series and the internal control plan as xlsx
 * (issue 17.7), downloaded through the routes and read back with exceljs:
 * amounts are number cells in kronor, totals are formulas whose cached
 * results equal the engine's sums, headers and Swedish sheet names, the
 * "Konstruerade exempelvärden" note exactly where the figures are made up,
 * and drafts and the control plan closed to the public.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import { readXlsx, type ReadSheet } from '../helpers/xlsx.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as budget from '../../src/budget/service.ts';
import { PARAMETERS_2026 } from '../../src/budget/model.ts';
import { DEMO_AREAS_2026 } from '../../src/budget/seeds.ts';
import { loadKpiDemo } from '../../src/kpi/demo.ts';
import { loadControlDemo } from '../../src/control/demo.ts';
import type { SeriesSummary, SeriesView } from '../../src/kpi/service.ts';
import type { PlanView } from '../../src/control/service.ts';
import { XLSX_MEDIA_TYPE } from '../../src/kernel/xlsx.ts';

afterAll(dropTestSchemas);

const NOTE = /^Konstruerade exempelvärden/;
const kr = (ore: number) => ore / 100;
const sheet = (book: ReadSheet[], name: string) => {
  const s = book.find((x) => x.name === name);
  if (!s) throw new Error(`inget blad ${name}: ${book.map((x) => x.name).join(', ')}`);
  return s;
};
/** The cells of one row, A… in order, as values. */
const rowValues = (s: ReadSheet, row: number, cols: string) => [...cols].map((c) => s.values[`${c}${row}`]);

describe.each(testDatabases)('xlsx exports on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let bodyId: number;
  let member: Client;
  let secretary: Client;
  let officer: Client;

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    for (const f of ['003_f8eb7d47c03ea706.txt', '000_97425d05012e62df.txt']) {
      await importKallelse(db, SYSTEM, { fileName: f, text: readFileSync(new URL(`../../seeds/${f}`, import.meta.url), 'utf8') });
    }
    await budget.importDemoBudgetsForRtn(db);
    await loadKpiDemo(db);
    await loadControlDemo(db);
    bodyId = (await meetings.listBodies(db)).find((b) => /regional tillväxtnämnd/i.test(b.name))!.id;
    member = await signIn(app, db, ['member']);
    secretary = await signIn(app, db, ['secretary']);
    officer = await signIn(app, db, ['case-officer']);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const download = async (url: string, who?: Client) => {
    const res = await app.inject({ method: 'GET', url, ...(who ?? {}) });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_MEDIA_TYPE);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.xlsx"/);
    return readXlsx(res.rawPayload);
  };

  describe('budget', () => {
    it('the draft is for members and staff only: the public gets 401, an unknown year 404', async () => {
      const anon = await app.inject({ method: 'GET', url: `/api/bodies/${bodyId}/budgets/2026.xlsx` });
      expect(anon.statusCode).toBe(401);
      expect(anon.json().error.message).toMatch(/^Logga in/);
      expect((await app.inject({ method: 'GET', url: `/api/bodies/${bodyId}/budgets/2031.xlsx`, ...member })).statusCode).toBe(404);
    });

    it('2026 draft: frames per area as formulas over the components, totals and what is left as formulas, equal to the engine; the illustrative inputs are noted', async () => {
      const view = (await app.inject({ method: 'GET', url: `/api/bodies/${bodyId}/budgets/2026`, ...member })).json() as budget.BudgetView;
      const a = view.allocation!;
      expect(view.illustrativeInputs).toBe(true);
      const book = await download(`/api/bodies/${bodyId}/budgets/2026.xlsx`, member);
      expect(book.map((s) => s.name)).toEqual(['Ramar 2026', 'Parametrar', 'Områden', 'Föreningar']);
      const frames = sheet(book, 'Ramar 2026');
      expect(frames.cells.A1!.value).toMatch(NOTE);
      expect(frames.cells.A1!.bold).toBe(true);
      expect(frames.cells.A2!.value).toBe('Ramar per område 2026, Regional tillväxtnämnd (utkast)');
      expect(rowValues(frames, 4, 'ABCM')).toEqual(['Område', 'Lönekostnad', 'Lönekostnadsökning', 'Ram']);
      a.areas.forEach((f, i) => {
        const r = 5 + i;
        expect(frames.values[`A${r}`]).toBe(f.name);
        expect(frames.cells[`B${r}`]).toEqual({ value: kr(f.wageCostOre), numFmt: '#,##0', bold: false });
        expect(frames.cells[`J${r}`]!.value).toBe(0 - kr(f.projectFinancingOre) + 0);
        expect(frames.cells[`M${r}`]).toEqual({ value: kr(f.frameOre), numFmt: '#,##0', bold: false, formula: `SUM(B${r}:L${r})` });
      });
      const total = 5 + a.areas.length;
      expect(frames.values[`A${total}`]).toBe('Summa områden');
      expect(frames.cells[`M${total}`]).toMatchObject({ formula: `SUM(M5:M${total - 1})`, value: kr(a.areasTotalOre), bold: true });
      expect(frames.cells[`B${total}`]).toMatchObject({ formula: `SUM(B5:B${total - 1})`, value: kr(DEMO_AREAS_2026.reduce((s, x) => s + x.wageCostOre, 0)) });
      // the cached total is the sum of the cached row results
      expect(a.areas.reduce((s, _, i) => s + (frames.values[`M${5 + i}`] as number), 0)).toBe(frames.values[`M${total}`]);
      const find = (label: string) => Number(Object.entries(frames.values).find(([k, v]) => k.startsWith('A') && v === label)![0].slice(1));
      expect(frames.values[`M${find('Planeringsreserv')}`]).toBe(kr(a.planningReserveOre));
      expect(frames.cells[`M${find('Fördelat')}`]).toMatchObject({ formula: `SUM(M${total},M${find('Planeringsreserv')}:M${find('FUM')})`, value: kr(a.allocatedOre) });
      const left = find('Kvar att fördela (negativt: åtgärdskrav)');
      expect(frames.cells[`M${left}`]).toMatchObject({ formula: `M${find('Nämndens ram (ramanslag efter indexuppräkning)')}-M${find('Fördelat')}`, value: kr(a.balanceOre) });
      expect(frames.values[`M${find('Nämndens ram (ramanslag efter indexuppräkning)')}`]).toBe(151_335_335);

      const params = sheet(book, 'Parametrar');
      expect(params.cells.A1!.value).toBe('Fördelningsmodellens parametrar 2026'); // real figures of seed 004: no note
      expect(rowValues(params, 3, 'ABC')).toEqual(['Parameter', 'Värde', 'Enhet']);
      expect(rowValues(params, 4, 'ABC')).toEqual(['Ramanslag föregående år', 146_785_000, 'kr']);
      expect(rowValues(params, 5, 'ABC')).toEqual(['Indexuppräkning av ramanslaget (LPIK)', 3.1, '%']);
      const areas = sheet(book, 'Områden');
      expect(areas.cells.A1!.value).toMatch(NOTE);
      expect(areas.cells.F5).toEqual({ value: 18, numFmt: '#,##0.00', bold: false });
      const assoc = sheet(book, 'Föreningar');
      expect(assoc.cells.A1!.value).toMatch(NOTE);
      expect(assoc.cells.G5).toMatchObject({ formula: 'SUM(D5,F5)', value: kr(a.associations[0]!.newGrantOre) });
      expect(assoc.cells.D7).toMatchObject({ formula: 'SUM(D5:D6)', value: 2_150_000 });
    });

    it('a draft with inputs someone entered carries no note', async () => {
      const areas = DEMO_AREAS_2026.map((x) => ({ ...x, wageCostOre: x.wageCostOre + 100_000 }));
      const created = await app.inject({ method: 'POST', url: `/api/bodies/${bodyId}/budgets`, ...secretary, payload: { year: 2027, parameters: PARAMETERS_2026, areas } });
      expect(created.statusCode).toBe(201);
      expect(created.json().illustrativeInputs).toBe(false);
      const frames = sheet(await download(`/api/bodies/${bodyId}/budgets/2027.xlsx`, member), 'Ramar 2027');
      expect(frames.cells.A1!.value).toBe('Ramar per område 2027, Regional tillväxtnämnd (utkast)');
      expect(frames.cells.B4).toMatchObject({ value: kr(areas[0]!.wageCostOre), numFmt: '#,##0' });
    });

    it('2020 adopted (public): resultatrapport and driftredovisning with subtotals, result and deviations as formulas equal to the engine; the period end a date', async () => {
      const view = (await app.inject({ method: 'GET', url: `/api/bodies/${bodyId}/budgets/2020` })).json() as budget.BudgetView;
      const report = view.reports[0]!;
      const book = await download(`/api/bodies/${bodyId}/budgets/2020.xlsx`);
      expect(book.map((s) => s.name)).toEqual(['Resultatrapport 2020-07-31', 'Driftredovisning 2020-07-31', 'Investeringar 2020-07-31']);
      const rr = sheet(book, 'Resultatrapport 2020-07-31');
      expect(rr.cells.A1!.value).toBe(`Resultatrapport ${report.periodLabel}, Regional tillväxtnämnd`);
      expect(rr.values.B2).toEqual(new Date(Date.UTC(2020, 6, 31)));
      expect(rr.cells.B2!.numFmt).toBe('yyyy-mm-dd');
      expect(rowValues(rr, 3, 'ABCDEFGHI')).toEqual(['Belopp i kronor', 'Utfall perioden', 'Utfall perioden föregående år', 'Prognos helår', 'Budget helår', 'Utfall föregående år', 'Avvikelse mot föregående år', 'Relation (%)', 'Prognos mot budget']);
      const rowOf = (label: string) => 4 + report.resultReport.findIndex((r) => r.label === label);
      const line = report.resultReport.find((r) => r.key === 'grantsReceived')!;
      expect(rr.cells[`B${rowOf('Erhållna bidrag')}`]).toEqual({ value: kr(line.figures.outcomePeriod!), numFmt: '#,##0', bold: false });
      const byKey = (k: string) => report.resultReport.find((r) => r.key === k)!;
      const inc = rowOf('Summa intäkter');
      expect(rr.cells[`B${inc}`]).toMatchObject({ formula: `SUM(B${inc - 2}:B${inc - 1})`, value: kr(byKey('totalIncome').figures.outcomePeriod!), bold: true });
      const cost = rowOf('Summa kostnader');
      expect(rr.cells[`E${cost}`]).toMatchObject({ formula: `SUM(E${cost - 4}:E${cost - 1})`, value: kr(byKey('totalCosts').figures.budget!) });
      const net = rowOf('Verksamhetens nettokostnad');
      expect(rr.cells[`B${net}`]).toMatchObject({ formula: `SUM(B${inc},B${cost})`, value: kr(byKey('netCost').figures.outcomePeriod!) });
      const result = rowOf('Resultat');
      expect(rr.cells[`B${result}`]).toMatchObject({ formula: `SUM(B${net}:B${result - 1})`, value: kr(byKey('result').figures.outcomePeriod!) });
      expect(rr.cells[`G${result}`]).toMatchObject({ formula: `B${result}-C${result}`, value: kr(byKey('result').deviationOre!) });
      expect(rr.cells[`I${result}`]).toMatchObject({ formula: `D${result}-E${result}`, value: kr(byKey('result').forecastDeviationOre!) });

      const ops = sheet(book, 'Driftredovisning 2020-07-31');
      expect(rowValues(ops, 3, 'ABCD')).toEqual(['Område', 'Budget perioden', 'Utfall perioden', 'Avvikelse']);
      const lines = report.operatingStatement.filter((r) => r.kind === 'line');
      const t = report.operatingStatement.find((r) => r.kind === 'total')!;
      const tr = 4 + lines.length;
      expect(ops.values[`A${tr}`]).toBe('Resultat');
      expect(ops.cells[`C${tr}`]).toMatchObject({ formula: `SUM(C4:C${tr - 1})`, value: kr(t.outcomePeriodOre), bold: true });
      expect(ops.cells[`F${tr}`]).toMatchObject({ formula: `SUM(F4:F${tr - 1})`, value: kr(t.turnoverPeriodOre) });
      expect(ops.cells[`D${tr}`]).toMatchObject({ formula: `C${tr}-B${tr}`, value: kr(t.deviationOre) });
      expect(ops.cells[`D4`]).toMatchObject({ formula: 'C4-B4', value: kr(lines[0]!.deviationOre) });
      expect(lines.reduce((s, _, i) => s + (ops.values[`C${4 + i}`] as number), 0)).toBeCloseTo(ops.values[`C${tr}`] as number, 6);
      for (const s of book) expect(s.cells.A1!.value).not.toMatch(NOTE); // the seed's own figures
    });
  });

  describe('indicator series', () => {
    let series: SeriesSummary[];
    beforeAll(async () => {
      // a file that is not the constructed fixture: its series is not noted
      const json = JSON.stringify({ values: [2019, 2020].map((period, i) => ({ kpi: 'N07001', municipality: '0018', period, values: [{ gender: 'T', count: 1, status: '', value: 10 + i * 0.25 }] })) });
      const r = await app.inject({ method: 'POST', url: '/api/kpi/imports', ...officer, payload: { fileName: 'egen.json', json, title: 'Eget mått' } });
      expect(r.statusCode).toBe(201);
      series = (await app.inject({ method: 'GET', url: '/api/kpi/series' })).json();
    });

    it('a series is public: values as numbers per area, period and gender, the comparison mean as AVERAGE formulas, the evaluation; constructed values noted', async () => {
      const id = series.find((s) => s.kpiId === 'N00920')!.id;
      const s = (await app.inject({ method: 'GET', url: `/api/kpi/series/${id}` })).json() as SeriesView;
      expect(s.constructed).toBe(true);
      const book = await download(`/api/kpi/series/${id}.xlsx`);
      expect(book.map((x) => x.name)).toEqual(['Värden N00920', 'Måluppfyllelse N00920']);
      const v = sheet(book, 'Värden N00920');
      expect(v.cells.A1!.value).toMatch(NOTE);
      expect(v.values.A2).toBe(`${s.title} (N00920), %`);
      const header = 6; // note, title, Mål, Styrtal, blank, header
      expect(rowValues(v, header, 'ABCDI')).toEqual(['Område', 'Kod', 'Kön', '2015', '2020']);
      const at = (code: string, gender: string, period: string) => s.values.find((x) => x.area === code && x.gender === gender && x.period === period)!.value;
      // the region first, total first: D is 2015, I is 2020
      expect(rowValues(v, header + 1, 'ABC')).toEqual(['Region Örebro län', '0018', 'Totalt']);
      expect(v.cells[`I${header + 1}`]).toEqual({ value: Number(at('0018', 'T', '2020')), numFmt: '#,##0.0', bold: false });
      const meanRow = header + 1 + s.areas.length;
      expect(v.values[`A${meanRow}`]).toBe('Medel för Region Jönköpings län, Region Kronoberg, Region Värmland, Region Västmanland');
      const mean = v.cells[`I${meanRow}`]!;
      expect(mean.formula).toBe(`AVERAGE(I${header + 2}:I${header + 5})`);
      const group = ['0006', '0007', '0017', '0019'].map((c) => Number(at(c, 'T', '2020')));
      expect(mean.value).toBeCloseTo(group.reduce((a, b) => a + b, 0) / 4, 10);
      expect((mean.value as number).toFixed(2)).toBe(Number(s.evaluation.find((e) => e.period === '2020' && e.gender === 'T')!.reference).toFixed(2));
      expect(rowValues(v, header + 3, 'AB')).toEqual(['Region Kronoberg', '0007']);
      const e = sheet(book, 'Måluppfyllelse N00920');
      expect(e.cells.A1!.value).toMatch(NOTE);
      expect(rowValues(e, 4, 'ABCDE')).toEqual(['Period', 'Kön', 'Värde', 'Medel jämförelse', 'Uppfyllt']);
      expect(e.cells.C5!.value).toBe(Number(s.evaluation[0]!.value));
    });

    it('a missing value is an empty cell (N00914, Kronoberg 2015)', async () => {
      const id = series.find((s) => s.kpiId === 'N00914')!.id;
      const s = (await app.inject({ method: 'GET', url: `/api/kpi/series/${id}` })).json() as SeriesView;
      const v = sheet(await download(`/api/kpi/series/${id}.xlsx`), 'Värden N00914');
      const kronoberg = 6 + 1 + s.areas.findIndex((a) => a.code === '0007');
      expect(v.values[`B${kronoberg}`]).toBe('0007');
      expect(v.cells[`D${kronoberg}`]).toBeUndefined();
      expect(v.values[`E${kronoberg}`]).toBe(Number(s.values.find((x) => x.area === '0007' && x.period === '2016')!.value));
    });

    it('a series from another file carries no note; the list of all series marks which are constructed; an unknown series is 404', async () => {
      const own = series.find((s) => s.kpiId === 'N07001')!;
      expect(own.constructed).toBe(false);
      const v = sheet(await download(`/api/kpi/series/${own.id}.xlsx`), 'Värden N07001');
      expect(v.cells.A1!.value).toBe('Eget mått (N07001)');
      expect(v.cells.E5).toEqual({ value: 10.25, numFmt: '#,##0.00', bold: false });
      const list = sheet(await download('/api/kpi/series.xlsx'), 'Nyckeltal');
      expect(list.cells.A1!.value).toMatch(NOTE);
      expect(rowValues(list, 2, 'ABI')).toEqual(['Kolada-id', 'Nyckeltal', 'Konstruerad']);
      const rows = Object.entries(list.values).filter(([k]) => /^A\d+$/.test(k) && Number(k.slice(1)) > 2).map(([k, id]) => [id, list.values[`I${k.slice(1)}`]]);
      expect(Object.fromEntries(rows)).toEqual({ N00914: 'Ja', N00920: 'Ja', N00928: 'Ja', N07001: 'Nej' });
      expect((await app.inject({ method: 'GET', url: '/api/kpi/series/999999.xlsx' })).statusCode).toBe(404);
    });
  });

  describe('internal control plan', () => {
    let plan: PlanView;
    beforeAll(async () => {
      const id = (await app.inject({ method: 'GET', url: '/api/control/plans', ...member })).json()[0].id;
      plan = (await app.inject({ method: 'GET', url: `/api/control/plans/${id}`, ...member })).json();
    });

    it('is for signed-in staff only', async () => {
      const anon = await app.inject({ method: 'GET', url: `/api/control/plans/${plan.id}.xlsx` });
      expect(anon.statusCode).toBe(401);
      expect(anon.json().error.message).toBe('Logga in för att läsa internkontrollplanen.');
      expect((await app.inject({ method: 'GET', url: '/api/control/plans/999999.xlsx', ...member })).statusCode).toBe(404);
    });

    it('risks, actions and the matrix; counts as numbers and totals as formulas; the constructed assessment noted, and a person’s assessment not marked', async () => {
      expect(plan.constructed).toBe(true);
      const risk = plan.risks[0]!;
      const changed = await app.inject({ method: 'PUT', url: `/api/control/risks/${risk.id}`, ...officer, payload: { area: risk.area, risk: risk.risk, probability: 3, consequence: 3, version: risk.version } });
      expect(changed.statusCode).toBe(200);
      expect(changed.json().constructedAssessment).toBe(false);

      const book = await download(`/api/control/plans/${plan.id}.xlsx`, member);
      expect(book.map((s) => s.name)).toEqual(['Risker 2020', 'Åtgärder 2020', 'Riskmatris 2020']);
      const risks = sheet(book, 'Risker 2020');
      expect(risks.cells.A1!.value).toMatch(NOTE);
      expect(rowValues(risks, 4, 'ABCDEFGH')).toEqual(['Område', 'Risk', 'Sannolikhet', 'Konsekvens', 'Riskvärde', 'Nivå', 'Regionövergripande', 'Konstruerad']);
      expect(rowValues(risks, 5, 'ACDEFH')).toEqual([risk.area, 3, 3, 9, 'Hög', 'Nej']);
      expect(rowValues(risks, 6, 'CDEH')).toEqual([plan.risks[1]!.probability, plan.risks[1]!.consequence, plan.risks[1]!.riskValue, 'Ja']);
      const actions = sheet(book, 'Åtgärder 2020');
      expect(actions.cells.A1!.value).toMatch(NOTE);
      expect(Object.keys(actions.values).filter((k) => /^C\d+$/.test(k)).length - 1).toBe(16);

      const m = sheet(book, 'Riskmatris 2020');
      expect(m.cells.A1!.value).toMatch(NOTE);
      expect(rowValues(m, 4, 'ABF')).toEqual(['Sannolikhet \\ Konsekvens', '1 Försumbar', 'Summa']);
      // rows 5–8: probability 4 … 1; the row totals and column totals are SUMs of the counts
      for (let r = 5; r <= 8; r++) {
        const counts = rowValues(m, r, 'BCDE') as number[];
        expect(m.cells[`F${r}`]).toMatchObject({ formula: `SUM(B${r}:E${r})`, value: counts.reduce((a, b) => a + b, 0) });
      }
      const now = (await app.inject({ method: 'GET', url: `/api/control/plans/${plan.id}`, ...member })).json() as PlanView;
      expect(m.cells.D6!.value).toBe(now.matrix.cells[2]![2]);
      expect(m.cells.F9).toMatchObject({ formula: 'SUM(F5:F8)', value: 10 - now.matrix.unassessed });
      expect(m.cells.B9).toMatchObject({ formula: 'SUM(B5:B8)' });
      expect(m.values.A11).toBe('Summa risker');
      expect(m.cells.F11).toMatchObject({ formula: 'SUM(F9,F10)', value: 10 });
      const label = (text: string) => Number(Object.entries(m.values).find(([k, v]) => k.startsWith('A') && v === text)![0].slice(1));
      expect(m.cells[`B${label('Summa åtgärder')}`]).toMatchObject({ value: 16, formula: `SUM(B${label('Pågående')}:B${label('Ej angiven')})` });
      expect(m.values[`B${label('Hög')}`]).toBe(now.matrix.byLevel.high);
    });
  });
});
