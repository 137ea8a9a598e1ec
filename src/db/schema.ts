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
}
