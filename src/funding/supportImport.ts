/**
 * Reading the national system's export of business-support decisions (CSV
 * or xlsx) into register entries: the columns are found by their headers
 * (case, space and punctuation ignored, a documented set of Swedish
 * synonyms), every row is checked on its own and refused with its reason,
 * and nothing here touches the database. The format is in docs/funding.md.
 */
import ExcelJS from 'exceljs';
import { DomainError, isDomainError } from '../kernel/errors.ts';
import { parseKronor, type Ore } from '../kernel/kronor.ts';
import { isIsoDate, type IsoDate } from '../kernel/dates.ts';
import { isSoleTraderName, MUNICIPALITIES } from './businessSupport.ts';

/** One decision as entered by hand or read from the export. */
export interface SupportEntry {
  /** The case's id in the national system (NypsID, ärende-id). */
  nypsId: string | null;
  /** The region's diarienummer. */
  caseNumber: string | null;
  supportType: string;
  company: string;
  naturalPerson: boolean;
  sector: string;
  gender: 'K' | 'M' | null;
  municipality: string;
  decidedOn: IsoDate;
  rejected: boolean;
  /** Null when rejected. */
  amountOre: Ore | null;
  rejectionReason: string | null;
  decider: string;
  /** The natural-person mark was stated (a column, or staff's choice), not inferred from the number or the name. */
  naturalPersonStated: boolean;
}

export type Field =
  | 'nypsId'
  | 'caseNumber'
  | 'supportType'
  | 'company'
  | 'orgNumber'
  | 'naturalPerson'
  | 'sector'
  | 'gender'
  | 'municipality'
  | 'amount'
  | 'decision'
  | 'rejectionReason'
  | 'decider'
  | 'decidedOn';

/** The headers each field is known by (compared after `normaliseHeader`). The first is the name used in messages. */
export const HEADER_SYNONYMS: Record<Field, readonly string[]> = {
  nypsId: ['Ärende-id', 'Ärendeid', 'NypsID', 'Nyps-id', 'Nyps', 'Ärendenummer', 'Ärendenr', 'Ärende', 'Case id'],
  caseNumber: ['Diarienummer', 'Dnr', 'Diarienr', 'Regionens diarienummer'],
  supportType: ['Stöd', 'Stödtyp', 'Stödform', 'Typ av stöd', 'Stödslag', 'Insats'],
  company: ['Företag', 'Stödmottagare', 'Mottagare', 'Sökande', 'Företagsnamn', 'Namn', 'Organisation'],
  orgNumber: ['Organisationsnummer', 'Org.nr', 'Orgnr', 'Orgnummer', 'Person-/organisationsnummer'],
  naturalPerson: ['Fysisk person', 'Enskild firma', 'Enskild näringsidkare'],
  sector: ['Bransch/Prioritering', 'Bransch', 'Prioritering', 'Näringsgren', 'SNI'],
  gender: ['Kön', 'K/M', 'Kvinna/Man', 'Kön företagsledare'],
  municipality: ['Kommun', 'Kommunnamn'],
  amount: ['Belopp', 'Beviljat belopp', 'Beviljat', 'Stödbelopp', 'Belopp kr', 'Beviljat belopp kr'],
  decision: ['Beslut', 'Beslutstyp', 'Utfall', 'Status'],
  rejectionReason: ['Avslagsskäl', 'Skäl för avslag', 'Avslagsorsak', 'Motivering'],
  decider: ['Beslutsfattare', 'Beslutad av', 'Beslutande'],
  decidedOn: ['Beslutsdatum', 'Beslutsdag', 'Datum för beslut', 'Datum'],
};

export const FIELD_LABELS: Record<Field, string> = Object.fromEntries(Object.entries(HEADER_SYNONYMS).map(([f, names]) => [f, names[0]])) as Record<Field, string>;

/** "Bransch / Prioritering" → "branschprioritering": lower case, without white space and punctuation. */
export const normaliseHeader = (h: string): string => h.normalize('NFC').toLowerCase().replace(/[\s\u00a0._:/\\()*-]+/g, '');

