/** A body's meetings, newest first, as a table with links to each meeting. */
import type { MeetingSummary } from '../../../src/http/contract.ts';
import { Link } from '../router.tsx';
import { count, spokenDate, timeSpan } from '../format.ts';

export function MeetingTable({ meetings, caption }: { meetings: MeetingSummary[]; caption: string }) {
  if (meetings.length === 0) return <p>Inga sammanträden är inlästa ännu.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Datum</th>
            <th scope="col">Tid</th>
            <th scope="col">Plats</th>
            <th scope="col" className="num">
              Punkter
            </th>
          </tr>
        </thead>
        <tbody>
          {meetings.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                <Link href={`/sammantraden/${m.id}`}>
                  <span className="date">{m.date}</span>
                  <span className="visually-hidden">, {m.bodyName}</span>
                </Link>
                <span className="weekday">{spokenDate(m.date)}</span>
                {m.cancelled && <span className="badge badge-cancelled">Inställt</span>}
              </th>
              <td>{timeSpan(m.startTime, m.endTime) ?? <span className="muted">Framgår inte</span>}</td>
              <td>{m.place ?? <span className="muted">Framgår inte</span>}</td>
              <td className="num">{count(m.itemCount, 'punkt', 'punkter')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
