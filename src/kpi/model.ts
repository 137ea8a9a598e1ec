/**
 * Indicator series (styrtal followed with numbers): values per area, period
 * and gender from Kolada (RKA's KPI database), a target with a direction,
 * and whether the target is met, period by period. Pure rules, no I/O.
 */
import { DomainError } from '../kernel/errors.ts';
import { canonicalDecimal, compareDecimal, compareWithMean, meanRounded, type Decimal } from './decimal.ts';
import { isObject, JsonNumber, parseJsonExact, type JsonLimits, type JsonValue } from './json.ts';

export type Gender = 'T' | 'K' | 'M';
export const GENDERS: readonly Gender[] = ['T', 'K', 'M'];
export const GENDER_LABEL: Record<Gender, string> = { T: 'Totalt', K: 'Kvinnor', M: 'Män' };

/** The region whose targets we follow, and the areas it is usually compared with. */
export const REGION = '0018';
export const COMPARISON_COUNTIES = ['0006', '0007', '0017', '0019'] as const;

export type AreaKind = 'region' | 'county' | 'municipality' | 'country';
export interface Area {
  code: string;
  name: string;
  kind: AreaKind;
}

/** Kolada's area codes: counties/regions 00xx, municipalities four digits (county prefix + number). */
export const AREAS: readonly Area[] = [
  { code: '0000', name: 'Riket', kind: 'country' },
  { code: '0018', name: 'Region Örebro län', kind: 'region' },
  { code: '0006', name: 'Region Jönköpings län', kind: 'county' },
  { code: '0007', name: 'Region Kronoberg', kind: 'county' },
  { code: '0017', name: 'Region Värmland', kind: 'county' },
  { code: '0019', name: 'Region Västmanland', kind: 'county' },
  { code: '1814', name: 'Lekeberg', kind: 'municipality' },
  { code: '1860', name: 'Laxå', kind: 'municipality' },
  { code: '1861', name: 'Hallsberg', kind: 'municipality' },
  { code: '1862', name: 'Degerfors', kind: 'municipality' },
  { code: '1863', name: 'Hällefors', kind: 'municipality' },
  { code: '1864', name: 'Ljusnarsberg', kind: 'municipality' },
  { code: '1880', name: 'Örebro', kind: 'municipality' },
  { code: '1881', name: 'Kumla', kind: 'municipality' },
  { code: '1882', name: 'Askersund', kind: 'municipality' },
  { code: '1883', name: 'Karlskoga', kind: 'municipality' },
  { code: '1884', name: 'Nora', kind: 'municipality' },
  { code: '1885', name: 'Lindesberg', kind: 'municipality' },
];

export function area(code: string): Area {
  return AREAS.find((a) => a.code === code) ?? { code, name: `Område ${code}`, kind: code.startsWith('00') ? 'county' : 'municipality' };
}

/** A period: a year "2020", a quarter "2020-Q2" or a month "2020-05". */
export type Period = string;
const PERIOD = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/;

export function parsePeriod(p: string): { year: number; kind: 'year' | 'quarter' | 'month'; sub: number } {
  const m = PERIOD.exec(p);
  const year = m ? Number(m[1]) : NaN;
  if (!m || year < 1900 || year > 2100) {
    throw new DomainError('invalid-period', `Perioden "${String(p).slice(0, 20)}" är inte ett år (2020), ett kvartal (2020-Q2) eller en månad (2020-05).`);
  }
  if (m[2]) return { year, kind: 'quarter', sub: Number(m[2]) };
  if (m[3]) return { year, kind: 'month', sub: Number(m[3]) };
  return { year, kind: 'year', sub: 0 };
}

export const comparePeriods = (a: Period, b: Period) => (a < b ? -1 : a > b ? 1 : 0); // the forms sort as text

export function periodLabel(p: Period): string {
  const { year, kind, sub } = parsePeriod(p);
  if (kind === 'quarter') return `kvartal ${sub} ${year}`;
  if (kind === 'month') return `${['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'][sub - 1]} ${year}`;
  return String(year);
}

export interface KpiValue {
  kpi: string;
  area: string;
  period: Period;
  gender: Gender;
  /** Exact decimal, or null when Kolada has no value (status e.g. "Missing"). */
  value: Decimal | null;
  count: number | null;
  status: string | null;
}

export interface KpiMeta {
  id: string;
  title: string;
  description: string | null;
}

export type KoladaFile = { kind: 'data'; values: KpiValue[] } | { kind: 'kpi'; kpis: KpiMeta[] };

const KPI_ID = /^[A-Z]\d{5}$/;
const AREA_CODE = /^\d{4}$/;

const invalid = (where: string, what: string) => new DomainError('kolada-invalid', `Kolada-filen: ${where}: ${what}`);

