/**
 * Styrtal linked to indicator series and Kolada's API (issue 17.3), over HTTP
 * on PGlite and PostgreSQL: the demo's styrtal linked by the old free text,
 * a link set and changed with optimistic locking and audit (also refused
 * where it does not belong), own measures with values by hand, and "Hämta
 * från Kolada" against a local server serving the API's shape (never online):
 * all or nothing, marked with source and fetch time, constructed values still
 * flagged where they remain.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import { startKoladaServer, type KoladaServer } from '../helpers/koladaServer.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import { importDemoPlan } from '../../src/importer/demo.ts';
import { loadKpiDemo } from '../../src/kpi/demo.ts';
import { SYSTEM } from '../../src/access/model.ts';
import type { PlanItemView, PlanView } from '../../src/steering/service.ts';
import type { KoladaFetchResult, SeriesSummary, SeriesView } from '../../src/kpi/service.ts';
import { readXlsx } from '../helpers/xlsx.ts';
import { readPdf } from '../helpers/pdf.ts';

afterAll(dropTestSchemas);

const flat = (items: PlanItemView[]): PlanItemView[] => items.flatMap((i) => [i, ...flat(i.children)]);

describe.each(testDatabases)('styrtal and Kolada on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let kolada: KoladaServer;
  let planId: number;
  let member: Client;
  let officer: Client;
  const savedUrl = process.env.KOLADA_URL;

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    kolada = await startKoladaServer();
    await importKallelse(db, SYSTEM, { fileName: '003.txt', text: readFileSync(new URL('../../seeds/003_f8eb7d47c03ea706.txt', import.meta.url), 'utf8') });
    await importDemoPlan(db);
    await loadKpiDemo(db);
    member = await signIn(app, db, ['member']);
    officer = await signIn(app, db, ['case-officer']);
    const bodies = (await app.inject({ method: 'GET', url: '/api/bodies' })).json() as Array<{ id: number; name: string }>;
    const bodyId = bodies.find((b) => b.name === 'Regional tillväxtnämnd')!.id;
    planId = (await app.inject({ method: 'GET', url: `/api/bodies/${bodyId}/plans`, ...member })).json()[0].id;
  });
  afterAll(async () => {
    if (savedUrl === undefined) delete process.env.KOLADA_URL;
    else process.env.KOLADA_URL = savedUrl;
    await kolada.close();
    await app.close();
    await db.close();
  });

  const plan = async (): Promise<PlanView> => (await app.inject({ method: 'GET', url: `/api/plans/${planId}`, ...officer })).json();
  const indicators = async () => flat((await plan()).items).filter((i) => i.kind === 'indicator');
  const series = async () => (await app.inject({ method: 'GET', url: '/api/kpi/series' })).json() as SeriesSummary[];
  const seriesOf = async (kpiId: string) => (await series()).find((s) => s.kpiId === kpiId)!;
  const auditOf = async (action: string) => db.kysely.selectFrom('audit_log').select(['entity_id', 'before', 'after']).where('action', '=', action).orderBy('id').execute();

  it('links the demo styrtal its series name by their old free text, and shows latest value, trend and target', async () => {
    const n914 = await seriesOf('N00914');
    const linked = (await indicators()).filter((i) => i.kpiSeriesId !== null);
    expect(linked.map((i) => [i.text, i.kpi!.kpiId])).toEqual(
      expect.arrayContaining([
        ['Antal nystartade företag per 1 000 invånare i Örebro län', 'N00914'],
        ['Andelen förvärvsarbetande, 20-64 år.', 'N00920'],
      ]),
    );
    const firms = linked.find((i) => i.kpiSeriesId === n914.id)!.kpi!;
    // the constructed file's region values for N00914 end in 2020; the badge reads them from the series
    const view = (await app.inject({ method: 'GET', url: `/api/kpi/series/${n914.id}` })).json() as SeriesView;
    const region = view.values.filter((v) => v.area === '0018' && v.gender === 'T' && v.value !== null);
    expect(firms.latest).toMatchObject({ period: region.at(-1)!.period, value: region.at(-1)!.value, source: 'file', constructed: true });
    expect(firms.previous).toEqual({ period: region.at(-2)!.period, value: region.at(-2)!.value });
    expect(firms.target.label).toBe('ska öka: minst 6,5');
    expect(firms.constructed).toBe(true);
    expect(firms.trend === 'up' ? firms.trendGood : firms.trend === 'down' ? !firms.trendGood : firms.trendGood === null).toBe(true);
    // the same on the public side of an indicator without a series: null, not an error
    expect((await indicators()).some((i) => i.kpiSeriesId === null && i.kpi === null)).toBe(true);
  });

  it('sets, changes and removes a link with the item version, audited; refuses others and strangers', async () => {
    const target = (await indicators()).find((i) => i.kpiSeriesId === null)!;
    const n928 = await seriesOf('N00928');
    const url = `/api/plan-items/${target.id}/kpi-series`;
    expect((await app.inject({ method: 'PUT', url, ...member, payload: { kpiSeriesId: n928.id, version: target.version } })).statusCode).toBe(403);
    const ok = await app.inject({ method: 'PUT', url, ...officer, payload: { kpiSeriesId: n928.id, version: target.version } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ kpiSeriesId: n928.id, version: target.version + 1, kpi: { kpiId: 'N00928' } });
    const stale = await app.inject({ method: 'PUT', url, ...officer, payload: { kpiSeriesId: null, version: target.version } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/Styrtal har ändrats sedan du hämtade den \(din version \d+, nu \d+\)/);
    const unknown = await app.inject({ method: 'PUT', url, ...officer, payload: { kpiSeriesId: 999999, version: target.version + 1 } });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.message).toBe('Nyckeltalsserie 999999 finns inte.');
    const goal = flat((await plan()).items).find((i) => i.kind === 'objective')!;
    const wrong = await app.inject({ method: 'PUT', url: `/api/plan-items/${goal.id}/kpi-series`, ...officer, payload: { kpiSeriesId: n928.id, version: goal.version } });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.message).toBe('Bara ett styrtal kan kopplas till en nyckeltalsserie, inte mål.');
    expect((await indicators()).find((i) => i.id === target.id)!.kpiSeriesId).toBe(n928.id);
    const removed = await app.inject({ method: 'PUT', url, ...officer, payload: { kpiSeriesId: null, version: target.version + 1 } });
    expect(removed.json()).toMatchObject({ kpiSeriesId: null, kpi: null });
    const entries = (await auditOf('plan.item.kpi')).filter((e) => e.entity_id === String(target.id));
    expect(entries.map((e) => [(e.before as { kpiSeriesId: number | null }).kpiSeriesId, (e.after as { kpiSeriesId: number | null }).kpiSeriesId])).toEqual([
      [null, n928.id],
      [n928.id, null],
    ]);
  });

  it('adds an own measure with a local id, takes values by hand, and links it in the editor', async () => {
    const add = await app.inject({ method: 'POST', url: '/api/kpi/series', ...officer, payload: { source: 'local', kpiId: 'rtn-01', title: 'Antal gästnätter', unit: 'tusen' } });
    expect(add.statusCode).toBe(201);
    let s = add.json() as SeriesView;
    expect(s).toMatchObject({ kpiId: 'RTN-01', source: 'local', constructed: false, values: [] });
    expect((await app.inject({ method: 'POST', url: '/api/kpi/series', ...officer, payload: { source: 'local', kpiId: 'RTN-01', title: 'Igen' } })).statusCode).toBe(409);
    const likeKolada = await app.inject({ method: 'POST', url: '/api/kpi/series', ...officer, payload: { source: 'local', kpiId: 'N12345', title: 'X' } });
    expect(likeKolada.json().error.message).toMatch(/ser ut som ett id i Kolada/);
    for (const [period, value] of [['2024', '1 210'], ['2025', '1 185,5']] as const) {
      const r = await app.inject({ method: 'PUT', url: `/api/kpi/series/${s.id}/values`, ...officer, payload: { period, value, version: s.version } });
      expect(r.statusCode).toBe(200);
      s = r.json();
    }
    expect(s.values.map((v) => [v.period, v.value, v.source])).toEqual([
      ['2024', '1210', 'manual'],
      ['2025', '1185.5', 'manual'],
    ]);
    expect((await app.inject({ method: 'PUT', url: `/api/kpi/series/${s.id}/values`, ...officer, payload: { period: '2025', value: '1', version: s.version - 1 } })).statusCode).toBe(409);
    const notLocal = await app.inject({ method: 'PUT', url: `/api/kpi/series/${(await seriesOf('N00914')).id}/values`, ...officer, payload: { period: '2025', value: '1', version: 1 } });
    expect(notLocal.statusCode).toBe(422);
    expect((await app.inject({ method: 'POST', url: `/api/kpi/series/${s.id}/kolada`, ...officer, payload: {} })).json().error.message).toMatch(/eget mått och finns inte i Kolada/);

    const guests = (await indicators()).find((i) => /gästnätter/i.test(i.text))!;
    const put = await app.inject({ method: 'PUT', url: `/api/plan-items/${guests.id}`, ...officer, payload: { text: guests.text, kpiSeriesId: s.id, version: guests.version } });
    expect(put.statusCode).toBe(200);
    const shown = (await indicators()).find((i) => i.id === guests.id)!;
    // no direction on the series: the styrtal's own wording judges the trend when it says one
    expect(shown.kpi).toMatchObject({ kpiId: 'RTN-01', source: 'local', latest: { period: '2025', value: '1185.5', source: 'manual', constructed: false }, previous: { period: '2024', value: '1210' }, trend: 'down' });
  });

  it('fetches from Kolada in one transaction, marks the values, keeps the rest of the constructed file flagged', async () => {
    const n914 = await seriesOf('N00914');
    const before = (await app.inject({ method: 'GET', url: `/api/kpi/series/${n914.id}` })).json() as SeriesView;
    const url = `/api/kpi/series/${n914.id}/kolada`;
    expect((await app.inject({ method: 'POST', url, ...member, payload: {} })).statusCode).toBe(403);

    // Kolada down: a Swedish 502, nothing changed
    process.env.KOLADA_URL = `${kolada.baseUrl.replace(/\/v2$/, '')}/broken`;
    const down = await app.inject({ method: 'POST', url, ...officer, payload: { fromYear: 2019, toYear: 2021 } });
    expect(down.statusCode).toBe(502);
    expect(down.json().error.message).toMatch(/^Kolada svarade med status 500/);
    process.env.KOLADA_URL = `${kolada.baseUrl.replace(/\/v2$/, '')}/badvalue`;
    const bad = await app.inject({ method: 'POST', url, ...officer, payload: { fromYear: 2019, toYear: 2021 } });
    expect(bad.json().error.message).toMatch(/^Koladas svar har inte den väntade formen/);
    expect(((await app.inject({ method: 'GET', url: `/api/kpi/series/${n914.id}` })).json() as SeriesView).values).toEqual(before.values);

    process.env.KOLADA_URL = kolada.baseUrl;
    const r = await app.inject({ method: 'POST', url, ...officer, payload: { fromYear: 2019, toYear: 2021 } });
    expect(r.statusCode).toBe(200);
    const f = r.json() as KoladaFetchResult;
    expect(f.pages).toBe(2);
    expect(f.fetched).toBe(6);
    expect(f.added + f.changed + f.unchanged).toBe(6);
    expect(f.url).toContain('/data/kpi/N00914/municipality/0006,0007,0017,0018,0019,1880/year/2019,2020,2021');
    const v = (area: string, period: string) => f.series.values.find((x) => x.area === area && x.period === period && x.gender === 'T')!;
    expect(v('0018', '2020')).toMatchObject({ value: '6.61', source: 'kolada', constructed: false, fetchedAt: f.fetchedAt });
    expect(v('0018', '2021')).toMatchObject({ value: null, status: 'Missing', source: 'kolada' });
    expect(v('1880', '2020')).toMatchObject({ source: 'file', constructed: true, fetchedAt: null });
    expect(f.series.constructed).toBe(true);
    expect(f.series.lastFetchedAt).toBe(f.fetchedAt);
    expect(f.series.version).toBe(before.version + 1);
    const [entry] = (await auditOf('kpi.kolada')).filter((e) => e.entity_id === String(n914.id));
    expect(entry!.after).toMatchObject({ kpiId: 'N00914', fetched: 6, pages: 2 });

    // the styrtal now shows Kolada's latest value for the region: 2020 (2021 is missing), up from 2019, target 6,5 met
    const firms = (await indicators()).find((i) => i.kpiSeriesId === n914.id)!.kpi!;
    expect(firms).toMatchObject({ latest: { period: '2020', value: '6.61', source: 'kolada', constructed: false }, previous: { period: '2019', value: '5.87' }, trend: 'up', trendGood: true, met: true });

    // nothing from Kolada for those years: refused, nothing changed
    process.env.KOLADA_URL = `${kolada.baseUrl.replace(/\/v2$/, '')}/empty`;
    const empty = await app.inject({ method: 'POST', url, ...officer, payload: { fromYear: 2019, toYear: 2021 } });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error.message).toMatch(/Kolada har inga värden för N00914/);
  });

  it('puts the styrtal\'s series in the plan\'s xlsx and PDF, constructed values labelled', async () => {
    const x = await app.inject({ method: 'GET', url: `/api/plans/${planId}/plan.xlsx`, ...officer });
    expect(x.statusCode).toBe(200);
    const sheet = (await readXlsx(x.rawPayload)).find((s) => s.name === 'Nyckeltal')!;
    expect(sheet).toBeDefined();
    const values = Object.entries(sheet.values);
    expect(String(sheet.values.A1)).toMatch(/^Konstruerade exempelvärden: \d+ av \d+ styrtals senaste värde/);
    const rowOf = (kpiId: string) => values.find(([a, v]) => a.startsWith('B') && v === kpiId)![0].slice(1);
    expect(sheet.values[`M${rowOf('N00920')}`]).toBe('Ja');
    expect(sheet.values[`M${rowOf('N00914')}`]).toBe('Nej');
    expect(sheet.values[`E${rowOf('N00914')}`]).toBe(6.61);
    expect(String(sheet.values[`L${rowOf('N00914')}`])).toMatch(/^Kolada, hämtad \d{4}-\d{2}-\d{2}$/);
    const pdf = await app.inject({ method: 'GET', url: `/api/plans/${planId}/plan.pdf`, ...officer });
    expect(pdf.statusCode).toBe(200);
    const text = (await readPdf(pdf.rawPayload)).pages.join('\n').replace(/\s+/g, ' ');
    expect(text).toMatch(/Nyckeltal N00920: [^·]+· Mål: [^·]+· Källa: konstruerade exempelvärden \(konstruerad\)/);
    expect(text).toMatch(/Nyckeltal N00914: 6,61 per 1 000 inv\. \(2020\), ökar från 5,87 \(2019\), i rätt riktning · Mål: ska öka: minst 6,5, uppfyllt · Källa: Kolada, hämtad/);
  });
});
