/**
 * Funding decisions (issue 16, item 1): an application can end without a
 * grant. The applicant withdraws it (återkallad av sökanden) or the region
 * rejects it (avslag, by the body from adjusted minutes or under
 * delegation), always with the reason, the day and who registered it. A
 * pending proposal to the body ends with its application: 'withdrawn' when
 * the applicant withdraws, 'rejected' with the meeting's date when the body
 * says no; the granted decisions of an application withdrawn before its
 * first payout become 'withdrawn' too (keeping their day), so they no longer
 * count as granted anywhere (payouts, lists, the state report). An amended decision needs no column: the decision row holds the
 * terms decided, the application the terms proposed. Columns: docs/funding.md.
 */
export const sql = /* sql */ `
alter table cofinancing_application drop constraint cofinancing_application_status_check;
alter table cofinancing_application add constraint cofinancing_application_status_check
  check (status in ('draft', 'proposed', 'granted', 'withdrawn', 'rejected'));
alter table cofinancing_application add column closed_on date;
alter table cofinancing_application add column closed_by text;
alter table cofinancing_application add column closed_reason text;
alter table cofinancing_application add constraint cofinancing_application_closed
  check ((status in ('withdrawn', 'rejected')) = (closed_on is not null and closed_by is not null and length(closed_reason) > 0));

alter table cofinancing_decision drop constraint cofinancing_decision_status_check;
alter table cofinancing_decision add constraint cofinancing_decision_status_check
  check (status in ('pending', 'granted', 'rejected', 'withdrawn'));
alter table cofinancing_decision drop constraint cofinancing_decision_check2;
-- a withdrawn decision keeps its day when it had been granted (a grant withdrawn before payout), none when it was pending
alter table cofinancing_decision add constraint cofinancing_decision_decided
  check (case status when 'pending' then decided_on is null when 'withdrawn' then true else decided_on is not null end);
`;