const BY_HEADER = new Map<string, Field>(Object.entries(HEADER_SYNONYMS).flatMap(([f, names]) => names.map((n) => [normaliseHeader(n), f as Field] as const)));

export interface ColumnMap {
  /** Column index of each field found. */
  columns: Partial<Record<Field, number>>;
  /** Headers that match no field (ignored, shown in the preview). */
  ignored: string[];
}

/** Finds the fields among the headers; refuses a file that lacks a required column or names a field twice. */
export function mapColumns(headers: string[]): ColumnMap {
  const columns: Partial<Record<Field, number>> = {};
  const ignored: string[] = [];
  headers.forEach((raw, i) => {
    const h = raw.trim();
    if (!h) return;
    const field = BY_HEADER.get(normaliseHeader(h));
    if (!field) {
      ignored.push(h);
      return;
    }
    if (columns[field] !== undefined) {
      throw new DomainError('duplicate-column', `Filen har två kolumner för ${FIELD_LABELS[field]} ("${headers[columns[field]!]!.trim()}" och "${h}"). Ta bort den ena.`);
    }
    columns[field] = i;
  });
  const missing: string[] = [];
  for (const f of ['supportType', 'company', 'municipality', 'decider', 'decidedOn'] as const) if (columns[f] === undefined) missing.push(describe(f));
  if (columns.nypsId === undefined && columns.caseNumber === undefined) missing.push(`${describe('nypsId')} eller ${describe('caseNumber')}`);
  if (columns.amount === undefined && columns.decision === undefined) missing.push(describe('amount'));
  if (missing.length) {
    throw new DomainError('missing-columns', `Filen saknar ${missing.length === 1 ? 'kolumnen' : 'kolumnerna'} ${missing.join('; ')}. Första raden ska vara kolumnrubriker (se formatet i dokumentationen).`);
  }
  return { columns, ignored };
}

const describe = (f: Field) => `${FIELD_LABELS[f]} (rubriker som godtas: ${HEADER_SYNONYMS[f].join(', ')})`;

/** A cell as read from the file: text (CSV, or an xlsx text cell), a number or a date (xlsx). */
export type RawCell = string | number | Date | null;

export interface RawRow {
  /** The row's number in the file (the header is row 1). */
  line: number;
  cells: RawCell[];
}

export type CheckedRow = { line: number; ok: true; entry: SupportEntry } | { line: number; ok: false; reason: string };

const text = (c: RawCell | undefined): string => {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c).replace(/[\s\u00a0]+/g, ' ').trim();
};

const GRANTED = new Set(['beviljat', 'beviljad', 'beviljas', 'bifall', 'bifallet', 'ja']);
const REJECTED = new Set(['avslag', 'avslaget', 'avslås', 'avslagen', 'nej']);
const WOMAN = new Set(['k', 'kvinna', 'kvinnor', 'kv']);
const MAN = new Set(['m', 'man', 'män']);
const NEITHER = new Set(['', '-', '–', 'blandat', 'blandad', 'jämn', 'jämnt', 'jämnt fördelat', 'ej angivet', 'okänt', 'uppgift saknas']);
const YES = new Set(['ja', 'j', 'x', '1', 'true', 'sant']);
const NO = new Set(['nej', 'n', '', '0', 'false', 'falskt']);

/** A decision date: ISO (also with a time after it), ÅÅÅÅMMDD, or a date cell. */
export function readDate(c: RawCell | undefined): IsoDate | null {
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? null : c.toISOString().slice(0, 10);
  const t = text(c);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$/.exec(t);
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  const m = iso ?? compact;
  if (!m) return null;
  const d = `${m[1]}-${m[2]}-${m[3]}`;
  return isIsoDate(d) ? d : null;
}

/** An amount in kronor: "358 981", "358981,00", "358 981 kr", or a number cell. */
export function readAmount(c: RawCell | undefined): Ore | null {
  if (typeof c === 'number') {
    if (!Number.isFinite(c) || Math.round(c * 100) !== Number((c * 100).toFixed(6))) throw new DomainError('invalid-amount', `Beloppet ${c} har fler decimaler än hela ören.`);
    return Math.round(c * 100);
  }
  const t = text(c);
  if (!t) return null;
  return parseKronor(t.replace(/\.(?=\d{3}(\D|$))/g, ' '));
}

