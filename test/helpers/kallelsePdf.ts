/**
 * Kallelse PDFs for the importer's tests, printed from a text (a seed): a
 * number of the text's lines on each page (a blank line stays a gap, a
 * leading space an indent), a page header repeated on every page (a logo
 * line and "Kallelse … Regional tillväxtnämnd") and the page stamp
 * "N (TOTAL)" in the footer, as the committee's books have them. Pages can
 * be left out or reordered after they are numbered, to make a cut or
 * shuffled file.
 */
import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import { embedFonts } from '../../src/documents/fonts.ts';

export interface KallelsePdfOptions {
  linesPerPage?: number;
  header?: string[];
  /** Where the page stamp goes: the footer (default), the header's last line, or nowhere. */
  stamp?: 'footer' | 'header' | 'none';
  /** Which numbered pages (1-based) end up in the file, in this order (default all, in order). */
  keep?: (total: number) => number[];
  /** Pages with nothing drawn on them (an image-only scan, as far as text goes). */
  blank?: number;
}

/**
 * The text as the PDF can print it: characters the font lacks (private-use
 * bullet glyphs of the original PDF, mathematical italics) become "•". A
 * test imports this text, so that text and PDF say the same.
 */
export function printable(text: string, charset: number[] = fontCharset()): string {
  const has = new Set(charset);
  return [...text].map((ch) => (ch === '\n' || has.has(ch.codePointAt(0)!) ? ch : '•')).join('');
}

let charset: number[] | null = null;
function fontCharset(): number[] {
  charset ??= fontkit.create(readFileSync(new URL('../../assets/fonts/DejaVuSans.ttf', import.meta.url))).characterSet;
  return charset;
}

export const DEFAULT_HEADER = ['REGION ÖREBRO LÄN', 'Kallelse 2020-08-24 Regional tillväxtnämnd'];

const SIZE = 8;
const LEADING = 10;

export async function kallelsePdf(text: string, o: KallelsePdfOptions = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const { regular } = await embedFonts(doc);
  if (o.blank !== undefined) {
    for (let k = 0; k < o.blank; k++) {
      const page = doc.addPage([595, 842]);
      page.drawRectangle({ x: 50, y: 50, width: 495, height: 742, color: rgb(0.9, 0.9, 0.9) });
    }
    return doc.save();
  }
  const per = o.linesPerPage ?? 60;
  const lines = text.replace(/\n+$/, '').split('\n');
  const chunks: string[][] = [];
  for (let k = 0; k < lines.length; k += per) chunks.push(lines.slice(k, k + per));
  const total = chunks.length;
  const header = o.header ?? DEFAULT_HEADER;
  const stamp = o.stamp ?? 'footer';
  const order = o.keep ? o.keep(total) : chunks.map((_, k) => k + 1);
  const drawable = (s: string) => printable(s, regular.getCharacterSet());
  // a page wide enough for the longest line (a table row of the seed), so nothing is drawn off the page
  const widest = Math.max(0, ...lines.map((l) => regular.widthOfTextAtSize(drawable(l.trim()), SIZE)));
  const width = Math.max(595, Math.ceil(widest) + 100);
  for (const n of order) {
    const page = doc.addPage([width, 842]);
    let y = 842 - 40;
    for (const [k, h] of header.entries()) {
      const last = k === header.length - 1;
      page.drawText(h, { x: 40, y, size: SIZE, font: regular });
      if (last && stamp === 'header') page.drawText(`${n} (${total})`, { x: 520, y, size: SIZE, font: regular });
      y -= LEADING;
    }
    y -= LEADING * 2;
    for (const line of chunks[n - 1]!) {
      const body = line.trimStart();
      const indent = line.length - body.length;
      if (body.trim() !== '') page.drawText(drawable(body.trimEnd()), { x: 40 + (indent > 0 ? 12 : 0), y, size: SIZE, font: regular });
      y -= LEADING;
    }
    if (stamp === 'footer') page.drawText(`${n} (${total})`, { x: 280, y: 30, size: SIZE, font: regular });
  }
  return doc.save();
}
