/**
 * Reads an .xlsx back the way a spreadsheet program would: `unzip -t` checks
 * the zip (every entry's checksum), exceljs loads the workbook. Cells come
 * back by address with their value, number format and boldness.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';

export interface ReadCell {
  /** For a formula cell: its cached result. A date cell gives a Date. */
  value: string | number;
  numFmt: string | undefined;
  bold: boolean;
  /** The formula (without "="), for formula cells only. */
  formula?: string;
}

export interface ReadSheet {
  name: string;
  cells: Record<string, ReadCell>;
  /** address → value only */
  values: Record<string, string | number>;
  widths: Array<number | undefined>;
}

/** Throws when `unzip -t` finds the file damaged. */
export function unzipTest(file: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'xlsx-'));
  try {
    const f = path.join(dir, 'bok.xlsx');
    writeFileSync(f, file);
    return execFileSync('unzip', ['-t', f], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function readXlsx(file: Buffer): Promise<ReadSheet[]> {
  expect(unzipTest(file)).toMatch(/No errors detected/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const cells: Record<string, ReadCell> = {};
    const values: Record<string, string | number> = {};
    ws.eachRow((row) =>
      row.eachCell((c) => {
        const formula = c.formula || undefined;
        // c.result, not c.value.result: exceljs leaves a falsy result (0) out of the value object
        const value = (formula ? c.result : c.value) as string | number;
        cells[c.address] = { value, numFmt: c.numFmt, bold: c.font?.bold === true, ...(formula ? { formula } : {}) };
        values[c.address] = value;
      }),
    );
    return { name: ws.name, cells, values, widths: ws.columns?.map((c) => c.width) ?? [] };
  });
}
