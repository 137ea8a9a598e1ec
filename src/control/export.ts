/**
 * The internal control plan as an Excel workbook (issue 17.7): the risks with
 * their assessment, the actions with status, and the risk matrix with its
 * totals as SUM formulas (results cached). The demo's probabilities,
 * consequences and statuses are constructed (control/demo.ts: the report's
 * text has none of them); a plan that holds any carries the note
 * "Konstruerade exempelvärden" in each sheet's first row, and each such
 * risk or action is marked in its own column.
 */
import { CONSTRUCTED_NOTE, range, ref, type Cell, type Sheet } from '../kernel/xlsx.ts';
import { CONSEQUENCE_LABEL, LEVEL_LABEL, PROBABILITY_LABEL, SCALE, STATUS_LABEL, STATUSES } from './model.ts';
import type { PlanView } from './service.ts';

export const CONSTRUCTED_CONTROL_NOTE = `${CONSTRUCTED_NOTE}: sannolikhet, konsekvens och status är konstruerade för demon (rapportens text saknar dem); markerade i kolumnen Konstruerad.`;

const t = (text: string | null): Cell | null => (text ? { text } : null);
const b = (text: string): Cell => ({ text, bold: true });
const n = (v: number | null, bold = false): Cell | null => (v === null ? null : { number: v, bold });
const yesNo = (v: boolean | null) => (v === null ? null : { text: v ? 'Ja' : 'Nej' });

export function planSheets(p: PlanView): Sheet[] {
  const note = p.constructed ? CONSTRUCTED_CONTROL_NOTE : null;
  const risks: Sheet = {
    name: `Risker ${p.year}`,
    note,
    freezeRows: 3,
    widths: [24, 70, 12, 12, 10, 8, 18, 12, 24, 12, 12, 10, 8, 10, 16],
    rows: [
      [b(p.title)],
      [],
      ['Område', 'Risk', 'Sannolikhet', 'Konsekvens', 'Riskvärde', 'Nivå', 'Regionövergripande', 'Konstruerad', 'Riskägare', 'Restrisk sannolikhet', 'Restrisk konsekvens', 'Restriskvärde', 'Restrisknivå', 'Öppen', 'Överförd'].map(b),
      ...p.risks.map((r) => [
        t(r.area), { text: r.risk, wrap: true }, n(r.probability), n(r.consequence), n(r.riskValue), t(r.level ? LEVEL_LABEL[r.level] : 'Ej bedömd'), yesNo(r.regionWide), yesNo(r.constructedAssessment),
        t(r.owner), n(r.residualProbability), n(r.residualConsequence), n(r.residualValue), t(r.residualLevel ? LEVEL_LABEL[r.residualLevel] : null), yesNo(r.open),
        t([r.carriedFrom ? `från ${r.carriedFrom.year}` : null, r.carriedTo ? `till ${r.carriedTo.year}` : null].filter(Boolean).join(', ') || null),
      ]),
    ],
  };
  const actions: Sheet = {
    name: `Åtgärder ${p.year}`,
    note,
    freezeRows: 3,
    widths: [24, 50, 60, 18, 14, 50, 50, 14, 24, 12],
    rows: [
      [b(`Åtgärder: ${p.title}`)],
      [],
      ['Område', 'Risk', 'Åtgärd', 'Regionövergripande', 'Status', 'Kommentar', 'Har åtgärden bidragit till önskad effekt?', 'Effekt', 'Ansvarig', 'Konstruerad'].map(b),
      ...p.risks.flatMap((r) =>
        r.actions.map((a) => [
          t(r.area), { text: r.risk, wrap: true }, { text: a.text, wrap: true }, yesNo(a.regionWide), t(a.statusLabel),
          a.comment ? { text: a.comment, wrap: true } : null, a.effect ? { text: a.effect, wrap: true } : null, yesNo(a.effective), t(a.responsible), yesNo(a.constructedStatus),
        ]),
      ),
    ],
  };
  // the matrix as the page draws it: probability 4 at the top, consequence 1–4 across; totals are formulas
  const top = 3;
  const matrixRows: Array<Array<Cell | null>> = [
    [b(`Riskmatris: ${p.title}`)],
    [{ text: 'Antal risker per sannolikhet (rad) och konsekvens (kolumn). Riskvärde = sannolikhet × konsekvens: 1–3 låg, 4–8 medel, 9–16 hög.', wrap: false }],
    [b('Sannolikhet \\ Konsekvens'), ...SCALE.map((c) => b(`${c} ${CONSEQUENCE_LABEL[c - 1]}`)), b('Summa')],
  ];
  for (const prob of [...SCALE].reverse()) {
    const i = matrixRows.length;
    matrixRows.push([b(`${prob} ${PROBABILITY_LABEL[prob - 1]}`), ...SCALE.map((c) => n(p.matrix.cells[prob - 1]![c - 1]!)), { sum: [range(ref(i, 1), ref(i, 4))], bold: true }]);
  }
  const last = matrixRows.length - 1;
  const sumRow = matrixRows.length;
  matrixRows.push([b('Summa bedömda'), ...[1, 2, 3, 4, 5].map((c): Cell => ({ sum: [range(ref(top, c), ref(last, c))], bold: true }))]);
  const unassessedRow = matrixRows.length;
  matrixRows.push([t('Ej bedömda'), null, null, null, null, n(p.matrix.unassessed)]);
  matrixRows.push([b('Summa risker'), null, null, null, null, { sum: [ref(sumRow, 5), ref(unassessedRow, 5)], bold: true }]);
  matrixRows.push([]);
  matrixRows.push([b('Nivå'), b('Antal')]);
  const levelFirst = matrixRows.length;
  for (const level of ['high', 'medium', 'low'] as const) matrixRows.push([t(LEVEL_LABEL[level]), n(p.matrix.byLevel[level])]);
  matrixRows.push([b('Summa bedömda'), { sum: [range(ref(levelFirst, 1), ref(levelFirst + 2, 1))], bold: true }]);
  matrixRows.push([]);
  matrixRows.push([b('Åtgärdernas status'), b('Antal')]);
  const statusFirst = matrixRows.length;
  for (const s of STATUSES) matrixRows.push([t(STATUS_LABEL[s]), n(p.statusCounts[s])]);
  matrixRows.push([t('Ej angiven'), n(p.statusCounts.none)]);
  matrixRows.push([b('Summa åtgärder'), { sum: [range(ref(statusFirst, 1), ref(statusFirst + STATUSES.length, 1))], bold: true }]);
  const matrix: Sheet = { name: `Riskmatris ${p.year}`, note, rows: matrixRows, widths: [26, 14, 14, 14, 14, 10] };
  return [risks, actions, matrix];
}
