/**
 * The kallelse parser: the text extracted from a kallelse / föredragningslista
 * PDF of the committee (an optional summons page, the agenda, then divider
 * pages, memos and attachments) into a ParsedKallelse. Pure and linear in the
 * size of the text. The rules are described in docs/importer.md.
 */
import { DomainError } from '../kernel/errors.ts';
import { isIsoDate, parseSwedishDate, parseTimeSpan, type IsoDate } from '../kernel/dates.ts';
import { findCaseNumbers } from '../kernel/caseNumber.ts';
import { assignAttachments, isAttachmentStart } from './attachments.ts';
import { readMemo } from './memoFields.ts';
import type {
  AgendaItemKind,
  ParsedAgendaItem,
  ParsedKallelse,
  ParsedMembership,
  ParsedSubItem,
  RoleInBody,
} from './types.ts';

// ---------------------------------------------------------------------------
// Patterns of the format

/** A page stamp on its own line: "3 (303)", also "Sida 3 av 303". */
const STAMP = /^(?:sida\s+)?(\d{1,4})\s*(?:\(\s*(\d{1,4})\s*\)|av\s+(\d{1,4}))$/i;
/** Repeated page headers. */
const HEADER_LINE = /^(?:föredragningslista|kallelse)$/i;
/** A line holding only a web address (the page header "www.regionorebrolan.se"). */
const URL_LINE = /^(?:https?:\/\/)?www\.[\p{L}\d-]+(?:\.[\p{L}\d-]+)+(?:\/\S*)?$/iu;
/** Lines of an address block (after "Postadress"). */
const ADDRESS_LINE =
  /^(?:box\s+\d+|\d{3}\s?\d{2}\s+\p{L}|e-?post\b|telefon\b|tel\b|tfn\b|fax\b|besöksadress\b|leveransadress\b|webbplats\b|webb\b|hemsida\b|org(?:anisations)?\.?\s*nr\b|organisationsnummer\b|www\.)/iu;
/** Address lines that are noise even outside a block. */
const STRAY_ADDRESS = /^(?:box\s+\d+,?\s+\d{3}\s?\d{2}\s+\p{L}[\p{L} ]*|e-?post:\s*\S+@\S+)$/iu;

/** "N. Title": a candidate item heading (N is checked against the expected number). */
const HEADING = /^(\d{1,2})\.\s+(\S.*)$/;
/** "Diarienummer: 20RS263 Föredragande: …" (either part may stand alone). */
const HEAD_LINE = /^(?:diarienummer|dnr|föredragande)\s*:/i;
const PROPOSAL = /^förslag till beslut\s*(?::\s*(.*))?$/i;
const SUMMARY = /^(?:sammanfattning|ärendebeskrivning)\s*:?$/i;
const BASIS = /^beslutsunderlag\s*:?$/i;
/** An att-sats. */
const ATT = /^att(?:\s+|$)/i;
/** A line ending like the addressee of a proposal: "Regional tillväxtnämnd beslutar:". */
const ADDRESSEE = /\b(?:beslutar|besluta|föreslår[\p{L} ]*)\s*:?$/iu;
/** Bullet glyphs ( and  are private-use glyphs of the PDF's Symbol font). */
const BULLET = /^[•\uf0b7\uf0a7\uf0d8\uf076\uf0fc▪●◦■□➢►‣∙·]\s*/u;
const DASH = /^[-–—]\s+/;
/** A title that is nothing but the name of an item kind ("Information", "Presentationer vid sammanträdet"). */
const KIND_ONLY =
  /^(?:protokollsjustering|justering(?: av protokoll(?:et)?)?|val av justerare|information(?:särenden)?|presentation(?:er)?|anmälningsärenden|meddelanden|meddelandeärenden|redovisning av delegationsbeslut|anmälan av delegationsbeslut|delegationsbeslut|övriga frågor)(?: vid sammanträdet| och övriga frågor)?$/i;