function text(v: JsonValue | undefined, where: string, max: number): string {
  if (typeof v !== 'string') throw invalid(where, 'ska vara en textsträng.');
  const t = v.trim();
  if (t.length > max) throw invalid(where, `är längre än ${max} tecken.`);
  return t;
}

/**
 * Reads a response of Kolada's public API saved as a file: the data response
 * (`/v2/data/kpi/…` or v3 `/data/…`: `{"values":[{"kpi","municipality","period","values":[{"gender","count","status","value"}]}]}`)
 * or the KPI metadata response (`{"values":[{"id","title","description",…}]}`).
 * Values stay exact decimal strings. Anything else is refused with where it went wrong.
 */
export function parseKolada(source: string, limits?: JsonLimits): KoladaFile {
  const root = parseJsonExact(source, limits);
  if (!isObject(root) || !Array.isArray(root.values)) throw invalid('filen', 'är inte ett svar från Koladas API (fältet "values" saknas).');
  const rows = root.values;
  if (!rows.length) throw invalid('values', 'är tom: filen innehåller inga nyckeltal.');
  const first = rows[0];
  if (isObject(first) && 'id' in first && !('municipality' in first) && !('ou' in first)) {
    const kpis: KpiMeta[] = rows.map((r, n) => {
      const w = `values[${n}]`;
      if (!isObject(r)) throw invalid(w, 'ska vara ett objekt.');
      const id = text(r.id, `${w}.id`, 10);
      if (!KPI_ID.test(id)) throw invalid(`${w}.id`, `"${id}" är inte ett nyckeltals-id (t.ex. N00914).`);
      const title = text(r.title, `${w}.title`, 300);
      if (!title) throw invalid(`${w}.title`, 'saknas.');
      const description = r.description == null ? null : text(r.description, `${w}.description`, 5000) || null;
      return { id, title, description };
    });
    return { kind: 'kpi', kpis };
  }
  const out: KpiValue[] = [];
  const seen = new Map<string, Decimal | null>();
  rows.forEach((r, n) => {
    const w = `values[${n}]`;
    if (!isObject(r)) throw invalid(w, 'ska vara ett objekt.');
    if ('ou' in r && !('municipality' in r)) throw invalid(w, 'avser en organisatorisk enhet (ou); bara kommuner och regioner kan läsas in.');
    const kpi = text(r.kpi, `${w}.kpi`, 10);
    if (!KPI_ID.test(kpi)) throw invalid(`${w}.kpi`, `"${kpi}" är inte ett nyckeltals-id (t.ex. N00914).`);
    const areaCode = text(r.municipality, `${w}.municipality`, 10);
    if (!AREA_CODE.test(areaCode)) throw invalid(`${w}.municipality`, `"${areaCode}" är inte en kommun- eller regionkod (fyra siffror, t.ex. 0018).`);
    let period: string;
    if (r.period instanceof JsonNumber) period = r.period.text;
    else if (typeof r.period === 'string') period = r.period.trim();
    else throw invalid(`${w}.period`, 'saknas.');
    try {
      parsePeriod(period);
    } catch (e) {
      throw invalid(`${w}.period`, (e as Error).message);
    }
    if (!Array.isArray(r.values)) throw invalid(`${w}.values`, 'ska vara en lista med värden per kön.');
    r.values.forEach((g, k) => {
      const wg = `${w}.values[${k}]`;
      if (!isObject(g)) throw invalid(wg, 'ska vara ett objekt.');
      const gender = text(g.gender, `${wg}.gender`, 1) as Gender;
      if (!GENDERS.includes(gender)) throw invalid(`${wg}.gender`, `"${gender}" är inte T (totalt), K (kvinnor) eller M (män).`);
      let value: Decimal | null = null;
      if (g.value instanceof JsonNumber) {
        try {
          value = canonicalDecimal(g.value.text);
        } catch (e) {
          throw invalid(`${wg}.value`, (e as Error).message);
        }
      } else if (g.value !== null && g.value !== undefined) throw invalid(`${wg}.value`, 'ska vara ett tal eller null.');
      let count: number | null = null;
      if (g.count instanceof JsonNumber) {
        count = Number(g.count.text);
        if (!Number.isSafeInteger(count) || count < 0 || count > 2147483647) throw invalid(`${wg}.count`, 'ska vara ett icke-negativt heltal.');
      } else if (g.count != null) throw invalid(`${wg}.count`, 'ska vara ett heltal.');
      const status = g.status == null ? null : text(g.status, `${wg}.status`, 50) || null;
      const key = `${kpi}|${areaCode}|${period}|${gender}`;
      if (seen.has(key)) {
        if (seen.get(key) !== value) throw invalid(wg, `${kpi} för ${areaCode} ${period} (${gender}) förekommer två gånger med olika värden.`);
        return;
      }
      seen.set(key, value);
      out.push({ kpi, area: areaCode, period, gender, value, count, status });
    });
  });
  return { kind: 'data', values: out };
}

