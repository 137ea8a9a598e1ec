/**
 * The search queue's writers: which meetings' search documents are to be
 * rebuilt. Kept apart from search.ts (which reads every module) so that any
 * module's use case can queue inside its own transaction without an import
 * circle.
 */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';

/** Queues a meeting's search documents for rebuilding, in the writer's transaction; `indexSoon` builds them after the commit. */
export async function queueMeetingIndex(ex: Executor, meetingId: number): Promise<void> {
  await ex.insertInto('search_queue').values({ meeting_id: meetingId }).onConflict((oc) => oc.column('meeting_id').doNothing()).execute();
}

/**
 * Queues for rebuilding (in the writer's transaction) the search documents of
 * every meeting that mentions one of the names – in a public document or in
 * staff's copy as written – so that a name newly marked (or unmarked) as a
 * natural person's is masked (or shown) there. Found through the full-text
 * index (a phrase query per name), not by reading every document.
 */
export async function queueMeetingsMentioning(trx: Executor, names: readonly string[]): Promise<number> {
  const ids = new Set<number>();
  for (const name of new Set(names.map((n) => n.trim()).filter(Boolean))) {
    const rows = await sql<{ meeting_id: number }>`
      select distinct meeting_id from search_document
      where meeting_id is not null and tsv @@ phraseto_tsquery('swedish', ${name})`.execute(trx);
    for (const r of rows.rows) ids.add(r.meeting_id);
  }
  for (const id of ids) await queueMeetingIndex(trx, id);
  return ids.size;
}
