/**
 * Styrtal linked to indicator series by key (issue 17.3), and values that know
 * where they come from.
 *
 * - A series is either a Kolada KPI (`source` 'kolada', id like N00914) or one
 *   of the committee's own measures (`source` 'local', an id of its own such
 *   as RTN-01 that cannot be mistaken for a Kolada id).
 * - A styrtal (business_plan_item of kind 'indicator') points to its series
 *   with `kpi_series_id`. The old free-text link on the series
 *   (`kpi_series.indicator_ref`) is kept, readable as before, and mapped here
 *   to the styrtal it names: a styrtal whose text contains the series' KPI id,
 *   or whose wording is the free text (ignoring a leading "Styrtal:", runs of
 *   white space, ASCII case and a trailing full stop). The same rule is
 *   `kpi/model.ts` `namesIndicator`. When several series match, the lowest id wins.
 * - A value's `source`: 'file' (a saved Kolada file or the demo's constructed
 *   file), 'kolada' (fetched from Kolada's API, with `fetched_at`) or 'manual'
 *   (entered for a local series).
 */
export const sql = /* sql */ `
alter table kpi_series add column source text not null default 'kolada' check (source in ('kolada', 'local'));
alter table kpi_series drop constraint kpi_series_kpi_id_check;
alter table kpi_series add constraint kpi_series_kpi_id_check check (
  (source = 'kolada' and kpi_id ~ '^[A-Z][0-9]{5}$')
  or (source = 'local' and kpi_id ~ '^[A-Z][A-Z0-9-]{1,29}$' and kpi_id !~ '^[A-Z][0-9]{5}$')
);

alter table kpi_value add column source text not null default 'file' check (source in ('file', 'kolada', 'manual'));
alter table kpi_value add column fetched_at timestamptz;

alter table business_plan_item add column kpi_series_id int references kpi_series(id) on delete set null;
alter table business_plan_item add constraint business_plan_item_kpi_only_indicator check (kpi_series_id is null or kind = 'indicator');
create index business_plan_item_kpi_series on business_plan_item (kpi_series_id) where kpi_series_id is not null;

update business_plan_item i set kpi_series_id = m.series_id
from (
  select it.id as item_id, min(s.id) as series_id
  from business_plan_item it
  join kpi_series s on
    it.text ~ ('(^|[^A-Za-z0-9])' || s.kpi_id || '($|[^A-Za-z0-9])')
    or (
      s.indicator_ref is not null
      and lower(regexp_replace(btrim(regexp_replace(it.text, '\\s+', ' ', 'g')), '\\.$', ''))
        = lower(regexp_replace(btrim(regexp_replace(regexp_replace(s.indicator_ref, '^\\s*[Ss]tyrtal\\s*:\\s*', ''), '\\s+', ' ', 'g')), '\\.$', ''))
    )
  where it.kind = 'indicator' and it.kpi_series_id is null
  group by it.id
) m
where i.id = m.item_id;
`;
