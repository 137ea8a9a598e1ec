/** Indicator series: import from Kolada files, targets, and the series with their evaluation. */
import type {
  CreateSeriesInput, ImportInput, ImportResult, IndicatorKpi, KoladaFetchInput, KoladaFetchResult, SeriesSummary, SeriesUpdate, SeriesView, SetValueInput,
} from './contract.ts';
export type {
  CreateSeriesInput, ImportInput, ImportResult, IndicatorKpi, KoladaFetchInput, KoladaFetchResult, SeriesSummary, SeriesUpdate, SeriesView, SetValueInput,
} from './contract.ts';
import type { Executor } from '../db/index.ts';
import { executorOf } from '../db/index.ts';
import { todayInStockholm } from '../kernel/dates.ts';
import { canonicalDecimal } from './decimal.ts';
import { fetchKpiData, koladaBaseUrl, type KoladaOptions } from './kolada.ts';
import { createHash } from 'node:crypto';
import { assertVersion } from '../kernel/version.ts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { audit, type Db } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { authorize, type Actor } from '../access/model.ts';
import {
  area,
  comparePeriods,
  COMPARISON_COUNTIES,
  DIRECTION_LABEL,
  evaluate,
  GENDERS,
  isKoladaId,
  parseKolada,
  parsePeriod,
  trendOf,
  validateLocalId,
  REGION,
  validateTarget,
  type Area,
  type Evaluation,
  type Gender,
  type KpiValue,
  type Target,
  type TargetKind,
} from './model.ts';
import * as store from './store.ts';
import { constructedKpis } from './constructed.ts';
import { seriesListSheet, seriesSheets } from './export.ts';
import { xlsx } from '../kernel/xlsx.ts';

type SeriesRow = NonNullable<Awaited<ReturnType<typeof store.findSeries>>>;




const targetOf = (r: SeriesRow): Target => ({
  kind: r.target_kind,
  direction: r.direction,
  baselineYear: r.baseline_year,
  value: r.target_value,
  group: r.target_group,
});

export function targetLabel(t: Target): string {
  if (t.kind === 'none') return t.direction ? `${DIRECTION_LABEL[t.direction]}, inget mål satt` : 'inget mål satt';
  const dir = DIRECTION_LABEL[t.direction!];
  if (t.kind === 'fixed') return `${dir}: ${t.direction === 'increase' ? 'minst' : 'högst'} ${t.value!.replace('.', ',')}`;
  if (t.kind === 'baseline') return `${dir} jämfört med ${t.baselineYear}`;
  return `${dir}: ${t.direction === 'increase' ? 'högre' : 'lägre'} än medel för ${t.group.map((g) => area(g).name).join(', ')}`;
}

function summary(r: SeriesRow, values: SeriesView['values'], constructed: ReadonlySet<string>): SeriesSummary {
  const target = targetOf(r);
  const fetched = values.map((v) => v.fetchedAt).filter((f): f is string => f !== null).sort();
  const total = evaluate(values, target).filter((e) => e.gender === 'T' && e.value !== null);
  return {
    id: r.id,
    kpiId: r.kpi_id,
    title: r.title,
    description: r.description,
    unit: r.unit,
    indicatorRef: r.indicator_ref,
    target: { ...target, label: targetLabel(target) },
    version: r.version,
    latest: total.at(-1) ?? null,
    // constructed while any of the demo file's values is still there (a value fetched from Kolada replaces one)
    constructed: constructed.has(r.kpi_id) && values.some((v) => v.constructed),
    source: r.source,
    lastFetchedAt: fetched.at(-1) ?? null,
  };
}

const toValue = (v: Awaited<ReturnType<typeof store.valuesOf>>[number], constructed: ReadonlySet<string>, kpiId: string): SeriesView['values'][number] => ({
  area: v.area,
  period: v.period,
  gender: v.gender,
  value: v.value,
  count: v.count,
  status: v.status,
  source: v.source,
  fetchedAt: v.fetched_at ? new Date(v.fetched_at).toISOString() : null,
  constructed: constructed.has(kpiId) && v.source === 'file',
});

export async function listSeries(db: Db): Promise<SeriesSummary[]> {
  const rows = await store.listSeries(db.kysely);
  const values = await store.valuesOf(db.kysely, rows.map((r) => r.id));
  const constructed = await constructedKpis(db.kysely);
  return rows.map((r) => summary(r, values.filter((v) => v.series_id === r.id).map((v) => toValue(v, constructed, r.kpi_id)), constructed));
}

