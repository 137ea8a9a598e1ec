/**
 * Which agenda item each stretch of text after the agenda belongs to, and
 * where each of an item's documents (its beslutsunderlag) begins (issue
 * 18.4). Pure and linear in the length of the text (each probe looks at a
 * bounded window). An item's attachments begin at the strongest mark found:
 *
 * 1. its divider page: the item's number alone on a line, then its title;
 * 2. a memo header grid naming the item's case ("… Dnr: 20RS4642");
 * 3. the memo's title lines: a paragraph whose text is the item's title
 *    (compared loosely), followed within a few lines by "Förslag till
 *    beslut" or "Sammanfattning" — a memo without the usual header grid.
 *
 * The items' attachments come in agenda order, so a title match (3) only
 * moves the text forward to a later item; one that points back to an
 * earlier item is not followed and is flagged as uncertain. Within an
 * item, the memo entry of its beslutsunderlag ("FöredragningsPM …",
 * "Tjänsteskrivelse …") is the memo found by 2 or 3; each other entry is
 * the document whose title lines (a paragraph start) name it: nearly all
 * of the title's words are words of the entry. The rules are described in
 * docs/importer.md ("Attachment text").
 */
import { titleKey } from './identity.ts';

/** One line of the cleaned text (model.ts Line). */
export interface AttachmentLine {
  no: number; // 1-based line number in the file
  text: string;
  blank: boolean; // a blank line (or removed noise) came before it
  page: boolean; // a page stamp came before it
  indented: boolean; // the raw line began with white space
}

export interface AttachmentItem {
  number: number;
  title: string;
  caseNumber: string | null;
  decisionBasis: readonly string[];
}

export interface AttachmentSection {
  itemNumber: number;
  fromLine: number;
  toLine: number;
}

export interface AttachmentDocument {
  itemNumber: number;
  /** The decision-basis entry (0-based) it is; null when it names none of them. */
  basisIndex: number | null;
  title: string;
  /** Lines of the file, 1-based, inclusive. */
  fromLine: number;
  toLine: number;
  /** Index of the first and last line in the cleaned lines (for the memo reader). */
  from: number;
  to: number;
  kind: 'memo' | 'document';
}

export interface AttachmentAssignment {
  sections: AttachmentSection[];
  documents: AttachmentDocument[];
  /** Per item number, its attachments' text (for search). */
  texts: Map<number, string>;
  /** Swedish, for the import report: assignments that are uncertain. */
  flags: string[];
}

const CASE_ONLY = /^\d{2}\s?[A-ZÅÄÖ]{1,4}\s?\d{1,7}$/;
const DNR = /\bDnr:\s*(\d{2}\s?[A-ZÅÄÖ]{1,4}\s?\d{1,7})\b/;
const GRID = /^tjänsteställe\b/i;
const PROPOSAL = /^förslag till beslut\s*(?::.*)?$/i;
const SUMMARY = /^(?:sammanfattning|ärendebeskrivning)\s*:?$/i;
/** A decision-basis entry that is the item's memo. */
export const MEMO_ENTRY = /^(?:föredragnings-?\s?pm|tjänsteskrivelse|tjänsteutlåtande|pm)\b/i;
/** A memo header grid's document type: the grid of a memo names it so. */
const MEMO_GRID = /\b(?:föredragnings-?\s?pm|tjänsteskrivelse|tjänsteutlåtande)\b/i;

const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
const caseKey = (s: string) => s.toUpperCase().replace(/\s+/g, '');
const words = (s: string) => titleKey(s).split(/[\s-]+/).filter(Boolean);

/**
 * Is line i a divider page: a line holding only the number of an item, at
 * the top of the page's text, then that item's title (compared loosely),
 * optionally its case number, and then the page ends (a page stamp, a memo
 * header grid or the end of the file)? Returns the index after the divider,
 * or -1.
 */
