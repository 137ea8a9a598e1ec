/**
 * Several app processes on one PostgreSQL (issue 20.6):
 *
 * - `file_blob` / `file_blob_chunk`: the stored files (attachments, kallelse
 *   books, sealed protokoll, uploads) by content hash, so that every process
 *   reads what any one of them stored (src/documents/blobs.ts). Written once:
 *   the chunks first, the head row last (the head is the commit point: a
 *   reader asks for it first), read chunk by chunk (1 MiB each), so memory
 *   stays bounded for a large file. The chunks are
 *   stored uncompressed (`storage external`): PDFs are compressed already.
 *   Used when DATABASE_URL is set; with PGlite the files stay on disk.
 * - `book_job`: the kallelse book builds run as pg-boss jobs, and their view
 *   (phase, pages done of total, result or error) kept here, so any process
 *   answers the UI's poll (src/documents/sharedJobs.ts). At most one running
 *   build per meeting (asking again joins it). The process building a job
 *   holds a session advisory lock on it: when that lock is free while the row
 *   says running, its process died, and the job is failed in pg-boss so that
 *   pg-boss retries it on another process (`queue_job_id`).
 *
 * pg-boss creates and migrates its own schema itself.
 */
export const sql = /* sql */ `
create table file_blob (
  sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
  byte_size bigint not null check (byte_size >= 0),
  chunk_count integer not null check (chunk_count >= 0),
  stored_at timestamptz not null default now()
);

create table file_blob_chunk (
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  seq integer not null check (seq >= 0),
  data bytea not null,
  primary key (sha256, seq)
);
alter table file_blob_chunk alter column data set storage external;

create table book_job (
  job_id uuid primary key,
  meeting_id integer not null references meeting (id),
  kind text not null default 'book' check (kind in ('book', 'public')),
  actor jsonb not null,
  state text not null default 'running' check (state in ('running', 'done', 'failed')),
  phase text not null default 'queued',
  done integer not null default 0,
  total integer not null default 0,
  attempts integer not null default 0,
  worker text,
  queue_job_id text,
  started_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz,
  result jsonb,
  error jsonb
);
create unique index book_job_running on book_job (meeting_id, kind) where state = 'running';
create index book_job_finished on book_job (finished_at);
`;
