/**
 * The audit log becomes tamper-evident: every entry carries
 *   hash = sha256(prev_hash || audit_log_entry_text(entry))
 * where prev_hash is the previous entry's hash (64 zeros before the first) and
 * the entry's text is a JSON array built by PostgreSQL itself (jsonb's text
 * form is normalised: key order, spacing, numbers), with the time in UTC to
 * the microsecond, so the text is the same on PGlite and on a server whatever
 * their TimeZone or DateStyle.
 *
 * A BEFORE INSERT trigger computes it, so every insert path is covered. It
 * locks the one row of audit_chain_head (FOR UPDATE, held to commit), reads
 * the last entry, and only then takes the entry's id from the sequence:
 * writers are serialised, ids follow the chain, and a concurrent writer waits
 * instead of forking it (under repeatable read it gets a serialization error
 * rather than a stale view). An AFTER INSERT statement trigger moves the head
 * to the statement's last entry, so a log cut short at the end is noticed.
 *
 * Existing entries are chained in id order here. Verification:
 * src/ops/auditVerify.ts (`npm run audit-verify`).
 */
export const sql = /* sql */ `
create function audit_log_entry_text(id bigint, at timestamptz, actor text, action text, entity text, entity_id text, before jsonb, after jsonb)
returns text language sql stable parallel safe as $$
  select jsonb_build_array(id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), actor, action, entity, entity_id, before, after)::text
$$;

create function audit_log_hash(prev_hash text, entry_text text) returns text language sql immutable parallel safe as $$
  select encode(sha256(convert_to(prev_hash || entry_text, 'UTF8')), 'hex')
$$;

alter table audit_log add column prev_hash text, add column hash text;

create table audit_chain_head (
  only_row boolean primary key default true check (only_row),
  last_id bigint,
  hash text not null
);

alter table audit_log disable trigger audit_log_no_update;
do $$
declare
  r record;
  h text := repeat('0', 64);
  last bigint;
begin
  for r in select * from audit_log order by id loop
    update audit_log set prev_hash = h, hash = audit_log_hash(h, audit_log_entry_text(r.id, r.at, r.actor, r.action, r.entity, r.entity_id, r.before, r.after))
      where id = r.id returning hash into h;
    last := r.id;
  end loop;
  insert into audit_chain_head (last_id, hash) values (last, h);
end $$;
alter table audit_log enable trigger audit_log_no_update;

alter table audit_log alter column prev_hash set not null, alter column hash set not null;
-- ids are taken by the trigger, under the chain's lock
alter table audit_log alter column id drop default;

create function audit_log_chain() returns trigger language plpgsql as $$
declare
  prev text;
begin
  -- the chain's lock, held to commit; under repeatable read a head moved since the snapshot is a serialization error
  perform 1 from audit_chain_head where only_row for update;
  if not found then
    raise exception 'Granskningsloggens kedja saknar sitt huvud (tabellen audit_chain_head är tom)';
  end if;
  -- the previous entry: the last committed one, or one this transaction (or statement) wrote before
  select hash into prev from audit_log order by id desc limit 1;
  new.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
  new.at := coalesce(new.at, now());
  new.prev_hash := coalesce(prev, repeat('0', 64));
  new.hash := audit_log_hash(new.prev_hash, audit_log_entry_text(new.id, new.at, new.actor, new.action, new.entity, new.entity_id, new.before, new.after));
  return new;
end $$;
create trigger audit_log_chain before insert on audit_log for each row execute function audit_log_chain();

-- the head moves once per statement (not per row: a row updated many times in one transaction gets slow)
create function audit_chain_head_move() returns trigger language plpgsql as $$
begin
  update audit_chain_head h set last_id = n.id, hash = n.hash
    from (select id, hash from new_entries order by id desc limit 1) n
    where h.only_row;
  return null;
end $$;
create trigger audit_chain_head_move after insert on audit_log referencing new table as new_entries
  for each statement execute function audit_chain_head_move();

create function audit_chain_head_no_delete() returns trigger language plpgsql as $$
begin
  raise exception 'audit_chain_head kan inte tas bort: den är granskningsloggens kedjehuvud';
end $$;
create trigger audit_chain_head_no_delete before delete on audit_chain_head
  for each row execute function audit_chain_head_no_delete();
`;
