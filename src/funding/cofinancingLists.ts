/**
 * Co-financing use cases: the lists of applications, decisions and payouts
 * (issue 16.8) with filters (status, year, handläggare, free text), sums in
 * öre, and export as CSV and xlsx. One column model serves the page, the
 * CSV and the workbook, so what is exported is what is shown.
 */
import type { Db } from '../db/index.ts';
import { DomainError } from '../kernel/errors.ts';
import type { Ore } from '../kernel/kronor.ts';
import { xlsx, range, ref, type Cell } from '../kernel/xlsx.ts';
import { authorize, type Actor } from '../access/model.ts';
import * as store from './cofinancingStore.ts';
import { STATUS_LABEL, PAYOUT_STATUS_LABEL, type ApplicationStatus, type PayoutStatus } from './cofinancingTypes.ts';
import { isoDay } from './cofinancingShared.ts';
import { csvCell, kronorDecimal } from './cofinancingPayouts.ts';

export type ListKind = 'applications' | 'decisions' | 'payouts';
export const LIST_KINDS: readonly ListKind[] = ['applications', 'decisions', 'payouts'];

export interface ListFilter {
  status?: string | null;
  year?: number | null;
  /** The case's handläggare, as written on the case. */
  officer?: string | null;
  /** Free text: case number, project or applicant. */
  q?: string | null;
}

export type ColumnKind = 'text' | 'date' | 'ore' | 'percent';
export interface ListColumn {
  key: string;
  label: string;
  kind: ColumnKind;
}
export type ListCell = string | number | null;

export interface ListView {
  kind: ListKind;
  title: string;
  columns: ListColumn[];
  /** Each row: its cells by column key, and the application it belongs to (for the link). */
  rows: Array<{ id: number; applicationId: number; cells: Record<string, ListCell> }>;
  /** The sum of every amount column over the rows shown, in öre. */
  sums: Record<string, Ore>;
  /** What the filters can choose from. */
  options: { statuses: Array<{ value: string; label: string }>; officers: string[]; years: number[] };
}

const DECISION_STATUS: Record<string, string> = { pending: 'Väntar på beslut', granted: 'Beviljat', rejected: 'Avslag', withdrawn: 'Återkallat' };
const DECISION_KIND: Record<string, string> = { grant: 'Beviljande', extension: 'Utökning eller förlängning' };
const ROUTE: Record<string, string> = { body: 'Nämnden', delegation: 'Delegation (punkt 3.2)' };

const COLUMNS: Record<ListKind, ListColumn[]> = {
  applications: [
    { key: 'caseNumber', label: 'Diarienummer', kind: 'text' },
    { key: 'projectName', label: 'Projekt', kind: 'text' },
    { key: 'applicant', label: 'Sökande', kind: 'text' },
    { key: 'officer', label: 'Handläggare', kind: 'text' },
    { key: 'status', label: 'Status', kind: 'text' },
    { key: 'start', label: 'Projektperiod från', kind: 'date' },
    { key: 'end', label: 'Projektperiod till', kind: 'date' },
    { key: 'rate', label: 'Andel', kind: 'percent' },
    { key: 'requestedOre', label: 'Sökt belopp', kind: 'ore' },
    { key: 'capOre', label: 'Beviljat tak', kind: 'ore' },
    { key: 'paidOre', label: 'Utbetalt', kind: 'ore' },
    { key: 'remainingOre', label: 'Återstår', kind: 'ore' },
  ],
  decisions: [
    { key: 'caseNumber', label: 'Diarienummer', kind: 'text' },
    { key: 'projectName', label: 'Projekt', kind: 'text' },
    { key: 'officer', label: 'Handläggare', kind: 'text' },
    { key: 'decision', label: 'Beslut', kind: 'text' },
    { key: 'route', label: 'Beslutas av', kind: 'text' },
    { key: 'status', label: 'Status', kind: 'text' },
    { key: 'decidedOn', label: 'Beslutsdatum', kind: 'date' },
    { key: 'rate', label: 'Andel', kind: 'percent' },
    { key: 'addedOre', label: 'Tillkommande belopp', kind: 'ore' },
    { key: 'capOre', label: 'Tak totalt', kind: 'ore' },
    { key: 'stateOre', label: 'Varav anslag 1:1', kind: 'ore' },
    { key: 'end', label: 'Projektet slutar', kind: 'date' },
  ],
  payouts: [
    { key: 'caseNumber', label: 'Diarienummer', kind: 'text' },
    { key: 'projectName', label: 'Projekt', kind: 'text' },
    { key: 'applicant', label: 'Mottagare', kind: 'text' },
    { key: 'officer', label: 'Handläggare', kind: 'text' },
    { key: 'status', label: 'Status', kind: 'text' },
    { key: 'claimedOn', label: 'Rekvisition', kind: 'date' },
    { key: 'periodFrom', label: 'Kostnader från', kind: 'date' },
    { key: 'periodTo', label: 'Kostnader till', kind: 'date' },
    { key: 'attestedOn', label: 'Attesterad', kind: 'date' },
    { key: 'bookedOre', label: 'Bokförda kostnader', kind: 'ore' },
    { key: 'paidOre', label: 'Belopp', kind: 'ore' },
  ],
};

