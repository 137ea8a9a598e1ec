/** /namnder/:id – the body's members and substitutes, and its meetings. */
import type { BodyDetail, MeetingSummary, MembershipView } from '../../../src/http/contract.ts';
import { paths } from '../api.ts';
import { Loaded } from '../components/Status.tsx';
import { MeetingTable } from '../components/MeetingTable.tsx';
import { party, roleLabel } from '../format.ts';
import { Link } from '../router.tsx';
import { useApi, useTitle } from '../useApi.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

function validity(m: MembershipView): string | null {
  if (m.validFrom && m.validTo) return `${m.validFrom} – ${m.validTo}`;
  if (m.validFrom) return `från ${m.validFrom}`;
  if (m.validTo) return `till ${m.validTo}`;
  return null;
}

function People({ id, title, people, showRole }: { id: string; title: string; people: MembershipView[]; showRole: boolean }) {
  const withValidity = people.some((p) => validity(p));
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>
        {title} <span className="count">({people.length})</span>
      </h2>
      {people.length === 0 ? (
        <p>Inga uppgifter.</p>
      ) : (
        <div className="table-wrap">
          <table className="table people">
            <thead>
              <tr>
                <th scope="col">Namn</th>
                <th scope="col">Parti</th>
                {showRole && <th scope="col">Roll</th>}
                {withValidity && <th scope="col">Period</th>}
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.name}</th>
                  <td>{party(p.party) ?? <span className="muted">–</span>}</td>
                  {showRole && <td>{roleLabel(p)}</td>}
                  {withValidity && <td className="nowrap">{validity(p) ?? ''}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Body({ body }: { body: BodyDetail }) {
  useTitle(body.name);
  const meetings = useApi<MeetingSummary[]>(paths.meetings({ bodyId: body.id }));
  const members = body.memberships.filter((m) => m.kind === 'member').sort((a, b) => a.order - b.order);
  const substitutes = body.memberships.filter((m) => m.kind === 'substitute').sort((a, b) => a.order - b.order);
  return (
    <>
      <p className="breadcrumb">
        <Link href="/">Sammanträden</Link> <span aria-hidden="true">›</span> {body.name}
      </p>
      <h1>{body.name}</h1>
      <p className="lead">{body.organisation}</p>
      <ul>
        <li>
          <Link href={`/namnder/${body.id}/kalender`}>Sammanträdesplan</Link>
        </li>
        <li>
          <a href={`/api/bodies/${body.id}/calendar.ics`}>Prenumerera på sammanträdesplanen (iCalendar)</a>
        </li>
        <li>
          <Link href={`/namnder/${body.id}/delegation`}>Delegationsordning och delegationsbeslut</Link>
        </li>
      </ul>
      <div className="two-columns">
        <People id="ledamoter" title="Ledamöter" people={members} showRole />
        <People id="ersattare" title="Ersättare" people={substitutes} showRole={false} />
      </div>
      <section aria-labelledby="body-meetings">
        <h2 id="body-meetings">Sammanträden</h2>
        <Loaded state={meetings} loading="Laddar sammanträden …">
          {(ms) => <MeetingTable meetings={ms} caption={`Sammanträden, ${body.name}, nyast först`} />}
        </Loaded>
      </section>
    </>
  );
}

export function BodyPage({ id }: { id: string }) {
  const valid = /^\d+$/.test(id);
  const state = useApi<BodyDetail>(valid ? paths.body(id) : null);
  if (!valid) return <NotFoundPage />;
  return (
    <Loaded state={state} loading="Laddar nämnden …">
      {(b) => <Body body={b} />}
    </Loaded>
  );
}
