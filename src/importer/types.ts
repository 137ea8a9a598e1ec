/**
 * What the kallelse parser reads out of one kallelse / föredragningslista text
 * (text extracted from the committee's PDF). Pure data; the importer service
 * writes it to the database in one transaction.
 */
import type { IsoDate } from '../kernel/dates.ts';
import type { ImportedMemo } from './memoFields.ts';

export type AgendaItemKind =
  | 'adjustment' // Protokollsjustering
  | 'decision' // an item with "Förslag till beslut" that is not one of the others
  | 'information' // Information
  | 'delegation-report' // Redovisning av delegationsbeslut / Anmälningsärenden / Anmälan av delegationsbeslut
  | 'presentations'; // Presentationer (vid sammanträdet)

export type RoleInBody = 'chair' | 'first-vice-chair' | 'second-vice-chair' | 'member';

export interface ParsedPerson {
  name: string; // "Irén Lejegren"
  party: string | null; // "S"
}

export interface ParsedMembership extends ParsedPerson {
  kind: 'member' | 'substitute'; // Ledamöter kallas / Ersättare underrättas
  role: RoleInBody; // substitutes are always 'member'
  order: number; // 1-based order as listed
}

export interface ParsedSubItem {
  number: number | null; // "1." in 000's information item; null for "- …" bullets
  title: string;
  caseNumber: string | null; // "diarienummer 19RS8666" inside the line
  presenters: string[];
  note: string | null; // e.g. "(rapporten har redovisats under meddelandeärenden …)"
}

export interface ParsedAgendaItem {
  number: number; // 1, 2, …
  title: string; // joined over wrapped lines, single spaces
  kind: AgendaItemKind;
  caseNumber: string | null; // "20RS6567"
  presenters: string[]; // ["Mirela Redzic", "Malin Lindqvist"]
  proposal: {
    addressee: string | null; // "Regional tillväxtnämnd beslutar" (trailing ':' removed)
    clauses: string[]; // each att-sats, starting with "att ", joined over wrapped lines, single spaces;
    // bullets ("•") that belong to a clause are kept in that clause's text on their own lines ("\n• …")
    notes: string[]; // text after the clauses, e.g. "Protokollet ska vara justerat senast den 28 februari 2020."
  } | null;
  adjustmentDeadline: IsoDate | null; // from "Protokollet ska vara justerat senast den 28 februari 2020"
  summary: string | null; // "Sammanfattning" text, paragraphs separated by "\n\n"
  decisionBasis: string[]; // each "Beslutsunderlag" entry, joined over wrapped lines
  subItems: ParsedSubItem[]; // information / presentations sub-items
  /** The text of the item's attachments in the book (after its divider page), for search; null when none. */
  attachmentText: string | null;
  /** The item's föredragnings-PM read into the memo form's fields (importer/memoFields.ts); null or absent when none was found. */
  memo?: ImportedMemo | null;
  line: number; // 1-based line in the file where the item starts
}

export interface ParsedKallelse {
  body: string; // "Regional tillväxtnämnd"
  organisation: string | null; // "Region Örebro län"
  date: IsoDate; // meeting date
  dateSource: 'summons' | 'memo' | 'decision-basis'; // where the date was read
  startTime: string | null; // "10:00"
  endTime: string | null; // "15:00"
  place: string | null; // "Konferensrum Linden, Eklundavägen 1 Örebro"
  groupMeetings: string[]; // lines under "Gruppmöten …", first element the heading line itself
  absenceNotice: string | null; // "Meddela förhinder snarast möjligt till …"
  secretary: { name: string; email: string | null; phone: string | null } | null;
  memberships: ParsedMembership[];
  items: ParsedAgendaItem[];
  totalPages: number | null; // from page stamps "N (303)"
  /**
   * After the agenda, the stretches of text that belong to each item (its
   * divider page or memo header on), by 1-based line of the text, inclusive;
   * `fromLine` is the first line after the divider. The importer maps them
   * to the pages of a PDF (importer/pages.ts).
   */
  attachmentSections?: Array<{ itemNumber: number; fromLine: number; toLine: number }>;
  /**
   * The documents of each item found in that text (importer/attachments.ts):
   * its memo and each beslutsunderlag whose title lines name an entry
   * (`basisIndex`, 0-based; null when no entry is named), by 1-based line.
   */
  attachmentDocuments?: Array<{ itemNumber: number; basisIndex: number | null; title: string; fromLine: number; toLine: number; kind: 'memo' | 'document' }>;
  /** Attachments whose item is uncertain (Swedish, for the import's flags). */
  attachmentFlags?: string[];
  /** Page stamps of documents of their own inside the book ("1 (2)" of a memo): line, N and TOTAL. */
  documentStamps?: Array<{ line: number; page: number; total: number }>;
}

// ---------------------------------------------------------------------------
// Import records and previews (issue 18.3, 18.8): what an import will do or did

/** One table the importer reads out of a kallelse, accounted for row by row. */
export interface TableReport {
  table: 'business-support' | 'delegation' | 'budget' | 'plan' | 'control' | string;
  /** Swedish name of the table ("Företagsstöd"). */
  label: string;
  read: number;
  kept: number;
  flagged: Array<{ row: string; reason: string; line?: number | null }>;
  /** What the reader says about the table as a whole (Swedish), e.g. that its status symbols are pictures not in the text. */
  notes?: string[];
}

/** A document of a PDF's book (its pages) as it becomes the attachment of an agenda item. */
export interface PlannedDocument {
  itemNumber: number;
  /** The decision-basis entry (0-based, in the item's list) it is filed under; null when not certain. */
  basisIndex: number | null;
  title: string;
  /** Pages of the imported file, 1-based, inclusive. */
  fromPage: number;
  toPage: number;
}

export type ItemChange = 'new' | 'changed' | 'same' | 'kept' | 'removed';

export interface ImportPlan {
  outcome: 'create' | 'update' | 'unchanged';
  meeting: { id: number | null; body: string; date: string; startTime: string | null; endTime: string | null; place: string | null };
  items: Array<{ id: number | null; number: number; title: string; kind: string; caseNumber: string | null; change: ItemChange }>;
  cases: Array<{ caseNumber: string; title: string; isNew: boolean }>;
  people: Array<{ name: string; party: string | null; kind: 'member' | 'substitute'; isNew: boolean }>;
  tables: TableReport[];
  documents: PlannedDocument[];
  /** Everything that needs a look before it is confirmed (Swedish): flagged rows, documents filed uncertainly, missing pages. */
  flags: string[];
  /** Other notes of the import (Swedish): what a re-import kept, weekday words, … */
  notes: string[];
}

export type ImportStatus = 'preview' | 'confirmed' | 'cancelled';

/** An import as the page and the API show it. */
export interface ImportRecord {
  id: number;
  status: ImportStatus;
  kind: 'text' | 'pdf';
  fileName: string;
  byteSize: number;
  sourceSha256: string;
  meetingId: number | null;
  bodyName: string | null;
  meetingDate: string | null;
  outcome: 'create' | 'update' | 'unchanged';
  flagged: number;
  flagsConfirmed: boolean;
  createdBy: string;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  plan: ImportPlan;
}

/** A preview: the record and the token that confirms or cancels it. */
export interface ImportPreview extends ImportRecord {
  token: string;
}
