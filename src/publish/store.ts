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
}

export async function replaceMeetingDocuments(ex: Executor, meetingId: number, docs: NewSearchDocument[]): Promise<void> {
  await ex.deleteFrom('search_document').where('meeting_id', '=', meetingId).execute();
  for (let i = 0; i < docs.length; i += 200) {
    await ex.insertInto('search_document').values(docs.slice(i, i + 200)).execute();
  }
}

export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

/** Ranked full-text hits ('swedish' configuration) with a highlighted snippet. */
export async function fullText(ex: Executor, q: string, opts: { publicOnly: boolean; limit: number }) {
  const query = sql`websearch_to_tsquery('swedish', ${q})`;
  return sql<{
    kind: NewSearchDocument['kind'];
    ref_id: number;
    meeting_id: number | null;
    case_id: number | null;
    title: string;
    rank: number;
    snippet: string;
  }>`
    select d.kind, d.ref_id, d.meeting_id, d.case_id, d.title,
           ts_rank_cd(d.tsv, ${query}) as rank,
           ts_headline('swedish', case when d.body = '' then d.title else d.body end, ${query},
             ${`StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`}) as snippet
    from search_document d
    where d.tsv @@ ${query} ${opts.publicOnly ? sql`and d.public` : sql``}
    order by rank desc, d.id
    limit ${opts.limit}`.execute(ex).then((r) => r.rows);
}
