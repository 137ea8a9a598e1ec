/**
 * The register of business support decisions (företagsstöd) as the
 * delegation reports print it: a table "Dnr | Stöd | Företag |
 * Bransch/Prioritering | Kön | Kommun | Belopp | Beslutsfattare" under
 * "Företagsstöd / Perioden: A – B". PDF extraction breaks the cells over
 * lines; the parser rejoins them (rules in docs/funding.md). Pure.
 */
import { parseKronor, type Ore } from '../kernel/kronor.ts';

export const SUPPORT_TYPES = [
  'Särskilt driftstöd till utsatta butiker',
  'Kommersiell service',
  'Hemsändningsbidrag',
  'Omställningscheck',
  'Investeringsbidrag',
  'Konsulttjänst',
  'Mikrobidrag',
  'Såddbidrag',
  'Särskilt driftstöd',
  'Innovationscheck',
  'Lån',
] as const;

/** The municipalities of Örebro län. */
export const MUNICIPALITIES = ['Askersund', 'Degerfors', 'Hallsberg', 'Hällefors', 'Karlskoga', 'Kumla', 'Laxå', 'Lekeberg', 'Lindesberg', 'Ljusnarsberg', 'Nora', 'Örebro'] as const;

const LEGAL_FORM = /^(AB|HB|KB|kommun|region|förening|stiftelse|ek\.?\s?för\.?|ekonomisk)$/i;

/** A name with no legal form in it (AB, HB, förening …) is a sole trader's: a natural person. */
export const isSoleTraderName = (company: string): boolean => !company.split(/\s+/).some((w) => LEGAL_FORM.test(w));

export interface BusinessSupportDecision {
  caseNumber: string | null; // "20RS4806"
  nypsId: string | null; // "Regt-53-20" or "216029"
  supportType: string;
  company: string;
  /** A company without a legal form is a sole trader: a natural person, so the name is personal data. */
  soleTrader: boolean;
  sector: string;
  gender: 'K' | 'M' | null;
  municipality: string;
  amountOre: Ore | null; // null when rejected
  rejected: boolean;
  rejectionReason: string | null;
  decider: string;
  line: number; // where the row starts in the file
  /**
   * Why the row needs a look (issue 18.3): an unknown support type or
   * municipality (kept as read), or a row that could not be split into its
   * cells (kept whole in `company`). Null or absent when the row read cleanly.
   */
  importFlag?: string | null;
}

export interface BusinessSupportList {
  periodFrom: string;
  periodTo: string;
  line: number;
  /** Every row read: none is dropped; a row that needs a look carries its `importFlag` and is in `problems` too. */
  decisions: BusinessSupportDecision[];
  problems: Array<{ line: number; text: string; message: string }>;
}

interface Piece {
  text: string;
  line: number;
  glue: boolean; // the raw line ended without white space: the next line continues the word
}

const ID_START = /^(?:(\d{2}RS\d{3,7})\b|NypsID:)/;
const STAMP_LINE = /^\d+\s*\(\d+\)$/;
const HEADER = /^Dnr\s+Stöd\s+Företag/;

/**
 * Finds every business support table in a text and reads its rows. Every row
 * read is kept: one with an unknown support type or municipality as read,
 * one that cannot be split into its cells whole (in `company`), each flagged
 * (`importFlag`, and listed in `problems`).
 *
 * Cells broken over lines are rejoined. Whether a broken word continues on
 * the next line is told by the line's end: a text layer that keeps the
 * trailing space of a line that ends between words (as pdftotext does) says
 * so line by line; a text without trailing white space at all (pdf.js, or a
 * file saved by an editor that strips it) says nothing, and then only a line
 * ending in a hyphen ("Regt-" + "53-20") continues the word.
 */
export function parseBusinessSupport(text: string): BusinessSupportList[] {
  const raw = text.replace(/\r\n?/g, '\n').split('\n');
  const lists: BusinessSupportList[] = [];
  for (let i = 0; i < raw.length; i++) {
    const period = /^\s*Perioden:\s*(\d{4}-\d{2}-\d{2})\s*[–-]\s*(\d{4}-\d{2}-\d{2})/.exec(raw[i]!);
    if (!period || !/Företagsstöd/i.test(raw.slice(Math.max(0, i - 3), i).join(' '))) continue;
    const header = raw.findIndex((l, j) => j > i && j < i + 8 && HEADER.test(l.trim()));
    if (header < 0) continue;
    const pieces: Piece[] = [];
    let j = header + 1;
    for (; j < raw.length; j++) {
      const line = raw[j]!;
      const t = line.trim();
      if (!t || /^Områdeschef$/i.test(t) || HEADER.test(t)) continue;
      if (STAMP_LINE.test(t)) {
        // a page break: the table goes on if the next text starts a row, or the row before it is not complete yet
        const next = raw.slice(j + 1).find((l) => l.trim() && !STAMP_LINE.test(l.trim()))?.trim() ?? '';
        if (ID_START.test(next) || HEADER.test(next) || (pieces.length > 0 && !rowComplete(pieces))) continue;
        break;
      }
      if (/^(Region Örebro län|Tjänsteställe|www\.)/.test(t) || /^Perioden:/.test(t)) break;
      pieces.push({ text: t, line: j + 1, glue: !/\s$/.test(line) });
    }
    lists.push({ periodFrom: period[1]!, periodTo: period[2]!, line: i + 1, ...readRows(pieces) });
    i = j;
  }
  return lists;
}

