/**
 * Internal control follow-up and automatic reminders (issue 17.2, 17.4, 17.5):
 * - a risk gets its owner (riskägare), the residual risk after the actions
 *   (probability × consequence once the actions are in place), and, when it was
 *   carried over from the year before, the risk it came from; an action
 *   likewise its origin. Each origin is carried over once (unique).
 * - a plan item's responsible person may be linked to an account (the free
 *   text stays, shown and flagged while no account is linked), and a goal or
 *   styrtal to the state report's heading it feeds (the heading key, "1.4.1").
 * - a due reminder is recorded once per report, item and recipient (unique,
 *   so two app processes cannot both send it), with its attempts, the last
 *   failure and when to try again.
 */
export const sql = /* sql */ `
alter table control_risk add column owner text;
alter table control_risk add column residual_probability smallint check (residual_probability between 1 and 4);
alter table control_risk add column residual_consequence smallint check (residual_consequence between 1 and 4);
alter table control_risk add column carried_from int unique references control_risk(id) on delete set null;
alter table control_action add column carried_from int unique references control_action(id) on delete set null;

alter table business_plan_item add column responsible_user_id int references app_user(id) on delete set null;
alter table business_plan_item add column state_report_section text;

create table plan_report_due_reminder (
  id serial primary key,
  report_id int not null references plan_report(id) on delete cascade,
  item_id int not null references business_plan_item(id) on delete cascade,
  recipient text not null,
  responsible text not null,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed', 'given-up')),
  attempts int not null default 0,
  error text,
  next_attempt_at timestamptz not null default now(),
  claimed_at timestamptz,
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  unique (report_id, item_id, recipient)
);
create index plan_report_due_reminder_due on plan_report_due_reminder (status, next_attempt_at);
`;