/** A capitalised word of a person's name ("Per-Anders", "M´peti", "K."). */
const NAME_WORD = /^\p{Lu}[\p{L}\p{M}´'’`.-]*$/u;
const NAME_PARTICLE = /^(?:af|von|van|der|den|de|da|du|la|le|di|del|el|al|bin|ter)$/;

const fail = (line: number, message: string): never => {
  throw new DomainError('not-a-kallelse', `Rad ${line}: ${message}`, { details: { line } });
};

// ---------------------------------------------------------------------------
// Lines

interface Line {
  no: number; // 1-based line number in the file
  text: string; // white space collapsed to single spaces, trimmed
  blank: boolean; // a blank line, a page stamp or a removed header came before it
  page: boolean; // a page stamp came before it (since the previous kept line)
  indented: boolean; // the raw line began with white space (where the PDF had a bullet)
}

interface Cleaned {
  lines: Line[];
  totalPages: number | null;
  organisation: string | null;
  stamps: Array<{ line: number; page: number; total: number }>;
}

// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]/g;

function normalise(raw: string): string {
  return raw.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
}

/** Removes page stamps, repeated page headers and address blocks; records the page total. */
function clean(text: string): Cleaned {
  const raw = text.split(/\r\n?|\n/);
  const lines: Line[] = [];
  const totals = new Map<number, number>();
  const stamps: Cleaned['stamps'] = [];
  let organisation: string | null = null;
  let blank = true;
  let page = false;
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i]!;
    const t = normalise(r);
    if (!t) {
      blank = true;
      continue;
    }
    const stamp = STAMP.exec(t);
    if (stamp) {
      const n = Number(stamp[1]);
      const total = Number(stamp[2] ?? stamp[3]);
      if (n >= 1 && n <= total) {
        totals.set(total, (totals.get(total) ?? 0) + 1);
        stamps.push({ line: i + 1, page: n, total });
        blank = true;
        page = true;
        continue;
      }
    }
    if (/^postadress:?$/i.test(t)) {
      // The address block: the organisation, then Box / postcode / e-mail / phone lines.
      let first = true;
      let j = i + 1;
      for (; j < raw.length && j <= i + 10; j++) {
        const n = normalise(raw[j]!);
        if (!n) continue;
        if (ADDRESS_LINE.test(n)) {
          first = false;
          continue;
        }
        if (first && n.length <= 60 && !/[.:]$/.test(n)) {
          organisation ??= n;
          first = false;
          continue;
        }
        break;
      }
      i = j - 1;
      blank = true;
      continue;
    }
    if (HEADER_LINE.test(t) || URL_LINE.test(t) || STRAY_ADDRESS.test(t)) {
      blank = true;
      continue;
    }
    lines.push({ no: i + 1, text: t, blank, page, indented: /^[\s\u00a0]/.test(r) });
    blank = false;
    page = false;
  }
  // the book's own stamps are the most frequent total (memos carry "1 (2)" stamps of their own)
  let totalPages: number | null = null;
  let best = 0;
  for (const [total, count] of totals) {
    if (count > best) {
      best = count;
      totalPages = total;
    }
  }
  return { lines, totalPages, organisation, stamps };
}

// ---------------------------------------------------------------------------
// Text helpers

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Joins wrapped lines with single spaces. A line ending in a digit and a
 * hyphen joins the next line without a space when that starts with a digit
 * ("2019-" + "11-05" → "2019-11-05", "2019-" + "2022" → "2019-2022").
 */
function joinParts(parts: readonly string[]): string {
  const out: string[] = [];
  let prev = '';
  for (const raw of parts) {
    const p = raw.replace(/\s+/g, ' ').trim();
    if (!p) continue;
    // only the end of the previous part is looked at, so joining stays linear
    const glued = prev.length >= 2 && prev.endsWith('-') && isDigit(prev.charCodeAt(prev.length - 2)) && isDigit(p.charCodeAt(0));
    if (out.length && !glued) out.push(' ');
    out.push(p);
    prev = p;
  }
  return out.join('');
}

/** Joins parts where those starting with "\n" begin a new line ("\n• …" bullets). */
function joinSegments(parts: readonly string[]): string {
  const segments: string[][] = [[]];
  for (const p of parts) {
    if (p.startsWith('\n')) segments.push([p.slice(1)]);
    else segments[segments.length - 1]!.push(p);
  }
  return segments
    .map((s) => joinParts(s))
    .filter(Boolean)
    .join('\n');
}

