/**
 * Follow-up data: indicator series from Kolada (values per area, period and
 * gender, kept as exact decimals in `numeric`) with their targets, and the
 * internal control plan (risks, probability × consequence, actions).
 */
export const sql = /* sql */ `
create table kpi_series (
  id serial primary key,
  kpi_id text not null unique check (kpi_id ~ '^[A-Z][0-9]{5}$'),
  title text not null,
  description text,
  unit text,
  indicator_ref text,
  target_kind text not null default 'none' check (target_kind in ('none', 'fixed', 'baseline', 'comparison')),
  direction text check (direction in ('increase', 'decrease')),
  baseline_year int check (baseline_year between 1900 and 2100),
  target_value numeric,
  target_group text[] not null default '{}',
  version int not null default 1,
  updated_by text,
  updated_at timestamptz not null default now()
);

create table kpi_value (
  series_id int not null references kpi_series(id) on delete cascade,
  area text not null check (area ~ '^[0-9]{4}$'),
  period text not null check (period ~ '^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$'),
  gender text not null check (gender in ('T', 'K', 'M')),
  value numeric,
  count int,
  status text,
  primary key (series_id, area, period, gender)
);

create table kpi_import (
  sha256 text primary key,
  file_name text not null,
  kind text not null,
  rows int not null,
  imported_by text not null,
  imported_at timestamptz not null default now()
);

create table control_plan (
  id serial primary key,
  title text not null,
  year int not null check (year between 1900 and 2100),
  source_file text,
  source_sha256 text unique,
  created_by text not null,
  created_at timestamptz not null default now()
);

create table control_risk (
  id serial primary key,
  plan_id int not null references control_plan(id) on delete cascade,
  position int not null,
  area text not null,
  risk text not null,
  probability smallint check (probability between 1 and 4),
  consequence smallint check (consequence between 1 and 4),
  version int not null default 1,
  updated_by text,
  unique (plan_id, position)
);

create table control_action (
  id serial primary key,
  risk_id int not null references control_risk(id) on delete cascade,
  position int not null,
  text text not null,
  region_wide boolean not null default false,
  status text check (status in ('ongoing', 'deviation', 'done', 'not-done')),
  comment text,
  effect text,
  effective boolean,
  responsible text,
  version int not null default 1,
  updated_by text,
  unique (risk_id, position)
);
`;
