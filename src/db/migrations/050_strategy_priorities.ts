/**
 * The priorities of the regional development strategy as records (issue 16.7):
 * a name (as long as the inriktningsbeslut writes it: "Hållbart näringsliv"),
 * a code (free text up to 40 characters: "1", "2b", "RUS-A"), the order the
 * report lists them in. A co-financing application points to the record
 * whose code is its priority rank: the ranks typed so far become records
 * (named "Rangordning 2b" for a number), and a new or changed application
 * is linked by the trigger; a record created later links the applications
 * with its code (stateReportStore.createPriority).
 */
export const sql = /* sql */ `
create table strategy_priority (
  id serial primary key,
  code text not null unique check (char_length(code) between 1 and 40 and code = btrim(code)),
  name text not null check (char_length(name) between 1 and 300 and name = btrim(name)),
  position int not null check (position between 1 and 1000),
  version int not null default 1,
  created_by text not null,
  updated_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

alter table cofinancing_application add column strategy_priority_id int references strategy_priority(id);
create index cofinancing_application_priority on cofinancing_application (strategy_priority_id);

insert into strategy_priority (code, name, position, created_by, updated_by)
select rank, case when rank ~ '^[0-9]' then 'Rangordning ' || rank else rank end, least(1000, row_number() over (order by rank)), 'migration 050', 'migration 050'
from (select distinct left(btrim(priority_rank), 40) as rank from cofinancing_application where btrim(priority_rank) <> '') ranks;

update cofinancing_application a set strategy_priority_id = p.id from strategy_priority p where p.code = left(btrim(a.priority_rank), 40);

create function cofinancing_priority_link() returns trigger language plpgsql as $$
begin
  new.strategy_priority_id := (select id from strategy_priority where code = btrim(new.priority_rank));
  return new;
end $$;

create trigger cofinancing_priority_link before insert or update of priority_rank on cofinancing_application
for each row execute function cofinancing_priority_link();
`;
