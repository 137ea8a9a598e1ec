/** The register of business support decisions (företagsstöd). */
export const sql = /* sql */ `
create table business_support (
  id serial primary key,
  meeting_id int references meeting(id) on delete cascade,
  period_from date not null,
  period_to date not null,
  case_number text,
  nyps_id text,
  support_type text not null,
  company text not null,
  sole_trader boolean not null,
  sector text not null,
  gender text check (gender in ('K', 'M')),
  municipality text not null,
  amount_ore bigint check (amount_ore is null or amount_ore >= 0),
  rejected boolean not null,
  rejection_reason text,
  decider text not null,
  check (rejected = (amount_ore is null)),
  check (period_from <= period_to)
);
create index business_support_period on business_support (period_from, period_to);
`;
