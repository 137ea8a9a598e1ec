/**
 * /sammantraden/:id/protokoll – the minutes: header with the legal clock and its warnings,
 * adjustment and signing, the secretary's work (attendance, decisions, numbering, adjusters,
 * notice), and the paragraphs with extracts and expediering.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import type { AgendaItemView, BodyDetail, MeetingDetail, MinutesView } from '../../../src/http/contract.ts';
import { ApiFailure, cached, get, paths, send } from '../api.ts';
import { AttendanceEditor, AttendanceList } from '../components/minutes/Attendance.tsx';
import { AttendanceLive } from '../components/minutes/AttendanceLive.tsx';
import { DecisionEditor, type Seat } from '../components/minutes/DecisionEditor.tsx';
import { Numbering } from '../components/minutes/Numbering.tsx';
import { Paragraph } from '../components/minutes/Paragraph.tsx';
import { Adjusters, FrozenFile, SigningBox } from '../components/minutes/Signing.tsx';
import { Dispatch } from '../components/minutes/Dispatch.tsx';
import { STATUS_LABEL, stamp, todayInStockholm, useAction } from '../components/minutes/shared.ts';
import { ErrorMessage, Loading } from '../components/Status.tsx';
import { spokenDate } from '../format.ts';
import { Link } from '../router.tsx';
import { useCan, useSession } from '../session.tsx';
import { useApi, useTitle } from '../useApi.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

type MinutesState = { status: 'loading' } | { status: 'ok'; data: MinutesView } | { status: 'error'; error: ApiFailure };

/** The minutes, fetched again after every change (refresh resolves once the new answer is shown). */
function useMinutes(id: string, userId: number | null | undefined): [MinutesState, () => Promise<void>] {
  const path = paths.minutes(id);
  const [state, setState] = useState<MinutesState>(() => {
    const hit = cached<MinutesView>(path);
    return hit ? { status: 'ok', data: hit } : { status: 'loading' };
  });
  const refresh = useCallback(async () => {
    try {
      const data = await get<MinutesView>(path);
      setState({ status: 'ok', data });
    } catch (e) {
      setState({ status: 'error', error: e instanceof ApiFailure ? e : new ApiFailure('Ett oväntat fel inträffade.', 0, 'unknown') });
    }
  }, [path]);
  // Again when someone signs in or out: drafts are for members and staff only.
  useEffect(() => {
    if (userId === undefined) return;
    void refresh();
  }, [refresh, userId]);
  return [state, refresh];
}

