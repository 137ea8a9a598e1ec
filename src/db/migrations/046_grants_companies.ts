/**
 * Association grants and owned companies (issue 21.2, 21.3).
 *
 * Grants: the organisations (förening, stiftelse, annan) with their
 * organisationsnummer; each application (year, amount applied for, purpose,
 * case) carries its decision (bifall or avslag with the reason, the amount
 * granted, the day, and where it was taken: an agenda item of a meeting or a
 * delegated decision) and the yearly report the grant requires (due,
 * received). The history per organisation: rows of year and amount, entered
 * or imported from a pasted table (each import kept with what became of
 * every row of it).
 *
 * Companies: the companies and foundations the region owns or founded, with
 * its share in basis points (10000 = 100 %), their owner directives and
 * agreements with validity periods (a PDF stored by content hash, or a
 * reference), and the reports expected per year with the day each arrived.
 */
export const sql = /* sql */ `
create table grant_organisation (
  id serial primary key,
  name text not null check (length(name) between 1 and 300),
  org_number text check (org_number ~ '^[0-9]{6}-[0-9]{4}$'),
  kind text not null check (kind in ('förening', 'stiftelse', 'annan')),
  natural_person boolean not null default false,
  note text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  created_by text not null,
  updated_at timestamptz not null default now(),
  updated_by text not null
);
create unique index grant_organisation_org_number on grant_organisation (org_number);
create unique index grant_organisation_name on grant_organisation (lower(name));

create table grant_application (
  id serial primary key,
  organisation_id integer not null references grant_organisation (id),
  year integer not null check (year between 1900 and 2100),
  amount_ore bigint not null check (amount_ore > 0),
  purpose text not null check (length(purpose) between 1 and 2000),
  received_on date,
  case_id integer references diarium_case (id),
  budget_line text,
  outcome text check (outcome in ('bifall', 'avslag')),
  granted_ore bigint check (granted_ore >= 0),
  reason text,
  decided_on date,
  decided_in text check (decided_in in ('meeting', 'delegation')),
  meeting_id integer references meeting (id) on delete set null,
  agenda_item_id integer references agenda_item (id) on delete set null,
  delegated_decision_id integer references delegated_decision (id),
  report_due date,
  report_received_on date,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  created_by text not null,
  updated_at timestamptz not null default now(),
  updated_by text not null,
  constraint grant_decision_complete check ((outcome is null) = (decided_on is null) and (outcome is null) = (decided_in is null)),
  constraint grant_bifall_amount check (outcome is distinct from 'bifall' or (granted_ore > 0 and granted_ore <= amount_ore)),
  constraint grant_avslag_reason check (outcome is distinct from 'avslag' or (reason is not null and coalesce(granted_ore, 0) = 0)),
  constraint grant_report_needs_bifall check ((report_due is null and report_received_on is null) or outcome = 'bifall'),
  constraint grant_delegation_link check (decided_in is distinct from 'delegation' or delegated_decision_id is not null)
);
create index grant_application_organisation on grant_application (organisation_id);
create index grant_application_agenda_item on grant_application (agenda_item_id);

create table grant_history_import (
  id serial primary key,
  organisation_id integer not null references grant_organisation (id) on delete cascade,
  title text not null,
  source_text text not null,
  rows jsonb not null,
  imported_at timestamptz not null default now(),
  imported_by text not null
);

create table grant_history (
  id serial primary key,
  organisation_id integer not null references grant_organisation (id) on delete cascade,
  import_id integer references grant_history_import (id) on delete cascade,
  line integer,
  year integer not null check (year between 1900 and 2100),
  amount_ore bigint check (amount_ore >= 0),
  description text,
  grouping text,
  created_by text not null
);
create index grant_history_organisation on grant_history (organisation_id, year);

create table owned_company (
  id serial primary key,
  name text not null check (length(name) between 1 and 300),
  org_number text check (org_number ~ '^[0-9]{6}-[0-9]{4}$'),
  kind text not null check (kind in ('bolag', 'stiftelse')),
  share_bp integer check (share_bp between 0 and 10000),
  aliases text[] not null default '{}',
  note text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  created_by text not null,
  updated_at timestamptz not null default now(),
  updated_by text not null
);
create unique index owned_company_org_number on owned_company (org_number);
create unique index owned_company_name on owned_company (lower(name));

create table company_document (
  id serial primary key,
  company_id integer not null references owned_company (id) on delete cascade,
  kind text not null check (kind in ('ägaranvisning', 'finansieringsavtal', 'bolagsordning', 'annat avtal')),
  title text not null check (length(title) between 1 and 500),
  valid_from date not null,
  valid_to date,
  file_sha256 text check (file_sha256 ~ '^[0-9a-f]{64}$'),
  file_name text,
  byte_size integer,
  reference text,
  created_at timestamptz not null default now(),
  created_by text not null,
  constraint company_document_period check (valid_to is null or valid_from <= valid_to),
  constraint company_document_source check (file_sha256 is not null or reference is not null),
  constraint company_document_file check ((file_sha256 is null) = (file_name is null))
);
create index company_document_company on company_document (company_id);

create table company_report (
  id serial primary key,
  company_id integer not null references owned_company (id) on delete cascade,
  year integer not null check (year between 1900 and 2100),
  kind text not null check (length(kind) between 1 and 200),
  due_on date,
  received_on date,
  case_id integer references diarium_case (id),
  unique (company_id, year, kind)
);
`;
