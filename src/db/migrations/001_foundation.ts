/** Cases, bodies, people, meetings and their agenda; the append-only audit log. */
export const sql = /* sql */ `
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor text not null,
  action text not null,
  entity text not null,
  entity_id text not null,
  before jsonb,
  after jsonb
);
create index audit_log_entity on audit_log (entity, entity_id);

create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log är endast för tillägg: rader kan inte ändras eller tas bort';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_is_append_only();

create table case_serial_counter (
  year int not null,
  series text not null,
  last_serial int not null,
  primary key (year, series)
);

create table diarium_case (
  id serial primary key,
  year int not null check (year between 2000 and 2099),
  series text not null check (series ~ '^[A-ZÅÄÖ]{1,4}$'),
  serial int not null check (serial > 0),
  case_number text not null unique,
  title text not null check (length(title) between 1 and 500),
  registered_on date,
  origin text not null check (origin in ('registered', 'imported')),
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (year, series, serial)
);

create table party (
  id serial primary key,
  abbreviation text not null unique,
  name text
);
insert into party (abbreviation, name) values
  ('S', 'Socialdemokraterna'), ('M', 'Moderaterna'), ('SD', 'Sverigedemokraterna'),
  ('C', 'Centerpartiet'), ('V', 'Vänsterpartiet'), ('KD', 'Kristdemokraterna'),
  ('L', 'Liberalerna'), ('MP', 'Miljöpartiet de gröna');

create table body (
  id serial primary key,
  name text not null unique,
  organisation text not null,
  kind text not null default 'committee' check (kind in ('committee', 'board', 'assembly')),
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table person (
  id serial primary key,
  name text not null unique,
  version int not null default 1,
  created_at timestamptz not null default now()
);

create table membership (
  id serial primary key,
  body_id int not null references body(id),
  person_id int not null references person(id),
  party_id int references party(id),
  kind text not null check (kind in ('member', 'substitute')),
  role text not null check (role in ('chair', 'first-vice-chair', 'second-vice-chair', 'member')),
  list_order int not null,
  valid_from date,
  valid_to date,
  seen_on date,
  version int not null default 1,
  check (valid_to is null or valid_from is null or valid_to >= valid_from),
  unique (body_id, person_id, kind)
);

create table import_file (
  sha256 text primary key,
  file_name text not null,
  byte_size int not null,
  meeting_id int,
  imported_at timestamptz not null default now()
);

create table meeting (
  id serial primary key,
  body_id int not null references body(id),
  date date not null,
  start_time text,
  end_time text,
  place text,
  group_meetings text[] not null default '{}',
  absence_notice text,
  secretary jsonb,
  total_pages int,
  source_sha256 text,
  source_file text,
  imported_at timestamptz,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (body_id, date)
);
create index meeting_date on meeting (date desc);

create table agenda_item (
  id serial primary key,
  meeting_id int not null references meeting(id) on delete cascade,
  number int not null check (number > 0),
  title text not null,
  kind text not null check (kind in ('adjustment', 'decision', 'information', 'delegation-report', 'presentations')),
  case_id int references diarium_case(id),
  presenters text[] not null default '{}',
  addressee text,
  has_proposal boolean not null default false,
  notes text[] not null default '{}',
  adjustment_deadline date,
  summary text,
  version int not null default 1,
  unique (meeting_id, number)
);
create index agenda_item_case on agenda_item (case_id);

create table proposal_clause (
  agenda_item_id int not null references agenda_item(id) on delete cascade,
  position int not null,
  text text not null,
  primary key (agenda_item_id, position)
);

create table decision_basis (
  id serial primary key,
  agenda_item_id int not null references agenda_item(id) on delete cascade,
  position int not null,
  title text not null,
  file_sha256 text,
  file_name text,
  media_type text,
  byte_size int,
  unique (agenda_item_id, position)
);

create table agenda_sub_item (
  agenda_item_id int not null references agenda_item(id) on delete cascade,
  position int not null,
  number int,
  title text not null,
  case_id int references diarium_case(id),
  presenters text[] not null default '{}',
  note text,
  primary key (agenda_item_id, position)
);
create index agenda_sub_item_case on agenda_sub_item (case_id);
`;
