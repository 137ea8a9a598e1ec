/** SQL for the search index (search_document). */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';

export interface NewSearchDocument {
  kind: 'case' | 'agenda-item' | 'decision' | 'attachment';
  ref_id: number;
  meeting_id: number | null;
  case_id: number | null;
  public: boolean;
  title: string;
  body: string;
  item_id: number | null;
  item_number: number | null;
  meeting_date: string | null;
  case_number: string | null;
  presenters: string[];
}

export async function replaceMeetingDocuments(ex: Executor, meetingId: number, docs: NewSearchDocument[]): Promise<void> {
  // one rebuild of a meeting at a time (the queue's and a request's could meet): the second waits, then replaces the first's
  await sql`select pg_advisory_xact_lock(7367831, ${meetingId})`.execute(ex);
  await ex.deleteFrom('search_document').where('meeting_id', '=', meetingId).execute();
  for (let i = 0; i < docs.length; i += 200) {
    await ex.insertInto('search_document').values(docs.slice(i, i + 200)).execute();
  }
}

export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

/**
 * Ranked full-text hits ('swedish' configuration): the top rows are chosen
 * first, and only they get a highlighted snippet (ts_headline is costly).
 */
export async function fullText(ex: Executor, q: string, opts: { publicOnly: boolean; secretBodies?: number[] | 'all'; limit: number }) {
  const options = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
  return sql<{
    kind: NewSearchDocument['kind'];
    ref_id: number;
    public: boolean;
    meeting_id: number | null;
    title: string;
    item_id: number | null;
    item_number: number | null;
    meeting_date: string | null;
    case_number: string | null;
    presenters: string[];
    rank: number;
    snippet: string;
  }>`
    with q as (select websearch_to_tsquery('swedish', ${q}) as query),
    top as (
      select d.*, ts_rank_cd(d.tsv, q.query) as rank from search_document d, q
      where d.tsv @@ q.query ${
        opts.publicOnly
          ? sql`and d.public`
          : opts.secretBodies === undefined || opts.secretBodies === 'all'
            ? sql``
            : sql`and (d.public or d.meeting_id in (select m.id from meeting m where m.body_id = any(${opts.secretBodies}::int[])))`
      }
      order by rank desc, d.id limit ${opts.limit}
    )
    select top.kind, top.ref_id, top.public, top.meeting_id, top.title, top.item_id, top.item_number, top.meeting_date, top.case_number, top.presenters, top.rank,
           ts_headline('swedish', case when top.body = '' then top.title else top.body end, q.query, ${options}) as snippet
    from top, q order by top.rank desc, top.id`.execute(ex).then((r) => r.rows);
}
