/**
 * Follow-up sign-off, prognos, carry-over and reminders (issue 17.2):
 * - a report period gets a deadline (`plan_report.deadline`) and, for a helår
 *   report started from that year's delår, the report it was carried over from;
 * - an entry gets the responsible person's sign-off (who, when: cleared by the
 *   service when the entry changes after it), a prognos beside the utfall (a
 *   styrtal's forecast value and a forecast comment), and whether it still
 *   holds what was carried over from the delår unchanged;
 * - a plan item gets the responsible person's e-mail address (the name stays
 *   free text; the address is what reminders go to, never shown publicly);
 * - every reminder sent is recorded per recipient with its outcome.
 */
export const sql = /* sql */ `
alter table plan_report add column deadline date;
alter table plan_report add column carried_from int references plan_report(id) on delete set null;

alter table plan_report_entry add column signed_off_by text;
alter table plan_report_entry add column signed_off_at timestamptz;
alter table plan_report_entry add column forecast_value numeric;
alter table plan_report_entry add column forecast_comment text;
alter table plan_report_entry add column carried_over boolean not null default false;
alter table plan_report_entry add constraint plan_report_entry_sign_off_stamped check ((signed_off_by is null) = (signed_off_at is null));

alter table business_plan_item add column responsible_email text;

create table plan_report_reminder (
  id serial primary key,
  report_id int not null references plan_report(id) on delete cascade,
  responsible text not null,
  address text not null,
  item_ids jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  error text,
  sent_by text not null,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index plan_report_reminder_report on plan_report_reminder (report_id, id);
`;
