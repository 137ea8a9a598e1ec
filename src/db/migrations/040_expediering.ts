/**
 * Expediering of extracts (issue 15.6). The recipients of each paragraph
 * (expediering_recipient: from the memo's "Skickas till" or the protokoll's,
 * or added by the secretary, each with an e-mail address), and one dispatch
 * per recipient (extract_dispatch): the sealed extract sent (its file's
 * hash), by e-mail – recorded 'pending' before the message goes out, then
 * 'sent' or 'failed' with the server's answer, retried on the same row – or
 * recorded as sent another way (channel 'other', with how: a secret item's
 * extract never goes by plain e-mail).
 */
export const sql = /* sql */ `
create table expediering_recipient (
  id serial primary key,
  decision_id int not null references decision(id),
  name text not null check (length(name) between 1 and 200),
  email text check (email is null or (length(email) <= 254 and email like '%_@_%')),
  source text not null check (source in ('memo', 'protokoll', 'added')),
  version int not null default 1,
  created_by text not null,
  updated_by text not null,
  updated_at timestamptz not null default now()
);
create unique index expediering_recipient_name on expediering_recipient (decision_id, lower(name));

create table extract_dispatch (
  id serial primary key,
  recipient_id int not null unique references expediering_recipient(id),
  decision_id int not null references decision(id),
  paragraph int not null,
  channel text not null check (channel in ('email', 'other')),
  address text check (address is null or length(address) <= 254),
  method text check (method is null or length(method) between 1 and 300),
  file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
  audience text not null check (audience in ('original', 'public')),
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  error text,
  attempts int not null default 1 check (attempts > 0),
  sent_at timestamptz,
  sent_by text not null,
  updated_at timestamptz not null default now(),
  version int not null default 1,
  check ((channel = 'email' and address is not null) or (channel = 'other' and method is not null and status = 'sent'))
);
create index extract_dispatch_decision on extract_dispatch (decision_id);
`;
