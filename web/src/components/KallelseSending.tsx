/**
 * "Skicka kallelsen" (issue 14.6): for the secretariat on a meeting page. Sends
 * the current built version of the kallelse book by e-mail to the body's
 * members and ersättare, and shows every recipient with the status of their
 * message (Skickad, Misslyckades with the mail server's answer, Väntar) with
 * "Försök igen" per failed one; members without an address are listed and
 * can be given one here.
 */
import { useState } from 'react';
import type { DispatchView, KallelseDispatches, PersonEmailView, RecipientWithoutAddress, SendKallelseResult } from '../../../src/meetings/sending.ts';
import { send } from '../api.ts';
import { useCan } from '../session.tsx';
import { useApi } from '../useApi.ts';
import { Field, useSubmit } from './form.tsx';

const KIND: Record<'member' | 'substitute', string> = { member: 'Ledamot', substitute: 'Ersättare' };
const STATUS: Record<DispatchView['status'], string> = { sent: 'Skickad', failed: 'Misslyckades', pending: 'Väntar på e-postservern' };

const when = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });

export function KallelseSending({ meetingId }: { meetingId: number }) {
  const can = useCan();
  const secretariat = can('agenda.edit');
  const path = `/api/meetings/${meetingId}/kallelse/dispatches`;
  const state = useApi<KallelseDispatches>(secretariat ? path : null);
  const [summary, setSummary] = useState<string | null>(null);
  const sending = useSubmit<SendKallelseResult>({
    fallback: 'Kallelsen kunde inte skickas. Försök igen.',
    onDone: (r) => {
      setSummary(
        r.sent + r.failed === 0
          ? `Alla med e-postadress har redan fått version ${r.version} av kallelsen.`
          : `Version ${r.version} av kallelsen skickades till ${r.sent} mottagare${r.failed ? `; ${r.failed} misslyckades` : ''}.`,
      );
      state.reload();
    },
  });
  if (!secretariat) return null;

  const data = state.status === 'ok' ? state.data : null;
  const latest = data?.latestVersion ?? null;
  const rows = data ? data.dispatches.filter((d) => d.bookVersion === latest) : [];
  const earlier = data ? [...new Set(data.dispatches.filter((d) => d.bookVersion !== latest).map((d) => d.bookVersion))] : [];

  return (
    <section aria-labelledby="utskick" className="panel">
      <h2 id="utskick">Utskick av kallelsen</h2>
      <p>
        Kallelsen skickas med e-post till nämndens ledamöter och ersättare, med tid, plats, föredragningslistan och en länk till
        kallelseboken. Sekretessbelagda punkter visas bara med lagrummet.
      </p>
      <p>
        <button
          type="button"
          disabled={sending.busy}
          onClick={() => {
            setSummary(null);
            void sending.run(() => send<SendKallelseResult>('POST', `/api/meetings/${meetingId}/kallelse/send`, {}, path, `/api/meetings/${meetingId}/kallelse`));
          }}
        >
          {sending.busy ? 'Skickar …' : 'Skicka kallelsen'}
        </button>
      </p>
      {sending.error && (
        <p role="alert" className="error">
          {sending.error}
        </p>
      )}
      {summary && <p role="status">{summary}</p>}
      {state.status === 'error' && (
        <p role="alert" className="error">
          {state.error.message}
        </p>
      )}
      {data && (rows.length > 0 || data.withoutAddress.length > 0) && (
        <table className="dispatches">
          <caption>{latest ? `Mottagare av version ${latest}` : 'Mottagare'}</caption>
          <thead>
            <tr>
              <th scope="col">Namn</th>
              <th scope="col">Uppdrag</th>
              <th scope="col">E-postadress</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Åtgärd</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <DispatchRow key={d.id} d={d} onChanged={state.reload} path={path} />
            ))}
            {data.withoutAddress.map((p) => (
              <MissingAddressRow key={p.personId} p={p} onChanged={state.reload} path={path} />
            ))}
          </tbody>
        </table>
      )}
      {earlier.length > 0 && <p className="muted">Tidigare skickade versioner: {earlier.join(', ')}.</p>}
    </section>
  );
}

/** Failed, or pending so long that the send was interrupted (the server allows a retry after ten minutes). */
const retriable = (d: DispatchView) => d.status === 'failed' || (d.status === 'pending' && Date.now() - new Date(d.updatedAt).getTime() > 10 * 60 * 1000);

function DispatchRow({ d, onChanged, path }: { d: DispatchView; onChanged: () => void; path: string }) {
  const retry = useSubmit<DispatchView>({ fallback: 'Det gick inte att skicka igen. Försök om en stund.', onDone: onChanged });
  return (
    <tr>
      <th scope="row">{d.name}</th>
      <td>{d.kind ? KIND[d.kind] : '–'}</td>
      <td>{d.address}</td>
      <td>
        {STATUS[d.status]}
        {d.status === 'sent' && d.sentAt && ` ${when(d.sentAt)}`}
        {d.status === 'failed' && d.error && `: ${d.error}`}
        {d.attempts > 1 && ` (${d.attempts} försök)`}
        {retry.error && (
          <span role="alert" className="error">
            {' '}
            {retry.error}
          </span>
        )}
      </td>
      <td>
        {retriable(d) && (
          <button
            type="button"
            disabled={retry.busy}
            aria-label={`Försök igen att skicka till ${d.name}`}
            onClick={() => void retry.run(() => send<DispatchView>('POST', `/api/kallelse-dispatches/${d.id}/retry`, {}, path))}
          >
            Försök igen
          </button>
        )}
      </td>
    </tr>
  );
}

function MissingAddressRow({ p, onChanged, path }: { p: RecipientWithoutAddress; onChanged: () => void; path: string }) {
  const [email, setEmail] = useState('');
  const save = useSubmit<PersonEmailView>({ onDone: onChanged });
  return (
    <tr>
      <th scope="row">{p.name}</th>
      <td>{KIND[p.kind]}</td>
      <td>
        <form
          className="inline-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save.run(() => send<PersonEmailView>('PUT', `/api/people/${p.personId}/email`, { email, version: p.version }, path));
          }}
        >
          <Field inline label={<span className="visually-hidden">E-postadress för {p.name}</span>} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />{' '}
          <button type="submit" disabled={save.busy}>
            Spara
          </button>
          {save.error && (
            <span role="alert" className="error">
              {' '}
              {save.error}
            </span>
          )}
        </form>
      </td>
      <td>Saknar e-postadress</td>
      <td />
    </tr>
  );
}
