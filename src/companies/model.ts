/**
 * Pure rules of the companies and foundations the region owns or founded
 * (issue 21.3): the region's share as an exact decimal percent (basis
 * points), the names the papers call a company by, the validity of owner
 * directives and agreements, and the reports expected per year.
 */
import { DomainError } from '../kernel/errors.ts';
import { assertIsoDate, type IsoDate } from '../kernel/dates.ts';
import { cleanLine } from '../kernel/text.ts';
import { validateOrgNumber } from '../grants/model.ts';

export const COMPANY_KINDS = ['bolag', 'stiftelse'] as const;
export type CompanyKind = (typeof COMPANY_KINDS)[number];
export const COMPANY_KIND_LABEL: Record<CompanyKind, string> = { bolag: 'Bolag', stiftelse: 'Stiftelse' };

export const DOCUMENT_KINDS = ['ägaranvisning', 'finansieringsavtal', 'bolagsordning', 'annat avtal'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_KIND_LABEL: Record<DocumentKind, string> = {
  ägaranvisning: 'Ägaranvisning',
  finansieringsavtal: 'Finansieringsavtal',
  bolagsordning: 'Bolagsordning',
  'annat avtal': 'Annat avtal',
};

export type Validity = 'future' | 'current' | 'expired';
export const VALIDITY_LABEL: Record<Validity, string> = { future: 'Gäller inte än', current: 'Gäller', expired: 'Har upphört' };

export type ReportStatus = 'expected' | 'late' | 'received';
export const REPORT_STATUS_LABEL: Record<ReportStatus, string> = { expected: 'Väntas', late: 'Försenad', received: 'Inkommen' };

export const MAX_ALIASES = 10;
export const MAX_PDF_BYTES = 10 * 1024 * 1024;

function line(v: unknown, what: string, max: number, required: boolean): string | null {
  const s = v === undefined || v === null ? '' : cleanLine(String(v));
  if (!s) {
    if (required) throw new DomainError('company-field-required', `${what} måste fyllas i.`);
    return null;
  }
  if (s.length > max) throw new DomainError('company-field-too-long', `${what} får vara högst ${max} tecken (nu ${s.length}).`);
  return s;
}

function date(v: unknown, what: string, required: boolean): IsoDate | null {
  if (v === undefined || v === null || v === '') {
    if (required) throw new DomainError('company-field-required', `${what} måste fyllas i.`);
    return null;
  }
  return assertIsoDate(String(v), what);
}

/**
 * The region's share as written: "49", "49,5", "33.33 %", "100 %" → basis
 * points (4900, 4950, 3333, 10000), exactly, from the digits; at most two
 * decimals, 0–100 %.
 */
export function parseShare(input: unknown): number {
  const s = String(input ?? '').trim().replace(/\s*(%|procent)$/i, '').trim();
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(s);
  if (!m) throw new DomainError('company-invalid-share', `Ägarandelen "${String(input ?? '').slice(0, 20)}" ska vara en procentsats med högst två decimaler, till exempel 49 eller 33,33.`);
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (bp > 10000) throw new DomainError('company-invalid-share', 'Ägarandelen kan inte vara mer än 100 procent.');
  return bp;
}

/** 4950 → "49,5 %", 10000 → "100 %", 3333 → "33,33 %". */
export function formatShare(bp: number): string {
  const whole = Math.floor(bp / 100);
  const frac = String(bp % 100).padStart(2, '0').replace(/0+$/, '');
  return `${whole}${frac ? `,${frac}` : ''}\u00a0%`;
}

export interface CompanyFields {
  name: string;
  orgNumber: string | null;
  kind: CompanyKind;
  shareBp: number | null;
  aliases: string[];
  note: string | null;
}

/** The other names the papers use for the company ("Almi" for Almi Företagspartner Mälardalen AB): one a line, at least three letters, no duplicates. */
export function cleanAliases(input: unknown, name: string): string[] {
  const raw = (Array.isArray(input) ? input.map(String) : typeof input === 'string' ? input.split(/\r?\n|,/) : []).map((s) => cleanLine(s)).filter(Boolean);
  const seen = new Set([name.toLocaleLowerCase('sv')]);
  const out: string[] = [];
  for (const a of raw) {
    if (a.length < 3) throw new DomainError('company-invalid-alias', `Sökordet "${a}" är för kort: minst tre tecken, annars träffar det för mycket.`);
    if (a.length > 200) throw new DomainError('company-field-too-long', 'Ett sökord får vara högst 200 tecken.');
    const k = a.toLocaleLowerCase('sv');
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(a);
  }
  if (out.length > MAX_ALIASES) throw new DomainError('company-invalid-alias', `Högst ${MAX_ALIASES} andra namn.`);
  return out;
}

export function validateCompany(input: Record<string, unknown>): CompanyFields {
  const name = line(input.name, 'Bolagets eller stiftelsens namn', 300, true)!;
  if (!COMPANY_KINDS.includes(input.kind as CompanyKind)) throw new DomainError('company-invalid-kind', 'Ange om det är ett bolag eller en stiftelse.');
  const orgRaw = input.orgNumber === undefined || input.orgNumber === null || String(input.orgNumber).trim() === '' ? null : input.orgNumber;
  const shareRaw = input.share === undefined || input.share === null || String(input.share).trim() === '' ? null : input.share;
  return {
    name,
    orgNumber: orgRaw === null ? null : validateOrgNumber(orgRaw),
    kind: input.kind as CompanyKind,
    shareBp: shareRaw === null ? null : parseShare(shareRaw),
    aliases: cleanAliases(input.aliases, name),
    note: line(input.note, 'Anteckningen', 5000, false),
  };
}

export interface DocumentFields {
  kind: DocumentKind;
  title: string;
  validFrom: IsoDate;
  validTo: IsoDate | null;
  reference: string | null;
}

/** A directive or agreement: its kind, title, the day it takes effect and (if it ends) the last day; a file or a reference to where it is kept. */
export function validateDocument(input: Record<string, unknown>, hasFile: boolean): DocumentFields {
  if (!DOCUMENT_KINDS.includes(input.kind as DocumentKind)) throw new DomainError('company-invalid-document-kind', 'Ange vad handlingen är: ägaranvisning, finansieringsavtal, bolagsordning eller annat avtal.');
  const f: DocumentFields = {
    kind: input.kind as DocumentKind,
    title: line(input.title, 'Handlingens rubrik', 500, true)!,
    validFrom: date(input.validFrom, 'Dagen handlingen börjar gälla', true)!,
    validTo: date(input.validTo, 'Sista dagen handlingen gäller', false),
    reference: line(input.reference, 'Hänvisningen (diarienummer, beslut eller var handlingen finns)', 500, false),
  };
  if (f.validTo && f.validTo < f.validFrom) throw new DomainError('company-invalid-period', `Handlingen kan inte sluta gälla ${f.validTo}, före ${f.validFrom} då den börjar gälla.`);
  if (!hasFile && !f.reference) throw new DomainError('company-document-source', 'Ladda upp handlingen som PDF eller ange en hänvisning till den (diarienummer, beslut).');
  return f;
}

/** A PDF by its first bytes ("%PDF-"), within the size limit. */
export function checkPdf(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new DomainError('company-invalid-file', 'Filen är tom.');
  if (bytes.length > MAX_PDF_BYTES) throw new DomainError('company-invalid-file', `Filen får vara högst ${MAX_PDF_BYTES / 1024 / 1024} MB.`);
  if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') !== '%PDF-') throw new DomainError('company-invalid-file', 'Filen är inte en PDF.');
}

export function validityOf(d: { validFrom: IsoDate; validTo: IsoDate | null }, today: IsoDate): Validity {
  if (today < d.validFrom) return 'future';
  if (d.validTo && today > d.validTo) return 'expired';
  return 'current';
}

/** Two documents of the same kind in force on the same day: the newer replaces the older, so their periods must not overlap. */
export function overlapping<T extends { kind: DocumentKind; validFrom: IsoDate; validTo: IsoDate | null }>(docs: T[], d: { kind: DocumentKind; validFrom: IsoDate; validTo: IsoDate | null }): T | null {
  return (
    docs.find((x) => x.kind === d.kind && x.validFrom <= (d.validTo ?? '9999-12-31') && d.validFrom <= (x.validTo ?? '9999-12-31')) ?? null
  );
}

export interface ReportFields {
  year: number;
  kind: string;
  dueOn: IsoDate | null;
  receivedOn: IsoDate | null;
}

export function validateReport(input: Record<string, unknown>, today: IsoDate): ReportFields {
  const year = Number(input.year);
  if (!Number.isInteger(year) || year < 1900 || year > 2100) throw new DomainError('company-invalid-year', 'Året ska vara ett år mellan 1900 och 2100.');
  const f = {
    year,
    kind: line(input.kind, 'Vilken rapport (till exempel årsredovisning)', 200, true)!,
    dueOn: date(input.dueOn, 'Sista dag för rapporten', false),
    receivedOn: date(input.receivedOn, 'Dagen rapporten kom in', false),
  };
  if (f.receivedOn && f.receivedOn > today) throw new DomainError('company-invalid-date', `Rapporten kan inte registreras som inkommen ${f.receivedOn}, ett datum som inte har kommit än.`);
  return f;
}

export function reportStatus(r: { dueOn: IsoDate | null; receivedOn: IsoDate | null }, today: IsoDate): ReportStatus {
  if (r.receivedOn) return 'received';
  return r.dueOn && r.dueOn < today ? 'late' : 'expected';
}

/** Whether a title names the company by one of its names as a whole word (case-insensitive): "Almi" in "Almis uppdrag", not in "Palmi". */
export function namesCompany(title: string, names: readonly string[]): boolean {
  return names.some((n) => {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')}`, 'iu');
    return re.test(title);
  });
}
