/**
 * Yrkanden, propositionsordning and voting lists of the live minutes (issue
 * 15.1). One sheet per agenda item carries the version every change is
 * checked against (optimistic locking); its yrkanden, the chair's
 * propositions in order, and the omröstningar with one row per serving
 * member hang under it. A reservation (decision_note) may name the lost
 * yrkande it is tied to.
 */
export const sql = /* sql */ `
create table motion_sheet (
  agenda_item_id int primary key references agenda_item(id) on delete cascade,
  minutes_id int not null references minutes(id) on delete cascade,
  version int not null default 1,
  updated_by text not null,
  updated_at timestamptz not null default now()
);

create table motion (
  id serial primary key,
  agenda_item_id int not null references motion_sheet(agenda_item_id) on delete cascade,
  position int not null check (position >= 1),
  mover_person_id int not null references person(id),
  supporters int[] not null default '{}',
  kind text not null check (kind in ('bifall', 'avslag', 'andring', 'aterremiss', 'bordlaggning')),
  text text not null check (length(text) between 1 and 5000),
  outcome text not null default 'open' check (outcome in ('open', 'won', 'lost')),
  created_by text not null,
  created_at timestamptz not null default now(),
  unique (agenda_item_id, position)
);

create table proposition (
  agenda_item_id int not null references motion_sheet(agenda_item_id) on delete cascade,
  position int not null check (position >= 1),
  text text not null check (length(text) between 1 and 5000),
  ja_motion_id int not null references motion(id),
  nej_motion_id int references motion(id),
  chair_finds text not null check (chair_finds in ('ja', 'nej')),
  primary key (agenda_item_id, position),
  check (nej_motion_id is null or nej_motion_id <> ja_motion_id)
);

create table motion_vote (
  agenda_item_id int not null,
  proposition_position int not null,
  ja_means text not null check (length(ja_means) between 1 and 1000),
  nej_means text not null check (length(nej_means) between 1 and 1000),
  ja int not null check (ja >= 0),
  nej int not null check (nej >= 0),
  avstar int not null check (avstar >= 0),
  result text not null check (result in ('ja', 'nej')),
  casting_vote boolean not null,
  chair_person_id int references person(id),
  summary text not null,
  recorded_by text not null,
  recorded_at timestamptz not null default now(),
  primary key (agenda_item_id, proposition_position),
  foreign key (agenda_item_id, proposition_position) references proposition(agenda_item_id, position) on delete cascade
);

create table motion_vote_row (
  agenda_item_id int not null,
  proposition_position int not null,
  person_id int not null references person(id),
  choice text not null check (choice in ('ja', 'nej', 'avstår')),
  primary key (agenda_item_id, proposition_position, person_id),
  foreign key (agenda_item_id, proposition_position) references motion_vote(agenda_item_id, proposition_position) on delete cascade
);

alter table decision_note add column motion_id int references motion(id);
`;
