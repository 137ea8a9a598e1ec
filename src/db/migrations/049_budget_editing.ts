/**
 * Budget editing in the UI (issue 17.6): the budget for the period beside the
 * outcome in the result report, the full-year budget per area (so the
 * forecast's deviation can be shown), and the investments of a follow-up.
 */
export const sql = /* sql */ `
alter table budget_report_line add column budget_period_ore bigint;
alter table budget_report_area add column budget_year_ore bigint;

create table budget_report_investment (
  report_id int not null references budget_report(id) on delete cascade,
  position int not null,
  name text not null,
  outcome_period_ore bigint,
  forecast_ore bigint,
  budget_ore bigint,
  outcome_prev_year_ore bigint,
  primary key (report_id, position)
);
`;
