/**
 * Secrecy at the public edge (issue 13):
 * - when a secrecy mark last changed (OParl shows a withdrawn object with a new `modified`);
 * - the public editions of kallelse book versions: a version whose papers are secret (by the
 *   marks as they are now) is served to the public only as a copy built without them, one per
 *   state of the marks (`redaction_sha256`);
 * - which bodies an official (a user who is not a member through a person) serves: secret
 *   papers are read only by members and officials of their own bodies.
 */
export const sql = /* sql */ `
alter table agenda_item add column secrecy_changed_at timestamptz;
alter table decision_basis add column secrecy_changed_at timestamptz;

create table kallelse_book_public (
  id serial primary key,
  book_id int not null references kallelse_book(id) on delete cascade,
  redaction_sha256 text not null,
  file_sha256 text not null references stored_file(sha256),
  byte_size bigint not null,
  page_count int not null,
  built_by text not null,
  built_at timestamptz not null default now(),
  unique (book_id, redaction_sha256)
);

create table user_body (
  user_id int not null references app_user(id) on delete cascade,
  body_id int not null references body(id) on delete cascade,
  added_by text not null,
  added_at timestamptz not null default now(),
  primary key (user_id, body_id)
);
create index user_body_body on user_body(body_id);
`;
