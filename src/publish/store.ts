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
 * How many candidates are ranked at most (issue 20.1): the cost of a search
 * does not grow with the number of matching documents. Candidates are, each
 * up to this many and newest first: the documents whose title matches
 * (found through their own title index, the ones ts_rank_cd puts first), the
 * documents matching the query as written, and those matching only through
 * an expansion; only they are read and ranked.
 */
export const RANK_CANDIDATES = 300;

/**
 * Ranked full-text hits ('swedish' configuration): a bounded set of
 * candidates (RANK_CANDIDATES) is chosen through the GIN indexes without
 * reading any document's text, only they are ranked, the top rows are kept,
 * and only they get a highlighted snippet (ts_headline is costly). The
 * query's words are expanded through the word table (words.ts: compound
 * parts, typos) over the words the asker may read; documents matching the
 * query as written rank above those found only through an expansion.
 */
export async function fullText(ex: Executor, q: string, opts: { publicOnly: boolean; secretBodies?: number[] | 'all'; limit: number; candidates?: number }) {
  const secretBodies = opts.secretBodies ?? 'all';
  const expanded = await expandedQuery(ex, q, opts.publicOnly ? { publicOnly: true } : { publicOnly: false, secretBodies });
  const options = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
  const n = opts.candidates ?? RANK_CANDIDATES;
  const visible = opts.publicOnly
    ? sql`and d.public`
    : secretBodies === 'all'
      ? sql``
      : sql`and (d.public or d.meeting_id in (select m.id from meeting m where m.body_id = any(${secretBodies}::int[])))`;
  // newest first: the order in which candidates are taken when more match than are ranked
  const newest = sql`order by d.meeting_date desc nulls last, d.id desc limit ${n}`;
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
    candidate as (
      (select d.id from search_document d, q where d.title_tsv @@ q.query ${visible} ${newest})
      union
      (select d.id from search_document d, q where d.tsv @@ q.exact ${visible} ${newest})
      ${expanded === null ? sql`` : sql`union (select d.id from search_document d, q where d.tsv @@ q.query ${visible} ${newest})`}
    ),
    top as (
      select d.*, d.tsv @@ q.exact as exact, ts_rank_cd(d.tsv, q.query) as rank from candidate c join search_document d on d.id = c.id, q
      order by exact desc, rank desc, d.id limit ${opts.limit}
    )
    select top.kind, top.ref_id, top.public, top.meeting_id, top.title, top.item_id, top.item_number, top.meeting_date, top.case_number, top.presenters, top.rank, top.exact,
           ts_headline('swedish', case when top.body = '' then top.title else top.body end, q.query, ${options}) as snippet
    from top, q order by top.exact desc, top.rank desc, top.id`.execute(ex).then((r) => r.rows);
}

/** The longest text of one uploaded file that is indexed (a tsvector holds at most 1 MB). */
export const FILE_TEXT_LIMIT = 400_000;

/**
 * The files uploaded to a meeting's items (documents module, `attachment`),
 * with their extracted text when the search queue has read it. Files an
 * import split out of the kallelse are left out when their item has the
 * imported papers' text: that text is indexed already.
 */
export async function meetingFiles(ex: Executor, meetingId: number) {
  const r = await sql<{ id: number; agenda_item_id: number; decision_basis_id: number | null; title: string; file_sha256: string; text: string | null; extracted: boolean }>`
    select a.id, a.agenda_item_id, a.decision_basis_id, a.title, a.file_sha256, ft.text, ft.sha256 is not null as extracted
    from attachment a join agenda_item ai on ai.id = a.agenda_item_id left join file_text ft on ft.sha256 = a.file_sha256
    where ai.meeting_id = ${meetingId} and not (a.uploaded_by like '% (import %' and ai.attachment_text is not null)
    order by ai.number, a.position, a.id`.execute(ex);
  return r.rows;
}

/** Keeps the extracted text of files (by hash: the same file is read once, whoever uploaded it where). */
export async function saveFileTexts(ex: Executor, texts: Array<{ sha256: string; text: string; pages: number | null; error: string | null }>): Promise<void> {
  if (!texts.length) return;
  await ex.insertInto('file_text').values(texts).onConflict((oc) => oc.column('sha256').doNothing()).execute();
}
