/**
 * Kallelse sending (issue 14, point 6): a person's e-mail address, and one row
 * per recipient and book version sent (kallelse_dispatch): recorded as
 * 'pending' before the message goes out, then 'sent' or 'failed' with the
 * server's answer, so a failure stays visible and can be retried.
 */
export const sql = /* sql */ `
alter table person add column if not exists email text check (email is null or (length(email) <= 254 and email like '%_@_%'));

create table kallelse_dispatch (
  id serial primary key,
  meeting_id int not null references meeting(id) on delete cascade,
  book_version int not null check (book_version > 0),
  person_id int not null references person(id),
  address text not null,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  error text,
  attempts int not null default 1 check (attempts > 0),
  sent_at timestamptz,
  sent_by text not null,
  updated_at timestamptz not null default now(),
  version int not null default 1,
  unique (meeting_id, book_version, person_id)
);
create index kallelse_dispatch_meeting on kallelse_dispatch (meeting_id, book_version);
`;
