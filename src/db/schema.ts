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
  };
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
  };
  party: { id: Generated<number>; abbreviation: string; name: string | null };
  body: {
    id: Generated<number>;
    name: string;
    organisation: string;
    kind: Generated<'committee' | 'board' | 'assembly'>;
    version: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  person: { id: Generated<number>; name: string; version: Generated<number>; created_at: Generated<Date> };
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
    version: Generated<number>;
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
  paragraph_counter: { body_id: number; year: number; last_paragraph: number };
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
  decision_note: { id: Generated<number>; decision_id: number; person_id: number; kind: 'reservation' | 'protocol-note'; text: string };
  adjuster: {
    minutes_id: number;
    person_id: number;
    position: number;
    signed_at: Timestamp | null;
    signed_by: string | null;
    signed_sha256: string | null;
    signature: string | null;
  };
  notice: { id: Generated<number>; minutes_id: number; posted_on: string; taken_down_on: string | null; posted_by: string };
  dispatch: { id: Generated<number>; decision_id: number; recipient: string; sent_at: Generated<Date>; sent_by: string };
  signing_key: { id: number; key: string };
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
  };
  user_session: { token_sha256: string; user_id: number; csrf_token: string; created_at: Generated<Date>; expires_at: Timestamp };
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
  };
}
