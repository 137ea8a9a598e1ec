/**
 * What the kallelse parser reads out of one kallelse / föredragningslista text
 * (text extracted from the committee's PDF). Pure data; the importer service
 * writes it to the database in one transaction.
 */
import type { IsoDate } from '../kernel/dates.ts';

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
}
