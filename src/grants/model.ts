/**
 * Pure rules of grants to associations and foundations (issue 21.2): the
 * organisationsnummer and its check digit, what an organisation, an
 * application, its decision and its yearly report must hold, and the reading
 * of a pasted history table ("beviljade medel 1994-2019") where every row is
 * accounted for with the reason for what became of it.
 */
import { DomainError } from '../kernel/errors.ts';
import { assertIsoDate, type IsoDate } from '../kernel/dates.ts';
import { parseKronor, type Ore } from '../kernel/kronor.ts';
import { cleanLine } from '../kernel/text.ts';
import { isPersonalNumber } from '../publish/mask.ts';

export const KINDS = ['förening', 'stiftelse', 'annan'] as const;
export type OrganisationKind = (typeof KINDS)[number];
export const KIND_LABEL: Record<OrganisationKind, string> = { förening: 'Förening', stiftelse: 'Stiftelse', annan: 'Annan organisation' };

export const OUTCOMES = ['bifall', 'avslag'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABEL: Record<Outcome, string> = { bifall: 'Bifall', avslag: 'Avslag' };

export type ApplicationStatus = 'pending' | 'granted' | 'rejected' | 'report-due' | 'report-late' | 'reported';
export const STATUS_LABEL: Record<ApplicationStatus, string> = {
  pending: 'Inte beslutad',
  granted: 'Beviljad',
  rejected: 'Avslagen',
  'report-due': 'Beviljad, redovisning väntas',
  'report-late': 'Redovisningen är försenad',
  reported: 'Beviljad och redovisad',
};

export const MAX_NAME = 300;
export const MAX_PURPOSE = 2000;
export const MAX_REASON = 5000;
export const MAX_HISTORY_LINES = 5000;

/** Luhn check over the digits (the last is the check digit). */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let v = Number(digits[digits.length - 1 - i]) * (i % 2 === 1 ? 2 : 1);
    if (v > 9) v -= 9;
    sum += v;
  }
  return sum % 10 === 0;
}

/**
 * An organisationsnummer as NNNNNN-NNNN: written with or without the hyphen,
 * with or without the prefix 16 (SCB's twelve-digit form); the last digit
 * must be the Luhn check digit of the other nine.
 */
export function validateOrgNumber(input: unknown): string {
  const text = String(input ?? '').replace(/[\s\u00a0]/g, '');
  const m = /^(?:16)?(\d{6})-?(\d{4})$/.exec(text);
  if (!m) throw new DomainError('invalid-org-number', `Organisationsnumret "${text.slice(0, 20)}" ska skrivas NNNNNN-NNNN, till exempel 875002-5994.`);
  const digits = `${m[1]}${m[2]}`;
  if (!luhnValid(digits)) throw new DomainError('invalid-org-number', `Organisationsnumret ${m[1]}-${m[2]} har fel kontrollsiffra.`);
  return `${m[1]}-${m[2]}`;
}

/** A number that is a personnummer (a sole trader's, or a person's): the holder is a natural person, whose name is personal data. */
export const isNaturalPersonNumber = (orgNumber: string | null): boolean => orgNumber !== null && isPersonalNumber(orgNumber);

function line(v: unknown, what: string, max: number, required: boolean): string | null {
  const s = v === undefined || v === null ? '' : cleanLine(String(v));
  if (!s) {
    if (required) throw new DomainError('grant-field-required', `${what} måste fyllas i.`);
    return null;
  }
  if (s.length > max) throw new DomainError('grant-field-too-long', `${what} får vara högst ${max} tecken (nu ${s.length}).`);
  return s;
}

function text(v: unknown, what: string, max: number, required = false): string | null {
  // eslint-disable-next-line no-control-regex
  const s = v === undefined || v === null ? '' : String(v).replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
  if (!s) {
    if (required) throw new DomainError('grant-field-required', `${what} måste fyllas i.`);
    return null;
  }
  if (s.length > max) throw new DomainError('grant-field-too-long', `${what} får vara högst ${max} tecken (nu ${s.length}).`);
  return s;
}

function date(v: unknown, what: string, required: boolean): IsoDate | null {
  if (v === undefined || v === null || v === '') {
    if (required) throw new DomainError('grant-field-required', `${what} måste fyllas i.`);
    return null;
  }
  return assertIsoDate(String(v), what);
}

