/**
 * A meeting's agenda closes when its minutes are adjusted and locked: no item
 * may be added after that (the minutes module closes it through the meetings
 * service, in the transaction that locks the minutes). Meetings whose minutes
 * were locked before this migration are closed at their lock time.
 */
export const sql = /* sql */ `
alter table meeting add column agenda_closed_at timestamptz;
update meeting m set agenda_closed_at = mi.locked_at from minutes mi where mi.meeting_id = m.id and mi.locked_at is not null;
`;
