/**
 * Text layout on A4 pages of a given PDFDocument: wrapped paragraphs,
 * headings, hanging "att" clauses, bullets and two columns, with a header and
 * a footer drawn on every new page. Used by the kallelse book and the
 * briefing memo; each part of a book is one Layout over the same document, so
 * the fonts are embedded once.
 */
import { rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import { DomainError } from '../kernel/errors.ts';
import type { Fonts } from './fonts.ts';

export const A4: [number, number] = [595.28, 841.89];
export const MARGIN = { top: 72, bottom: 72, left: 70, right: 70 };
const GREY = rgb(0.35, 0.35, 0.35);

export interface TextOptions {
  size?: number;
  bold?: boolean;
  indent?: number;
  /** Indent of the lines after the first (hanging indent), relative to `indent`. */
  hang?: number;
  gapAfter?: number;
  grey?: boolean;
  align?: 'left' | 'center';
}

export interface LayoutOptions {
  /** Draws the page's header; returns the y where the text starts (default: below the top margin). */
  header?: (page: PDFPage, index: number, layout: Layout) => number | void;
  footer?: (page: PDFPage, index: number, layout: Layout) => void;
  bottom?: number;
}

/** Advance widths of single characters at size 1000, so wrapping never lays out a line anew. */
const widthCache = new WeakMap<PDFFont, Map<string, number>>();

function charWidths(font: PDFFont): (ch: string) => number {
  let cache = widthCache.get(font);
  if (!cache) widthCache.set(font, (cache = new Map()));
  const c = cache;
  return (ch) => {
    let w = c.get(ch);
    if (w === undefined) {
      w = font.widthOfTextAtSize(ch, 1000);
      c.set(ch, w);
    }
    return w;
  };
}

/** The width of a text: the sum of its characters' advances (the fonts draw one glyph per character, without kerning). */
export function textWidth(font: PDFFont, text: string, size: number): number {
  const width = charWidths(font);
  let w = 0;
  for (const ch of text) w += width(ch);
  return (w * size) / 1000;
}

/** Characters DejaVu Sans cannot show, replaced by ones it can (the fonts are subset to what is drawn). */
export function printable(text: string): string {
  return text.replace(/[\u2028\u2029\t]/g, ' ').replace(/[\u200b\u00ad\ufeff]/g, '');
}

/**
 * The most text one generated document (or one part of the kallelse book) may
 * lay out: about 500 pages, rendered in about a second. The write paths keep
 * texts far below it (a memo at most MEMO_MAX_CHARS); this is the last guard,
 * so no stored text, however it got there, can hold a request for long.
 */
export const MAX_LAYOUT_CHARS = 1_000_000;

/** Counts the characters a document lays out and refuses, in Swedish, once there are more than MAX_LAYOUT_CHARS. */
export class TextBudget {
  private used = 0;
  constructor(private readonly limit = MAX_LAYOUT_CHARS) {}

  spend(text: string): void {
    this.used += text.length;
    if (this.used > this.limit) {
      throw new DomainError(
        'document-too-large',
        `Dokumentet blir för stort för att skapas som PDF: texterna är tillsammans längre än ${this.limit.toLocaleString('sv-SE')} tecken. Korta texterna och försök igen.`,
        { status: 413 },
      );
    }
  }
}

export interface WrapOptions {
  /** What separates words within a paragraph (default: spaces). */
  words?: RegExp;
  /** Replace the characters the font cannot show first (default: yes). */
  printable?: boolean;
}

/**
 * Splits text into lines that fit `width`; words longer than a line are cut
 * (between characters, never inside a surrogate pair). Paragraph breaks ("\n")
 * are kept. Linear in the text's length: each character's advance is looked
 * up once and the widths of the line and the word are running sums, so a
 * 20 000-character word costs what 20 000 characters cost.
 */
export function wrap(text: string, font: PDFFont, size: number, width: number, o: WrapOptions = {}): string[] {
  const advance = charWidths(font);
  // in the font's units at size 1000; a line fits while its sum × size / 1000 is at most `width`
  const fits = (units: number) => (units * size) / 1000 <= width;
  const space = advance(' ');
  const lines: string[] = [];
  const source = o.printable === false ? text : printable(text);
  for (const para of source.split('\n')) {
    let line = '';
    let lineUnits = 0;
    for (const word of para.split(o.words ?? / +/)) {
      if (!word) continue;
      let wordUnits = 0;
      for (const ch of word) wordUnits += advance(ch);
      const candidate = line ? lineUnits + space + wordUnits : wordUnits;
      if (fits(candidate)) {
        line = line ? `${line} ${word}` : word;
        lineUnits = candidate;
        continue;
      }
      if (line) lines.push(line);
      if (fits(wordUnits)) {
        line = word;
        lineUnits = wordUnits;
        continue;
      }
      // cut the word: each piece as many characters as fit, at least one
      let start = 0;
      let at = 0;
      let units = 0;
      for (const ch of word) {
        const w = advance(ch);
        if (at > start && !fits(units + w)) {
          lines.push(word.slice(start, at));
          start = at;
          units = 0;
        }
        units += w;
        at += ch.length;
      }
      line = word.slice(start);
      lineUnits = units;
    }
    lines.push(line);
  }
  return lines;
}

export class Layout {
  readonly pages: PDFPage[] = [];
  private page!: PDFPage;
  private readonly budget = new TextBudget();
  y = 0;

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
    private readonly opts: LayoutOptions = {},
  ) {}

  get width(): number {
    return A4[0] - MARGIN.left - MARGIN.right;
  }

  get current(): PDFPage {
    if (!this.page) this.newPage();
    return this.page;
  }

  get bottom(): number {
    return this.opts.bottom ?? MARGIN.bottom;
  }

  newPage(): PDFPage {
    this.page = this.doc.addPage(A4);
    this.pages.push(this.page);
    const index = this.pages.length - 1;
    this.y = A4[1] - MARGIN.top;
    const top = this.opts.header?.(this.page, index, this);
    if (typeof top === 'number') this.y = top;
    this.opts.footer?.(this.page, index, this);
    return this.page;
  }

  /** Starts a new page unless `height` points are left on this one. */
  keep(height: number): void {
    if (!this.page || this.y - height < this.bottom) this.newPage();
  }

  space(points = 8): void {
    this.y -= points;
  }

  font(bold = false): PDFFont {
    return bold ? this.fonts.bold : this.fonts.regular;
  }

  /** Wraps text for the flow, counting it against the document's budget first. */
  wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    this.budget.spend(text);
    return wrap(text, font, size, width);
  }

  /** Draws one line at a fixed place, outside the flow. */
  at(page: PDFPage, text: string, x: number, y: number, o: { size?: number; bold?: boolean; grey?: boolean; right?: boolean } = {}): void {
    const size = o.size ?? 10;
    const font = this.font(o.bold);
    const t = printable(text);
    const dx = o.right ? textWidth(font, t, size) : 0;
    page.drawText(t, { x: x - dx, y, size, font, ...(o.grey ? { color: GREY } : {}) });
  }

  text(text: string, o: TextOptions = {}): void {
    const size = o.size ?? 10.5;
    const font = this.font(o.bold);
    const indent = o.indent ?? 0;
    const hang = o.hang ?? 0;
    const leading = size * 1.32;
    const lines = this.wrap(text, font, size, this.width - indent - hang);
    lines.forEach((line, i) => {
      this.keep(leading);
      this.y -= leading;
      if (!line) return;
      const x = MARGIN.left + indent + (i > 0 ? hang : 0);
      const cx = o.align === 'center' ? MARGIN.left + (this.width - textWidth(font, line, size)) / 2 : x;
      this.current.drawText(line, { x: cx, y: this.y, size, font, ...(o.grey ? { color: GREY } : {}) });
    });
    this.y -= o.gapAfter ?? 0;
  }

  /** Paragraphs separated by blank lines, with a small gap between them. */
  paragraphs(text: string, o: TextOptions = {}): void {
    const paras = text.split(/\n\s*\n/);
    paras.forEach((p, i) => this.text(p, { ...o, gapAfter: i < paras.length - 1 ? 5 : (o.gapAfter ?? 0) }));
  }

  heading(text: string, size = 12, gapBefore = 8): void {
    this.keep(size * 1.32 * 3);
    this.space(gapBefore);
    this.text(text, { size, bold: true, gapAfter: 3 });
  }

  /** A label in bold and its text on the same line ("Diarienummer: 20RS263"). */
  labelled(label: string, value: string, o: { size?: number; indent?: number } = {}): void {
    const size = o.size ?? 10.5;
    const indent = o.indent ?? 0;
    const labelText = `${label}: `;
    const lw = textWidth(this.fonts.bold, labelText, size);
    const lines = this.wrap(value, this.fonts.regular, size, this.width - indent - lw);
    const leading = size * 1.32;
    lines.forEach((line, i) => {
      this.keep(leading);
      this.y -= leading;
      if (i === 0) this.current.drawText(labelText, { x: MARGIN.left + indent, y: this.y, size, font: this.fonts.bold });
      if (line) this.current.drawText(line, { x: MARGIN.left + indent + lw, y: this.y, size, font: this.fonts.regular });
    });
  }

  /** "att …" with the text hanging after the word, and any "• …" lines as bullets under it. */
  clause(text: string, size = 10.5): void {
    const [first = '', ...rest] = text.split('\n');
    const m = /^att\s+/i.exec(first);
    const leading = size * 1.32;
    if (m) {
      const body = first.slice(m[0].length);
      const gutter = 28;
      const lines = this.wrap(body, this.fonts.regular, size, this.width - gutter);
      lines.forEach((line, i) => {
        this.keep(leading);
        this.y -= leading;
        if (i === 0) this.current.drawText('att', { x: MARGIN.left, y: this.y, size, font: this.fonts.regular });
        if (line) this.current.drawText(line, { x: MARGIN.left + gutter, y: this.y, size, font: this.fonts.regular });
      });
    } else {
      this.text(first, { size });
    }
    for (const b of rest) {
      if (b.trim()) this.bullet(b.replace(/^\s*[•\-–]\s*/, ''), 28, size);
    }
    this.space(4);
  }

  bullet(text: string, indent = 0, size = 10.5, mark = '•'): void {
    const leading = size * 1.32;
    this.keep(leading);
    this.current.drawText(mark, { x: MARGIN.left + indent, y: this.y - leading, size, font: this.fonts.regular });
    this.text(text, { indent: indent + 12, size });
  }

  /** Two lists side by side ("Ledamöter kallas" | "Ersättare underrättas"), row by row; long names wrap in their column. */
  columns(left: { title: string; lines: string[] }, right: { title: string; lines: string[] }, size = 10.5): void {
    const leading = size * 1.35;
    const gap = 16;
    const leftWidth = this.width * 0.56 - gap / 2;
    const rightWidth = this.width - leftWidth - gap;
    const xr = MARGIN.left + leftWidth + gap;
    const row = (l: string, r: string, bold: boolean) => {
      const font = this.font(bold);
      const ll = l ? this.wrap(l, font, size, leftWidth) : [];
      const rl = r ? this.wrap(r, font, size, rightWidth) : [];
      const n = Math.max(ll.length, rl.length, 1);
      this.keep(leading * n);
      for (let i = 0; i < n; i++) {
        this.y -= leading;
        if (ll[i]) this.current.drawText(ll[i]!, { x: MARGIN.left + (i > 0 ? 10 : 0), y: this.y, size, font });
        if (rl[i]) this.current.drawText(rl[i]!, { x: xr + (i > 0 ? 10 : 0), y: this.y, size, font });
      }
    };
    row(left.title, right.title, true);
    this.space(3);
    for (let i = 0; i < Math.max(left.lines.length, right.lines.length); i++) row(left.lines[i] ?? '', right.lines[i] ?? '', false);
  }
}