function year(v: unknown, what: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1900 || n > 2100) throw new DomainError('grant-invalid-year', `${what} ska vara ett år mellan 1900 och 2100.`);
  return n;
}

function ore(v: unknown, what: string, positive: boolean): Ore {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0 || (positive && n === 0)) {
    throw new DomainError('grant-invalid-amount', `${what} ska vara ett belopp i hela ören${positive ? ', större än noll' : ''}.`);
  }
  return n;
}

export interface OrganisationFields {
  name: string;
  orgNumber: string | null;
  kind: OrganisationKind;
  naturalPerson: boolean;
  note: string | null;
}

/** An organisation: its name, its kind, the organisationsnummer when known (a personnummer marks a natural person). */
export function validateOrganisation(input: Record<string, unknown>): OrganisationFields {
  const name = line(input.name, 'Organisationens namn', MAX_NAME, true)!;
  if (!KINDS.includes(input.kind as OrganisationKind)) throw new DomainError('grant-invalid-kind', 'Ange om organisationen är en förening, en stiftelse eller en annan organisation.');
  const raw = input.orgNumber === undefined || input.orgNumber === null || String(input.orgNumber).trim() === '' ? null : input.orgNumber;
  const orgNumber = raw === null ? null : validateOrgNumber(raw);
  return { name, orgNumber, kind: input.kind as OrganisationKind, naturalPerson: isNaturalPersonNumber(orgNumber) || input.naturalPerson === true, note: text(input.note, 'Anteckningen', 5000) };
}

export interface ApplicationFields {
  year: number;
  amountOre: Ore;
  purpose: string;
  receivedOn: IsoDate | null;
  budgetLine: string | null;
}

/** An application: the year the grant is for, the amount applied for, its purpose. */
export function validateApplication(input: Record<string, unknown>): ApplicationFields {
  return {
    year: year(input.year, 'Bidragsåret'),
    amountOre: ore(input.amountOre, 'Det sökta beloppet', true),
    purpose: text(input.purpose, 'Ändamålet (vad bidraget ska användas till)', MAX_PURPOSE, true)!,
    receivedOn: date(input.receivedOn, 'Ansökans ankomstdatum', false),
    budgetLine: line(input.budgetLine, 'Budgetraden', 200, false),
  };
}

export interface DecisionFields {
  outcome: Outcome;
  grantedOre: Ore | null;
  reason: string | null;
  decidedOn: IsoDate;
}

/**
 * A decision: bifall with the amount granted (more than zero, at most what
 * was applied for), or avslag with its reason; the day it was taken, not
 * before the application came in and not in the future.
 */
export function validateDecision(input: Record<string, unknown>, ctx: { appliedOre: Ore; receivedOn: IsoDate | null; today: IsoDate }): DecisionFields {
  if (!OUTCOMES.includes(input.outcome as Outcome)) throw new DomainError('grant-invalid-outcome', 'Ange beslutet: bifall eller avslag.');
  const outcome = input.outcome as Outcome;
  const decidedOn = date(input.decidedOn, 'Beslutsdagen', true)!;
  if (ctx.receivedOn && decidedOn < ctx.receivedOn) throw new DomainError('grant-invalid-date', `Beslutet kan inte ha fattats ${decidedOn}, före ansökans ankomst ${ctx.receivedOn}.`);
  if (decidedOn > ctx.today) throw new DomainError('grant-invalid-date', `Beslutet kan inte registreras som fattat ${decidedOn}, ett datum som inte har kommit än.`);
  const reason = text(input.reason, outcome === 'avslag' ? 'Skälet för avslaget' : 'Motiveringen', MAX_REASON, outcome === 'avslag');
  if (outcome === 'avslag') {
    if (input.grantedOre !== undefined && input.grantedOre !== null && Number(input.grantedOre) !== 0) {
      throw new DomainError('grant-invalid-amount', 'Ett avslag beviljar inget belopp.');
    }
    return { outcome, grantedOre: null, reason, decidedOn };
  }
  if (input.grantedOre === undefined || input.grantedOre === null) throw new DomainError('grant-field-required', 'Det beviljade beloppet måste fyllas i vid bifall.');
  const grantedOre = ore(input.grantedOre, 'Det beviljade beloppet', true);
  if (grantedOre > ctx.appliedOre) throw new DomainError('grant-invalid-amount', 'Det beviljade beloppet kan inte vara större än det sökta.');
  return { outcome, grantedOre, reason, decidedOn };
}

