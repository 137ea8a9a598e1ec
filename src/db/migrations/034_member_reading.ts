/**
 * Members' reading (issue 14.7): private notes per agenda item (only their
 * author reads them), which version of the kallelse each user last read (so
 * what changed since can be shown), and absence reports (förhinder) that the
 * secretary sees with the substitute to call in.
 */
export const sql = /* sql */ `
create table member_note (
  user_id int not null references app_user(id) on delete cascade,
  agenda_item_id int not null references agenda_item(id) on delete cascade,
  text text not null,
  version int not null default 1,
  updated_at timestamptz not null default now(),
  primary key (user_id, agenda_item_id)
);

create table book_reading (
  user_id int not null references app_user(id) on delete cascade,
  meeting_id int not null references meeting(id) on delete cascade,
  version int not null,
  read_at timestamptz not null default now(),
  primary key (user_id, meeting_id)
);

create table absence_report (
  meeting_id int not null references meeting(id) on delete cascade,
  person_id int not null references person(id),
  reason text,
  reported_by text not null,
  reported_at timestamptz not null default now(),
  primary key (meeting_id, person_id)
);
`;
