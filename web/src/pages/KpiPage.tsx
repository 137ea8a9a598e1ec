/**
 * /nyckeltal – the indicator series (from Kolada files) with their targets and
 * the region's latest result; /nyckeltal/:id – one series as an accessible SVG
 * line chart (region against the comparison counties, by gender) with the same
 * numbers in tables, whether the target is met per period, and for staff the
 * target form. Values arrive as exact decimal strings and are shown with a
 * decimal comma; the chart alone converts them to numbers, for drawing.
 */
import { useId, useMemo, useState, type FormEvent } from 'react';
import type { SeriesSummary, SeriesView } from '../../../src/kpi/service.ts';
import type { Evaluation, Gender, TargetKind } from '../../../src/kpi/model.ts';
import { COMPARISON_COUNTIES, GENDER_LABEL, periodLabel, REGION, TARGET_KIND_LABEL } from '../../../src/kpi/model.ts';
import { formatDecimalSv } from '../../../src/kpi/decimal.ts';
import { send } from '../api.ts';
import { errorText } from '../components/minutes/shared.ts';
import { Loaded } from '../components/Status.tsx';
import { ConstructedNote, XlsxLink } from '../components/Constructed.tsx';
import { KoladaFetch, NewSeriesForm, OwnValueForm } from '../components/KpiSources.tsx';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useApi, useTitle } from '../useApi.ts';

const canEdit = (roles: string[] | undefined) => Boolean(roles?.some((r) => ['case-officer', 'secretary', 'admin'].includes(r)));
const dec = (v: string | null | undefined) => (v == null ? '–' : formatDecimalSv(v));

function Met({ e }: { e: Pick<Evaluation, 'met' | 'note'> | null }) {
  if (!e || e.met === null) return <span className="muted">{e?.note ?? 'ej bedömt'}</span>;
  return e.met ? (
    <span className="badge badge-ok kpi-met">
      <span aria-hidden="true">✓ </span>Uppfyllt
    </span>
  ) : (
    <span className="badge kpi-not-met">
      <span aria-hidden="true">✗ </span>Ej uppfyllt
    </span>
  );
}