const endsSentence = (s: string) => /[.!?:;]$/.test(s.trim());
const startsLower = (s: string) => /^[\p{Ll}\d(]/u.test(s);

/** "Mirela Redzic, Malin Lindqvist" / "Carina Persson och Linda Bååk" → names. */
function splitNames(text: string): string[] {
  return text
    .split(/\s*[,;]\s*|\s+(?:och|&)\s+/)
    .map((s) => s.trim().replace(/[.\s]+$/, ''))
    .filter(Boolean);
}

const isNameWord = (w: string) => NAME_WORD.test(w) || NAME_PARTICLE.test(w);

/**
 * A presenter line: a list (split on "," and "och") of 1–6 names, each of
 * 2–4 words that are capitalised (name particles such as "af", "von" allowed),
 * no digits, no ":", ";" or parentheses.
 */
function looksLikeNames(text: string): boolean {
  const t = text.trim();
  if (!t || t.length > 140 || /\d/.test(t) || /[:;()]/.test(t)) return false;
  const names = splitNames(t);
  if (names.length === 0 || names.length > 6) return false;
  return names.every((n) => {
    const words = n.split(/\s+/);
    return words.length >= 2 && words.length <= 4 && NAME_WORD.test(words[0]!) && words.every(isNameWord);
  });
}

/** A wrapped piece of a presenter list ("Torége", "Viberg Hedman, Per Holm och"). */
function looksLikeNameFragment(text: string): boolean {
  const t = text.trim();
  if (!t || t.length > 100 || /\d/.test(t) || /[:;()]/.test(t)) return false;
  const words = t.split(/[\s,]+/).filter(Boolean);
  return words.length > 0 && words.every((w) => isNameWord(w) || w === 'och' || w === '&');
}

function kindOf(title: string): AgendaItemKind {
  const t = title.toLowerCase();
  if (/^(?:protokollsjustering|justering|val av justerare)/.test(t)) return 'adjustment';
  if (/^information(?:\b|särende)/.test(t)) return 'information';
  if (/^(?:redovisning av delegationsbeslut|anmälningsärenden|anmälan av delegationsbeslut|delegationsbeslut)/.test(t)) return 'delegation-report';
  if (/^presentation/.test(t)) return 'presentations';
  return 'decision';
}

function normaliseCaseNumber(s: string): string {
  return s.toUpperCase().replace(/\s+/g, '');
}

// ---------------------------------------------------------------------------
// Structure probes (each looks at a bounded window, so the parser stays linear)

/**
 * True when an item's structure ("Diarienummer:", "Föredragande:", "Förslag
 * till beslut") follows line i within `window` lines, before another numbered line.
 */
function structureFollows(lines: Line[], i: number, window: number): boolean {
  const end = Math.min(lines.length, i + 1 + window);
  for (let j = i + 1; j < end; j++) {
    const t = lines[j]!.text;
    if (HEAD_LINE.test(t) || PROPOSAL.test(t)) return true;
    if (HEADING.test(t) || BASIS.test(t) || SUMMARY.test(t)) return false;
  }
  return false;
}

// ---------------------------------------------------------------------------
// The summons page

interface Summons {
  body: string | null;
  date: IsoDate | null;
  dateLine: Line | null; // the "Sammanträdesdatum:" line, also when its date is unreadable
  startTime: string | null;
  endTime: string | null;
  place: string | null;
  groupMeetings: string[];
  absenceNotice: string | null;
  secretary: ParsedKallelse['secretary'];
  memberships: ParsedMembership[];
}

const SUMMONS_LABEL = /^(?:sammanträde med|sammanträdesdatum|sammanträdesdag|datum|tid|plats|gruppmöten?|meddela förhinder|ledamöter kallas|ersättare)\b/i;
const MEMBER = /^(\p{Lu}[^()]*?)\s*\((\p{Lu}{1,5})\)\s*(?:,\s*(.*))?$/u;
/** One "Name (PARTY), role" of a line that may hold two (the two columns side by side). */
const PERSON = /\s*(\p{Lu}[^()]*?)\s*\((\p{Lu}{1,5})\)\s*(?:,?\s*((?:(?:1:?e|2:?e|förste|första|andre|andra)\s+)?(?:vice\s+)?ordförande)\b)?\s*,?\s*/uy;

interface Person {
  name: string;
  party: string;
  role: string;
}

function roleOf(text: string): RoleInBody {
  const t = text.toLowerCase().trim();
  if (/^(?:2:?e|andre|andra)\s+vice\s+ordförande/.test(t)) return 'second-vice-chair';
  if (/^(?:(?:1:?e|förste|första)\s+)?vice\s+ordförande/.test(t)) return 'first-vice-chair';
  if (/^ordförande/.test(t)) return 'chair';
  return 'member';
}

/** The people on one line of the lists: "Name (PARTY)" with an optional role, one or two per line. */
function peopleOnLine(text: string): Person[] | null {
  const out: Person[] = [];
  PERSON.lastIndex = 0;
  while (PERSON.lastIndex < text.length && out.length < 3) {
    const m = PERSON.exec(text);
    if (!m || m[0].length === 0) break;
    out.push({ name: m[1]!.trim(), party: m[2]!, role: m[3] ?? '' });
  }
  if (out.length && PERSON.lastIndex >= text.length) return out;
  const one = MEMBER.exec(text); // a single person with other trailing text
  return one ? [{ name: one[1]!.trim(), party: one[2]!, role: one[3] ?? '' }] : null;
}

/**
 * "Ledamöter kallas Ersättare underrättas" and the lists after it: members in
 * the first block, substitutes in the second (after a blank line or an
 * "Ersättare underrättas" line). A line with two people holds both columns
 * side by side: a member and a substitute.
 */
function parseMemberships(lines: Line[], from: number, end: number): ParsedMembership[] {
  const out: ParsedMembership[] = [];
  let kind: 'member' | 'substitute' = 'member';
  let switched = false;
  const order = { member: 0, substitute: 0 };
  const add = (p: Person, k: 'member' | 'substitute') => {
    out.push({ name: p.name, party: p.party, kind: k, role: k === 'member' ? roleOf(p.role) : 'member', order: ++order[k] });
  };
  for (let j = from; j < end; j++) {
    const l = lines[j]!;
    if (/^ersättare\s+(?:underrättas|kallas)\b/i.test(l.text)) {
      kind = 'substitute';
      switched = true;
      continue;
    }
    const people = peopleOnLine(l.text);
    if (!people) break;
    if (people.length >= 2) {
      add(people[0]!, 'member');
      add(people[1]!, 'substitute');
      switched = true; // columns: no blank line separates the lists
      continue;
    }
    if (l.blank && out.length > 0 && kind === 'member' && !switched) {
      kind = 'substitute';
      switched = true;
    }
    add(people[0]!, kind);
  }
  return out;
}

function parseSummons(lines: Line[], end: number): Summons {
  const s: Summons = {
    body: null, date: null, dateLine: null, startTime: null, endTime: null, place: null,
    groupMeetings: [], absenceNotice: null, secretary: null, memberships: [],
  };
  /** The lines after i up to the next blank line (or a new label). */
  const paragraph = (i: number): string[] => {
    const out: string[] = [];
    for (let j = i + 1; j < end && !lines[j]!.blank && !SUMMONS_LABEL.test(lines[j]!.text); j++) out.push(lines[j]!.text);
    return out;
  };
  for (let i = 0; i < end; i++) {
    const t = lines[i]!.text;
    let m: RegExpExecArray | null;
    if ((m = /^sammanträde med:?\s*(.*)$/i.exec(t))) {
      if (s.body === null) s.body = m[1] || (i + 1 < end ? lines[i + 1]!.text : null);
    } else if ((m = /^sammanträdesda(?:tum|g):?\s*(.*)$/i.exec(t))) {
      s.dateLine ??= lines[i]!;
      s.date ??= parseSwedishDate(m[1] || (i + 1 < end ? lines[i + 1]!.text : ''));
    } else if ((m = /^tid:\s*(.*)$/i.exec(t))) {
      const span = parseTimeSpan(m[1]!);
      if (span && s.startTime === null) {
        s.startTime = span.start;
        s.endTime = span.end;
      }
    } else if ((m = /^plats:\s*(.*)$/i.exec(t))) {
      s.place ??= joinParts([m[1]!, ...paragraph(i)]) || null;
    } else if (/^gruppmöten?\b/i.test(t)) {
      if (s.groupMeetings.length === 0) {
        s.groupMeetings.push(t);
        for (let j = i + 1; j < end && !lines[j]!.blank; j++) s.groupMeetings.push(lines[j]!.text);
      }
    } else if (/^meddela förhinder\b/i.test(t)) {
      if (s.absenceNotice !== null) continue;
      const notice = joinParts([t, ...paragraph(i)]);
      s.absenceNotice = notice;
      const who = /\btill\s+(?:[\p{Ll}-]+\s+){0,3}?(\p{Lu}[\p{L}´'’-]*(?:\s+\p{Lu}[\p{L}´'’-]*){1,3})/u.exec(notice);
      const email = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(notice);
      const phone = /(?:telefon|tfn|tel)\.?:?\s*(\+?\d[\d\s-]{4,}\d)/i.exec(notice);
      if (who) s.secretary = { name: who[1]!, email: email?.[0] ?? null, phone: phone?.[1]?.trim() ?? null };
    } else if (/^ledamöter kallas\b/i.test(t) && s.memberships.length === 0) {
      s.memberships = parseMemberships(lines, i + 1, end);
    }
  }
  return s;
}