/** Does the last row of the pieces read as a whole row (its decider at the end)? */
function rowComplete(pieces: Piece[]): boolean {
  let k = pieces.length - 1;
  while (k > 0 && !ID_START.test(pieces[k]!.text)) k--;
  const row = pieces.slice(k).map((p) => p.text).join(' ');
  return new RegExp(`\\s(?:Avslag|\\d{1,3}(?: \\d{3})*)\\s${DECIDER}(?:\\s.*)?$`, 'u').test(row);
}

const DECIDER = '[A-ZÅÄÖ][\\p{L}-]+ [A-ZÅÄÖ][\\p{L}-]+';

function readRows(pieces: Piece[]): { decisions: BusinessSupportDecision[]; problems: BusinessSupportList['problems'] } {
  // the text says where a line ends between words only if some line of the table keeps its trailing white space
  const endsTold = pieces.some((p) => !p.glue);
  // rejoin the pieces into one stream, remembering where each row starts
  const rows: Array<{ text: string; line: number }> = [];
  let current: { text: string; line: number } | null = null;
  let glue = false;
  for (const p of pieces) {
    const starts = ID_START.test(p.text) && !glue;
    if (starts || !current) {
      current = { text: p.text, line: p.line };
      rows.push(current);
    } else {
      current.text += glue ? p.text : ` ${p.text}`;
    }
    glue = endsTold ? p.glue && /[\p{L}-]$/u.test(p.text) : /\p{L}-$/u.test(p.text);
  }
  const decisions: BusinessSupportDecision[] = [];
  const problems: BusinessSupportList['problems'] = [];
  for (const r of rows) {
    const text = r.text.replace(/\s+/g, ' ').replace(/\/ /g, '/').trim();
    let d: BusinessSupportDecision;
    try {
      d = readRow(text, r.line);
    } catch (e) {
      // kept whole: nothing of the row is lost, and it is flagged for a look
      d = wholeRow(text, r.line, `raden kunde inte delas upp i kolumner (${(e as Error).message}); den sparas hel`);
    }
    decisions.push(d);
    if (d.importFlag) problems.push({ line: r.line, text: text.slice(0, 120), message: d.importFlag });
  }
  return { decisions, problems };
}

/** A row that could not be split: its id if it has one, the rest of it as the company cell, flagged. */
function wholeRow(row: string, line: number, flag: string): BusinessSupportDecision {
  const dnr = /^(\d{2}RS\d{3,7})\s*/.exec(row);
  const nyps = dnr ? null : /^NypsID:\s*(Regt-\d+-\d+|\d{4,})?\s*/.exec(row);
  const rest = row.slice((dnr ?? nyps)?.[0].length ?? 0).trim() || row;
  const type = SUPPORT_TYPES.find((t) => rest.startsWith(`${t} `)) ?? '';
  const rejected = /\sAvslag\s/.test(` ${rest} `);
  return {
    caseNumber: dnr?.[1] ?? null,
    nypsId: nyps?.[1] ?? null,
    supportType: type,
    company: (type ? rest.slice(type.length + 1) : rest).slice(0, 500),
    soleTrader: false,
    sector: '',
    gender: null,
    municipality: '',
    amountOre: null,
    rejected,
    rejectionReason: null,
    decider: '',
    line,
    importFlag: flag,
  };
}

/** Words a support type's name ends with ("…bidrag", "…check", "…stöd", "Lån", "…service", "…tjänst"). */
const TYPE_WORD = /(?:bidrag|check|checkar|stöd|lån|service|tjänst|tjänster|garanti|ersättning|stipendium|peng|pengar|program|insats)$/iu;

/** An unknown support type: the words up to the first that ends like one (at most four words), else the first word. */
function guessType(rest: string): string {
  const words = rest.split(' ');
  const at = words.slice(0, 4).findIndex((w) => TYPE_WORD.test(w));
  return words.slice(0, at >= 0 ? at + 1 : 1).join(' ');
}

