/**
 * Pure rules for the meeting's documents: the briefing memo (FöredragningsPM)
 * and its mandatory sections, the snapshot of an agenda that each version of
 * the kallelse book is built from, and the difference between two versions.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../kernel/errors.ts';
import type { AgendaItemKind, BodyDetail, MeetingDetail, RoleInBody } from '../http/contract.ts';

// ── Briefing memo (FöredragningsPM) ───────────────────────────────────────

export type MemoTextKey = 'summary' | 'description' | 'assessment' | 'consequences' | 'economy' | 'followUp';

/** The memo's sections in the order the region's template has them. */
export const MEMO_SECTIONS: ReadonlyArray<{ key: MemoTextKey | 'proposal' | 'decisionBasis'; heading: string; required: boolean }> = [
  { key: 'proposal', heading: 'Förslag till beslut', required: true },
  { key: 'summary', heading: 'Sammanfattning', required: true },
  { key: 'description', heading: 'Ärendebeskrivning', required: true },
  { key: 'assessment', heading: 'Bedömning', required: false },
  { key: 'consequences', heading: 'Konsekvenser för miljö-, barn- och jämställdhetsperspektiven', required: true },
  { key: 'economy', heading: 'Ekonomiska konsekvenser', required: true },
  { key: 'followUp', heading: 'Uppföljning', required: false },
  { key: 'decisionBasis', heading: 'Beslutsunderlag', required: true },
];

export const memoHeading = (key: (typeof MEMO_SECTIONS)[number]['key']): string => MEMO_SECTIONS.find((s) => s.key === key)!.heading;

export interface BriefingMemoInput {
  /** Tjänsteställe: "Ekonomi", "Näringslivsutveckling". */
  unit?: string | null;
  /** Handläggare: "Helena Torége". */
  officer?: string | null;
  /** The memo's title; the agenda item's title when left out. */
  title?: string | null;
  summary?: string | null;
  description?: string | null;
  assessment?: string | null;
  consequences?: string | null;
  economy?: string | null;
  followUp?: string | null;
  decisionBasis?: string[] | null;
  /** Who signs: "Petter Arneback", "Regional utvecklingsdirektör". */
  signatory?: { name?: string | null; title?: string | null } | null;
  /** Skickas till. */
  sendTo?: string[] | null;
}

export interface BriefingMemo {
  unit: string;
  officer: string;
  title: string | null;
  summary: string;
  description: string;
  assessment: string | null;
  consequences: string;
  economy: string;
  followUp: string | null;
  decisionBasis: string[];
  signatory: { name: string; title: string };
  sendTo: string[];
}

export interface ProposalText {
  addressee: string | null;
  clauses: string[];
  notes: string[];
}