function Clock({ m }: { m: MinutesView }) {
  const c = m.clock;
  return (
    <section className="card" aria-labelledby="frister">
      <h2 id="frister">Frister</h2>
      <dl className="facts clock">
        <div>
          <dt>Sista dag för justering</dt>
          <dd>
            <span className="date">{c.adjustmentDue}</span>
            {c.adjustmentBasis === 'decided' ? ' enligt nämndens beslut' : ' enligt kommunallagen'}
            {m.adjustedOn && <span className="muted"> – justerat {m.adjustedOn}</span>}
            <br />
            <span className="muted">
              {c.adjustmentBasis === 'decided' ? (
                <>
                  Lagens sista dag: <span className="date">{c.adjustmentLegalDue}</span>
                </>
              ) : c.adjustmentDecided ? (
                <>
                  Nämnden beslutade <span className="date">{c.adjustmentDecided}</span>, senare än lagen medger
                </>
              ) : (
                'Nämnden har inte beslutat någon egen dag (14 dagar efter sammanträdet)'
              )}
            </span>
          </dd>
        </div>
        <div>
          <dt>Sista dag för anslag</dt>
          <dd>{c.noticeDue ? <span className="date">{c.noticeDue}</span> : <span className="muted">räknas från justeringsdagen</span>}</dd>
        </div>
        <div>
          <dt>Anslaget på anslagstavlan</dt>
          <dd>
            {m.notice ? (
              <>
                <span className="date">{m.notice.postedOn}</span>
                {m.notice.takenDownOn ? `, nedtaget ${m.notice.takenDownOn}` : ', sitter uppe'}
              </>
            ) : (
              <span className="muted">inte anslaget</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Överklagandetiden går ut</dt>
          <dd>{c.appealLastDay ? <span className="date">{c.appealLastDay}</span> : <span className="muted">räknas från anslagsdagen</span>}</dd>
        </div>
        <div>
          <dt>Laga kraft</dt>
          <dd>
            {c.finalOn ? (
              <>
                <span className="date">{c.finalOn}</span>
                {c.isFinal ? ' – besluten har vunnit laga kraft' : ' (om besluten inte överklagas)'}
              </>
            ) : (
              <span className="muted">dagen efter att överklagandetiden gått ut</span>
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}

function Warnings({ m }: { m: MinutesView }) {
  if (m.clock.warnings.length === 0) return null;
  return (
    <div className="alert alert-warning" role="status">
      <p className="alert-title">Frister att bevaka</p>
      <ul>
        {m.clock.warnings.map((w) => (
          <li key={w.code}>{w.message}</li>
        ))}
      </ul>
    </div>
  );
}

function ChooseAdjusters({ m, body, refresh }: { m: MinutesView; body: BodyDetail; refresh: () => Promise<void> }) {
  const ids = useId();
  const [chosen, setChosen] = useState<number[]>(m.adjusters.map((a) => a.personId));
  const { error, busy, run } = useAction(refresh);
  const [saved, setSaved] = useState(false);
  const members = body.memberships.filter((x) => x.kind === 'member');
  return (
    <form
      className="tool"
      aria-labelledby={`${ids}-h`}
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        void run(() => send('PUT', `${paths.minutes(m.meetingId)}/adjusters`, { version: m.version, personIds: chosen }, paths.minutes(m.meetingId))).then(
          setSaved,
        );
      }}
    >
      <h3 id={`${ids}-h`}>Justerare</h3>
      <fieldset className="checkbox-grid">
        <legend>Vilka ska justera protokollet? (de signerar i den ordning de väljs; sammanträdets ordförande justerar alltid och förs in först)</legend>
        {members.map((x) => (
          <label key={x.personId}>
            <input
              type="checkbox"
              checked={chosen.includes(x.personId)}
              onChange={(e) => setChosen((c) => (e.target.checked ? [...c, x.personId] : c.filter((p) => p !== x.personId)))}
            />{' '}
            {x.name}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button" disabled={busy}>
        Välj justerare
      </button>
      <div role="status" className="form-result">
        {saved && <p className="alert alert-success">Justerarna är valda.</p>}
      </div>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function NoticeTools({ m, refresh }: { m: MinutesView; refresh: () => Promise<void> }) {
  const { error, busy, run } = useAction(refresh);
  const today = todayInStockholm();
  const base = paths.minutes(m.meetingId);
  return (
    <section className="card" aria-labelledby="anslag">
      <h2 id="anslag">Anslag</h2>
      {!m.notice ? (
        <>
          <p>Tillkännage justeringen på den digitala anslagstavlan. Överklagandetiden räknas från anslagsdagen ({today}).</p>
          <button type="button" className="button" disabled={busy} onClick={() => void run(() => send('POST', `${base}/notice`, { postedOn: today }, base, paths.noticeBoard()))}>
            Anslå på anslagstavlan
          </button>
        </>
      ) : m.notice.takenDownOn ? (
        <p>Anslaget sattes upp {m.notice.postedOn} och togs ned {m.notice.takenDownOn}.</p>
      ) : (
        <>
          <p>
            Anslaget sattes upp {m.notice.postedOn} och ska sitta uppe till och med {m.clock.appealLastDay}. <Link href="/anslagstavla">Till anslagstavlan</Link>
          </p>
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() => void run(() => send('POST', `${base}/notice/take-down`, { on: today }, base, paths.noticeBoard()))}
          >
            Ta ned anslaget
          </button>
        </>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function seatsFor(body: BodyDetail | null, m: MinutesView): Seat[] {
  const present = m.attendance.filter((a) => a.present);
  if (present.length) return present.map((a) => ({ personId: a.personId, name: a.name, party: a.party }));
  return (body?.memberships ?? []).map((x) => ({ personId: x.personId, name: x.name, party: x.party }));
}

function Minutes({
  id,
  meeting,
  body,
  m,
  refresh,
}: {
  id: string;
  meeting: MeetingDetail;
  body: BodyDetail | null;
  m: MinutesView;
  refresh: () => Promise<void>;
}) {
  const { user } = useSession();
  const can = useCan();
  const secretary = can('minutes.edit');
  const canDispatch = m.locked && can('decision.dispatch');
  const signing = m.adjusters.some((a) => a.signedAt) && !m.locked;
  const editable = secretary && !m.locked && !signing;
  const me = user?.personId != null ? m.adjusters.find((a) => a.personId === user.personId) : undefined;
  const dispatch = useAction(refresh);
  const items = new Map<number, AgendaItemView>(meeting.items.map((i) => [i.number, i]));
  const decisions = new Map(m.decisions.map((d) => [d.itemNumber, d]));
  const numbers = editable ? meeting.items.map((i) => i.number) : m.decisions.map((d) => d.itemNumber);
  const seats = seatsFor(body, m);
  const maxItem = Math.max(1, ...meeting.items.map((i) => i.number));
  const onDispatch = (itemNumber: number, recipient: string) =>
    void dispatch.run(() => send('POST', `${paths.minutes(id)}/items/${itemNumber}/dispatches`, { recipient }, paths.minutes(id)));

  return (
    <>
      <section className="card minutes-head" aria-label="Om protokollet">
        <dl className="facts">
          <div>
            <dt>Nämnd</dt>
            <dd>{m.bodyName}</dd>
          </div>
          <div>
            <dt>Sammanträde</dt>
            <dd>
              <span className="date">{m.meetingDate}</span>
              {spokenDate(m.meetingDate) && <span className="weekday"> ({spokenDate(m.meetingDate)})</span>}
            </dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>
              <span className={`status status-${m.status}`}>{STATUS_LABEL[m.status]}</span>
              {m.adjustedOn && ` – justerat ${m.adjustedOn}`}
              {signing && ' – justeringen pågår'}
            </dd>
          </div>
          <div>
            <dt>Protokollet förvaras</dt>
            <dd>{m.keptAt}</dd>
          </div>
          {m.updatedBy && user && (
            <div>
              <dt>Senast ändrat av</dt>
              <dd>{m.updatedBy.replace(/^user:/, '')}</dd>
            </div>
          )}
        </dl>
        <p className="minutes-links">
          <a href={paths.minutesPdf(id)}>Protokollet som PDF</a>
          {' · '}
          <Link href={`/sammantraden/${id}`}>Föredragningslistan</Link>
        </p>
      </section>

      {m.locked && (
        <p className="alert alert-success" role="status">
          Protokollet är justerat och låst.
        </p>
      )}
      <Warnings m={m} />

      {me && !me.signedAt && !m.locked && user?.personId != null && m.status !== 'draft' && (
        <SigningBox m={m} personId={user.personId} refresh={refresh} />
      )}

      <Clock m={m} />

      <section className="card" aria-labelledby="justering">
        <h2 id="justering">Justering</h2>
        <Adjusters m={m} />
        <FrozenFile m={m} original={can('minutes.read-draft')} />
        {me && !me.signedAt && m.status === 'draft' && <p className="hint">Du är utsedd att justera. Protokollet kan signeras när paragraferna är numrerade.</p>}
        {me?.signedAt && !m.locked && <p className="hint">Du har signerat. Protokollet låses när alla justerare har signerat.</p>}
        {signing && secretary && <p className="hint">Justeringen har börjat. Protokollet kan inte ändras medan justerarna signerar.</p>}
      </section>

      {secretary && m.locked && <NoticeTools m={m} refresh={refresh} />}
      <Dispatch meetingId={id} />

      {editable && body && (
        <section className="card secretary" aria-labelledby="sekreterare">
          <h2 id="sekreterare">Sekreterarens arbete</h2>
          <AttendanceEditor meetingId={id} body={body} m={m} maxItem={maxItem} refresh={refresh} />
          <AttendanceLive meetingId={id} version={m.version} refresh={refresh} />
          <Numbering m={m} refresh={refresh} />
          <ChooseAdjusters m={m} body={body} refresh={refresh} />
        </section>
      )}

      {!editable && (
        <section className="card" aria-labelledby="narvaro">
          <h2 id="narvaro">Närvaro</h2>
          <AttendanceList m={m} />
        </section>
      )}

      <section aria-labelledby="paragrafer">
        <h2 id="paragrafer">{m.status === 'draft' ? 'Beslut' : 'Paragrafer'}</h2>
        {dispatch.error && (
          <p className="alert alert-error" role="alert">
            {dispatch.error}
          </p>
        )}
        {numbers.length === 0 ? (
          <p>Inga beslut är protokollförda ännu.</p>
        ) : (
          numbers.map((n) => {
            const item = items.get(n);
            const d = decisions.get(n);
            return (
              <Paragraph key={n} meetingId={id} item={item} d={d} canDispatch={canDispatch} busy={dispatch.busy} onDispatch={onDispatch}>
                {editable && item && <DecisionEditor meetingId={id} item={item} decision={d} seats={seats} refresh={refresh} />}
              </Paragraph>
            );
          })
        )}
      </section>
    </>
  );
}

function Missing({ id, refresh }: { id: string; refresh: () => Promise<void> }) {
  const can = useCan();
  const { error, busy, run } = useAction(refresh);
  return (
    <section className="card">
      <p>Protokoll saknas ännu.</p>
      {can('minutes.edit') && (
        <button type="button" className="button" disabled={busy} onClick={() => void run(() => send('POST', paths.minutes(id), {}, paths.minutes(id)))}>
          Påbörja protokoll
        </button>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

export function MinutesPage({ id }: { id: string }) {
  const valid = /^\d+$/.test(id);
  const { user } = useSession();
  const can = useCan();
  const meeting = useApi<MeetingDetail>(valid ? paths.meeting(id) : null);
  const [minutes, refresh] = useMinutes(id, user === undefined ? undefined : (user?.id ?? null));
  const bodyId = meeting.status === 'ok' ? meeting.data.bodyId : null;
  const body = useApi<BodyDetail>(bodyId && can('minutes.edit') ? paths.body(bodyId) : null);
  useTitle(meeting.status === 'ok' ? `Protokoll ${meeting.data.bodyName} ${meeting.data.date}` : 'Protokoll');

  if (!valid) return <NotFoundPage />;
  if (meeting.status === 'error') return meeting.error.status === 404 ? <NotFoundPage message={meeting.error.message} /> : <ErrorMessage error={meeting.error} />;
  if (meeting.status !== 'ok') return <Loading what="Laddar protokollet …" />;
  const mt = meeting.data;

  let content;
  if (minutes.status === 'loading') content = <Loading what="Laddar protokollet …" />;
  else if (minutes.status === 'error') {
    if (minutes.error.status === 404) content = <Missing id={id} refresh={refresh} />;
    else
      content = (
        <>
          <ErrorMessage error={minutes.error} retry={minutes.error.status === 0 || minutes.error.status >= 500 ? () => void refresh() : undefined} />
          {!user && minutes.error.status === 401 && (
            <p>
              <Link href={`/logga-in?nasta=${encodeURIComponent(`/sammantraden/${id}/protokoll`)}`}>Logga in</Link> för att läsa protokollet innan det är
              justerat.
            </p>
          )}
        </>
      );
  } else content = <Minutes id={id} meeting={mt} body={body.status === 'ok' ? body.data : null} m={minutes.data} refresh={refresh} />;

  return (
    <>
      <p className="breadcrumb">
        <Link href="/">Sammanträden</Link> <span aria-hidden="true">›</span> <Link href={`/sammantraden/${mt.id}`}>{mt.date}</Link>{' '}
        <span aria-hidden="true">›</span> Protokoll
      </p>
      <h1>
        Protokoll – {mt.bodyName} {mt.date}
      </h1>
      {content}
    </>
  );
}