export async function getSeries(db: Db | Executor, id: number): Promise<SeriesView> {
  const ex = executorOf(db);
  const r = await store.findSeries(ex, id);
  if (!r) throw notFound('Nyckeltalsserien', id);
  const constructed = await constructedKpis(ex);
  const values = (await store.valuesOf(ex, [id])).map((v) => toValue(v, constructed, r.kpi_id));
  const codes = [...new Set(values.map((v) => v.area))];
  const order = (a: Area) => (a.code === REGION ? 0 : (COMPARISON_COUNTIES as readonly string[]).includes(a.code) ? 1 : a.kind === 'municipality' ? 2 : 3);
  const areas = codes.map(area).sort((a, b) => order(a) - order(b) || a.code.localeCompare(b.code));
  return {
    ...summary(r, values, constructed),
    region: REGION,
    areas,
    periods: [...new Set(values.map((v) => v.period))].sort(comparePeriods),
    genders: GENDERS.filter((g) => values.some((v) => v.gender === g)),
    values,
    evaluation: evaluate(values, targetOf(r)),
  };
}


/** One series as an Excel workbook (kpi/export.ts). */
export async function seriesXlsx(db: Db, id: number): Promise<Buffer> {
  return xlsx(seriesSheets(await getSeries(db, id)));
}

/** All series with their latest value as an Excel workbook. */
export async function seriesListXlsx(db: Db): Promise<Buffer> {
  return xlsx([seriesListSheet(await listSeries(db))]);
}

const trimOrNull = (s: string | null | undefined, what: string, max: number) => {
  const t = s?.trim();
  if (t && t.length > max) throw new DomainError('text-too-long', `${what} får vara högst ${max} tecken.`);
  return t || null;
};

/**
 * Reads a saved Kolada API response (data or KPI metadata). One file is one
 * transaction; the same file twice changes nothing.
 */
export async function importKolada(db: Db, actor: Actor, input: ImportInput): Promise<ImportResult> {
  authorize(actor, 'kpi.edit');
  const fileName = trimOrNull(input.fileName, 'Filnamnet', 255) ?? 'kolada.json';
  const title = trimOrNull(input.title, 'Rubriken', 300);
  const unit = trimOrNull(input.unit, 'Enheten', 50);
  const indicatorRef = trimOrNull(input.indicatorRef, 'Styrtalet', 300);
  const parsed = parseKolada(input.json);
  const sha256 = createHash('sha256').update(input.json, 'utf8').digest('hex');
  const kpiIds = parsed.kind === 'data' ? [...new Set(parsed.values.map((v) => v.kpi))] : parsed.kpis.map((k) => k.id);
  if ((title || unit) && kpiIds.length > 1) {
    throw new DomainError('title-for-many', `Filen innehåller ${kpiIds.length} nyckeltal (${kpiIds.slice(0, 5).join(', ')}); rubrik och enhet anges per serie efter inläsningen.`);
  }
  return db.tx(async (trx) => {
    await store.lockSeries(trx);
    const rows = parsed.kind === 'data' ? parsed.values.length : parsed.kpis.length;
    const series: ImportResult['series'] = [];
    if (await store.findImport(trx, sha256)) {
      for (const k of kpiIds) {
        const s = await store.findSeriesByKpi(trx, k);
        if (s) series.push({ id: s.id, kpiId: s.kpi_id, title: s.title });
      }
      return { created: false, kind: parsed.kind, rows, series };
    }
    const ensure = async (kpiId: string, meta: { title: string; description: string | null } | null) => {
      const existing = await store.findSeriesByKpi(trx, kpiId);
      if (!existing) {
        return store.insertSeries(trx, {
          kpi_id: kpiId, title: meta?.title ?? title ?? `Nyckeltal ${kpiId}`, description: meta?.description ?? null, unit, indicator_ref: indicatorRef, updated_by: actor.id,
        });
      }
      const change: Parameters<typeof store.updateSeries>[2] = {};
      if (meta && (meta.title !== existing.title || meta.description !== existing.description)) Object.assign(change, { title: meta.title, description: meta.description });
      if (title && title !== existing.title) change.title = title;
      if (unit && unit !== existing.unit) change.unit = unit;
      if (indicatorRef && indicatorRef !== existing.indicator_ref) change.indicator_ref = indicatorRef;
      return Object.keys(change).length ? store.updateSeries(trx, existing.id, change, actor.id) : existing;
    };
    let changed = 0;
    if (parsed.kind === 'kpi') {
      for (const k of parsed.kpis) {
        const s = await ensure(k.id, k);
        series.push({ id: s.id, kpiId: s.kpi_id, title: s.title });
      }
    } else {
      const byKpi = new Map<string, KpiValue[]>();
      for (const v of parsed.values) {
        const list = byKpi.get(v.kpi);
        if (list) list.push(v);
        else byKpi.set(v.kpi, [v]);
      }
      for (const [kpiId, values] of byKpi) {
        const s = await ensure(kpiId, null);
        changed += await store.upsertValues(trx, s.id, values);
        series.push({ id: s.id, kpiId: s.kpi_id, title: s.title });
      }
    }
    await store.recordImport(trx, { sha256, file_name: fileName, kind: parsed.kind, rows, imported_by: actor.id });
    await audit(trx, { actor: actor.id, action: 'kpi.import', entity: 'kpi_import', entityId: sha256, after: { fileName, kind: parsed.kind, rows, changed, kpis: kpiIds } });
    return { created: true, kind: parsed.kind, rows, series };
  });
}

