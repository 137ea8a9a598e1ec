/**
 * Accounts and sign-in (issue 13, points 4 and 8):
 * - one active account per person (a partial unique index; older duplicates keep the link, newer ones are deactivated);
 * - deactivation, a password the user must change at next sign-in (after a reset), the provider's subject an account is bound to;
 * - sessions carry when the user last proved who they are (for signing) and when they were last used (idle timeout);
 * - the sign-in limiter's counters in the database (shared by every process on PostgreSQL), each with an expiry,
 *   and the addresses an account has signed in from (exempt from the account-wide delay an attacker could cause).
 */
export const sql = /* sql */ `
alter table app_user add column must_change_password boolean not null default false;
alter table app_user add column password_set_at timestamptz not null default now();
alter table app_user add column deactivated_at timestamptz;
alter table app_user add column oidc_subject text unique;

with ranked as (
  select id, row_number() over (partition by person_id order by id) as n
  from app_user where person_id is not null and active
)
update app_user set active = false, deactivated_at = now(), updated_at = now(), version = version + 1
where id in (select id from ranked where n > 1);
insert into audit_log (actor, action, entity, entity_id, after)
select 'system', 'user.deactivate', 'user', username, '{"reason":"Ett annat konto för samma person fanns redan (migrering 023)."}'::jsonb
from app_user where deactivated_at is not null;
delete from user_session where user_id in (select id from app_user where not active);

create unique index app_user_one_per_person on app_user (person_id) where active and person_id is not null;

alter table user_session add column authenticated_at timestamptz not null default now();
alter table user_session add column last_seen_at timestamptz not null default now();
alter table user_session add column via text not null default 'password';
create index user_session_expires on user_session (expires_at);

create table login_throttle (
  key text primary key,
  failures int not null,
  blocked_until timestamptz,
  expires_at timestamptz not null
);
create index login_throttle_expires on login_throttle (expires_at);

create table login_known_address (
  user_id int not null references app_user(id),
  address text not null,
  expires_at timestamptz not null,
  primary key (user_id, address)
);
create index login_known_address_expires on login_known_address (expires_at);
`;