// ---------------------------------------------------------------------------
// The agenda: where items start and where the agenda ends

interface ItemStart {
  i: number;
  number: number;
  title: string;
}

function findAgendaStart(lines: Line[]): number {
  let first = -1;
  for (let i = 0; i < lines.length; i++) {
    const m = /^1\.\s+(\S.*)$/.exec(lines[i]!.text);
    if (!m) continue;
    if (first < 0) first = i;
    if (structureFollows(lines, i, 12)) return i;
    if (KIND_ONLY.test(m[1]!)) {
      // e.g. "1. Information" with bullets only: accept when item 2 has the structure
      for (let j = i + 1; j < lines.length && j <= i + 60; j++) {
        if (/^2\.\s+\S/.test(lines[j]!.text)) {
          if (structureFollows(lines, j, 12)) return i;
          break;
        }
      }
    }
  }
  if (first >= 0) {
    const l = lines[first]!;
    return fail(
      l.no,
      `"${l.text.slice(0, 60)}" ser ut som punkt 1 men följs inte av diarienummer, föredragande eller förslag till beslut, så filen är inte en kallelse med föredragningslista.`,
    );
  }
  return fail(
    lines[0]!.no,
    'ingen föredragningslista hittades (en kallelse har punkter som börjar med "1. …" följda av "Diarienummer:", "Föredragande:" eller "Förslag till beslut").',
  );
}

