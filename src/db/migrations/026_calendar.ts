/**
 * Meeting calendar (issue 14.1): a meeting can be cancelled (inställt) with a
 * reason and stays in the body's sammanträdesplan; the date, time, place,
 * group meetings and "meddela förhinder" contact are edited in the calendar
 * (meeting.version, from 001, locks them).
 */
export const sql = /* sql */ `
alter table meeting add column cancelled_at timestamptz;
alter table meeting add column cancel_reason text;
alter table meeting add constraint meeting_cancel_reason check ((cancelled_at is null) = (cancel_reason is null));
`;
