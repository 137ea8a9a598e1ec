/**
 * Indicator series as an Excel workbook (issue 17.7). Values are number
 * cells: the exact decimal text converted to the nearest double, which is
 * what a spreadsheet holds (15 significant digits; the API keeps the exact
 * text), each shown with as many decimals as the series has. A comparison
 * target's group mean is an AVERAGE formula over the group's cells of the
 * same period and gender, its result cached (missing values are left out, as
 * in the evaluation). Constructed values carry the note "Konstruerade
 * exempelvärden" in the first row.
 */
import { CONSTRUCTED_NOTE, range, ref, type Cell, type Sheet } from '../kernel/xlsx.ts';
import { area, GENDER_LABEL } from './model.ts';
import type { SeriesSummary, SeriesView } from './contract.ts';

export const CONSTRUCTED_KPI_NOTE = `${CONSTRUCTED_NOTE}: värdena kommer ur en konstruerad testfil i Koladas format, inte från Kolada.`;

const t = (text: string): Cell => ({ text });
const b = (text: string): Cell => ({ text, bold: true });
const places = (d: string) => (d.includes('.') ? d.length - d.indexOf('.') - 1 : 0);
const num = (d: string | null, decimals: number, bold = false): Cell | null => (d === null ? null : { number: Number(d), decimals, bold });
const metText = (m: boolean | null) => (m === null ? '–' : m ? 'Ja' : 'Nej');

/** The series' sheets: values by area and period per gender (with the comparison mean), and the target evaluation. */
export function seriesSheets(s: SeriesView): Sheet[] {
  const note = s.constructed ? CONSTRUCTED_KPI_NOTE : null;
  const decimals = Math.max(0, ...s.values.map((v) => (v.value === null ? 0 : places(v.value))));
  const value = new Map(s.values.map((v) => [`${v.area}|${v.period}|${v.gender}`, v.value]));
  const rows: Array<Array<Cell | null>> = [
    [b(`${s.title} (${s.kpiId})${s.unit ? `, ${s.unit}` : ''}`)],
    [t('Mål'), t(s.target.label)],
    ...(s.indicatorRef ? [[t('Styrtal'), t(s.indicatorRef)]] : []),
    [],
  ];
  const headerRow = rows.length;
  rows.push([b('Område'), b('Kod'), b('Kön'), ...s.periods.map((p) => b(p))]);
  const group = s.target.kind === 'comparison' ? s.target.group : [];
  for (const g of s.genders) {
    const rowOf = new Map<string, number>();
    for (const a of s.areas) {
      rowOf.set(a.code, rows.length);
      rows.push([t(a.name), t(a.code), t(GENDER_LABEL[g]), ...s.periods.map((p) => num(value.get(`${a.code}|${p}|${g}`) ?? null, decimals))]);
    }
    const members = group.map((c) => rowOf.get(c)).filter((r): r is number => r !== undefined);
    if (members.length) {
      const contiguous = members.every((r, i) => i === 0 || r === members[i - 1]! + 1);
      rows.push([
        b(`Medel för ${group.map((c) => area(c).name).join(', ')}`),
        null,
        b(GENDER_LABEL[g]),
        ...s.periods.map((_, k): Cell => {
          const col = 3 + k;
          return { average: contiguous ? [range(ref(members[0]!, col), ref(members.at(-1)!, col))] : members.map((r) => ref(r, col)), decimals: Math.max(2, decimals), bold: true };
        }),
      ]);
    }
  }
  const values: Sheet = { name: `Värden ${s.kpiId}`, note, rows, freezeRows: headerRow + 1, widths: [30, 8, 10, ...s.periods.map(() => 10)] };

  const refDecimals = Math.max(decimals, s.target.kind === 'comparison' ? 2 : 0, ...s.evaluation.map((e) => (e.reference === null ? 0 : places(e.reference))));
  const evaluation: Sheet = {
    name: `Måluppfyllelse ${s.kpiId}`,
    note,
    freezeRows: 3,
    widths: [10, 10, 12, 14, 10, 40],
    rows: [
      [b(`Måluppfyllelse: ${s.title}`), null],
      [t('Mål'), t(s.target.label)],
      [b('Period'), b('Kön'), b('Värde'), b(s.target.kind === 'comparison' ? 'Medel jämförelse' : s.target.kind === 'baseline' ? 'Basårets värde' : 'Målvärde'), b('Uppfyllt'), b('Anmärkning')],
      ...s.evaluation.map((e) => [t(e.period), t(GENDER_LABEL[e.gender]), num(e.value, decimals), num(e.reference, refDecimals), t(metText(e.met)), e.note ? t(e.note) : null]),
    ],
  };
  return [values, evaluation];
}

/** All series with their latest total value, one row each. */
export function seriesListSheet(list: SeriesSummary[]): Sheet {
  const decimals = (d: string | null | undefined) => (d ? places(d) : 0);
  return {
    name: 'Nyckeltal',
    note: list.some((s) => s.constructed) ? `${CONSTRUCTED_KPI_NOTE} Gäller de serier som är markerade i kolumnen Konstruerad.` : null,
    freezeRows: 1,
    widths: [10, 50, 14, 50, 10, 12, 14, 10, 12],
    rows: [
      ['Kolada-id', 'Nyckeltal', 'Enhet', 'Mål', 'Senaste period', 'Senaste värde', 'Mål/jämförelse', 'Uppfyllt', 'Konstruerad'].map(b),
      ...list.map((s) => [
        t(s.kpiId),
        t(s.title),
        s.unit ? t(s.unit) : null,
        t(s.target.label),
        s.latest ? t(s.latest.period) : null,
        num(s.latest?.value ?? null, decimals(s.latest?.value)),
        num(s.latest?.reference ?? null, decimals(s.latest?.reference)),
        s.latest ? t(metText(s.latest.met)) : null,
        t(s.constructed ? 'Ja' : 'Nej'),
      ]),
    ],
  };
}