/** Reads a Kolada file placed on disk (no network is used). */
export async function importKoladaFile(db: Db, actor: Actor, file: string, extra: Omit<ImportInput, 'fileName' | 'json'> = {}): Promise<ImportResult> {
  let json: string;
  try {
    json = await readFile(file, 'utf8');
  } catch {
    throw new DomainError('file-missing', `Filen ${path.basename(file)} kunde inte läsas.`, { status: 404 });
  }
  return importKolada(db, actor, { ...extra, fileName: path.basename(file), json });
}


/** Changes a series' title, link to a styrtal and target; refused when based on an old version. */
export async function updateSeries(db: Db, actor: Actor, id: number, input: SeriesUpdate): Promise<SeriesView> {
  authorize(actor, 'kpi.edit');
  const title = trimOrNull(input.title, 'Rubriken', 300);
  if (!title) throw new DomainError('title-required', 'Ange seriens rubrik.');
  const target = validateTarget({ ...input.target, direction: input.target.direction ?? null });
  await db.tx(async (trx) => {
    await store.lockSeries(trx);
    const before = await store.findSeries(trx, id);
    if (!before) throw notFound('Nyckeltalsserien', id);
    assertVersion(before.version, input.version, `Serien ${before.kpi_id}`, before.updated_by);
    const after = await store.updateSeries(
      trx,
      id,
      {
        title,
        description: input.description === undefined ? before.description : trimOrNull(input.description, 'Beskrivningen', 5000),
        unit: input.unit === undefined ? before.unit : trimOrNull(input.unit, 'Enheten', 50),
        indicator_ref: input.indicatorRef === undefined ? before.indicator_ref : trimOrNull(input.indicatorRef, 'Styrtalet', 300),
        target_kind: target.kind,
        direction: target.direction,
        baseline_year: target.baselineYear,
        target_value: target.value,
        target_group: target.group,
      },
      actor.id,
    );
    await audit(trx, { actor: actor.id, action: 'kpi.series', entity: 'kpi_series', entityId: id, before, after });
  });
  return getSeries(db, id);
}

// ------------------------------------------------ styrtal links, Kolada's API, own measures (issue 17.3)

/** A series exists (for a styrtal's link, checked inside the caller's transaction); its KPI id. */
export async function seriesRef(ex: Db | Executor, id: number): Promise<{ id: number; kpiId: string; title: string }> {
  const r = await store.findSeries(executorOf(ex), id);
  if (!r) throw new DomainError('unknown-series', `Nyckeltalsserie ${id} finns inte.`, { status: 422 });
  return { id: r.id, kpiId: r.kpi_id, title: r.title };
}

/** The series (id, KPI id, free-text styrtal link) for mapping old links by text (model.ts namesIndicator). */
export async function seriesForLinking(ex: Db | Executor): Promise<Array<{ id: number; kpiId: string; indicatorRef: string | null }>> {
  return (await store.listSeries(executorOf(ex))).map((r) => ({ id: r.id, kpiId: r.kpi_id, indicatorRef: r.indicator_ref })).sort((a, b) => a.id - b.id);
}

