/** /arenden/:dnr – one case and every meeting and punkt it has been on. */
import type { CaseDetail } from '../../../src/http/contract.ts';
import { paths } from '../api.ts';
import { Loaded } from '../components/Status.tsx';
import { count, spokenDate } from '../format.ts';
import { Link } from '../router.tsx';
import { useApi, useTitle } from '../useApi.ts';
import { useCan } from '../session.tsx';
import { CaseEditor } from '../components/CaseEditor.tsx';
import { CaseLink } from '../components/CaseLink.tsx';

function Case({ c, reload }: { c: CaseDetail; reload(): void }) {
  useTitle(`Ärende ${c.caseNumber}`);
  const can = useCan();
  const registers = can('case.register');
  return (
    <>
      <p className="breadcrumb">
        <Link href="/arenden">Ärenden</Link> <span aria-hidden="true">›</span> {c.caseNumber}
      </p>
      <h1>
        <span className="h1-kicker">Ärende {c.caseNumber}</span>
        {c.title}
      </h1>
      <dl className="facts">
        <div>
          <dt>Diarienummer</dt>
          <dd className="dnr">{c.caseNumber}</dd>
        </div>
        {c.registeredOn && (
          <div>
            <dt>Registrerat</dt>
            <dd>{c.registeredOn}</dd>
          </div>
        )}
        <div>
          <dt>Status</dt>
          <dd>
            {c.statusLabel}
            {c.closedOn ? ` ${c.closedOn}` : ''}
          </dd>
        </div>
        {c.officer && (
          <div>
            <dt>Handläggare</dt>
            <dd>{c.officer}</dd>
          </div>
        )}
      </dl>
      {!registers && c.links.length > 0 && (
        <ul aria-label="Länkade ärenden">
          {c.links.map((l) => (
            <li key={l.caseNumber}>
              {l.label}: <CaseLink caseNumber={l.caseNumber} /> {l.title}
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="behandlat">
        <h2 id="behandlat">Behandlat på sammanträden</h2>
        {c.appearances.length === 0 ? (
          <p>Ärendet har ännu inte varit uppe på något sammanträde.</p>
        ) : (
          <>
            <p>{count(new Set(c.appearances.map((a) => a.meetingId)).size, 'sammanträde', 'sammanträden')}, äldst först.</p>
            <ol className="appearances">
              {c.appearances.map((a) => (
                <li key={`${a.meetingId}-${a.itemId}`}>
                  <p className="appearance-meeting">
                    <Link href={`/sammantraden/${a.meetingId}`}>
                      {a.bodyName} – sammanträde <span className="date">{a.meetingDate}</span>
                    </Link>
                    <span className="weekday"> {spokenDate(a.meetingDate)}</span>
                  </p>
                  <p>
                    <Link href={`/sammantraden/${a.meetingId}#punkt-${a.itemNumber}`}>
                      Punkt {a.itemNumber}: {a.itemTitle}
                    </Link>
                  </p>
                </li>
              ))}
            </ol>
          </>
        )}
      </section>
      {registers && <CaseEditor c={c} onChanged={reload} />}
    </>
  );
}

export function CasePage({ dnr }: { dnr: string }) {
  const state = useApi<CaseDetail>(paths.case(dnr), { keepPrevious: true });
  useTitle(state.status === 'loading' ? `Ärende ${dnr}` : null);
  return (
    <Loaded state={state} loading="Laddar ärendet …">
      {(c) => <Case c={c} reload={state.reload} />}
    </Loaded>
  );
}
