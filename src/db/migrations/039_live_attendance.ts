/**
 * Live minutes: attendance that follows the meeting (issue 15.1). The roll
 * call at the opening stays in `attendance`; each change during the meeting
 * is one row here: a person arrives at item N (takes part from it; for a
 * tjänstgörande ersättare, in place of the member named) or leaves after
 * item N (takes part up to and including it). Who serves on each item – and
 * so quorum and the voting list at each decision – is computed from both
 * (src/minutes/attendance.ts). Edits queue on the minutes row and its version.
 */
export const sql = /* sql */ `
create table attendance_change (
  id serial primary key,
  minutes_id int not null references minutes(id) on delete cascade,
  person_id int not null references person(id),
  kind text not null check (kind in ('arrives', 'leaves')),
  item_number int not null check (item_number >= 1),
  replaces_person_id int references person(id),
  created_by text not null,
  created_at timestamptz not null default now(),
  check (kind = 'arrives' or replaces_person_id is null),
  check (replaces_person_id is null or replaces_person_id <> person_id)
);
create index attendance_change_minutes on attendance_change (minutes_id, item_number);
`;
