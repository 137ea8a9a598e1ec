/**
 * Plan editing and follow-up in the browser (issue 17): each plan item gets a
 * responsible person and a deadline; a follow-up report moves open → submitted
 * → locked (who and when kept); an entry gets a styrtal's outcome as a number
 * with its unit and the reason when the controller overrides a rolled-up status.
 */
export const sql = /* sql */ `
alter table business_plan_item add column responsible text;
alter table business_plan_item add column deadline date;

alter table plan_report add column state text not null default 'open' check (state in ('open', 'submitted', 'locked'));
alter table plan_report add column submitted_at timestamptz;
alter table plan_report add column submitted_by text;
alter table plan_report add column locked_at timestamptz;
alter table plan_report add column locked_by text;
alter table plan_report add column updated_by text;
alter table plan_report add constraint plan_report_locked_stamped check ((state = 'locked') = (locked_at is not null));

alter table plan_report_entry add column outcome_value numeric;
alter table plan_report_entry add column outcome_unit text;
alter table plan_report_entry add column override_reason text;
alter table plan_report_entry add constraint plan_report_entry_unit_with_value check (outcome_unit is null or outcome_value is not null);
alter table plan_report_entry add constraint plan_report_entry_override_has_status check (override_reason is null or status is not null);
`;
