/**
 * E-archive deliveries (issue 21.5): every SIP built for the e-archive – a
 * meeting's or a year's adjusted papers of one body – with its package
 * identity (the METS OBJID), what it holds, the tar's size and SHA-256, and
 * who made it when. Append-only: a delivery is a fact, never edited.
 */
export const sql = /* sql */ `
create table archive_delivery (
  id serial primary key,
  package_id text not null unique check (package_id ~ '^uuid-[0-9a-f-]{36}$'),
  body_id integer not null references body (id),
  scope text not null check (scope in ('meeting', 'year')),
  meeting_id integer references meeting (id),
  year integer check (year between 1900 and 2200),
  meeting_ids integer[] not null,
  file_count integer not null check (file_count > 0),
  secret_count integer not null default 0,
  byte_size bigint not null check (byte_size > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  file_name text not null,
  created_at timestamptz not null default now(),
  created_by text not null,
  constraint archive_delivery_scope check ((scope = 'year') = (year is not null))
);
create index archive_delivery_body on archive_delivery (body_id, created_at desc);

create function archive_delivery_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'En arkivleverans ändras eller tas aldrig bort.';
end $$;
create trigger archive_delivery_append_only before update or delete on archive_delivery
  for each row execute function archive_delivery_append_only();
`;