function readRow(row: string, line: number): BusinessSupportDecision {
  let rest = row;
  let caseNumber: string | null = null;
  let nypsId: string | null = null;
  const flags: string[] = [];
  const dnr = /^(\d{2}RS\d{3,7})\s+/.exec(rest);
  if (dnr) {
    caseNumber = dnr[1]!;
    rest = rest.slice(dnr[0].length);
  } else {
    rest = rest.replace(/^NypsID:\s*/, '');
    const id = /^(Regt-\d+-\d+|\d{4,})\s+/.exec(rest);
    if (id) {
      nypsId = id[1]!;
      rest = rest.slice(id[0].length);
    } else {
      // the id cell was printed after the rest of the row
      const late = /\s(Regt-\d+-\d+)\b/.exec(rest);
      if (late) {
        nypsId = late[1]!;
        rest = (rest.slice(0, late.index) + rest.slice(late.index + late[0].length)).trim();
      }
    }
  }
  let type: string | undefined = SUPPORT_TYPES.find((t) => rest.startsWith(`${t} `));
  if (!type) {
    // an unknown support type is kept as read and flagged, never dropped
    type = guessType(rest);
    flags.push(`okänd stödtyp "${type}" (sparad som den lästes; kontrollera stödtyp och företag)`);
  }
  rest = rest.slice(type.length + 1);

  // from the right: decider (two words), amount or Avslag, municipality, gender
  const tailOf = (municipality: string) =>
    new RegExp(`^(.*?)\\s(?:([KM])\\s)?(${municipality})\\s(Avslag|\\d{1,3}(?: \\d{3})*)\\s(${DECIDER})(?:\\s(.*))?$`, 'u').exec(rest);
  let tail = tailOf(MUNICIPALITIES.join('|'));
  if (!tail) {
    // a municipality outside the list: kept as read and flagged
    tail = tailOf('\\p{Lu}[\\p{L}-]+');
    if (tail) flags.push(`okänd kommun "${tail[3]}" (sparad som den lästes)`);
  }
  if (!tail) throw new Error(`hittar inte kön, kommun, belopp och beslutsfattare i "${rest.slice(0, 60)}"`);
  const [, middleRaw = '', gender, municipality, amount, decider, leftover] = tail;
  let middle = middleRaw.trim();
  const rejected = amount === 'Avslag';
  let rejectionReason: string | null = null;
  if (rejected) {
    const reason = /\s(Avslag\b.*)$/.exec(middle) ?? /\/\s*(Ej .*)$/.exec(middle);
    if (reason) {
      rejectionReason = reason[1]!.trim();
      middle = middle.slice(0, reason.index).trim();
    }
  }
  let company: string;
  let sector: string;
  const words = middle.split(' ');
  if (leftover) {
    // cells printed after the row continue the company's name
    sector = words.pop() ?? '';
    company = `${words.join(' ')} ${leftover}`.trim();
  } else {
    const formAt = words.map((w) => LEGAL_FORM.test(w)).lastIndexOf(true);
    if (formAt >= 0 && formAt < words.length - 1) {
      company = words.slice(0, formAt + 1).join(' ');
      sector = words.slice(formAt + 1).join(' ');
    } else {
      // no legal form to end the name at: the sector is its capitalised word and the lower-case words after it ("Hälsa och kroppsvård")
      const at = words.findLastIndex((w, k) => k > 0 && /^\p{Lu}/u.test(w) && words.slice(k + 1).every((x) => !/^\p{Lu}/u.test(x)));
      const from = at > 0 ? at : words.length - 1;
      sector = words.slice(from).join(' ');
      company = words.slice(0, from).join(' ');
    }
  }
  sector = sector.replace(/\s*-$/, '').trim();
  const soleTrader = isSoleTraderName(company);
  return {
    caseNumber,
    nypsId,
    supportType: type,
    company,
    soleTrader,
    sector,
    gender: (gender as 'K' | 'M' | undefined) ?? null,
    municipality: municipality!,
    amountOre: rejected ? null : parseKronor(amount!),
    rejected,
    rejectionReason,
    decider: decider!,
    line,
    importFlag: flags.length > 0 ? flags.join('; ') : null,
  };
}

export interface SupportTotals {
  rows: number;
  granted: number;
  rejected: number;
  sumGrantedOre: Ore;
  byGender: Record<'K' | 'M' | 'okänt', { granted: number; sumOre: Ore }>;
  byType: Record<string, { granted: number; sumOre: Ore }>;
  byMunicipality: Record<string, { granted: number; sumOre: Ore }>;
}

export function totals(decisions: BusinessSupportDecision[]): SupportTotals {
  const t: SupportTotals = { rows: decisions.length, granted: 0, rejected: 0, sumGrantedOre: 0, byGender: { K: { granted: 0, sumOre: 0 }, M: { granted: 0, sumOre: 0 }, okänt: { granted: 0, sumOre: 0 } }, byType: {}, byMunicipality: {} };
  for (const d of decisions) {
    if (d.rejected) {
      t.rejected++;
      continue;
    }
    const a = d.amountOre ?? 0;
    t.granted++;
    t.sumGrantedOre += a;
    const g = t.byGender[d.gender ?? 'okänt'];
    g.granted++;
    g.sumOre += a;
    for (const [map, key] of [[t.byType, d.supportType], [t.byMunicipality, d.municipality]] as const) {
      map[key] ??= { granted: 0, sumOre: 0 };
      map[key]!.granted++;
      map[key]!.sumOre += a;
    }
  }
  return t;
}
