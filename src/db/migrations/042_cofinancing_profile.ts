/**
 * The payment profile of a granted co-financing (issue 16.5): the payouts
 * planned per calendar year, as the handläggare set them. Without rows the
 * profile is the cap split over the years of the project period by days
 * (funding/appropriationProfile.ts); a plan that no longer sums to the cap
 * in force (an extension or change came after it) is shown as stale and the
 * default is used until it is set again.
 */
export const sql = /* sql */ `
create table cofinancing_payment_plan (
  application_id int not null references cofinancing_application(id) on delete cascade,
  year int not null check (year between 2000 and 2100),
  amount_ore bigint not null check (amount_ore >= 0),
  set_by text not null,
  set_at timestamptz not null default now(),
  primary key (application_id, year)
);
`;
