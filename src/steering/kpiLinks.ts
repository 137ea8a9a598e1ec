/**
 * A styrtal's indicator series (issue 17.3, migration 052): the link by key
 * (business_plan_item.kpi_series_id → kpi_series), set in the plan editor or,
 * for an adopted plan, on its own (which series measures a styrtal is
 * follow-up administration, not what the body adopted); and what a styrtal
 * shows of its series in the plan, the report and their exports (latest
 * value, trend, target: kpi/service.ts `indicatorKpis`).
 */
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { authorize, type Actor } from '../access/model.ts';
import * as kpi from '../kpi/service.ts';
import { namesIndicator, type Direction } from '../kpi/model.ts';
import { KIND_LABEL, type ItemKind, type TargetRule } from './model.ts';
import * as store from './store.ts';

export interface KpiLinkFields {
  /** The styrtal's series (kpi/), null when none is linked. */
  kpiSeriesId?: number | null;
  /** Its latest value, trend and target; null when no series is linked. */
  kpi?: kpi.IndicatorKpi | null;
}

interface Node extends KpiLinkFields {
  id: number;
  kind: ItemKind;
  target: TargetRule | null;
  children: Node[];
}

/**
 * Fills in `kpiSeriesId` and `kpi` on every styrtal of a plan's tree (in place).
 * When the series has no direction, the trend is judged by the styrtal's own
 * wording ("ska öka" / "ska minska").
 */
export async function attachKpis<T extends Node>(db: Db | Executor, planId: number, items: T[]): Promise<T[]> {
  const ex = executorOf(db);
  const links = await store.kpiLinksOf(ex, planId);
  const views = await kpi.indicatorKpis(ex, [...links.values()]);
  const walk = (xs: Node[]) => {
    for (const i of xs) {
      if (i.kind === 'indicator') {
        const id = links.get(i.id) ?? null;
        i.kpiSeriesId = id;
        const v = id === null ? null : (views.get(id) ?? null);
        i.kpi = v && !v.direction ? withItemDirection(v, i.target) : v;
      }
      walk(i.children);
    }
  };
  walk(items);
  return items;
}

function withItemDirection(v: kpi.IndicatorKpi, rule: TargetRule | null): kpi.IndicatorKpi {
  const d = rule?.direction;
  const direction: Direction | null = d === 'increase' || d === 'decrease' ? d : null;
  if (!direction || !v.trend || v.trend === 'flat') return v;
  return { ...v, direction, trendGood: (v.trend === 'up') === (direction === 'increase') };
}

/**
 * Sets the link of one styrtal inside the caller's transaction (the plan is
 * locked by the caller); audited when it changes. Only a styrtal has a series.
 */
export async function setKpiLink(trx: Executor, actor: Actor, item: { id: number; kind: ItemKind }, seriesId: number | null): Promise<void> {
  if (seriesId !== null && item.kind !== 'indicator') {
    throw new DomainError('kpi-only-indicator', `Bara ett styrtal kan kopplas till en nyckeltalsserie, inte ${KIND_LABEL[item.kind].toLowerCase()}.`, { status: 422 });
  }
  const before = (await store.kpiLinkOf(trx, item.id)) ?? null;
  if (before === seriesId) return;
  const series = seriesId === null ? null : await kpi.seriesRef(trx, seriesId);
  await store.setKpiLink(trx, item.id, seriesId, actor.id);
  await audit(trx, {
    actor: actor.id, action: 'plan.item.kpi', entity: 'business_plan_item', entityId: item.id,
    before: { kpiSeriesId: before }, after: { kpiSeriesId: seriesId, kpiId: series?.kpiId ?? null },
  });
}

/**
 * The link of a styrtal in any plan, draft or adopted; names the item's
 * version (409 when stale) and bumps it.
 */
export async function linkSeries(db: Db, actor: Actor, itemId: number, input: { kpiSeriesId: number | null; version: number }): Promise<{ itemId: number; version: number; kpiSeriesId: number | null; kpi: kpi.IndicatorKpi | null }> {
  authorize(actor, 'plan.edit');
  return db.tx(async (trx) => {
    const item = await store.findItem(trx, itemId);
    if (!item) throw notFound('Posten', itemId);
    const plan = await store.findPlan(trx, item.plan_id);
    if (!plan) throw notFound('Verksamhetsplanen', item.plan_id);
    await store.lockPlan(trx, plan.body_id, plan.year);
    if (!(await store.bumpItem(trx, itemId, input.version, actor.id))) {
      const now = (await store.findItem(trx, itemId))?.version;
      throw new DomainError(
        'stale-version',
        now === undefined
          ? `${KIND_LABEL[item.kind]} har tagits bort sedan du hämtade den. Ladda om.`
          : `${KIND_LABEL[item.kind]} har ändrats sedan du hämtade den (din version ${input.version}, nu ${now}). Ladda om och gör ändringen igen.`,
        { status: 409 },
      );
    }
    await setKpiLink(trx, actor, item, input.kpiSeriesId);
    const views = input.kpiSeriesId === null ? new Map() : await kpi.indicatorKpis(trx, [input.kpiSeriesId]);
    const v = input.kpiSeriesId === null ? null : (views.get(input.kpiSeriesId) ?? null);
    return { itemId, version: input.version + 1, kpiSeriesId: input.kpiSeriesId, kpi: v && !v.direction ? withItemDirection(v, item.target) : v };
  });
}

/**
 * Old free-text links, mapped by migration 052's rule (kpi/model.ts
 * `namesIndicator`): every styrtal of the plan without a series gets the
 * lowest-numbered series its text names. Returns how many were linked. Used
 * after the demo's series and plan are loaded; one transaction.
 */
export async function linkIndicatorsByText(db: Db, actor: Actor, planId: number): Promise<number> {
  authorize(actor, 'plan.edit');
  return db.tx(async (trx) => {
    const plan = await store.findPlan(trx, planId);
    if (!plan) throw notFound('Verksamhetsplanen', planId);
    await store.lockPlan(trx, plan.body_id, plan.year);
    const series = await kpi.seriesForLinking(trx);
    const links = await store.kpiLinksOf(trx, planId);
    let n = 0;
    for (const item of await store.itemsOf(trx, planId)) {
      if (item.kind !== 'indicator' || links.has(item.id)) continue;
      const s = series.find((x) => namesIndicator(item.text, x));
      if (!s) continue;
      await setKpiLink(trx, actor, item, s.id);
      n++;
    }
    return n;
  });
}