/** Trims each line, keeps paragraph breaks, drops trailing blank lines. */
export function cleanText(text: string | null | undefined): string {
  if (!text) return '';
  return text
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const oneLine = (s: string | null | undefined) => cleanText(s).replace(/\s+/g, ' ');

function swedishList(names: string[]): string {
  const q = names.map((n) => `"${n}"`);
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} och ${q.at(-1)}`;
}

/**
 * Checks a memo and returns it cleaned. The proposal comes from the agenda
 * item (never typed twice); a memo for an item without att-satser, or with a
 * mandatory section empty, is refused with the sections' names.
 */
/**
 * The most text a memo may hold, all sections together (about 50 pages): far
 * more than the region's template asks for, and a PDF of it renders in well
 * under a second. Longer is refused when it is saved, before anything is drawn.
 */
export const MEMO_MAX_CHARS = 100_000;

export function validateMemo(input: BriefingMemoInput, proposal: ProposalText | null): BriefingMemo {
  const texts = [input.unit, input.officer, input.title, input.summary, input.description, input.assessment, input.consequences, input.economy, input.followUp, input.signatory?.name, input.signatory?.title, ...(input.decisionBasis ?? []), ...(input.sendTo ?? [])];
  const total = texts.reduce((n, t) => n + (t?.length ?? 0), 0);
  if (total > MEMO_MAX_CHARS) {
    throw new DomainError(
      'memo-too-long',
      `Föredragnings-PM:et är för långt: texterna är tillsammans ${total.toLocaleString('sv-SE')} tecken, men högst ${MEMO_MAX_CHARS.toLocaleString('sv-SE')} får plats. Korta texterna eller lägg det utförliga underlaget som bilaga.`,
      { status: 400, details: { total, max: MEMO_MAX_CHARS } },
    );
  }
  const memo: BriefingMemo = {
    unit: oneLine(input.unit),
    officer: oneLine(input.officer),
    title: oneLine(input.title) || null,
    summary: cleanText(input.summary),
    description: cleanText(input.description),
    assessment: cleanText(input.assessment) || null,
    consequences: cleanText(input.consequences),
    economy: cleanText(input.economy),
    followUp: cleanText(input.followUp) || null,
    decisionBasis: (input.decisionBasis ?? []).map(oneLine).filter(Boolean),
    signatory: { name: oneLine(input.signatory?.name), title: oneLine(input.signatory?.title) },
    sendTo: (input.sendTo ?? []).map(oneLine).filter(Boolean),
  };
  const missing: string[] = [];
  for (const s of MEMO_SECTIONS) {
    if (!s.required) continue;
    const present =
      s.key === 'proposal' ? Boolean(proposal && proposal.clauses.length > 0) : s.key === 'decisionBasis' ? memo.decisionBasis.length > 0 : Boolean(memo[s.key]);
    if (!present) missing.push(s.heading);
  }
  if (missing.length) {
    const which = missing.length === 1 ? `avsnittet ${swedishList(missing)}` : `avsnitten ${swedishList(missing)}`;
    const hint = missing.includes('Förslag till beslut') ? ' Förslaget till beslut hämtas från punktens att-satser på föredragningslistan.' : '';
    throw new DomainError('memo-incomplete', `Föredragnings-PM:et saknar ${which}.${hint}`, { status: 422, details: { missing } });
  }
  const header: Array<[string, string]> = [
    ['Tjänsteställe', memo.unit],
    ['Handläggare', memo.officer],
    ['Underskrift (namn)', memo.signatory.name],
    ['Underskrift (titel)', memo.signatory.title],
  ];
  const absent = header.filter(([, v]) => !v).map(([k]) => k);
  if (memo.sendTo.length === 0) absent.push('Skickas till');
  if (absent.length) {
    throw new DomainError('memo-incomplete', `Föredragnings-PM:et saknar ${absent.length === 1 ? 'uppgiften' : 'uppgifterna'} ${swedishList(absent)}.`, {
      status: 422,
      details: { missing: absent },
    });
  }
  return memo;
}

// ── The book's snapshot ───────────────────────────────────────────────────

/** Bumped when the book's layout changes, so an unchanged agenda still gets a new version. */
export const BOOK_LAYOUT_VERSION = 1;

export interface SnapshotAttachment {
  title: string;
  /** Legal reference when the document is secret (its own mark, or its item's). */
  secrecyRef: string | null;
  fileName: string;
  sha256: string;
  pageCount: number;
  byteSize: number;
}

export interface SnapshotItem {
  number: number;
  title: string;
  kind: AgendaItemKind;
  caseNumber: string | null;
  presenters: string[];
  proposal: ProposalText | null;
  adjustmentDeadline: string | null;
  summary: string | null;
  /** The decision basis as the föredragningslista lists it. */
  decisionBasis: string[];
  subItems: Array<{ number: number | null; title: string; caseNumber: string | null; presenters: string[]; note: string | null }>;
  memo: BriefingMemo | null;
  attachments: SnapshotAttachment[];
  /** Legal reference when the item's papers are secret. */
  secrecyRef: string | null;
}

export interface SnapshotPerson {
  name: string;
  party: string | null;
  role: RoleInBody;
}

export interface BookSnapshot {
  layout: number;
  meeting: {
    bodyName: string;
    organisation: string;
    date: string;
    startTime: string | null;
    endTime: string | null;
    place: string | null;
    groupMeetings: string[];
    absenceNotice: string | null;
    secretary: { name: string; email: string | null; phone: string | null } | null;
  };
  members: SnapshotPerson[];
  substitutes: SnapshotPerson[];
  items: SnapshotItem[];
}

export interface AttachmentForSnapshot extends Omit<SnapshotAttachment, 'secrecyRef'> {
  agendaItemId: number;
  decisionBasisId: number | null;
  position: number;
}

const validOn = (date: string) => (m: { validFrom: string | null; validTo: string | null }) =>
  (m.validFrom === null || m.validFrom <= date) && (m.validTo === null || m.validTo >= date);

export const isMemoTitle = (t: string) => /^föredragnings-?pm\b/i.test(t.trim());

/** The agenda as the book shows it: what every version keeps, and what two versions are compared by. */
export function buildSnapshot(
  meeting: MeetingDetail,
  body: Pick<BodyDetail, 'organisation' | 'memberships'>,
  attachments: AttachmentForSnapshot[],
  memos: Map<number, BriefingMemo>,
): BookSnapshot {
  const seats = body.memberships.filter(validOn(meeting.date));
  const person = (m: (typeof seats)[number]): SnapshotPerson => ({ name: m.name, party: m.party, role: m.role });
  return {
    layout: BOOK_LAYOUT_VERSION,
    meeting: {
      bodyName: meeting.bodyName,
      organisation: body.organisation,
      date: meeting.date,
      startTime: meeting.startTime,
      endTime: meeting.endTime,
      place: meeting.place,
      groupMeetings: meeting.groupMeetings,
      absenceNotice: meeting.absenceNotice,
      secretary: meeting.secretary,
    },
    members: seats.filter((m) => m.kind === 'member').sort((a, b) => a.order - b.order).map(person),
    substitutes: seats.filter((m) => m.kind === 'substitute').sort((a, b) => a.order - b.order).map(person),
    items: meeting.items.map((item) => {
      const memo = memos.get(item.id) ?? null;
      const own = attachments.filter((a) => a.agendaItemId === item.id).sort((a, b) => a.position - b.position);
      const basis = item.decisionBasis.map((b) => b.title);
      const extra = own.filter((a) => a.decisionBasisId === null || !item.decisionBasis.some((b) => b.id === a.decisionBasisId)).map((a) => a.title);
      const decisionBasis = [...(memo && !basis.some(isMemoTitle) ? [`FöredragningsPM, ${memo.title ?? item.title}`] : []), ...basis, ...extra];
      return {
        number: item.number,
        title: item.title,
        kind: item.kind,
        caseNumber: item.caseNumber,
        presenters: item.presenters,
        proposal: item.proposal ? { addressee: item.proposal.addressee, clauses: item.proposal.clauses, notes: item.proposal.notes } : null,
        adjustmentDeadline: item.adjustmentDeadline,
        summary: item.summary,
        decisionBasis,
        subItems: item.subItems.map((s) => ({ number: s.number, title: s.title, caseNumber: s.caseNumber, presenters: s.presenters, note: s.note })),
        memo,
        attachments: own.map((a) => ({
          title: a.title,
          secrecyRef: item.decisionBasis.find((b) => b.id === a.decisionBasisId)?.secrecyRef ?? item.secrecyRef ?? null,
          fileName: a.fileName,
          sha256: a.sha256,
          pageCount: a.pageCount,
          byteSize: a.byteSize,
        })),
        secrecyRef: item.secrecyRef ?? null,
      };
    }),
  };
}

/** JSON with object keys sorted, so equal content gives equal text whatever order the keys came in. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`)
    .join(',')}}`;
}

/** Whether any of the book's papers is secret: then only signed-in users get it. */
export const containsSecret = (s: BookSnapshot): boolean => s.items.some((i) => i.secrecyRef !== null || i.attachments.some((a) => a.secrecyRef !== null));

export const snapshotHash = (s: BookSnapshot): string => createHash('sha256').update(stableStringify(s)).digest('hex');

// ── The book's pages ──────────────────────────────────────────────────────

/** "3 (303)": the page stamp of every page of a generated document. */
export const pageStamp = (page: number, total: number): string => `${page} (${total})`;

export const timeText = (start: string | null, end: string | null): string | null =>
  start ? `kl. ${start}${end ? `-${end}` : ''}` : null;

export const itemHeading = (item: Pick<SnapshotItem, 'number' | 'title'>): string => `${item.number}. ${item.title}`;

/** Where each part of the book starts: page numbers (1-based) known before a single page is written. */
export interface BookPlan {
  total: number;
  summonsPages: number;
  agendaPages: number;
  items: Array<{ number: number; dividerPage: number; memoPages: number; attachments: Array<{ firstPage: number; pageCount: number }> }>;
}

export function planBook(summonsPages: number, agendaPages: number, items: Array<{ number: number; memoPages: number; attachmentPages: number[] }>): BookPlan {
  let next = summonsPages + agendaPages + 1;
  const planned = items.map((it) => {
    const dividerPage = next;
    next += 1 + it.memoPages;
    const attachments = it.attachmentPages.map((pageCount) => {
      const a = { firstPage: next, pageCount };
      next += pageCount;
      return a;
    });
    return { number: it.number, dividerPage, memoPages: it.memoPages, attachments };
  });
  return { total: next - 1, summonsPages, agendaPages, items: planned };
}

// ── What changed between two versions ─────────────────────────────────────

export interface ItemRef {
  number: number;
  title: string;
  caseNumber: string | null;
}

export interface FieldChange {
  field: string;
  label: string;
  before?: unknown;
  after?: unknown;
  /** For attachments: titles added and removed. For the memo: the sections that changed. */
  added?: string[];
  removed?: string[];
  sections?: string[];
}

export interface BookDiff {
  meeting: FieldChange[];
  added: ItemRef[];
  removed: ItemRef[];
  changed: Array<ItemRef & { previousNumber: number; changes: FieldChange[] }>;
  unchanged: number;
}

const ITEM_FIELDS: Array<[keyof SnapshotItem, string]> = [
  ['number', 'Punktnummer'],
  ['title', 'Rubrik'],
  ['kind', 'Typ av punkt'],
  ['caseNumber', 'Diarienummer'],
  ['presenters', 'Föredragande'],
  ['proposal', 'Förslag till beslut'],
  ['adjustmentDeadline', 'Justeringsdag'],
  ['summary', 'Sammanfattning'],
  ['decisionBasis', 'Beslutsunderlag'],
  ['subItems', 'Delpunkter'],
  ['secrecyRef', 'Sekretess'],
];

const MEETING_FIELDS: Array<[keyof BookSnapshot['meeting'] | 'members' | 'substitutes', string]> = [
  ['bodyName', 'Nämnd'],
  ['date', 'Sammanträdesdatum'],
  ['startTime', 'Starttid'],
  ['endTime', 'Sluttid'],
  ['place', 'Plats'],
  ['groupMeetings', 'Gruppmöten'],
  ['absenceNotice', 'Meddela förhinder'],
  ['secretary', 'Nämndsekreterare'],
  ['members', 'Ledamöter'],
  ['substitutes', 'Ersättare'],
];

const same = (a: unknown, b: unknown) => stableStringify(a ?? null) === stableStringify(b ?? null);
const ref = (i: SnapshotItem): ItemRef => ({ number: i.number, title: i.title, caseNumber: i.caseNumber });
const normTitle = (t: string) => t.toLowerCase().replace(/[^a-zåäö0-9]+/g, ' ').trim();

/** Keys that follow an item when it moves: its case number, else its title (a repeated key gets its occurrence). */
function itemKeys(items: SnapshotItem[]): string[] {
  const seen = new Map<string, number>();
  return items.map((i) => {
    const base = i.caseNumber ? `dnr:${i.caseNumber}` : `title:${normTitle(i.title)}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  });
}

