/**
 * Remisser (issue 21.1). An incoming remiss (a consultation sent to the
 * region: sender, their reference, the question, the reply deadline, who
 * prepares the answer) whose answer is an agenda item: once the body has
 * decided in it, the "Svar på remiss" is produced and its sending recorded
 * (day, to whom, and the text as sent). An outgoing remiss (the region asks
 * others) has a period (remisstiden) and its recipients, each with the day
 * their answer came and what it said.
 */
export const sql = /* sql */ `
create table remiss (
  id serial primary key,
  direction text not null check (direction in ('incoming', 'outgoing')),
  title text not null check (length(title) between 1 and 500),
  case_id integer references diarium_case (id),
  -- incoming
  sender text,
  sender_ref text,
  question text,
  received_on date,
  reply_due date,
  preparer text,
  meeting_id integer references meeting (id) on delete set null,
  agenda_item_id integer references agenda_item (id) on delete set null,
  answer_sent_on date,
  answer_sent_to text,
  answer_document text,
  declined boolean not null default false,
  -- outgoing
  period_from date,
  period_to date,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  created_by text not null,
  updated_at timestamptz not null default now(),
  updated_by text not null,
  constraint remiss_incoming_has_sender check (direction <> 'incoming' or (sender is not null and reply_due is not null)),
  constraint remiss_outgoing_has_period check (direction <> 'outgoing' or (period_from is not null and period_to is not null and period_from <= period_to)),
  constraint remiss_sent_complete check ((answer_sent_on is null) = (answer_sent_to is null))
);
create index remiss_case on remiss (case_id);
create index remiss_agenda_item on remiss (agenda_item_id);

create table remiss_recipient (
  id serial primary key,
  remiss_id integer not null references remiss (id) on delete cascade,
  position integer not null,
  name text not null check (length(name) between 1 and 300),
  answered_on date,
  stance text check (stance in ('tillstyrker', 'avstyrker', 'synpunkter', 'avstår')),
  summary text,
  unique (remiss_id, name),
  constraint remiss_recipient_stance_with_answer check (stance is null or answered_on is not null)
);
`;
