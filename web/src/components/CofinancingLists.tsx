/**
 * The co-financing lists for staff (issue 16.8): applications, decisions and
 * payouts, filtered by status, year, handläggare and free text, with the sums
 * of every amount column in kronor and export of exactly what is shown as CSV
 * and xlsx. The API is GET /api/cofinancing-lists/:kind (cofinancingLists.ts).
 */
import { useState } from 'react';
import { formatKronor } from '../../../src/kernel/kronor.ts';
import type { ListKind, ListView } from '../../../src/funding/cofinancingService.ts';
import { Loaded } from './Status.tsx';
import { Link } from '../router.tsx';
import { useApi } from '../useApi.ts';
import { Field } from './form.tsx';

const KINDS: Array<[ListKind, string]> = [
  ['applications', 'Ansökningar'],
  ['decisions', 'Beslut'],
  ['payouts', 'Utbetalningar'],
];

/** The query of the filters, blank ones left out. */
export function listQuery(f: { status: string; year: string; officer: string; q: string }, format?: 'csv' | 'xlsx'): string {
  const p = new URLSearchParams();
  if (f.status) p.set('status', f.status);
  if (/^\d{4}$/.test(f.year)) p.set('year', f.year);
  if (f.officer) p.set('officer', f.officer);
  if (f.q.trim()) p.set('q', f.q.trim());
  if (format) p.set('format', format);
  const s = p.toString();
  return s ? `?${s}` : '';
}

const cellText = (kind: string, v: string | number | null) => (v === null || v === '' ? '' : kind === 'ore' ? formatKronor(v as number, 'kr') : String(v));

/** The case number goes under the project's name (one column less at 1280 px); the export keeps it a column of its own. */
function ListTable({ v }: { v: ListView }) {
  if (v.rows.length === 0) return <p>Inga rader matchar filtren.</p>;
  const columns = v.columns.filter((c) => c.key !== 'caseNumber');
  const cls = (kind: string) => (kind === 'ore' || kind === 'percent' ? 'num' : kind === 'date' ? 'date' : undefined);
  return (
    <div className="table-wrap">
      <table className="table cofinancing-table">
        <caption>
          {v.title}: {v.rows.length} {v.rows.length === 1 ? 'rad' : 'rader'}
        </caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={cls(c.kind)}>
                {c.key === 'projectName' ? 'Projekt och diarienummer' : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {v.rows.map((r) => (
            <tr key={r.id}>
              {columns.map((c) =>
                c.key === 'projectName' ? (
                  <th key={c.key} scope="row">
                    <Link href={`/medfinansiering/${r.applicationId}`}>{cellText(c.kind, r.cells[c.key] ?? null)}</Link>
                    <span className="list-dnr dnr">{cellText('text', r.cells.caseNumber ?? null)}</span>
                  </th>
                ) : (
                  <td key={c.key} className={cls(c.kind)}>
                    {cellText(c.kind, r.cells[c.key] ?? null)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            {columns.map((c, i) =>
              i === 0 ? (
                <th key={c.key} scope="row">
                  Summa
                </th>
              ) : (
                <td key={c.key} className={c.kind === 'ore' ? 'num' : undefined}>
                  {c.kind === 'ore' ? formatKronor(v.sums[c.key] ?? 0, 'kr') : ''}
                </td>
              ),
            )}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function CofinancingLists() {
  const [kind, setKind] = useState<ListKind>('applications');
  const [filters, setFilters] = useState({ status: '', year: '', officer: '', q: '' });
  const set = (patch: Partial<typeof filters>) => setFilters((f) => ({ ...f, ...patch }));
  const base = `/api/cofinancing-lists/${kind}`;
  const state = useApi<ListView>(`${base}${listQuery(filters)}`, { keepPrevious: true });
  const options = state.status === 'ok' ? state.data.options : { statuses: [], officers: [], years: [] };
  return (
    <>
      <div className="segmented" role="group" aria-label="Lista">
        {KINDS.map(([k, label]) => (
          <button
            key={k}
            type="button"
            className={`button button-small ${k === kind ? '' : 'button-secondary'}`}
            aria-pressed={k === kind}
            onClick={() => {
              setKind(k);
              set({ status: '' });
            }}
          >
            {label}
          </button>
        ))}
      </div>
      <form className="list-filters" role="search" aria-label="Filtrera listan" onSubmit={(e) => e.preventDefault()}>
        <Field label="Status">
          <select value={filters.status} onChange={(e) => set({ status: e.target.value })}>
            <option value="">Alla</option>
            {options.statuses.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="År">
          <select value={filters.year} onChange={(e) => set({ year: e.target.value })}>
            <option value="">Alla år</option>
            {[...new Set([...options.years, ...(filters.year ? [Number(filters.year)] : [])])].map((y) => (
              <option key={y} value={String(y)}>
                {y}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Handläggare">
          <select value={filters.officer} onChange={(e) => set({ officer: e.target.value })}>
            <option value="">Alla</option>
            {options.officers.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Sök" hint="Diarienummer, projekt eller sökande" value={filters.q} onChange={(e) => set({ q: e.target.value })} type="search" />
      </form>
      <p className="list-export">
        Exportera det som visas: <a href={`${base}${listQuery(filters, 'csv')}`}>CSV</a> · <a href={`${base}${listQuery(filters, 'xlsx')}`}>Excel (xlsx)</a>
      </p>
      <Loaded state={state} loading="Laddar listan …">
        {(v) => <ListTable v={v} />}
      </Loaded>
    </>
  );
}
