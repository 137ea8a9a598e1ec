/**
 * The JSON shapes of the documents API (attachments, briefing memos, the
 * kallelse book and its versions), for the server and the UI alike.
 */
import type { BookDiff, BriefingMemo, BriefingMemoInput, ProposalText } from './model.ts';
import type { JobView } from './jobs.ts';

export type { BookDiff, BriefingMemo, BriefingMemoInput, ProposalText };

export interface AttachmentView {
  id: number;
  agendaItemId: number;
  /** The decision basis entry (beslutsunderlag) the file belongs to, if it was uploaded for one. */
  decisionBasisId: number | null;
  position: number;
  title: string;
  fileName: string;
  mediaType: string;
  /** Size, pages, hash and uploader: null for the public when the document is secret. */
  byteSize: number | null;
  pageCount: number | null;
  sha256: string | null;
  uploadedBy: string | null;
  uploadedAt: string;
  version: number;
  /** Legal reference when the document is secret (its own mark or its item's); only signed-in users get the file. */
  secrecyRef: string | null;
  /** Where to download the file. */
  url: string;
}

export interface MemoView {
  agendaItemId: number;
  meetingId: number;
  memo: BriefingMemo;
  /** Förslag till beslut, taken from the agenda item. */
  proposal: ProposalText | null;
  version: number;
  updatedBy: string;
  updatedAt: string;
  pdfUrl: string;
}

export interface SaveMemoRequest extends BriefingMemoInput {
  /** The version you edited; a stale version is refused (409). */
  version?: number;
}

export interface BookVersionView {
  version: number;
  pageCount: number;
  byteSize: number;
  sha256: string;
  builtBy: string;
  builtAt: string;
  sentAt: string | null;
  sentBy: string | null;
  /** Some of its papers are secret by the marks as they are now: the members and officials of the body get it, the public a copy without them. */
  containsSecret: boolean;
  url: string;
}

export interface BuildResult {
  version: BookVersionView;
  /** False when the agenda had not changed since the latest version: that version is the book. */
  created: boolean;
  /** Listed beslutsunderlag without a file, one Swedish line per item (the book is built anyway). */
  warnings?: string[];
}

export type BookJobView = JobView<BuildResult>;

export interface BookStatus {
  meetingId: number;
  /** The latest version shows the agenda as it is now. */
  upToDate: boolean;
  /** The latest version was sent and the agenda has changed since: build a new version and send it. */
  reissueNeeded: boolean;
  latest: BookVersionView | null;
  versions: BookVersionView[];
  /** What a new version would change compared with the latest one. */
  pendingChanges: BookDiff | null;
  job: BookJobView | null;
}

export interface BookDiffView {
  from: BookVersionView;
  to: BookVersionView;
  diff: BookDiff;
}
