import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { loadKpiDemo } from '../../src/kpi/demo.ts';
import type { SeriesSummary, SeriesView } from '../../src/kpi/service.ts';

const fixture = (f: string) => readFileSync(new URL(`../fixtures/kolada/${f}`, import.meta.url), 'utf8');
afterAll(dropTestSchemas);

describe.each(testDatabases)('indicator series on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let officer: Client;
  let member: Client;

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    officer = await signIn(app, db, ['case-officer']);
    member = await signIn(app, db, ['member']);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const count = async (table: 'kpi_value' | 'kpi_series' | 'kpi_import') => Number((await db.kysely.selectFrom(table).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('imports Kolada files uploaded by staff, once', async () => {
    const anon = await app.inject({ method: 'POST', url: '/api/kpi/imports', payload: { fileName: 'rtn-data.json', json: fixture('rtn-data.json') } });
    expect(anon.statusCode).toBe(401);
    const byMember = await app.inject({ method: 'POST', url: '/api/kpi/imports', ...member, payload: { fileName: 'rtn-data.json', json: fixture('rtn-data.json') } });
    expect(byMember.statusCode).toBe(403);
    expect(byMember.json().error.message).toBe('Du saknar behörighet att läsa in och ändra nyckeltal.');

    const meta = await app.inject({ method: 'POST', url: '/api/kpi/imports', ...officer, payload: { fileName: 'rtn-kpi.json', json: fixture('rtn-kpi.json') } });
    expect(meta.statusCode).toBe(201);
    expect(meta.json().series.map((s: { kpiId: string }) => s.kpiId)).toEqual(['N00914', 'N00920', 'N00928']);
    const data = await app.inject({ method: 'POST', url: '/api/kpi/imports', ...officer, payload: { fileName: 'rtn-data.json', json: fixture('rtn-data.json') } });
    expect(data.statusCode).toBe(201);
    expect(data.json()).toMatchObject({ created: true, kind: 'data', rows: 252 });
    expect(await count('kpi_value')).toBe(252);
    const again = await app.inject({ method: 'POST', url: '/api/kpi/imports', ...officer, payload: { fileName: 'igen.json', json: fixture('rtn-data.json') } });
    expect(again.statusCode).toBe(200);
    expect(again.json().created).toBe(false);
    expect(await count('kpi_value')).toBe(252);
    expect(await count('kpi_import')).toBe(2);
  });

  it('shows a series publicly, values exact, with the region first', async () => {
    const list = (await app.inject({ method: 'GET', url: '/api/kpi/series' })).json() as SeriesSummary[];
    expect(list.map((s) => s.title)).toEqual(['Arbetslösa 16-64 år, andel av befolkningen (%)', 'Förvärvsarbetande invånare 20-64 år, andel (%)', 'Nyregistrerade företag, antal per 1 000 invånare 16-64 år']);
    const id = list.find((s) => s.kpiId === 'N00920')!.id;
    const res = await app.inject({ method: 'GET', url: `/api/kpi/series/${id}` });
    expect(res.statusCode).toBe(200);
    const s = res.json() as SeriesView;
    expect(s.areas.map((a) => a.code)).toEqual(['0018', '0006', '0007', '0017', '0019', '1880']);
    expect(s.areas[0]!.name).toBe('Region Örebro län');
    expect(s.periods).toEqual(['2015', '2016', '2017', '2018', '2019', '2020']);
    expect(s.genders).toEqual(['T', 'K', 'M']);
    expect(s.values.find((v) => v.area === '0018' && v.period === '2019' && v.gender === 'T')!.value).toBe('79.3');
    expect(s.values.find((v) => v.area === '1880' && v.period === '2016' && v.gender === 'K')!.value).toBe('77');
    expect((await app.inject({ method: 'GET', url: '/api/kpi/series/999999' })).statusCode).toBe(404);
  });

  it('keeps decimals exactly through the database', async () => {
    const json = `{"values":[{"kpi":"N99999","municipality":"0018","period":2020,"values":[{"gender":"T","count":1,"status":"","value":98765432109876543.000000000001},{"gender":"K","count":1,"status":"","value":1.50},{"gender":"M","count":1,"status":"","value":-0.000000000001}]}]}`;
    const res = await app.inject({ method: 'POST', url: '/api/kpi/imports', ...officer, payload: { fileName: 'exakt.json', json, title: 'Precision', unit: 'st' } });
    expect(res.statusCode).toBe(201);
    const s = (await app.inject({ method: 'GET', url: `/api/kpi/series/${res.json().series[0].id}` })).json() as SeriesView;
    expect(s.title).toBe('Precision');
    expect(Object.fromEntries(s.values.map((v) => [v.gender, v.value]))).toEqual({ T: '98765432109876543.000000000001', K: '1.5', M: '-0.000000000001' });
  });

  it('refuses hostile files with a Swedish 400 and stores nothing', async () => {
    const before = await count('kpi_value');
    for (const [json, message] of [
      ['{"values":[{"kpi":"N00920","municipality":"0018","period":2020,"values":[{"gender":"T","value":1e999}]}]}', 'orimlig exponent'],
      ['{"values":[{"kpi":"N00920","municipality":"0018","period":2020,"values":[{"gender":"T","value":1},{"gender":"Q","value":2}]}]}', '"Q" är inte T'],
      ['['.repeat(5000), 'för djupt nästlad'],
      ['{"values":[{"kpi":"N00920","municipality":"0018\'; drop table kpi_value; --","period":2020,"values":[]}]}', 'values[0].municipality: är längre än 10 tecken'],
      ['{"values":[{"kpi":"N00920","municipality":"18 or","period":2020,"values":[]}]}', 'inte en kommun- eller regionkod'],
      ['<html>', 'Oväntat tecken'],
    ] as const) {
      const res = await app.inject({ method: 'POST', url: '/api/kpi/imports', ...officer, payload: { fileName: 'ond.json', json } });
      expect(res.statusCode, json.slice(0, 40)).toBe(400);
      expect(res.json().error.message).toContain(message);
    }
    expect(await count('kpi_value')).toBe(before);
  });

  it('sets a target with optimistic locking and evaluates it per period and gender', async () => {
    const list = (await app.inject({ method: 'GET', url: '/api/kpi/series' })).json() as SeriesSummary[];
    const s = list.find((x) => x.kpiId === 'N00928')!;
    const put = (version: number, target: object) =>
      app.inject({ method: 'PUT', url: `/api/kpi/series/${s.id}`, ...officer, payload: { title: s.title, unit: '%', indicatorRef: 'Styrtal 2.3 Arbetslösheten ska minska', target, version } });
    const bad = await put(s.version, { kind: 'baseline', direction: 'decrease' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('Ange basåret (t.ex. 2019).');
    const ok = await put(s.version, { kind: 'baseline', direction: 'decrease', baselineYear: 2019 });
    expect(ok.statusCode).toBe(200);
    const v = ok.json() as SeriesView;
    expect(v.indicatorRef).toBe('Styrtal 2.3 Arbetslösheten ska minska');
    expect(v.target.label).toBe('ska minska jämfört med 2019');
    expect(v.evaluation.filter((e) => e.period === '2020').map((e) => [e.gender, e.value, e.reference, e.met])).toEqual([
      ['T', '9.4', '7.5', false],
      ['K', '8.9', '7', false],
      ['M', '9.8', '7.9', false],
    ]);
    expect(v.latest).toMatchObject({ period: '2020', gender: 'T', met: false });
    const stale = await put(s.version, { kind: 'none' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toContain(`(din version ${s.version}, nu ${s.version + 1})`);
    // the public may read but not change
    expect((await app.inject({ method: 'PUT', url: `/api/kpi/series/${s.id}`, payload: { title: 'x', target: { kind: 'none' }, version: v.version } })).statusCode).toBe(401);
  });

  it('loads the demo files from disk idempotently, with targets', async () => {
    await loadKpiDemo(db);
    const n = await count('kpi_value');
    await loadKpiDemo(db);
    expect(await count('kpi_value')).toBe(n);
    const list = (await app.inject({ method: 'GET', url: '/api/kpi/series' })).json() as SeriesSummary[];
    // the files were already imported above, so the demo targets are not forced over the officer's target
    expect(list.find((x) => x.kpiId === 'N00928')!.target.kind).toBe('baseline');
  });
});

describe.each(testDatabases)('demo indicator series on an empty $name', (tdb) => {
  it('come with the region\'s targets', async () => {
    const db = await tdb.open();
    const app = await buildApp({ db });
    try {
      await loadKpiDemo(db);
      const list = (await app.inject({ method: 'GET', url: '/api/kpi/series' })).json() as SeriesSummary[];
      expect(Object.fromEntries(list.map((s) => [s.kpiId, [s.target.kind, s.latest?.period, s.latest?.value, s.latest?.met]]))).toEqual({
        N00914: ['fixed', '2020', '6.98', true],
        N00920: ['comparison', '2020', '77.9', false],
        N00928: ['baseline', '2020', '9.4', false],
      });
    } finally {
      await app.close();
      await db.close();
    }
  });
});
