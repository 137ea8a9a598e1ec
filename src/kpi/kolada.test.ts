/**
 * The Kolada client against a local server serving responses in the real
 * API's shape (test/fixtures/kolada/api/, see its README) — never online.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataUrl, fetchKpiData, koladaBaseUrl, KOLADA_DEFAULT_URL, parseDataPage } from './kolada.ts';
import { startKoladaServer, type KoladaServer } from '../../test/helpers/koladaServer.ts';

let server: KoladaServer;
beforeAll(async () => {
  server = await startKoladaServer();
});
afterAll(async () => server.close());

const origin = () => server.baseUrl.replace(/\/v2$/, '');

describe('Kolada client', () => {
  it('reads both pages of a data response, values exact, a missing value null', async () => {
    const r = await fetchKpiData('N00914', ['0006', '0018'], [2019, 2020, 2021], { baseUrl: server.baseUrl });
    expect(r.pages).toBe(2);
    expect(r.url).toBe(`${server.baseUrl}/data/kpi/N00914/municipality/0006,0018/year/2019,2020,2021`);
    expect(server.requests.at(-1)).toContain('page=2');
    expect(r.values).toHaveLength(6);
    const region = r.values.filter((v) => v.area === '0018').map((v) => [v.period, v.gender, v.value, v.status]);
    expect(region).toEqual([
      ['2019', 'T', '5.87', null],
      ['2020', 'T', '6.61', null],
      ['2021', 'T', null, 'Missing'],
    ]);
    expect(r.values.find((v) => v.area === '0006' && v.period === '2021')?.value).toBe('6.9');
  });

  it('builds the v2 data URL with comma lists, and refuses ids that are not Kolada ids', () => {
    expect(dataUrl('https://api.kolada.se/v2/', 'N00914', ['0018', '0006'], [2021, 2019])).toBe('https://api.kolada.se/v2/data/kpi/N00914/municipality/0018,0006/year/2019,2021');
    expect(() => dataUrl('https://x', 'RTN-01', ['0018'], [2020])).toThrow(/inget nyckeltals-id i Kolada/);
    expect(() => dataUrl('https://x', 'N00914', ['18'], [2020])).toThrow(/fyra siffror/);
  });

  it('takes the base URL from KOLADA_URL, the public API by default, and refuses what is not http(s)', () => {
    expect(koladaBaseUrl({})).toBe(KOLADA_DEFAULT_URL);
    expect(koladaBaseUrl({ KOLADA_URL: 'http://127.0.0.1:9/v3/' })).toBe('http://127.0.0.1:9/v3');
    expect(() => koladaBaseUrl({ KOLADA_URL: 'ftp://kolada' })).toThrow(/https:\/\//);
    expect(() => koladaBaseUrl({ KOLADA_URL: 'inte en adress' })).toThrow(/ingen giltig adress/);
  });

  it('says in Swedish when Kolada is unreachable, too slow, failing or answers another shape', async () => {
    // a port nothing listens on: the server's, after it is closed
    const gone = await startKoladaServer();
    const dead = gone.baseUrl;
    await gone.close();
    await expect(fetchKpiData('N00914', ['0018'], [2020], { baseUrl: dead })).rejects.toMatchObject({ code: 'kolada-unreachable', message: expect.stringMatching(/Kolada kunde inte nås/) });
    await expect(fetchKpiData('N00914', ['0018'], [2020], { baseUrl: `${origin()}/slow`, timeoutMs: 300 })).rejects.toMatchObject({ code: 'kolada-timeout', message: expect.stringMatching(/svarade inte inom/) });
    await expect(fetchKpiData('N00914', ['0018'], [2020], { baseUrl: `${origin()}/broken` })).rejects.toMatchObject({ code: 'kolada-http', message: expect.stringMatching(/status 500/) });
    await expect(fetchKpiData('N00914', ['0018'], [2020], { baseUrl: `${origin()}/shape` })).rejects.toMatchObject({ code: 'kolada-shape', message: expect.stringMatching(/"values" saknas/) });
    await expect(fetchKpiData('N00914', ['0018'], [2020], { baseUrl: `${origin()}/badvalue` })).rejects.toMatchObject({ code: 'kolada-shape', message: expect.stringMatching(/gender: "X" är inte T/) });
  });

  it('does not follow a next page to another host, and refuses rows that were not asked for', async () => {
    await expect(fetchKpiData('N00914', ['0006', '0018'], [2019, 2020, 2021], { baseUrl: `${origin()}/offsite` })).rejects.toThrow(/annan server \(elsewhere\.example\)/);
    await expect(fetchKpiData('N00914', ['0018'], [2020, 2021], { baseUrl: `${origin()}/extra` })).rejects.toMatchObject({ code: 'kolada-shape', message: expect.stringMatching(/område 0006, som inte efterfrågades/) });
    await expect(fetchKpiData('N00914', ['0006', '0018'], [2019, 2020, 2021], { baseUrl: server.baseUrl, maxPages: 1 })).rejects.toThrow(/fler än 1 sidor/);
  });

  it('reads an empty answer as no values, and a v3 next_url like v2 next_page', async () => {
    expect((await fetchKpiData('N00914', ['0018'], [2020], { baseUrl: `${origin()}/empty` })).values).toEqual([]);
    const p = parseDataPage('{"count":1,"next_url":"https://api.kolada.se/v3/data/kpi/N00914?page=2","values":[{"kpi":"N00914","municipality":"0018","period":2020,"values":[{"gender":"T","count":1,"status":"","value":98765432109876543}]}]}');
    expect(p.next).toBe('https://api.kolada.se/v3/data/kpi/N00914?page=2');
    expect(p.values[0]!.value).toBe('98765432109876543');
    expect(() => parseDataPage('not json')).toThrow(/inte JSON/);
  });
});
