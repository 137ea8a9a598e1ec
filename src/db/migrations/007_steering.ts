/** Business plans (verksamhetsplan): items in a tree, version snapshots, follow-up reports and their entries. */
export const sql = /* sql */ `
create table business_plan (
  id serial primary key,
  body_id int not null references body(id),
  year int not null check (year between 1990 and 2100),
  title text not null,
  state text not null default 'draft' check (state in ('draft', 'adopted')),
  adopted_on date,
  adopted_by text,
  source_sha256 text,
  version int not null default 1,
  updated_by text,
  created_at timestamptz not null default now(),
  unique (body_id, year),
  check ((state = 'adopted') = (adopted_on is not null))
);

create table business_plan_item (
  id serial primary key,
  plan_id int not null references business_plan(id) on delete cascade,
  parent_id int references business_plan_item(id) on delete cascade,
  position int not null check (position >= 0),
  kind text not null check (kind in ('strategic-goal', 'theme', 'focus-area', 'objective', 'indicator', 'assignment')),
  number text,
  title text,
  text text not null,
  origin jsonb,
  target jsonb,
  assignee text,
  note text,
  version int not null default 1,
  updated_by text
);
create index business_plan_item_plan on business_plan_item (plan_id, parent_id, position);

create table business_plan_version (
  id serial primary key,
  plan_id int not null references business_plan(id) on delete cascade,
  number int not null check (number > 0),
  label text not null,
  source text not null check (source in ('snapshot', 'adopted', 'derived')),
  snapshot jsonb not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  unique (plan_id, number)
);

create table plan_report (
  id serial primary key,
  plan_id int not null references business_plan(id) on delete cascade,
  kind text not null check (kind in ('interim', 'annual')),
  period text not null,
  as_of date not null,
  version int not null default 1,
  created_by text not null,
  created_at timestamptz not null default now(),
  unique (plan_id, kind, period)
);

create table plan_report_entry (
  report_id int not null references plan_report(id) on delete cascade,
  item_id int not null references business_plan_item(id) on delete cascade,
  status text check (status in ('met', 'partly', 'not-met')),
  outcome text,
  comment text,
  version int not null default 1,
  updated_by text,
  updated_at timestamptz not null default now(),
  primary key (report_id, item_id)
);
`;
