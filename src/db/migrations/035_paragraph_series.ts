/**
 * The paragraph series of issue 15.2: the first § number of a body's year,
 * for a body that continues a series begun in another system. Without a row
 * the year starts at § 1. The numbers themselves are the decisions'
 * (decision.paragraph, paragraph_year); the counter of migration 003 went
 * only upwards and so numbered an earlier meeting after a later one – the
 * next number is now read from the numbered meetings of the year, in date
 * order (src/minutes/numbering.ts), and the counter is dropped.
 */
export const sql = /* sql */ `
create table paragraph_series (
  body_id int not null references body(id),
  year int not null check (year between 1900 and 2200),
  first_paragraph int not null check (first_paragraph between 1 and 100000),
  note text check (note is null or length(note) <= 500),
  version int not null default 1,
  updated_by text not null,
  updated_at timestamptz not null default now(),
  primary key (body_id, year)
);

drop table paragraph_counter;
`;
