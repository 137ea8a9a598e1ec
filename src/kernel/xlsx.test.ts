import { describe, expect, it } from 'vitest';
import { readXlsx, unzipTest } from '../../test/helpers/xlsx.ts';
import { xlsx } from './xlsx.ts';

describe('xlsx (exceljs)', () => {
  it('a workbook that unzip and exceljs read back: one sheet per input, values, formats, bold, widths', async () => {
    const file = await xlsx([
      { name: 'Blad: 1/2', widths: [30, 12], rows: [['Text', 12, null, { value: 1.5, style: 'decimal1' }], [{ value: 1234567, style: 'integer-bold' }]] },
      { name: 'Blad: 1/2', rows: [[{ value: 'Fet', style: 'bold' }]] },
    ]);
    expect(unzipTest(file)).toMatch(/xl\/workbook\.xml\s+OK/);
    const [first, second] = await readXlsx(file);
    expect([first!.name, second!.name]).toEqual(['Blad 1 2', 'Blad 1 2 2']);
    expect(first!.cells).toEqual({
      A1: { value: 'Text', numFmt: undefined, bold: false },
      B1: { value: 12, numFmt: undefined, bold: false },
      D1: { value: 1.5, numFmt: '0.0', bold: false },
      A2: { value: 1234567, numFmt: '#,##0', bold: true },
    });
    expect(first!.widths.slice(0, 2)).toEqual([30, 12]);
    expect(second!.cells.A1).toEqual({ value: 'Fet', numFmt: undefined, bold: true });
  });

  it('keeps markup as text and drops characters XML cannot carry; long and clashing names shortened', async () => {
    const long = 'Ett mycket långt bladnamn som inte ryms';
    const [a, b] = await readXlsx(await xlsx([{ name: long, rows: [['a < b & "c" > d\u0001']] }, { name: long, rows: [] }]));
    expect(a!.values.A1).toBe('a < b & "c" > d');
    expect(a!.name).toBe(long.slice(0, 31));
    expect(b!.name).toBe(`${long.slice(0, 29)} 2`);
  });

  it('refuses an empty workbook and a non-finite number', async () => {
    await expect(xlsx([])).rejects.toThrow('minst ett blad');
    await expect(xlsx([{ name: 'a', rows: [[Number.NaN]] }])).rejects.toThrow('Cellen A1');
  });
});
