/** SQL for the search index (search_document). */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';
import { applyWordCounts, expandedQuery, joinSplitIdentifiers, meetingWordCounts } from './words.ts';

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
  // the word table (search expansion) follows the documents in the same transaction
  const before = await meetingWordCounts(ex, meetingId);
  await ex.deleteFrom('search_document').where('meeting_id', '=', meetingId).execute();
  const normalised = docs.map((d) => ({ ...d, title: joinSplitIdentifiers(d.title), body: joinSplitIdentifiers(d.body) }));
  for (let i = 0; i < normalised.length; i += 200) {
    await ex.insertInto('search_document').values(normalised.slice(i, i + 200)).execute();
  }
  await applyWordCounts(ex, meetingId, before);
}

export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

/**
 * Ranked full-text hits ('swedish' configuration): the top rows are chosen
 * first, and only they get a highlighted snippet (ts_headline is costly).
 * The query's words are expanded through the word table (words.ts: compound
 * parts, typos); documents matching the query as written rank above those
 * found only through an expansion.
 */
export async function fullText(ex: Executor, q: string, opts: { publicOnly: boolean; secretBodies?: number[] | 'all'; limit: number }) {
  const expanded = await expandedQuery(ex, q);
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
    /** matches the query as written (not only through an expansion) */
    exact: boolean;
    snippet: string;
  }>`
    with q0 as (select websearch_to_tsquery('swedish', ${q}) as exact),
    q as (select q0.exact, ${expanded === null ? sql`q0.exact` : sql`q0.exact || ${expanded}::tsquery`} as query from q0),
    top as (
      select d.*, d.tsv @@ q.exact as exact, ts_rank_cd(d.tsv, q.query) as rank from search_document d, q
      where d.tsv @@ q.query ${
        opts.publicOnly
          ? sql`and d.public`
          : opts.secretBodies === undefined || opts.secretBodies === 'all'
            ? sql``
            : sql`and (d.public or d.meeting_id in (select m.id from meeting m where m.body_id = any(${opts.secretBodies}::int[])))`
      }
      order by exact desc, rank desc, d.id limit ${opts.limit}
    )
    select top.kind, top.ref_id, top.public, top.meeting_id, top.title, top.item_id, top.item_number, top.meeting_date, top.case_number, top.presenters, top.rank, top.exact,
           ts_headline('swedish', case when top.body = '' then top.title else top.body end, q.query, ${options}) as snippet
    from top, q order by top.exact desc, top.rank desc, top.id`.execute(ex).then((r) => r.rows);
}
