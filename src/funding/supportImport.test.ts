import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../kernel/errors.ts';
import { checkRow, checkRows, mapColumns, naturalPersonByNumber, normaliseHeader, parseCsv, readAmount, readDate, readTable, validateEntry, type RawRow } from './supportImport.ts';

const TODAY = '2026-12-04';
const HEAD = ['Ärende-id', 'Diarienummer', 'Stödtyp', 'Stödmottagare', 'Organisationsnummer', 'Bransch', 'Kön', 'Kommun', 'Beslut', 'Beviljat belopp', 'Avslagsskäl', 'Beslutsfattare', 'Beslutsdatum'];
const map = mapColumns(HEAD);
const row = (line: number, cells: Array<string | number | Date | null>): RawRow => ({ line, cells });
const good = ['Regt-53-20', '20RS4806', 'Omställningscheck', 'Carmentus AB', '556677-8899', 'Tillverkning', 'K', 'örebro kommun', 'Beviljat', '358 981', '', 'Anna Andersson', '2020-05-12'];

const errorOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (isDomainError(e)) return e;
    throw e;
  }
  throw new Error('no error');
};

describe('the column mapping', () => {
  it('matches headers case-, space- and punctuation-insensitively, with Swedish synonyms', () => {
    expect(normaliseHeader(' Bransch / Prioritering ')).toBe('branschprioritering');
    const m = mapColumns(['DNR', 'nypsid', 'stöd', 'FÖRETAG', 'Bransch/Prioritering', 'k/m', 'kommun', 'belopp', 'beslutad av', 'Beslutsdag', 'Handläggarens anteckning']);
    expect(m.columns).toEqual({ caseNumber: 0, nypsId: 1, supportType: 2, company: 3, sector: 4, gender: 5, municipality: 6, amount: 7, decider: 8, decidedOn: 9 });
    expect(m.ignored).toEqual(['Handläggarens anteckning']);
  });

  it('refuses a file without a required column, naming it and the headers accepted', () => {
    const e = errorOf(() => mapColumns(['Dnr', 'Stöd', 'Företag', 'Kommun', 'Belopp', 'Beslutsfattare']));
    expect(e.code).toBe('missing-columns');
    expect(e.message).toBe('Filen saknar kolumnen Beslutsdatum (rubriker som godtas: Beslutsdatum, Beslutsdag, Datum för beslut, Datum). Första raden ska vara kolumnrubriker (se formatet i dokumentationen).');
    expect(errorOf(() => mapColumns(['Stöd', 'Företag', 'Kommun', 'Belopp', 'Beslutsfattare', 'Datum'])).message).toContain('Ärende-id (rubriker som godtas: Ärende-id');
  });

  it('refuses two columns for the same field', () => {
    expect(errorOf(() => mapColumns(['Dnr', 'Diarienummer', 'Stöd', 'Företag', 'Kommun', 'Belopp', 'Beslutsfattare', 'Datum'])).message).toBe(
      'Filen har två kolumner för Diarienummer ("Dnr" och "Diarienummer"). Ta bort den ena.',
    );
  });
});

