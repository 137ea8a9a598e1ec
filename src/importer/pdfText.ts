/**
 * The text of a PDF, page by page, with pdf.js (pdfjs-dist, a maintained
 * library that is always installed with Styrbord; Poppler's pdftotext is not
 * needed). pdf.js gives text items with their positions; the lines are
 * rebuilt from the items' y positions (items on one baseline, within half a
 * line, are one line, read left to right), a gap of more than 1.6 line
 * heights becomes a blank line, and a line that starts to the right of the
 * page's left margin gets a leading space (the parser reads an indented line
 * as a bullet whose glyph was lost, as in pdftotext's output).
 *
 * Refusals (Swedish DomainErrors, nothing written): a PDF that needs a
 * password to open (`encrypted-pdf`), one pdf.js cannot read
 * (`corrupt-pdf`), one without any text (`pdf-without-text`: scanned pages
 * must be run through OCR first).
 */
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { DomainError } from '../kernel/errors.ts';

export interface PdfPages {
  /** The lines of each page, top to bottom (index 0 is page 1); "" is a blank line. */
  pages: string[][];
}

interface Item {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

/** Does the file start like a PDF ("%PDF-" within its first 1024 bytes, as readers accept)? */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

export async function pdfPages(bytes: Uint8Array, fileName: string): Promise<PdfPages> {
  let pdf;
  try {
    pdf = await getDocument({
      data: new Uint8Array(bytes), // pdf.js takes the buffer over (detaches it): a copy
      verbosity: VerbosityLevel.ERRORS,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
    }).promise;
  } catch (e) {
    if ((e as { name?: string }).name === 'PasswordException') {
      throw new DomainError('encrypted-pdf', `PDF:en ${fileName} är krypterad med lösenord och kan inte läsas. Spara den utan lösenord och försök igen.`, { status: 422 });
    }
    throw new DomainError('corrupt-pdf', `PDF:en ${fileName} är skadad och kan inte läsas. Spara om den som PDF och försök igen.`, { status: 422 });
  }
  try {
    const pages: string[][] = [];
    let anyText = false;
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const items: Item[] = [];
      for (const it of content.items) {
        if (!('str' in it) || it.str.trim() === '') continue;
        const [a, b, c, d, e, f] = it.transform as number[];
        // horizontal text only: rotated stamps and watermarks would scatter over the lines
        if (Math.abs(b!) > 1e-3 || Math.abs(c!) > 1e-3 || a! <= 0) continue;
        items.push({ str: it.str, x: e!, y: f!, width: it.width, size: Math.abs(d!) || it.height || 10 });
      }
      page.cleanup();
      if (items.length > 0) anyText = true;
      pages.push(linesOf(items));
    }
    if (!anyText) {
      throw new DomainError('pdf-without-text', `${fileName}: PDF:en saknar text; den behöver tolkas med OCR först (sidorna är troligen inskannade bilder).`, { status: 422 });
    }
    return { pages };
  } finally {
    await pdf.destroy();
  }
}

/** One page's items as lines of text, top to bottom. */
export function linesOf(items: Item[]): string[] {
  if (items.length === 0) return [];
  const sorted = [...items].sort((p, q) => q.y - p.y || p.x - q.x);
  const rows: Item[][] = [];
  let row: Item[] = [];
  let rowY = sorted[0]!.y;
  for (const it of sorted) {
    if (row.length > 0 && Math.abs(rowY - it.y) > Math.max(row[0]!.size, it.size) * 0.5) {
      rows.push(row);
      row = [];
    }
    if (row.length === 0) rowY = it.y;
    row.push(it);
  }
  rows.push(row);

  const left = Math.min(...rows.map((r) => Math.min(...r.map((i) => i.x))));
  const gaps: number[] = [];
  for (let k = 1; k < rows.length; k++) gaps.push(rows[k - 1]![0]!.y - rows[k]![0]!.y);
  // the line height is the page's smallest step between lines (a page of double-spaced text has blank lines too)
  const size = Math.min(...items.map((i) => i.size));
  const steps = gaps.filter((g) => g >= size * 0.8);
  const lineHeight = steps.length > 0 ? Math.min(...steps) : 0;

  const out: string[] = [];
  for (const [k, r] of rows.entries()) {
    if (k > 0 && lineHeight > 0 && gaps[k - 1]! > lineHeight * 1.6) out.push('');
    r.sort((p, q) => p.x - q.x);
    let text = '';
    let end = -Infinity;
    for (const it of r) {
      // a space where the items are apart (pdf.js gives words of one run in one item, runs apart as items)
      if (text !== '' && !/\s$/.test(text) && !/^\s/.test(it.str) && it.x - end > it.size * 0.15) text += ' ';
      text += it.str;
      end = it.x + it.width;
    }
    text = text.replace(/\s+/g, ' ').trim();
    out.push(r[0]!.x - left > r[0]!.size * 0.5 ? ` ${text}` : text);
  }
  return out;
}
