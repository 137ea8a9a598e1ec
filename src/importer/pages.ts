/**
 * The pages of an imported PDF that are each item's documents (pure), so
 * they can be split out as the attachments of the agenda items (issue 18.1):
 * the parser says which stretch of text after the agenda belongs to which
 * item (its divider page or its memo header on, ParsedKallelse
 * .attachmentSections); the lines' pages (source.ts pageOfLine) turn those
 * into page ranges. Within an item's pages a document of its own starts
 * where a stamp "1 (N)" of another total than the book's stands (a memo's
 * "1 (2)"), and such a document is N pages long, so what follows it starts
 * another. When every decision-basis entry of the item was found by its
 * title lines (attachments.ts: the memo, then each document whose title
 * names an entry), each on a later page than the one before, those are the
 * documents, in the order found; otherwise, when the item's documents by
 * stamps are as many as its decision-basis
 * entries they are filed under them in order; otherwise the item's pages are
 * kept as one attachment under no entry and the import is flagged. The rules
 * are in docs/importer.md ("PDF files").
 */
import type { ParsedKallelse, PlannedDocument } from './types.ts';

export interface DocumentPlan {
  documents: PlannedDocument[];
  /** Swedish, for the import's flags: items whose pages could not be filed under their documents with certainty. */
  flags: string[];
}

const pagesText = (from: number, to: number) => (from === to ? `sidan ${from}` : `sidorna ${from}–${to}`);

export function planDocuments(k: ParsedKallelse, pageOfLine: readonly number[], pageCount: number): DocumentPlan {
  const documents: PlannedDocument[] = [];
  const flags: string[] = [];
  const pageOf = (line: number): number | null => {
    const p = pageOfLine[Math.min(Math.max(line, 1), pageOfLine.length) - 1];
    return p === undefined ? null : Math.min(Math.max(p, 1), pageCount);
  };
  // each item's page ranges (an item may own more than one stretch of the text)
  const ranges = new Map<number, Array<[number, number]>>();
  for (const s of k.attachmentSections ?? []) {
    if (s.toLine < s.fromLine) continue;
    const from = pageOf(s.fromLine);
    const to = pageOf(s.toLine);
    if (from === null || to === null || to < from) continue;
    const list = ranges.get(s.itemNumber) ?? [];
    list.push([from, to]);
    ranges.set(s.itemNumber, list);
  }
  const stamps = (k.documentStamps ?? []).flatMap((s) => {
    const page = pageOf(s.line);
    return page === null || s.page !== 1 ? [] : [{ page, total: s.total }];
  });
  for (const item of k.items) {
    const own = ranges.get(item.number);
    if (!own) continue;
    const pieces: Array<[number, number]> = [];
    for (const [from, to] of own) {
      const starts = new Set<number>([from]);
      for (const s of stamps) {
        if (s.page < from || s.page > to) continue;
        starts.add(s.page);
        // a document stamped "1 (N)" is N pages: the page after it starts the next one
        if (s.page + s.total <= to) starts.add(s.page + s.total);
      }
      const sorted = [...starts].sort((a, b) => a - b);
      for (const [n, start] of sorted.entries()) pieces.push([start, n + 1 < sorted.length ? sorted[n + 1]! - 1 : to]);
    }
    const entries = item.decisionBasis;
    // the documents found by their titles (attachments.ts), when they are every entry, each starting on a page of its own
    const found = (k.attachmentDocuments ?? [])
      .filter((d) => d.itemNumber === item.number && d.basisIndex !== null)
      .map((d) => ({ basisIndex: d.basisIndex!, fromPage: pageOf(d.fromLine) }))
      .sort((a, b) => (a.fromPage ?? 0) - (b.fromPage ?? 0));
    const lastPage = Math.max(...pieces.map((p) => p[1]));
    const firstPage = Math.min(...pieces.map((p) => p[0]));
    const distinct = new Set(found.map((d) => d.basisIndex)).size === entries.length && found.length === entries.length;
    const ordered = found.every((d, n) => d.fromPage !== null && d.fromPage >= firstPage && d.fromPage <= lastPage && (n === 0 || d.fromPage > found[n - 1]!.fromPage!));
    if (entries.length > 0 && distinct && ordered) {
      found.forEach((d, n) => {
        const fromPage = n === 0 ? firstPage : d.fromPage!;
        const toPage = n + 1 < found.length ? found[n + 1]!.fromPage! - 1 : lastPage;
        documents.push({ itemNumber: item.number, basisIndex: d.basisIndex, title: entries[d.basisIndex]!, fromPage, toPage });
      });
      continue;
    }
    if (pieces.length === entries.length) {
      pieces.forEach(([fromPage, toPage], n) => documents.push({ itemNumber: item.number, basisIndex: n, title: entries[n]!, fromPage, toPage }));
      continue;
    }
    const fromPage = Math.min(...pieces.map((p) => p[0]));
    const toPage = Math.max(...pieces.map((p) => p[1]));
    documents.push({ itemNumber: item.number, basisIndex: null, title: `Handlingar till punkt ${item.number}`, fromPage, toPage });
    flags.push(
      `Punkt ${item.number} "${item.title}": ${pagesText(fromPage, toPage)} i filen är ${pieces.length === 1 ? 'ett dokument' : `${pieces.length} dokument`} men beslutsunderlaget listar ${entries.length === 1 ? 'en handling' : `${entries.length} handlingar`}; sidorna sparas som en bilaga till punkten, inte under en viss handling.`,
    );
  }
  return { documents, flags };
}
