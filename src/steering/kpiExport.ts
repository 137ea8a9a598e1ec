/**
 * The styrtal's indicator series in the plan's and the report's exports
 * (issue 17.3): a sheet "Nyckeltal" with each linked styrtal's latest value as
 * a number, the period before, the trend and whether it is in the right
 * direction, the target and whether it is met, and the source; a value from
 * the demo's constructed file is marked in its row and the sheet's first row
 * says "Konstruerade exempelvärden". The PDF writes the same line under each
 * styrtal (`kpiLine`).
 */
import { CONSTRUCTED_NOTE, type Cell, type Sheet } from '../kernel/xlsx.ts';
import { formatDecimalSv } from '../kpi/decimal.ts';
import { periodLabel, TREND_LABEL } from '../kpi/model.ts';
import type { IndicatorKpi } from '../kpi/contract.ts';

interface Node {
  kind: string;
  number: string | null;
  text: string;
  kpi?: IndicatorKpi | null;
  children: Node[];
}

const flat = (xs: readonly Node[]): Node[] => xs.flatMap((x) => [x, ...flat(x.children)]);
const t = (text: string | null | undefined): Cell | null => (text ? { text } : null);
const b = (text: string): Cell => ({ text, bold: true });
const dec = (v: string | null | undefined): Cell | null => (v == null ? null : { number: Number(v), decimals: v.split('.')[1]?.length ?? 0 });

const sourceOf = (k: IndicatorKpi) =>
  !k.latest ? null : k.latest.constructed ? 'konstruerad' : k.latest.source === 'kolada' ? `Kolada, hämtad ${k.latest.fetchedAt?.slice(0, 10) ?? ''}`.trim() : k.latest.source === 'manual' ? 'eget mått' : 'Kolada-fil';

const trendText = (k: IndicatorKpi) =>
  !k.trend || !k.previous ? null : `${TREND_LABEL[k.trend]}${k.trendGood === true ? ', i rätt riktning' : k.trendGood === false ? ', i fel riktning' : ''}`;

/** One line for a styrtal in a PDF: "N00914: 6,61 per 1 000 inv. (2020), ökar från 5,87 (2019) … · Mål … · konstruerad". */
export function kpiLine(k: IndicatorKpi): string {
  const l = k.latest;
  const value = l ? `${formatDecimalSv(l.value)}${k.unit ? ` ${k.unit}` : ''} (${periodLabel(l.period)})` : 'inga värden ännu';
  const trend =
    k.trend && k.previous
      ? `, ${TREND_LABEL[k.trend]} från ${formatDecimalSv(k.previous.value)} (${periodLabel(k.previous.period)})${k.trendGood === true ? ', i rätt riktning' : k.trendGood === false ? ', i fel riktning' : ''}`
      : '';
  const met = k.met === true ? ', uppfyllt' : k.met === false ? ', ej uppfyllt' : '';
  const source = sourceOf(k);
  return `Nyckeltal ${k.kpiId}: ${value}${trend} · Mål: ${k.target.label}${met}${source ? ` · Källa: ${source === 'konstruerad' ? `${CONSTRUCTED_NOTE.toLowerCase()} (konstruerad)` : source}` : ''}`;
}

/** The sheet, or null when no styrtal has a series. */
export function kpiSheet(items: readonly Node[], title: string): Sheet | null {
  const linked = flat(items).filter((i) => i.kind === 'indicator' && i.kpi);
  if (!linked.length) return null;
  const constructed = linked.filter((i) => i.kpi!.latest?.constructed).length;
  return {
    name: 'Nyckeltal',
    note: constructed ? `${CONSTRUCTED_NOTE}: ${constructed} av ${linked.length} styrtals senaste värde kommer ur en konstruerad testfil i Koladas format, inte från Kolada (kolumnen Konstruerad).` : null,
    freezeRows: 3,
    widths: [60, 10, 40, 12, 12, 12, 12, 12, 28, 40, 12, 26, 12],
    rows: [
      [b(`${title}: styrtalens nyckeltal`)],
      [],
      ['Styrtal', 'Serie', 'Rubrik', 'Period', 'Värde', 'Enhet', 'Föregående period', 'Föregående värde', 'Trend', 'Mål', 'Uppfyllt', 'Källa', 'Konstruerad'].map(b),
      ...linked.map((i) => {
        const k = i.kpi!;
        return [
          t(i.text), t(k.kpiId), t(k.title), t(k.latest?.period), dec(k.latest?.value), t(k.unit), t(k.previous?.period), dec(k.previous?.value), t(trendText(k)),
          t(k.target.label), t(k.met === true ? 'Ja' : k.met === false ? 'Nej' : null), t(sourceOf(k)), t(k.latest?.constructed ? 'Ja' : 'Nej'),
        ];
      }),
    ],
  };
}