describe('a row', () => {
  it('reads a granted decision: amount in öre, kommun spelled as the register does, legal person by its number', () => {
    const c = checkRow(row(2, good), map, TODAY);
    expect(c).toEqual({
      line: 2,
      ok: true,
      entry: {
        nypsId: 'Regt-53-20', caseNumber: '20RS4806', supportType: 'Omställningscheck', company: 'Carmentus AB', naturalPerson: false, sector: 'Tillverkning', gender: 'K',
        municipality: 'Örebro', decidedOn: '2020-05-12', rejected: false, amountOre: 35_898_100, rejectionReason: null, decider: 'Anna Andersson', naturalPersonStated: false,
      },
    });
  });

  it('an enskild firma is a natural person by its personnummer, or by a name without a legal form', () => {
    const person = checkRow(row(3, good.map((v, i) => (i === 3 ? 'Kerstin Önnebo' : i === 4 ? '19650412-1234' : v))), map, TODAY);
    expect(person.ok && person.entry.naturalPerson).toBe(true);
    const noNumber = checkRow(row(3, good.map((v, i) => (i === 3 ? 'Kerstin Önnebo' : i === 4 ? '' : v))), map, TODAY);
    expect(noNumber.ok && noNumber.entry.naturalPerson).toBe(true);
    expect(naturalPersonByNumber('556677-8899')).toBe(false);
    expect(naturalPersonByNumber('196504121234')).toBe(true);
    expect(naturalPersonByNumber('abc')).toBeNull();
  });

  it('reads a rejection: from the decision column, or "Avslag" in the amount column', () => {
    const c = checkRow(row(4, good.map((v, i) => (i === 8 ? 'Avslag' : i === 9 ? '' : i === 10 ? 'Ej stödberättigande' : v))), map, TODAY);
    expect(c.ok && [c.entry.rejected, c.entry.amountOre, c.entry.rejectionReason]).toEqual([true, null, 'Ej stödberättigande']);
    const m = mapColumns(['Dnr', 'Stöd', 'Företag', 'Kommun', 'Belopp', 'Beslutsfattare', 'Datum']);
    const a = checkRow(row(2, ['20RS1', 'Mikrobidrag', 'X AB', 'Nora', 'Avslag', 'Bo Ek', '2020-01-01']), m, TODAY);
    expect(a.ok && [a.entry.rejected, a.entry.amountOre]).toEqual([true, null]);
  });

  it('refuses a row with every reason named', () => {
    const c = checkRow(row(5, ['', '', 'Omställningscheck', '', '', '', 'X', 'Nora', 'Beviljat', '12 34', '', 'Anna Andersson', '2030-01-01']), map, TODAY);
    expect(c).toEqual({
      line: 5,
      ok: false,
      reason: 'Ärende-id eller Diarienummer saknas; Företag saknas; Beslutsdatum 2030-01-01 ligger i framtiden (ange dagen beslutet fattades); Kön "X" är inte K, M eller tomt (blandat); Belopp: "12 34" har felaktig siffergruppering.',
    });
    const granted = checkRow(row(6, good.map((v, i) => (i === 9 ? '' : v))), map, TODAY);
    expect(granted).toMatchObject({ ok: false, reason: 'Beviljat stöd utan belopp.' });
    const both = checkRow(row(7, good.map((v, i) => (i === 8 ? 'Avslag' : v))), map, TODAY);
    expect(both).toMatchObject({ ok: false, reason: 'Avslag med ett belopp (358 981).' });
    const odd = checkRow(row(8, good.map((v, i) => (i === 8 ? 'Kanske' : v))), map, TODAY);
    expect(odd).toMatchObject({ ok: false, reason: 'Beslut "Kanske" är varken Beviljat eller Avslag.' });
  });

  it('refuses a second row for the same case in one file', () => {
    const rows = checkRows([row(2, good), row(3, good.map((v, i) => (i === 1 ? '20RS9999' : v)))], map, TODAY);
    expect(rows[0]!.ok).toBe(true);
    expect(rows[1]).toEqual({ line: 3, ok: false, reason: 'Samma ärende (Regt-53-20) som rad 2; varje ärende får stå på en rad.' });
  });

  it('dates and amounts in the forms exports write them', () => {
    expect(readDate('2020-05-12 00:00:00')).toBe('2020-05-12');
    expect(readDate('20200512')).toBe('2020-05-12');
    expect(readDate(new Date('2020-05-12T00:00:00Z'))).toBe('2020-05-12');
    expect(readDate('2020-02-30')).toBeNull();
    expect(readDate('12/5/2020')).toBeNull();
    expect(readAmount(358981)).toBe(35_898_100);
    expect(readAmount(1234.5)).toBe(123_450);
    expect(readAmount('358 981,00 kr')).toBe(35_898_100);
    expect(readAmount('358.981')).toBe(35_898_100);
    expect(() => readAmount(1.234)).toThrow('fler decimaler');
  });
});

