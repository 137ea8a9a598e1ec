/**
 * Documents: files stored by content hash (the bytes on disk under the files
 * directory, the row here), attachments to agenda items, briefing memos per
 * item, and the versions of each meeting's kallelse book with the snapshot of
 * the agenda each was built from.
 */
export const sql = /* sql */ `
create table stored_file (
  sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
  byte_size bigint not null check (byte_size > 0),
  media_type text not null,
  page_count int check (page_count is null or page_count > 0),
  created_at timestamptz not null default now()
);

create table attachment (
  id serial primary key,
  agenda_item_id int not null references agenda_item(id) on delete cascade,
  decision_basis_id int references decision_basis(id) on delete set null,
  position int not null check (position > 0),
  title text not null check (length(title) between 1 and 300),
  file_sha256 text not null references stored_file(sha256),
  file_name text not null check (length(file_name) between 1 and 255),
  media_type text not null,
  byte_size bigint not null check (byte_size > 0),
  page_count int not null check (page_count > 0),
  uploaded_by text not null,
  uploaded_at timestamptz not null default now(),
  version int not null default 1,
  unique (agenda_item_id, position)
);
create index attachment_file on attachment (file_sha256);

create table briefing_memo (
  agenda_item_id int primary key references agenda_item(id) on delete cascade,
  content jsonb not null,
  version int not null default 1,
  created_by text not null,
  updated_by text not null,
  updated_at timestamptz not null default now()
);

create table kallelse_book (
  id serial primary key,
  meeting_id int not null references meeting(id) on delete cascade,
  version int not null check (version > 0),
  file_sha256 text not null references stored_file(sha256),
  byte_size bigint not null,
  page_count int not null,
  snapshot jsonb not null,
  snapshot_sha256 text not null,
  contains_secret boolean not null default false,
  built_by text not null,
  built_at timestamptz not null default now(),
  sent_at timestamptz,
  sent_by text,
  unique (meeting_id, version)
);
`;
