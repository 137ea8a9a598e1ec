/**
 * The first run (issue 13, point 5): while no administrator exists, each start
 * of the server issues a one-time link with which the first administrator
 * chooses user name, name and password in the browser. The link's token is
 * kept only as its SHA-256, with an expiry; it is cleared when it is used or
 * once an administrator exists. One row (id = 1) that is always there: a start
 * replaces its token (the latest printed link is the one that works), and a
 * use locks the row, so two uses of one link cannot both succeed.
 */
export const sql = /* sql */ `
create table first_run (
  id int primary key default 1 check (id = 1),
  token_sha256 text,
  issued_at timestamptz,
  expires_at timestamptz
);
insert into first_run (id) values (1);
`;