/** The yearly report: due no earlier than the decision; received no earlier than the decision and not in the future. */
export function validateReport(input: { reportDue?: unknown; reportReceivedOn?: unknown }, ctx: { decidedOn: IsoDate; today: IsoDate }): { reportDue: IsoDate | null; reportReceivedOn: IsoDate | null } {
  const reportDue = date(input.reportDue, 'Sista dag för redovisningen', false);
  const reportReceivedOn = date(input.reportReceivedOn, 'Dagen redovisningen kom in', false);
  if (reportDue && reportDue < ctx.decidedOn) throw new DomainError('grant-invalid-date', `Redovisningen kan inte ha sista dag ${reportDue}, före beslutet ${ctx.decidedOn}.`);
  if (reportReceivedOn && reportReceivedOn < ctx.decidedOn) throw new DomainError('grant-invalid-date', `Redovisningen kan inte ha kommit in ${reportReceivedOn}, före beslutet ${ctx.decidedOn}.`);
  if (reportReceivedOn && reportReceivedOn > ctx.today) throw new DomainError('grant-invalid-date', `Redovisningen kan inte registreras som inkommen ${reportReceivedOn}, ett datum som inte har kommit än.`);
  return { reportDue, reportReceivedOn };
}

export function applicationStatus(a: { outcome: Outcome | null; reportDue: IsoDate | null; reportReceivedOn: IsoDate | null }, today: IsoDate): ApplicationStatus {
  if (a.outcome === null) return 'pending';
  if (a.outcome === 'avslag') return 'rejected';
  if (a.reportReceivedOn) return 'reported';
  if (a.reportDue) return a.reportDue < today ? 'report-late' : 'report-due';
  return 'granted';
}

export interface BudgetLineSum {
  year: number;
  budgetLine: string;
  appliedOre: Ore;
  grantedOre: Ore;
  applications: number;
  granted: number;
}

/** The granted and applied amounts per year and budget line (an application without a line counts under its organisation's name). */
export function sumsPerBudgetLine(rows: Array<{ year: number; budgetLine: string | null; organisationName: string; amountOre: Ore; outcome: Outcome | null; grantedOre: Ore | null }>): BudgetLineSum[] {
  const m = new Map<string, BudgetLineSum>();
  for (const r of rows) {
    const budgetLine = r.budgetLine ?? r.organisationName;
    const key = `${r.year}\u0000${budgetLine.toLocaleLowerCase('sv')}`;
    const s = m.get(key) ?? { year: r.year, budgetLine, appliedOre: 0, grantedOre: 0, applications: 0, granted: 0 };
    s.appliedOre += r.amountOre;
    s.applications += 1;
    if (r.outcome === 'bifall') {
      s.grantedOre += r.grantedOre ?? 0;
      s.granted += 1;
    }
    m.set(key, s);
  }
  return [...m.values()].sort((a, b) => b.year - a.year || a.budgetLine.localeCompare(b.budgetLine, 'sv'));
}

/* ------------------------------------------------------------------ the history table */

export type RowDisposition = 'entry' | 'entry-without-amount' | 'sum' | 'title' | 'group' | 'header' | 'blank' | 'rejected';

export interface HistoryRow {
  /** 1-based line number in the pasted text. */
  line: number;
  text: string;
  disposition: RowDisposition;
  /** Why the row became what it did (Swedish, shown as is). */
  reason: string;
  year?: number;
  amountOre?: Ore | null;
  description?: string | null;
  group?: string | null;
}

export interface HistoryParse {
  /** The table's title when its first line is one. */
  title: string | null;
  rows: HistoryRow[];
  entries: Array<{ line: number; year: number; amountOre: Ore | null; description: string | null; group: string | null }>;
  counts: Record<RowDisposition, number>;
}

