/**
 * Report tables as an .xlsx workbook, written by exceljs. The callers describe
 * sheets as rows of cells with a style name — bold, thousands-grouped
 * integers, one decimal — and column widths; this maps that onto exceljs,
 * which writes the Office Open XML.
 *
 * Typed cells (issue 17.7), for exports a controller goes on computing with:
 * - `{ text }`: text;
 * - `{ ore }`: an amount stored in integer öre, written as KRONOR: the number
 *   öre / 100, the double nearest the exact amount (exact to the öre for any
 *   amount below 10^13 kr: `Math.round(x * 100)` gives the öre back). The
 *   sheet shows whole kronor ('#,##0') when every amount on it is whole
 *   kronor, otherwise two decimals ('#,##0.00'); nothing is rounded away in
 *   the file either way;
 * - `{ number, decimals? }`: a count or a measured value ('#,##0', or with
 *   that many decimals);
 * - `{ date }`: an ISO date as a real date cell (Excel serial, 'yyyy-mm-dd');
 * - `{ sum: refs }`, `{ difference: [a, b] }`, `{ average: refs }`: formula
 *   cells (SUM(B2:B9), D4-C4, AVERAGE(…)) whose result the writer computes
 *   from the referenced cells and caches in the file, so a reader that does
 *   not recalculate (or a test) sees what Excel shows. Sums and differences
 *   of amounts are computed in integer öre, exactly. References are indexes
 *   into the sheet's `rows` (0-based, before the note row is put first), so
 *   no caller writes an A1 address by hand.
 *
 * Number formats are Excel's locale-neutral codes: '#,##0' is shown
 * "1 234 567" by a Swedish Excel or LibreOffice (space grouping, decimal
 * comma); the code '# ##0' would print a literal space instead of grouping.
 *
 * `note`: a first row in bold red, above everything, e.g. "Konstruerade
 * exempelvärden: …" on a sheet whose figures are made up for the demo.
 */
import ExcelJS from 'exceljs';
import { DomainError } from './errors.ts';

/** A cell: text, a number, or empty. `style` picks a number format or bold. */
export type CellValue = string | number | null;
export type CellStyle = 'text' | 'bold' | 'integer' | 'integer-bold' | 'decimal1' | 'decimal1-bold';
export interface StyledCell {
  value: CellValue;
  style?: CellStyle;
}

/** A cell of a sheet's `rows`: row and column indexes, 0-based. */
export interface Ref {
  row: number;
  col: number;
}
/** A rectangle of cells, both corners included. */
export interface Range {
  from: Ref;
  to: Ref;
}
export const ref = (row: number, col: number): Ref => ({ row, col });
export const range = (from: Ref, to: Ref): Range => ({ from, to });

export type TypedCell = { bold?: boolean } & (
  | { text: string; wrap?: boolean }
  | { ore: number }
  | { number: number; decimals?: number }
  | { date: string }
  | { sum: Array<Ref | Range> }
  | { difference: [Ref, Ref] }
  | { average: Array<Ref | Range>; decimals?: number }
);

export type Cell = StyledCell | TypedCell;

export interface Sheet {
  /** Any title: made a valid, unique sheet name (at most 31 characters, none of : \ / ? * [ ]). */
  name: string;
  rows: Array<Array<Cell | CellValue>>;
  /** Column widths in characters. */
  widths?: number[];
  /** A first row above `rows`, in bold (e.g. that the figures are constructed). */
  note?: string | null;
  /** Rows of `rows` kept in view when scrolling (the header). */
  freezeRows?: number;
}

/** The words that mark figures made up for the demo, first on the sheets that carry them (issue 17.3). */
export const CONSTRUCTED_NOTE = 'Konstruerade exempelvärden';

/** Excel's number formats for the styles: 3 is "#,##0" (built in), one decimal is "0.0". */
const NUM_FMT: Partial<Record<CellStyle, string>> = { integer: '#,##0', 'integer-bold': '#,##0', decimal1: '0.0', 'decimal1-bold': '0.0' };
const BOLD = new Set<CellStyle>(['bold', 'integer-bold', 'decimal1-bold']);
const KRONOR = '#,##0';
const KRONOR_ORE = '#,##0.00';
const DATE_FMT = 'yyyy-mm-dd';
const decimalsFormat = (d: number) => (d > 0 ? `#,##0.${'0'.repeat(Math.min(d, 12))}` : '#,##0');

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