/**
 * An organisation number tells a natural person from a legal one: a
 * personnummer (an enskild firma's number) has a month in digits 3–4, so its
 * third digit is 0 or 1; a legal person's number has 2 or more there. Null
 * when the text is not such a number.
 */
export function naturalPersonByNumber(c: RawCell | undefined): boolean | null {
  const digits = text(c).replace(/[\s-]/g, '');
  if (!/^(\d{10}|\d{12})$/.test(digits)) return null;
  const ten = digits.length === 12 ? digits.slice(2) : digits;
  return Number(ten[2]) <= 1;
}

const canonicalMunicipality = (m: string): string => {
  const bare = m.replace(/\s+kommun$/i, '').trim();
  return MUNICIPALITIES.find((k) => k.toLowerCase() === bare.toLowerCase()) ?? bare;
};

const MAX = { id: 40, type: 200, company: 300, sector: 300, municipality: 100, reason: 2000, decider: 200 } as const;

/** Checks one row; every problem of the row is named in its reason. `today` bounds the decision date. */
export function checkRow(row: RawRow, map: ColumnMap, today: IsoDate): CheckedRow {
  const cell = (f: Field) => (map.columns[f] === undefined ? undefined : row.cells[map.columns[f]!]);
  const problems: string[] = [];
  const str = (f: Field, max: number, required: boolean): string => {
    const v = text(cell(f));
    if (required && !v) problems.push(`${FIELD_LABELS[f]} saknas`);
    if (v.length > max) problems.push(`${FIELD_LABELS[f]} är längre än ${max} tecken`);
    return v;
  };
  const nypsId = str('nypsId', MAX.id, false) || null;
  const caseNumber = str('caseNumber', MAX.id, false) || null;
  if (!nypsId && !caseNumber) problems.push(`${FIELD_LABELS.nypsId} eller ${FIELD_LABELS.caseNumber} saknas`);
  const supportType = str('supportType', MAX.type, true);
  const company = str('company', MAX.company, true);
  const sector = str('sector', MAX.sector, false);
  const municipality = canonicalMunicipality(str('municipality', MAX.municipality, true));
  const decider = str('decider', MAX.decider, true);
  let rejectionReason = str('rejectionReason', MAX.reason, false) || null;

  const decidedRaw = cell('decidedOn');
  const decidedOn = readDate(decidedRaw);
  if (!decidedOn) problems.push(text(decidedRaw) ? `${FIELD_LABELS.decidedOn} "${text(decidedRaw).slice(0, 30)}" är inte ett datum (ÅÅÅÅ-MM-DD)` : `${FIELD_LABELS.decidedOn} saknas`);
  else if (decidedOn > today) problems.push(`${FIELD_LABELS.decidedOn} ${decidedOn} ligger i framtiden (ange dagen beslutet fattades)`);

  const genderText = text(cell('gender')).toLowerCase();
  let gender: 'K' | 'M' | null = null;
  if (WOMAN.has(genderText)) gender = 'K';
  else if (MAN.has(genderText)) gender = 'M';
  else if (!NEITHER.has(genderText)) problems.push(`${FIELD_LABELS.gender} "${text(cell('gender')).slice(0, 20)}" är inte K, M eller tomt (blandat)`);

  // granted or rejected: the decision column, or else "Avslag" in the amount column
  const decisionText = text(cell('decision')).toLowerCase();
  const amountText = text(cell('amount'));
  let rejected: boolean | null = null;
  if (decisionText) {
    if (GRANTED.has(decisionText)) rejected = false;
    else if (REJECTED.has(decisionText)) rejected = true;
    else problems.push(`${FIELD_LABELS.decision} "${text(cell('decision')).slice(0, 30)}" är varken Beviljat eller Avslag`);
  } else if (/^avslag/i.test(amountText)) {
    rejected = true;
    if (!rejectionReason && amountText.length > 'avslag'.length) rejectionReason = amountText.replace(/^avslag\W*/i, '').trim() || null;
  }
  let amountOre: Ore | null = null;
  let amountInvalid = false;
  if (!/^avslag/i.test(amountText)) {
    try {
      amountOre = readAmount(cell('amount'));
    } catch (e) {
      if (!isDomainError(e)) throw e;
      amountInvalid = true;
      problems.push(`${FIELD_LABELS.amount}: ${e.message.replace(/\.$/, '')}`);
    }
  }
  if (rejected === null && !amountInvalid) {
    if (amountOre !== null) rejected = false;
    else problems.push(`${FIELD_LABELS.amount} saknas (ange beloppet, eller Avslag)`);
  }
  if (rejected === false && !amountInvalid) {
    if (amountOre === null) problems.push(`beviljat stöd utan ${FIELD_LABELS.amount.toLowerCase()}`);
    else if (amountOre <= 0) problems.push(`${FIELD_LABELS.amount} måste vara större än 0 kronor för beviljat stöd`);
    if (rejectionReason && map.columns.rejectionReason !== undefined) problems.push(`beviljat stöd med ${FIELD_LABELS.rejectionReason.toLowerCase()}`);
  }
  if (rejected === true && amountOre !== null && amountOre > 0) problems.push(`avslag med ett belopp (${amountText})`);

  // natural person: stated, or by the organisation number, or by the name
  const stated = text(cell('naturalPerson')).toLowerCase();
  let naturalPerson: boolean;
  const naturalPersonStated = map.columns.naturalPerson !== undefined && stated !== '';
  if (map.columns.naturalPerson !== undefined && YES.has(stated)) naturalPerson = true;
  else if (map.columns.naturalPerson !== undefined && stated && NO.has(stated)) naturalPerson = false;
  else if (map.columns.naturalPerson !== undefined && stated) {
    problems.push(`${FIELD_LABELS.naturalPerson} "${stated.slice(0, 20)}" är varken ja eller nej`);
    naturalPerson = true;
  } else naturalPerson = naturalPersonByNumber(cell('orgNumber')) ?? isSoleTraderName(company);

  if (problems.length) return { line: row.line, ok: false, reason: `${capitalise(problems.join('; '))}.` };
  return {
    line: row.line,
    ok: true,
    entry: { nypsId, caseNumber, supportType, company, naturalPerson, sector, gender, municipality, decidedOn: decidedOn!, rejected: rejected!, amountOre: rejected ? null : amountOre, rejectionReason: rejected ? rejectionReason : null, decider, naturalPersonStated },
  };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The key a row is matched on: the national system's id, else the diarienummer. */
export const matchKey = (e: Pick<SupportEntry, 'nypsId' | 'caseNumber'>): string => (e.nypsId ? `id:${e.nypsId.toLowerCase()}` : `dnr:${e.caseNumber!.toLowerCase()}`);

/** Checks every row; a row naming the same case as an earlier one is refused (one decision per case in a file). */
export function checkRows(rows: RawRow[], map: ColumnMap, today: IsoDate): CheckedRow[] {
  const seen = new Map<string, number>();
  return rows.map((r) => {
    const c = checkRow(r, map, today);
    if (!c.ok) return c;
    const key = matchKey(c.entry);
    const first = seen.get(key);
    if (first !== undefined) return { line: r.line, ok: false, reason: `Samma ärende (${c.entry.nypsId ?? c.entry.caseNumber}) som rad ${first}; varje ärende får stå på en rad.` };
    seen.set(key, r.line);
    return c;
  });
}

/** An entry typed in the page's form (JSON; amounts in öre). */
export interface EntryInput {
  nypsId?: string | null;
  caseNumber?: string | null;
  supportType: string;
  company: string;
  /** Omitted or null: inferred from the name (no legal form: a sole trader). */
  naturalPerson?: boolean | null;
  sector?: string | null;
  gender?: 'K' | 'M' | null;
  municipality: string;
  /** Null only when correcting a row read from a delegation report, which has no date of its own. */
  decidedOn: string | null;
  rejected: boolean;
  amountOre?: number | null;
  rejectionReason?: string | null;
  decider: string;
}

/** Checks an entry from the form; a DomainError names every problem. */
export function validateEntry(input: EntryInput, today: IsoDate, o: { dateOptional?: boolean } = {}): Omit<SupportEntry, 'decidedOn'> & { decidedOn: IsoDate | null } {
  const t = (v: string | null | undefined) => (v ?? '').replace(/[\s\u00a0]+/g, ' ').trim();
  const problems: string[] = [];
  const need = (v: string, f: Field, max: number) => {
    if (!v) problems.push(`${FIELD_LABELS[f]} saknas`);
    else if (v.length > max) problems.push(`${FIELD_LABELS[f]} är längre än ${max} tecken`);
    return v;
  };
  const nypsId = t(input.nypsId) || null;
  const caseNumber = t(input.caseNumber) || null;
  if (!nypsId && !caseNumber) problems.push(`${FIELD_LABELS.nypsId} eller ${FIELD_LABELS.caseNumber} saknas`);
  if ((nypsId?.length ?? 0) > MAX.id || (caseNumber?.length ?? 0) > MAX.id) problems.push(`ärende-id och diarienummer får vara högst ${MAX.id} tecken`);
  const supportType = need(t(input.supportType), 'supportType', MAX.type);
  const company = need(t(input.company), 'company', MAX.company);
  const municipality = canonicalMunicipality(need(t(input.municipality), 'municipality', MAX.municipality));
  const decider = need(t(input.decider), 'decider', MAX.decider);
  const sector = t(input.sector);
  if (sector.length > MAX.sector) problems.push(`${FIELD_LABELS.sector} är längre än ${MAX.sector} tecken`);
  let decidedOn: IsoDate | null = null;
  if (input.decidedOn) {
    if (!isIsoDate(input.decidedOn)) problems.push(`${FIELD_LABELS.decidedOn} "${String(input.decidedOn).slice(0, 30)}" är inte ett datum (ÅÅÅÅ-MM-DD)`);
    else if (input.decidedOn > today) problems.push(`${FIELD_LABELS.decidedOn} ${input.decidedOn} ligger i framtiden (ange dagen beslutet fattades)`);
    else decidedOn = input.decidedOn;
  } else if (!o.dateOptional) problems.push(`${FIELD_LABELS.decidedOn} saknas`);
  if (input.gender !== undefined && input.gender !== null && input.gender !== 'K' && input.gender !== 'M') problems.push(`${FIELD_LABELS.gender} ska vara K, M eller tomt (blandat)`);
  if (typeof input.rejected !== 'boolean') problems.push('ange om stödet beviljades eller avslogs');
  const amountOre = input.amountOre ?? null;
  const rejectionReason = t(input.rejectionReason) || null;
  if (rejectionReason && rejectionReason.length > MAX.reason) problems.push(`${FIELD_LABELS.rejectionReason} är längre än ${MAX.reason} tecken`);
  if (input.rejected === false) {
    if (amountOre === null) problems.push(`beviljat stöd utan ${FIELD_LABELS.amount.toLowerCase()}`);
    else if (!Number.isSafeInteger(amountOre) || amountOre <= 0) problems.push(`${FIELD_LABELS.amount} måste vara större än 0 kronor, i hela ören`);
  }
  if (input.rejected === true && amountOre !== null && amountOre !== 0) problems.push('ett avslag har inget belopp');
  if (problems.length) throw new DomainError('invalid-support-entry', `${capitalise(problems.join('; '))}.`);
  const stated = typeof input.naturalPerson === 'boolean';
  return {
    nypsId, caseNumber, supportType, company, sector, municipality, decider, decidedOn,
    gender: input.gender ?? null,
    rejected: input.rejected,
    amountOre: input.rejected ? null : amountOre,
    rejectionReason: input.rejected ? rejectionReason : null,
    naturalPerson: stated ? input.naturalPerson! : isSoleTraderName(company),
    naturalPersonStated: stated,
  };
}

// ── reading the file ────────────────────────────────────────────────────

export const MAX_IMPORT_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 10_000;

export interface Table {
  headers: string[];
  rows: RawRow[];
  /** Rows with nothing in them (not counted as decisions). */
  blank: number;
}

/** CSV text as rows of cells: ; , or tab as separator (whichever the header line has most of), quotes as RFC 4180. */
export function parseCsv(input: string): string[][] {
  const textIn = input.replace(/^\uFEFF/, '');
  const firstLine = textIn.split(/\r?\n/, 1)[0] ?? '';
  const counts = [';', ',', '\t'].map((d) => [d, firstLine.split(d).length] as const);
  const sep = counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  const rows: string[][] = [];
  let row: string[] = [];
  let cellText = '';
  let quoted = false;
  let i = 0;
  while (i < textIn.length) {
    const ch = textIn[i]!;
    if (quoted) {
      if (ch === '"') {
        if (textIn[i + 1] === '"') {
          cellText += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else cellText += ch;
      i++;
      continue;
    }
    if (ch === '"' && cellText === '') quoted = true;
    else if (ch === sep) {
      row.push(cellText);
      cellText = '';
    } else if (ch === '\n' || ch === '\r') {
      row.push(cellText);
      rows.push(row);
      row = [];
      cellText = '';
      if (ch === '\r' && textIn[i + 1] === '\n') i++;
    } else cellText += ch;
    i++;
  }
  if (quoted) throw new DomainError('invalid-csv', 'CSV-filen har ett citattecken som aldrig avslutas.');
  if (cellText !== '' || row.length) {
    row.push(cellText);
    rows.push(row);
  }
  return rows;
}

/** UTF-8 (with or without BOM), or else Windows-1252 (what Excel writes for "CSV (semikolonavgränsad)"). */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const isBlank = (cells: RawCell[]) => cells.every((c) => text(c) === '');

function toTable(all: RawCell[][]): Table {
  const headerAt = all.findIndex((r) => !isBlank(r));
  if (headerAt < 0) throw new DomainError('empty-file', 'Filen är tom.');
  const headers = all[headerAt]!.map((c) => text(c));
  const rows: RawRow[] = [];
  let blank = 0;
  for (let i = headerAt + 1; i < all.length; i++) {
    if (isBlank(all[i]!)) blank++;
    else rows.push({ line: i + 1, cells: all[i]! });
  }
  // trailing blank lines are not rows anyone wrote
  let trailing = 0;
  for (let i = all.length - 1; i > headerAt && isBlank(all[i]!); i--) trailing++;
  if (rows.length > MAX_IMPORT_ROWS) throw new DomainError('too-many-rows', `Filen har ${rows.length} rader; högst ${MAX_IMPORT_ROWS} kan läsas in åt gången.`);
  return { headers, rows, blank: blank - trailing };
}

const cellOf = (v: ExcelJS.CellValue): RawCell => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v;
  if (typeof v === 'boolean') return v ? 'ja' : 'nej';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellOf(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    if ('error' in v) return null;
  }
  return String(v);
};

/** Reads the first sheet of an xlsx file, or a CSV file, into headers and rows. */
export async function readTable(fileName: string, bytes: Uint8Array): Promise<Table> {
  if (bytes.length === 0) throw new DomainError('empty-file', 'Filen är tom.');
  if (bytes.length > MAX_IMPORT_FILE_BYTES) throw new DomainError('file-too-large', `Filen är större än ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB.`, { status: 413 });
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (zip || /\.xlsx$/i.test(fileName)) {
    if (!zip) throw new DomainError('invalid-xlsx', `${fileName} är inte en xlsx-fil.`);
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    } catch {
      throw new DomainError('invalid-xlsx', `${fileName} kunde inte läsas som en xlsx-fil.`);
    }
    const sheet = wb.worksheets[0];
    if (!sheet) throw new DomainError('empty-file', 'Arbetsboken har inget blad.');
    const all: RawCell[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, n) => {
      const values = row.values as ExcelJS.CellValue[]; // 1-based
      all[n - 1] = values.slice(1).map(cellOf);
    });
    for (let i = 0; i < all.length; i++) all[i] ??= [];
    return toTable(all);
  }
  if (/\.(xls|ods|pdf)$/i.test(fileName)) throw new DomainError('unsupported-file', `${fileName}: bara CSV och xlsx kan läsas in. Spara filen som xlsx eller CSV först.`, { status: 415 });
  return toTable(parseCsv(decodeText(bytes)));
}
