/**
 * The business-support register kept by hand and from the national system's
 * export (issue 16.6): where a row came from, its decision date, a version
 * for optimistic locking and who changed it last; and the link from a
 * commitment against the 1:1 appropriation to the register decision that
 * made it (business-support decisions commit the appropriation's
 * 'business-support' line automatically, one commitment per granted row).
 */
export const sql = /* sql */ `
alter table business_support add column source text not null default 'delegation-report' check (source in ('delegation-report', 'manual', 'import'));
alter table business_support add column decided_on date;
alter table business_support add column version int not null default 1;
alter table business_support add column updated_by text;
alter table business_support add column updated_at timestamptz not null default now();
create index business_support_nyps_id on business_support (nyps_id);
create index business_support_case_number on business_support (case_number);

alter table appropriation_commitment add column business_support_id int unique references business_support(id) on delete cascade;
`;
