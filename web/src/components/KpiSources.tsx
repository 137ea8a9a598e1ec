/**
 * Where a series' values come from, for staff with kpi.edit (issue 17.3):
 * "Hämta från Kolada" for a Kolada KPI (the years to fetch; the server reads
 * Kolada's API and saves all or nothing), a value by hand for one of the
 * committee's own measures, and a new series (a Kolada id or a local id).
 */
import { useState, type FormEvent } from 'react';
import type { KoladaFetchResult, SeriesView } from '../../../src/kpi/contract.ts';
import { send } from '../api.ts';
import { Field, useSubmit } from './form.tsx';

export function KoladaFetch({ s, onDone }: { s: SeriesView; onDone: () => void }) {
  const thisYear = new Date().getFullYear();
  const [fromYear, setFrom] = useState(String(thisYear - 9));
  const [toYear, setTo] = useState(String(thisYear));
  const [result, setResult] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    void run(async () => {
      const r = await send<KoladaFetchResult>('POST', `/api/kpi/series/${s.id}/kolada`, { fromYear: Number(fromYear), toYear: Number(toYear) }, '/api/kpi', '/api/plans', '/api/plan-reports');
      setResult(`Hämtade ${r.fetched} värden från Kolada (${r.pages} ${r.pages === 1 ? 'sida' : 'sidor'}): ${r.added} nya, ${r.changed} ändrade, ${r.unchanged} oförändrade.`);
      onDone();
    });
  };
  return (
    <form className="panel inline-form kpi-fetch" onSubmit={submit} aria-label="Hämta från Kolada">
      <h2>Hämta från Kolada</h2>
      <p className="muted">Regionens och jämförelseområdenas värden för {s.kpiId} per år och kön (T = totalt) läses från Koladas öppna API och sparas med källa och hämtningsdatum. Blir något fel sparas ingenting.</p>
      <Field label="Från år" inline type="number" min={1900} max={2100} value={fromYear} onChange={(e) => setFrom(e.target.value)} className="input-short" />
      <Field label="Till år" inline type="number" min={1900} max={2100} value={toYear} onChange={(e) => setTo(e.target.value)} className="input-short" />
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Hämtar …' : 'Hämta från Kolada'}
      </button>
      <div aria-live="polite">
        {result && <p className="success">{result}</p>}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </div>
    </form>
  );
}

export function OwnValueForm({ s, onDone }: { s: SeriesView; onDone: () => void }) {
  const [period, setPeriod] = useState(String(new Date().getFullYear()));
  const [value, setValue] = useState('');
  const { busy, error, run } = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await send('PUT', `/api/kpi/series/${s.id}/values`, { period, value: value.trim() || null, version: s.version }, '/api/kpi', '/api/plans', '/api/plan-reports');
      setValue('');
      onDone();
    });
  };
  return (
    <form className="panel inline-form kpi-own-value" onSubmit={submit} aria-label="Ange värde">
      <h2>Ange värde</h2>
      <p className="muted">{s.kpiId} är nämndens eget mått: regionens värde (totalt) anges här. Ett tomt värde tar bort periodens värde.</p>
      <Field label="Period" inline hint="2025, 2025-Q2 eller 2025-05" value={period} maxLength={10} onChange={(e) => setPeriod(e.target.value)} className="input-short" />
      <Field label="Värde" inline value={value} maxLength={40} inputMode="decimal" onChange={(e) => setValue(e.target.value)} className="input-short" />
      <button type="submit" className="button" disabled={busy}>
        Spara värdet
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

export function NewSeriesForm({ onDone }: { onDone: () => void }) {
  const [source, setSource] = useState<'kolada' | 'local'>('kolada');
  const [kpiId, setKpiId] = useState('');
  const [title, setTitle] = useState('');
  const [unit, setUnit] = useState('');
  const { busy, error, run } = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await send('POST', '/api/kpi/series', { source, kpiId, title, unit: unit.trim() || null }, '/api/kpi');
      setKpiId('');
      setTitle('');
      setUnit('');
      onDone();
    });
  };
  return (
    <form className="panel kpi-new-series" onSubmit={submit} aria-label="Ny serie">
      <h2>Ny serie</h2>
      <Field label="Källa">
        <select value={source} onChange={(e) => setSource(e.target.value as 'kolada' | 'local')}>
          <option value="kolada">Nyckeltal i Kolada</option>
          <option value="local">Nämndens eget mått</option>
        </select>
      </Field>
      <Field
        label={source === 'kolada' ? 'Koladas id' : 'Eget id'}
        hint={source === 'kolada' ? 'En bokstav och fem siffror, t.ex. N00914' : 'T.ex. RTN-01: börjar med en bokstav, 2–30 tecken A–Z, 0–9 och bindestreck'}
        value={kpiId}
        required
        maxLength={30}
        onChange={(e) => setKpiId(e.target.value)}
      />
      <Field label="Rubrik" value={title} required maxLength={300} onChange={(e) => setTitle(e.target.value)} />
      <Field label="Enhet" value={unit} maxLength={50} onChange={(e) => setUnit(e.target.value)} />
      <button type="submit" className="button" disabled={busy}>
        Lägg till serien
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
