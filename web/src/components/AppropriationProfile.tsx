/**
 * The 1:1 appropriation year by year for the economist (issue 16.5): what was
 * decided, the payouts planned by the grants' payment profiles, what was
 * paid and what is left, and each granted co-financing's profile over the
 * years it runs. The API is GET /api/appropriation-profile (cofinancingProfile.ts).
 */
import { useState } from 'react';
import { formatKronor } from '../../../src/kernel/kronor.ts';
import type { AppropriationProfileView } from '../../../src/funding/cofinancingService.ts';
import { Loaded } from './Status.tsx';
import { Link } from '../router.tsx';
import { useApi } from '../useApi.ts';
import { Field } from './form.tsx';

const kr = (ore: number | null) => (ore === null ? '–' : formatKronor(ore, 'kr'));

function Years({ v }: { v: AppropriationProfileView }) {
  const span = v.years.map((y) => y.year);
  return (
    <>
      <div className="table-wrap">
        <table className="table cofinancing-table">
          <caption>Anslaget 1:1 per år {v.from}–{v.to} (statliga medel)</caption>
          <thead>
            <tr>
              <th scope="col">År</th>
              <th scope="col" className="num">Anslag</th>
              <th scope="col" className="num">Beslutat</th>
              <th scope="col" className="num">Planerade utbetalningar</th>
              <th scope="col" className="num">Utbetalt</th>
              <th scope="col" className="num">Återstår att besluta</th>
            </tr>
          </thead>
          <tbody>
            {v.years.map((y) => (
              <tr key={y.year}>
                <th scope="row">{y.year}</th>
                <td className="num">{y.totalOre === null ? <span className="muted">ej registrerat</span> : kr(y.totalOre)}</td>
                <td className="num">{kr(y.decidedOre)}</td>
                <td className="num">{kr(y.plannedOre)}</td>
                <td className="num">{kr(y.paidOre)}</td>
                <td className={`num${y.remainingOre !== null && y.remainingOre < 0 ? ' negative' : ''}`}>{kr(y.remainingOre)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {v.grants.length > 0 && (
        <div className="table-wrap">
          <table className="table cofinancing-table">
            <caption>Betalningsprofil per beviljat projekt: planerat (utbetalt) per år</caption>
            <thead>
              <tr>
                <th scope="col">Projekt</th>
                <th scope="col" className="num">Beviljat</th>
                <th scope="col" className="num">Varav 1:1</th>
                {span.map((y) => (
                  <th key={y} scope="col" className="num">
                    {y}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {v.grants.map((g) => (
                <tr key={g.applicationId}>
                  <th scope="row">
                    <Link href={`/medfinansiering/${g.applicationId}`}>{g.projectName}</Link> <span className="muted dnr">{g.caseNumber}</span>
                    {g.stale && <span className="muted"> (planen gällde tidigare villkor)</span>}
                    {!g.custom && !g.stale && <span className="muted"> (fördelat efter projektperioden)</span>}
                  </th>
                  <td className="num">{kr(g.capOre)}</td>
                  <td className="num">{kr(g.stateOre)}</td>
                  {span.map((y) => {
                    const c = g.years.find((x) => x.year === y);
                    return (
                      <td key={y} className="num">
                        {c ? (
                          <>
                            {kr(c.plannedOre)}
                            {c.paidOre > 0 && <span className="muted"> ({kr(c.paidOre)})</span>}
                          </>
                        ) : (
                          ''
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function AppropriationProfile({ thisYear }: { thisYear: number }) {
  const [from, setFrom] = useState(String(thisYear - 2));
  const [to, setTo] = useState(String(thisYear + 2));
  const ok = /^\d{4}$/.test(from) && /^\d{4}$/.test(to) && Number(from) <= Number(to) && Number(to) - Number(from) <= 11;
  const state = useApi<AppropriationProfileView>(ok ? `/api/appropriation-profile?from=${from}&to=${to}` : null, { keepPrevious: true });
  return (
    <>
      <form className="list-filters" aria-label="Välj år" onSubmit={(e) => e.preventDefault()}>
        <Field label="Från år" className="input-short" inputMode="numeric" maxLength={4} value={from} onChange={(e) => setFrom(e.target.value)} />
        <Field label="Till år" className="input-short" inputMode="numeric" maxLength={4} value={to} onChange={(e) => setTo(e.target.value)} error={ok ? null : 'Ange högst tolv år, från före till, med fyra siffror.'} />
      </form>
      {ok && (
        <Loaded state={state} loading="Laddar anslaget …">
          {(v) => <Years v={v} />}
        </Loaded>
      )}
    </>
  );
}
