/** Start: each body with its meetings, newest first. */
import type { BodySummary, MeetingSummary } from '../../../src/http/contract.ts';
import { paths } from '../api.ts';
import { Loaded } from '../components/Status.tsx';
import { MeetingTable } from '../components/MeetingTable.tsx';
import { Link } from '../router.tsx';
import { DueList } from '../components/DueList.tsx';
import { useSession } from '../session.tsx';
import { useApi, useTitle } from '../useApi.ts';

function BodySection({ body, meetings }: { body: BodySummary; meetings: MeetingSummary[] }) {
  const headingId = `namnd-${body.id}`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-head">
        <h2 id={headingId}>{body.name}</h2>
        <p className="card-sub">
          {body.organisation} · <Link href={`/namnder/${body.id}`}>Ledamöter och ersättare</Link>
        </p>
      </div>
      <MeetingTable meetings={meetings} caption={`Sammanträden, ${body.name}, nyast först`} />
    </section>
  );
}

export function StartPage() {
  useTitle('Sammanträden');
  const bodies = useApi<BodySummary[]>(paths.bodies());
  const meetings = useApi<MeetingSummary[]>(paths.meetings());
  const { user } = useSession();
  return (
    <>
      <h1>Sammanträden</h1>
      <p className="lead">Kallelser och föredragningslistor, nyast först. Välj ett sammanträde för att se punkterna och förslagen till beslut.</p>
      {user?.roles.some((r) => r !== 'member') && <DueList />}
      <Loaded state={bodies} loading="Laddar nämnder …">
        {(bs) => (
          <Loaded state={meetings} loading="Laddar sammanträden …">
            {(ms) =>
              bs.length === 0 ? (
                <p>Det finns inga nämnder ännu. Läs in en kallelse för att komma igång.</p>
              ) : (
                bs.map((b) => (
                  <BodySection
                    key={b.id}
                    body={b}
                    meetings={ms.filter((m) => m.bodyId === b.id).sort((x, y) => y.date.localeCompare(x.date))}
                  />
                ))
              )
            }
          </Loaded>
        )}
      </Loaded>
    </>
  );
}