export function dividerEnd(lines: readonly AttachmentLine[], i: number, titles: readonly string[]): number {
  const l = lines[i]!;
  if (!l.blank || !/^\d{1,2}$/.test(l.text)) return -1;
  const n = Number(l.text);
  const title = titles[n - 1];
  if (n < 1 || title === undefined) return -1;
  const parts: string[] = [];
  let caseLine = false;
  let j = i + 1;
  for (; j < lines.length && j <= i + 8; j++) {
    const lj = lines[j]!;
    if (lj.page) break;
    if (CASE_ONLY.test(lj.text)) {
      caseLine = true;
      j++;
      break;
    }
    parts.push(lj.text);
  }
  if (parts.length === 0) return -1;
  const pageEnds = j >= lines.length || lines[j]!.page || GRID.test(lines[j]!.text);
  if (!pageEnds && !caseLine) return -1;
  const a = squash(title);
  const b = squash(parts.join(' '));
  const k = Math.min(a.length, b.length, 40);
  return k >= 3 && a.slice(0, k) === b.slice(0, k) ? j : -1;
}

/** Where the attachments start: a memo header grid (or its "Organ" line) or a divider page. */
export function isAttachmentStart(lines: readonly AttachmentLine[], i: number, titles: readonly string[]): boolean {
  const l = lines[i]!;
  if (GRID.test(l.text) || /^organ:?$/i.test(l.text)) return true;
  return dividerEnd(lines, i, titles) >= 0;
}

/** A line that may begin a title: a paragraph's first line, the first of a page, or where the extracted text jumped to a new page (indented). */
const startsParagraph = (l: AttachmentLine) => l.blank || l.page || l.indented;

/** Titles alike enough to be the same item: the same letters, or nearly the same words. */
function sameTitle(a: string, b: string): boolean {
  const x = squash(a);
  const y = squash(b);
  if (x.length < 3 || y.length < 3) return false;
  if (x === y) return true;
  const wa = new Set(words(a));
  const wb = new Set(words(b));
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  return (2 * common) / (wa.size + wb.size) >= 0.8;
}

/**
 * A memo's title at line i: the lines from i up to a "Förslag till beslut"
 * or "Sammanfattning" heading within the next 5 lines, joined. Null when no
 * such heading follows.
 */
function memoTitleAt(lines: readonly AttachmentLine[], i: number): { title: string; heading: number } | null {
  if (!startsParagraph(lines[i]!)) return null;
  const parts: string[] = [];
  for (let j = i; j < lines.length && j <= i + 5; j++) {
    const l = lines[j]!;
    if (PROPOSAL.test(l.text) || SUMMARY.test(l.text)) return parts.length ? { title: parts.join(' '), heading: j } : null;
    if (GRID.test(l.text) || DNR.test(l.text)) return null;
    // the title is one paragraph (it may wrap over a blank line only in lower case): another paragraph start ends the probe
    if (j > i && (l.indented || l.page || (l.blank && !/^\p{Ll}/u.test(l.text)))) return null;
    parts.push(l.text);
  }
  return null;
}

/** The title lines of a document at line i: its paragraph's first one, two or three lines, when they read as a title. */
function headingsAt(lines: readonly AttachmentLine[], i: number): string[] {
  const l = lines[i]!;
  if (!startsParagraph(l) || !/^[\p{Lu}\d]/u.test(l.text)) return [];
  const out: string[] = [];
  let t = '';
  for (let j = i; j < lines.length && j <= i + 2 && (j === i || (!lines[j]!.blank && !lines[j]!.page && !lines[j]!.indented)); j++) {
    t = t ? `${t} ${lines[j]!.text}` : lines[j]!.text;
    if (t.length > 160) break;
    if (!/[.,;:]$/.test(t)) out.push(t);
  }
  return out;
}

/** Function words, left out when titles are compared. */
const STOP = new Set(['av', 'för', 'till', 'om', 'i', 'på', 'och', 'med', 'den', 'det', 'de', 'en', 'ett', 'som', 'från', 'vid', 'inom', 'samt', 'under', 'mot', 'the', 'of', 'and']);
const contentWords = (s: string) => words(s).filter((w) => !STOP.has(w));