/** "A", …, "Z", "AA", … for a 1-based column number. */
function columnName(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** A number a formula can use: its value in the sheet, and its öre when it is an amount. */
interface Num {
  num: number;
  ore?: number;
  decimals: number;
}

type Formula = Extract<TypedCell, { sum: unknown } | { difference: unknown } | { average: unknown }>;
const isStyled = (c: Cell): c is StyledCell => 'value' in c;
const isFormula = (c: Cell): c is Formula => 'sum' in c || 'difference' in c || 'average' in c;
const fractionDigits = (n: number) => {
  const m = /\.(\d+)$/.exec(String(n));
  return m ? m[1]!.length : 0;
};

function cellError(at: string, message: string): never {
  throw new DomainError('invalid-cell', `Cellen ${at} ${message}`);
}

function writeSheet(ws: ExcelJS.Worksheet, sheet: Sheet): void {
  const offset = sheet.note ? 1 : 0;
  const address = (r: Ref) => `${columnName(r.col + 1)}${r.row + offset + 1}`;
  const raw = (r: Ref): Cell | null => {
    const c = sheet.rows[r.row]?.[r.col];
    if (c === undefined || c === null || c === '') return null;
    return typeof c === 'object' ? c : { value: c };
  };
  const expand = (list: Array<Ref | Range>): Ref[] =>
    list.flatMap((x) => {
      if (!('from' in x)) return [x];
      const out: Ref[] = [];
      for (let row = Math.min(x.from.row, x.to.row); row <= Math.max(x.from.row, x.to.row); row++) {
        for (let col = Math.min(x.from.col, x.to.col); col <= Math.max(x.from.col, x.to.col); col++) out.push({ row, col });
      }
      return out;
    });
  const text = (list: Array<Ref | Range>) => list.map((x) => ('from' in x ? `${address(x.from)}:${address(x.to)}` : address(x))).join(',');

  const memo = new Map<string, Num | null>();
  const busy = new Set<string>();
  /** The number a cell holds (a formula's computed result), or null for empty and text. */
  const evaluate = (r: Ref): Num | null => {
    const at = address(r);
    if (memo.has(at)) return memo.get(at)!;
    if (busy.has(at)) cellError(at, 'ingår i en cirkelreferens.');
    busy.add(at);
    const c = raw(r);
    let out: Num | null = null;
    if (c === null) out = null;
    else if (isStyled(c)) out = typeof c.value === 'number' ? { num: c.value, decimals: fractionDigits(c.value) } : null;
    else if ('ore' in c) out = { num: c.ore / 100, ore: c.ore, decimals: c.ore % 100 === 0 ? 0 : 2 };
    else if ('number' in c) out = { num: c.number, decimals: c.decimals ?? fractionDigits(c.number) };
    else if ('date' in c) cellError(at, 'är ett datum och kan inte räknas med.');
    else if ('text' in c) out = null;
    else out = compute(c);
    busy.delete(at);
    memo.set(at, out);
    return out;
  };
  const combine = (parts: Num[], sign: number[] = parts.map(() => 1)): Num => {
    const money = parts.length > 0 && parts.every((p) => p.ore !== undefined);
    if (money) {
      const ore = parts.reduce((s, p, i) => s + BigInt(p.ore!) * BigInt(sign[i]!), 0n);
      if (ore > BigInt(Number.MAX_SAFE_INTEGER) || ore < -BigInt(Number.MAX_SAFE_INTEGER)) throw new DomainError('amount-too-large', 'Summan är för stor.');
      return { num: Number(ore) / 100, ore: Number(ore), decimals: ore % 100n === 0n ? 0 : 2 };
    }
    const decimals = Math.max(0, ...parts.map((p) => p.decimals));
    const num = parts.reduce((s, p, i) => s + p.num * sign[i]!, 0);
    return { num: Number(num.toFixed(Math.min(decimals, 15))), decimals };
  };
  const compute = (c: Formula): Num | null => {
    if ('sum' in c) return combine(expand(c.sum).map(evaluate).filter((x): x is Num => x !== null));
    if ('difference' in c) {
      const [a, b] = c.difference.map(evaluate);
      const parts = [a, b].map((x) => x ?? { num: 0, ore: 0, decimals: 0 });
      return combine(parts, [1, -1]);
    }
    const parts = expand(c.average).map(evaluate).filter((x): x is Num => x !== null);
    if (!parts.length) return null; // Excel shows #DIVISION/0! — written as that error below
    const total = combine(parts);
    const decimals = c.decimals ?? 2;
    return { num: total.num / parts.length, decimals };
  };
  const formulaText = (c: Formula) =>
    'sum' in c ? `SUM(${text(c.sum)})` : 'difference' in c ? `${address(c.difference[0])}-${address(c.difference[1])}` : `AVERAGE(${text(c.average)})`;

  // amounts: whole kronor when every amount on the sheet is, else two decimals
  let oreFraction = false;
  sheet.rows.forEach((row, r) =>
    row.forEach((_, col) => {
      const c = raw({ row: r, col });
      if (c && !isStyled(c) && ('ore' in c || isFormula(c))) {
        const v = evaluate({ row: r, col });
        if (v?.ore !== undefined && v.ore % 100 !== 0) oreFraction = true;
      }
    }),
  );
  const money = oreFraction ? KRONOR_ORE : KRONOR;

  if (sheet.note) {
    const n = ws.getCell(1, 1);
    n.value = xmlText(sheet.note);
    n.font = { name: 'Calibri', size: 11, bold: true, color: { argb: 'FF9C0006' } };
  }
  sheet.widths?.forEach((w, c) => (ws.getColumn(c + 1).width = Math.max(1, Math.min(255, w))));
  if (sheet.freezeRows) ws.views = [{ state: 'frozen', ySplit: sheet.freezeRows + offset }];
  sheet.rows.forEach((row, r) =>
    row.forEach((_, col) => {
      const cell = raw({ row: r, col });
      if (cell === null) return;
      const target = ws.getCell(r + 1 + offset, col + 1);
      if (isStyled(cell)) {
        if (cell.value === null || cell.value === '') return;
        if (typeof cell.value === 'number' && !Number.isFinite(cell.value)) cellError(target.address, 'har inget ändligt tal.');
        target.value = typeof cell.value === 'number' ? cell.value : xmlText(cell.value);
        const style = cell.style ?? 'text';
        const fmt = NUM_FMT[style];
        if (fmt) target.numFmt = fmt;
        if (BOLD.has(style)) target.font = { name: 'Calibri', size: 11, bold: true };
        return;
      }
      if ('text' in cell) {
        target.value = xmlText(cell.text);
        if (cell.wrap) target.alignment = { wrapText: true, vertical: 'top' };
      } else if ('ore' in cell) {
        if (!Number.isSafeInteger(cell.ore)) cellError(target.address, 'har inget helt antal ören.');
        target.value = cell.ore / 100 + 0; // + 0: no negative zero
        target.numFmt = money;
      } else if ('number' in cell) {
        if (!Number.isFinite(cell.number)) cellError(target.address, 'har inget ändligt tal.');
        target.value = cell.number;
        target.numFmt = decimalsFormat(cell.decimals ?? fractionDigits(cell.number));
      } else if ('date' in cell) {
        const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(cell.date);
        const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
        if (!d || d.toISOString().slice(0, 10) !== cell.date) cellError(target.address, `har inget datum (${String(cell.date).slice(0, 20)}).`);
        target.value = d;
        target.numFmt = DATE_FMT;
      } else {
        const v = evaluate({ row: r, col });
        target.value = v === null ? { formula: formulaText(cell), result: { error: '#DIV/0!' } } : { formula: formulaText(cell), result: v.num + 0 };
        target.numFmt = v?.ore !== undefined ? money : decimalsFormat(v?.decimals ?? 0);
      }
      if (cell.bold) target.font = { name: 'Calibri', size: 11, bold: true };
    }),
  );
}

/** An .xlsx workbook with the sheets in order. */
export async function xlsx(sheets: Sheet[]): Promise<Buffer> {
  if (!sheets.length) throw new DomainError('empty-workbook', 'En arbetsbok måste ha minst ett blad.');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Styrbord';
  const names = sheetNames(sheets);
  sheets.forEach((sheet, i) => writeSheet(wb.addWorksheet(names[i]), sheet));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