/**
 * Finds the item headings and the end of the agenda. A line "N. Title" is an
 * item heading when N is the next expected number. When it continues a
 * numbered list inside the current item (the previous numbered line there was
 * N-1), it is a heading only if an item's structure follows, its title names
 * an item kind, or the current item's Beslutsunderlag has begun. A line that
 * skips numbers and carries an item's structure is refused.
 */
function scanAgenda(lines: Line[], start: number): { starts: ItemStart[]; end: number } {
  const starts: ItemStart[] = [];
  const titles: string[] = [];
  let expected = 1;
  let listPrev: number | null = null;
  let inBasis = false;
  for (let i = start; i < lines.length; i++) {
    const t = lines[i]!.text;
    if (i > start && isAttachmentStart(lines, i, titles)) return { starts, end: i };
    if (BASIS.test(t)) {
      inBasis = true;
      continue;
    }
    if (SUMMARY.test(t) || PROPOSAL.test(t)) {
      inBasis = false;
      continue;
    }
    const m = HEADING.exec(t);
    if (!m) continue;
    const n = Number(m[1]);
    const title = m[2]!;
    const continuesList = listPrev !== null && n === listPrev + 1;
    if (n === expected) {
      if (starts.length === 0 || !continuesList || inBasis || KIND_ONLY.test(title) || structureFollows(lines, i, 8)) {
        starts.push({ i, number: n, title });
        titles.push(title);
        expected++;
        listPrev = null;
        inBasis = false;
        continue;
      }
    } else if (!continuesList && n > expected && n <= expected + 9 && (structureFollows(lines, i, 8) || KIND_ONLY.test(title))) {
      const missing = n - expected === 1 ? `punkt ${expected} saknas` : `punkterna ${expected}–${n - 1} saknas`;
      fail(lines[i]!.no, `punkt ${n} följer på punkt ${expected - 1}; ${missing} i föredragningslistan. Kontrollera numreringen i kallelsen.`);
    }
    listPrev = n;
  }
  return { starts, end: lines.length };
}

// ---------------------------------------------------------------------------
// One item

interface Block {
  kind: 'dash' | 'num' | 'para';
  number: number | null;
  lines: Line[];
}

interface Clause {
  parts: string[];
  bullets: string[][];
}

