/** The secretary's view of a meeting's förhinder (issue 14.7): who reported, and whom to call in by the ersättarordning. */
import type { AbsencesView } from '../../../src/meetings/members.ts';
import { Loaded } from './Status.tsx';
import { useApi } from '../useApi.ts';

const BASIS = {
  'samma parti': 'samma parti',
  'annat parti': 'annat parti – kontrollera nämndens ersättarordning',
  'ingen ledig ersättare': 'ingen ledig ersättare',
} as const;

export function AbsencePanel({ meetingId }: { meetingId: number }) {
  const state = useApi<AbsencesView>(`/api/meetings/${meetingId}/absences`);
  return (
    <section aria-labelledby="forhinder">
      <h2 id="forhinder">Anmälda förhinder</h2>
      <Loaded state={state} loading="Laddar förhinder …">
        {(a) =>
          a.reports.length === 0 ? (
            <p>Ingen har anmält förhinder.</p>
          ) : (
            <table className="table">
              <caption>Förhinder och ersättare att kalla in</caption>
              <thead>
                <tr>
                  <th scope="col">Förhinder</th>
                  <th scope="col">Anmält</th>
                  <th scope="col">Kalla in</th>
                </tr>
              </thead>
              <tbody>
                {a.reports.map((r) => {
                  const call = a.calls.find((c) => c.absent.personId === r.personId);
                  return (
                    <tr key={r.personId}>
                      <th scope="row">
                        {r.name}
                        {r.party ? ` (${r.party})` : ''}, {r.seat}
                      </th>
                      <td>
                        {r.reportedAt.slice(0, 10)}
                        {r.reason ? `: ${r.reason}` : ''}
                      </td>
                      <td>
                        {r.seat === 'ersättare'
                          ? '–'
                          : call?.substitute
                            ? `${call.substitute.name}${call.substitute.party ? ` (${call.substitute.party})` : ''}, ${BASIS[call.basis]}`
                            : 'Ingen ledig ersättare'}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </section>
  );
}