const TITLES: Record<ListKind, string> = { applications: 'Ansökningar om medfinansiering', decisions: 'Beslut om medfinansiering', payouts: 'Utbetalningar av medfinansiering' };

/** 1300 → "13 %", 1250 → "12,5 %" (as the page prints a share). */
export function percentText(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = bp % 100;
  return `${whole}${rest ? ',' + String(rest).padStart(2, '0').replace(/0$/, '') : ''} %`;
}

const yearOf = (d: string | null) => (d ? Number(d.slice(0, 4)) : null);
const has = (hay: Array<string | null>, q: string) => hay.some((h) => h !== null && h.toLocaleLowerCase('sv').includes(q));

/** The list of one kind, filtered (the rules: year = the project period for applications, the decision date, the attest date or else the claim date for payouts). */
export async function cofinancingList(db: Db, actor: Actor, kind: ListKind, f: ListFilter = {}): Promise<ListView> {
  authorize(actor, 'funding.read');
  if (!LIST_KINDS.includes(kind)) throw new DomainError('invalid-list', 'Okänd lista; välj ansökningar, beslut eller utbetalningar.', { status: 404 });
  if (f.year != null && (!Number.isInteger(f.year) || f.year < 2000 || f.year > 2100)) throw new DomainError('invalid-year', 'Året ska vara mellan 2000 och 2100.');
  const ex = db.kysely;
  const [apps, decisions, payouts] = await Promise.all([store.applicationsForLists(ex), store.decisionsForLists(ex), store.payoutsForLists(ex)]);
  const appOf = new Map(apps.map((a) => [a.id, a]));
  const grantedOf = (id: number) => decisions.filter((d) => d.application_id === id && d.status === 'granted');
  const paidOf = (id: number) => payouts.filter((p) => p.application_id === id && p.status === 'attested').reduce((s, p) => s + p.paid_ore, 0);
  const q = (f.q ?? '').trim().toLocaleLowerCase('sv');
  const officer = (f.officer ?? '').trim();
  const status = (f.status ?? '').trim();
  const year = f.year ?? null;
  const name = (a: (typeof apps)[number]) => (a.natural_person ? 'Fysisk person' : a.applicant_name);
  let rows: ListView['rows'] = [];
  let statuses: Array<{ value: string; label: string }>;
  const years = new Set<number>();

  if (kind === 'applications') {
    statuses = (Object.keys(STATUS_LABEL) as ApplicationStatus[]).map((s) => ({ value: s, label: STATUS_LABEL[s] }));
    for (const a of apps) {
      const last = grantedOf(a.id).at(-1);
      const start = last?.period_start ?? a.period_start;
      const end = last?.period_end ?? a.period_end;
      for (let y = yearOf(start)!; y <= yearOf(end)!; y++) years.add(y);
      if (status && a.status !== status) continue;
      if (year !== null && !(yearOf(start)! <= year && year <= yearOf(end)!)) continue;
      if (officer && a.officer !== officer) continue;
      if (q && !has([a.case_number, a.project_name, name(a)], q)) continue;
      const paid = paidOf(a.id);
      rows.push({
        id: a.id, applicationId: a.id,
        cells: {
          caseNumber: a.case_number, projectName: a.project_name, applicant: name(a), officer: a.officer, status: STATUS_LABEL[a.status as ApplicationStatus] ?? a.status,
          start, end, rate: percentText(last?.rate_bp ?? a.rate_bp), requestedOre: a.requested_ore, capOre: last?.cap_ore ?? null, paidOre: paid, remainingOre: last ? Math.max(0, last.cap_ore - paid) : null,
        },
      });
    }
  } else if (kind === 'decisions') {
    statuses = Object.entries(DECISION_STATUS).map(([value, label]) => ({ value, label }));
    for (const d of [...decisions].reverse()) {
      const a = appOf.get(d.application_id)!;
      const on = isoDay(d.decided_on as string | null);
      if (on) years.add(yearOf(on)!);
      if (status && d.status !== status) continue;
      if (year !== null && yearOf(on) !== year) continue;
      if (officer && a.officer !== officer) continue;
      if (q && !has([a.case_number, a.project_name, name(a)], q)) continue;
      rows.push({
        id: d.id, applicationId: a.id,
        cells: {
          caseNumber: a.case_number, projectName: a.project_name, officer: a.officer, decision: DECISION_KIND[d.kind] ?? d.kind, route: d.decided_by ?? ROUTE[d.route] ?? d.route,
          status: DECISION_STATUS[d.status] ?? d.status, decidedOn: on, rate: percentText(d.rate_bp), addedOre: d.added_cap_ore, capOre: d.cap_ore, stateOre: d.state_ore, end: d.period_end,
        },
      });
    }
  } else {
    statuses = (Object.keys(PAYOUT_STATUS_LABEL) as PayoutStatus[]).map((s) => ({ value: s, label: PAYOUT_STATUS_LABEL[s] }));
    for (const p of payouts) {
      const a = appOf.get(p.application_id)!;
      const attested = isoDay(p.attested_on as string | null);
      const claimed = isoDay(p.claimed_on as string | null)!;
      const y = yearOf(attested ?? claimed)!;
      years.add(y);
      if (status && p.status !== status) continue;
      if (year !== null && y !== year) continue;
      if (officer && a.officer !== officer) continue;
      if (q && !has([a.case_number, a.project_name, name(a)], q)) continue;
      rows.push({
        id: p.id, applicationId: a.id,
        cells: {
          caseNumber: a.case_number, projectName: a.project_name, applicant: name(a), officer: a.officer, status: PAYOUT_STATUS_LABEL[p.status],
          claimedOn: claimed, periodFrom: isoDay(p.period_from as string | null), periodTo: isoDay(p.period_to as string | null), attestedOn: attested,
          bookedOre: p.booked_costs_ore, paidOre: p.status === 'reversed' ? 0 : p.paid_ore,
        },
      });
    }
  }
  const columns = COLUMNS[kind];
  const sums: Record<string, Ore> = {};
  for (const c of columns) if (c.kind === 'ore') sums[c.key] = rows.reduce((s, r) => s + ((r.cells[c.key] as number | null) ?? 0), 0);
  const officers = [...new Set(apps.map((a) => a.officer).filter((o): o is string => Boolean(o)))].sort((x, y) => x.localeCompare(y, 'sv'));
  rows = rows.slice(0, 5000);
  return { kind, title: TITLES[kind], columns, rows, sums, options: { statuses, officers, years: [...years].sort((x, y) => y - x) } };
}