function parseItem(lines: Line[], start: number, end: number, number: number, firstTitle: string): ParsedAgendaItem {
  const item: ParsedAgendaItem = {
    number,
    title: '',
    kind: 'decision',
    caseNumber: null,
    presenters: [],
    proposal: null,
    adjustmentDeadline: null,
    summary: null,
    decisionBasis: [],
    subItems: [],
    attachmentText: null,
    line: lines[start]!.no,
  };

  // The title: the heading and its wrapped lines.
  const titleParts = [firstTitle];
  let i = start + 1;
  for (; i < end && titleParts.length < 6; i++) {
    const l = lines[i]!;
    const t = l.text;
    if (HEAD_LINE.test(t) || PROPOSAL.test(t) || SUMMARY.test(t) || BASIS.test(t) || ATT.test(t)) break;
    if (BULLET.test(t) || DASH.test(t) || HEADING.test(t)) break;
    // Across a blank line only a lower-case continuation followed by the item's structure.
    if (l.blank && !(startsLower(t) && i + 1 < end && (HEAD_LINE.test(lines[i + 1]!.text) || PROPOSAL.test(lines[i + 1]!.text)))) break;
    titleParts.push(t);
  }
  item.title = joinParts(titleParts);
  item.kind = kindOf(item.title);
  const hasSubItems = item.kind === 'information' || item.kind === 'presentations';

  let section: 'head' | 'proposal' | 'summary' | 'basis' = 'head';
  const presenterParts: string[] = [];
  let presenterOpen = false;
  const blocks: Block[] = [];
  const headText: string[][] = [];
  let proposalSeen = false;
  let addressee: string | null = null;
  const clauses: Clause[] = [];
  const notes: string[][] = [];
  const summary: string[][] = [];
  const basis: Line[] = [];

  const proposalLine = (l: Line, t: string) => {
    const cur = clauses[clauses.length - 1];
    const target = cur ? (cur.bullets.length ? cur.bullets[cur.bullets.length - 1]! : cur.parts) : null;
    const prev = target ? (target[target.length - 1] ?? '') : '';
    if (ATT.test(t)) {
      // "att" at the start of a line opens a clause unless it plainly continues a sentence.
      const opens = !cur || notes.length > 0 || l.blank || l.indented || /[,.;:]$|\b(?:samt|och|eller)$/i.test(prev.trim());
      if (opens) {
        clauses.push({ parts: [t.replace(/^att\s*/i, 'att ').trim()], bullets: [] });
        return;
      }
    }
    const bullet = BULLET.exec(t);
    const dash = DASH.exec(t);
    const afterColon = cur !== undefined && (cur.bullets.length > 0 || /:$/.test((cur.parts[cur.parts.length - 1] ?? '').trim()));
    const mark = bullet ?? (afterColon ? dash : null);
    if (cur && notes.length === 0 && mark) {
      cur.bullets.push([t.slice(mark[0].length)]);
      return;
    }
    if (!cur && notes.length === 0 && addressee === null && ADDRESSEE.test(t)) {
      addressee = t.replace(/\s*:$/, '');
      return;
    }
    if (target && notes.length === 0 && (!l.blank || (!endsSentence(prev) && (startsLower(t) || l.page)))) {
      target.push(t);
      return;
    }
    if (notes.length && !l.blank) notes[notes.length - 1]!.push(t);
    else notes.push([t]);
  };

  for (; i < end; i++) {
    const l = lines[i]!;
    const t = l.text;
    let m: RegExpExecArray | null;
    if ((m = PROPOSAL.exec(t))) {
      section = 'proposal';
      proposalSeen = true;
      presenterOpen = false;
      if (m[1]) proposalLine(l, m[1]);
      continue;
    }
    if (SUMMARY.test(t)) {
      section = 'summary';
      presenterOpen = false;
      summary.push([]);
      continue;
    }
    if (BASIS.test(t)) {
      section = 'basis';
      presenterOpen = false;
      continue;
    }
    if (section === 'head' && HEAD_LINE.test(t)) {
      const dnr = /(?:diarienummer|dnr)\s*:\s*(\d{2}\s?[A-ZÅÄÖ]{1,4}\s?\d{1,7})\b/i.exec(t);
      if (dnr && item.caseNumber === null) item.caseNumber = normaliseCaseNumber(dnr[1]!);
      const who = /föredragande\s*:\s*(.*)$/i.exec(t);
      if (who) {
        presenterParts.push(who[1]!);
        presenterOpen = true;
      }
      continue;
    }
    if (section === 'head') {
      const numbered = HEADING.exec(t);
      const bullet = BULLET.exec(t) ?? DASH.exec(t);
      // Presenters wrap, even across a blank line, while the lines are name fragments.
      if (presenterOpen && !numbered && !bullet && looksLikeNameFragment(t)) {
        presenterParts.push(t);
        continue;
      }
      presenterOpen = false;
      if (!hasSubItems) {
        if (l.blank || headText.length === 0) headText.push([t]);
        else headText[headText.length - 1]!.push(t);
        continue;
      }
      const cur = blocks[blocks.length - 1];
      if (bullet) blocks.push({ kind: 'dash', number: null, lines: [{ ...l, text: t.slice(bullet[0].length) }] });
      else if (numbered) blocks.push({ kind: 'num', number: Number(numbered[1]), lines: [{ ...l, text: numbered[2]! }] });
      else if (cur && (!l.blank || continuesBlock(cur, l))) cur.lines.push(l);
      else blocks.push({ kind: 'para', number: null, lines: [l] });
      continue;
    }
    if (section === 'proposal') {
      proposalLine(l, t);
      continue;
    }
    if (section === 'summary') {
      const para = summary[summary.length - 1]!;
      const prev = para[para.length - 1] ?? '';
      // a blank line starts a paragraph, unless a page break cut a sentence
      if (l.blank && para.length && !(l.page && !endsSentence(prev))) summary.push([]);
      const target = summary[summary.length - 1]!;
      const bullet = BULLET.exec(t);
      target.push(bullet ? `\n• ${t.slice(bullet[0].length)}` : t);
      continue;
    }
    basis.push(l);
  }

  // names only: a role after a name ("Anna Berg, regional utvecklingsdirektör") is dropped
  item.presenters = splitNames(joinParts(presenterParts)).filter((n) => /^\p{Lu}/u.test(n));
  if (proposalSeen) {
    item.proposal = {
      addressee,
      clauses: clauses.map((c) => joinSegments([joinParts(c.parts), ...c.bullets.map((b) => `\n• ${joinParts(b)}`)])),
      notes: notes.map((n) => joinParts(n)).filter(Boolean),
    };
  }
  item.adjustmentDeadline = deadlineOf(item);
  const paragraphs = [...headText, ...summary].map((p) => joinSegments(p)).filter(Boolean);
  item.summary = paragraphs.length ? paragraphs.join('\n\n') : null;
  item.decisionBasis = basisEntries(basis);
  item.subItems = blocks.map(toSubItem).filter((s): s is ParsedSubItem => s !== null);
  return item;
}

/** After a blank line, does line l still belong to the sub-item block? */
function continuesBlock(block: Block, l: Line): boolean {
  const count = block.lines.length;
  const last = block.lines[count - 1]?.text ?? '';
  if (block.kind === 'dash') return l.page && (startsLower(l.text) || looksLikeNameFragment(l.text));
  // a numbered block without its presenter line yet: a note or the presenters after a break
  const complete = count > 1 && looksLikeNames(last);
  return !complete && (l.text.startsWith('(') || looksLikeNames(l.text) || startsLower(l.text));
}