/** Does a title name the entry: at least two of its words, nearly all of them words of the entry, and half the entry's words? */
const entryWords = new Map<string, Set<string>>();
function names(heading: string | ReadonlySet<string>, entry: string): boolean {
  let e = entryWords.get(entry);
  if (!e) {
    if (entryWords.size > 10_000) entryWords.clear();
    entryWords.set(entry, (e = new Set(contentWords(entry))));
  }
  const h = typeof heading === 'string' ? new Set(contentWords(heading)) : heading;
  if (h.size === 0 || e.size === 0) return false;
  let common = 0;
  for (const w of h) if (e.has(w)) common++;
  return common >= Math.min(2, e.size) && common / h.size >= 0.8 && common / e.size >= 0.5;
}

/**
 * Assigns the text after the agenda (from line index `from`) to the items
 * and finds each item's documents.
 */
export function assignAttachments(lines: readonly AttachmentLine[], from: number, items: readonly AttachmentItem[]): AttachmentAssignment {
  const sections: AttachmentSection[] = [];
  const documents: AttachmentDocument[] = [];
  const flags: string[] = [];
  const titles = items.map((it) => it.title);
  const byNumber = new Map(items.map((it) => [it.number, it]));
  const byCase = new Map<string, AttachmentItem>();
  for (const it of items) if (it.caseNumber && !byCase.has(caseKey(it.caseNumber))) byCase.set(caseKey(it.caseNumber), it);
  const parts = new Map<number, string[]>();
  let owner: AttachmentItem | null = null;
  /** The item's entries already found. */
  const found = new Map<number, Set<number>>();
  let doc: AttachmentDocument | null = null;
  let gridKey: string | null = null;
  let gridSecond = -1;

  const close = (to: number) => {
    if (doc && to >= doc.from) {
      doc.to = to;
      doc.toLine = lines[to]!.no;
    }
    doc = null;
  };
  const openSection = (item: AttachmentItem, fromIndex: number) => {
    const fromLine = lines[Math.min(fromIndex, lines.length - 1)]!.no;
    sections.push({ itemNumber: item.number, fromLine, toLine: fromLine });
  };
  const switchTo = (item: AttachmentItem, at: number) => {
    if (owner === item) return;
    close(at - 1);
    gridKey = null;
    owner = item;
    openSection(item, at);
  };
  const openDocument = (item: AttachmentItem, at: number, kind: AttachmentDocument['kind'], title: string, basisIndex: number | null) => {
    close(at - 1);
    const l = lines[at]!;
    doc = { itemNumber: item.number, basisIndex, title, fromLine: l.no, toLine: l.no, from: at, to: at, kind };
    documents.push(doc);
    if (basisIndex !== null) {
      const set = found.get(item.number) ?? new Set<number>();
      set.add(basisIndex);
      found.set(item.number, set);
    }
  };
  const memoEntry = (item: AttachmentItem): number | null => {
    const k = item.decisionBasis.findIndex((e) => MEMO_ENTRY.test(e.trim()));
    return k < 0 || found.get(item.number)?.has(k) ? null : k;
  };
  /** The item's entry (not the memo, not found yet) that the title names. */
  const entryNamed = (item: AttachmentItem, title: string): number | null => {
    const done = found.get(item.number);
    if (done && done.size >= item.decisionBasis.length) return null;
    const heading = new Set(contentWords(title));
    for (const [k, e] of item.decisionBasis.entries()) {
      if (done?.has(k) || MEMO_ENTRY.test(e.trim())) continue;
      if (names(heading, e)) return k;
    }
    return null;
  };

  for (let i = from; i < lines.length; i++) {
    const l = lines[i]!;
    // 1. a divider page
    if (/^\d{1,2}$/.test(l.text)) {
      const end = dividerEnd(lines, i, titles);
      const item = end >= 0 ? byNumber.get(Number(l.text)) : undefined;
      if (item) {
        close(i - 1);
        gridKey = null;
        owner = item;
        openSection(item, end);
        sections[sections.length - 1]!.toLine = l.no;
        // the divider's own lines are the item's text too (as before), its documents start after it
        for (let j = i + 1; j < end && j < lines.length; j++) addText(item, lines[j]!);
        i = end - 1;
        continue;
      }
    }
    // 2. a memo header grid naming an item's case
    const gridLine = GRID.test(l.text);
    const next = gridLine ? lines[i + 1] : undefined;
    // the grid's second line was read with its first
    const dnr = i === gridSecond ? null : (DNR.exec(l.text) ?? (next ? DNR.exec(next.text) : null));
    if (gridLine) gridSecond = i + 1;
    if (i === gridSecond) {
      // nothing more to read on it
    } else if (dnr) {
      const named = byCase.get(caseKey(dnr[1]!));
      if (named) {
        switchTo(named, i);
        // a grid begins a document unless it repeats on the next page of the same one
        const type = gridLine ? l.text.replace(/^tjänsteställe,?\s*handläggare\s*/i, '').trim() : '';
        const key = `${named.number}|${type.toLowerCase()}|${caseKey(dnr[1]!)}`;
        if (key !== gridKey) {
          gridKey = key;
          const d = doc as AttachmentDocument | null;
          if (MEMO_GRID.test(l.text) || !gridLine) {
            // a memo's grid (or its second line alone): the memo, unless the item's memo is open already
            if (!(d && d.itemNumber === named.number && d.kind === 'memo')) {
              const k = memoEntry(named);
              openDocument(named, i, 'memo', k === null ? 'Föredragnings-PM' : named.decisionBasis[k]!, k);
            }
          } else {
            // the grid of another document ("Projektbeskrivning"): a document when its type names an entry
            const k = entryNamed(named, type);
            if (k !== null) openDocument(named, i, 'document', named.decisionBasis[k]!, k);
          }
        }
      }
    } else if (startsParagraph(l)) {
      // 3. a memo's title lines (with or without a header grid before them)
      const memo = memoTitleAt(lines, i);
      const titled = memo ? items.find((it) => sameTitle(memo.title, it.title)) : undefined;
      const current: AttachmentItem | null = owner;
      const hasMemo = (n: number) => documents.some((d) => d.itemNumber === n && d.kind === 'memo');
      let done = false;
      if (memo && titled && (current === null || titled.number > current.number || (titled === current && !hasMemo(titled.number)))) {
        switchTo(titled, i);
        const k = memoEntry(titled);
        const d = doc as AttachmentDocument | null;
        // the title under a memo grid opened just before is that memo's title, not a new document
        if (!(d && d.itemNumber === titled.number && d.kind === 'memo' && i - d.from <= 15)) {
          openDocument(titled, i, 'memo', k === null ? 'Föredragnings-PM' : titled.decisionBasis[k]!, k);
        }
        done = true;
      } else if (memo && titled && titled === current) {
        // the memo's own title under its header grid; later, a document titled like the item (its project description)
        const d = doc as AttachmentDocument | null;
        done = d !== null && d.itemNumber === titled.number && d.kind === 'memo' && i - d.from <= 15;
      } else if (memo && titled && current !== null && titled.number < current.number) {
        flags.push(
          `Rad ${l.no}: "${memo.title.slice(0, 80)}" ser ut som rubriken på föredragnings-PM:et till punkt ${titled.number} men står bland handlingarna till punkt ${current.number}; texten har lagts under punkt ${current.number}. Kontrollera att handlingarna hör till rätt punkt.`,
        );
        done = true;
      }
      if (!done && current !== null) {
        // another document of the item: its title names one of the entries
        const item: AttachmentItem = current;
        const k = headingsAt(lines, i).map((h) => entryNamed(item, h)).find((x) => x !== null) ?? null;
        if (k !== null) openDocument(item, i, 'document', item.decisionBasis[k]!, k);
      }
    }
    if (!owner) continue;
    const current = sections[sections.length - 1];
    if (current) current.toLine = Math.max(current.toLine, l.no);
    addText(owner, l);
  }
  close(lines.length - 1);

  function addText(item: AttachmentItem, l: AttachmentLine) {
    let list = parts.get(item.number);
    if (!list) parts.set(item.number, (list = []));
    list.push(l.blank && list.length ? `\n${l.text}` : l.text);
  }

  const texts = new Map<number, string>();
  for (const [n, list] of parts) texts.set(n, list.join('\n'));
  return { sections, documents, texts, flags };
}
