/**
 * The plan and its follow-up reports as Excel workbooks (issue 17.7), through
 * kernel/xlsx.ts (exceljs): the plan item by item with its origin, responsible
 * person and deadline, and a count per level whose total is a SUM formula; a
 * report's summary matrix per level and origin with row and column totals as
 * formulas, and every item with its status, outcome and prognos as numbers,
 * comment and sign-off.
 */
import { range, ref, type Cell, type Sheet } from '../kernel/xlsx.ts';
import { KIND_LABEL, STATUS_COLOUR, STATUS_LABEL, type ItemKind } from './model.ts';
import { ORIGIN_BODY_LABEL, originBodies } from './followUp.ts';
import type { PlanView, ReportItemView, ReportView } from './service.ts';
import { kpiSheet } from './kpiExport.ts';

const t = (text: string | null | undefined): Cell | null => (text ? { text } : null);
const w = (text: string | null | undefined): Cell | null => (text ? { text, wrap: true } : null);
const b = (text: string): Cell => ({ text, bold: true });
/** An exact decimal ("6.3", "1300.5") as a number cell showing its decimals. */
const dec = (v: string | null): Cell | null => (v === null ? null : { number: Number(v), decimals: v.split('.')[1]?.length ?? 0 });

function flatten<T extends { children: T[] }>(items: readonly T[], depth = 0): Array<{ item: T; depth: number }> {
  return items.flatMap((i) => [{ item: i, depth }, ...flatten(i.children, depth + 1)]);
}

const label = (i: { kind: ItemKind; number: string | null }) => `${KIND_LABEL[i.kind]}${i.number ? ` ${i.number}` : ''}`;
const textOf = (i: { kind: ItemKind; title: string | null; text: string }) => (i.kind === 'focus-area' || i.kind === 'theme' ? (i.title ?? i.text) : i.text);

export function planSheets(p: PlanView): Sheet[] {
  const bodies = originBodies(p.items);
  const rows = flatten(p.items);
  const items: Sheet = {
    name: `Verksamhetsplan ${p.year}`,
    freezeRows: 3,
    widths: [20, 8, 80, 24, 20, 24, 24, 12, 50],
    rows: [
      [b(`${p.title} – ${p.bodyName}`), t(p.state === 'adopted' ? `Fastställd ${p.adoptedOn}` : 'Utkast')],
      [],
      ['Nivå', 'Nummer', 'Text', 'Ursprung', 'Från', 'Mottagare', 'Ansvarig', 'Sista datum', 'Målregel'].map(b),
      ...rows.map(({ item: i, depth }) => [
        t(`${'  '.repeat(depth)}${KIND_LABEL[i.kind]}`), t(i.number), w(textOf(i)), t(i.originText),
        i.kind === 'focus-area' || i.kind === 'theme' ? null : t(ORIGIN_BODY_LABEL[bodies.get(i.id)!]),
        t(i.assignee), t(i.responsible), i.deadline ? { date: i.deadline } : null, w(i.targetText),
      ]),
    ],
  };
  const kinds: ItemKind[] = ['strategic-goal', 'theme', 'focus-area', 'objective', 'indicator', 'assignment'];
  const first = 3;
  const counts: Sheet = {
    name: 'Antal per nivå',
    widths: [24, 10],
    rows: [
      [b(`${p.title}: antal poster per nivå`)],
      [],
      [b('Nivå'), b('Antal')],
      ...kinds.map((k) => [t(KIND_LABEL[k]), { number: p.counts[k] }]),
      [b('Summa'), { sum: [range(ref(first, 1), ref(first + kinds.length - 1, 1))], bold: true }],
    ],
  };
  const kpis = kpiSheet(p.items, p.title);
  return [items, counts, ...(kpis ? [kpis] : [])];
}

const how = (i: ReportItemView) => (i.statusSource === 'children' ? 'sammanvägd' : i.statusSource === 'override' ? 'satt av controller' : i.statusSource === 'entered' ? 'angiven' : null);

export function reportSheets(r: ReportView): Sheet[] {
  const name = `${r.kindLabel} ${r.period}`;
  const head = 4;
  const matrixRows: Array<Array<Cell | null>> = [
    [b(`${name} – ${r.bodyName}`), t(`${r.stateLabel}${r.state === 'locked' && r.lockedAt ? ` ${r.lockedAt.slice(0, 10)}` : ''}`)],
    [t(`Sammanfattning uppföljning av mål och uppdrag (${r.kind === 'interim' ? 'prognos måluppfyllelse' : 'måluppfyllelse'}), per nivå och ursprung`)],
    [],
    ['Nivå och ursprung', `Grön: ${STATUS_LABEL.met.toLowerCase()}`, `Gul: ${STATUS_LABEL.partly.toLowerCase()}`, `Röd: ${STATUS_LABEL['not-met'].toLowerCase()}`, 'Ej bedömd', 'Summa'].map(b),
  ];
  for (const m of r.originMatrix) {
    const i = matrixRows.length;
    matrixRows.push([t(m.label), { number: m.met }, { number: m.partly }, { number: m.notMet }, { number: m.missing }, { sum: [range(ref(i, 1), ref(i, 4))], bold: true }]);
  }
  const last = matrixRows.length - 1;
  if (r.originMatrix.length) {
    matrixRows.push([b('Summa'), ...[1, 2, 3, 4, 5].map((c): Cell => ({ sum: [range(ref(head, c), ref(last, c))], bold: true }))]);
  }
  matrixRows.push([]);
  matrixRows.push(['Nivå', 'Grön', 'Gul', 'Röd', 'Ej bedömd', 'Summa'].map(b));
  for (const m of r.matrix) {
    const i = matrixRows.length;
    matrixRows.push([t(m.label), { number: m.met }, { number: m.partly }, { number: m.notMet }, { number: m.missing }, { sum: [range(ref(i, 1), ref(i, 4))], bold: true }]);
  }
  const summary: Sheet = { name: 'Sammanfattning', widths: [40, 22, 26, 22, 12, 10], rows: matrixRows };

  const items: Sheet = {
    name: 'Mål, styrtal och uppdrag',
    freezeRows: 3,
    widths: [20, 8, 70, 22, 26, 18, 12, 10, 40, 12, 40, 60, 24, 20, 12, 12],
    rows: [
      [b(`${name} – ${r.bodyName}`)],
      [],
      ['Nivå', 'Nummer', 'Text', 'Ursprung', 'Status', 'Hur', 'Utfall', 'Enhet', 'Utfall i ord', 'Prognos', 'Prognos, kommentar', 'Kommentar', 'Ansvarig', 'Signerad av', 'Signerad', 'Överförd från delår'].map(b),
      ...flatten(r.items).map(({ item: i, depth }) => {
        const followed = i.kind !== 'focus-area' && i.kind !== 'theme';
        return [
          t(`${'  '.repeat(depth)}${label(i)}`), t(i.number), w(textOf(i)), t(i.originText),
          followed ? t(i.status ? `${STATUS_LABEL[i.status]} (${STATUS_COLOUR[i.status]})` : 'Ej bedömd') : null,
          followed ? t(how(i)) : null,
          dec(i.outcomeValue), t(i.outcomeUnit), w(i.outcome), dec(i.forecastValue), w(i.forecastComment), w(i.comment), t(i.responsible),
          t(i.signedOffBy?.replace(/^user:/, '')), i.signedOffAt ? { date: i.signedOffAt.slice(0, 10) } : null, i.carriedOver ? t('Ja') : null,
        ];
      }),
    ],
  };
  const kpis = kpiSheet(r.items, name);
  return [summary, items, ...(kpis ? [kpis] : [])];
}
