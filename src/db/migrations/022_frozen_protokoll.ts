/**
 * The signed protokoll is frozen. When the first adjuster signs, everything
 * the protokoll shows (attendance with names, parties and roles, serving
 * substitutes, decisions, adjusters) is kept as a snapshot; every signature
 * is over the PDF rendered from it. At the last signature that PDF is stored
 * in the file store (a stored_file row) and recorded as the minutes'
 * rendition 'original', together with the public version (secret items left
 * out, personnummer and natural persons' names masked). Extracts are
 * renditions of one paragraph. A rendition is keyed by the content it was
 * rendered from, so an item marked secret after signing gives a new public
 * rendition while the original and the earlier public ones stay.
 *
 * Snapshots and renditions are append-only, and a locked protokoll's hash
 * cannot be changed: the database refuses it, whatever the application does.
 */
export const sql = /* sql */ `
create table minutes_snapshot (
  minutes_id int primary key references minutes(id),
  content jsonb not null,
  taken_at timestamptz not null default now(),
  taken_by text not null
);

create table minutes_rendition (
  id serial primary key,
  minutes_id int not null references minutes(id),
  document text not null check (document in ('protokoll', 'utdrag')),
  -- the paragraph of an extract; 0 for the whole protokoll
  paragraph int not null default 0,
  audience text not null check (audience in ('original', 'public')),
  -- SHA-256 of the snapshot it was rendered from (canonical JSON): for the public
  -- version after secret content was left out and personal data masked
  source_sha256 text not null,
  file_sha256 text not null references stored_file(sha256),
  created_at timestamptz not null default now(),
  created_by text not null,
  unique (minutes_id, document, paragraph, audience, source_sha256)
);

create function minutes_frozen_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'Det justerade protokollet är fryst: % kan inte ändras eller tas bort', tg_table_name;
end $$;
create trigger minutes_snapshot_frozen before update or delete on minutes_snapshot
  for each row execute function minutes_frozen_is_append_only();
create trigger minutes_rendition_frozen before update or delete on minutes_rendition
  for each row execute function minutes_frozen_is_append_only();

create function minutes_locked_hash_fixed() returns trigger language plpgsql as $$
begin
  if old.locked_at is not null and (new.pdf_sha256 is distinct from old.pdf_sha256 or new.locked_at is distinct from old.locked_at) then
    raise exception 'Protokollet är justerat: dess kontrollsumma och låsning kan inte ändras';
  end if;
  return new;
end $$;
create trigger minutes_locked_hash before update on minutes
  for each row execute function minutes_locked_hash_fixed();
`;
