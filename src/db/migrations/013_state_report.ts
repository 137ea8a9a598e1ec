/**
 * The state report (återrapportering): the narrative texts per year, one per
 * heading of the report form, and the table of section 5 (analyses), with
 * optimistic locking. The figures of section 2 are not stored: they are
 * computed from the records each time.
 */
export const sql = /* sql */ `
create table state_report (
  year int primary key check (year between 2000 and 2100),
  sections jsonb not null default '{}'::jsonb,
  analyses jsonb not null default '[]'::jsonb,
  copied_from int check (copied_from is null or copied_from < year),
  version int not null default 1,
  updated_by text not null,
  updated_at timestamptz not null default now()
);
`;
