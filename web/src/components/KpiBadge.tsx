/**
 * A styrtal's indicator series in the plan and the follow-up report (issue
 * 17.3): the region's latest value with its period, the trend against the
 * period before (up or down, and whether that is good given the direction —
 * said in words, not only by colour or arrow), the target and whether it is
 * met, and where the value comes from (Kolada with the fetch date, a file, an
 * own measure); a constructed demo value is labelled "konstruerad". And the
 * choice of series for a styrtal, from the list of series, for the plan editor
 * and for linking a styrtal of an adopted plan.
 */
import type { IndicatorKpi, SeriesSummary } from '../../../src/kpi/contract.ts';
import { formatDecimalSv } from '../../../src/kpi/decimal.ts';
import { periodLabel, TREND_LABEL } from '../../../src/kpi/model.ts';
import { useApi } from '../useApi.ts';
import { Link } from '../router.tsx';

const ARROW = { up: '↑', down: '↓', flat: '→' } as const;

const swedishDate = (iso: string) => iso.slice(0, 10);

function sourceText(k: IndicatorKpi): string {
  const l = k.latest;
  if (!l) return '';
  if (l.constructed) return 'konstruerad';
  if (l.source === 'kolada') return `Kolada, hämtad ${l.fetchedAt ? swedishDate(l.fetchedAt) : ''}`.trim();
  if (l.source === 'manual') return 'eget mått, inmatat';
  return 'inläst Kolada-fil';
}

export function KpiBadge({ kpi }: { kpi: IndicatorKpi }) {
  const unit = kpi.unit ? ` ${kpi.unit}` : '';
  const l = kpi.latest;
  return (
    <div className="kpi-badge" data-kpi={kpi.kpiId}>
      <span className="muted">
        Nyckeltal <Link href={`/nyckeltal/${kpi.seriesId}`}>{kpi.kpiId}</Link>:
      </span>{' '}
      {l ? (
        <>
          <strong className="kpi-latest">
            {formatDecimalSv(l.value)}
            {unit}
          </strong>{' '}
          ({periodLabel(l.period)})
          {kpi.trend && kpi.previous && (
            <span className={`kpi-trend ${kpi.trendGood === true ? 'kpi-trend-good' : kpi.trendGood === false ? 'kpi-trend-bad' : ''}`}>
              {' '}
              <span aria-hidden="true">{ARROW[kpi.trend]} </span>
              {TREND_LABEL[kpi.trend]} från {formatDecimalSv(kpi.previous.value)} ({periodLabel(kpi.previous.period)})
              {kpi.trendGood === true ? ', i rätt riktning' : kpi.trendGood === false ? ', i fel riktning' : ''}
            </span>
          )}
          {' · '}
        </>
      ) : (
        <span className="muted">inga värden ännu · </span>
      )}
      <span className="kpi-target">
        Mål: {kpi.target.label}
        {kpi.met === true ? ' – uppfyllt' : kpi.met === false ? ' – ej uppfyllt' : ''}
      </span>
      {l && (
        <>
          {' · '}
          {l.constructed ? (
            <span className="badge badge-draft kpi-constructed">Konstruerad</span>
          ) : (
            <span className="muted kpi-source">Källa: {sourceText(kpi)}</span>
          )}
        </>
      )}
    </div>
  );
}

/** A <select> of the series (KPI id and title), "" for none. The caller wraps it in a labelled Field. */
export function KpiSeriesSelect({ value, onChange, id, ...aria }: { value: string; onChange: (v: string) => void; id?: string; 'aria-describedby'?: string }) {
  const list = useApi<SeriesSummary[]>('/api/kpi/series');
  const options = list.status === 'ok' ? list.data : [];
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={aria['aria-describedby']} disabled={list.status === 'loading'}>
      <option value="">Ingen serie</option>
      {options.map((s) => (
        <option key={s.id} value={String(s.id)}>
          {s.kpiId} – {s.title}
          {s.constructed ? ' (konstruerade värden)' : ''}
        </option>
      ))}
    </select>
  );
}
