/**
 * Search ranking bounded, words per reader, uploaded PDFs' text (issue 20.1/20.2; docs/search.md).
 *
 * - search_document.title_tsv: the title's own tsvector under a GIN index, so
 *   that the documents whose title matches (the ones ts_rank_cd puts first:
 *   weight A) are found as candidates without reading any body. Only a
 *   bounded number of candidates is ranked (publish/store.ts fullText).
 * - search_word.public_docs: in how many public documents a word occurs, so
 *   that the public's query expansion (typos, compound parts) only widens
 *   over words the public may read: a word that exists only in secret or
 *   personal text is never used, counted or hinted at.
 * - file_text: the text of an uploaded PDF (pdf.js), by the file's hash,
 *   extracted in the background by the search queue (publish/search.ts
 *   indexQueued) and indexed with the agenda item it belongs to. `error` is
 *   set when the file holds no text (scanned pages) or cannot be read, so it
 *   is not tried again on every rebuild.
 */
export const sql = /* sql */ `
alter table search_document add column title_tsv tsvector generated always as (to_tsvector('swedish', title)) stored;
create index search_document_title_tsv on search_document using gin (title_tsv);

alter table search_word add column public_docs int not null default 0;
update search_word w set public_docs = c.n
  from (
    select l, count(*)::int as n from search_document d, unnest(tsvector_to_array(d.tsv)) l
    where d.public and l ~ '[[:alpha:]]' and length(l) between 3 and 40 group by l
  ) c
  where c.l = w.lexeme;

create table file_text (
  sha256 text primary key references stored_file(sha256),
  text text not null default '',
  pages int,
  error text,
  extracted_at timestamptz not null default now()
);
`;
