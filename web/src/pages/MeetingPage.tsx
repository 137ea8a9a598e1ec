/** /sammantraden/:id – the kallelse: when, where, who to tell, and the föredragningslista. */
import { useEffect, useRef, type ReactNode } from 'react';
import type { MeetingDetail } from '../../../src/http/contract.ts';
import { paths } from '../api.ts';
import { AgendaItem } from '../components/AgendaItem.tsx';
import { Loaded } from '../components/Status.tsx';
import { KIND_LABEL, spokenDate, timeSpan } from '../format.ts';
import { BookPanel } from '../components/BookPanel.tsx';
import { AgendaEditor } from '../components/AgendaEditor.tsx';
import { KallelseSending } from '../components/KallelseSending.tsx';
import { AbsencePanel } from '../components/AbsencePanel.tsx';
import { useCan, useSession } from '../session.tsx';
import { Link, revealHash } from '../router.tsx';
import { useApi, useTitle } from '../useApi.ts';
import { NotFoundPage as NotFound } from './NotFoundPage.tsx';

function Facts({ m }: { m: MeetingDetail }) {
  const time = timeSpan(m.startTime, m.endTime);
  const spoken = spokenDate(m.date);
  return (
    <dl className="facts">
      <div>
        <dt>Datum</dt>
        <dd>
          <span className="date">{m.date}</span>
          {spoken && <span className="weekday"> ({spoken})</span>}
        </dd>
      </div>
      {!time && !m.place ? (
        <div>
          <dt>Tid och plats</dt>
          <dd>Tid och plats framgår inte av kallelsen</dd>
        </div>
      ) : (
        <>
          <div>
            <dt>Tid</dt>
            <dd>{time ?? 'Framgår inte av kallelsen'}</dd>
          </div>
          <div>
            <dt>Plats</dt>
            <dd>{m.place ?? 'Framgår inte av kallelsen'}</dd>
          </div>
        </>
      )}
    </dl>
  );
}

/** Text with its e-mail addresses as mailto: links. */
function withEmailLinks(text: string): ReactNode[] {
  return text.split(/([\w.+-]+@[\w-]+(?:\.[\w-]+)+)/).map((part, i) =>
    i % 2 === 1 ? (
      <a key={i} href={`mailto:${part}`}>
        {part}
      </a>
    ) : (
      part
    ),
  );
}

function Practical({ m }: { m: MeetingDetail }) {
  const [heading, ...groups] = m.groupMeetings;
  if (!heading && !m.absenceNotice && !m.secretary) return null;
  return (
    <section className="card practical" aria-labelledby="praktiskt">
      <h2 id="praktiskt">Inför sammanträdet</h2>
      {heading && (
        <div className="group-meetings">
          <h3>{heading.replace(/:\s*$/, '')}</h3>
          {groups.length > 0 && (
            <ul>
              {groups.map((g, i) => (
                <li key={i}>{g}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {m.absenceNotice && <p>{withEmailLinks(m.absenceNotice)}</p>}
      {m.secretary && !m.absenceNotice?.includes(m.secretary.name) && (
        <p>
          Nämndsekreterare: {m.secretary.name}
          {m.secretary.email && (
            <>
              , e-post <a href={`mailto:${m.secretary.email}`}>{m.secretary.email}</a>
            </>
          )}
          {m.secretary.phone && (
            <>
              , telefon <a href={`tel:${m.secretary.phone.replace(/[^\d+]/g, '')}`}>{m.secretary.phone}</a>
            </>
          )}
        </p>
      )}
    </section>
  );
}

function Contents({ m }: { m: MeetingDetail }) {
  return (
    <nav className="toc" aria-label="Punkter på föredragningslistan">
      <ol>
        {m.items.map((i) => (
          <li key={i.id}>
            <a href={`#punkt-${i.number}`}>
              <span className="item-number">{i.number}.</span> {i.title}
            </a>{' '}
            <span className="toc-kind">{KIND_LABEL[i.kind]}</span>
          </li>
        ))}
      </ol>
    </nav>
  );
}

function Meeting({ m, onChanged }: { m: MeetingDetail; onChanged: () => void }) {
  useTitle(`${m.bodyName} ${m.date}`);
  const { user } = useSession();
  const can = useCan();
  const staff = Boolean(user?.roles.length);
  const secretariat = can('agenda.edit');
  const revealed = useRef(false);
  useEffect(() => {
    if (!revealed.current) {
      revealed.current = true;
      revealHash();
    }
  }, []);
  return (
    <>
      <p className="breadcrumb">
        <Link href="/">Sammanträden</Link> <span aria-hidden="true">›</span> {m.date}
      </p>
      <h1>
        {m.cancelled ? 'Inställt: ' : ''}
        {m.bodyName} – sammanträde {m.date}
      </h1>
      {m.cancelled && (
        <p className="alert alert-warning" role="status">
          Sammanträdet är inställt.
        </p>
      )}
      <div className="meeting-top">
        <Facts m={m} />
        <p className="meeting-links">
          <Link href={`/namnder/${m.bodyId}`}>Ledamöter och ersättare i {m.bodyName.toLowerCase()}</Link>
          {' · '}
          <Link href={`/sammantraden/${m.id}/protokoll`}>Protokoll</Link>
        </p>
      </div>
      <Practical m={m} />
      <BookPanel meetingId={m.id} />
      <KallelseSending meetingId={m.id} />
      {secretariat && <AbsencePanel meetingId={m.id} />}
      {secretariat && <AgendaEditor meetingId={m.id} bodyId={m.bodyId} onChanged={onChanged} />}
      <section aria-labelledby="foredragningslista">
        <h2 id="foredragningslista">Föredragningslista</h2>
        {m.items.length === 0 ? (
          <p>Föredragningslistan är tom.</p>
        ) : (
          <>
            <Contents m={m} />
            {m.items.map((i) => (
              <AgendaItem key={`${i.id}-${i.version ?? 0}-${i.secrecyRef ?? ''}`} item={i} showMemo={staff} editSecrecy={secretariat} onChanged={onChanged} />
            ))}
          </>
        )}
      </section>
      {m.source && (
        <p className="source muted">
          Inläst från {m.source.fileName} {m.source.importedAt.slice(0, 10)}.
        </p>
      )}
    </>
  );
}

export function MeetingPage({ id }: { id: string }) {
  const state = useApi<MeetingDetail>(/^\d+$/.test(id) ? paths.meeting(id) : null);
  useTitle(state.status === 'loading' ? 'Sammanträde' : null);
  if (!/^\d+$/.test(id)) return <NotFound />;
  return (
    <Loaded state={state} loading="Laddar sammanträdet …">
      {(m) => <Meeting m={m} onChanged={state.reload} />}
    </Loaded>
  );
}
