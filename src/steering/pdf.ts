/**
 * The delårsrapport (or verksamhetsberättelse) as PDF, generated from the
 * stored report: the summary matrix per level and origin in colour (green,
 * yellow, red cells as the papers print them), then per målsättning its focus
 * areas, mål, styrtal and uppdrag with status, outcome, prognos, comment and
 * sign-off. And the plan itself as PDF (issue 17.7).
 */
import { rgb, type PDFFont } from 'pdf-lib';
import { formatLongDate } from '../kernel/dates.ts';
import { A4, TextFlow } from '../documents/flow.ts';
import { embedFonts } from '../documents/fonts.ts';
import { formatDecimalSv } from '../kpi/decimal.ts';
import { kpiLine } from './kpiExport.ts';
import { STATUS_COLOUR, STATUS_LABEL, type Status } from './model.ts';
import type { OriginMatrixRow } from './followUp.ts';
import { writeControlSection } from './controlSection.ts';
import type { PlanView as ControlPlanView } from '../control/service.ts';
import type { PlanItemView, PlanView, ReportItemView, ReportView } from './service.ts';

/** The cells' colours: the papers' green, yellow and red (RGB 0–1). */
export const CELL_RGB: Record<Status, [number, number, number]> = { met: [0.33, 0.66, 0.33], partly: [1, 0.82, 0.2], 'not-met': [0.85, 0.25, 0.2] };
const MARGIN_LEFT = 70;
const TOP = A4[1] - 72;

/**
 * The summary matrix as a table with coloured header cells on a page of its
 * own (the flow's next page; the flow goes on below the table): level and
 * origin, then grön, gul, röd and ej bedömd.
 */
async function drawMatrix(flow: TextFlow, heading: string, rows: readonly OriginMatrixRow[]): Promise<void> {
  const fonts = await embedFonts(flow.doc);
  flow.newPage();
  const page = flow.doc.getPage(flow.pageIndex());
  const widths = [215, 60, 60, 60, 60];
  const rowH = 20;
  let y = TOP;
  const text = (t: string, x: number, yy: number, font: PDFFont, size = 9.5) => page.drawText(t, { x, y: yy, size, font, color: rgb(0, 0, 0) });
  text('Sammanfattning uppföljning av mål och uppdrag', MARGIN_LEFT, y - 14, fonts.bold, 13);
  y -= 30;
  text(heading, MARGIN_LEFT, y - 12, fonts.bold, 10);
  y -= 20;
  const header: Array<{ label: string; fill: [number, number, number] | null }> = [
    { label: 'Nivå och ursprung', fill: null },
    { label: 'grön', fill: CELL_RGB.met },
    { label: 'gul', fill: CELL_RGB.partly },
    { label: 'röd', fill: CELL_RGB['not-met'] },
    { label: 'ej bedömd', fill: [0.85, 0.85, 0.85] },
  ];
  const cells = (values: Array<{ label: string; fill: [number, number, number] | null; bold?: boolean }>) => {
    let x = MARGIN_LEFT;
    values.forEach((v, i) => {
      const w = widths[i]!;
      page.drawRectangle({ x, y: y - rowH, width: w, height: rowH, borderColor: rgb(0.4, 0.4, 0.4), borderWidth: 0.5, ...(v.fill ? { color: rgb(...v.fill) } : {}) });
      text(v.label, x + 5, y - rowH + 6, v.bold ? fonts.bold : fonts.regular);
      x += w;
    });
    y -= rowH;
  };
  cells(header.map((h) => ({ ...h, bold: true })));
  for (const r of rows) {
    const n = (k: number, s: Status | null) => ({ label: k ? String(k) : '', fill: k && s ? CELL_RGB[s] : null });
    cells([{ label: r.label, fill: null }, n(r.met, 'met'), n(r.partly, 'partly'), n(r.notMet, 'not-met'), { label: r.missing ? String(r.missing) : '', fill: null }]);
  }
  flow.space(TOP - y + 12);
}

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
      if (i.kpi) flow.text(kpiLine(i.kpi), { size: 9, indent: indent + 10, color: [0.3, 0.3, 0.3] });
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
    if (i.forecastValue !== null || i.forecastComment) {
      const f = [i.forecastValue !== null ? `${formatDecimalSv(i.forecastValue)}${i.outcomeUnit ? ` ${i.outcomeUnit}` : ''}` : null, i.forecastComment].filter(Boolean).join(', ');
      flow.text(`Prognos: ${f}`, { size: 9.5, indent: indent + 10 });
    }
    if (i.comment) flow.text(`Kommentar: ${i.comment}`, { size: 9.5, indent: indent + 10 });
    const signed = i.signedOffBy ? `Signerad ${i.signedOffAt!.slice(0, 10)} av ${i.signedOffBy.replace(/^user:/, '')}` : null;
    const meta = [i.responsible ? `Ansvarig: ${i.responsible}` : null, signed, i.carriedOver ? 'Överförd från delårsrapporten' : null].filter(Boolean).join(' – ');
    if (meta) flow.text(meta, { size: 8.5, indent: indent + 10, color: [0.3, 0.3, 0.3] });
    flow.space(3);
  }
  for (const c of i.children) writeItem(flow, c, depth + 1);
}

