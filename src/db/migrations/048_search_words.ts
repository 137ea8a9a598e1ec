/**
 * Search that understands Swedish (issue 20.2): the words of the index.
 * search_word holds every distinct lexeme of search_document's tsvectors
 * (letters in it, 3–40 characters) with the number of documents it occurs
 * in and its folded form (å, ä → a, ö → o, accents dropped); a trigram index
 * over the folded form lets a query term expand to the indexed words that
 * contain it (Swedish compounds: "stöd" → "företagsstöd") or resemble it
 * (typos: "företg" → "företag", "Eklof" → "eklöf"). Maintained by
 * publish/store.ts in the transaction that writes a meeting's documents.
 */
export const sql = /* sql */ `
create table search_word (
  lexeme text primary key,
  folded text not null,
  docs int not null
);
create index search_word_folded_trgm on search_word using gin (folded styrbord_ext.gin_trgm_ops) with (fastupdate = off);
insert into search_word (lexeme, folded, docs)
  select l, translate(l, 'åäöáàâãéèêëíìîïóòôõúùûüýçñæø', 'aaoaaaaeeeeiiiioooouuuuycnao'), count(*)::int
  from search_document d, unnest(tsvector_to_array(d.tsv)) l
  where l ~ '[[:alpha:]]' and length(l) between 3 and 40
  group by l;
`;
