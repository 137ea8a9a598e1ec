/**
 * The state report (återrapportering) as PDF: the year's narrative under the
 * seed report's headings, in order, with the tables of section 2 after the
 * text of heading 2 and the table of section 5 after heading 5, each table
 * drawn as a grid (header repeated on a new page, cells wrapped, numbers
 * right-aligned, the total in bold, the note below). Amounts as kronor.ts
 * formats them ("474 529 kr"), shares with a decimal comma ("65,5 %").
 * Pure: takes what the service computed; DejaVu Sans from documents/fonts.ts.
 */
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { embedFonts, type Fonts } from '../documents/fonts.ts';
import { A4, stampPages } from '../documents/flow.ts';
import { TextBudget, wrap } from '../documents/layout.ts';
import { formatKronor } from '../kernel/kronor.ts';
import { formatLongDate } from '../kernel/dates.ts';
import { REGION } from './decision.ts';
import { NARRATIVE_HEADINGS, type ColumnKind, type ReportTable, type TableCell } from './stateReport.ts';

const MARGIN = { top: 72, bottom: 60, left: 56, right: 56 };
const WIDTH = A4[0] - MARGIN.left - MARGIN.right;
const GREY = rgb(0.35, 0.35, 0.35);
const RULE = rgb(0.6, 0.6, 0.6);

export interface StateReportPdfInput {
  year: number;
  tables: ReportTable[];
  /** The narrative's texts by heading key ("1.2.2" → text). */
  sections: Record<string, string>;
  /** The narrative's version and last save, printed on the title page. */
  version: number;
  updatedAt: string | null;
}

/** A table cell as printed: kronor with "kr", percentages with a decimal comma, empty as "–". */
export function pdfCell(kind: ColumnKind, v: TableCell): string {
  if (v === null) return '–';
  if (typeof v === 'string') return v;
  if (kind === 'kronor') return formatKronor(v, 'kr');
  if (kind === 'percent') return `${v < 0 ? '\u2212' : ''}${Math.trunc(Math.abs(v) / 10)},${Math.abs(v) % 10}\u00a0%`;
  return String(v);
}

class Writer {
  page!: PDFPage;
  y = 0;
  private readonly budget = new TextBudget();
  constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
    private readonly header: string,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN.top;
    this.page.drawText(this.header, { x: MARGIN.left, y: A4[1] - 40, size: 8, font: this.fonts.regular, color: GREY });
  }

  /** Starts a new page unless `height` points fit above the bottom margin. */
  ensure(height: number): void {
    if (this.y - height < MARGIN.bottom) this.newPage();
  }

  lines(text: string, font: PDFFont, size: number, width: number): string[] {
    this.budget.spend(text);
    return wrap(text, font, size, width);
  }

  text(text: string, o: { size?: number; bold?: boolean; gapAfter?: number; grey?: boolean; indent?: number } = {}): void {
    const size = o.size ?? 10.5;
    const font = o.bold ? this.fonts.bold : this.fonts.regular;
    const leading = size * 1.35;
    const indent = o.indent ?? 0;
    for (const line of this.lines(text, font, size, WIDTH - indent)) {
      this.ensure(leading);
      this.y -= leading;
      if (line) this.page.drawText(line, { x: MARGIN.left + indent, y: this.y, size, font, color: o.grey ? GREY : rgb(0, 0, 0) });
    }
    this.y -= o.gapAfter ?? 0;
  }

  heading(text: string, level: 1 | 2 | 3): void {
    const size = level === 1 ? 16 : level === 2 ? 13 : 11;
    this.ensure(size * 4);
    this.y -= level === 1 ? 10 : 6;
    this.text(text, { size, bold: true, gapAfter: 4 });
  }

  /**
   * Column widths and font size for a table: every column at least as wide as
   * its longest word (numbers are one word: "40 480 000 kr"), the first column
   * about a third of the page, the rest shared; a smaller size when the words
   * do not fit at 8 points.
   */
  private tableLayout(t: ReportTable, cells: string[][]): { size: number; widths: number[] } {
    const pad = 3;
    const n = t.columns.length;
    const longest = (i: number, size: number) =>
      Math.max(...[t.columns[i]!.label, ...cells.map((r) => r[i] ?? '')].flatMap((c) => c.split(/ +/)).map((word) => this.fonts.bold.widthOfTextAtSize(word, size))) + 2 * pad + 1;
    for (const size of [8, 7.5, 7, 6.5, 6]) {
      const need = t.columns.map((_, i) => longest(i, size));
      const base = t.columns.map((c, i) =>
        n === 1 ? WIDTH : t.columns.every((x) => x.kind === 'text') ? WIDTH / n : i === 0 ? Math.min(150, Math.max(110, WIDTH * 0.3)) : (WIDTH - Math.min(150, Math.max(110, WIDTH * 0.3))) / (n - 1),
      );
      const widths = base.map((b, i) => Math.max(b, need[i]!));
      const over = widths.reduce((a, b) => a + b, 0) - WIDTH;
      const slack = widths.map((w, i) => Math.max(0, w - need[i]!));
      const totalSlack = slack.reduce((a, b) => a + b, 0);
      if (over <= totalSlack + 0.01) return { size, widths: widths.map((w, i) => (over > 0 && totalSlack > 0 ? w - (over * slack[i]!) / totalSlack : w)) };
    }
    return { size: 6, widths: t.columns.map(() => WIDTH / n) };
  }

  /** A table as a grid: the header repeated on each page the table runs onto, numbers right-aligned, the total bold. */
  table(t: ReportTable): void {
    const body = [...t.rows.map((r) => ({ r, bold: false })), ...(t.total ? [{ r: t.total, bold: true }] : [])].map((x) => ({ cells: t.columns.map((c, i) => pdfCell(c.kind, x.r[i] ?? null)), bold: x.bold }));
    const { size, widths } = this.tableLayout(t, body.map((b) => b.cells));
    const pad = 3;
    const leading = size * 1.3;
    const numeric = (i: number) => t.columns[i]!.kind !== 'text';
    const layoutRow = (cells: string[], bold: boolean) => {
      const font = bold ? this.fonts.bold : this.fonts.regular;
      const wrapped = cells.map((c, i) => this.lines(c, font, size, widths[i]! - 2 * pad));
      return { wrapped, font, height: Math.max(1, ...wrapped.map((w) => w.length)) * leading + 2 * pad };
    };
    const draw = (row: ReturnType<typeof layoutRow>, fill: boolean) => {
      let x = MARGIN.left;
      row.wrapped.forEach((ls, i) => {
        const w = widths[i]!;
        this.page.drawRectangle({ x, y: this.y - row.height, width: w, height: row.height, borderColor: RULE, borderWidth: 0.5, ...(fill ? { color: rgb(0.92, 0.92, 0.92) } : {}) });
        ls.forEach((line, k) => {
          const lw = row.font.widthOfTextAtSize(line, size);
          const lx = numeric(i) && !fill ? x + w - pad - lw : x + pad;
          this.page.drawText(line, { x: lx, y: this.y - pad - (k + 1) * leading + 2, size, font: row.font });
        });
        x += w;
      });
      this.y -= row.height;
    };
    const header = layoutRow(
      t.columns.map((c) => c.label),
      true,
    );
    this.ensure(16 * 3 + header.height);
    this.y -= 4;
    this.text(t.title, { size: 10.5, bold: true, gapAfter: 3 });
    draw(header, true);
    if (!body.length) {
      const empty = layoutRow(['Inga uppgifter.', ...t.columns.slice(1).map(() => '')], false);
      this.ensure(empty.height);
      draw(empty, false);
    }
    for (const { cells, bold } of body) {
      const row = layoutRow(cells, bold);
      if (this.y - row.height < MARGIN.bottom) {
        this.newPage();
        draw(header, true);
      }
      draw(row, false);
    }
    this.y -= 4;
    if (t.note) this.text(t.note, { size: 8.5, grey: true, gapAfter: 8 });
    else this.y -= 8;
  }
}