/** What each styrtal shows of its series: latest value, trend, target (IndicatorKpi), by series id. */
export async function indicatorKpis(db: Db | Executor, ids: readonly number[]): Promise<Map<number, IndicatorKpi>> {
  const ex = executorOf(db);
  const unique = [...new Set(ids)];
  const out = new Map<number, IndicatorKpi>();
  if (!unique.length) return out;
  const rows = await store.seriesByIds(ex, unique);
  const all = await store.valuesOf(ex, unique);
  const constructed = await constructedKpis(ex);
  for (const r of rows) {
    const values = all.filter((v) => v.series_id === r.id).map((v) => toValue(v, constructed, r.kpi_id));
    const target = targetOf(r);
    const t = trendOf(values, target.direction);
    const latestRow = t.latest ? values.find((v) => v.area === REGION && v.gender === 'T' && v.period === t.latest!.period)! : null;
    const judged = t.latest ? evaluate(values, target).find((e) => e.gender === 'T' && e.period === t.latest!.period) : undefined;
    out.set(r.id, {
      seriesId: r.id,
      kpiId: r.kpi_id,
      source: r.source,
      title: r.title,
      unit: r.unit,
      latest: t.latest && latestRow ? { ...t.latest, source: latestRow.source, fetchedAt: latestRow.fetchedAt, constructed: latestRow.constructed } : null,
      previous: t.previous,
      trend: t.trend,
      trendGood: t.good,
      direction: target.direction,
      target: { ...target, label: targetLabel(target) },
      met: judged?.met ?? null,
      reference: judged?.reference ?? null,
      constructed: values.some((v) => v.constructed),
    });
  }
  return out;
}

/** Adds a series without values: a Kolada KPI to fetch, or one of the committee's own measures. */
export async function createSeries(db: Db, actor: Actor, input: CreateSeriesInput): Promise<SeriesView> {
  authorize(actor, 'kpi.edit');
  const title = trimOrNull(input.title, 'Rubriken', 300);
  if (!title) throw new DomainError('title-required', 'Ange seriens rubrik.');
  const unit = trimOrNull(input.unit, 'Enheten', 50);
  let kpiId: string;
  if (input.source === 'kolada') {
    kpiId = String(input.kpiId ?? '').trim().toUpperCase();
    if (!isKoladaId(kpiId)) throw new DomainError('kolada-invalid-kpi', `"${kpiId.slice(0, 20)}" är inget nyckeltals-id i Kolada (en bokstav och fem siffror, t.ex. N00914).`);
  } else kpiId = validateLocalId(input.kpiId);
  const id = await db.tx(async (trx) => {
    await store.lockSeries(trx);
    const existing = await store.findSeriesByKpi(trx, kpiId);
    if (existing) throw new DomainError('series-exists', `Det finns redan en serie ${kpiId} (${existing.title}).`, { status: 409 });
    const s = await store.insertSeries(trx, { kpi_id: kpiId, title, description: null, unit, indicator_ref: null, updated_by: actor.id, source: input.source });
    await audit(trx, { actor: actor.id, action: 'kpi.series.add', entity: 'kpi_series', entityId: s.id, after: s });
    return s.id;
  });
  return getSeries(db, id);
}

