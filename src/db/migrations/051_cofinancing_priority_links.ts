/**
 * Co-financing applications and decisions point to the strategy's priority
 * records (issue 16.7, after migration 050).
 *
 * - An application's priority is picked from the records: the id set by the
 *   service is kept (050's trigger overwrote it from the typed rank); an
 *   application saved with a typed rank only is still linked by code.
 * - Every decision (grant, extension) points to a priority: a new decision
 *   takes its application's unless one is given; a pending decision follows
 *   its application's; a decided one keeps its own (the state report counts
 *   the priority the decision names; the decision panel may correct it).
 * - Old data: decisions take their application's link; an application whose
 *   typed rank matches a code is linked; one that matches none keeps its rank
 *   (priority_rank, visible and flagged in the view and the report).
 */
export const sql = /* sql */ `
create or replace function cofinancing_priority_link() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    if new.strategy_priority_id is null then
      new.strategy_priority_id := (select id from strategy_priority where code = btrim(new.priority_rank));
    end if;
  elsif new.strategy_priority_id is not distinct from old.strategy_priority_id and new.priority_rank is distinct from old.priority_rank then
    new.strategy_priority_id := (select id from strategy_priority where code = btrim(new.priority_rank));
  end if;
  return new;
end $$;

update cofinancing_application a set strategy_priority_id = p.id
from strategy_priority p
where a.strategy_priority_id is null and p.code = btrim(a.priority_rank);

alter table cofinancing_decision add column strategy_priority_id int references strategy_priority(id);
create index cofinancing_decision_priority on cofinancing_decision (strategy_priority_id);

update cofinancing_decision d set strategy_priority_id = a.strategy_priority_id
from cofinancing_application a
where a.id = d.application_id;

create function cofinancing_decision_priority() returns trigger language plpgsql as $$
begin
  if new.strategy_priority_id is null then
    new.strategy_priority_id := (select strategy_priority_id from cofinancing_application where id = new.application_id);
  end if;
  return new;
end $$;

create trigger cofinancing_decision_priority before insert on cofinancing_decision
for each row execute function cofinancing_decision_priority();

create function cofinancing_pending_priority() returns trigger language plpgsql as $$
begin
  update cofinancing_decision set strategy_priority_id = new.strategy_priority_id
  where application_id = new.id and status = 'pending' and strategy_priority_id is distinct from new.strategy_priority_id;
  return null;
end $$;

create trigger cofinancing_pending_priority after update on cofinancing_application
for each row when (new.strategy_priority_id is distinct from old.strategy_priority_id)
execute function cofinancing_pending_priority();
`;
