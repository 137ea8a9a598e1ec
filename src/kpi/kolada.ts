/**
 * A client for Kolada's public API (issue 17.3): the data of one KPI for some
 * areas and years, `GET {base}/data/kpi/{kpi}/municipality/{ids}/year/{years}`,
 * answering `{ count, values: [{ kpi, municipality, period, values: [{ gender,
 * count, status, value }] }], next_page? }` (v2; v3 names the next page
 * `next_url`). Regions are municipality ids too (0018 Region Örebro län).
 *
 * The base URL is KOLADA_URL (default https://api.kolada.se/v2). Every request
 * has a timeout; pages are followed while they stay on the base URL's origin,
 * up to a bound. Values are read with the same exact reader as saved files
 * (model.ts `parseKolada`), so nothing passes through a binary float.
 * Failures are DomainErrors in Swedish: unreachable, too slow, an HTTP error,
 * or an answer not of the shape above. Tests run it against a local server
 * serving test/fixtures/kolada/api/ — never online.
 */
import { DomainError } from '../kernel/errors.ts';
import { isObject, parseJsonExact } from './json.ts';
import { isKoladaId, parseKolada, type KpiValue } from './model.ts';

export const KOLADA_DEFAULT_URL = 'https://api.kolada.se/v2';

export interface KoladaOptions {
  baseUrl: string;
  /** Per request, default 15 s. */
  timeoutMs?: number;
  /** Pages followed at most, default 20 (5 000 rows each). */
  maxPages?: number;
  /** A response body larger than this is refused, default 20 MB. */
  maxBytes?: number;
}

export interface KoladaData {
  values: KpiValue[];
  pages: number;
  url: string;
}

/** KOLADA_URL or the public API; refused in Swedish when it is not an http(s) URL. */
export function koladaBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.KOLADA_URL?.trim() || KOLADA_DEFAULT_URL;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new DomainError('kolada-url-invalid', `KOLADA_URL "${raw.slice(0, 80)}" är ingen giltig adress (t.ex. https://api.kolada.se/v2).`, { status: 500 });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new DomainError('kolada-url-invalid', `KOLADA_URL ska börja med https:// eller http://, inte ${u.protocol}`, { status: 500 });
  return raw.replace(/\/+$/, '');
}

/** The data URL for one KPI, some areas and years (the API's comma lists). */
export function dataUrl(baseUrl: string, kpi: string, areas: readonly string[], years: readonly number[]): string {
  if (!isKoladaId(kpi)) throw new DomainError('kolada-invalid-kpi', `"${kpi.slice(0, 20)}" är inget nyckeltals-id i Kolada (t.ex. N00914).`);
  if (!areas.length || areas.some((a) => !/^\d{4}$/.test(a))) throw new DomainError('invalid-area', 'Områdena ska vara kommun- eller regionkoder med fyra siffror (t.ex. 0018).');
  if (!years.length || years.some((y) => !Number.isInteger(y) || y < 1900 || y > 2100)) throw new DomainError('invalid-year', 'Åren ska vara mellan 1900 och 2100.');
  return `${baseUrl.replace(/\/+$/, '')}/data/kpi/${kpi}/municipality/${[...new Set(areas)].join(',')}/year/${[...new Set(years)].sort().join(',')}`;
}

const shapeError = (detail: string) =>
  new DomainError('kolada-shape', `Koladas svar har inte den väntade formen: ${detail.replace(/^Kolada-filen: /, '')} Inget har sparats.`, { status: 502 });

