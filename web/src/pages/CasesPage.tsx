/** /arenden – the case register: filter, pages of 50, and the registration form. */
import { useEffect, useId, useState } from 'react';
import type { CaseSummary, Page } from '../../../src/http/contract.ts';
import { paths } from '../api.ts';
import { CaseLink } from '../components/CaseLink.tsx';
import { RegisterCaseForm } from '../components/RegisterCaseForm.tsx';
import { Loaded } from '../components/Status.tsx';
import { count } from '../format.ts';
import { navigate, useSearchParam } from '../router.tsx';
import { useApi, useTitle } from '../useApi.ts';

const LIMIT = 50;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

function CaseTable({ page }: { page: Page<CaseSummary> }) {
  if (page.items.length === 0) return <p>Inga ärenden matchar filtret.</p>;
  return (
    <div className="table-wrap">
      <table className="table cases">
        <thead>
          <tr>
            <th scope="col">Diarienummer</th>
            <th scope="col">Ärendemening</th>
            <th scope="col">Registrerat</th>
            <th scope="col" className="num">
              Sammanträden
            </th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((c) => (
            <tr key={c.caseNumber}>
              <th scope="row">
                <CaseLink caseNumber={c.caseNumber} />
              </th>
              <td>{c.title}</td>
              <td className="nowrap">{c.registeredOn ?? <span className="muted">–</span>}</td>
              <td className="num">{c.appearanceCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CasesPage() {
  useTitle('Ärenden');
  const ids = useId();
  const initial = useSearchParam('q');
  const [filter, setFilter] = useState(initial);
  const q = useDebounced(filter.trim(), 250);
  // The page within the list belongs to one filter: a new filter starts on the first page.
  const [paging, setPaging] = useState({ q, offset: 0 });
  const offset = paging.q === q ? paging.offset : 0;
  const setOffset = (o: number) => setPaging({ q, offset: o });

  // Keep the filter in the address (without a new history entry), so it survives reloads and links.
  useEffect(() => {
    const url = q ? `/arenden?q=${encodeURIComponent(q)}` : '/arenden';
    if (window.location.pathname + window.location.search !== url) navigate(url, { replace: true });
  }, [q]);

  const cases = useApi<Page<CaseSummary>>(paths.cases({ q: q || undefined, limit: LIMIT, offset }), { keepPrevious: true });

  return (
    <>
      <h1>Ärenden</h1>
      <p className="lead">Diariet för regional tillväxtnämnd: registrerade ärenden och ärenden som förekommer i inlästa kallelser.</p>
      <div className="cases-layout">
        <section aria-labelledby={`${ids}-list`} className="cases-list">
          <h2 id={`${ids}-list`} className="visually-hidden">
            Ärendelista
          </h2>
          <form className="filter" role="search" aria-label="Filtrera ärenden" onSubmit={(e) => e.preventDefault()}>
            <label htmlFor={`${ids}-q`}>Filtrera på diarienummer eller ärendemening</label>
            <input id={`${ids}-q`} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} autoComplete="off" />
          </form>
          <Loaded state={cases} loading="Laddar ärenden …">
            {(page) => (
              <>
                <p className="result-count" aria-live="polite">
                  {page.total === 0
                    ? 'Inga ärenden'
                    : `Visar ${page.offset + 1}–${page.offset + page.items.length} av ${count(page.total, 'ärende', 'ärenden')}`}
                </p>
                <CaseTable page={page} />
                {page.total > LIMIT && (
                  <nav className="pager" aria-label="Sidor i ärendelistan">
                    <button
                      type="button"
                      className="button button-secondary"
                      disabled={page.offset === 0}
                      onClick={() => setOffset(Math.max(0, page.offset - LIMIT))}
                    >
                      Föregående
                    </button>
                    <button
                      type="button"
                      className="button button-secondary"
                      disabled={page.offset + page.items.length >= page.total}
                      onClick={() => setOffset(page.offset + LIMIT)}
                    >
                      Nästa
                    </button>
                  </nav>
                )}
              </>
            )}
          </Loaded>
        </section>
        <RegisterCaseForm onRegistered={() => cases.reload()} />
      </div>
    </>
  );
}