describe('the file', () => {
  it('CSV: semicolons or commas, quotes, BOM, CRLF', () => {
    expect(parseCsv('\ufeffA;B;C\r\n1;"x;y";"sa ""hej"""\r\n')).toEqual([['A', 'B', 'C'], ['1', 'x;y', 'sa "hej"']]);
    expect(parseCsv('A,B\n1,2')).toEqual([['A', 'B'], ['1', '2']]);
    expect(() => parseCsv('A;B\n"1;2\n')).toThrow('citattecken');
  });

  it('reads Windows-1252 CSV (Excel\'s semicolon CSV) and counts blank rows', async () => {
    const latin = Buffer.from('Dnr;Stöd\n20RS1;Omställningscheck\n;\n20RS2;Lån\n\n', 'latin1');
    const t = await readTable('export.csv', latin);
    expect(t.headers).toEqual(['Dnr', 'Stöd']);
    expect(t.rows.map((r) => [r.line, r.cells[1]])).toEqual([[2, 'Omställningscheck'], [4, 'Lån']]);
    expect(t.blank).toBe(1);
  });

  it('reads the first sheet of an xlsx file: numbers, dates and rich text as cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Beslut');
    ws.addRow(HEAD);
    ws.addRow(['Regt-53-20', '20RS4806', 'Omställningscheck', { richText: [{ text: 'Carmentus ' }, { text: 'AB' }] }, '556677-8899', 'Tillverkning', 'K', 'Örebro', 'Beviljat', 358981, null, 'Anna Andersson', new Date('2020-05-12T00:00:00Z')]);
    const t = await readTable('export.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
    const [c] = checkRows(t.rows, mapColumns(t.headers), TODAY);
    expect(c).toMatchObject({ ok: true, entry: { company: 'Carmentus AB', amountOre: 35_898_100, decidedOn: '2020-05-12', naturalPerson: false } });
  });

  it('refuses an empty file, a broken xlsx and an xls', async () => {
    await expect(readTable('x.csv', new Uint8Array())).rejects.toThrow('Filen är tom.');
    await expect(readTable('x.xlsx', new Uint8Array([0x50, 0x4b, 1, 2]))).rejects.toThrow('x.xlsx kunde inte läsas som en xlsx-fil.');
    await expect(readTable('x.xls', new Uint8Array([1, 2, 3]))).rejects.toThrow('bara CSV och xlsx');
  });
});

describe('an entry typed in the form', () => {
  const base = { nypsId: 'Regt-1-20', supportType: 'Mikrobidrag', company: 'Sven Svensson', municipality: 'nora', decider: 'Bo Ek', decidedOn: '2020-03-01', rejected: false, amountOre: 5_000_000 };
  it('is checked and normalised; a name without a legal form is a natural person unless staff say otherwise', () => {
    expect(validateEntry(base, TODAY)).toMatchObject({ municipality: 'Nora', naturalPerson: true, naturalPersonStated: false, gender: null, caseNumber: null });
    expect(validateEntry({ ...base, naturalPerson: false }, TODAY)).toMatchObject({ naturalPerson: false, naturalPersonStated: true });
  });
  it('names every problem', () => {
    expect(errorOf(() => validateEntry({ ...base, nypsId: null, amountOre: null, decidedOn: null }, TODAY)).message).toBe('Ärende-id eller Diarienummer saknas; Beslutsdatum saknas; beviljat stöd utan belopp.');
    expect(errorOf(() => validateEntry({ ...base, rejected: true }, TODAY)).message).toBe('Ett avslag har inget belopp.');
    expect(validateEntry({ ...base, decidedOn: null }, TODAY, { dateOptional: true }).decidedOn).toBeNull();
  });
});
