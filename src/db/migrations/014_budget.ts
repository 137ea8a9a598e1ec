/**
 * Budgets per body and year: the allocation model's parameters, its areas
 * and the associations whose grants are uplifted, and the follow-up report
 * (resultatrapport and driftredovisning). Money in öre (bigint), rates in
 * basis points, full-time equivalents in hundredths.
 */
export const sql = /* sql */ `
create table budget (
  id serial primary key,
  body_id int not null references body(id),
  year int not null check (year between 2000 and 2100),
  status text not null default 'draft' check (status in ('draft', 'adopted')),
  has_model boolean not null default true,
  previous_frame_ore bigint not null default 0 check (previous_frame_ore >= 0),
  index_bp int not null default 0 check (index_bp between 0 and 10000),
  frame_change_ore bigint not null default 0,
  wage_increase_bp int not null default 0 check (wage_increase_bp between 0 and 10000),
  po_increase_bp int not null default 0 check (po_increase_bp between 0 and 10000),
  price_increase_bp int not null default 0 check (price_increase_bp between 0 and 10000),
  travel_per_fte_ore bigint not null default 0 check (travel_per_fte_ore >= 0),
  training_per_fte_ore bigint not null default 0 check (training_per_fte_ore >= 0),
  other_per_fte_ore bigint not null default 0 check (other_per_fte_ore >= 0),
  project_hours_per_fte int not null default 1720 check (project_hours_per_fte between 1 and 8784),
  sick_pay_deduction_bp int not null default 0 check (sick_pay_deduction_bp between 0 and 10000),
  planning_reserve_ore bigint not null default 0 check (planning_reserve_ore >= 0),
  fum_ore bigint not null default 0 check (fum_ore >= 0),
  version int not null default 1,
  created_by text not null,
  updated_by text not null,
  updated_at timestamptz not null default now(),
  adopted_at timestamptz,
  adopted_by text,
  unique (body_id, year)
);

create table budget_area (
  id serial primary key,
  budget_id int not null references budget(id) on delete cascade,
  position int not null,
  name text not null,
  wage_cost_ore bigint not null check (wage_cost_ore >= 0),
  po_cost_ore bigint not null check (po_cost_ore >= 0),
  other_cost_ore bigint not null check (other_cost_ore >= 0),
  income_ore bigint not null check (income_ore >= 0),
  fte_hundredths int not null check (fte_hundredths >= 0),
  project_hours int not null check (project_hours >= 0),
  adjustment_ore bigint not null default 0,
  note text,
  unique (budget_id, position),
  unique (budget_id, name)
);

create table budget_association (
  id serial primary key,
  budget_id int not null references budget(id) on delete cascade,
  position int not null,
  name text not null,
  kind text not null check (kind in ('förening', 'stiftelse')),
  area text,
  grant_ore bigint not null check (grant_ore >= 0),
  uplift_bp int check (uplift_bp is null or uplift_bp between 0 and 10000),
  unique (budget_id, position)
);

create table budget_report (
  id serial primary key,
  budget_id int not null references budget(id) on delete cascade,
  period_label text not null,
  period_end date not null,
  version int not null default 1,
  updated_by text not null,
  updated_at timestamptz not null default now(),
  unique (budget_id, period_end)
);

create table budget_report_line (
  report_id int not null references budget_report(id) on delete cascade,
  line_key text not null,
  outcome_period_ore bigint,
  outcome_period_prev_ore bigint,
  forecast_ore bigint,
  budget_ore bigint,
  outcome_prev_year_ore bigint,
  primary key (report_id, line_key)
);

create table budget_report_area (
  report_id int not null references budget_report(id) on delete cascade,
  position int not null,
  name text not null,
  budget_period_ore bigint not null,
  outcome_period_ore bigint not null,
  turnover_period_ore bigint not null check (turnover_period_ore >= 0),
  budget_period_prev_ore bigint,
  outcome_period_prev_ore bigint,
  forecast_ore bigint,
  primary key (report_id, position)
);
`;
