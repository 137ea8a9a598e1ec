/**
 * Diarium where the agenda needs it (issue 14.3): a case's handläggare and
 * status (öppet, vilande, avslutat – with the day it was closed), who changed
 * it last, and links between cases (an extension refers to the original case;
 * a related case). A link is stored once, from the case that refers to the
 * other; both sides show it.
 */
export const sql = /* sql */ `
alter table diarium_case add column officer text;
alter table diarium_case add column status text not null default 'open' check (status in ('open', 'dormant', 'closed'));
alter table diarium_case add column closed_on date;
alter table diarium_case add column updated_by text;

create table case_link (
  from_case_id int not null references diarium_case(id) on delete cascade,
  to_case_id int not null references diarium_case(id) on delete cascade,
  kind text not null check (kind in ('extends', 'related')),
  created_by text not null,
  created_at timestamptz not null default now(),
  primary key (from_case_id, to_case_id),
  check (from_case_id <> to_case_id)
);
create index case_link_to on case_link (to_case_id);
`;
