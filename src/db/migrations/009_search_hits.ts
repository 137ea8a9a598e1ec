/** The search index carries what a hit shows (item, meeting date, case number, presenters), so a search is one query. */
export const sql = /* sql */ `
alter table search_document add column item_id int;
alter table search_document add column item_number int;
alter table search_document add column meeting_date date;
alter table search_document add column case_number text;
alter table search_document add column presenters text[] not null default '{}';
`;