const YEAR = /^(19|20)\d{2}$/;
const SUM = /^(summa|s:a|totalt|total|sammanlagt)(?![\p{L}])/iu;
const GRAND = /\b(totalt|total|hela|alla)\b/i;
/** The amount at the end of a sum row: "Summa: 618 140", "Summa övriga projekt: 3 212 526 kr". */
const TRAILING_AMOUNT = /((?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,\d{1,2})?(?:\s*(?:kr|kronor|tkr|mnkr))?)\.?\s*$/i;

function cellsOf(l: string): string[] {
  const cells = l.includes('\t') ? l.split('\t') : l.split(/\s{2,}|;/);
  return cells.map((c) => cleanLine(c)).filter((c) => c !== '');
}

function amountOf(cell: string): Ore | null {
  const c = cell.replace(/^[-–]$/, '');
  if (!c || !/\d/.test(c) || YEAR.test(c)) return null;
  try {
    const v = parseKronor(c);
    return v >= 0 ? v : null;
  } catch {
    return null;
  }
}

const kr = (o: Ore) => `${(o / 100).toLocaleString('sv-SE').replace(/\u00a0/g, ' ')} kronor`;

/**
 * Reads a pasted table of grants (from a spreadsheet: tab-separated, or
 * columns two spaces apart): every line with a year (1900–2099) and an
 * amount becomes an entry; a line with a year and no amount an entry
 * without amount; a "Summa"-line is checked against the amounts of its group
 * (the rows since the last heading); a lone text is the table's title (first)
 * or a group heading; a line of several texts and no year the column
 * headings; anything else is rejected with the reason. Nothing is dropped
 * without a row saying why.
 */
