/** The delegation order and the register of delegated decisions. */
export const sql = /* sql */ `
create table delegation_point (
  id serial primary key,
  body_id int not null references body(id),
  number text not null,
  title text not null,
  delegate text not null,
  max_amount_ore bigint check (max_amount_ore is null or max_amount_ore > 0),
  decision_types text[] not null default '{}',
  version int not null default 1,
  updated_by text,
  unique (body_id, number)
);

create table delegated_decision (
  id serial primary key,
  point_id int not null references delegation_point(id),
  decider text not null,
  decided_on date not null,
  case_ids int[] not null,
  text text not null,
  amount_ore bigint check (amount_ore is null or amount_ore >= 0),
  decision_type text,
  report_item_id int references agenda_item(id),
  reported_on date,
  registered_by text not null,
  registered_at timestamptz not null default now()
);
create index delegated_decision_unreported on delegated_decision (point_id) where report_item_id is null;
`;
