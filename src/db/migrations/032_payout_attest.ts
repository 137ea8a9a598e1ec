/**
 * Payouts with attest (issue 16): a claim (rekvisition) states its period and
 * is prepared by one person (registered_by) and attested by another
 * (attested_by, never the same: the check below holds it in the database too).
 * Only an attested payout counts as paid; a payout is reversed with a reason
 * (a prepared one is withdrawn the same way, it was never paid). Payouts
 * registered before this migration were paid at once: they become attested,
 * without a period or an attestant. Column meanings: docs/funding.md.
 */
export const sql = /* sql */ `
alter table cofinancing_payout add column status text not null default 'attested' check (status in ('prepared', 'attested', 'reversed'));
alter table cofinancing_payout alter column status drop default;
alter table cofinancing_payout add column period_from date;
alter table cofinancing_payout add column period_to date;
alter table cofinancing_payout add column final boolean not null default false;
alter table cofinancing_payout add column final_report_on date;
alter table cofinancing_payout add column attested_by text;
alter table cofinancing_payout add column attested_on date;
alter table cofinancing_payout add column attested_at timestamptz;
alter table cofinancing_payout add column reversed_by text;
alter table cofinancing_payout add column reversed_at timestamptz;
alter table cofinancing_payout add column reversal_reason text;
alter table cofinancing_payout add column version int not null default 1;
update cofinancing_payout set attested_on = claimed_on, attested_at = registered_at;
alter table cofinancing_payout add constraint cofinancing_payout_period check (period_from is null or (period_to is not null and period_from <= period_to));
alter table cofinancing_payout add constraint cofinancing_payout_final_report check (not final or final_report_on is not null);
alter table cofinancing_payout add constraint cofinancing_payout_attested check (status = 'prepared' or attested_on is not null or reversed_by is not null);
alter table cofinancing_payout add constraint cofinancing_payout_two_people check (attested_by is null or attested_by <> registered_by);
alter table cofinancing_payout add constraint cofinancing_payout_reversed check ((status = 'reversed') = (reversed_by is not null and reversed_at is not null and length(reversal_reason) > 0));
create index cofinancing_payout_attested_on on cofinancing_payout (attested_on) where status = 'attested';
`;