function itemChanges(a: SnapshotItem, b: SnapshotItem): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, label] of ITEM_FIELDS) {
    if (!same(a[field], b[field])) changes.push({ field, label, before: a[field] ?? null, after: b[field] ?? null });
  }
  if (!same(a.memo, b.memo)) {
    const sections = !a.memo || !b.memo ? [] : memoSectionsChanged(a.memo, b.memo);
    changes.push({ field: 'memo', label: 'FöredragningsPM', before: a.memo ? 'finns' : 'saknas', after: b.memo ? 'finns' : 'saknas', sections });
  }
  const key = (x: SnapshotAttachment) => `${x.sha256}|${x.title}`;
  const before = new Set(a.attachments.map(key));
  const after = new Set(b.attachments.map(key));
  if (!same(a.attachments, b.attachments)) {
    changes.push({
      field: 'attachments',
      label: 'Bilagor',
      added: b.attachments.filter((x) => !before.has(key(x))).map((x) => x.title),
      removed: a.attachments.filter((x) => !after.has(key(x))).map((x) => x.title),
    });
  }
  return changes;
}

function memoSectionsChanged(a: BriefingMemo, b: BriefingMemo): string[] {
  const out: string[] = [];
  if (a.unit !== b.unit || a.officer !== b.officer) out.push('Tjänsteställe, handläggare');
  if (a.title !== b.title) out.push('Rubrik');
  for (const s of MEMO_SECTIONS) {
    if (s.key === 'proposal') continue;
    if (!same(a[s.key], b[s.key])) out.push(s.heading);
  }
  if (!same(a.signatory, b.signatory)) out.push('Underskrift');
  if (!same(a.sendTo, b.sendTo)) out.push('Skickas till');
  return out;
}

