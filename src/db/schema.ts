/** Kysely's view of the tables. Each table is owned by one module's store.ts. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | null, string | null>;

export interface Database {
  audit_log: {
    id: Generated<number>;
    at: Generated<Date>;
    actor: string;
    action: string;
    entity: string;
    entity_id: string;
    before: Json;
    after: Json;
    /** Set by the trigger of migration 024: the previous entry's hash, and sha256(prev_hash || the entry's text). */
    prev_hash: Generated<string>;
    hash: Generated<string>;
  };
  audit_chain_head: { only_row: Generated<boolean>; last_id: number | null; hash: string };
  schema_migrations: { id: number; name: string; applied_at: Generated<Date> };
  case_serial_counter: { year: number; series: string; last_serial: number };
  diarium_case: {
    id: Generated<number>;
    year: number;
    series: string;
    serial: number;
    case_number: string;
    title: string;
    registered_on: string | null;
    origin: 'registered' | 'imported';
    version: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    /** Migration 030: handläggare, status, closing day, last changed by. */
    officer: string | null;
    status: Generated<'open' | 'dormant' | 'closed'>;
    closed_on: string | null;
    updated_by: string | null;
  };
  case_link: { from_case_id: number; to_case_id: number; kind: 'extends' | 'related'; created_by: string; created_at: Generated<Date> };
  party: { id: Generated<number>; abbreviation: string; name: string | null };
  body: {
    id: Generated<number>;
    name: string;
    organisation: string;
    kind: Generated<'committee' | 'board' | 'assembly'>;
    /** Migration 047: the reglemente's days between the kallelse and the meeting (default 7). */
    kallelse_days_before: Generated<number>;
    version: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  /** email: where the kallelse is sent (migration 029). */
  person: { id: Generated<number>; name: string; version: Generated<number>; created_at: Generated<Date>; email: string | null };
  membership: {
    id: Generated<number>;
    body_id: number;
    person_id: number;
    party_id: number | null;
    kind: 'member' | 'substitute';
    role: 'chair' | 'first-vice-chair' | 'second-vice-chair' | 'member';
    list_order: number;
    valid_from: string | null;
    valid_to: string | null;
    seen_on: string | null;
    version: Generated<number>;
  };
  import_file: {
    sha256: string;
    file_name: string;
    byte_size: number;
    meeting_id: number | null;
    imported_at: Generated<Date>;
  };
  /** Migration 044: each import of a kallelse (a preview until confirmed or cancelled) with its report. */
  import_run: {
    id: Generated<number>;
    token: string;
    status: 'preview' | 'confirmed' | 'cancelled';
    kind: 'text' | 'pdf';
    file_name: string;
    byte_size: number;
    source_sha256: string;
    media_type: string;
    text_sha256: string;
    meeting_id: number | null;
    body_name: string | null;
    meeting_date: string | null;
    outcome: 'create' | 'update' | 'unchanged';
    flagged: Generated<number>;
    flags_confirmed: Generated<boolean>;
    report: ColumnType<unknown, string, string>;
    created_by: string;
    created_at: Generated<Date>;
    decided_by: string | null;
    decided_at: Date | null;
  };
  meeting: {
    id: Generated<number>;
    body_id: number;
    date: string;
    start_time: string | null;
    end_time: string | null;
    place: string | null;
    group_meetings: ColumnType<string[], string[] | undefined, string[]>;
    absence_notice: string | null;
    secretary: Json;
    total_pages: number | null;
    source_sha256: string | null;
    source_file: string | null;
    imported_at: Timestamp | null;
    version: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    agenda_closed_at: Timestamp | null;
    /** Migration 026: cancelled (inställt), with the reason; the meeting stays in the calendar. */
    cancelled_at: Timestamp | null;
    cancel_reason: string | null;
  };
  agenda_item: {
    id: Generated<number>;
    meeting_id: number;
    number: number;
    title: string;
    kind: 'adjustment' | 'decision' | 'information' | 'delegation-report' | 'presentations';
    case_id: number | null;
    presenters: ColumnType<string[], string[] | undefined, string[]>;
    addressee: string | null;
    has_proposal: Generated<boolean>;
    notes: ColumnType<string[], string[] | undefined, string[]>;
    adjustment_deadline: string | null;
    summary: string | null;
    attachment_text: string | null;
    secrecy_ref: Generated<string | null>;
    secrecy_changed_at: Timestamp | null;
    version: Generated<number>;
    /** Migration 027: a protokollsjustering item's proposed adjusters (justerare, then ersättare). */
    proposed_adjusters: ColumnType<string[], string[] | undefined, string[]>;
  };
  proposal_clause: { agenda_item_id: number; position: number; text: string };
  decision_basis: {
    id: Generated<number>;
    agenda_item_id: number;
    position: number;
    title: string;
    file_sha256: string | null;
    file_name: string | null;
    media_type: string | null;
    byte_size: number | null;
    secrecy_ref: Generated<string | null>;
    secrecy_changed_at: Timestamp | null;
    version: Generated<number>;
  };
  agenda_sub_item: {
    agenda_item_id: number;
    position: number;
    number: number | null;
    title: string;
    case_id: number | null;
    presenters: ColumnType<string[], string[] | undefined, string[]>;
    note: string | null;
  };
  minutes: {
    id: Generated<number>;
    meeting_id: number;
    status: Generated<'draft' | 'numbered' | 'adjusted'>;
    kept_at: Generated<string>;
    adjusted_on: string | null;
    pdf_sha256: string | null;
    locked_at: Timestamp | null;
    /** Migration 031: the sealed adjusted protokoll in the file store (fixed once set). */
    sealed_sha256: string | null;
    version: Generated<number>;
    updated_by: string | null;
    updated_at: Generated<Date>;
  };
  attendance: {
    minutes_id: number;
    person_id: number;
    present: boolean;
    replaces_person_id: number | null;
    from_item: number | null;
    to_item: number | null;
  };
  /** Migration 039: a change of attendance during the meeting (arrives at item N, leaves after item N; a serving substitute with the member replaced). */
  attendance_change: {
    id: Generated<number>;
    minutes_id: number;
    person_id: number;
    kind: 'arrives' | 'leaves';
    item_number: number;
    replaces_person_id: number | null;
    created_by: string;
    created_at: Generated<Date>;
  };
  /** Migration 035: the first § number of a body's year (a series continued from another system); without a row, § 1. */
  paragraph_series: { body_id: number; year: number; first_paragraph: number; note: string | null; version: Generated<number>; updated_by: string; updated_at: Generated<Date> };
  decision: {
    id: Generated<number>;
    minutes_id: number;
    agenda_item_id: number;
    body_id: number;
    outcome: 'according-to-proposal' | 'amended' | 'referred-back' | 'tabled' | 'noted';
    clauses: ColumnType<string[], string[] | undefined, string[]>;
    motivation: string | null;
    votes: Json;
    vote_summary: string | null;
    conflicted: ColumnType<number[], number[] | undefined, number[]>;
    without_quorum: Generated<boolean>;
    immediately_adjusted: Generated<boolean>;
    recipients: ColumnType<string[], string[] | undefined, string[]>;
    paragraph: number | null;
    paragraph_year: number | null;
    version: Generated<number>;
    updated_by: string | null;
    updated_at: Generated<Date>;
  };
  /** Migration 036: motion_id, the lost yrkande a reservation is tied to. */
  decision_note: { id: Generated<number>; decision_id: number; person_id: number; kind: 'reservation' | 'protocol-note'; text: string; motion_id: number | null };
  /** Migration 036: one per agenda item with yrkanden; its version guards every change to them (issue 15.1). */
  motion_sheet: { agenda_item_id: number; minutes_id: number; version: Generated<number>; updated_by: string; updated_at: Generated<Date> };
  motion: {
    id: Generated<number>;
    agenda_item_id: number;
    position: number;
    mover_person_id: number;
    supporters: ColumnType<number[], number[] | undefined, number[]>;
    kind: 'bifall' | 'avslag' | 'andring' | 'aterremiss' | 'bordlaggning';
    text: string;
    outcome: Generated<'open' | 'won' | 'lost'>;
    created_by: string;
    created_at: Generated<Date>;
  };
  proposition: { agenda_item_id: number; position: number; text: string; ja_motion_id: number; nej_motion_id: number | null; chair_finds: 'ja' | 'nej' };
  motion_vote: {
    agenda_item_id: number;
    proposition_position: number;
    ja_means: string;
    nej_means: string;
    ja: number;
    nej: number;
    avstar: number;
    result: 'ja' | 'nej';
    casting_vote: boolean;
    chair_person_id: number | null;
    summary: string;
    recorded_by: string;
    recorded_at: Generated<Date>;
  };
  motion_vote_row: { agenda_item_id: number; proposition_position: number; person_id: number; choice: 'ja' | 'nej' | 'avstår' };
  adjuster: {
    minutes_id: number;
    person_id: number;
    position: number;
    signed_at: Timestamp | null;
    signed_by: string | null;
    signed_sha256: string | null;
    signature: string | null;
    /** Migration 031: how the adjuster proved who they were when signing. */
    signed_via: 'password' | 'oidc' | 'session' | null;
  };
  notice: { id: Generated<number>; minutes_id: number; posted_on: string; taken_down_on: string | null; posted_by: string };
  dispatch: { id: Generated<number>; decision_id: number; recipient: string; sent_at: Generated<Date>; sent_by: string };
  /** Migration 040: the recipients of a paragraph's extract (expediering), with their addresses (issue 15.6). */
  expediering_recipient: {
    id: Generated<number>;
    decision_id: number;
    name: string;
    email: string | null;
    source: 'memo' | 'protokoll' | 'added';
    version: Generated<number>;
    created_by: string;
    updated_by: string;
    updated_at: Generated<Date>;
  };
  /** Migration 040: one dispatch of a sealed extract per recipient: by e-mail (pending → sent/failed) or recorded as sent another way. */
  extract_dispatch: {
    id: Generated<number>;
    recipient_id: number;
    decision_id: number;
    paragraph: number;
    channel: 'email' | 'other';
    address: string | null;
    method: string | null;
    file_sha256: string;
    audience: 'original' | 'public';
    status: Generated<'pending' | 'sent' | 'failed'>;
    error: string | null;
    attempts: Generated<number>;
    sent_at: Date | null;
    sent_by: string;
    updated_at: Generated<Date>;
    version: Generated<number>;
  };
  minutes_snapshot: { minutes_id: number; content: ColumnType<unknown, string, never>; taken_at: Generated<Date>; taken_by: string };
  minutes_rendition: {
    id: Generated<number>;
    minutes_id: number;
    document: 'protokoll' | 'utdrag';
    paragraph: Generated<number>;
    audience: 'original' | 'public';
    source_sha256: string;
    file_sha256: string;
    created_at: Generated<Date>;
    created_by: string;
    /** Migration 031: a sealed file (cannot be rendered again byte for byte). */
    sealed: Generated<boolean>;
  };
  signing_key: { id: number; key: string };
  /** Migration 025: the one-time link for the first administrator (one row, id 1). */
  first_run: { id: Generated<number>; token_sha256: string | null; issued_at: Timestamp | null; expires_at: Timestamp | null };
  app_user: {
    id: Generated<number>;
    username: string;
    display_name: string;
    password_hash: string;
    roles: ColumnType<string[], string[] | undefined, string[]>;
    person_id: number | null;
    active: Generated<boolean>;
    version: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    must_change_password: Generated<boolean>;
    password_set_at: Generated<Date>;
    deactivated_at: Date | null;
    oidc_subject: string | null;
  };
  user_session: {
    token_sha256: string;
    user_id: number;
    csrf_token: string;
    created_at: Generated<Date>;
    expires_at: Timestamp;
    authenticated_at: ColumnType<Date, Date | undefined, Date>;
    last_seen_at: ColumnType<Date, Date | undefined, Date>;
    via: Generated<string>;
  };
  login_throttle: { key: string; failures: number; blocked_until: Date | null; expires_at: Date };
  login_known_address: { user_id: number; address: string; expires_at: Date };
  delegation_point: {
    id: Generated<number>;
    body_id: number;
    number: string;
    title: string;
    delegate: string;
    max_amount_ore: number | null;
    decision_types: ColumnType<string[], string[] | undefined, string[]>;
    version: Generated<number>;
    updated_by: string | null;
  };
  delegated_decision: {
    id: Generated<number>;
    point_id: number;
    decider: string;
    decided_on: string;
    case_ids: ColumnType<number[], number[], number[]>;
    text: string;
    amount_ore: number | null;
    decision_type: string | null;
    report_item_id: number | null;
    reported_on: string | null;
    registered_by: string;
    registered_at: Generated<Date>;
  };
  stored_file: { sha256: string; byte_size: number; media_type: string; page_count: number | null; created_at: Generated<Date> };
  /** Migration 057: stored files in PostgreSQL, by content hash (head row and 1 MiB chunks; src/documents/blobs.ts). */
  file_blob: { sha256: string; byte_size: number; chunk_count: number; stored_at: Generated<Date> };
  file_blob_chunk: { sha256: string; seq: number; data: Uint8Array };
  /** Migration 057: kallelse builds run as pg-boss jobs, their view readable by every process (src/documents/sharedJobs.ts). */
  book_job: {
    job_id: string;
    meeting_id: number;
    kind: Generated<'book' | 'public'>;
    actor: Json;
    state: Generated<'running' | 'done' | 'failed'>;
    phase: Generated<string>;
    done: Generated<number>;
    total: Generated<number>;
    attempts: Generated<number>;
    worker: string | null;
    queue_job_id: string | null;
    started_at: Generated<Date>;
    updated_at: Generated<Date>;
    finished_at: Date | null;
    result: Json | null;
    error: Json | null;
  };
  attachment: {
    id: Generated<number>;
    agenda_item_id: number;
    decision_basis_id: number | null;
    position: number;
    title: string;
    file_sha256: string;
    file_name: string;
    media_type: string;
    byte_size: number;
    page_count: number;
    uploaded_by: string;
    uploaded_at: Generated<Date>;
    version: Generated<number>;
  };
  briefing_memo: {
    agenda_item_id: number;
    content: Json;
    version: Generated<number>;
    created_by: string;
    updated_by: string;
    updated_at: Generated<Date>;
  };
  memo_form: {
    agenda_item_id: number;
    form: Json;
    state: Generated<string>;
    version: Generated<number>;
    updated_by: string;
    updated_at: Generated<Date>;
    /** The version an import wrote and the file's text hash (migration 055); null when written in Styrbord. */
    imported_version: number | null;
    imported_sha256: string | null;
  };
  member_note: { user_id: number; agenda_item_id: number; text: string; version: Generated<number>; updated_at: Generated<Date> };
  book_reading: { user_id: number; meeting_id: number; version: number; read_at: Generated<Date> };
  absence_report: { meeting_id: number; person_id: number; reason: string | null; reported_by: string; reported_at: Generated<Date> };
  kallelse_book: {
    id: Generated<number>;
    meeting_id: number;
    version: number;
    file_sha256: string;
    byte_size: number;
    page_count: number;
    snapshot: Json;
    snapshot_sha256: string;
    contains_secret: Generated<boolean>;
    built_by: string;
    built_at: Generated<Date>;
    sent_at: Timestamp | null;
    sent_by: string | null;
  };
  /** One recipient of one sent book version (migration 029): pending before the message goes out, then sent or failed. */
  kallelse_dispatch: {
    id: Generated<number>;
    meeting_id: number;
    book_version: number;
    person_id: number;
    address: string;
    status: Generated<'pending' | 'sent' | 'failed'>;
    error: string | null;
    attempts: Generated<number>;
    sent_at: Timestamp | null;
    sent_by: string;
    updated_at: Generated<Date>;
    version: Generated<number>;
  };
  /** The public edition of a book version whose papers are (now) secret, one per state of the marks (migration 019). */
  kallelse_book_public: {
    id: Generated<number>;
    book_id: number;
    redaction_sha256: string;
    file_sha256: string;
    byte_size: number;
    page_count: number;
    built_by: string;
    built_at: Generated<Date>;
  };
  /** The bodies an official serves (migration 019): secret papers are read only within one's bodies. */
  user_body: { user_id: number; body_id: number; added_by: string; added_at: Generated<Date> };
  search_queue: {
    meeting_id: number;
    queued_at: Generated<Date>;
    attempts: Generated<number>;
    last_error: string | null;
  };
  search_document: {
    id: Generated<number>;
    kind: 'case' | 'agenda-item' | 'decision' | 'attachment';
    ref_id: number;
    meeting_id: number | null;
    case_id: number | null;
    public: Generated<boolean>;
    title: string;
    body: Generated<string>;
    tsv: ColumnType<string, never, never>;
    item_id: number | null;
    item_number: number | null;
    meeting_date: string | null;
    case_number: string | null;
    presenters: ColumnType<string[], string[] | undefined, string[]>;
    /** Migration 056: the title's own tsvector (candidates whose title matches, publish/store.ts). */
    title_tsv: ColumnType<string, never, never>;
  };
  /** Migration 048: the index's words with their folded form and document count (publish/words.ts); 056: and the public documents' count. */
  search_word: { lexeme: string; folded: string; docs: number; public_docs: Generated<number> };
  /** Migration 056: the text of an uploaded PDF by its hash, extracted by the search queue (publish/search.ts). */
  file_text: { sha256: string; text: Generated<string>; pages: number | null; error: string | null; extracted_at: Generated<Date> };
  business_support: {
    id: Generated<number>;
    meeting_id: number | null;
    period_from: string;
    period_to: string;
    case_number: string | null;
    nyps_id: string | null;
    support_type: string;
    company: string;
    sole_trader: boolean;
    /** A natural person (migration 021): the name is masked for the public; inferred from sole_trader unless set by staff. */
    natural_person: boolean;
    natural_person_set_by: ColumnType<string | null, string | null | undefined, string | null>;
    sector: string;
    gender: 'K' | 'M' | null;
    municipality: string;
    amount_ore: number | null;
    rejected: boolean;
    rejection_reason: string | null;
    decider: string;
    /** Where the row came from (migration 041): a delegation report in an imported kallelse, entered by hand, or the national system's export. */
    source: Generated<'delegation-report' | 'manual' | 'import'>;
    /** The decision's date (migration 041); null for rows read from a delegation report (only its period is known). */
    decided_on: ColumnType<string | null, string | null | undefined, string | null>;
    /** Migration 054: why a row read from a delegation report needs a look (unknown support type or kommun, a row kept whole); null when it read cleanly. */
    import_flag: ColumnType<string | null, string | null | undefined, string | null>;
    version: Generated<number>;
    updated_by: ColumnType<string | null, string | null | undefined, string | null>;
    updated_at: Generated<Date>;
  };
  // Co-financing (funding/cofinancing*.ts, migration 011); columns in docs/funding.md.
  cofinancing_condition: {
    id: Generated<number>;
    position: number;
    text_proposal: string;
    text_letter: string;
    applies_to: 'all' | 'companies';
    closing: Generated<boolean>;
    active: Generated<boolean>;
    version: Generated<number>;
    updated_by: string | null;
    updated_at: Generated<Date>;
  };
  cofinancing_application: {
    id: Generated<number>;
    case_id: number;
    applicant_name: string;
    org_number: string | null;
    /** A natural person (migration 021): inferred from the org number (a personnummer) unless set by staff. */
    natural_person: Generated<boolean>;
    natural_person_set_by: ColumnType<string | null, string | null | undefined, string | null>;
    address: ColumnType<string[], string[] | undefined, string[]>;
    contact_name: string | null;
    contact_email: string | null;
    project_name: string;
    period_start: string;
    period_end: string;
    description: string;
    priority_area: string;
    priority_rank: string;
    /** Migration 050: the strategy's priority whose code is priority_rank (set by a trigger). */
    strategy_priority_id: Generated<number | null>;
    eu_cofinancing: boolean;
    aimed_at_companies: boolean;
    funding_source: 'state-1-1' | 'regional';
    requested_ore: number;
    rate_bp: number;
    cap_ore: number;
    case_conditions: ColumnType<string[], string[] | undefined, string[]>;
    total_column: boolean;
    indirect_flat_rate_bp: number | null;
    stated_cost_total_ore: number | null;
    stated_financing_total_ore: number | null;
    /** Migration 038: withdrawn (återkallad) or rejected (avslag), with the day, who and why. */
    status: Generated<'draft' | 'proposed' | 'granted' | 'withdrawn' | 'rejected'>;
    closed_on: string | null;
    closed_by: string | null;
    closed_reason: string | null;
    version: Generated<number>;
    created_by: string;
    updated_by: string;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  cofinancing_funding_share: { application_id: number; position: number; source: 'state-1-1' | 'regional'; amount_ore: number };
  cofinancing_budget_year: {
    application_id: number;
    year: number;
    position: number;
    stated_cost_sum_ore: number | null;
    stated_financing_sum_ore: number | null;
  };
  cofinancing_budget_row: {
    id: Generated<number>;
    application_id: number;
    section: 'cost' | 'financing';
    position: number;
    label: string;
    cost_category: 'staff' | 'external-services' | 'travel' | 'indirect' | 'investments' | 'other' | null;
    financier_kind: 'public' | 'private' | null;
    is_region: boolean | null;
    stated_total_ore: number | null;
  };
  cofinancing_budget_cell: { row_id: number; year: number; amount_ore: number };
  cofinancing_decision: {
    id: Generated<number>;
    application_id: number;
    kind: 'grant' | 'extension';
    route: 'body' | 'delegation';
    status: 'pending' | 'granted' | 'rejected' | 'withdrawn';
    body_id: number;
    meeting_id: number | null;
    agenda_item_id: number | null;
    delegated_decision_id: number | null;
    decided_on: string | null;
    decided_by: string | null;
    rate_bp: number;
    added_cap_ore: number;
    cap_ore: number;
    period_start: string;
    period_end: string;
    previous_period_end: string | null;
    funding_source: 'state-1-1' | 'regional';
    state_ore: number;
    conditions: ColumnType<string[], string[] | undefined, string[]>;
    clauses: ColumnType<string[], string[], string[]>;
    restatement: string | null;
    officer: string | null;
    signatories: Json;
    version: Generated<number>;
    created_by: string;
    created_at: Generated<Date>;
    /** Migration 051: the strategy's priority the decision names (a new decision takes its application's, set by a trigger). */
    strategy_priority_id: ColumnType<number | null, number | null | undefined, number | null>;
  };
  cofinancing_payout: {
    id: Generated<number>;
    decision_id: number;
    claimed_on: string;
    reference: string | null;
    booked_costs_ore: number;
    share_ore: number;
    paid_ore: number;
    cap_ore: number;
    paid_before_ore: number;
    /** The preparer (the handläggare who registered the claim). */
    registered_by: string;
    registered_at: Generated<Date>;
    status: 'prepared' | 'attested' | 'reversed';
    period_from: string | null;
    period_to: string | null;
    final: Generated<boolean>;
    final_report_on: string | null;
    attested_by: string | null;
    attested_on: string | null;
    attested_at: Date | null;
    reversed_by: string | null;
    reversed_at: Date | null;
    reversal_reason: string | null;
    version: Generated<number>;
  };
  appropriation: {
    year: number;
    total_ore: number;
    indicative_projects_ore: number | null;
    indicative_business_support_ore: number | null;
    indicative_follow_up_ore: number | null;
    follow_up_max_ore: number;
    outcome_projects_ore: number | null;
    outcome_business_support_ore: number | null;
    outcome_follow_up_ore: number | null;
    version: Generated<number>;
    updated_by: string;
    updated_at: Generated<Date>;
  };
  appropriation_commitment: {
    id: Generated<number>;
    year: number;
    line: 'projects' | 'business-support' | 'follow-up';
    amount_ore: number;
    committed_on: string;
    decision_id: number | null;
    case_id: number | null;
    text: string;
    override_rule: 'appropriation-exceeded' | 'follow-up-cap' | 'appropriation-missing' | null;
    override_reason: string | null;
    override_by: string | null;
    override_on: string | null;
    override_remaining_before_ore: number | null;
    override_exceeding_ore: number | null;
    /** The business-support register decision that made this commitment (migration 041); null for all others. */
    business_support_id: ColumnType<number | null, number | null | undefined, number | null>;
    registered_by: string;
    registered_at: Generated<Date>;
  };
  /** Migration 042: a granted co-financing's payouts planned per year (the payment profile), when set by hand. */
  cofinancing_payment_plan: { application_id: number; year: number; amount_ore: number; set_by: string; set_at: Generated<Date> };
  kpi_series: {
    id: Generated<number>;
    kpi_id: string;
    title: string;
    description: string | null;
    unit: string | null;
    indicator_ref: string | null;
    target_kind: Generated<'none' | 'fixed' | 'baseline' | 'comparison'>;
    direction: 'increase' | 'decrease' | null;
    baseline_year: number | null;
    /** numeric: read as an exact decimal string */
    target_value: string | null;
    target_group: ColumnType<string[], string[] | undefined, string[]>;
    version: Generated<number>;
    updated_by: string | null;
    updated_at: Generated<Date>;
    /** migration 052: a Kolada KPI or one of the committee's own measures (local id) */
    source: Generated<'kolada' | 'local'>;
  };
  kpi_value: {
    series_id: number;
    area: string;
    period: string;
    gender: 'T' | 'K' | 'M';
    /** numeric: read as an exact decimal string */
    value: string | null;
    count: number | null;
    status: string | null;
    /** migration 052: a saved file, Kolada's API (with fetched_at) or entered by hand */
    source: Generated<'file' | 'kolada' | 'manual'>;
    fetched_at: Date | null;
  };
  kpi_import: { sha256: string; file_name: string; kind: string; rows: number; imported_by: string; imported_at: Generated<Date> };
  control_plan: {
    id: Generated<number>;
    title: string;
    year: number;
    source_file: string | null;
    source_sha256: string | null;
    created_by: string;
    created_at: Generated<Date>;
  };
  control_risk: {
    id: Generated<number>;
    plan_id: number;
    position: number;
    area: string;
    risk: string;
    probability: number | null;
    consequence: number | null;
    version: Generated<number>;
    updated_by: string | null;
    /** Migration 053: the risk owner, the residual risk after the actions, the risk carried over from. */
    owner: string | null;
    residual_probability: number | null;
    residual_consequence: number | null;
    carried_from: number | null;
  };
  control_action: {
    id: Generated<number>;
    risk_id: number;
    position: number;
    text: string;
    region_wide: Generated<boolean>;
    status: 'ongoing' | 'deviation' | 'done' | 'not-done' | null;
    comment: string | null;
    effect: string | null;
    effective: boolean | null;
    responsible: string | null;
    version: Generated<number>;
    updated_by: string | null;
    /** Migration 053: the action carried over from. */
    carried_from: number | null;
  };
  business_plan: {
    id: Generated<number>;
    body_id: number;
    year: number;
    title: string;
    state: Generated<'draft' | 'adopted'>;
    adopted_on: string | null;
    adopted_by: string | null;
    source_sha256: string | null;
    version: Generated<number>;
    updated_by: string | null;
    created_at: Generated<Date>;
  };
  business_plan_item: {
    id: Generated<number>;
    plan_id: number;
    parent_id: number | null;
    position: number;
    kind: 'strategic-goal' | 'theme' | 'focus-area' | 'objective' | 'indicator' | 'assignment';
    number: string | null;
    title: string | null;
    text: string;
    origin: Json;
    target: Json;
    /** migration 052: the styrtal's indicator series */
    kpi_series_id: number | null;
    assignee: string | null;
    note: string | null;
    responsible: string | null;
    deadline: string | null;
    version: Generated<number>;
    updated_by: string | null;
    responsible_email: string | null;
    /** Migration 053: the account the responsible person is; the state report heading the item feeds ("1.4.1"). */
    responsible_user_id: number | null;
    state_report_section: string | null;
  };
  business_plan_version: {
    id: Generated<number>;
    plan_id: number;
    number: number;
    label: string;
    source: 'snapshot' | 'adopted' | 'derived';
    snapshot: Json;
    created_by: string;
    created_at: Generated<Date>;
  };
  plan_report: {
    id: Generated<number>;
    plan_id: number;
    kind: 'interim' | 'annual';
    period: string;
    as_of: string;
    version: Generated<number>;
    created_by: string;
    created_at: Generated<Date>;
    state: Generated<'open' | 'submitted' | 'locked'>;
    submitted_at: Date | null;
    submitted_by: string | null;
    locked_at: Date | null;
    locked_by: string | null;
    updated_by: string | null;
    deadline: string | null;
    carried_from: number | null;
  };
  plan_report_entry: {
    report_id: number;
    item_id: number;
    status: 'met' | 'partly' | 'not-met' | null;
    outcome: string | null;
    comment: string | null;
    version: Generated<number>;
    updated_by: string | null;
    updated_at: Generated<Date>;
    /** numeric: an exact decimal as text ("6.3"). */
    outcome_value: string | null;
    outcome_unit: string | null;
    override_reason: string | null;
    signed_off_by: string | null;
    signed_off_at: Date | null;
    /** numeric: an exact decimal as text. */
    forecast_value: string | null;
    forecast_comment: string | null;
    carried_over: Generated<boolean>;
  };
  plan_report_reminder: {
    id: Generated<number>;
    report_id: number;
    responsible: string;
    address: string;
    item_ids: ColumnType<number[], string, string>;
    status: Generated<'pending' | 'sent' | 'failed'>;
    error: string | null;
    sent_by: string;
    created_at: Generated<Date>;
    sent_at: Date | null;
  };
  /** Migration 053: an automatic reminder, once per report, item and recipient (lower-cased address). */
  plan_report_due_reminder: {
    id: Generated<number>;
    report_id: number;
    item_id: number;
    recipient: string;
    responsible: string;
    status: Generated<'pending' | 'sending' | 'sent' | 'failed' | 'given-up'>;
    attempts: Generated<number>;
    error: string | null;
    next_attempt_at: Generated<Date>;
    claimed_at: Date | null;
    sent_at: Date | null;
    created_at: Generated<Date>;
  };
  state_report: {
    year: number;
    sections: ColumnType<Record<string, string>, string, string>;
    analyses: ColumnType<unknown[], string, string>;
    copied_from: number | null;
    version: Generated<number>;
    updated_by: string;
    updated_at: Generated<Date>;
  };
  /** Migration 050: the regional development strategy's priorities (name, free-text code, order). */
  strategy_priority: {
    id: Generated<number>;
    code: string;
    name: string;
    position: number;
    version: Generated<number>;
    created_by: string;
    updated_by: string;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  budget: {
    id: Generated<number>;
    body_id: number;
    year: number;
    status: Generated<'draft' | 'adopted'>;
    has_model: Generated<boolean>;
    previous_frame_ore: Generated<number>;
    index_bp: Generated<number>;
    frame_change_ore: Generated<number>;
    wage_increase_bp: Generated<number>;
    po_increase_bp: Generated<number>;
    price_increase_bp: Generated<number>;
    travel_per_fte_ore: Generated<number>;
    training_per_fte_ore: Generated<number>;
    other_per_fte_ore: Generated<number>;
    project_hours_per_fte: Generated<number>;
    sick_pay_deduction_bp: Generated<number>;
    planning_reserve_ore: Generated<number>;
    fum_ore: Generated<number>;
    version: Generated<number>;
    created_by: string;
    updated_by: string;
    updated_at: Generated<Date>;
    adopted_at: Timestamp | null;
    adopted_by: string | null;
  };
  budget_area: {
    id: Generated<number>;
    budget_id: number;
    position: number;
    name: string;
    wage_cost_ore: number;
    po_cost_ore: number;
    other_cost_ore: number;
    income_ore: number;
    fte_hundredths: number;
    project_hours: number;
    adjustment_ore: number;
    note: string | null;
  };
  budget_association: {
    id: Generated<number>;
    budget_id: number;
    position: number;
    name: string;
    kind: 'förening' | 'stiftelse';
    area: string | null;
    grant_ore: number;
    uplift_bp: number | null;
  };
  budget_report: {
    id: Generated<number>;
    budget_id: number;
    period_label: string;
    period_end: string;
    version: Generated<number>;
    updated_by: string;
    updated_at: Generated<Date>;
  };
  budget_report_line: {
    report_id: number;
    line_key: string;
    outcome_period_ore: number | null;
    outcome_period_prev_ore: number | null;
    forecast_ore: number | null;
    budget_ore: number | null;
    outcome_prev_year_ore: number | null;
    /** Migration 049: the budget for the period. */
    budget_period_ore: number | null;
  };
  budget_report_area: {
    report_id: number;
    position: number;
    name: string;
    budget_period_ore: number;
    outcome_period_ore: number;
    turnover_period_ore: number;
    budget_period_prev_ore: number | null;
    outcome_period_prev_ore: number | null;
    forecast_ore: number | null;
    /** Migration 049: the area's full-year budget of its net result. */
    budget_year_ore: number | null;
  };
  /** Migration 049: the investments of a follow-up (nettoinvesteringar). */
  budget_report_investment: {
    report_id: number;
    position: number;
    name: string;
    outcome_period_ore: number | null;
    forecast_ore: number | null;
    budget_ore: number | null;
    outcome_prev_year_ore: number | null;
  };
  /** Migration 037: remisser, incoming (answered through an agenda item) and outgoing (with recipients). */
  remiss: {
    id: Generated<number>;
    direction: 'incoming' | 'outgoing';
    title: string;
    case_id: number | null;
    sender: string | null;
    sender_ref: string | null;
    question: string | null;
    received_on: string | null;
    reply_due: string | null;
    preparer: string | null;
    meeting_id: number | null;
    agenda_item_id: number | null;
    answer_sent_on: string | null;
    answer_sent_to: string | null;
    answer_document: string | null;
    declined: Generated<boolean>;
    period_from: string | null;
    period_to: string | null;
    version: Generated<number>;
    created_at: Generated<Date>;
    created_by: string;
    updated_at: Generated<Date>;
    updated_by: string;
  };
  remiss_recipient: {
    id: Generated<number>;
    remiss_id: number;
    position: number;
    name: string;
    answered_on: string | null;
    stance: 'tillstyrker' | 'avstyrker' | 'synpunkter' | 'avstår' | null;
    summary: string | null;
  };
  /** Migration 045: deliveries to the e-archive (issue 21.5), append-only. */
  archive_delivery: {
    id: Generated<number>;
    package_id: string;
    body_id: number;
    scope: 'meeting' | 'year';
    meeting_id: number | null;
    year: number | null;
    meeting_ids: ColumnType<number[], number[], never>;
    file_count: number;
    secret_count: Generated<number>;
    byte_size: number;
    sha256: string;
    file_name: string;
    created_at: Generated<Date>;
    created_by: string;
  };
  /** Migration 046: grants to associations and foundations (issue 21.2). */
  grant_organisation: {
    id: Generated<number>;
    name: string;
    org_number: string | null;
    kind: 'förening' | 'stiftelse' | 'annan';
    natural_person: Generated<boolean>;
    note: string | null;
    version: Generated<number>;
    created_at: Generated<Date>;
    created_by: string;
    updated_at: Generated<Date>;
    updated_by: string;
  };
  grant_application: {
    id: Generated<number>;
    organisation_id: number;
    year: number;
    amount_ore: number;
    purpose: string;
    received_on: string | null;
    case_id: number | null;
    budget_line: string | null;
    outcome: 'bifall' | 'avslag' | null;
    granted_ore: number | null;
    reason: string | null;
    decided_on: string | null;
    decided_in: 'meeting' | 'delegation' | null;
    meeting_id: number | null;
    agenda_item_id: number | null;
    delegated_decision_id: number | null;
    report_due: string | null;
    report_received_on: string | null;
    version: Generated<number>;
    created_at: Generated<Date>;
    created_by: string;
    updated_at: Generated<Date>;
    updated_by: string;
  };
  grant_history_import: {
    id: Generated<number>;
    organisation_id: number;
    title: string;
    source_text: string;
    rows: ColumnType<unknown, string, string>;
    imported_at: Generated<Date>;
    imported_by: string;
  };
  grant_history: {
    id: Generated<number>;
    organisation_id: number;
    import_id: number | null;
    line: number | null;
    year: number;
    amount_ore: number | null;
    description: string | null;
    grouping: string | null;
    created_by: string;
  };
  /** Migration 046: companies and foundations the region owns (issue 21.3). */
  owned_company: {
    id: Generated<number>;
    name: string;
    org_number: string | null;
    kind: 'bolag' | 'stiftelse';
    share_bp: number | null;
    aliases: Generated<string[]>;
    note: string | null;
    version: Generated<number>;
    created_at: Generated<Date>;
    created_by: string;
    updated_at: Generated<Date>;
    updated_by: string;
  };
  company_document: {
    id: Generated<number>;
    company_id: number;
    kind: 'ägaranvisning' | 'finansieringsavtal' | 'bolagsordning' | 'annat avtal';
    title: string;
    valid_from: string;
    valid_to: string | null;
    file_sha256: string | null;
    file_name: string | null;
    byte_size: number | null;
    reference: string | null;
    created_at: Generated<Date>;
    created_by: string;
  };
  company_report: {
    id: Generated<number>;
    company_id: number;
    year: number;
    kind: string;
    due_on: string | null;
    received_on: string | null;
    case_id: number | null;
  };
}