export type Direction = 'increase' | 'decrease';
export const DIRECTION_LABEL: Record<Direction, string> = { increase: 'ska öka', decrease: 'ska minska' };

/**
 * What counts as success:
 * - fixed: reach `value` (at least it when the indicator should increase, at most when it should decrease);
 * - baseline: better than the same gender's value in the baseline year (same quarter/month for sub-year periods);
 * - comparison: better than the mean of the comparison group for the same period and gender.
 */
export type TargetKind = 'none' | 'fixed' | 'baseline' | 'comparison';
export const TARGET_KIND_LABEL: Record<TargetKind, string> = {
  none: 'inget mål',
  fixed: 'målvärde',
  baseline: 'bättre än basåret',
  comparison: 'bättre än jämförelsegruppen',
};

export interface Target {
  kind: TargetKind;
  direction: Direction | null;
  baselineYear: number | null;
  value: Decimal | null;
  group: string[];
}

export const NO_TARGET: Target = { kind: 'none', direction: null, baselineYear: null, value: null, group: [] };

export function validateTarget(t: Partial<Target> & { kind: TargetKind }): Target {
  if (t.kind === 'none') return { ...NO_TARGET, direction: t.direction ?? null };
  if (t.direction !== 'increase' && t.direction !== 'decrease') throw new DomainError('direction-required', 'Ange om styrtalet ska öka eller minska.');
  if (t.kind === 'fixed') {
    if (t.value == null || t.value === '') throw new DomainError('target-value-required', 'Ange målvärdet.');
    return { kind: 'fixed', direction: t.direction, baselineYear: t.baselineYear ?? null, value: canonicalDecimal(String(t.value), 'Målvärdet'), group: [] };
  }
  if (t.kind === 'baseline') {
    const y = t.baselineYear;
    if (y == null || !Number.isInteger(y) || y < 1900 || y > 2100) throw new DomainError('baseline-required', 'Ange basåret (t.ex. 2019).');
    return { kind: 'baseline', direction: t.direction, baselineYear: y, value: null, group: [] };
  }
  if (t.kind === 'comparison') {
    const group = [...new Set((t.group ?? []).map((g) => String(g).trim()))];
    if (!group.length) throw new DomainError('group-required', 'Ange minst ett område i jämförelsegruppen.');
    for (const g of group) if (!AREA_CODE.test(g)) throw new DomainError('invalid-area', `"${g.slice(0, 10)}" är inte en kommun- eller regionkod (fyra siffror).`);
    if (group.length > 50) throw new DomainError('invalid-area', 'Jämförelsegruppen får ha högst 50 områden.');
    return { kind: 'comparison', direction: t.direction, baselineYear: t.baselineYear ?? null, value: null, group };
  }
  throw new DomainError('invalid-target', 'Okänd typ av mål.');
}

export interface Evaluation {
  period: Period;
  gender: Gender;
  value: Decimal | null;
  /** What the value was measured against: the target value, the baseline value or the group mean (rounded to 2 decimals). */
  reference: Decimal | null;
  /** true met, false not met, null not judged (no value, no reference, the baseline itself or earlier). */
  met: boolean | null;
  note: string | null;
}

type Point = Pick<KpiValue, 'area' | 'period' | 'gender' | 'value'>;

function baselinePeriod(p: Period, year: number): Period {
  const { kind } = parsePeriod(p);
  return kind === 'year' ? String(year) : `${year}${p.slice(4)}`;
}

/** Whether the target is met for `forArea` (default the region), per period and gender, oldest first. */
export function evaluate(values: readonly Point[], target: Target, forArea = REGION): Evaluation[] {
  const at = new Map(values.map((v) => [`${v.area}|${v.period}|${v.gender}`, v.value]));
  const own = values.filter((v) => v.area === forArea).sort((a, b) => comparePeriods(a.period, b.period) || GENDERS.indexOf(a.gender) - GENDERS.indexOf(b.gender));
  const better = (cmp: number) => (target.direction === 'increase' ? cmp > 0 : cmp < 0);
  return own.map((v) => {
    const e: Evaluation = { period: v.period, gender: v.gender, value: v.value, reference: null, met: null, note: null };
    if (target.kind === 'none' || !target.direction) return e;
    if (target.kind === 'fixed') {
      e.reference = target.value;
      if (v.value === null) return { ...e, note: 'värde saknas' };
      const cmp = compareDecimal(v.value, target.value!);
      return { ...e, met: cmp === 0 || better(cmp) };
    }
    if (target.kind === 'baseline') {
      const bp = baselinePeriod(v.period, target.baselineYear!);
      if (v.period <= bp) return { ...e, note: v.period === bp ? 'basår' : 'före basåret' };
      const base = at.get(`${forArea}|${bp}|${v.gender}`) ?? null;
      e.reference = base;
      if (base === null) return { ...e, note: 'värde för basåret saknas' };
      if (v.value === null) return { ...e, note: 'värde saknas' };
      return { ...e, met: better(compareDecimal(v.value, base)) };
    }
    const group = target.group.filter((g) => g !== forArea).map((g) => at.get(`${g}|${v.period}|${v.gender}`) ?? null);
    const known = group.filter((g): g is Decimal => g !== null);
    if (!known.length) return { ...e, note: 'jämförelsevärden saknas' };
    e.reference = meanRounded(known, 2);
    if (v.value === null) return { ...e, note: 'värde saknas' };
    const partial = known.length < group.length ? `medel av ${known.length} av ${group.length} områden` : null;
    return { ...e, met: better(compareWithMean(v.value, known)), note: partial };
  });
}

