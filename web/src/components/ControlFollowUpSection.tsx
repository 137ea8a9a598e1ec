/**
 * The internal control plan's follow-up as a section of a delårsrapport or
 * verksamhetsberättelse (issue 17.5): the year's plans, per risk its owner,
 * risk value and residual risk, per action its status and comment. Read from
 * the control plan itself (no copy); edited on /internkontroll.
 */
import type { PlanView } from '../../../src/control/service.ts';
import { LEVEL_LABEL } from '../../../src/control/model.ts';
import { Link } from '../router.tsx';
import { Loaded } from './Status.tsx';
import { useApi } from '../useApi.ts';

const value = (v: number | null, level: keyof typeof LEVEL_LABEL | null) => (v === null || level === null ? 'ej bedömd' : `${v} (${LEVEL_LABEL[level].toLowerCase()})`);

export function ControlFollowUpSection({ year }: { year: number }) {
  const state = useApi<PlanView[]>(`/api/control/years/${year}`);
  return (
    <section aria-labelledby="internkontroll-uppfoljning">
      <h2 id="internkontroll-uppfoljning">Uppföljning av internkontrollplanen</h2>
      <Loaded state={state} loading="Hämtar internkontrollplanen …">
        {(plans) =>
          plans.length === 0 ? (
            <p className="muted">Ingen internkontrollplan för {year}.</p>
          ) : (
            <>
              {plans.map((p) => (
                <div key={p.id}>
                  <h3>
                    <Link href={`/internkontroll?plan=${p.id}`}>{p.title}</Link>
                  </h3>
                  {p.constructed && <p className="constructed-note">Konstruerade exempelvärden: sannolikhet, konsekvens och status är konstruerade för demon.</p>}
                  <div className="table-wrap">
                    <table className="table">
                      <caption>Risker och åtgärder {p.year}</caption>
                      <thead>
                        <tr>
                          <th scope="col">Område och risk</th>
                          <th scope="col">Riskägare</th>
                          <th scope="col">Riskvärde</th>
                          <th scope="col">Restrisk</th>
                          <th scope="col">Åtgärder</th>
                        </tr>
                      </thead>
                      <tbody>
                        {p.risks.map((r) => (
                          <tr key={r.id}>
                            <th scope="row">
                              {r.area}: {r.risk}
                            </th>
                            <td>{r.owner ?? '–'}</td>
                            <td>{value(r.riskValue, r.level)}</td>
                            <td>{value(r.residualValue, r.residualLevel)}</td>
                            <td>
                              <ul>
                                {r.actions.map((a) => (
                                  <li key={a.id}>
                                    <strong>{a.statusLabel}:</strong> {a.text}
                                    {a.comment && <> – {a.comment}</>}
                                  </li>
                                ))}
                              </ul>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </div>
              ))}
            </>
          )
        }
      </Loaded>
    </section>
  );
}
