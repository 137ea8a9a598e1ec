/**
 * Page furniture (pure): the header and footer lines a PDF prints on every
 * page (a logo line, "Kallelse 2020-08-24 Regional tillväxtnämnd", the page
 * stamp "3 (66)") are found by counting, not from a list of strings, and
 * removed before the text is parsed; the page stamps are read and checked
 * (a missing page, pages out of order, a file that ends before its last
 * stamped page). The rules are in docs/importer.md ("PDF files").
 */

/** How many non-blank lines at the top and at the bottom of a page are its edge. */
export const EDGE_LINES = 4;
/** Furniture needs at least this many pages to be told from text. */
export const MIN_PAGES = 3;

/** A line as furniture is compared: digits as "#" (page numbers, dates), white space collapsed. */
export function furnitureKey(line: string): string {
  return line.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

interface Edge {
  top: number[]; // indexes of the page's first EDGE_LINES non-blank lines
  bottom: number[]; // and of its last ones (they may overlap on a short page)
}

function edgesOf(lines: string[]): Edge {
  const filled: number[] = [];
  for (const [k, l] of lines.entries()) if (l.trim() !== '') filled.push(k);
  return { top: filled.slice(0, EDGE_LINES), bottom: filled.slice(Math.max(0, filled.length - EDGE_LINES)) };
}

export interface Furniture {
  /** The keys (furnitureKey) found at the top or the bottom of more than half of the pages. */
  keys: Set<string>;
  /** Each page's lines without its furniture (blank lines at its start and end dropped too). */
  pages: string[][];
  /** For each page, the indexes (into the page's lines as given) of the lines removed. */
  removed: number[][];
}

/**
 * The lines that stand at the top (or at the bottom) of more than half of the
 * pages, compared with their digits normalised, are furniture; they are
 * removed where they stand in a page's edge (its first or last EDGE_LINES
 * non-blank lines). The same line inside a page's text is kept. Fewer than
 * MIN_PAGES pages: nothing is furniture.
 */
export function removeFurniture(pages: string[][]): Furniture {
  const edges = pages.map(edgesOf);
  const keys = new Set<string>();
  if (pages.length >= MIN_PAGES) {
    const counts = (side: 'top' | 'bottom') => {
      const c = new Map<string, number>();
      for (const [p, e] of edges.entries()) {
        for (const key of new Set(e[side].map((k) => furnitureKey(pages[p]![k]!)))) c.set(key, (c.get(key) ?? 0) + 1);
      }
      return c;
    };
    for (const side of ['top', 'bottom'] as const) {
      for (const [key, n] of counts(side)) if (key !== '' && n * 2 > pages.length) keys.add(key);
    }
  }
  const removed: number[][] = [];
  const out = pages.map((lines, p) => {
    const e = edges[p]!;
    const drop = new Set([...e.top, ...e.bottom].filter((k) => keys.has(furnitureKey(lines[k]!))));
    removed.push([...drop].sort((a, b) => a - b));
    const kept = lines.filter((_, k) => !drop.has(k));
    let from = 0;
    let to = kept.length;
    while (from < to && kept[from]!.trim() === '') from++;
    while (to > from && kept[to - 1]!.trim() === '') to--;
    return kept.slice(from, to);
  });
  return { keys, pages: out, removed };
}

// ---------------------------------------------------------------------------
// Page stamps

/** A page stamp at the end of a line (or the whole line): "3 (66)", "3(66)", "Sida 3 av 66". */
const STAMP_AT_END = /(?:^|\s)(?:sida\s+)?(\d{1,4})\s*(?:\(\s*(\d{1,4})\s*\)|av\s+(\d{1,4}))\s*$/i;

export interface Stamp {
  page: number; // N
  total: number; // TOTAL
  line: number; // index of the line on its page
}

/** The stamps in a page's edge lines (N ≤ TOTAL). */
export function stampsOn(lines: string[]): Stamp[] {
  const e = edgesOf(lines);
  const out: Stamp[] = [];
  for (const k of new Set([...e.top, ...e.bottom])) {
    const m = STAMP_AT_END.exec(lines[k]!.trim());
    if (!m) continue;
    const page = Number(m[1]);
    const total = Number(m[2] ?? m[3]);
    if (page >= 1 && page <= total) out.push({ page, total, line: k });
  }
  return out;
}

export interface PageCheck {
  /** The book's total: the TOTAL stamped on the most pages; null when no page has a stamp. */
  total: number | null;
  /** For each page of the file, its stamp with that total (null when it has none). */
  stamps: Array<Stamp | null>;
  /** In Swedish, for the import report: missing pages, pages out of order, a file cut short. */
  warnings: string[];
}

/** Numbers as ranges: [3, 4, 5, 9] → [[3, 5], [9, 9]]. */
function ranges(ns: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const n of ns) {
    const last = out[out.length - 1];
    if (last && n === last[1] + 1) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}

const pagesText = ([from, to]: [number, number], total: number) => (from === to ? `sidan ${from} (${total})` : `sidorna ${from}–${to} (${total})`);
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Reads each page's stamp and checks the sequence: the stamps (of the most
 * frequent total; memos carry "1 (2)" stamps of their own) should count 1, 2,
 * … TOTAL with the file's pages. A page without a stamp is taken to be the
 * one after the page before it. Reported: a stamp that does not come after
 * the one before it (pages out of order, or twice), the pages no page of the
 * file is (missing), and among them the last ones as "the file ends early".
 */
