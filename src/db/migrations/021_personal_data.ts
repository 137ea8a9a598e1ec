/**
 * Personal data (issue 13, point 2). Natural persons – sole traders
 * (enskild firma) in the business support register and co-financing
 * applicants – carry a mark; their names are masked on every public path.
 * The mark is inferred (the register: a company name without a legal form;
 * an application: an organisationsnummer that is the owner's personnummer,
 * third digit below 2) and can be set by staff (`natural_person_set_by` then
 * names who did, and a re-import keeps it). Every meeting is queued for a
 * new search index, so that documents indexed before the masking covered
 * every form of personnummer (and the names) are rebuilt; a public document
 * whose text masking changed gets a non-public twin with the text as
 * written, for staff's search, so (kind, ref_id) is no longer unique (the
 * documents are replaced per meeting, under the meeting's advisory lock).
 */
export const sql = /* sql */ `
alter table business_support add column natural_person boolean;
update business_support set natural_person = sole_trader;
alter table business_support alter column natural_person set not null;
alter table business_support add column natural_person_set_by text;

alter table cofinancing_application add column natural_person boolean;
update cofinancing_application set natural_person =
  coalesce(org_number ~ '^[0-9]{6}-?[0-9]{4}$' and substr(org_number, 3, 1) < '2', false);
alter table cofinancing_application alter column natural_person set not null;
alter table cofinancing_application alter column natural_person set default false;
alter table cofinancing_application add column natural_person_set_by text;

-- a public search document holds the masked text; staff keep a non-public copy as written (publish/search.ts)
alter table search_document drop constraint search_document_kind_ref_id_key;
create index search_document_ref on search_document (kind, ref_id);

insert into search_queue (meeting_id) select id from meeting on conflict (meeting_id) do nothing;
`;