export interface FetchOptions extends Partial<KoladaOptions> {
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

/**
 * "Hämta från Kolada": the series' values for the region, its comparison
 * group and the areas it already has, the years asked for (default the ten
 * years up to this one), every gender Kolada gives (T = totalt). Fetched in
 * full before anything is written; then one transaction stores them marked
 * 'kolada' with the fetch time, and the audit entry says what changed.
 */
export async function fetchFromKolada(db: Db, actor: Actor, id: number, input: KoladaFetchInput = {}, opts: FetchOptions = {}): Promise<KoladaFetchResult> {
  authorize(actor, 'kpi.edit');
  const r = await store.findSeries(db.kysely, id);
  if (!r) throw notFound('Nyckeltalsserien', id);
  if (r.source !== 'kolada') throw new DomainError('series-not-kolada', `${r.kpi_id} är nämndens eget mått och finns inte i Kolada; ange värdena för hand.`, { status: 422 });
  const now = opts.now ?? new Date();
  const thisYear = Number(todayInStockholm(now).slice(0, 4));
  const toYear = input.toYear ?? thisYear;
  const fromYear = input.fromYear ?? toYear - 9;
  if (fromYear > toYear) throw new DomainError('invalid-year-range', `Från år ${fromYear} är senare än till år ${toYear}.`);
  if (toYear - fromYear > 29) throw new DomainError('invalid-year-range', 'Hämta högst 30 år åt gången.');
  const years = Array.from({ length: toYear - fromYear + 1 }, (_, k) => fromYear + k);
  const before = await store.valuesOf(db.kysely, [id]);
  const target = targetOf(r);
  const areas = [...new Set([REGION, ...(target.kind === 'comparison' ? target.group : []), ...before.map((v) => v.area)])].sort();
  const data = await fetchKpiData(r.kpi_id, areas, years, { baseUrl: opts.baseUrl ?? koladaBaseUrl(opts.env), timeoutMs: opts.timeoutMs, maxPages: opts.maxPages, maxBytes: opts.maxBytes });
  if (!data.values.length) {
    throw new DomainError('kolada-empty', `Kolada har inga värden för ${r.kpi_id} för ${areas.join(', ')} åren ${fromYear}–${toYear}. Inget har ändrats.`, { status: 422 });
  }
  const old = new Map(before.map((v) => [`${v.area}|${v.period}|${v.gender}`, v]));
  let added = 0;
  let changed = 0;
  for (const v of data.values) {
    const o = old.get(`${v.area}|${v.period}|${v.gender}`);
    if (!o) added++;
    else if (o.value !== v.value || o.count !== v.count || o.status !== v.status) changed++;
  }
  const fetchedAt = now;
  await db.tx(async (trx) => {
    await store.lockSeries(trx);
    await store.upsertValues(trx, id, data.values, { source: 'kolada', fetchedAt });
    await store.touchSeries(trx, id, actor.id);
    await audit(trx, {
      actor: actor.id, action: 'kpi.kolada', entity: 'kpi_series', entityId: id,
      after: { kpiId: r.kpi_id, url: data.url, pages: data.pages, fetched: data.values.length, added, changed, years: [fromYear, toYear], areas },
    });
  });
  return {
    url: data.url, pages: data.pages, fetched: data.values.length, added, changed, unchanged: data.values.length - added - changed,
    fetchedAt: fetchedAt.toISOString(), series: await getSeries(db, id),
  };
}

/** One value of an own measure for the region (total), entered by hand; null removes it. Names the series' version. */
export async function setValue(db: Db, actor: Actor, id: number, input: SetValueInput): Promise<SeriesView> {
  authorize(actor, 'kpi.edit');
  const period = String(input.period ?? '').trim();
  parsePeriod(period);
  const raw = input.value == null ? '' : String(input.value).replace(/[\s\u00a0]+/g, '').replace(/^[−–]/, '-').replace(',', '.');
  if (raw && !/^-?\d+(\.\d+)?$/.test(raw)) throw new DomainError('invalid-decimal', `Värdet "${String(input.value).slice(0, 30)}" är inte ett tal; skriv t.ex. 6,5.`);
  const value = raw ? canonicalDecimal(raw) : null;
  await db.tx(async (trx) => {
    await store.lockSeries(trx);
    const s = await store.findSeries(trx, id);
    if (!s) throw notFound('Nyckeltalsserien', id);
    if (s.source !== 'local') throw new DomainError('series-not-local', `${s.kpi_id} hämtas från Kolada; värden anges för hand bara för nämndens egna mått.`, { status: 422 });
    assertVersion(s.version, input.version, `Serien ${s.kpi_id}`, s.updated_by);
    const old = (await store.valuesOf(trx, [id])).find((v) => v.area === REGION && v.period === period && v.gender === 'T') ?? null;
    if (value === null) await store.deleteValue(trx, id, REGION, period, 'T');
    else await store.upsertValues(trx, id, [{ kpi: s.kpi_id, area: REGION, period, gender: 'T', value, count: null, status: null }], { source: 'manual', fetchedAt: null });
    await store.touchSeries(trx, id, actor.id);
    await audit(trx, { actor: actor.id, action: 'kpi.value', entity: 'kpi_series', entityId: id, before: old ? { period, value: old.value } : null, after: { period, value } });
  });
  return getSeries(db, id);
}
