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
}

export interface BusinessSupportList {
  periodFrom: string;
  periodTo: string;
  line: number;
  decisions: BusinessSupportDecision[];
  problems: Array<{ line: number; text: string; message: string }>;
}

interface Piece {
  text: string;
  line: number;
  glue: boolean; // the raw line ended without white space: the next line continues the word
}

const ID_START = /^(?:(\d{2}RS\d{3,7})\b|NypsID:)/;

/** Finds every business support table in a text and reads its rows. */
export function parseBusinessSupport(text: string): BusinessSupportList[] {
  const raw = text.replace(/\r\n?/g, '\n').split('\n');
  const lists: BusinessSupportList[] = [];
  for (let i = 0; i < raw.length; i++) {
    const period = /^\s*Perioden:\s*(\d{4}-\d{2}-\d{2})\s*[–-]\s*(\d{4}-\d{2}-\d{2})/.exec(raw[i]!);
    if (!period || !/Företagsstöd/i.test(raw.slice(Math.max(0, i - 3), i).join(' '))) continue;
    const header = raw.findIndex((l, j) => j > i && j < i + 8 && /^Dnr\s+Stöd\s+Företag/.test(l.trim()));
    if (header < 0) continue;
    const pieces: Piece[] = [];
    let j = header + 1;
    for (; j < raw.length; j++) {
      const line = raw[j]!;
      const t = line.trim();
      if (!t || /^Områdeschef$/i.test(t) || /^Dnr\s+Stöd\s+Företag/.test(t)) continue;
      if (/^\d+\s*\(\d+\)$/.test(t)) {
        // a page break: the table goes on only if the next text starts a row
        const next = raw.slice(j + 1).find((l) => l.trim() && !/^\d+\s*\(\d+\)$/.test(l.trim()));
        if (next && (ID_START.test(next.trim()) || /^Dnr\s+Stöd/.test(next.trim()))) continue;
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

function readRows(pieces: Piece[]): { decisions: BusinessSupportDecision[]; problems: BusinessSupportList['problems'] } {
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
    glue = p.glue && /[\p{L}-]$/u.test(p.text);
  }
  const decisions: BusinessSupportDecision[] = [];
  const problems: BusinessSupportList['problems'] = [];
  for (const r of rows) {
    try {
      decisions.push(readRow(r.text.replace(/\s+/g, ' ').replace(/\/ /g, '/').trim(), r.line));
    } catch (e) {
      problems.push({ line: r.line, text: r.text.slice(0, 120), message: (e as Error).message });
    }
  }
  return { decisions, problems };
}

function readRow(row: string, line: number): BusinessSupportDecision {
  let rest = row;
  let caseNumber: string | null = null;
  let nypsId: string | null = null;
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
  const type = SUPPORT_TYPES.find((t) => rest.startsWith(`${t} `));
  if (!type) throw new Error(`okänd stödtyp i "${rest.slice(0, 40)}"`);
  rest = rest.slice(type.length + 1);

  // from the right: decider (two words), amount or Avslag, municipality, gender
  const tail = new RegExp(`^(.*?)\\s(?:([KM])\\s)?(${MUNICIPALITIES.join('|')})\\s(Avslag|\\d{1,3}(?: \\d{3})*)\\s([A-ZÅÄÖ][\\p{L}-]+ [A-ZÅÄÖ][\\p{L}-]+)(?:\\s(.*))?$`, 'u').exec(rest);
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
      sector = words.pop() ?? '';
      company = words.join(' ');
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