// ------------------------------------------------ series ids, links and trend (issue 17.3)

/** Where a series comes from: a Kolada KPI (N00914) or one of the committee's own measures (a local id, RTN-01). */
export type SeriesSource = 'kolada' | 'local';
export const SOURCE_LABEL: Record<SeriesSource, string> = { kolada: 'Kolada', local: 'eget mått' };

/** A Kolada KPI id: a capital letter and five digits (N00914, U28116). */
export const isKoladaId = (id: string) => KPI_ID.test(id);

/** A local id: a capital letter, then 1–29 capitals, digits or hyphens (RTN-01), never of Kolada's form. */
export function validateLocalId(raw: string): string {
  const id = String(raw ?? '').trim().toUpperCase();
  if (KPI_ID.test(id)) throw new DomainError('local-id-like-kolada', `"${id}" ser ut som ett id i Kolada; välj Kolada som källa eller ett eget id som RTN-01.`);
  if (!/^[A-Z][A-Z0-9-]{1,29}$/.test(id)) {
    throw new DomainError('invalid-local-id', `"${id.slice(0, 40)}" är inget giltigt eget id: börja med en bokstav och använd 2–30 tecken A–Z, 0–9 och bindestreck (t.ex. RTN-01).`);
  }
  return id;
}

/** What migration 052 compares: the wording without a leading "Styrtal:", runs of white space, ASCII case and a trailing full stop. */
export function normalizeIndicatorText(t: string): string {
  const squashed = t.replace(/^\s*[Ss]tyrtal\s*:\s*/, '').replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  return squashed.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * Whether a styrtal's text names a series (the rule of migration 052, for old
 * free-text links): the text contains the series' KPI id as a word, or the
 * text is the series' free-text styrtal link.
 */
export function namesIndicator(indicatorText: string, series: { kpiId: string; indicatorRef: string | null }): boolean {
  if (new RegExp(`(^|[^A-Za-z0-9])${series.kpiId.replace(/-/g, '\\-')}($|[^A-Za-z0-9])`).test(indicatorText)) return true;
  return series.indicatorRef !== null && normalizeIndicatorText(indicatorText) === normalizeIndicatorText(series.indicatorRef);
}

export type Trend = 'up' | 'down' | 'flat';
export const TREND_LABEL: Record<Trend, string> = { up: 'ökar', down: 'minskar', flat: 'oförändrat' };

export interface TrendResult {
  latest: { period: Period; value: Decimal } | null;
  previous: { period: Period; value: Decimal } | null;
  trend: Trend | null;
  /** Whether the change is for the better given the direction: true better, false worse, null unchanged, unknown or no direction. */
  good: boolean | null;
}

/**
 * The trend of a series for one area and gender: the latest period with a
 * value against the period with a value just before it (of the same kind:
 * years with years, quarters with quarters), up, down or unchanged; whether
 * that is good follows the direction (up is good when the styrtal should
 * increase, down when it should decrease).
 */
export function trendOf(values: readonly Point[], direction: Direction | null, forArea = REGION, gender: Gender = 'T'): TrendResult {
  const own = values
    .filter((v): v is Point & { value: Decimal } => v.area === forArea && v.gender === gender && v.value !== null)
    .sort((a, b) => comparePeriods(a.period, b.period));
  const last = own.at(-1);
  if (!last) return { latest: null, previous: null, trend: null, good: null };
  const kind = parsePeriod(last.period).kind;
  const before = own.slice(0, -1).filter((v) => parsePeriod(v.period).kind === kind).at(-1);
  const latest = { period: last.period, value: last.value };
  if (!before) return { latest, previous: null, trend: null, good: null };
  const cmp = compareDecimal(last.value, before.value);
  const trend: Trend = cmp > 0 ? 'up' : cmp < 0 ? 'down' : 'flat';
  const good = trend === 'flat' || !direction ? null : (trend === 'up') === (direction === 'increase');
  return { latest, previous: { period: before.period, value: before.value }, trend, good };
}