export function checkPageStamps(pages: string[][]): PageCheck {
  const all = pages.map(stampsOn);
  const totals = new Map<number, number>();
  for (const s of all) for (const t of new Set(s.map((x) => x.total))) totals.set(t, (totals.get(t) ?? 0) + 1);
  let total: number | null = null;
  let best = 0;
  for (const [t, n] of totals) if (n > best || (n === best && total !== null && t > total)) [total, best] = [t, n];
  const stamps = all.map((s) => s.find((x) => x.total === total) ?? null);
  const warnings: string[] = [];
  if (total === null) return { total, stamps, warnings };
  const seen = new Set<number>();
  let previous: number | null = null;
  for (const s of stamps) {
    if (s) {
      if (previous !== null && s.page <= previous) {
        warnings.push(`Sidan ${s.page} (${total}) kommer efter sidan ${previous} (${total}) i filen: sidorna står i fel ordning eller finns två gånger.`);
      }
      seen.add(s.page);
      previous = s.page;
    } else {
      const page: number = (previous ?? 0) + 1;
      if (page <= total) seen.add(page);
      previous = page;
    }
  }
  const missing = ranges(Array.from({ length: total }, (_, k) => k + 1).filter((n) => !seen.has(n)));
  const last = Math.max(...seen);
  for (const r of missing) {
    if (r[1] === total && r[0] > last) warnings.push(`Filen slutar med sidan ${last} av ${total}: ${pagesText(r, total)} saknas.`);
    else warnings.push(`${capital(pagesText(r, total))} saknas i filen.`);
  }
  return { total, stamps, warnings };
}

export interface PagedText {
  /** The text for the parser: each page's lines without furniture, then its page stamp on a line of its own. */
  text: string;
  /** For each line of `text` (index 0 is line 1), the page of the file it came from (1-based). */
  pageOfLine: number[];
  /** The page check's warnings (Swedish). */
  warnings: string[];
  totalPages: number | null;
}

/**
 * The pages of a file as one text for the kallelse parser: furniture removed,
 * and after each page its stamp, written as the parser knows it ("3 (66)",
 * a page break that does not cut a sentence). A page whose stamp was not
 * furniture keeps it where it stood; in a file without stamps each page ends
 * with "N (pages in the file)". Stamps are read before the furniture goes. A
 * stamp of another total (a document of its own in the book, "1 (2)") that
 * went with the furniture is put back first on its page.
 */
export function pagedText(pages: string[][]): PagedText {
  const check = checkPageStamps(pages);
  const f = removeFurniture(pages);
  const lines: string[] = [];
  const pageOfLine: number[] = [];
  for (const [p, body] of f.pages.entries()) {
    const stamp = check.stamps[p];
    const push = (l: string) => {
      lines.push(l);
      pageOfLine.push(p + 1);
    };
    // a document's own stamp ("1 (2)" of a memo) looks like the book's and goes with the furniture: it is
    // kept, first on its page, so the importer knows where the document starts (importer/pages.ts)
    for (const s of stampsOn(pages[p]!)) if (s.total !== check.total && f.removed[p]!.includes(s.line)) push(`${s.page} (${s.total})`);
    for (const l of body) push(l);
    if (stamp && f.removed[p]!.includes(stamp.line)) push(`${stamp.page} (${stamp.total})`);
    else if (check.total === null) push(`${p + 1} (${pages.length})`);
    else push('');
  }
  return { text: `${lines.join('\n')}\n`, pageOfLine, warnings: check.warnings, totalPages: check.total };
}
