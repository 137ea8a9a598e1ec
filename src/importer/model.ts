/**
 * The kallelse parser: text extracted from the committee's kallelse PDF
 * (summons page, föredragningslista, then dividers and attachments) into a
 * ParsedKallelse. Pure; the rules are described in docs/importer.md.
 */
import { DomainError } from '../kernel/errors.ts';
import { parseSwedishDate, parseTimeSpan, type IsoDate } from '../kernel/dates.ts';
import type { AgendaItemKind, ParsedAgendaItem, ParsedKallelse, ParsedMembership, ParsedSubItem, RoleInBody } from './types.ts';

interface Line {
  no: number; // 1-based line number in the file
  text: string; // trimmed, whitespace runs collapsed
  blankBefore: boolean; // a blank line (or a page break) came before it
  indented: boolean; // the raw line began with white space
  afterPageBreak: boolean; // a page stamp "N (total)" came right before it
}

const STAMP = /^(\d{1,4})\s*\((\d{1,4})\)$/;
const HEADER_NOISE = new Set(['föredragningslista', 'kallelse', 'www.regionorebrolan.se', 'postadress']);
const BULLET = /^[\u2022\uf0b7\uf0a7\u25aa\u25cf\u2013\-]\s*/; // • (private-use bullets) ▪ ● – -
const DOC_BULLET = /^[\u2022\uf0b7\uf0a7\u25aa\u25cf\u2013\-]\s+/;
const CASE = /\b(\d{2}RS\d{1,7})\b/;
const SECTION = /^(Förslag till beslut|Sammanfattning|Beslutsunderlag|Ärendebeskrivning)\b\s*:?$/i;
const HEADING = /^(\d{1,2})\.\s+(\S.*)$/;
const NAME_WORD = /^[A-ZÅÄÖÉÜ][\p{L}´'’-]*$/u;

const fail = (no: number, message: string): never => {
  throw new DomainError('not-a-kallelse', `Rad ${no}: ${message}`, { details: { line: no } });
};

/** Joins wrapped lines: a line ending in "2019-" followed by "11-05" joins without a space. */
function joinLines(parts: string[]): string {
  let out = '';
  for (const p of parts) {
    if (!p) continue;
    if (!out) out = p;
    else if (/\d-$/.test(out) && /^\d/.test(p)) out += p;
    else out += ` ${p}`;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** Splits "Mirela Redzic, Malin Lindqvist" / "Carina Persson och Linda Bååk" into names. */
function splitNames(text: string): string[] {
  return text
    .split(/\s*,\s*|\s+och\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** True for a line that lists people: 1–4 names of 2–4 capitalised words, no digits. */
function looksLikeNames(text: string): boolean {
  if (!text || /\d/.test(text) || text.length > 120) return false;
  const names = splitNames(text);
  return names.length > 0 && names.length <= 6 && names.every((n) => {
    const words = n.split(/\s+/);
    return words.length >= 2 && words.length <= 4 && words.every((w) => NAME_WORD.test(w) || /^(af|von|van|de|da)$/.test(w));
  });
}

function kindOf(title: string): AgendaItemKind {
  const t = title.toLowerCase();
  if (/^(protokollsjustering|justering av protokoll|val av justerare)/.test(t)) return 'adjustment';
  if (/^information/.test(t)) return 'information';
  if (/^(redovisning av delegationsbeslut|anmälningsärenden|anmälan av delegationsbeslut|delegationsbeslut)/.test(t)) return 'delegation-report';
  if (/^presentation/.test(t)) return 'presentations';
  return 'decision';
}

const KIND_TITLE = /^(protokollsjustering|justering|information|redovisning av delegationsbeslut|anmälningsärenden|anmälan av delegationsbeslut|delegationsbeslut|presentation)/i;

/** Removes page stamps, repeated page headers and the address block; records the page total. */
function clean(text: string): { lines: Line[]; totalPages: number | null; organisation: string | null } {
  const raw = text.replace(/\r\n?/g, '\n').split('\n');
  const lines: Line[] = [];
  let totalPages: number | null = null;
  let organisation: string | null = null;
  let blank = true;
  let pageBreak = false;
  for (let i = 0; i < raw.length; i++) {
    // eslint-disable-next-line no-control-regex
    const t = raw[i]!.replace(/[\u0000-\u0008\u000b-\u001f\u00a0]/g, ' ').replace(/\s+/g, ' ').trim();
    if (!t) {
      blank = true;
      continue;
    }
    const stamp = STAMP.exec(t);
    if (stamp) {
      totalPages ??= Number(stamp[2]);
      blank = true;
      pageBreak = true;
      continue;
    }
    if (HEADER_NOISE.has(t.toLowerCase())) {
      if (t.toLowerCase() === 'postadress') {
        // the address block: organisation, box, e-mail
        for (let j = i + 1, seen = 0; j < raw.length && seen < 4; j++) {
          const n = raw[j]!.trim();
          if (!n) continue;
          seen++;
          if (seen === 1 && !/^Box\b|E-post/i.test(n)) organisation ??= n.replace(/\s+/g, ' ');
          raw[j] = '';
          if (/^E-post:/i.test(n)) break;
        }
      }
      blank = true;
      continue;
    }
    lines.push({ no: i + 1, text: t, blankBefore: blank, indented: /^[ \t\u00a0]/.test(raw[i]!), afterPageBreak: pageBreak });
    blank = false;
    pageBreak = false;
  }
  return { lines, totalPages, organisation };
}

interface Summons {
  body: string | null;
  date: IsoDate | null;
  startTime: string | null;
  endTime: string | null;
  place: string | null;
  groupMeetings: string[];
  absenceNotice: string | null;
  secretary: ParsedKallelse['secretary'];
  memberships: ParsedMembership[];
}

function parseSummons(lines: Line[], end: number): Summons {
  const s: Summons = { body: null, date: null, startTime: null, endTime: null, place: null, groupMeetings: [], absenceNotice: null, secretary: null, memberships: [] };
  for (let i = 0; i < end; i++) {
    const l = lines[i]!;
    const t = l.text;
    let m: RegExpExecArray | null;
    if (/^Sammanträde med:?$/i.test(t) && i + 1 < end) s.body = lines[i + 1]!.text;
    else if ((m = /^Sammanträde med:\s*(.+)$/i.exec(t))) s.body = m[1]!;
    else if ((m = /^Sammanträdesdatum:\s*(.+)$/i.exec(t))) s.date = parseSwedishDate(m[1]!);
    else if ((m = /^Tid:\s*(.+)$/i.exec(t))) {
      const span = parseTimeSpan(m[1]!);
      if (span) {
        s.startTime = span.start;
        s.endTime = span.end;
      }
    } else if ((m = /^Plats:\s*(.+)$/i.exec(t))) s.place = m[1]!;
    else if (/^Gruppmöten?\b/i.test(t)) {
      s.groupMeetings.push(t);
      for (let j = i + 1; j < end && !lines[j]!.blankBefore; j++) s.groupMeetings.push(lines[j]!.text);
    } else if (/^Meddela förhinder/i.test(t)) {
      const parts = [t];
      for (let j = i + 1; j < end && !lines[j]!.blankBefore; j++) parts.push(lines[j]!.text);
      s.absenceNotice = joinLines(parts);
      const who = /till\s+(?:nämndsekreterare\s+|sekreterare\s+)?([A-ZÅÄÖ][\p{L}-]+(?:\s+[A-ZÅÄÖ][\p{L}-]+)+)/u.exec(s.absenceNotice);
      const email = /([\w.+-]+@[\w-]+(?:\.[\w-]+)+)/.exec(s.absenceNotice);
      const phone = /telefon:?\s*([\d\s-]{6,}\d)/i.exec(s.absenceNotice);
      if (who) s.secretary = { name: who[1]!, email: email?.[1] ?? null, phone: phone?.[1]?.trim() ?? null };
    } else if (/^Ledamöter kallas/i.test(t)) {
      let kind: 'member' | 'substitute' = 'member';
      let order = 0;
      for (let j = i + 1; j < end; j++) {
        const l2 = lines[j]!;
        const pm = /^(.+?)\s*\(([A-ZÅÄÖ]{1,4})\)\s*(?:,\s*(.+))?$/.exec(l2.text);
        if (!pm) break;
        if (l2.blankBefore && order > 0) {
          if (kind === 'substitute') break;
          kind = 'substitute';
          order = 0;
        }
        order++;
        const roleText = (pm[3] ?? '').toLowerCase();
        let role: RoleInBody = 'member';
        if (kind === 'member') {
          if (/^(2:e|andre)\s+vice ordförande/.test(roleText)) role = 'second-vice-chair';
          else if (/^((1:e|förste)\s+)?vice ordförande/.test(roleText)) role = 'first-vice-chair';
          else if (/^ordförande/.test(roleText)) role = 'chair';
        }
        s.memberships.push({ name: pm[1]!.trim(), party: pm[2]!, kind, role, order });
      }
    }
  }
  return s;
}

/** Is `lines[i]` the start of the attachments: a divider page (item number alone, title, dnr) or a memo header? */
function isAttachmentStart(lines: Line[], i: number): boolean {
  const t = lines[i]!.text;
  if (/^Tjänsteställe, handläggare\b/.test(t)) return true;
  if (!/^\d{1,2}$/.test(t)) return false;
  // a divider page: the number, one to four title lines, the case number if any, and the page ends
  for (let j = i + 1; j < Math.min(lines.length, i + 7); j++) {
    const n = lines[j]!.text;
    if (/^\d{2}RS\d+$/.test(n)) return true;
    if (lines[j]!.afterPageBreak) return j > i + 1;
    if (/^Tjänsteställe/.test(n) || /^\d{1,2}\.\s/.test(n) || SECTION.test(n)) return false;
  }
  return i + 1 < lines.length && lines.length - i <= 6;
}

function isHeadingAt(lines: Line[], i: number, expected: number, inNumberedSubItems: number | null): { title: string } | null {
  const m = HEADING.exec(lines[i]!.text);
  if (!m || Number(m[1]) !== expected) return null;
  const title = m[2]!;
  if (inNumberedSubItems !== null && inNumberedSubItems + 1 === expected) {
    // "3. …" could be the next sub-item of an information item: it is a heading
    // only if it names a kind or is followed by the item structure.
    if (KIND_TITLE.test(title)) return { title };
    for (let j = i + 1; j < Math.min(lines.length, i + 5); j++) {
      if (/^\d{1,2}\.\s/.test(lines[j]!.text)) break; // the structure of a later line is not this line's
      if (/^(Diarienummer|Föredragande)\s*:/i.test(lines[j]!.text) || /^Förslag till beslut/i.test(lines[j]!.text)) return { title };
    }
    return null;
  }
  return { title };
}

function structured(lines: Line[], from: number, to: number): boolean {
  for (let j = from; j < to; j++) {
    const t = lines[j]!.text;
    if (/^(Diarienummer|Föredragande)\s*:/i.test(t) || /^Förslag till beslut/i.test(t)) return true;
  }
  return false;
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
  const titleParts = [firstTitle];
  let i = start + 1;
  for (; i < end; i++) {
    const l = lines[i]!;
    if (l.blankBefore || SECTION.test(l.text) || /^(Diarienummer|Föredragande)\s*:/i.test(l.text) || BULLET.test(l.text) || /^\d{1,2}\.\s/.test(l.text)) break;
    titleParts.push(l.text);
  }
  item.title = joinLines(titleParts);
  item.kind = kindOf(item.title);

  let section: 'head' | 'proposal' | 'summary' | 'basis' | 'other' = 'head';
  let presenterOpen = false;
  const presenterParts: string[] = [];
  const clauses: string[][] = [];
  let bulletOpen = false;
  const notes: string[][] = [];
  let addressee: string | null = null;
  let sawProposal = false;
  const summary: string[][] = [];
  const basis: string[][] = [];
  let sub: { number: number | null; lines: string[] } | null = null;
  const subs: Array<{ number: number | null; lines: string[]; line: number }> = [];

  const closeSub = () => {
    if (sub) subs.push({ ...sub, line: 0 });
    sub = null;
  };

  for (; i < end; i++) {
    const l = lines[i]!;
    const t = l.text;
    let m: RegExpExecArray | null;
    if (/^Förslag till beslut\b/i.test(t)) {
      closeSub();
      section = 'proposal';
      sawProposal = true;
      presenterOpen = false;
      continue;
    }
    if (/^Sammanfattning\s*:?$/i.test(t) || /^Ärendebeskrivning\s*:?$/i.test(t)) {
      closeSub();
      section = 'summary';
      presenterOpen = false;
      summary.push([]);
      continue;
    }
    if (/^Beslutsunderlag\s*:?$/i.test(t)) {
      closeSub();
      section = 'basis';
      presenterOpen = false;
      continue;
    }
    if ((m = /^(?:Diarienummer:\s*(\S+)\s*)?Föredragande:\s*(.*)$/i.exec(t)) || (m = /^Diarienummer:\s*(\S+)\s*()$/i.exec(t))) {
      if (m[1]) item.caseNumber = CASE.exec(m[1])?.[1] ?? null;
      presenterParts.push(m[2] ?? '');
      presenterOpen = true;
      section = 'head';
      continue;
    }
    if (section === 'head') {
      const isSubStart = BULLET.test(t) || /^\d{1,2}\.\s+\S/.test(t);
      if (presenterOpen && !isSubStart && looksLikeNamesFragment(t)) {
        presenterParts.push(t);
        continue;
      }
      presenterOpen = false;
      if (item.kind === 'information' || item.kind === 'presentations' || isSubStart) {
        const dash = /^[-–]\s+(.*)$/.exec(t);
        const num = /^(\d{1,2})\.\s+(.*)$/.exec(t);
        if (dash) {
          closeSub();
          sub = { number: null, lines: [dash[1]!] };
        } else if (num) {
          closeSub();
          sub = { number: Number(num[1]), lines: [num[2]!] };
        } else if (sub && !l.blankBefore) {
          sub.lines.push(t);
        }
      }
      continue;
    }
    if (section === 'proposal') {
      if (/^att\b/i.test(t)) {
        clauses.push([t.replace(/^att\s+/i, 'att ')]);
        bulletOpen = false;
      } else if (BULLET.test(t) && clauses.length) {
        clauses.at(-1)!.push(`\n• ${t.replace(BULLET, '')}`);
        bulletOpen = true;
      } else if (clauses.length === 0 && notes.length === 0 && addressee === null && /\bbeslutar\s*:?$/i.test(t)) {
        addressee = t.replace(/\s*:$/, '');
      } else if (clauses.length && !l.blankBefore && notes.length === 0) {
        clauses.at(-1)!.push(t);
      } else if (clauses.length && notes.length === 0 && !/[.:]$/.test(lastText(clauses.at(-1)!)) && !bulletOpen) {
        clauses.at(-1)!.push(t); // continued after a page break
      } else if (notes.length && !l.blankBefore) {
        notes.at(-1)!.push(t);
      } else {
        notes.push([t]);
      }
      continue;
    }
    if (section === 'summary') {
      if (l.blankBefore && summary.at(-1)!.length) summary.push([]);
      summary.at(-1)!.push(t);
      continue;
    }
    if (section === 'basis') {
      // An entry starts indented (the PDF's bullet) or with a bullet sign; an unindented line continues it.
      if (DOC_BULLET.test(t) || /^[\uf0b7\u2022]/.test(t) || l.indented || !basis.length) basis.push([t.replace(BULLET, '')]);
      else basis.at(-1)!.push(t);
    }
  }
  closeSub();

  item.presenters = splitNames(joinLines(presenterParts));
  if (sawProposal) {
    item.proposal = {
      addressee,
      clauses: clauses.map(joinClause),
      notes: notes.map((n) => joinLines(n)),
    };
    for (const n of item.proposal.notes) {
      if (/justerat senast/i.test(n)) item.adjustmentDeadline = parseSwedishDate(n);
    }
  }
  const paragraphs = summary.map((p) => joinLines(p)).filter(Boolean);
  item.summary = paragraphs.length ? paragraphs.join('\n\n') : null;
  item.decisionBasis = basis.map((b) => joinLines(b)).filter(Boolean);
  item.subItems = subs.map(toSubItem).filter((s): s is ParsedSubItem => s !== null);
  return item;
}

function lastText(parts: string[]): string {
  return (parts.at(-1) ?? '').trim();
}

/** A presenter line continued on the next line: a short run of capitalised name words. */
function looksLikeNamesFragment(t: string): boolean {
  if (/\d/.test(t) || t.length > 80) return false;
  return t.split(/\s*,\s*|\s+/).filter(Boolean).every((w) => NAME_WORD.test(w) || w === 'och');
}

/** A clause's text: its own lines joined, each bullet on its own line. */
function joinClause(parts: string[]): string {
  const segments: string[][] = [[]];
  for (const p of parts) {
    if (p.startsWith('\n• ')) segments.push([p.slice(1)]);
    else segments.at(-1)!.push(p);
  }
  return segments.map((s) => joinLines(s)).filter(Boolean).join('\n');
}

function toSubItem(s: { number: number | null; lines: string[] }): ParsedSubItem | null {
  const lines = [...s.lines];
  const noteParts: string[] = [];
  const rest: string[] = [];
  let inNote = false;
  for (const l of lines) {
    if (inNote || l.startsWith('(')) {
      noteParts.push(l);
      inNote = !l.includes(')');
      continue;
    }
    rest.push(l);
  }
  let presenters: string[] = [];
  let titleLines = rest;
  if (s.number !== null) {
    // numbered block: the last line names the presenters
    if (rest.length > 1 && looksLikeNames(rest.at(-1)!)) {
      presenters = splitNames(rest.at(-1)!);
      titleLines = rest.slice(0, -1);
    }
  } else {
    // "- Title - Presenter Name", possibly wrapped
    const joined = joinLines(rest);
    const cut = joined.lastIndexOf(' - ');
    if (cut > 0 && looksLikeNames(joined.slice(cut + 3))) {
      presenters = splitNames(joined.slice(cut + 3));
      titleLines = [joined.slice(0, cut)];
    }
  }
  const title = joinLines(titleLines).replace(/\s+bilaga$/i, '').trim();
  if (!title) return null;
  const caseMatch = /diarienummer\s+(\d{2}RS\d{1,7})/i.exec(title) ?? CASE.exec(title);
  return { number: s.number, title, caseNumber: caseMatch?.[1] ?? null, presenters, note: noteParts.length ? joinLines(noteParts) : null };
}

function dateFromMemos(lines: Line[], from: number): { date: IsoDate | null; body: string | null } {
  let date: IsoDate | null = null;
  let body: string | null = null;
  for (let i = from; i < lines.length && (!date || !body); i++) {
    const t = lines[i]!.text;
    if (!date && /^Tjänsteställe, handläggare\b.*Sammanträdesdatum/.test(t) && lines[i + 1]) {
      const d = /(\d{4}-\d{2}-\d{2})/.exec(lines[i + 1]!.text);
      if (d) date = parseSwedishDate(d[1]!);
    }
    if (!body && /^Organ$/.test(t) && lines[i + 1]) body = lines[i + 1]!.text;
  }
  return { date, body };
}

function dateFromBasis(items: ParsedAgendaItem[]): IsoDate | null {
  const counts = new Map<IsoDate, number>();
  for (const it of items) {
    for (const b of it.decisionBasis) {
      if (!/^FöredragningsPM/i.test(b)) continue;
      const d = parseSwedishDate(b);
      if (d) counts.set(d, (counts.get(d) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * Gives each item the text of its attachments in the book after the agenda,
 * for search. A section belongs to an item from its divider page (the item's
 * number alone on a line, then its title: page numbers inside attachments
 * are not dividers) or from a memo or project header naming the item's case
 * ("… Dnr: 20RS4642"), until the next such mark.
 */
function attachAttachmentText(lines: Line[], from: number, items: ParsedAgendaItem[]): void {
  const byNumber = new Map(items.map((it) => [it.number, it]));
  const byCase = new Map(items.filter((it) => it.caseNumber).map((it) => [it.caseNumber!, it]));
  const parts = new Map<ParsedAgendaItem, string[]>();
  let owner: ParsedAgendaItem | null = null;
  for (let i = from; i < lines.length; i++) {
    const t = lines[i]!.text;
    if (/^\d{1,2}$/.test(t)) {
      const item = byNumber.get(Number(t));
      if (item) {
        const want = squash(item.title).slice(0, 40);
        let got = '';
        for (let j = i + 1; j < Math.min(lines.length, i + 8) && got.length < want.length; j++) got += squash(lines[j]!.text);
        if (want && got.startsWith(want)) {
          owner = item;
          continue;
        }
      }
    }
    const dnr = /\bDnr:\s*(\d{2}RS\d{1,7})\b/.exec(t);
    if (dnr && byCase.has(dnr[1]!)) owner = byCase.get(dnr[1]!)!;
    if (!owner) continue;
    const list = parts.get(owner) ?? [];
    list.push(lines[i]!.blankBefore && list.length ? `\n${t}` : t);
    parts.set(owner, list);
  }
  for (const [item, list] of parts) item.attachmentText = list.join('\n');
}

export function parseKallelse(text: string): ParsedKallelse {
  if (typeof text !== 'string' || text.trim() === '') fail(1, 'filen är tom.');
  const { lines, totalPages, organisation } = clean(text);
  if (lines.length === 0) fail(1, 'filen innehåller ingen text.');

  // The agenda starts at the first "1. …" that is followed by an item's structure.
  let agendaStart = -1;
  for (let i = 0; i < lines.length; i++) {
    if (!/^1\.\s+\S/.test(lines[i]!.text)) continue;
    const next = lines.findIndex((l, j) => j > i && /^2\.\s+\S/.test(l.text));
    if (structured(lines, i, next > 0 ? Math.min(next, i + 40) : Math.min(lines.length, i + 40))) {
      agendaStart = i;
      break;
    }
    if (agendaStart < 0) {
      const first = lines[i]!;
      // remember the first candidate to name it if nothing better is found
      if (!lines.some((l, j) => j > i && /^1\.\s+\S/.test(l.text) && structured(lines, j, Math.min(lines.length, j + 40)))) {
        fail(first.no, `"${first.text.slice(0, 60)}" ser ut som punkt 1 men följs inte av diarienummer, föredragande eller förslag till beslut, så filen är inte en kallelse med föredragningslista.`);
      }
    }
  }
  if (agendaStart < 0) fail(lines[0]!.no, 'ingen föredragningslista hittades (en kallelse har punkter som börjar med "1. …" följda av diarienummer, föredragande eller förslag till beslut).');

  const summons = parseSummons(lines, agendaStart);

  // Item headings and the end of the agenda.
  const starts: Array<{ i: number; title: string }> = [];
  let expected = 1;
  let agendaEnd = lines.length;
  let numberedSub: number | null = null;
  for (let i = agendaStart; i < lines.length; i++) {
    if (i > agendaStart && isAttachmentStart(lines, i)) {
      agendaEnd = i;
      break;
    }
    const h = isHeadingAt(lines, i, expected, numberedSub);
    if (h) {
      starts.push({ i, title: h.title });
      expected++;
      numberedSub = null;
      continue;
    }
    const m = HEADING.exec(lines[i]!.text);
    if (m && starts.length) {
      const n = Number(m[1]);
      const kind = kindOf(starts.at(-1)!.title);
      if ((kind === 'information' || kind === 'presentations') && (numberedSub === null ? true : n === numberedSub + 1)) numberedSub = n;
      // a heading that skips a number and carries an item's structure: the agenda is broken
      if (n > expected && n <= expected + 3 && structured(lines, i + 1, Math.min(lines.length, i + 4))) {
        fail(lines[i]!.no, `punkt ${n} följer på punkt ${expected - 1}; punkt ${expected} saknas i föredragningslistan.`);
      }
    }
  }
  const items = starts.map((s, k) => parseItem(lines, s.i, k + 1 < starts.length ? starts[k + 1]!.i : agendaEnd, k + 1, s.title));
  if (!items.some((it) => it.proposal || it.caseNumber || it.presenters.length)) {
    fail(lines[agendaStart]!.no, 'föredragningslistan saknar diarienummer, föredragande och förslag till beslut.');
  }

  attachAttachmentText(lines, agendaEnd, items);
  const memo = dateFromMemos(lines, agendaEnd);
  let date = summons.date;
  let dateSource: ParsedKallelse['dateSource'] = 'summons';
  if (!date && memo.date) {
    date = memo.date;
    dateSource = 'memo';
  }
  if (!date) {
    date = dateFromBasis(items);
    dateSource = 'decision-basis';
  }
  if (!date) fail(lines[0]!.no, 'sammanträdesdatumet framgår inte (varken "Sammanträdesdatum:" på kallelsesidan, i en föredragnings-PM eller i beslutsunderlagens rubriker).');
  const addressees = items.map((it) => it.proposal?.addressee).filter((a): a is string => Boolean(a));
  const body = summons.body ?? memo.body ?? (addressees[0] ? addressees[0].replace(/\s+beslutar:?$/i, '') : null);
  if (!body) fail(lines[0]!.no, 'det framgår inte vilken nämnd kallelsen gäller ("Sammanträde med:" eller "Organ").');

  return {
    body: body!,
    organisation,
    date: date!,
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
  };
}
