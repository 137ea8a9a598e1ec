/**
 * Swedish word handling for search (issue 20.2; docs/search.md): the index's
 * word table (search_word, migration 048) kept in step with search_document,
 * query expansion over it (compound parts and typos, with å/ä/ö folded), and
 * the normalising of identifiers a PDF's text broke across lines.
 */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';

/** Lexemes kept in the word table: with a letter, 3–40 characters (numbers and codes are matched exactly). */
const WORD_FILTER = sql`l ~ '[[:alpha:]]' and length(l) between 3 and 40`;
const FOLD_FROM = 'åäöáàâãéèêëíìîïóòôõúùûüýçñæø';
const FOLD_TO = 'aaoaaaaeeeeiiiioooouuuuycnao';
/** The folded form of a lexeme, in SQL (no unaccent: PGlite does not have it). */
export const foldSql = (e: ReturnType<typeof sql>) => sql`translate(${e}, ${FOLD_FROM}, ${FOLD_TO})`;
/** The same folding in JavaScript. */
export function fold(s: string): string {
  let out = '';
  for (const ch of s.toLowerCase()) {
    const i = FOLD_FROM.indexOf(ch);
    out += i < 0 ? ch : FOLD_TO[i];
  }
  return out;
}

/** How many of a meeting's documents (and of its public ones) hold each word. */
export interface WordCounts {
  lexemes: string[];
  counts: number[];
  publicCounts: number[];
}

const meetingWords = (meetingId: number) => sql`
  select l, count(*)::int as n, (count(*) filter (where d.public))::int as p from search_document d, unnest(tsvector_to_array(d.tsv)) l
  where d.meeting_id = ${meetingId} and ${WORD_FILTER} group by l`;

/** How many of a meeting's documents hold each word (read before they are replaced). */
export async function meetingWordCounts(ex: Executor, meetingId: number): Promise<WordCounts> {
  const rows = await sql<{ l: string; n: number; p: number }>`${meetingWords(meetingId)}`.execute(ex);
  return { lexemes: rows.rows.map((r) => r.l), counts: rows.rows.map((r) => r.n), publicCounts: rows.rows.map((r) => r.p) };
}

/**
 * After a meeting's documents were replaced: adds the new documents' words
 * and takes away the old ones' (`before`, from meetingWordCounts), in one
 * statement in lexeme order (two meetings written at once lock shared words
 * in the same order), then drops words no document holds any more. The
 * public documents' count is kept beside the total: the public's query
 * expansion only uses words that occur in public text.
 */
export async function applyWordCounts(ex: Executor, meetingId: number, before: WordCounts): Promise<void> {
  await sql`
    with now_ as (${meetingWords(meetingId)}),
    was as (select * from unnest(${before.lexemes}::text[], ${before.counts}::int[], ${before.publicCounts}::int[]) as w(l, n, p)),
    delta as (
      select coalesce(now_.l, was.l) as l, coalesce(now_.n, 0) - coalesce(was.n, 0) as d, coalesce(now_.p, 0) - coalesce(was.p, 0) as dp
      from now_ full join was on now_.l = was.l
    )
    insert into search_word (lexeme, folded, docs, public_docs)
    select l, ${foldSql(sql`l`)}, d, dp from delta where d <> 0 or dp <> 0 order by l
    on conflict (lexeme) do update set docs = search_word.docs + excluded.docs, public_docs = search_word.public_docs + excluded.public_docs`.execute(ex);
  if (before.lexemes.length) await sql`delete from search_word where lexeme = any(${before.lexemes}::text[]) and docs <= 0`.execute(ex);
}

/**
 * Joins an identifier that a line break split after a hyphen ("Regt-\n53-20",
 * "Regt-97-\n21" → "Regt-53-20", "Regt-97-21"): a token of letters and digits
 * ending in "-" at the end of a line, followed (after blank lines) by a token
 * that starts with a digit, or whose first part already holds a digit. Word
 * hyphenation ("sam-\nverkan") is left as it is: "innovations- och" is Swedish
 * too, and the two cannot be told apart by form alone.
 */
export function joinSplitIdentifiers(text: string): string {
  return text.replace(/(^|[^\p{L}\p{N}-])((?:[\p{L}\p{N}]+-)+)[ \t]*\r?\n(?:[ \t]*\r?\n)*[ \t]*([\p{L}\p{N}][\p{L}\p{N}-]*)/gu, (all, pre: string, head: string, tail: string) =>
    /^\p{N}/u.test(tail) || /\p{N}/u.test(head) ? `${pre}${head}${tail}` : all,
  );
}

