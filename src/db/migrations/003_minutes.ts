/** Minutes: attendance, decisions per item with § numbers, votes, notes, adjustment signatures, notice, dispatch. */
export const sql = /* sql */ `
create table minutes (
  id serial primary key,
  meeting_id int not null unique references meeting(id),
  status text not null default 'draft' check (status in ('draft', 'numbered', 'adjusted')),
  kept_at text not null default 'Regionkansliet, Eklundavägen 1, Örebro',
  adjusted_on date,
  pdf_sha256 text,
  locked_at timestamptz,
  version int not null default 1,
  updated_by text,
  updated_at timestamptz not null default now()
);

create table attendance (
  minutes_id int not null references minutes(id) on delete cascade,
  person_id int not null references person(id),
  present boolean not null,
  replaces_person_id int references person(id),
  from_item int,
  to_item int,
  primary key (minutes_id, person_id)
);

create table paragraph_counter (
  body_id int not null references body(id),
  year int not null,
  last_paragraph int not null,
  primary key (body_id, year)
);

create table decision (
  id serial primary key,
  minutes_id int not null references minutes(id),
  agenda_item_id int not null unique references agenda_item(id),
  body_id int not null references body(id),
  outcome text not null check (outcome in ('according-to-proposal', 'amended', 'referred-back', 'tabled', 'noted')),
  clauses text[] not null default '{}',
  motivation text,
  votes jsonb,
  vote_summary text,
  conflicted int[] not null default '{}',
  without_quorum boolean not null default false,
  immediately_adjusted boolean not null default false,
  recipients text[] not null default '{}',
  paragraph int,
  paragraph_year int,
  version int not null default 1,
  updated_by text,
  updated_at timestamptz not null default now(),
  unique (body_id, paragraph_year, paragraph)
);

create table decision_note (
  id serial primary key,
  decision_id int not null references decision(id) on delete cascade,
  person_id int not null references person(id),
  kind text not null check (kind in ('reservation', 'protocol-note')),
  text text not null
);

create table adjuster (
  minutes_id int not null references minutes(id) on delete cascade,
  person_id int not null references person(id),
  position int not null,
  signed_at timestamptz,
  signed_by text,
  signed_sha256 text,
  signature text,
  primary key (minutes_id, person_id)
);

create table notice (
  id serial primary key,
  minutes_id int not null unique references minutes(id),
  posted_on date not null,
  taken_down_on date,
  posted_by text not null
);

create table dispatch (
  id serial primary key,
  decision_id int not null references decision(id),
  recipient text not null,
  sent_at timestamptz not null default now(),
  sent_by text not null
);
create index dispatch_decision on dispatch (decision_id);

-- The key that signs adjusters' signatures (HMAC-SHA256 over the minutes' PDF hash), made once per database.
create table signing_key (
  id int primary key check (id = 1),
  key text not null default encode(sha256((gen_random_uuid()::text || gen_random_uuid()::text)::bytea), 'hex')
);
insert into signing_key (id) values (1);
`;
