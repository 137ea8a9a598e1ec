/** The staff start page's "Att göra" (issue 14.8): the next meeting per body with what is missing, and the protokoll work due. */
import type { Overview, UpcomingMeeting } from '../../../src/meetings/overview.ts';
import { spokenDate, timeSpan } from '../format.ts';
import { Loaded } from './Status.tsx';
import { Link } from '../router.tsx';
import { useApi } from '../useApi.ts';

const days = (n: number) => (n === 1 ? '1 dag' : `${n} dagar`);

function kallelseLine(u: UpcomingMeeting): string {
  if (u.book.reissueNeeded) return 'Föredragningslistan har ändrats sedan kallelsen skickades: bygg och skicka den igen.';
  if (u.book.sentAt) return `Kallelsen skickades ${u.book.sentAt.slice(0, 10)}.`;
  const by = `senast ${u.sendBy.due}${u.sendBy.movedBecause ? ` (${u.sendBy.nominal} är ${u.sendBy.movedBecause})` : ''}`;
  const left = u.sendBy.daysLeft < 0 ? `${days(-u.sendBy.daysLeft)} försenad` : u.sendBy.daysLeft === 0 ? 'i dag' : `${days(u.sendBy.daysLeft)} kvar`;
  return `Kallelsen är inte skickad. Den ska skickas ${by}, ${u.sendBy.daysBefore} dagar före sammanträdet enligt reglementet – ${left}.`;
}

function Upcoming({ u }: { u: UpcomingMeeting }) {
  const id = `nasta-${u.meetingId}`;
  return (
    <section className="card" aria-labelledby={id}>
      <h3 id={id}>
        <Link href={`/sammantraden/${u.meetingId}`}>
          {u.bodyName}, {spokenDate(u.date) ?? u.date}
        </Link>
      </h3>
      <p className="card-sub">
        {[timeSpan(u.startTime, null), u.place, `${u.itemCount} punkter`].filter(Boolean).join(' · ')}
      </p>
      {u.ready ? (
        <p>Allt är klart: föredragnings-PM, beslutsunderlag och kallelsen.</p>
      ) : (
        <ul>
          <li className={!u.book.sentAt && u.sendBy.daysLeft < 0 ? 'late' : undefined}>{kallelseLine(u)}</li>
          {u.itemCount === 0 && <li>Föredragningslistan har inga punkter ännu.</li>}
          {u.memosNotReady.length > 0 && (
            <li>
              Föredragnings-PM som inte är klara för kallelsen:
              <ul>
                {u.memosNotReady.map((m) => (
                  <li key={m.itemId}>
                    <Link href={`/sammantraden/${u.meetingId}/punkter/${m.itemId}`}>
                      Punkt {m.number}: {m.title}
                    </Link>{' '}
                    ({m.state === 'utkast' ? 'utkast' : 'inte påbörjat'})
                  </li>
                ))}
              </ul>
            </li>
          )}
          {u.underlagMissing.length > 0 && (
            <li>
              Beslutsunderlag som saknar fil:
              <ul>
                {u.underlagMissing.map((m, i) => (
                  <li key={`${m.itemId}-${i}`}>
                    <Link href={`/sammantraden/${u.meetingId}/punkter/${m.itemId}`}>Punkt {m.number}</Link>: {m.document}
                  </li>
                ))}
              </ul>
            </li>
          )}
        </ul>
      )}
    </section>
  );
}

const TASK_LABEL = { justera: 'Justera protokollet', anslå: 'Anslå justeringen', 'ta ned anslaget': 'Ta ned anslaget' } as const;

export function DueList() {
  const state = useApi<Overview>('/api/overview');
  return (
    <section aria-labelledby="att-gora">
      <h2 id="att-gora">Att göra</h2>
      <Loaded state={state} loading="Laddar det som ska göras …">
        {(o) => (
          <>
            {o.upcoming.length === 0 ? (
              <p>Inga kommande sammanträden är planerade.</p>
            ) : (
              o.upcoming.map((u) => <Upcoming key={u.meetingId} u={u} />)
            )}
            {o.remisser.length > 0 && (
              <table className="table">
                <caption>Remisser med tid som löper ut</caption>
                <thead>
                  <tr>
                    <th scope="col">Remiss</th>
                    <th scope="col">Att göra</th>
                    <th scope="col">Senast</th>
                  </tr>
                </thead>
                <tbody>
                  {o.remisser.map((r) => (
                    <tr key={r.remissId} className={r.overdue ? 'late' : undefined}>
                      <td>
                        <Link href={`/remisser/${r.remissId}`}>{r.title}</Link> ({r.counterpart}
                        {r.caseNumber ? `, ${r.caseNumber}` : ''})
                      </td>
                      <td>{r.label}</td>
                      <td>
                        {r.due}
                        {r.overdue ? ' (försenat)' : r.daysLeft <= 14 ? ` (${days(r.daysLeft)} kvar)` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {o.minutes.length > 0 && (
              <table className="table">
                <caption>Protokoll som väntar</caption>
                <thead>
                  <tr>
                    <th scope="col">Sammanträde</th>
                    <th scope="col">Att göra</th>
                    <th scope="col">Senast</th>
                    <th scope="col">Enligt</th>
                  </tr>
                </thead>
                <tbody>
                  {o.minutes.map((m) => (
                    <tr key={`${m.meetingId}-${m.task}`} className={m.overdue ? 'late' : undefined}>
                      <td>
                        <Link href={`/sammantraden/${m.meetingId}/protokoll`}>
                          {m.bodyName} {m.meetingDate}
                        </Link>
                      </td>
                      <td>{TASK_LABEL[m.task]}</td>
                      <td>
                        {m.task === 'ta ned anslaget' ? `från ${m.by}` : m.by}
                        {m.overdue ? ' (försenat)' : ''}
                      </td>
                      <td>{m.basis}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
