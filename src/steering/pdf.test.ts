import { describe, expect, it } from 'vitest';
import { getDocument, OPS, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { readPdf } from '../../test/helpers/pdf.ts';
import { renderReportPdf } from './pdf.ts';
import type { ReportView } from './service.ts';

const view = (kind: 'interim' | 'annual'): ReportView => ({
  id: 1, planId: 1, kind, kindLabel: kind === 'interim' ? 'Delårsrapport' : 'Verksamhetsberättelse', period: 'januari–juli 2026', asOf: '2026-07-31',
  state: 'open', stateLabel: 'Öppen', submittedAt: null, submittedBy: null, lockedAt: null, lockedBy: null, deadline: '2026-08-14', carriedFromId: null, version: 1,
  bodyName: 'Regional tillväxtnämnd', planYear: 2026, planTitle: 'Verksamhetsplan med budget 2026', matrix: [], carriedFromName: null, reminders: null, items: [],
  originMatrix: [
    { level: 'objective', body: 'FM', label: 'Mål från regionfullmäktige', met: 10, partly: 2, notMet: 0, missing: 0, items: { met: [], partly: [], notMet: [], missing: [] } },
    { level: 'assignment', body: 'DN', label: 'Uppdrag från nämnden', met: 0, partly: 0, notMet: 1, missing: 3, items: { met: [], partly: [], notMet: [], missing: [] } },
  ],
});

/** The fill colours drawn on each page, in order. */
async function fills(bytes: Uint8Array): Promise<string[][]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: VerbosityLevel.ERRORS, isEvalSupported: false, disableFontFace: true }).promise;
  const out: string[][] = [];
  for (let p = 1; p <= pdf.numPages; p++) {
    const ops = await (await pdf.getPage(p)).getOperatorList();
    out.push(ops.fnArray.flatMap((f, i) => (f === OPS.setFillRGBColor ? [String(ops.argsArray[i]![0])] : [])).filter((c) => c !== '#000000' && c !== '#595959'));
  }
  await pdf.destroy();
  return out;
}

describe('the summary matrix in the report PDF', () => {
  it('prints each level and origin as the papers do, with green, yellow and red cells only where there is a count', async () => {
    const bytes = await renderReportPdf(view('interim'));
    const text = (await readPdf(bytes)).pages.join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('Sammanfattning uppföljning av mål och uppdrag Prognos måluppfyllelse Nivå och ursprung grön gul röd ej bedömd');
    expect(text).toContain('Mål från regionfullmäktige 10 2 Uppdrag från nämnden 1 3');
    expect(text).toContain('Sista dag för ansvariga: 14 augusti 2026.');
    const [green, yellow, red, grey] = ['#54a854', '#ffd133', '#d94033', '#d9d9d9'];
    // page 2 holds the matrix: the header's four colours, then the rows' coloured counts
    expect((await fills(bytes))[1]).toEqual([green, yellow, red, grey, green, yellow, red]);
  });

  it('heads the helår matrix Måluppfyllelse', async () => {
    const text = (await readPdf(await renderReportPdf(view('annual')))).pages.join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('Sammanfattning uppföljning av mål och uppdrag Måluppfyllelse Nivå');
  });
});
