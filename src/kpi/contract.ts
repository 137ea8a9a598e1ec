/**
 * The indicator series' API (issue 19): every request and reply of
 * kpi/routes.ts, defined once with TypeBox. The service returns these types,
 * the routes register these schemas, the web calls them through
 * web/src/client.ts.
 */
import { Type, type Static } from 'typebox';
import { IdParams, Nullable, OptionalText, route, Version } from '../kernel/contract.ts';

const TAGS = ['Nyckeltal'] as const;

const Gender = Type.Union([Type.Literal('T'), Type.Literal('K'), Type.Literal('M')]);
const Direction = Type.Union([Type.Literal('increase'), Type.Literal('decrease')]);
const TargetKind = Type.Union([Type.Literal('none'), Type.Literal('fixed'), Type.Literal('baseline'), Type.Literal('comparison')]);
const Decimal = Type.String({ description: 'exakt decimaltal som text, t.ex. "6.5"' });
const SeriesSource = Type.Union([Type.Literal('kolada'), Type.Literal('local')], { description: 'kolada: ett nyckeltal i Kolada, local: nämndens eget mått' });

export const Target = Type.Object({
  kind: TargetKind,
  direction: Nullable(Direction),
  baselineYear: Nullable(Type.Integer()),
  value: Nullable(Decimal),
  group: Type.Array(Type.String()),
});

export const TargetView = Type.Object({ ...Target.properties, label: Type.String() });

export const Evaluation = Type.Object({
  period: Type.String(),
  gender: Gender,
  value: Nullable(Decimal),
  reference: Nullable(Decimal),
  met: Nullable(Type.Boolean()),
  note: Nullable(Type.String()),
});

export const SeriesSummary = Type.Object({
  id: Type.Integer(),
  kpiId: Type.String(),
  title: Type.String(),
  description: Nullable(Type.String()),
  unit: Nullable(Type.String()),
  indicatorRef: Nullable(Type.String()),
  target: TargetView,
  version: Type.Integer(),
  latest: Nullable(Evaluation),
  /** The values come from the demo's constructed Kolada file (kpi/constructed.ts): shown as "Konstruerade exempelvärden". */
  constructed: Type.Boolean(),
  /** A Kolada KPI (kpiId N00914) or one of the committee's own measures (kpiId a local id, RTN-01). */
  source: SeriesSource,
  /** When values were last fetched from Kolada's API (ISO), null when never. */
  lastFetchedAt: Nullable(Type.String()),
});
export type SeriesSummary = Static<typeof SeriesSummary>;

const ValueSource = Type.Union([Type.Literal('file'), Type.Literal('kolada'), Type.Literal('manual')], { description: 'file: en sparad fil, kolada: hämtad från Koladas API, manual: inmatad' });

const AreaKind = Type.Union([Type.Literal('region'), Type.Literal('county'), Type.Literal('municipality'), Type.Literal('country')]);

export const SeriesView = Type.Object({
  ...SeriesSummary.properties,
  region: Type.String(),
  areas: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), kind: AreaKind })),
  periods: Type.Array(Type.String()),
  genders: Type.Array(Gender),
  values: Type.Array(
    Type.Object({
      area: Type.String(),
      period: Type.String(),
      gender: Gender,
      value: Nullable(Decimal),
      count: Nullable(Type.Integer()),
      status: Nullable(Type.String()),
      source: ValueSource,
      fetchedAt: Nullable(Type.String()),
      /** From the demo's constructed file (and not fetched from Kolada since). */
      constructed: Type.Boolean(),
    }),
  ),
  evaluation: Type.Array(Evaluation),
});
export type SeriesView = Static<typeof SeriesView>;

export const ImportInput = Type.Object(
  {
    fileName: Type.String({ maxLength: 255 }),
    json: Type.String({ maxLength: 1_000_000 }),
    title: OptionalText(300),
    unit: OptionalText(50),
    indicatorRef: OptionalText(300),
  },
  { additionalProperties: false },
);
export type ImportInput = Static<typeof ImportInput>;

export const ImportResult = Type.Object({
  created: Type.Boolean(),
  kind: Type.Union([Type.Literal('data'), Type.Literal('kpi')]),
  rows: Type.Integer(),
  series: Type.Array(Type.Object({ id: Type.Integer(), kpiId: Type.String(), title: Type.String() })),
});
export type ImportResult = Static<typeof ImportResult>;

export const SeriesUpdate = Type.Object(
  {
    title: Type.String({ maxLength: 300 }),
    description: OptionalText(5000),
    unit: OptionalText(50),
    indicatorRef: OptionalText(300),
    target: Type.Object(
      {
        kind: TargetKind,
        direction: Type.Optional(Nullable(Direction)),
        baselineYear: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 9999, description: 'basår, 1900–2100' }))),
        value: Type.Optional(Nullable(Type.String({ maxLength: 40, description: 'exakt decimaltal, t.ex. "6.5"' }))),
        group: Type.Optional(Type.Array(Type.String({ maxLength: 4 }), { maxItems: 50 })),
      },
      { additionalProperties: false },
    ),
    version: Version,
  },
  { additionalProperties: false },
);
export type SeriesUpdate = Static<typeof SeriesUpdate>;

