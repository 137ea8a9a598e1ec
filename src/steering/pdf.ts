/**
 * The delårsrapport (or verksamhetsberättelse) as PDF, generated from the
 * stored report: the summary matrix, then per målsättning its focus areas,
 * mål, styrtal and uppdrag with status, outcome and comment.
 */
import { formatLongDate } from '../kernel/dates.ts';
import { TextFlow } from '../documents/flow.ts';
import { formatDecimalSv } from '../kpi/decimal.ts';
import { STATUS_COLOUR, STATUS_LABEL, type Status } from './model.ts';
import type { ReportItemView, ReportView } from './service.ts';

const statusText = (s: Status | null) => (s ? `${STATUS_LABEL[s]} (${STATUS_COLOUR[s]})` : 'Ej bedömd');

function writeItem(flow: TextFlow, i: ReportItemView, depth: number): void {
  const indent = Math.min(depth, 3) * 10;
  switch (i.kind) {
    case 'strategic-goal':
      flow.heading(`Målsättning ${i.number ?? ''}: ${i.text}`.replace('  ', ' '), 2);
      break;
    case 'theme':
      flow.heading(i.title ?? i.text, 2);
      break;
    case 'focus-area':
      flow.heading(`Fokusområde ${i.number ?? ''} ${i.title ?? i.text}`, 3);
      break;
    case 'objective':
      flow.text(`Mål: ${i.text}`, { bold: true, indent });
      break;
    case 'indicator':
      flow.text(`Styrtal: ${i.text}${i.originText ? ` (${i.originText})` : ''}`, { indent });
      break;
    case 'assignment':
      flow.text(`Uppdrag${i.number ? ` nr ${i.number}` : ''}: ${i.text}${i.originText ? ` (${i.originText})` : ''}`, { indent });
      break;
  }
  if (i.kind !== 'theme' && i.kind !== 'focus-area') {
    const how = i.statusSource === 'children' ? ' – sammanvägd' : i.statusSource === 'override' ? ' – satt av controller' : '';
    const value = i.outcomeValue !== null ? `${formatDecimalSv(i.outcomeValue)}${i.outcomeUnit ? ` ${i.outcomeUnit}` : ''}` : null;
    const outcome = [value, i.outcome].filter(Boolean).join(', ');
    flow.text(`Status: ${statusText(i.status)}${how}${outcome ? ` – Utfall: ${outcome}` : ''}`, { size: 9.5, indent: indent + 10 });
    if (i.statusSource === 'override' && i.overrideReason) flow.text(`Skäl: ${i.overrideReason}`, { size: 9.5, indent: indent + 10 });
    if (i.comment) flow.text(`Kommentar: ${i.comment}`, { size: 9.5, indent: indent + 10 });
    flow.space(3);
  }
  for (const c of i.children) writeItem(flow, c, depth + 1);
}

export async function renderReportPdf(view: ReportView): Promise<Uint8Array> {
  const title = `${view.kindLabel} ${view.period}, ${view.bodyName.toLowerCase()}`;
  const flow = await TextFlow.create({
    title: `${view.kindLabel} ${view.period} ${view.bodyName}`,
    author: view.bodyName,
    subject: `Uppföljning av ${view.planTitle.toLowerCase()}`,
    date: new Date(`${view.asOf}T00:00:00Z`),
    header: `${view.bodyName} – ${view.kindLabel} ${view.period}`,
  });
  flow.heading(title.charAt(0).toUpperCase() + title.slice(1), 1);
  flow.text(`Uppföljning av ${view.planTitle.toLowerCase()}, per ${formatLongDate(view.asOf)}.`, { gapAfter: view.state === 'open' ? 6 : 0 });
  if (view.state !== 'open') flow.text(`${view.stateLabel}${view.state === 'locked' && view.lockedAt ? ` ${view.lockedAt.slice(0, 10)}` : view.submittedAt ? ` ${view.submittedAt.slice(0, 10)}` : ''}.`, { size: 9.5, gapAfter: 6 });
  flow.heading('Symbolförklaringar', 3);
  for (const s of ['met', 'partly', 'not-met'] as const) flow.bullet(`${STATUS_COLOUR[s]} = ${STATUS_LABEL[s].toLowerCase()}`);
  flow.heading('Sammanfattning uppföljning av mål och uppdrag', 2);
  flow.text('Nivå: grön / gul / röd / ej bedömd', { size: 9.5, bold: true });
  for (const r of view.matrix) flow.text(`${r.label}: ${r.met} / ${r.partly} / ${r.notMet} / ${r.missing}`, { size: 9.5 });
  flow.heading('Målsättningar, mål, styrtal och uppdrag', 2);
  for (const i of view.items) writeItem(flow, i, 0);
  return flow.finish();
}