export function parseHistoryTable(input: string): HistoryParse {
  const lines = String(input ?? '').replace(/\r\n?/g, '\n').split('\n');
  while (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length === 0) throw new DomainError('grant-history-empty', 'Tabellen är tom: klistra in raderna med år och belopp.');
  if (lines.length > MAX_HISTORY_LINES) throw new DomainError('grant-history-too-long', `Tabellen får ha högst ${MAX_HISTORY_LINES} rader (nu ${lines.length}).`);
  const rows: HistoryRow[] = [];
  let title: string | null = null;
  let group: string | null = null;
  let groupAmounts: Ore[] = [];
  let groupMissing = 0;
  let seenData = false;
  const allAmounts: Ore[] = [];
  const groupSums: Ore[] = [];
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const shown = cleanLine(raw).slice(0, 300);
    const cells = cellsOf(raw);
    if (cells.length === 0) {
      rows.push({ line: lineNo, text: '', disposition: 'blank', reason: 'Tom rad.' });
      return;
    }
    const first = cells[0]!;
    // a sum row has no year of its own ("S:a Åsmossen … 1999" is Södra Åsmossen, a row of 1999)
    if (SUM.test(first) && !cells.some((c) => YEAR.test(c))) {
      const label = [first, ...cells.slice(1)].join(' ');
      const num = TRAILING_AMOUNT.exec(label);
      const total = num ? amountOf(num[1]!.trim()) : null;
      if (total === null) {
        rows.push({ line: lineNo, text: shown, disposition: 'rejected', reason: 'Summeringsraden har inget belopp som går att läsa.', group });
        return;
      }
      const grand = GRAND.test(label);
      if (grand) {
        let reason: string;
        const all = allAmounts.reduce((a, b) => a + b, 0);
        const groups = groupSums.reduce((a, b) => a + b, 0);
        if (allAmounts.length) reason = all === total ? `Summa för hela tabellen: ${kr(total)}, stämmer med radernas belopp.` : `Summa för hela tabellen: ${kr(total)}, men radernas belopp är ${kr(all)}. Kontrollera tabellen.`;
        else if (groupSums.length) reason = groups === total ? `Summa för hela tabellen: ${kr(total)}, stämmer med gruppernas summeringsrader.` : `Summa för hela tabellen: ${kr(total)}, men gruppernas summeringsrader är tillsammans ${kr(groups)}. Kontrollera tabellen.`;
        else reason = `Summa för hela tabellen: ${kr(total)}; inga belopp att jämföra med.`;
        rows.push({ line: lineNo, text: shown, disposition: 'sum', reason: `${reason} Importeras inte som ett eget bidrag.`, amountOre: total, group: null });
        return;
      }
      groupSums.push(total);
      const of = group ? `gruppen ${group}` : 'raderna ovanför';
      let reason: string;
      if (groupAmounts.length === 0) reason = `Summeringsrad för ${of}: ${kr(total)}. Raderna saknar egna belopp, så summan kan inte kontrolleras; den importeras inte som ett bidrag.`;
      else {
        const sum = groupAmounts.reduce((a, b) => a + b, 0);
        const missing = groupMissing ? ` (${groupMissing} rader utan belopp)` : '';
        reason = sum === total
          ? `Summeringsrad för ${of}: ${kr(total)}, stämmer med radernas belopp${missing}. Importeras inte som ett eget bidrag.`
          : `Summeringsrad för ${of}: ${kr(total)}, men radernas belopp är ${kr(sum)}${missing}. Kontrollera tabellen; summan importeras inte.`;
      }
      rows.push({ line: lineNo, text: shown, disposition: 'sum', reason, amountOre: total, group });
      return;
    }
    const yearIdx = cells.findIndex((c) => YEAR.test(c));
    let amountIdx = -1;
    for (let k = cells.length - 1; k >= 0; k--) if (k !== yearIdx && amountOf(cells[k]!) !== null) {
      amountIdx = k;
      break;
    }
    if (yearIdx === -1) {
      if (amountIdx !== -1) {
        rows.push({ line: lineNo, text: shown, disposition: 'rejected', reason: 'Raden har ett belopp men inget år (ÅÅÅÅ); den importeras inte.', group });
        return;
      }
      if (cells.length === 1) {
        const heading = first.replace(/:$/, '');
        if (!seenData && title === null && group === null) {
          title = heading;
          rows.push({ line: lineNo, text: shown, disposition: 'title', reason: 'Tabellens rubrik.' });
        } else {
          group = heading;
          groupAmounts = [];
          groupMissing = 0;
          rows.push({ line: lineNo, text: shown, disposition: 'group', reason: `Gruppens rubrik: raderna under den hör till ${heading}.`, group: heading });
        }
        return;
      }
      rows.push({ line: lineNo, text: shown, disposition: 'header', reason: 'Kolumnrubriker (inget år på raden).' });
      return;
    }
    seenData = true;
    const y = Number(cells[yearIdx]);
    const amount = amountIdx === -1 ? null : amountOf(cells[amountIdx]!);
    const description = cells.filter((_, k) => k !== yearIdx && k !== amountIdx).join(' – ').slice(0, 500) || null;
    if (amount === null) {
      groupMissing += 1;
      rows.push({ line: lineNo, text: shown, disposition: 'entry-without-amount', reason: `År ${y} utan belopp på raden; importeras utan belopp.`, year: y, amountOre: null, description, group });
    } else {
      groupAmounts.push(amount);
      allAmounts.push(amount);
      rows.push({ line: lineNo, text: shown, disposition: 'entry', reason: `År ${y}, ${kr(amount)}.`, year: y, amountOre: amount, description, group });
    }
  });
  const counts = { entry: 0, 'entry-without-amount': 0, sum: 0, title: 0, group: 0, header: 0, blank: 0, rejected: 0 } as Record<RowDisposition, number>;
  for (const r of rows) counts[r.disposition] += 1;
  const entries = rows
    .filter((r) => r.disposition === 'entry' || r.disposition === 'entry-without-amount')
    .map((r) => ({ line: r.line, year: r.year!, amountOre: r.amountOre ?? null, description: r.description ?? null, group: r.group ?? null }));
  if (entries.length === 0) throw new DomainError('grant-history-no-rows', 'Tabellen har ingen rad med ett år (ÅÅÅÅ): ingenting att importera.', { details: { rows } });
  return { title, rows, entries, counts };
}

/** One history entry entered by hand: a year, an amount (or none known) and what it was for. */
export function validateHistoryEntry(input: Record<string, unknown>): { year: number; amountOre: Ore | null; description: string | null } {
  const amountOre = input.amountOre === undefined || input.amountOre === null ? null : ore(input.amountOre, 'Beloppet', false);
  return { year: year(input.year, 'Året'), amountOre, description: line(input.description, 'Beskrivningen', 500, false) };
}