/** Expansions per query term. */
export const EXPAND = {
  /** words holding the term as a part (compounds), most frequent first, suffixes (the compound's head) before */
  parts: 12,
  /** words resembling a term with few exact hits */
  similar: 5,
  /** trigram similarity of a resembling word at least */
  similarity: 0.45,
  /** a term with fewer exact documents than this gets resembling words */
  fewHits: 3,
  /** shortest term expanded to compounds (shorter ones hold in too many words) */
  minPart: 4,
  minSimilar: 4,
} as const;

/**
 * Whose words a query may expand over: the public's (words in public
 * documents), a reader of every body's non-public documents (all words), or
 * of some bodies' (words in public documents or in those bodies' non-public
 * ones). A word that occurs only in text the asker may not read is never
 * used, so the search neither finds through it nor hints that it exists.
 */
export type WordScope = { publicOnly: true } | { publicOnly: false; secretBodies: number[] | 'all' };

/**
 * The tsquery text of a query with each plain word expanded (the words of the
 * index holding it as a part, or, with few exact hits, resembling it), OR'ed
 * per term and AND'ed across terms; null when nothing is to be expanded (a
 * query using websearch syntax – quotes, OR, "-" – is taken as written).
 * Only words the asker may read count (`scope`), also when telling whether a
 * term has few hits.
 */
export async function expandedQuery(ex: Executor, query: string, scope: WordScope = { publicOnly: true }): Promise<string | null> {
  if (/["]|(^|\s)-|\s(or|OR)\s/.test(query)) return null;
  const terms = query.split(/\s+/).filter(Boolean).slice(0, 8);
  if (!terms.length) return null;
  // the documents a word is counted in, for this asker
  const docs = scope.publicOnly ? sql.raw('public_docs') : sql.raw('docs');
  const readable =
    scope.publicOnly
      ? sql`w.public_docs > 0`
      : scope.secretBodies === 'all'
        ? sql`true`
        : sql`(w.public_docs > 0 or exists (
            select 1 from search_document d join meeting m on m.id = d.meeting_id
            where not d.public and m.body_id = any(${scope.secretBodies}::int[]) and d.tsv @@ quote_literal(w.lexeme)::tsquery))`;
  const rows = await sql<{ ord: number; plain: string; lexeme: string | null }>`
    with t as (select term, ord::int from unnest(${terms}::text[]) with ordinality as t(term, ord)),
    s as (
      select t.ord, t.term, plainto_tsquery('swedish', t.term)::text as plain,
             case when t.term ~ '^[[:alpha:]]+$' then (tsvector_to_array(to_tsvector('swedish', t.term)))[1] end as stem
      from t
    ),
    f as (
      select s.*, ${foldSql(sql`s.stem`)} as fold, coalesce((select w.${docs} from search_word w where w.lexeme = s.stem), 0) as exact_docs from s
    )
    select f.ord, f.plain, e.lexeme from f
    left join lateral (
      (select w.lexeme from search_word w
       where f.stem is not null and length(f.fold) >= ${EXPAND.minPart} and w.folded like '%' || f.fold || '%' and w.lexeme <> f.stem and ${readable}
       order by (w.folded like '%' || f.fold) desc, w.${docs} desc, w.lexeme limit ${EXPAND.parts})
      union
      (select w.lexeme from search_word w
       where f.stem is not null and length(f.fold) >= ${EXPAND.minSimilar} and f.exact_docs < ${EXPAND.fewHits}
         and w.folded operator(styrbord_ext.%) f.fold and w.lexeme <> f.stem and ${readable}
         and styrbord_ext.similarity(w.folded, f.fold) >= ${EXPAND.similarity}
       order by styrbord_ext.similarity(w.folded, f.fold) desc, w.${docs} desc, w.lexeme limit ${EXPAND.similar})
    ) e on true
    order by f.ord`.execute(ex);
  const byTerm = new Map<number, { plain: string; more: string[] }>();
  for (const r of rows.rows) {
    const t = byTerm.get(r.ord) ?? { plain: r.plain, more: [] };
    if (r.lexeme) t.more.push(r.lexeme);
    byTerm.set(r.ord, t);
  }
  if (![...byTerm.values()].some((t) => t.more.length)) return null;
  const quote = (l: string) => `'${l.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  const parts = [...byTerm.values()]
    .filter((t) => t.plain !== '' || t.more.length)
    .map((t) => `( ${[...(t.plain ? [`( ${t.plain} )`] : []), ...t.more.map(quote)].join(' | ')} )`);
  return parts.length ? parts.join(' & ') : null;
}