/** "… i Örebro län  bilaga": the mark of an attached document after a sub-item's title. */
const ATTACHMENT_MARK = /\s*[-–(]?\s*\b(?:bilaga|bilagor)\)?$/i;

/**
 * A sub-item of an information or presentations item. "- Title - Presenter":
 * the presenters follow the last " - " when that part is a list of names.
 * Numbered and plain blocks: the last line is the presenters when the block
 * has more than one line and that line is a list of names; lines in
 * parentheses are the note.
 */
function toSubItem(block: Block): ParsedSubItem | null {
  const noteParts: string[] = [];
  const rest: string[] = [];
  let inNote = false;
  for (const l of block.lines) {
    const t = l.text;
    if (inNote || t.startsWith('(')) {
      noteParts.push(t);
      inNote = !t.includes(')');
      continue;
    }
    rest.push(t);
  }
  let presenters: string[] = [];
  let titleText = '';
  const last = rest[rest.length - 1];
  if (block.kind !== 'dash' && rest.length > 1 && last !== undefined && looksLikeNames(last)) {
    presenters = splitNames(last);
    titleText = joinParts(rest.slice(0, -1));
  } else {
    titleText = joinParts(rest);
    const cut = Math.max(titleText.lastIndexOf(' - '), titleText.lastIndexOf(' – '));
    if (cut > 0 && looksLikeNames(titleText.slice(cut + 3))) {
      presenters = splitNames(titleText.slice(cut + 3));
      titleText = titleText.slice(0, cut).trim();
    }
  }
  const title = titleText.replace(ATTACHMENT_MARK, '').replace(/\s*[-–]$/, '').trim();
  if (!title) return null;
  const note = noteParts.length ? joinParts(noteParts) : null;
  const dnr = /diarienummer:?\s*(\d{2}\s?[A-ZÅÄÖ]{1,4}\s?\d{1,7})\b/i.exec(title);
  const caseNumber = dnr ? normaliseCaseNumber(dnr[1]!) : (findCaseNumbers(`${title} ${note ?? ''}`)[0] ?? null);
  return { number: block.number, title, caseNumber, presenters, note };
}

/**
 * Decision-basis entries. When the section's first line starts with a bullet
 * sign, each bullet starts an entry; otherwise, when it is indented (where the
 * PDF's bullet glyph was lost), each indented line starts one. Other lines,
 * also after a blank line, continue the entry. Without bullets or indentation
 * a line continues the entry only when it starts in lower case or a digit, or
 * follows "2019-" (the width of a line tells nothing: the PDF wraps these
 * entries anywhere from 65 characters on).
 */
function basisEntries(basis: Line[]): string[] {
  const first = basis[0];
  if (!first) return [];
  const mode = BULLET.test(first.text) || DASH.test(first.text) ? 'bullet' : first.indented ? 'indent' : 'line';
  const entries: string[][] = [];
  let prev = '';
  for (const l of basis) {
    const mark = BULLET.exec(l.text) ?? DASH.exec(l.text);
    const text = mark ? l.text.slice(mark[0].length) : l.text;
    const wrapped = startsLower(l.text) || /\d-$/.test(prev);
    const opens =
      entries.length === 0 ||
      (mode === 'bullet' && mark !== null) ||
      (mode === 'indent' && (l.indented || mark !== null)) ||
      (mode === 'line' && (mark !== null || !wrapped));
    if (opens) entries.push([text]);
    else entries[entries.length - 1]!.push(text);
    prev = text;
  }
  return entries.map((e) => joinParts(e)).filter(Boolean);
}