export async function renderReportPdf(view: ReportView, control: readonly ControlPlanView[] = []): Promise<Uint8Array> {
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
  if (view.carriedFromName) flow.text(`Utgångspunkt: ${view.carriedFromName.toLowerCase()} (status, utfall och kommentarer överförda).`, { size: 9.5, gapAfter: 4 });
  if (view.deadline) flow.text(`Sista dag för ansvariga: ${formatLongDate(view.deadline)}.`, { size: 9.5, gapAfter: 4 });
  flow.heading('Nivåer: grön / gul / röd / ej bedömd', 3);
  for (const r of view.matrix) flow.text(`${r.label}: ${r.met} / ${r.partly} / ${r.notMet} / ${r.missing}`, { size: 9.5 });
  await drawMatrix(flow, view.kind === 'interim' ? 'Prognos måluppfyllelse' : 'Måluppfyllelse', view.originMatrix);
  flow.heading('Målsättningar, mål, styrtal och uppdrag', 2);
  for (const i of view.items) writeItem(flow, i, 0);
  writeControlSection(flow, control);
  return flow.finish();
}

function writePlanItem(flow: TextFlow, i: PlanItemView, depth: number): void {
  const indent = Math.min(depth, 3) * 10;
  const origin = i.originText ? ` (${i.originText})` : '';
  switch (i.kind) {
    case 'strategic-goal':
      flow.heading(`Målsättning ${i.number ?? ''}: ${i.text}`.replace('  ', ' '), 2);
      break;
    case 'theme':
      flow.heading(i.title ?? i.text, 2);
      break;
    case 'focus-area':
      flow.heading(`Fokusområde ${i.number ?? ''} ${i.title ?? i.text}`.replace('  ', ' '), 3);
      break;
    case 'objective':
      flow.text(`Mål${i.number ? ` ${i.number}` : ''}: ${i.text}${origin}`, { bold: true, indent });
      break;
    case 'indicator':
      flow.text(`Styrtal: ${i.text}${origin}`, { indent });
      if (i.targetText) flow.text(`Målregel: ${i.targetText}`, { size: 9, indent: indent + 10, color: [0.3, 0.3, 0.3] });
      if (i.kpi) flow.text(kpiLine(i.kpi), { size: 9, indent: indent + 10, color: [0.3, 0.3, 0.3] });
      break;
    case 'assignment':
      flow.text(`Uppdrag${i.number ? ` nr ${i.number}` : ''}${i.assignee ? ` till ${i.assignee.toLowerCase()}` : ''}: ${i.text}${origin}`, { indent });
      break;
  }
  if (i.note) flow.text(i.note, { size: 9, indent: indent + 10, color: [0.3, 0.3, 0.3] });
  if (i.responsible || i.deadline) {
    flow.text([i.responsible ? `Ansvarig: ${i.responsible}` : null, i.deadline ? `senast ${formatLongDate(i.deadline)}` : null].filter(Boolean).join(', '), { size: 9, indent: indent + 10, color: [0.3, 0.3, 0.3] });
  }
  for (const c of i.children) writePlanItem(flow, c, depth + 1);
}

/** The plan as PDF: its state, then målsättningar, fokusområden, mål, styrtal and uppdrag with their origin as the papers write it. */
export async function renderPlanPdf(plan: PlanView): Promise<Uint8Array> {
  const flow = await TextFlow.create({
    title: `${plan.title} ${plan.bodyName}`,
    author: plan.bodyName,
    subject: plan.title,
    date: new Date(`${plan.adoptedOn ?? `${plan.year}-01-01`}T00:00:00Z`),
    header: `${plan.bodyName} – ${plan.title}`,
  });
  flow.heading(`${plan.title} – ${plan.bodyName}`, 1);
  flow.text(plan.state === 'adopted' ? `Fastställd ${formatLongDate(plan.adoptedOn!)}.` : 'Utkast, inte fastställt.', { gapAfter: 4 });
  const c = plan.counts;
  flow.text(`${c['strategic-goal']} målsättningar, ${c['focus-area']} fokusområden, ${c.objective} mål, ${c.indicator} styrtal och ${c.assignment} uppdrag.`, { size: 9.5, gapAfter: 6 });
  for (const i of plan.items) writePlanItem(flow, i, 0);
  return flow.finish();
}