/**
 * What a styrtal shows of its series (issue 17.3): the region's latest total
 * value, the trend against the period before, whether that is good given the
 * direction, the target and whether it is met, and where the value comes from.
 */
export const IndicatorKpi = Type.Object({
  seriesId: Type.Integer(),
  kpiId: Type.String(),
  source: SeriesSource,
  title: Type.String(),
  unit: Nullable(Type.String()),
  latest: Nullable(
    Type.Object({
      period: Type.String(),
      value: Decimal,
      source: ValueSource,
      fetchedAt: Nullable(Type.String()),
      constructed: Type.Boolean(),
    }),
  ),
  previous: Nullable(Type.Object({ period: Type.String(), value: Decimal })),
  trend: Nullable(Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('flat')])),
  trendGood: Nullable(Type.Boolean()),
  direction: Nullable(Direction),
  target: TargetView,
  met: Nullable(Type.Boolean()),
  reference: Nullable(Decimal),
  constructed: Type.Boolean(),
});
export type IndicatorKpi = Static<typeof IndicatorKpi>;

export const CreateSeriesInput = Type.Object(
  {
    source: SeriesSource,
    kpiId: Type.String({ maxLength: 30, description: 'Koladas id (N00914) eller ett eget id (RTN-01)' }),
    title: Type.String({ maxLength: 300 }),
    unit: OptionalText(50),
  },
  { additionalProperties: false },
);
export type CreateSeriesInput = Static<typeof CreateSeriesInput>;

export const KoladaFetchInput = Type.Object(
  {
    fromYear: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2100 })),
    toYear: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2100 })),
  },
  { additionalProperties: false },
);
export type KoladaFetchInput = Static<typeof KoladaFetchInput>;

export const KoladaFetchResult = Type.Object({
  url: Type.String(),
  pages: Type.Integer(),
  fetched: Type.Integer(),
  added: Type.Integer(),
  changed: Type.Integer(),
  unchanged: Type.Integer(),
  fetchedAt: Type.String(),
  series: SeriesView,
});
export type KoladaFetchResult = Static<typeof KoladaFetchResult>;

export const SetValueInput = Type.Object(
  {
    period: Type.String({ maxLength: 10, description: 'år (2025), kvartal (2025-Q2) eller månad (2025-05)' }),
    value: Nullable(Type.String({ maxLength: 40, description: 'exakt decimaltal, t.ex. "6,5"; null tar bort värdet' })),
    version: Version,
  },
  { additionalProperties: false },
);
export type SetValueInput = Static<typeof SetValueInput>;

export const kpiApi = {
  listSeries: route({ method: 'GET', url: '/api/kpi/series', tags: TAGS, summary: 'Nyckeltalsserierna med mål och senaste utfall för regionen', response: Type.Array(SeriesSummary) }),
  getSeries: route({
    method: 'GET',
    url: '/api/kpi/series/:id',
    tags: TAGS,
    summary: 'En serie: värden per område, period och kön (exakta decimaltal som text) och måluppfyllelse per period',
    params: IdParams,
    response: SeriesView,
  }),
  importKolada: route({
    method: 'POST',
    url: '/api/kpi/imports',
    tags: TAGS,
    summary: 'Läs in en sparad fil från Koladas API (data- eller nyckeltalssvar, JSON som text); samma fil två gånger ändrar ingenting',
    body: ImportInput,
    response: ImportResult,
    status: 201,
  }),
  updateSeries: route({
    method: 'PUT',
    url: '/api/kpi/series/:id',
    tags: TAGS,
    summary: 'Ändra seriens rubrik, koppling till styrtal och mål (riktning, basår, målvärde eller jämförelsegrupp)',
    params: IdParams,
    body: SeriesUpdate,
    response: SeriesView,
    errors: [409],
  }),
  createSeries: route({
    method: 'POST',
    url: '/api/kpi/series',
    tags: TAGS,
    summary: 'Lägg till en serie: ett nyckeltal i Kolada (id som N00914) eller ett eget mått (id som RTN-01), utan värden',
    body: CreateSeriesInput,
    response: SeriesView,
    status: 201,
    errors: [409],
  }),
  fetchKolada: route({
    method: 'POST',
    url: '/api/kpi/series/:id/kolada',
    tags: TAGS,
    summary: 'Hämta seriens värden från Koladas API (regionen och jämförelseområdena, per år och kön) och spara dem i en transaktion, märkta med källa och hämtningstid',
    params: IdParams,
    body: KoladaFetchInput,
    response: KoladaFetchResult,
    errors: [409],
  }),
  setValue: route({
    method: 'PUT',
    url: '/api/kpi/series/:id/values',
    tags: TAGS,
    summary: 'Ett eget måtts värde för regionen (totalt) en period; bara för egna mått',
    params: IdParams,
    body: SetValueInput,
    response: SeriesView,
    errors: [409],
  }),
};
