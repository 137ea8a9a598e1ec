/** Users, roles and sessions. */
export const sql = /* sql */ `
create table app_user (
  id serial primary key,
  username text not null unique,
  display_name text not null,
  password_hash text not null,
  roles text[] not null default '{}',
  person_id int references person(id),
  active boolean not null default true,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table user_session (
  token_sha256 text primary key,
  user_id int not null references app_user(id),
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index user_session_user on user_session (user_id);
`;
