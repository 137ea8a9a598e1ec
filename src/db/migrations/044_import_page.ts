/**
 * Imports as records (issue 18.3, 18.8): each import of a kallelse, from the
 * import page, POST /api/imports or the command line: who, when, the file
 * (its name, kind and the SHA-256 of its bytes, stored content-addressed by
 * documents/files.ts), the meeting it made or changed, and its report (what
 * was created or changed, the rows read, kept and flagged per table, the
 * pages each document got, the warnings). A preview is a row in state
 * 'preview' with a random token until it is confirmed or cancelled; nothing
 * of the meeting is written before the confirmation.
 */
export const sql = /* sql */ `
create table import_run (
  id serial primary key,
  token text not null unique check (length(token) >= 32),
  status text not null check (status in ('preview', 'confirmed', 'cancelled')),
  kind text not null check (kind in ('text', 'pdf')),
  file_name text not null check (length(file_name) between 1 and 255),
  byte_size int not null check (byte_size > 0),
  source_sha256 text not null check (source_sha256 ~ '^[0-9a-f]{64}$'),
  media_type text not null,
  text_sha256 text not null check (text_sha256 ~ '^[0-9a-f]{64}$'),
  meeting_id int references meeting (id) on delete set null,
  body_name text,
  meeting_date date,
  outcome text not null check (outcome in ('create', 'update', 'unchanged')),
  flagged int not null default 0 check (flagged >= 0),
  flags_confirmed boolean not null default false,
  report jsonb not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  decided_by text,
  decided_at timestamptz,
  constraint import_run_decided check ((status = 'preview') = (decided_at is null)),
  constraint import_run_flags check (status <> 'confirmed' or flagged = 0 or flags_confirmed)
);
create index import_run_created on import_run (created_at desc, id desc);
`;
