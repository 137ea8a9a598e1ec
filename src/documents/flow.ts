/**
 * A small text flow for generated documents: headings, wrapped paragraphs,
 * bullets and key–value lines on A4 pages, new pages as needed, and the
 * page stamp "N (total)" on every page when done.
 */
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { embedFonts, type Fonts } from './fonts.ts';
import { TextBudget, wrap } from './layout.ts';

export const A4: [number, number] = [595.28, 841.89];
const MARGIN = { top: 72, bottom: 72, left: 70, right: 70 };

export interface FlowOptions {
  title: string;
  author: string;
  subject?: string;
  /** Fixed dates make the bytes, and so the SHA-256, depend only on the content. */
  date?: Date;
  header?: string;
}

export class TextFlow {
  readonly doc: PDFDocument;
  private fonts!: Fonts;
  private page!: PDFPage;
  private y = 0;
  private readonly opts: FlowOptions;
  private readonly budget = new TextBudget();

  private constructor(doc: PDFDocument, opts: FlowOptions) {
    this.doc = doc;
    this.opts = opts;
  }

  static async create(opts: FlowOptions): Promise<TextFlow> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const flow = new TextFlow(doc, opts);
    flow.fonts = await embedFonts(doc);
    doc.setTitle(opts.title, { showInWindowTitleBar: true });
    doc.setAuthor(opts.author);
    doc.setLanguage('sv-SE');
    doc.setCreator('Styrbord');
    doc.setProducer('Styrbord');
    if (opts.subject) doc.setSubject(opts.subject);
    const date = opts.date ?? new Date(0);
    doc.setCreationDate(date);
    doc.setModificationDate(date);
    flow.newPage();
    return flow;
  }

  get width(): number {
    return A4[0] - MARGIN.left - MARGIN.right;
  }

  newPage(): void {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN.top;
    if (this.opts.header) {
      this.page.drawText(this.opts.header, { x: MARGIN.left, y: A4[1] - 40, size: 8, font: this.fonts.regular, color: rgb(0.35, 0.35, 0.35) });
    }
  }

  private ensure(height: number): void {
    if (this.y - height < MARGIN.bottom) this.newPage();
  }

  space(points = 8): void {
    this.y -= points;
  }

  /** Splits text into lines that fit `width` (words longer than a line are cut), in time linear in its length. */
  wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    this.budget.spend(text);
    return wrap(text, font, size, width, { words: /\s+/, printable: false });
  }

  text(text: string, o: { size?: number; bold?: boolean; indent?: number; gapAfter?: number; color?: [number, number, number] } = {}): void {
    const size = o.size ?? 10.5;
    const font = o.bold ? this.fonts.bold : this.fonts.regular;
    const indent = o.indent ?? 0;
    const leading = size * 1.35;
    for (const line of this.wrap(text, font, size, this.width - indent)) {
      this.ensure(leading);
      this.y -= leading;
      if (line) this.page.drawText(line, { x: MARGIN.left + indent, y: this.y, size, font, color: rgb(...(o.color ?? [0, 0, 0])) });
    }
    this.y -= o.gapAfter ?? 0;
  }

  heading(text: string, level: 1 | 2 | 3 = 2): void {
    const size = level === 1 ? 18 : level === 2 ? 13 : 11;
    this.ensure(size * 3);
    this.space(level === 1 ? 0 : 6);
    this.text(text, { size, bold: true, gapAfter: 4 });
  }

  bullet(text: string, indent = 0, mark = '•'): void {
    const size = 10.5;
    const leading = size * 1.35;
    this.ensure(leading);
    this.page.drawText(mark, { x: MARGIN.left + indent, y: this.y - leading, size, font: this.fonts.regular });
    this.text(text, { indent: indent + 14 });
  }

  /** "Label: value" with the label in bold. */
  field(label: string, value: string): void {
    this.text(`${label}: ${value}`);
  }

  pageIndex(): number {
    return this.doc.getPageCount() - 1;
  }

  /** Stamps "N (total)" in the top right corner of every page and returns the PDF bytes. */
  async finish(): Promise<Uint8Array> {
    stampPages(this.doc, this.fonts.regular);
    return this.doc.save({ useObjectStreams: true });
  }
}

/** Writes "N (total)" at the top right of every page of a document. */
export function stampPages(doc: PDFDocument, font: PDFFont, offset = 0, total = doc.getPageCount()): void {
  doc.getPages().forEach((page, i) => {
    const label = `${offset + i + 1} (${total})`;
    const size = 9;
    const { width, height } = page.getSize();
    page.drawText(label, { x: width - MARGIN.right - font.widthOfTextAtSize(label, size) + 20, y: height - 40, size, font });
  });
}
