/**
 * Co-financing (medfinansiering) of regional development projects: the
 * maintained list of standard conditions, applications with their budget,
 * decisions and extensions, payouts, and the yearly 1:1 appropriation with
 * the commitments made against it. Column meanings: docs/funding.md.
 */
export const sql = /* sql */ `
create table cofinancing_condition (
  id serial primary key,
  position int not null,
  text_proposal text not null check (length(text_proposal) > 0),
  text_letter text not null check (length(text_letter) > 0),
  applies_to text not null check (applies_to in ('all', 'companies')),
  closing boolean not null default false,
  active boolean not null default true,
  version int not null default 1,
  updated_by text,
  updated_at timestamptz not null default now()
);

insert into cofinancing_condition (position, text_proposal, text_letter, applies_to, closing) values
 (1, 'Beslutet gäller under förutsättning att projektets budget är fullt finansierad.',
     'Beslutet gäller under förutsättning att projektets budget är fullt finansierad.', 'all', false),
 (2, 'I samband med genomförandet av projektet ska det framgå att Region Örebro län medfinansierar projektet.',
     'I samband med genomförandet av projektet ska det framgå att Region Örebro län medfinansierar projektet.', 'all', false),
 (3, 'Projektägaren får inte snedvrida konkurrensen genom att gynna vissa enskilda företag, utan projektets insatser ska vara allmänt näringslivsfrämjande och komma grupper av företag till del.',
     'Projektägaren får inte snedvrida konkurrensen genom att gynna vissa enskilda företag, utan projektets insatser ska vara allmänt näringslivsfrämjande och komma grupper av företag till del.', 'companies', false),
 (4, 'I övrigt gäller Region Örebro läns Allmänna villkor för medfinansiering (beslutades 2019-11-05, dnr 19RS9026).',
     'I övrigt gäller Region Örebro läns Allmänna villkor för medfinansiering.', 'all', true);

create table cofinancing_application (
  id serial primary key,
  case_id int not null references diarium_case(id),
  applicant_name text not null,
  org_number text,
  address text[] not null default '{}',
  contact_name text,
  contact_email text,
  project_name text not null,
  period_start date not null,
  period_end date not null,
  description text not null default '',
  priority_area text not null,
  priority_rank text not null,
  eu_cofinancing boolean not null default false,
  aimed_at_companies boolean not null default false,
  funding_source text not null check (funding_source in ('state-1-1', 'regional')),
  requested_ore bigint not null check (requested_ore > 0),
  rate_bp int not null check (rate_bp > 0 and rate_bp <= 10000),
  cap_ore bigint not null check (cap_ore > 0),
  case_conditions text[] not null default '{}',
  total_column boolean not null default true,
  indirect_flat_rate_bp int check (indirect_flat_rate_bp is null or (indirect_flat_rate_bp > 0 and indirect_flat_rate_bp <= 10000)),
  stated_cost_total_ore bigint check (stated_cost_total_ore is null or stated_cost_total_ore >= 0),
  stated_financing_total_ore bigint check (stated_financing_total_ore is null or stated_financing_total_ore >= 0),
  status text not null default 'draft' check (status in ('draft', 'proposed', 'granted')),
  version int not null default 1,
  created_by text not null,
  updated_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (period_start <= period_end)
);
create index cofinancing_application_case on cofinancing_application (case_id);

create table cofinancing_funding_share (
  application_id int not null references cofinancing_application(id) on delete cascade,
  position int not null,
  source text not null check (source in ('state-1-1', 'regional')),
  amount_ore bigint not null check (amount_ore > 0),
  primary key (application_id, position)
);

create table cofinancing_budget_year (
  application_id int not null references cofinancing_application(id) on delete cascade,
  year int not null check (year between 2000 and 2100),
  position int not null,
  stated_cost_sum_ore bigint check (stated_cost_sum_ore is null or stated_cost_sum_ore >= 0),
  stated_financing_sum_ore bigint check (stated_financing_sum_ore is null or stated_financing_sum_ore >= 0),
  primary key (application_id, year)
);

create table cofinancing_budget_row (
  id serial primary key,
  application_id int not null references cofinancing_application(id) on delete cascade,
  section text not null check (section in ('cost', 'financing')),
  position int not null,
  label text not null,
  cost_category text check (cost_category in ('staff', 'external-services', 'travel', 'indirect', 'investments', 'other')),
  financier_kind text check (financier_kind in ('public', 'private')),
  is_region boolean,
  stated_total_ore bigint check (stated_total_ore is null or stated_total_ore >= 0),
  check ((section = 'cost') = (cost_category is not null)),
  check ((section = 'financing') = (financier_kind is not null)),
  unique (application_id, section, position)
);

create table cofinancing_budget_cell (
  row_id int not null references cofinancing_budget_row(id) on delete cascade,
  year int not null,
  amount_ore bigint not null check (amount_ore >= 0),
  primary key (row_id, year)
);

create table cofinancing_decision (
  id serial primary key,
  application_id int not null references cofinancing_application(id),
  kind text not null check (kind in ('grant', 'extension')),
  route text not null check (route in ('body', 'delegation')),
  status text not null check (status in ('pending', 'granted')),
  body_id int not null references body(id),
  meeting_id int references meeting(id),
  agenda_item_id int references agenda_item(id),
  delegated_decision_id int references delegated_decision(id),
  decided_on date,
  decided_by text,
  rate_bp int not null check (rate_bp > 0 and rate_bp <= 10000),
  added_cap_ore bigint not null check (added_cap_ore >= 0),
  cap_ore bigint not null check (cap_ore > 0),
  period_start date not null,
  period_end date not null,
  previous_period_end date,
  funding_source text not null check (funding_source in ('state-1-1', 'regional')),
  state_ore bigint not null check (state_ore >= 0),
  conditions text[] not null default '{}',
  clauses text[] not null,
  restatement text,
  officer text,
  signatories jsonb,
  version int not null default 1,
  created_by text not null,
  created_at timestamptz not null default now(),
  check ((route = 'body') = (agenda_item_id is not null)),
  check ((route = 'delegation') = (delegated_decision_id is not null)),
  check ((status = 'granted') = (decided_on is not null))
);
create index cofinancing_decision_application on cofinancing_decision (application_id, id);
create unique index cofinancing_decision_one_pending on cofinancing_decision (application_id) where status = 'pending';
create unique index cofinancing_decision_one_grant on cofinancing_decision (application_id) where kind = 'grant';

create table cofinancing_payout (
  id serial primary key,
  decision_id int not null references cofinancing_decision(id),
  claimed_on date not null,
  reference text,
  booked_costs_ore bigint not null check (booked_costs_ore >= 0),
  share_ore bigint not null check (share_ore >= 0),
  paid_ore bigint not null check (paid_ore >= 0),
  cap_ore bigint not null check (cap_ore > 0),
  paid_before_ore bigint not null check (paid_before_ore >= 0),
  registered_by text not null,
  registered_at timestamptz not null default now()
);
create index cofinancing_payout_decision on cofinancing_payout (decision_id);

create table appropriation (
  year int primary key check (year between 2000 and 2100),
  total_ore bigint not null check (total_ore > 0),
  indicative_projects_ore bigint check (indicative_projects_ore is null or indicative_projects_ore >= 0),
  indicative_business_support_ore bigint check (indicative_business_support_ore is null or indicative_business_support_ore >= 0),
  indicative_follow_up_ore bigint check (indicative_follow_up_ore is null or indicative_follow_up_ore >= 0),
  follow_up_max_ore bigint not null default 100000000 check (follow_up_max_ore >= 0),
  outcome_projects_ore bigint check (outcome_projects_ore is null or outcome_projects_ore >= 0),
  outcome_business_support_ore bigint check (outcome_business_support_ore is null or outcome_business_support_ore >= 0),
  outcome_follow_up_ore bigint check (outcome_follow_up_ore is null or outcome_follow_up_ore >= 0),
  version int not null default 1,
  updated_by text not null,
  updated_at timestamptz not null default now()
);

create table appropriation_commitment (
  id serial primary key,
  year int not null check (year between 2000 and 2100),
  line text not null check (line in ('projects', 'business-support', 'follow-up')),
  amount_ore bigint not null check (amount_ore > 0),
  committed_on date not null,
  decision_id int references cofinancing_decision(id),
  case_id int references diarium_case(id),
  text text not null,
  override_rule text check (override_rule in ('appropriation-exceeded', 'follow-up-cap', 'appropriation-missing')),
  override_reason text,
  override_by text,
  override_on date,
  override_remaining_before_ore bigint,
  override_exceeding_ore bigint,
  registered_by text not null,
  registered_at timestamptz not null default now(),
  check ((override_rule is null) = (override_reason is null))
);
create index appropriation_commitment_year on appropriation_commitment (year);
`;
