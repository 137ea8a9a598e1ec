/**
 * Follow-up rules beyond the roll-up (issue 17.2). Pure: no I/O.
 *
 * - Origin of an item (FM/nämnd) for the summary matrix: what its origin says
 *   ("FM 2026", "DN 2025", or the body named in "Från FM 2025", "Förslag till
 *   DN 2026", "Behåll i DN 2026"); without one, a målsättning is regionfull-
 *   mäktige's (the regional development strategy it adopted), a mål and a
 *   gemensamt område the nämnd's own, and a styrtal or uppdrag takes the origin
 *   of the item it hangs under.
 * - The summary matrix per level and origin, as the papers print it ("Mål från
 *   regionfullmäktige 10 2", "Uppdrag från nämnden"): one row per level and
 *   origin that has items, regionfullmäktige's rows first, each cell with the
 *   items it counts (so the page can click through to them).
 * - The helår report starts from the delår: the delår's statuses, outcomes and
 *   comments are copied as the starting point, marked as carried over; the
 *   sign-off and the prognos are not (the helår is signed off for itself, and
 *   at year end the utfall replaces the prognos).
 * - Reminders: an item is open in a report while its responsible person has
 *   not signed it off; each responsible person with an e-mail address gets one
 *   message listing their open items.
 */
import { DomainError } from '../kernel/errors.ts';
import { formatLongDate } from '../kernel/dates.ts';
import { KIND_LABEL, MATRIX_LEVELS, STATUS_LABEL, type ItemKind, type MatrixLevel, type Origin, type Status } from './model.ts';

export type OriginBody = 'FM' | 'DN';
export const ORIGIN_BODY_LABEL: Record<OriginBody, string> = { FM: 'regionfullmäktige', DN: 'nämnden' };

/** The body an origin names; null when it names none ("Från 2025"). */
export function originBody(o: Origin | null): OriginBody | null {
  if (!o) return null;
  if (o.kind === 'FM' || o.kind === 'DN') return o.kind;
  return o.via ?? null;
}

const LEVEL_NOUN: Record<MatrixLevel, string> = { 'strategic-goal': 'Målsättningar', objective: 'Mål', indicator: 'Styrtal', assignment: 'Uppdrag' };

export interface OriginTreeItem {
  id: number;
  kind: ItemKind;
  origin: Origin | null;
  children: readonly OriginTreeItem[];
}

export interface MatrixTreeItem extends OriginTreeItem {
  status: Status | null;
  children: readonly MatrixTreeItem[];
}

export interface OriginMatrixRow {
  level: MatrixLevel;
  body: OriginBody;
  /** "Mål från regionfullmäktige", "Uppdrag från nämnden". */
  label: string;
  met: number;
  partly: number;
  notMet: number;
  missing: number;
  /** The ids each cell counts, for clicking through. */
  items: { met: number[]; partly: number[]; notMet: number[]; missing: number[] };
}

/** Every item's origin body by id, by the rule above. */
export function originBodies(tree: readonly OriginTreeItem[]): Map<number, OriginBody> {
  const out = new Map<number, OriginBody>();
  const visit = (i: OriginTreeItem, inherited: OriginBody | null) => {
    const own = originBody(i.origin);
    const body: OriginBody =
      own ?? (i.kind === 'strategic-goal' ? 'FM' : i.kind === 'indicator' || i.kind === 'assignment' || i.kind === 'focus-area' ? inherited ?? 'DN' : 'DN');
    out.set(i.id, body);
    // a focus area passes on what it got; a mål passes on its own
    for (const c of i.children) visit(c, body);
  };
  for (const i of tree) visit(i, null);
  return out;
}

/** The summary matrix per level and origin, computed from the (rolled-up) statuses. */
export function originMatrix(tree: readonly MatrixTreeItem[]): OriginMatrixRow[] {
  const bodies = originBodies(tree);
  const rows = new Map<string, OriginMatrixRow>();
  for (const body of ['FM', 'DN'] as const) {
    for (const level of MATRIX_LEVELS) {
      rows.set(`${body}:${level}`, {
        level, body, label: `${LEVEL_NOUN[level]} från ${ORIGIN_BODY_LABEL[body]}`,
        met: 0, partly: 0, notMet: 0, missing: 0, items: { met: [], partly: [], notMet: [], missing: [] },
      });
    }
  }
  const visit = (i: MatrixTreeItem) => {
    const row = rows.get(`${bodies.get(i.id)}:${i.kind}`);
    if (row) {
      const cell = i.status === 'met' ? 'met' : i.status === 'partly' ? 'partly' : i.status === 'not-met' ? 'notMet' : 'missing';
      row[cell]++;
      row.items[cell].push(i.id);
    }
    i.children.forEach(visit);
  };
  tree.forEach(visit);
  return [...rows.values()].filter((r) => r.met + r.partly + r.notMet + r.missing > 0);
}