function ImportForm({ onDone }: { onDone: () => void }) {
  const ids = useId();
  const [file, setFile] = useState<File | null>(null);
  const [indicatorRef, setIndicatorRef] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return setResult({ ok: false, text: 'Välj en JSON-fil från Koladas API.' });
    setBusy(true);
    setResult(null);
    try {
      const r = await send<{ created: boolean; kind: string; rows: number; series: Array<{ title: string }> }>(
        'POST',
        '/api/kpi/imports',
        { fileName: file.name, json: await file.text(), indicatorRef: indicatorRef.trim() || null },
        '/api/kpi',
      );
      setResult({
        ok: true,
        text: r.created
          ? `Läste in ${r.rows} ${r.kind === 'kpi' ? 'nyckeltalsbeskrivningar' : 'värden'}: ${r.series.map((s) => s.title).join(', ')}.`
          : 'Filen var redan inläst; ingenting ändrades.',
      });
      onDone();
    } catch (err) {
      setResult({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel kpi-import" onSubmit={submit} aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Läs in från Kolada</h2>
      <p className="hint">En sparad fil från Koladas API (datasvar eller nyckeltalsbeskrivningar, JSON). Ingen anslutning till internet används.</p>
      <div className="field">
        <label htmlFor={`${ids}-file`}>Fil</label>
        <input id={`${ids}-file`} type="file" accept=".json,application/json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-ref`}>Styrtal som serien följer (valfritt)</label>
        <input id={`${ids}-ref`} value={indicatorRef} maxLength={300} onChange={(e) => setIndicatorRef(e.target.value)} />
      </div>
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Läser in …' : 'Läs in'}
      </button>
      {result && (
        <p className={result.ok ? 'alert alert-success' : 'alert alert-error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </p>
      )}
    </form>
  );
}

export function KpiListPage() {
  useTitle('Nyckeltal');
  const state = useApi<SeriesSummary[]>('/api/kpi/series');
  const { user } = useSession();
  return (
    <>
      <h1>Nyckeltal</h1>
      <p className="lead">Styrtalens utfall för Region Örebro län, jämfört med målen, ur filer från Kolada (RKA).</p>
      <Loaded state={state} loading="Hämtar nyckeltal …">
        {(list) =>
          list.length === 0 ? (
            <p>Inga nyckeltal är inlästa ännu.</p>
          ) : (
            <>
              {list.some((s) => s.constructed) && (
                <ConstructedNote>
                  Värdena i {list.filter((s) => s.constructed).map((s) => s.kpiId).join(', ')} kommer ur en konstruerad testfil i Koladas format, inte från Kolada.
                </ConstructedNote>
              )}
              <XlsxLink href="/api/kpi/series.xlsx" />
              <div className="table-wrap">
                <table className="table kpi-list">
                  <caption>Nyckeltalsserier och måluppfyllelse (Region Örebro län, totalt)</caption>
                  <thead>
                    <tr>
                      <th scope="col">Nyckeltal</th>
                      <th scope="col">Styrtal</th>
                      <th scope="col">Mål</th>
                      <th scope="col" className="num">
                        Senaste utfall
                      </th>
                      <th scope="col">Måluppfyllelse</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((s) => (
                      <tr key={s.id}>
                        <th scope="row">
                          <Link href={`/nyckeltal/${s.id}`}>{s.title}</Link> <span className="muted">({s.kpiId})</span>
                          </th>
                        <td>{s.indicatorRef ?? <span className="muted">–</span>}</td>
                        <td>{s.target.label}</td>
                        <td className="num">{s.latest ? `${dec(s.latest.value)} (${periodLabel(s.latest.period)})` : '–'}</td>
                        <td>
                          <Met e={s.latest} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )
        }
      </Loaded>
      {canEdit(user?.roles) && <ImportForm onDone={state.reload} />}
      {canEdit(user?.roles) && <NewSeriesForm onDone={state.reload} />}
    </>
  );
}

// ── the chart ───────────────────────────────────────────────────────────

const COLORS = ['#0b3d66', '#b45309', '#047857', '#7c3aed', '#be123c', '#0e7490', '#4d7c0f', '#9d174d'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '4 4', '1 3', '10 4', '3 2 1 2'];
const W = 720;
const H = 340;
const M = { l: 56, r: 20, t: 20, b: 44 };

function niceTicks(min: number, max: number, n = 5): number[] {
  const span = max - min || Math.abs(max) || 1;
  const raw = span / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => span / s <= n) ?? 10 * mag;
  const out: number[] = [];
  // from the tick at or below the lowest value to the tick at or above the highest
  const first = Math.floor(min / step);
  const last = Math.ceil(max / step);
  for (let k = first; k <= last; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

const tickLabel = (v: number) => v.toLocaleString('sv-SE', { maximumFractionDigits: 3 }).replace('-', '−');

interface Line {
  code: string;
  name: string;
  color: string;
  dash: string;
  points: Array<{ period: string; value: string | null }>;
  region: boolean;
}

function Chart({ s, gender, shown }: { s: SeriesView; gender: Gender; shown: string[] }) {
  const ids = useId();
  const lines: Line[] = shown.map((code, i) => ({
    code,
    name: s.areas.find((a) => a.code === code)?.name ?? code,
    color: COLORS[i % COLORS.length]!,
    dash: DASHES[i % DASHES.length]!,
    region: code === REGION,
    points: s.periods.map((period) => ({ period, value: s.values.find((v) => v.area === code && v.period === period && v.gender === gender)?.value ?? null })),
  }));
  const evals = s.evaluation.filter((e) => e.gender === gender);
  const reference = s.target.kind === 'none' ? [] : s.periods.map((period) => ({ period, value: evals.find((e) => e.period === period)?.reference ?? (s.target.kind === 'fixed' ? s.target.value : null) }));
  const numbers = [...lines.flatMap((l) => l.points), ...reference].map((p) => (p.value === null ? NaN : Number(p.value))).filter(Number.isFinite);
  if (!numbers.length || !s.periods.length) return <p>Det finns inga värden att visa för {GENDER_LABEL[gender].toLowerCase()}.</p>;
  const lo = Math.min(...numbers);
  const hi = Math.max(...numbers);
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.1;
  const ticks = niceTicks(lo - pad, hi + pad);
  const y0 = ticks[0]!;
  const y1 = ticks.at(-1)!;
  const x = (i: number) => M.l + (s.periods.length === 1 ? (W - M.l - M.r) / 2 : (i * (W - M.l - M.r)) / (s.periods.length - 1));
  const y = (v: number) => M.t + ((y1 - v) * (H - M.t - M.b)) / (y1 - y0 || 1);
  const path = (pts: Array<{ value: string | null }>) => {
    let d = '';
    let pen = false;
    pts.forEach((p, i) => {
      if (p.value === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(Number(p.value)).toFixed(1)}`;
      pen = true;
    });
    return d;
  };
  const region = lines.find((l) => l.region);
  const last = region?.points.filter((p) => p.value !== null).at(-1);
  const refLabel = s.target.kind === 'fixed' ? 'Målvärde' : s.target.kind === 'baseline' ? `Basår ${s.target.baselineYear}` : 'Jämförelsegruppens medel';
  const title = `${s.title}, ${GENDER_LABEL[gender].toLowerCase()}, ${periodLabel(s.periods[0]!)}–${periodLabel(s.periods.at(-1)!)}`;
  const desc =
    `Linjediagram med ${lines.length} ${lines.length === 1 ? 'område' : 'områden'}: ${lines.map((l) => l.name).join(', ')}.` +
    (last ? ` ${region!.name} ${periodLabel(last.period)}: ${dec(last.value)}.` : '') +
    (s.target.kind !== 'none' ? ` Mål: ${s.target.label}.` : '') +
    ' Samma uppgifter finns i tabellen under diagrammet.';
  return (
    <figure className="kpi-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${ids}-t ${ids}-d`} width="100%" preserveAspectRatio="xMidYMid meet">
        <title id={`${ids}-t`}>{title}</title>
        <desc id={`${ids}-d`}>{desc}</desc>
        <g className="kpi-grid" aria-hidden="true">
          {ticks.map((t) => (
            <g key={t}>
              <line x1={M.l} x2={W - M.r} y1={y(t)} y2={y(t)} stroke="#d5dbe2" />
              <text x={M.l - 8} y={y(t)} dy="0.32em" textAnchor="end" fontSize="12" fill="#4b5563">
                {tickLabel(t)}
              </text>
            </g>
          ))}
          {s.periods.map((p, i) => (
            <text key={p} x={x(i)} y={H - M.b + 20} textAnchor="middle" fontSize="12" fill="#4b5563">
              {p}
            </text>
          ))}
          <line x1={M.l} x2={W - M.r} y1={H - M.b} y2={H - M.b} stroke="#9aa5b1" />
        </g>
        {reference.length > 0 && <path d={path(reference)} fill="none" stroke="#1b1f24" strokeWidth="2" strokeDasharray="3 5" className="kpi-reference" aria-hidden="true" />}
        {lines.map((l) => (
          <g key={l.code} aria-hidden="true" className={l.region ? 'kpi-line kpi-region' : 'kpi-line'}>
            <path d={path(l.points)} fill="none" stroke={l.color} strokeWidth={l.region ? 3.5 : 2} strokeDasharray={l.dash} />
            {l.points.map((p, i) =>
              p.value === null ? null : l.region ? (
                <circle key={p.period} cx={x(i)} cy={y(Number(p.value))} r="5" fill={l.color} stroke="#fff" strokeWidth="1.5" />
              ) : (
                <rect key={p.period} x={x(i) - 3} y={y(Number(p.value)) - 3} width="6" height="6" fill={l.color} />
              ),
            )}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul className="kpi-legend">
          {lines.map((l) => (
            <li key={l.code}>
              <svg width="36" height="12" aria-hidden="true">
                <line x1="0" x2="36" y1="6" y2="6" stroke={l.color} strokeWidth={l.region ? 3.5 : 2} strokeDasharray={l.dash} />
              </svg>
              {l.name}
            </li>
          ))}
          {reference.length > 0 && (
            <li>
              <svg width="36" height="12" aria-hidden="true">
                <line x1="0" x2="36" y1="6" y2="6" stroke="#1b1f24" strokeWidth="2" strokeDasharray="3 5" />
              </svg>
              {refLabel}
            </li>
          )}
        </ul>
      </figcaption>
    </figure>
  );
}

function DataTable({ s, gender, shown }: { s: SeriesView; gender: Gender; shown: string[] }) {
  return (
    <div className="table-wrap">
      <table className="table kpi-data">
        <caption>
          {s.title}, {GENDER_LABEL[gender].toLowerCase()}{s.unit ? ` (${s.unit})` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Område</th>
            {s.periods.map((p) => (
              <th key={p} scope="col" className="num">
                {p}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((code) => (
            <tr key={code}>
              <th scope="row">{s.areas.find((a) => a.code === code)?.name ?? code}</th>
              {s.periods.map((p) => (
                <td key={p} className="num">
                  {dec(s.values.find((v) => v.area === code && v.period === p && v.gender === gender)?.value)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EvaluationTable({ s, gender }: { s: SeriesView; gender: Gender }) {
  const rows = s.evaluation.filter((e) => e.gender === gender);
  if (s.target.kind === 'none') return <p>Serien har inget mål ännu.</p>;
  return (
    <div className="table-wrap">
      <table className="table kpi-evaluation">
        <caption>Måluppfyllelse för Region Örebro län, {GENDER_LABEL[gender].toLowerCase()}</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col" className="num">
              Utfall
            </th>
            <th scope="col" className="num">
              {s.target.kind === 'fixed' ? 'Målvärde' : s.target.kind === 'baseline' ? 'Basårets värde' : 'Jämförelsegruppens medel'}
            </th>
            <th scope="col">Mål uppfyllt</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.period}>
              <th scope="row">{periodLabel(e.period)}</th>
              <td className="num">{dec(e.value)}</td>
              <td className="num">{dec(e.reference)}</td>
              <td>
                <Met e={e} />
                {e.met !== null && e.note ? <span className="muted"> ({e.note})</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TargetForm({ s, onSaved }: { s: SeriesView; onSaved: () => void }) {
  const ids = useId();
  const [kind, setKind] = useState<TargetKind>(s.target.kind);
  const [direction, setDirection] = useState<'increase' | 'decrease'>(s.target.direction ?? 'increase');
  const [baselineYear, setBaselineYear] = useState(String(s.target.baselineYear ?? s.periods[0] ?? ''));
  const [value, setValue] = useState(s.target.value ? s.target.value.replace('.', ',') : '');
  const [group, setGroup] = useState<string[]>(s.target.group.length ? s.target.group : [...COMPARISON_COUNTIES]);
  const [indicatorRef, setIndicatorRef] = useState(s.indicatorRef ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const others = s.areas.filter((a) => a.code !== REGION);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await send(
        'PUT',
        `/api/kpi/series/${s.id}`,
        {
          title: s.title,
          indicatorRef: indicatorRef.trim() || null,
          target: {
            kind,
            direction,
            baselineYear: kind === 'baseline' ? Number(baselineYear) || null : null,
            value: kind === 'fixed' ? value.replace(/\s/g, '').replace(',', '.') || null : null,
            group: kind === 'comparison' ? group : [],
          },
          version: s.version,
        },
        '/api/kpi',
      );
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel kpi-target-form" onSubmit={submit} aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Ändra mål</h2>
      <div className="field">
        <label htmlFor={`${ids}-ref`}>Styrtal som serien följer</label>
        <input id={`${ids}-ref`} value={indicatorRef} maxLength={300} onChange={(e) => setIndicatorRef(e.target.value)} />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${ids}-kind`}>Typ av mål</label>
          <select id={`${ids}-kind`} value={kind} onChange={(e) => setKind(e.target.value as TargetKind)}>
            {(Object.keys(TARGET_KIND_LABEL) as TargetKind[]).map((k) => (
              <option key={k} value={k}>
                {TARGET_KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-dir`}>Riktning</label>
          <select id={`${ids}-dir`} value={direction} onChange={(e) => setDirection(e.target.value as 'increase' | 'decrease')}>
            <option value="increase">ska öka</option>
            <option value="decrease">ska minska</option>
          </select>
        </div>
        {kind === 'baseline' && (
          <div className="field">
            <label htmlFor={`${ids}-year`}>Basår</label>
            <input id={`${ids}-year`} className="input-short" inputMode="numeric" value={baselineYear} onChange={(e) => setBaselineYear(e.target.value)} />
          </div>
        )}
        {kind === 'fixed' && (
          <div className="field">
            <label htmlFor={`${ids}-value`}>Målvärde</label>
            <input id={`${ids}-value`} className="input-short" inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} />
          </div>
        )}
      </div>
      {kind === 'comparison' && (
        <fieldset className="field">
          <legend>Jämförelsegrupp</legend>
          <div className="checkbox-grid">
            {others.map((a) => (
              <label key={a.code} className="checkbox-label">
                <input type="checkbox" checked={group.includes(a.code)} onChange={(e) => setGroup(e.target.checked ? [...group, a.code] : group.filter((g) => g !== a.code))} />
                {a.name}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Sparar …' : 'Spara mål'}
      </button>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {saved && !error && (
        <p className="alert alert-success" role="status">
          Målet är sparat.
        </p>
      )}
    </form>
  );
}

function SeriesBody({ s, reload }: { s: SeriesView; reload: () => void }) {
  const ids = useId();
  const { user } = useSession();
  const [gender, setGender] = useState<Gender>(s.genders[0] ?? 'T');
  const defaults = useMemo(() => s.areas.filter((a) => a.code === REGION || (COMPARISON_COUNTIES as readonly string[]).includes(a.code)).map((a) => a.code), [s]);
  const [shown, setShown] = useState<string[]>(defaults.length ? defaults : s.areas.map((a) => a.code));
  const ordered = s.areas.map((a) => a.code).filter((c) => shown.includes(c));
  useTitle(s.title);
  return (
    <>
      <p className="breadcrumb">
        <Link href="/nyckeltal">Nyckeltal</Link>
      </p>
      <h1>
        <span className="h1-kicker">Nyckeltal {s.kpiId}</span>
        {s.title}
      </h1>
      {s.description && <p className="lead">{s.description}</p>}
      {s.constructed && (
        <ConstructedNote>
          {s.lastFetchedAt
            ? 'De värden som inte hämtats från Kolada kommer ur en konstruerad testfil i Koladas format (se källraden under tabellerna).'
            : 'Värdena kommer ur en konstruerad testfil i Koladas format, inte från Kolada.'}
        </ConstructedNote>
      )}
      <XlsxLink href={`/api/kpi/series/${s.id}.xlsx`} />
      <dl className="facts">
        <dt>Styrtal (fritext)</dt>
        <dd>{s.indicatorRef ?? '–'}</dd>
        <dt>Källa</dt>
        <dd>{s.source === 'local' ? `nämndens eget mått (${s.kpiId})` : `Kolada, nyckeltal ${s.kpiId}`}{s.lastFetchedAt ? `, senast hämtat ${s.lastFetchedAt.slice(0, 10)}` : ''}</dd>
        <dt>Mål</dt>
        <dd>{s.target.label}</dd>
        <dt>Senaste utfall, totalt</dt>
        <dd>
          {s.latest ? `${dec(s.latest.value)}${s.unit ? ` ${s.unit}` : ''} (${periodLabel(s.latest.period)}) ` : '– '}
          <Met e={s.latest} />
        </dd>
      </dl>
      <div className="kpi-controls">
        <fieldset>
          <legend>Kön</legend>
          {s.genders.map((g) => (
            <label key={g} className="checkbox-label">
              <input type="radio" name={`${ids}-gender`} value={g} checked={gender === g} onChange={() => setGender(g)} />
              {GENDER_LABEL[g]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Områden</legend>
          <div className="checkbox-grid">
            {s.areas.map((a) => (
              <label key={a.code} className="checkbox-label">
                <input
                  type="checkbox"
                  checked={shown.includes(a.code)}
                  onChange={(e) => setShown(e.target.checked ? [...shown, a.code] : shown.filter((c) => c !== a.code))}
                />
                {a.name}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      <h2>Utveckling</h2>
      {ordered.length ? <Chart s={s} gender={gender} shown={ordered} /> : <p>Välj minst ett område.</p>}
      <DataTable s={s} gender={gender} shown={ordered} />
      <h2>Måluppfyllelse</h2>
      <EvaluationTable s={s} gender={gender} />
      <p className="muted source">
        {sourceLine(s)} Värdena visas exakt som de lästs in.
      </p>
      {canEdit(user?.roles) && s.source === 'kolada' && <KoladaFetch s={s} onDone={reload} />}
      {canEdit(user?.roles) && s.source === 'local' && <OwnValueForm key={s.version} s={s} onDone={reload} />}
      {canEdit(user?.roles) && <TargetForm key={s.version} s={s} onSaved={reload} />}
    </>
  );
}

/** Where the values come from, from each value's source (issue 17.3). */
function sourceLine(s: SeriesView): string {
  const parts: string[] = [];
  const n = (f: (v: SeriesView['values'][number]) => boolean) => s.values.filter(f).length;
  const fetched = n((v) => v.source === 'kolada');
  const constructed = n((v) => v.constructed);
  const file = n((v) => v.source === 'file' && !v.constructed);
  const manual = n((v) => v.source === 'manual');
  if (fetched) parts.push(`${fetched} hämtade från Koladas API${s.lastFetchedAt ? ` ${s.lastFetchedAt.slice(0, 10)}` : ''}`);
  if (file) parts.push(`${file} inlästa från en sparad Kolada-fil`);
  if (manual) parts.push(`${manual} inmatade (eget mått)`);
  if (constructed) parts.push(`${constructed} konstruerade (testfil i Koladas format, inte Kolada)`);
  return parts.length ? `Källa: ${parts.join(', ')}.` : 'Inga värden ännu.';
}

export function KpiPage({ id }: { id: string }) {
  const state = useApi<SeriesView>(`/api/kpi/series/${encodeURIComponent(id)}`);
  return (
    <Loaded state={state} loading="Hämtar serien …">
      {(s) => <SeriesBody key={s.id} s={s} reload={state.reload} />}
    </Loaded>
  );
}
