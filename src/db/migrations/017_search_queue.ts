/**
 * Meetings whose search documents are to be rebuilt. A writer queues the
 * meeting in its own transaction; the documents (whose Swedish tsvector is the
 * costly part of an import) are built just after the commit, and at start-up
 * for anything a stop left queued, so an import commits without waiting for
 * them and a crash between the two loses nothing. A meeting whose indexing
 * fails keeps its row, with the error, and goes to the back of the queue.
 */
export const sql = /* sql */ `
create table search_queue (
  meeting_id int primary key references meeting (id) on delete cascade,
  queued_at timestamptz not null default now(),
  attempts int not null default 0,
  last_error text
);
`;