/** The whole report: title, then every heading of the seed with its text, the tables where the seed puts them. */
export async function renderStateReportPdf(r: StateReportPdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = await embedFonts(doc);
  const title = `Återrapportering ${r.year} – Regionalt utvecklingsarbete och anslaget 1:1 Regionala tillväxtåtgärder`;
  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setAuthor(REGION);
  doc.setSubject(`Återrapportering till staten för ${r.year}`);
  doc.setLanguage('sv-SE');
  doc.setCreator('Styrbord');
  doc.setProducer('Styrbord');
  const date = r.updatedAt ? new Date(r.updatedAt) : new Date(0);
  doc.setCreationDate(date);
  doc.setModificationDate(date);

  const w = new Writer(doc, fonts, `${REGION} – Återrapportering ${r.year}`);
  w.text(REGION, { bold: true, gapAfter: 10 });
  w.heading(title, 1);
  w.text(
    r.version > 0
      ? `Texterna: version ${r.version}${r.updatedAt ? `, senast sparad ${formatLongDate(r.updatedAt.slice(0, 10))}` : ''}. Tabellerna är beräknade ur registren över medfinansiering, anslaget och företagsstöd när dokumentet skapades.`
      : 'Inga texter är skrivna för året. Tabellerna är beräknade ur registren över medfinansiering, anslaget och företagsstöd när dokumentet skapades.',
    { size: 9.5, grey: true, gapAfter: 6 },
  );

  for (const h of NARRATIVE_HEADINGS) {
    const depth = h.key.split('.').length;
    w.heading(/^Återrapportering \d/.test(h.title) ? h.title : `${h.key} ${h.title}`, depth === 1 ? 1 : depth === 2 ? 2 : 3);
    if (!h.group) {
      const text = r.sections[h.key];
      if (text) for (const para of text.split(/\n{2,}/)) w.text(para, { gapAfter: 5 });
      else w.text('Ingen text är skriven under rubriken.', { size: 9.5, grey: true, gapAfter: 5 });
    }
    if (h.key === '2' || h.key === '5') for (const t of r.tables.filter((x) => x.section === h.key)) w.table(t);
  }

  stampPages(doc, fonts.regular);
  return doc.save({ useObjectStreams: true });
}