/** Items added, removed and changed from version `a` to version `b`, and changes to the meeting itself. */
export function diffSnapshots(a: BookSnapshot, b: BookSnapshot): BookDiff {
  const meeting: FieldChange[] = [];
  for (const [field, label] of MEETING_FIELDS) {
    const x = field === 'members' || field === 'substitutes' ? a[field] : a.meeting[field];
    const y = field === 'members' || field === 'substitutes' ? b[field] : b.meeting[field];
    if (!same(x, y)) meeting.push({ field, label, before: x ?? null, after: y ?? null });
  }
  const ka = itemKeys(a.items);
  const kb = itemKeys(b.items);
  const pairs: Array<[SnapshotItem, SnapshotItem]> = [];
  const leftA = new Set(a.items.map((_, i) => i));
  const leftB = new Set(b.items.map((_, i) => i));
  kb.forEach((k, j) => {
    const i = ka.indexOf(k);
    if (i >= 0 && leftA.has(i)) {
      pairs.push([a.items[i]!, b.items[j]!]);
      leftA.delete(i);
      leftB.delete(j);
    }
  });
  // An item whose title changed (and has no case number) is still the same item when it kept its number.
  for (const j of [...leftB]) {
    const i = [...leftA].find((x) => a.items[x]!.number === b.items[j]!.number && !a.items[x]!.caseNumber && !b.items[j]!.caseNumber);
    if (i !== undefined) {
      pairs.push([a.items[i]!, b.items[j]!]);
      leftA.delete(i);
      leftB.delete(j);
    }
  }
  const changed = pairs
    .map(([x, y]) => ({ ...ref(y), previousNumber: x.number, changes: itemChanges(x, y) }))
    .filter((c) => c.changes.length > 0)
    .sort((p, q) => p.number - q.number);
  return {
    meeting,
    added: [...leftB].map((j) => ref(b.items[j]!)).sort((p, q) => p.number - q.number),
    removed: [...leftA].map((i) => ref(a.items[i]!)).sort((p, q) => p.number - q.number),
    changed,
    unchanged: pairs.length - changed.length,
  };
}
