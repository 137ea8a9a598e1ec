/** Indicator series: import from Kolada files, targets, and the series with their evaluation. */
import type { ImportInput, ImportResult, SeriesSummary, SeriesUpdate, SeriesView } from './contract.ts';
export type { ImportInput, ImportResult, SeriesSummary, SeriesUpdate, SeriesView } from './contract.ts';
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
  parseKolada,
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
    constructed: constructed.has(r.kpi_id),
  };
}

const toValue = (v: Awaited<ReturnType<typeof store.valuesOf>>[number]): SeriesView['values'][number] => ({
  area: v.area,
  period: v.period,
  gender: v.gender,
  value: v.value,
  count: v.count,
  status: v.status,
});

export async function listSeries(db: Db): Promise<SeriesSummary[]> {
  const rows = await store.listSeries(db.kysely);
  const values = await store.valuesOf(db.kysely, rows.map((r) => r.id));
  const constructed = await constructedKpis(db.kysely);
  return rows.map((r) => summary(r, values.filter((v) => v.series_id === r.id).map(toValue), constructed));
}

export async function getSeries(db: Db, id: number): Promise<SeriesView> {
  const r = await store.findSeries(db.kysely, id);
  if (!r) throw notFound('Nyckeltalsserien', id);
  const values = (await store.valuesOf(db.kysely, [id])).map(toValue);
  const codes = [...new Set(values.map((v) => v.area))];
  const order = (a: Area) => (a.code === REGION ? 0 : (COMPARISON_COUNTIES as readonly string[]).includes(a.code) ? 1 : a.kind === 'municipality' ? 2 : 3);
  const areas = codes.map(area).sort((a, b) => order(a) - order(b) || a.code.localeCompare(b.code));
  return {
    ...summary(r, values, await constructedKpis(db.kysely)),
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
