/**
 * The internal control plan's follow-up as a section of the delårsrapport and
 * the verksamhetsberättelse (issue 17.5): per risk its area, owner, risk value
 * and the residual risk after the actions, per action its status, comment and
 * whether it worked; in the report's PDF and as a sheet of its workbook. The
 * plans are read through control/service.ts (the year of the report's plan).
 */
import type { TextFlow } from '../documents/flow.ts';
import type { Cell, Sheet } from '../kernel/xlsx.ts';
import { LEVEL_LABEL } from '../control/model.ts';
import type { PlanView } from '../control/service.ts';

export const CONTROL_SECTION_TITLE = 'Uppföljning av internkontrollplanen';

const value = (v: number | null, level: keyof typeof LEVEL_LABEL | null) => (v === null || level === null ? 'ej bedömd' : `${v} (${LEVEL_LABEL[level].toLowerCase()})`);

export function writeControlSection(flow: TextFlow, plans: readonly PlanView[]): void {
  if (!plans.length) return;
  flow.heading(CONTROL_SECTION_TITLE, 2);
  for (const p of plans) {
    if (plans.length > 1) flow.heading(p.title, 3);
    if (p.constructed) flow.text('Konstruerade exempelvärden: sannolikhet, konsekvens och status är konstruerade för demon.', { size: 8.5, color: [0.5, 0.2, 0.1] });
    for (const r of p.risks) {
      flow.text(`${r.area}: ${r.risk}`, { bold: true, size: 9.5 });
      const owner = r.owner ? `Riskägare: ${r.owner}. ` : '';
      flow.text(`${owner}Riskvärde ${value(r.riskValue, r.level)}, restrisk efter åtgärderna ${value(r.residualValue, r.residualLevel)}.${r.carriedFrom ? ` Överförd från ${r.carriedFrom.year}.` : ''}`, { size: 9, indent: 10 });
      for (const a of r.actions) {
        flow.text(`${a.statusLabel}: ${a.text}`, { size: 9, indent: 20 });
        if (a.comment) flow.text(`Kommentar: ${a.comment}`, { size: 8.5, indent: 30 });
        if (a.effect) flow.text(`Har åtgärden bidragit till önskad effekt? ${a.effect}`, { size: 8.5, indent: 30 });
      }
      flow.space(3);
    }
  }
}

const t = (text: string | null): Cell | null => (text ? { text } : null);
const w = (text: string | null): Cell | null => (text ? { text, wrap: true } : null);
const n = (v: number | null): Cell | null => (v === null ? null : { number: v });
const b = (text: string): Cell => ({ text, bold: true });

export function controlSheet(plans: readonly PlanView[]): Sheet | null {
  if (!plans.length) return null;
  return {
    name: 'Internkontroll',
    note: plans.some((p) => p.constructed) ? 'Konstruerade exempelvärden: sannolikhet, konsekvens och status är konstruerade för demon.' : null,
    freezeRows: 3,
    widths: [24, 60, 20, 10, 10, 60, 14, 50, 50],
    rows: [
      [b(CONTROL_SECTION_TITLE)],
      [],
      ['Område', 'Risk', 'Riskägare', 'Riskvärde', 'Restrisk', 'Åtgärd', 'Status', 'Kommentar', 'Har åtgärden bidragit till önskad effekt?'].map(b),
      ...plans.flatMap((p) =>
        p.risks.flatMap((r) =>
          (r.actions.length ? r.actions : [null]).map((a) => [
            t(r.area), w(r.risk), t(r.owner), n(r.riskValue), n(r.residualValue), w(a?.text ?? null), t(a?.statusLabel ?? null), w(a?.comment ?? null), w(a?.effect ?? null),
          ]),
        ),
      ),
    ],
  };
}
