/**
 * The tables an import reads out of a kallelse, each accounted for row by row
 * (issue 18.3, 17.8): the business-support decisions of the delegation
 * reports, the number tables of the follow-up papers (result report,
 * operating statement, investments: numeric.ts), the internal-control table
 * and the follow-up summary of the plan. Every row read is kept; a row that
 * needs a look is flagged with its reason. Pure.
 */
import { parseBusinessSupport } from '../../funding/businessSupport.ts';
import { parseControlPlan } from '../../control/model.ts';
import { readPrintedMatrix } from '../../steering/parseFollowUp.ts';
import type { TableReport } from '../types.ts';
import { readNumericTables, type NumericTable } from './numeric.ts';

const clip = (s: string) => (s.length > 120 ? `${s.slice(0, 119)}…` : s);

/** A number table as its report: every row kept, a row whose cells the text cannot place flagged. */
export function numericReport(t: NumericTable): TableReport {
  return {
    table: 'budget',
    label: `${t.title || 'Tabell'} (${t.unit})`,
    read: t.rows.length,
    kept: t.rows.length,
    flagged: t.rows.filter((r) => r.flag).map((r) => ({ row: clip(`${r.label} ${r.cells.map((c) => c?.text ?? '–').join(' ')}`.trim()), reason: r.flag!, line: r.line })),
    notes: [`Kolumner: ${t.columns.join(' | ') || 'inga rubriker hittades'}.`],
  };
}

/** The internal-control table (risks and their actions): each action a row. */
export function controlReport(text: string): TableReport | null {
  if (!/^\s*(?:\d+(?:\.\d+)*\s+)?Internkontrollplan\s*$/im.test(text)) return null;
  let risks;
  try {
    // page stamps ("39 (111)") between a table's lines are not its text
    risks = parseControlPlan(text.split('\n').filter((l) => !/^\s*\d{1,4}\s*\(\s*\d{1,4}\s*\)\s*$/.test(l)).join('\n'));
  } catch (e) {
    // the heading is there but the table could not be read: nothing of it is taken, and that is said
    const line = text.split('\n').findIndex((l) => /Internkontrollplan\s*$/i.test(l)) + 1;
    return { table: 'control', label: 'Internkontrollplan', read: 1, kept: 1, flagged: [{ row: 'Internkontrollplan', reason: `tabellen kunde inte läsas (${(e as Error).message}); dess text finns kvar i punktens bilagetext`, line }] };
  }
  const rows = risks.flatMap((r) => (r.actions.length ? r.actions.map((a) => ({ risk: r, text: a.text })) : [{ risk: r, text: '' }]));
  return {
    table: 'control',
    label: 'Internkontrollplan',
    read: rows.length,
    kept: rows.length,
    flagged: rows.filter((r) => !r.text).map((r) => ({ row: clip(`${r.risk.area}: ${r.risk.risk}`), reason: 'risken har ingen åtgärd i texten; den sparas utan åtgärd' })),
    notes: [`${risks.length} risker i ${new Set(risks.map((r) => r.area)).size} områden. Statusen för varje åtgärd är en symbol (en bild) och finns inte i texten; den sätts i Styrbord efteråt.`],
  };
}

/** The plan's follow-up summary (mål and uppdrag per colour): each line a row. */
export function planReport(text: string): TableReport | null {
  const rows = readPrintedMatrix(text);
  if (rows.length === 0) return null;
  return {
    table: 'plan',
    label: 'Uppföljning av mål och uppdrag',
    read: rows.length,
    kept: rows.length,
    flagged: [],
    notes: [
      `${rows.map((r) => `${r.label}: ${r.green} gröna, ${r.yellow} gula, ${r.red} röda`).join('; ')}.`,
      'Statusen för varje mål och uppdrag är en färgsymbol (en bild) och finns inte i texten; sammanställningen är vad rapporten själv anger.',
    ],
  };
}

/** Every table of the kallelse, in the order of the kinds. */
export function readTables(text: string): TableReport[] {
  const out: TableReport[] = [];
  const lists = parseBusinessSupport(text);
  if (lists.length > 0) {
    // every row read is kept (a flagged one as read, or whole): read = kept, the flagged among them
    const kept = lists.reduce((n, l) => n + l.decisions.length, 0);
    const flagged = lists.flatMap((l) => l.problems.map((p) => ({ row: p.text, reason: p.message, line: p.line })));
    out.push({ table: 'business-support', label: 'Företagsstöd', read: kept, kept, flagged });
  }
  const plan = planReport(text);
  if (plan) out.push(plan);
  const control = controlReport(text);
  if (control) out.push(control);
  out.push(...readNumericTables(text).map(numericReport));
  return out;
}
