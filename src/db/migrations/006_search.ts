/** Swedish full-text search: the attachments' text of agenda items, and one search document per searchable thing. */
export const sql = /* sql */ `
alter table agenda_item add column attachment_text text;

create table search_document (
  id bigserial primary key,
  kind text not null check (kind in ('case', 'agenda-item', 'decision', 'attachment')),
  ref_id int not null,
  meeting_id int,
  case_id int,
  public boolean not null default true,
  title text not null,
  body text not null default '',
  tsv tsvector generated always as (
    setweight(to_tsvector('swedish', title), 'A') || setweight(to_tsvector('swedish', body), 'B')
  ) stored,
  unique (kind, ref_id)
);
create index search_document_tsv on search_document using gin (tsv);
create index search_document_meeting on search_document (meeting_id);
`;
