/**
 * Memo authoring (issue 14, point 4): the föredragnings-PM as a form per
 * agenda item, with its state (utkast → klar för kallelse) and a version for
 * optimistic locking. When the secretary marks it ready, the memo the book
 * prints (briefing_memo) is written from it.
 */
export const sql = /* sql */ `
create table memo_form (
  agenda_item_id int primary key references agenda_item(id) on delete cascade,
  form jsonb not null,
  state text not null default 'draft' check (state in ('draft', 'ready')),
  version int not null default 1,
  updated_by text not null,
  updated_at timestamptz not null default now()
);
`;
