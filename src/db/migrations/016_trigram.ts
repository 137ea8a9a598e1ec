/**
 * Substring search (case numbers, case titles, item titles, presenters) by
 * trigram indexes, so `ilike '%…%'` no longer reads every row. pg_trgm lives
 * in a schema of its own, styrbord_ext: one copy however many schemas use it,
 * and untouched when a restore moves the old public schema aside (it is a
 * trusted extension, so a database owner may create it; one installed
 * elsewhere earlier is moved there). Migrations hold an advisory lock, so two
 * schemas never create it at once. Presenters are searched through
 * search_join(), an immutable wrapper the index can use.
 */
export const extensionsSql = /* sql */ `
create schema if not exists styrbord_ext;
do $$
begin
  if not exists (select 1 from pg_extension where extname = 'pg_trgm') then
    create extension pg_trgm with schema styrbord_ext;
  elsif (select extnamespace::regnamespace::text from pg_extension where extname = 'pg_trgm') <> 'styrbord_ext' then
    alter extension pg_trgm set schema styrbord_ext;
  end if;
end $$;
`;

export const sql = /* sql */ `
${extensionsSql}
create function search_join(text[]) returns text language sql immutable parallel safe as $$ select array_to_string($1, ' | ') $$;
create index diarium_case_number_trgm on diarium_case using gin (case_number styrbord_ext.gin_trgm_ops) with (fastupdate = off);
create index diarium_case_title_trgm on diarium_case using gin (title styrbord_ext.gin_trgm_ops) with (fastupdate = off);
create index agenda_item_title_trgm on agenda_item using gin (title styrbord_ext.gin_trgm_ops) with (fastupdate = off);
create index agenda_item_presenters_trgm on agenda_item using gin (search_join(presenters) styrbord_ext.gin_trgm_ops) with (fastupdate = off);
create index agenda_sub_item_title_trgm on agenda_sub_item using gin (title styrbord_ext.gin_trgm_ops) with (fastupdate = off);
create index agenda_sub_item_presenters_trgm on agenda_sub_item using gin (search_join(presenters) styrbord_ext.gin_trgm_ops) with (fastupdate = off);
`;
