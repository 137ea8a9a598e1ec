import { describe, expect, it } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import { columnName, unzip, xlsx, xmlEscape, zip } from './xlsx.ts';

describe('zip', () => {
  it('round-trips entries, names in UTF-8, byte for byte', () => {
    const big = Buffer.alloc(100_000, 'Återrapportering ');
    const back = unzip(zip([{ name: 'a.txt', data: 'hej' }, { name: 'mapp/Ö.bin', data: big }, { name: 'tom', data: '' }]));
    expect([...back.keys()]).toEqual(['a.txt', 'mapp/Ö.bin', 'tom']);
    expect(back.get('a.txt')!.toString()).toBe('hej');
    expect(back.get('mapp/Ö.bin')!.equals(big)).toBe(true);
    expect(back.get('tom')!.length).toBe(0);
  });

  it('is deterministic and compresses', () => {
    const entries = [{ name: 'x.xml', data: '<a/>'.repeat(5000) }];
    expect(zip(entries).equals(zip(entries))).toBe(true);
    expect(zip(entries).length).toBeLessThan(1000);
  });

  it('refuses what is not a zip, and a damaged entry', () => {
    expect(() => unzip(Buffer.from('inte ett arkiv, bara text som är tillräckligt lång'))).toThrow('Filen är inte ett zip-arkiv.');
    const z = zip([{ name: 'a', data: 'abcdefghij'.repeat(10) }]);
    const packed = deflateRawSync(Buffer.from('abcdefghij'.repeat(10)));
    const at = 30 + 1 + Math.floor(packed.length / 2);
    z.writeUInt8(z.readUInt8(at) ^ 0xff, at);
    expect(() => unzip(z)).toThrow();
  });
});

describe('xlsx', () => {
  it('column names A … Z, AA, AZ, BA', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    expect(xmlEscape('a < b & "c" > d\u0001')).toBe('a &lt; b &amp; &quot;c&quot; &gt; d');
  });

  it('a workbook: content types, workbook, styles, one sheet per input; sheet names made valid and unique', () => {
    const parts = unzip(
      xlsx([
        { name: 'Blad: 1/2', rows: [['Text', 12, null, { value: 1.5, style: 'decimal1' }]] },
        { name: 'Blad: 1/2', rows: [[{ value: 'Fet', style: 'bold' }]] },
      ]),
    );
    expect([...parts.keys()]).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']);
    const wb = parts.get('xl/workbook.xml')!.toString();
    expect(wb).toContain('<sheet name="Blad 1 2" sheetId="1" r:id="rId1"/>');
    expect(wb).toContain('<sheet name="Blad 1 2 2" sheetId="2" r:id="rId2"/>');
    const sheet = parts.get('xl/worksheets/sheet1.xml')!.toString();
    expect(sheet).toContain('<c r="A1" t="inlineStr"><is><t>Text</t></is></c><c r="B1"><v>12</v></c><c r="D1" s="4"><v>1.5</v></c>');
    expect(parts.get('xl/worksheets/sheet2.xml')!.toString()).toContain('<c r="A1" s="1" t="inlineStr">');
  });

  it('refuses an empty workbook and a non-finite number', () => {
    expect(() => xlsx([])).toThrow('minst ett blad');
    expect(() => xlsx([{ name: 'a', rows: [[Number.NaN]] }])).toThrow('Cellen A1');
  });
});
