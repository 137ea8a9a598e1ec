/**
 * The JSON shapes of Styrbord's API (/api/…), shared by the server and the
 * React UI. Dates are ISO (YYYY-MM-DD), times "HH:MM", money integer öre.
 */
import type { AgendaItemKind, RoleInBody } from '../importer/types.ts';
import type { SnapshotProceedings } from '../minutes/model.ts';

export type { AgendaItemKind, RoleInBody };

export interface ApiError {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

export interface BodySummary {
  id: number;
  name: string; // "Regional tillväxtnämnd"
  organisation: string; // "Region Örebro län"
  meetingCount: number;
}

export interface MembershipView {
  id: number;
  personId: number;
  name: string;
  party: string | null;
  kind: 'member' | 'substitute';
  role: RoleInBody;
  order: number;
  validFrom: string | null;
  validTo: string | null;
}

export interface BodyDetail extends BodySummary {
  memberships: MembershipView[]; // members first (in listed order), then substitutes
}

export interface MeetingSummary {
  id: number;
  bodyId: number;
  bodyName: string;
  date: string;
  startTime: string | null;
  endTime: string | null;
  place: string | null;
  itemCount: number;
  /**
   * Inställt: when the meeting was cancelled (issue 14.1); null when it is held. The reason is
   * internal (the secretariat's calendar shows it), like in the iCalendar feed.
   */
  cancelled?: { at: string } | null;
}

export interface DecisionBasisView {
  id: number;
  title: string;
  fileName: string | null;
  /** Legal reference when the document is secret, e.g. "31 kap. 16 § OSL"; null when public. */
  secrecyRef?: string | null;
  /** When the secrecy mark last changed (ISO instant); null when it never has. */
  secrecyChangedAt?: string | null;
  /** For optimistic locking of edits (secrecy marks). */
  version?: number;
}

export interface SubItemView {
  number: number | null;
  title: string;
  caseNumber: string | null;
  presenters: string[];
  note: string | null;
}

export interface AgendaItemView {
  id: number;
  number: number;
  title: string;
  kind: AgendaItemKind;
  caseNumber: string | null;
  presenters: string[];
  proposal: { addressee: string | null; clauses: string[]; notes: string[] } | null;
  adjustmentDeadline: string | null;
  summary: string | null;
  decisionBasis: DecisionBasisView[];
  subItems: SubItemView[];
  /** Legal reference when the item's papers are secret; null when public. */
  secrecyRef?: string | null;
  /** When the secrecy mark last changed (ISO instant); null when it never has. */
  secrecyChangedAt?: string | null;
  /** For optimistic locking of edits (secrecy marks). */
  version?: number;
}

export interface MeetingDetail extends MeetingSummary {
  /** When the meeting record was created and last changed (ISO instants). */
  createdAt?: string;
  updatedAt?: string;
  groupMeetings: string[];
  absenceNotice: string | null;
  secretary: { name: string; email: string | null; phone: string | null } | null;
  items: AgendaItemView[];
  source: { fileName: string; importedAt: string; sha256: string } | null;
}

export interface CaseSummary {
  caseNumber: string; // "20RS6567"
  title: string;
  registeredOn: string | null; // ISO date; null for cases known only from imported papers
  appearanceCount: number;
}

export interface CaseAppearance {
  meetingId: number;
  meetingDate: string;
  bodyName: string;
  itemId: number;
  itemNumber: number;
  itemTitle: string;
}

export interface CaseDetail extends CaseSummary {
  year: number;
  series: string;
  serial: number;
  appearances: CaseAppearance[]; // oldest meeting first
  /** Handläggare, status (öppet, vilande, avslutat) and the day it was closed (migration 030). */
  officer: string | null;
  status: 'open' | 'dormant' | 'closed';
  statusLabel: string;
  closedOn: string | null;
  version: number;
  /** Linked cases: the one this continues, those that continue it, related ones. */
  links: Array<{ caseNumber: string; title: string; kind: 'extends' | 'related'; label: string }>;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface SearchHit {
  kind: 'case' | 'agenda-item' | 'attachment' | 'decision';
  caseNumber: string | null;
  title: string;
  meetingId: number | null;
  meetingDate: string | null;
  itemId: number | null;
  itemNumber: number | null;
  presenters: string[];
  matchedOn: 'dnr' | 'title' | 'presenter' | 'text';
  /** Full-text hits: the matching passage, the matched words between U+0002 and U+0003. */
  snippet: string | null;
}

export interface SearchResult {
  query: string;
  hits: SearchHit[];
}

export interface RegisterCaseRequest {
  title: string;
  series?: string; // default "RS"
  registeredOn?: string; // default today (Europe/Stockholm); its year decides the case number's year
  /** A number the case already has (begun in another system); when given, no new number is taken. */
  caseNumber?: string;
  officer?: string | null;
}

export interface UpdateCaseRequest {
  version: number;
  title?: string;
  officer?: string | null;
  status?: 'open' | 'dormant' | 'closed';
  closedOn?: string | null;
}

/** A kallelse to import: its text, or the file's bytes in base64 (a PDF, or text in UTF-8 or Windows-1252). */
export interface ImportRequest {
  fileName: string;
  text?: string;
  fileBase64?: string;
  /** Import although rows of its tables are flagged (issue 18.3); without it such an import is refused with 409. */
  confirm?: boolean;
}

export interface ImportResult {
  meetingId: number;
  created: boolean; // false when the same file (same SHA-256 of its canonical text) was imported before: nothing changed
  replaced: boolean; // the meeting was there: its agenda was updated in place (ids and secrecy marks kept)
  items: number;
  cases: number;
  report: string[]; // what a re-import did to items and documents the new kallelse no longer has (Swedish)
}

// ── Minutes (protokoll) ───────────────────────────────────────────────────

export type Outcome = 'according-to-proposal' | 'amended' | 'referred-back' | 'tabled' | 'noted';
export type VoteChoice = 'ja' | 'nej' | 'avstår';

export interface AttendanceView {
  personId: number;
  name: string;
  party: string | null;
  kind: 'member' | 'substitute';
  role: RoleInBody;
  present: boolean;
  replacesPersonId: number | null;
  replacesName: string | null;
  fromItem: number | null;
  toItem: number | null;
}

export interface DecisionView {
  id: number;
  agendaItemId: number;
  itemNumber: number;
  itemTitle: string;
  caseNumber: string | null;
  paragraph: number | null; // § number, set when the minutes are numbered
  outcome: Outcome;
  outcomeLabel: string;
  clauses: string[];
  motivation: string | null;
  votes: Array<{ personId: number; name: string; choice: VoteChoice }> | null;
  voteSummary: string | null;
  conflicted: Array<{ personId: number; name: string }>;
  notes: Array<{ personId: number; name: string; party: string | null; kind: 'reservation' | 'protocol-note'; text: string }>;
  recipients: string[];
  dispatches: Array<{ recipient: string; sentAt: string; sentBy: string }>;
  immediatelyAdjusted: boolean;
  withoutQuorum: boolean;
  /** Yrkanden, propositionsordning and omröstningar (issue 15.1); absent when the item had none. */
  proceedings?: SnapshotProceedings;
  version: number;
  finalOn: string | null; // laga kraft, once the notice is posted
}

export interface ClockView {
  /** The day the protokoll is to be adjusted by: the one the committee decided under its protokollsjustering item, else (or when the decided day is after it) kommunallagen's. */
  adjustmentDue: string;
  /** Where adjustmentDue comes from. */
  adjustmentBasis: 'decided' | 'legal';
  /** The day the committee decided ("Protokollet ska vara justerat senast den 25 augusti 2020"), or null. */
  adjustmentDecided: string | null;
  /** Kommunallagen's last day: 14 days after the meeting, moved to a working day. */
  adjustmentLegalDue: string;
  noticeDue: string | null;
  appealLastDay: string | null;
  finalOn: string | null;
  isFinal: boolean;
  warnings: Array<{ code: string; message: string }>;
}

export interface MinutesView {
  id: number;
  meetingId: number;
  meetingDate: string;
  bodyId: number;
  bodyName: string;
  status: 'draft' | 'numbered' | 'adjusted';
  version: number;
  updatedBy: string | null;
  keptAt: string;
  adjustedOn: string | null;
  locked: boolean;
  /** SHA-256 of the protokoll: while signing, of the PDF being signed; once adjusted, of the stored (sealed) file served byte for byte. */
  pdfSha256: string | null;
  /** SHA-256 of what the adjusters signed: the content rendition, without the signatures, the anslagsbevis and the seal (issue 15.4). */
  signedPdfSha256?: string | null;
  /** The frozen protokoll once signing has begun: when its snapshot was taken, and the SHA-256 of the public version stored for the current secrecy marks (null before adjustment). */
  frozen: { takenAt: string; publicPdfSha256: string | null } | null;
  attendance: AttendanceView[];
  adjusters: Array<{ personId: number; name: string; party: string | null; signedAt: string | null; signedBy: string | null; signedVia?: 'password' | 'oidc' | 'session' | null }>;
  decisions: DecisionView[];
  notice: { postedOn: string; takenDownOn: string | null } | null;
  clock: ClockView;
}

export interface RecordDecisionRequest {
  outcome: Outcome;
  clauses?: string[]; // for 'amended'
  motivation?: string; // for 'referred-back'
  votes?: Array<{ personId: number; choice: VoteChoice }>;
  conflicted?: number[]; // person ids with jäv
  /** A reservation's motionId: the lost yrkande it is tied to (issue 15.1); without it, the only one the person stood behind. */
  notes?: Array<{ personId: number; kind: 'reservation' | 'protocol-note'; text: string; motionId?: number | null }>;
  recipients?: string[];
  immediatelyAdjusted?: boolean;
  acknowledgeNoQuorum?: boolean;
  version?: number; // the decision's version when editing an existing one
}

export interface NoticeView {
  meetingId: number;
  bodyName: string;
  meetingDate: string;
  paragraphs: string; // "§§ 1–8"
  adjustedOn: string | null;
  postedOn: string;
  takenDownOn: string | null;
  appealLastDay: string;
  keptAt: string;
  howToAppeal: string;
}
