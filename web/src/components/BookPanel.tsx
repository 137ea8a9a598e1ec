/** The kallelse book of a meeting: download, and for the secretariat build with progress and see what changed. */
import { useEffect, useState } from 'react';
import type { BookJobView, BookStatus } from '../../../src/documents/types.ts';
import { ApiFailure, get, send } from '../api.ts';
import { useCan, useSession } from '../session.tsx';
import { useApi } from '../useApi.ts';
import { BookDiffList, hasChanges } from './BookDiffList.tsx';

const PHASE: Record<BookJobView['phase'], string> = {
  queued: 'Väntar',
  collecting: 'Hämtar punkter och bilagor',
  rendering: 'Sätter kallelse och föredragningslista',
  merging: 'Lägger ihop bilagorna',
  saving: 'Sparar',
  done: 'Klar',
  failed: 'Misslyckades',
};

export function BookPanel({ meetingId }: { meetingId: number }) {
  const { user } = useSession();
  const can = useCan();
  const staff = Boolean(user?.roles.length);
  const canBuild = can('agenda.edit');
  const status = useApi<BookStatus>(staff ? `/api/meetings/${meetingId}/kallelse` : null);
  const [job, setJob] = useState<BookJobView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!job || job.state !== 'running') return;
    const t = setTimeout(() => {
      get<BookJobView>(`/api/meetings/${meetingId}/kallelse/jobs/${job.jobId}`).then(
        (j) => {
          setJob(j);
          if (j.state === 'done') status.reload();
          if (j.state === 'failed') setError(j.error?.message ?? 'Kallelseboken kunde inte byggas.');
        },
        (e: unknown) => setError(e instanceof ApiFailure ? e.message : 'Ett oväntat fel inträffade.'),
      );
    }, 300);
    return () => clearTimeout(t);
  }, [job, meetingId, status]);

  const build = async () => {
    setError(null);
    try {
      setJob(await send<BookJobView>('POST', `/api/meetings/${meetingId}/kallelse`, {}, `/api/meetings/${meetingId}/kallelse`));
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : 'Ett oväntat fel inträffade.');
    }
  };

  const s = status.status === 'ok' ? status.data : null;
  const diff = s?.pendingChanges;
  return (
    <section aria-labelledby="kallelsebok" className="panel">
      <h2 id="kallelsebok">Kallelsebok</h2>
      <p>
        <a href={`/api/meetings/${meetingId}/kallelse.pdf`}>Ladda ner kallelsen med alla bilagor (PDF)</a>
        {s?.latest && ` – version ${s.latest.version}, ${s.latest.pageCount} sidor${s.latest.sentAt ? `, skickad ${s.latest.sentAt.slice(0, 10)}` : ''}`}
      </p>
      {s && !s.upToDate && s.latest && <p role="status">Föredragningslistan har ändrats sedan version {s.latest.version}{s.reissueNeeded ? ': en ny version behöver skickas ut' : ''}.</p>}
      {hasChanges(diff) && <BookDiffList diff={diff} />}
      {canBuild && (
        <p>
          <button type="button" onClick={() => void build()} disabled={job?.state === 'running'}>
            {s?.latest ? 'Bygg en ny version' : 'Bygg kallelseboken'}
          </button>
        </p>
      )}
      {job && (
        <div role="status" aria-live="polite">
          <label>
            {PHASE[job.phase] ?? job.phase}: {job.done} av {job.total} sidor{' '}
            <progress max={Math.max(job.total, 1)} value={job.done} />
          </label>
          {job.state === 'done' && job.result && (
            <p>
              Klar: <a href={job.result.version.url}>version {job.result.version.version} ({job.result.version.pageCount} sidor)</a>
              {!job.result.created && ' – föredragningslistan var oförändrad, så den senaste versionen gäller.'}
            </p>
          )}
        </div>
      )}
      {canBuild && <DelegationReportButton meetingId={meetingId} />}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}

/** One click: the item "Redovisning av delegationsbeslut" with every unreported delegated decision. */
function DelegationReportButton({ meetingId }: { meetingId: number }) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const create = async () => {
    try {
      const r = await send<{ itemNumber: number; lines: string[] }>('POST', `/api/meetings/${meetingId}/delegation-report`, {}, `/api/meetings/${meetingId}`);
      setMessage({ text: `Punkt ${r.itemNumber} "Redovisning av delegationsbeslut" är skapad med ${r.lines.length} grupper av beslut. Ladda om sidan för att se den.`, error: false });
    } catch (e) {
      setMessage({ text: e instanceof ApiFailure ? e.message : 'Ett oväntat fel inträffade.', error: true });
    }
  };
  return (
    <>
      <p>
        <button type="button" onClick={() => void create()}>Skapa redovisning av delegationsbeslut</button>
      </p>
      {message && <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : undefined}>{message.text}</p>}
    </>
  );
}
