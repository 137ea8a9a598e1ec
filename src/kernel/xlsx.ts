/**
 * Report tables as an .xlsx workbook, written by exceljs. The callers describe
 * sheets as rows of cells (text, number or empty) with a style name — bold,
 * thousands-grouped integers, one decimal — and column widths; this maps that
 * onto exceljs, which writes the Office Open XML.
 */
import ExcelJS from 'exceljs';
import { DomainError } from './errors.ts';

/** A cell: text, a number, or empty. `style` picks a number format or bold. */
export type CellValue = string | number | null;
export type CellStyle = 'text' | 'bold' | 'integer' | 'integer-bold' | 'decimal1' | 'decimal1-bold';
export interface Cell {
  value: CellValue;
  style?: CellStyle;
}

export interface Sheet {
  /** Any title: made a valid, unique sheet name (at most 31 characters, none of : \ / ? * [ ]). */
  name: string;
  rows: Array<Array<Cell | CellValue>>;
  /** Column widths in characters. */
  widths?: number[];
}

/** Excel's number formats for the styles: 3 is "#,##0" (built in), one decimal is "0.0". */
const NUM_FMT: Partial<Record<CellStyle, string>> = { integer: '#,##0', 'integer-bold': '#,##0', decimal1: '0.0', 'decimal1-bold': '0.0' };
const BOLD = new Set<CellStyle>(['bold', 'integer-bold', 'decimal1-bold']);

/** A valid, unique sheet name from any title. */
function sheetNames(sheets: Sheet[]): string[] {
  const used = new Set<string>();
  return sheets.map((s, i) => {
    const base = s.name.replace(/[:\\/?*[\]]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 31) || `Blad${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}

/** Drops the characters XML 1.0 cannot carry (exceljs escapes markup itself). */
// eslint-disable-next-line no-control-regex
const xmlText = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

/** An .xlsx workbook with the sheets in order. */
export async function xlsx(sheets: Sheet[]): Promise<Buffer> {
  if (!sheets.length) throw new DomainError('empty-workbook', 'En arbetsbok måste ha minst ett blad.');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Styrbord';
  const names = sheetNames(sheets);
  sheets.forEach((sheet, i) => {
    const ws = wb.addWorksheet(names[i]);
    sheet.widths?.forEach((w, c) => (ws.getColumn(c + 1).width = Math.max(1, Math.min(255, w))));
    sheet.rows.forEach((row, r) =>
      row.forEach((c, col) => {
        const cell: Cell = c !== null && typeof c === 'object' ? c : { value: c };
        if (cell.value === null || cell.value === '') return;
        const target = ws.getCell(r + 1, col + 1);
        if (typeof cell.value === 'number' && !Number.isFinite(cell.value)) {
          throw new DomainError('invalid-cell', `Cellen ${target.address} har inget ändligt tal.`);
        }
        target.value = typeof cell.value === 'number' ? cell.value : xmlText(cell.value);
        const style = cell.style ?? 'text';
        const fmt = NUM_FMT[style];
        if (fmt) target.numFmt = fmt;
        if (BOLD.has(style)) target.font = { name: 'Calibri', size: 11, bold: true };
      }),
    );
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