/** "Protokollet ska vara justerat senast den 28 februari 2020." → 2020-02-28. */
function deadlineOf(item: ParsedAgendaItem): IsoDate | null {
  const texts = [...(item.proposal?.notes ?? []), ...(item.kind === 'adjustment' ? (item.proposal?.clauses ?? []) : [])];
  for (const t of texts) {
    if (/\bjuster\p{L}*\b.*\bsenast\b|\bsenast\b.*\bjuster/iu.test(t)) {
      const d = parseSwedishDate(t.slice(t.search(/senast/i)));
      if (d) return d;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------
// After the agenda: attachments, memo header grids

/**
 * Gives each item the text of its attachments, for search, and finds its
 * documents (attachments.ts: divider pages, memo header grids, the memos'
 * title lines and the beslutsunderlag's titles).
 */
function attachAttachmentText(lines: Line[], from: number, items: ParsedAgendaItem[]) {
  const a = assignAttachments(lines, from, items);
  for (const item of items) {
    item.attachmentText = a.texts.get(item.number) ?? null;
    // the memo's fields, so it can be edited after the import (issue 18.5)
    const memo = a.documents.find((d) => d.itemNumber === item.number && d.kind === 'memo');
    item.memo = memo ? readMemo(lines.slice(memo.from, memo.to + 1)) : null;
  }
  return a;
}

function mostFrequent(values: IsoDate[]): IsoDate | null {
  const counts = new Map<IsoDate, number>();
  let best: IsoDate | null = null;
  let bestCount = 0;
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > bestCount) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

/**
 * The memo header grids after the agenda: "Tjänsteställe, handläggare
 * Sammanträdesdatum FöredragningsPM" and on the next line "Ekonomi, Helena
 * Torége 2020-08-24 Dnr: 20RS6567" (the most frequent date wins), and the
 * body from the first "Organ" line.
 */
function readMemos(lines: Line[], from: number): { date: IsoDate | null; body: string | null } {
  const dates: IsoDate[] = [];
  let body: string | null = null;
  for (let i = from; i < lines.length; i++) {
    const t = lines[i]!.text;
    if (/^tjänsteställe\b.*\bsammanträdesdatum\b/i.test(t)) {
      for (let j = i + 1; j < lines.length && j <= i + 2; j++) {
        const d = /\b(\d{4}-\d{2}-\d{2})\b/.exec(lines[j]!.text);
        if (d && isIsoDate(d[1]!)) {
          dates.push(d[1]!);
          break;
        }
      }
      continue;
    }
    if (body === null) {
      const organ = /^organ(?:\s*:\s*(.*)|\s*)$/i.exec(t);
      if (organ) body = organ[1] || (lines[i + 1] && !lines[i + 1]!.page ? lines[i + 1]!.text : null);
    }
  }
  return { date: mostFrequent(dates), body };
}

/** Dates in the "FöredragningsPM … 200824" titles of the decision basis (the most frequent wins). */
function dateFromBasis(items: ParsedAgendaItem[]): IsoDate | null {
  const dates: IsoDate[] = [];
  for (const it of items) {
    for (const b of it.decisionBasis) {
      if (!/^föredragnings-?\s?pm\b/i.test(b)) continue;
      const d = parseSwedishDate(b);
      if (d) dates.push(d);
    }
  }
  return mostFrequent(dates);
}

// ---------------------------------------------------------------------------

export function parseKallelse(text: string): ParsedKallelse {
  if (typeof text !== 'string' || text.trim() === '') return fail(1, 'filen är tom.');
  const { lines, totalPages, organisation, stamps } = clean(text);
  if (lines.length === 0) return fail(1, 'filen innehåller bara sidnummer och sidhuvuden, ingen kallelse eller föredragningslista.');

  const agendaStart = findAgendaStart(lines);
  const summons = parseSummons(lines, agendaStart);
  const { starts, end: agendaEnd } = scanAgenda(lines, agendaStart);
  const items = starts.map((s, k) => parseItem(lines, s.i, k + 1 < starts.length ? starts[k + 1]!.i : agendaEnd, s.number, s.title));
  const attached = attachAttachmentText(lines, agendaEnd, items);

  const memo = readMemos(lines, agendaEnd);
  let date: IsoDate | null = summons.date;
  let dateSource: ParsedKallelse['dateSource'] = 'summons';
  if (!date && memo.date) {
    date = memo.date;
    dateSource = 'memo';
  }
  if (!date) {
    date = dateFromBasis(items);
    dateSource = 'decision-basis';
  }
  if (!date) {
    const where = summons.dateLine ?? lines[agendaStart]!;
    const why = summons.dateLine
      ? `"${summons.dateLine.text.slice(0, 60)}" innehåller inget giltigt datum`
      : 'kallelsesidan med "Sammanträdesdatum:" saknas';
    return fail(
      where.no,
      `sammanträdesdatumet framgår inte: ${why}, och datumet står varken i en föredragnings-PM ("Tjänsteställe, handläggare Sammanträdesdatum …") eller i beslutsunderlagens rubriker ("FöredragningsPM … 200824").`,
    );
  }

  const addressee = items.map((it) => it.proposal?.addressee).find((a): a is string => Boolean(a));
  const body = summons.body ?? memo.body ?? (addressee ? addressee.replace(ADDRESSEE, '').trim() || null : null);
  if (!body) {
    return fail(
      lines[agendaStart]!.no,
      'det framgår inte vilken nämnd kallelsen gäller (varken "Sammanträde med:" på kallelsesidan, "Organ" i en föredragnings-PM eller "… beslutar" i ett förslag till beslut).',
    );
  }

  return {
    body,
    organisation,
    date,
    dateSource,
    startTime: summons.startTime,
    endTime: summons.endTime,
    place: summons.place,
    groupMeetings: summons.groupMeetings,
    absenceNotice: summons.absenceNotice,
    secretary: summons.secretary,
    memberships: summons.memberships,
    items,
    totalPages,
    attachmentSections: attached.sections,
    attachmentDocuments: attached.documents.map(({ itemNumber, basisIndex, title, fromLine, toLine, kind }) => ({ itemNumber, basisIndex, title, fromLine, toLine, kind })),
    attachmentFlags: attached.flags,
    documentStamps: stamps.filter((s) => s.total !== totalPages),
  };
}
