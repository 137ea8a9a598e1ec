import { describe, expect, it } from 'vitest';
import { readXlsx, unzipTest } from '../../test/helpers/xlsx.ts';
import { range, ref, xlsx } from './xlsx.ts';

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

  it('typed cells: amounts in öre as kronor, dates as dates, totals as formulas with their results cached, the note first', async () => {
    const file = await xlsx([
      {
        name: 'Ramar',
        note: 'Konstruerade exempelvärden: områdenas underlag',
        freezeRows: 1,
        rows: [
          [{ text: 'Område', bold: true }, { text: 'Ram', bold: true }, { text: 'Utfall', bold: true }, { text: 'Avvikelse', bold: true }],
          [{ text: 'A' }, { ore: 123_456_700 }, { ore: 100_000_000 }, { difference: [ref(1, 2), ref(1, 1)] }],
          [{ text: 'B' }, { ore: -2_000_000 }, null, { difference: [ref(2, 2), ref(2, 1)] }],
          [{ text: 'Summa', bold: true }, { sum: [range(ref(1, 1), ref(2, 1))], bold: true }, { sum: [range(ref(1, 2), ref(2, 2))] }, { sum: [ref(1, 3), ref(2, 3)] }],
          [{ text: 'Den' }, { date: '2020-07-31' }, { number: 12.5, decimals: 1 }, { average: [ref(4, 2), ref(5, 2)], decimals: 2 }],
          [null, null, { number: 3 }, { average: [ref(2, 2)] }],
        ],
      },
      { name: 'Öre', rows: [[{ ore: 1 }, { ore: 99 }, { sum: [ref(0, 0), ref(0, 1)] }]] },
    ]);
    const [s, o] = await readXlsx(file);
    expect(s!.cells.A1).toMatchObject({ value: 'Konstruerade exempelvärden: områdenas underlag', bold: true });
    expect(s!.cells.A2).toMatchObject({ value: 'Område', bold: true });
    expect(s!.cells.B3).toEqual({ value: 1_234_567, numFmt: '#,##0', bold: false });
    expect(s!.cells.D3).toEqual({ value: -234_567, numFmt: '#,##0', bold: false, formula: 'C3-B3' });
    expect(s!.cells.D4).toEqual({ value: 20_000, numFmt: '#,##0', bold: false, formula: 'C4-B4' });
    expect(s!.cells.B5).toEqual({ value: 1_214_567, numFmt: '#,##0', bold: true, formula: 'SUM(B3:B4)' });
    expect(s!.cells.C5).toMatchObject({ value: 1_000_000, formula: 'SUM(C3:C4)' });
    expect(s!.cells.D5).toMatchObject({ value: -214_567, formula: 'SUM(D3,D4)' });
    expect(s!.cells.B6!.value).toEqual(new Date(Date.UTC(2020, 6, 31)));
    expect(s!.cells.B6!.numFmt).toBe('yyyy-mm-dd');
    expect(s!.cells.C6).toEqual({ value: 12.5, numFmt: '#,##0.0', bold: false });
    expect(s!.cells.D6).toEqual({ value: 7.75, numFmt: '#,##0.00', bold: false, formula: 'AVERAGE(C6,C7)' });
    expect(s!.cells.D7!.formula).toBe('AVERAGE(C4)');
    expect(s!.cells.D7!.value).toEqual({ error: '#DIV/0!' });
    // an amount with öre: two decimals on that sheet, the sum exact (0.01 + 0.99 = 1, not 0.9999…)
    expect(o!.cells.A1).toEqual({ value: 0.01, numFmt: '#,##0.00', bold: false });
    expect(o!.cells.C1).toEqual({ value: 1, numFmt: '#,##0.00', bold: false, formula: 'SUM(A1,B1)' });
  });

  it('refuses a formula that refers to itself, a date in a sum, a bad date and an amount that is not whole öre', async () => {
    await expect(xlsx([{ name: 'a', rows: [[{ sum: [ref(0, 0)] }]] }])).rejects.toThrow('cirkelreferens');
    await expect(xlsx([{ name: 'a', rows: [[{ date: '2020-01-01' }, { sum: [ref(0, 0)] }]] }])).rejects.toThrow('datum');
    await expect(xlsx([{ name: 'a', rows: [[{ date: '2020-02-30' }]] }])).rejects.toThrow('Cellen A1 har inget datum');
    await expect(xlsx([{ name: 'a', rows: [[{ ore: 1.5 }]] }])).rejects.toThrow('Cellen A1 har inget helt antal ören');
  });
});
