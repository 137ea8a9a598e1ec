/**
 * A local stand-in for Kolada's API (issue 17.3): serves the recorded-shape
 * responses in test/fixtures/kolada/api/ on 127.0.0.1, so the client is
 * tested without going online. The absolute https://api.kolada.se/v2 in the
 * files' next_page is rewritten to this server. Extra paths misbehave on
 * purpose: /slow never answers, /broken answers 500, /shape answers JSON of
 * another shape, /badvalue a gender that is not one, /offsite pages to
 * another host, /extra has a row for an area not asked for, /empty no values.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/kolada/api');

export interface KoladaServer {
  /** e.g. http://127.0.0.1:41234/v2 — what KOLADA_URL would be. */
  baseUrl: string;
  requests: string[];
  close(): Promise<void>;
}

interface Row {
  kpi: string;
  municipality: string;
  period: number;
  values: unknown[];
}

/** The recorded rows (both pages of the fixture), in their order. */
function recordedRows(): Row[] {
  return [1, 2].flatMap((n) => (JSON.parse(readFileSync(path.join(DIR, `N00914-page${n}.json`), 'utf8')) as { values: Row[] }).values);
}

/**
 * Answers /v2/data/kpi/N00914/municipality/{ids}/year/{years} as the API
 * does: the recorded rows for those areas and years, PER_PAGE to a page with
 * an absolute next_page. For the fixture's own request (0006,0018 and
 * 2019–2021) that is exactly the two recorded pages.
 */
const PER_PAGE = 4;

export async function startKoladaServer(): Promise<KoladaServer> {
  const requests: string[] = [];
  let base = '';
  const page = (n: 1 | 2) => readFileSync(path.join(DIR, `N00914-page${n}.json`), 'utf8').replaceAll('https://api.kolada.se/v2', base);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url.pathname + url.search);
    const json = (status: number, body: string) => res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(body);
    if (url.pathname.startsWith('/slow/')) return; // never answers: the client's timeout must fire
    if (url.pathname.startsWith('/broken/')) return json(500, '{"error":"internal"}');
    if (url.pathname.startsWith('/shape/')) return json(200, '{"rows":[{"kpi":"N00914"}]}');
    if (url.pathname.startsWith('/badvalue/')) return json(200, '{"count":1,"values":[{"kpi":"N00914","municipality":"0018","period":2020,"values":[{"gender":"X","value":1}]}]}');
    if (url.pathname.startsWith('/offsite/')) return json(200, page(1).replaceAll(base, 'https://elsewhere.example/v2'));
    if (url.pathname.startsWith('/extra/')) return json(200, page(2).replace('"municipality": "0018"', '"municipality": "0006"'));
    if (url.pathname.startsWith('/empty/')) return json(200, '{"count":0,"values":[]}');
    const m = /^\/v2\/data\/kpi\/N00914\/municipality\/([0-9,]+)\/year\/([0-9,]+)$/.exec(url.pathname);
    if (!m) return json(404, '{"error":"not found"}');
    const areas = new Set(m[1]!.split(','));
    const years = new Set(m[2]!.split(',').map(Number));
    const rows = recordedRows().filter((r) => areas.has(r.municipality) && years.has(r.period));
    const n = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const slice = rows.slice((n - 1) * PER_PAGE, n * PER_PAGE);
    const more = rows.length > n * PER_PAGE;
    const body: Record<string, unknown> = { count: slice.length };
    if (more) body.next_page = `${base}${url.pathname.slice(3)}?page=${n + 1}&per_page=${PER_PAGE}`;
    if (n > 1) body.previous_page = `${base}${url.pathname.slice(3)}?page=${n - 1}&per_page=${PER_PAGE}`;
    body.values = slice;
    return json(200, JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}/v2`;
  return {
    baseUrl: base,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