/** A row as the papers print it: "Mål från regionfullmäktige 10 2" (zero columns left empty). */
export function originMatrixLine(r: OriginMatrixRow): string {
  return [r.label, ...[r.met, r.partly, r.notMet].map((n) => (n ? String(n) : ''))].join(' ').trimEnd();
}

// ---------------------------------------------------------------- carry-over

export interface CarriedFields {
  status: Status | null;
  outcome: string | null;
  outcome_value: string | null;
  outcome_unit: string | null;
  comment: string | null;
  override_reason: string | null;
}

/** The helår's starting entries from the delår's: statuses, outcomes and comments, marked carried over; no sign-off, no prognos. */
export function carryOver<E extends CarriedFields & { item_id: number }>(
  interim: readonly E[],
  itemIds: ReadonlySet<number>,
): Array<CarriedFields & { item_id: number; carried_over: true }> {
  return interim
    .filter((e) => itemIds.has(e.item_id))
    .filter((e) => e.status !== null || e.outcome !== null || e.outcome_value !== null || e.comment !== null)
    .map((e) => ({
      item_id: e.item_id,
      status: e.status,
      outcome: e.outcome,
      outcome_value: e.outcome_value,
      outcome_unit: e.outcome_unit,
      comment: e.comment,
      // an override without the status it overrides cannot stand (the table refuses it)
      override_reason: e.status === null ? null : e.override_reason,
      carried_over: true as const,
    }));
}

// ---------------------------------------------------------------- reminders

const EMAIL = /^[^\s\p{C}@<>(),;:"\\[\]]+@[^\s\p{C}@<>(),;:"\\[\]]+\.[^\s\p{C}@<>(),;:"\\[\].]{2,}$/u;

/** A responsible person's e-mail address, trimmed; null when empty; refused in Swedish when it is not one. */
export function validateEmail(raw: string | null | undefined): string | null {
  const s = (raw ?? '').trim();
  if (!s) return null;
  if (s.length > 254 || !EMAIL.test(s)) throw new DomainError('invalid-email', `"${s.slice(0, 100)}" är ingen e-postadress. Skriv den som namn@exempel.se.`);
  return s;
}

export interface ReminderItem {
  id: number;
  kind: ItemKind;
  number: string | null;
  text: string;
  responsible: string | null;
  responsibleEmail: string | null;
  status: Status | null;
  signedOff: boolean;
}

export interface ReminderPlan {
  /** One message per address: the responsible person's name as written and their open items. */
  recipients: Array<{ responsible: string; address: string; items: ReminderItem[] }>;
  /** Responsible persons with open items but no address: nobody can be reminded. */
  withoutAddress: Array<{ responsible: string; items: ReminderItem[] }>;
}

/** Whom to remind: the followed-up items with a responsible person that are not signed off, per address. */
export function planReminders(items: readonly ReminderItem[]): ReminderPlan {
  const byAddress = new Map<string, { responsible: string; address: string; items: ReminderItem[] }>();
  const without = new Map<string, { responsible: string; items: ReminderItem[] }>();
  for (const i of items) {
    if (!(MATRIX_LEVELS as readonly string[]).includes(i.kind) || i.signedOff || !i.responsible) continue;
    if (i.responsibleEmail) {
      const key = i.responsibleEmail.toLowerCase();
      const r = byAddress.get(key) ?? { responsible: i.responsible, address: i.responsibleEmail, items: [] };
      r.items.push(i);
      byAddress.set(key, r);
    } else {
      const r = without.get(i.responsible) ?? { responsible: i.responsible, items: [] };
      r.items.push(i);
      without.set(i.responsible, r);
    }
  }
  return { recipients: [...byAddress.values()], withoutAddress: [...without.values()] };
}

export interface ReminderMailInput {
  reportName: string;
  bodyName: string;
  deadline: string;
  responsible: string;
  items: readonly ReminderItem[];
  url: string;
}

export const reminderSubject = (m: ReminderMailInput) => `Påminnelse: ${m.reportName} – sista dag ${formatLongDate(m.deadline)}`;

export function reminderText(m: ReminderMailInput): string {
  const lines = m.items.map((i) => {
    const status = i.status ? STATUS_LABEL[i.status].toLowerCase() : 'ej bedömd';
    return `- ${KIND_LABEL[i.kind]}${i.number ? ` ${i.number}` : ''}: ${i.text.length > 200 ? `${i.text.slice(0, 199)}…` : i.text} (${status}, ej signerad)`;
  });
  return [
    `Hej ${m.responsible},`,
    '',
    `${m.reportName} för ${m.bodyName} ska vara klar senast ${formatLongDate(m.deadline)}.`,
    `Du står som ansvarig för ${m.items.length === 1 ? 'en post som ännu inte är signerad' : `${m.items.length} poster som ännu inte är signerade`}:`,
    '',
    ...lines,
    '',
    'Fyll i status, utfall och kommentar och signera posterna i rapporten:',
    m.url,
    '',
    'Meddelandet är skickat från Styrbord.',
  ].join('\n');
}