const cellText = (c: ListColumn, v: ListCell): string | null => (v === null ? null : c.kind === 'ore' ? kronorDecimal(v as number) : String(v));

/** The list as CSV: UTF-8 with a byte order mark, semicolons, CRLF, amounts in kronor with a decimal comma, and a last row of sums. */
export function listCsv(v: ListView): string {
  const lines = [
    v.columns.map((c) => csvCell(c.kind === 'ore' ? `${c.label} (kr)` : c.label)).join(';'),
    ...v.rows.map((r) => v.columns.map((c) => csvCell(cellText(c, r.cells[c.key] ?? null))).join(';')),
    v.columns.map((c, i) => csvCell(i === 0 ? 'Summa' : c.kind === 'ore' ? kronorDecimal(v.sums[c.key] ?? 0) : null)).join(';'),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The list as an xlsx workbook: amounts as kronor, dates as dates, and a sum row of real SUM formulas. */
export async function listXlsx(v: ListView): Promise<Buffer> {
  const header: Cell[] = v.columns.map((c) => ({ text: c.kind === 'ore' ? `${c.label} (kr)` : c.label, bold: true }));
  const body: Cell[][] = v.rows.map((r) =>
    v.columns.map((c): Cell => {
      const x = r.cells[c.key] ?? null;
      if (x === null) return { value: null };
      if (c.kind === 'ore') return { ore: x as number };
      if (c.kind === 'date') return { date: String(x) };
      return { text: String(x) };
    }),
  );
  const n = body.length;
  const sum: Cell[] = v.columns.map((c, i): Cell => {
    if (i === 0) return { text: 'Summa', bold: true };
    if (c.kind !== 'ore') return { value: null };
    return n ? { sum: [range(ref(1, i), ref(n, i))], bold: true } : { ore: 0, bold: true };
  });
  return xlsx([{ name: v.title, rows: [header, ...body, sum], widths: v.columns.map((c) => (c.kind === 'text' ? 28 : 16)), freezeRows: 1 }]);
}