async function getPage(url: string, timeoutMs: number, maxBytes: number): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError') {
      throw new DomainError('kolada-timeout', `Kolada svarade inte inom ${Math.round(timeoutMs / 1000)} sekunder. Försök igen senare; inget har sparats.`, { status: 504 });
    }
    const why = err.cause?.code ? ` (${err.cause.code})` : '';
    throw new DomainError('kolada-unreachable', `Kolada kunde inte nås på ${new URL(url).host}${why}. Kontrollera nätverket eller KOLADA_URL och försök igen; inget har sparats.`, { status: 502 });
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    throw new DomainError('kolada-http', `Kolada svarade med status ${res.status}${res.statusText ? ` (${res.statusText})` : ''}. Inget har sparats.`, { status: 502 });
  }
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw shapeError(`svaret är för stort (${Math.round(length / 1024 / 1024)} MB).`);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (e) {
    const err = e as Error;
    if (err.name === 'TimeoutError' || err.name === 'AbortError') {
      throw new DomainError('kolada-timeout', `Kolada svarade inte inom ${Math.round(timeoutMs / 1000)} sekunder. Försök igen senare; inget har sparats.`, { status: 504 });
    }
    throw new DomainError('kolada-unreachable', `Svaret från Kolada bröts innan det var helt. Försök igen; inget har sparats.`, { status: 502 });
  }
  if (text.length > maxBytes) throw shapeError('svaret är för stort.');
  return text;
}

/** Reads one page: its values (exact decimals) and the next page's URL, if any. */
export function parseDataPage(text: string, maxBytes = 20 * 1024 * 1024): { values: KpiValue[]; next: string | null } {
  let root;
  try {
    root = parseJsonExact(text, { maxBytes, maxDepth: 32, maxNodes: 2_000_000 });
  } catch (e) {
    throw shapeError(`det är inte JSON (${(e as Error).message})`);
  }
  if (!isObject(root) || !Array.isArray(root.values)) throw shapeError('fältet "values" saknas.');
  const nextRaw = root.next_page ?? root.next_url ?? null;
  if (nextRaw !== null && typeof nextRaw !== 'string') throw shapeError('"next_page" ska vara en adress.');
  const next = nextRaw ? nextRaw : null;
  if (!root.values.length) return { values: [], next };
  let parsed;
  try {
    parsed = parseKolada(text, { maxBytes, maxDepth: 32, maxNodes: 2_000_000 });
  } catch (e) {
    throw shapeError((e as Error).message);
  }
  if (parsed.kind !== 'data') throw shapeError('svaret beskriver nyckeltal men innehåller inga värden.');
  return { values: parsed.values, next };
}

/**
 * The values of `kpi` for `areas` and `years`, all pages. Only what was asked
 * for is accepted: a row for another KPI or area makes the answer wrong.
 */
export async function fetchKpiData(kpi: string, areas: readonly string[], years: readonly number[], opts: KoladaOptions): Promise<KoladaData> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const maxPages = opts.maxPages ?? 20;
  const maxBytes = opts.maxBytes ?? 20 * 1024 * 1024;
  const first = dataUrl(opts.baseUrl, kpi, areas, years);
  const origin = new URL(first).origin;
  const wanted = new Set(areas);
  const values: KpiValue[] = [];
  const seen = new Set<string>();
  let url: string | null = first;
  let pages = 0;
  while (url) {
    if (++pages > maxPages) throw shapeError(`fler än ${maxPages} sidor.`);
    const page = parseDataPage(await getPage(url, timeoutMs, maxBytes), maxBytes);
    for (const v of page.values) {
      if (v.kpi !== kpi) throw shapeError(`svaret innehåller ${v.kpi}, men ${kpi} efterfrågades.`);
      if (!wanted.has(v.area)) throw shapeError(`svaret innehåller område ${v.area}, som inte efterfrågades.`);
      const key = `${v.area}|${v.period}|${v.gender}`;
      if (seen.has(key)) continue; // the same row on two pages
      seen.add(key);
      values.push(v);
    }
    if (page.next) {
      let next: URL;
      try {
        next = new URL(page.next, url);
      } catch {
        throw shapeError('"next_page" är ingen giltig adress.');
      }
      if (next.origin !== origin) throw shapeError(`nästa sida ligger på en annan server (${next.host}).`);
      if (next.href === url) throw shapeError('nästa sida är samma sida.');
      url = next.href;
    } else url = null;
  }
  return { values, pages, url: first };
}
