/**
 * The kallelse's send-by rule per body (the reglemente's figure): how many
 * days before the meeting the kallelse must be out. Region Örebro län's
 * reglemente says seven; another body's may say five or ten. The staff start
 * page counts each body's send-by day from it (meetings/legalClock.ts
 * kallelseSendBy, moved earlier past non-working days).
 */
export const sql = /* sql */ `
alter table body add column kallelse_days_before integer not null default 7
  constraint body_kallelse_days_before check (kallelse_days_before between 1 and 60);
`;
