/**
 * Identity across re-imports (pure): the canonical text of a file, whose
 * SHA-256 says "the same file", and the pairing of a new kallelse's agenda
 * items and decision-basis entries with those already recorded, so a
 * re-import updates them in place and keeps their ids (and with them the
 * secrecy marks, attachments, memos and decisions that hang on them).
 * The rules are described in docs/importer.md ("Re-import").
 */

/**
 * The text as it is hashed and parsed: line breaks CRLF/CR → LF, no byte-order
 * mark, Unicode NFC, each line's trailing white space as one space (a
 * line that ended in white space and one that did not differ for the
 * business-support parser: a word goes on or not), white-space-only lines
 * empty, no blank lines at the end, one final LF. The hash drops that last
 * space too (importer/service.ts fileHash). Linear in the length of the text.
 */
export function canonicalText(text: string): string {
  const lines = text
    .replace(/^\ufeff/, '')
    .normalize('NFC')
    .split(/\r\n?|\n/)
    .map((l) => {
      // trimEnd, not a /\s+$/ regex: that backtracks quadratically over a long run of inner white space
      const t = l.trimEnd();
      return t === '' ? '' : t.length < l.length ? `${t} ` : l;
    });
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** A title compared loosely: lower case, dashes alike, white space and punctuation collapsed. */
export function titleKey(title: string): string {
  return title
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[^\p{L}\p{N}-]+/gu, ' ')
    .trim();
}

/** How alike two titles are: the Dice coefficient of their word sets (0 … 1). */
export function similarity(a: string, b: string): number {
  const wa = new Set(titleKey(a).split(/[\s-]+/).filter(Boolean));
  const wb = new Set(titleKey(b).split(/[\s-]+/).filter(Boolean));
  if (wa.size === 0 && wb.size === 0) return 1;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  return (2 * common) / (wa.size + wb.size);
}

/** Titles this alike (and nothing closer) are taken to be the same entry with its wording changed. */
export const SAME_ENOUGH = 0.5;

export interface ItemKey {
  number: number;
  title: string;
  kind: string;
  caseId: number | null;
}

/** Two items may be the same unless both name a case and the cases differ. */
const caseCompatible = (a: ItemKey, b: ItemKey) => a.caseId === null || b.caseId === null || a.caseId === b.caseId;

/**
 * Pairs each incoming item with a recorded one (its index in `existing`) or
 * null (a new item). In order, each step among the items still unpaired:
 * 1. the same case (diarienummer) — preferring the same number, then the same title;
 * 2. the same number and the same title;
 * 3. the same title (the item moved);
 * 4. the same number and kind, and a title at least SAME_ENOUGH alike (the wording changed).
 * Steps 2–4 never pair items that name different cases.
 */
export function matchAgendaItems(existing: ItemKey[], incoming: ItemKey[]): Array<number | null> {
  const pair: Array<number | null> = incoming.map(() => null);
  const taken = new Set<number>();
  const step = (accept: (o: ItemKey, n: ItemKey) => boolean, rank: (o: ItemKey, n: ItemKey) => number = () => 0) => {
    incoming.forEach((n, i) => {
      if (pair[i] !== null) return;
      let best: number | null = null;
      existing.forEach((o, j) => {
        if (taken.has(j) || !accept(o, n)) return;
        if (best === null || rank(o, n) > rank(existing[best]!, n)) best = j;
      });
      if (best !== null) {
        pair[i] = best;
        taken.add(best);
      }
    });
  };
  step(
    (o, n) => n.caseId !== null && o.caseId === n.caseId,
    (o, n) => (o.number === n.number ? 2 : 0) + (titleKey(o.title) === titleKey(n.title) ? 1 : 0),
  );
  step((o, n) => caseCompatible(o, n) && o.number === n.number && titleKey(o.title) === titleKey(n.title));
  step((o, n) => caseCompatible(o, n) && titleKey(o.title) === titleKey(n.title), (o, n) => -Math.abs(o.number - n.number));
  step(
    (o, n) => caseCompatible(o, n) && o.number === n.number && o.kind === n.kind && similarity(o.title, n.title) >= SAME_ENOUGH,
  );
  return pair;
}

/**
 * Pairs incoming titles (decision-basis entries) with recorded ones: the same
 * title first (nearest position), then the most alike at least SAME_ENOUGH.
 * Returns, per incoming title, the index in `existing` or null.
 */
export function matchTitles(existing: string[], incoming: string[]): Array<number | null> {
  const pair: Array<number | null> = incoming.map(() => null);
  const taken = new Set<number>();
  incoming.forEach((t, i) => {
    let best: number | null = null;
    existing.forEach((o, j) => {
      if (taken.has(j) || titleKey(o) !== titleKey(t)) return;
      if (best === null || Math.abs(j - i) < Math.abs(best - i)) best = j;
    });
    if (best !== null) {
      pair[i] = best;
      taken.add(best);
    }
  });
  // the remaining pairs, most alike first, so one changed word does not pair with its neighbour
  const candidates: Array<{ i: number; j: number; s: number }> = [];
  incoming.forEach((t, i) => {
    if (pair[i] !== null) return;
    existing.forEach((o, j) => {
      if (taken.has(j)) return;
      const s = similarity(o, t);
      if (s >= SAME_ENOUGH) candidates.push({ i, j, s });
    });
  });
  candidates.sort((a, b) => b.s - a.s || Math.abs(a.i - a.j) - Math.abs(b.i - b.j));
  for (const c of candidates) {
    if (pair[c.i] !== null || taken.has(c.j)) continue;
    pair[c.i] = c.j;
    taken.add(c.j);
  }
  return pair;
}
