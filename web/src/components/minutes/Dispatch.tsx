/**
 * "Expediering" on the minutes page (issue 15.6), for the secretariat: per
 * paragraph the recipients of its extract – proposed from the memo's and
 * the protokoll's "Skickas till", confirmed with an e-mail address, edited,
 * added or removed – and, once the protokoll is adjusted, "Skicka utdragen":
 * the sealed, certified extract by e-mail to each, with the status of every
 * message (Skickat, Misslyckades with the mail server's answer, Väntar) and
 * "Försök igen". A secret item's extract never goes by plain e-mail: it is
 * sent a safe way and recorded with "Registrera annat sätt".
 */
import { useId, useState } from 'react';
import type { ExpedieringParagraph, ExpedieringRecipientView, ExpedieringView, SendExtractsResult } from '../../../../src/minutes/dispatch.ts';
import { send } from '../../api.ts';
import { useCan } from '../../session.tsx';
import { useApi } from '../../useApi.ts';
import { Field, useSubmit } from '../form.tsx';

const SOURCE: Record<ExpedieringRecipientView['source'], string> = { memo: 'PM:ets Skickas till', protokoll: 'Protokollets Skickas till', added: 'Tillagd' };
const when = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });
const STALE_MS = 10 * 60 * 1000;

function Alert({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <span role="alert" className="error">
      {' '}
      {error}
    </span>
  );
}

export function Dispatch({ meetingId }: { meetingId: string | number }) {
  const can = useCan();
  const allowed = can('decision.dispatch');
  const path = `/api/meetings/${meetingId}/expediering`;
  const state = useApi<ExpedieringView>(allowed ? path : null);
  const [summary, setSummary] = useState<string | null>(null);
  const sending = useSubmit<SendExtractsResult>({
    fallback: 'Utdragen kunde inte skickas. Försök igen.',
    onDone: (r) => {
      const parts = [
        r.sent + r.failed === 0 ? 'Inga nya utdrag att skicka med e-post.' : `${r.sent} utdrag skickades${r.failed ? `, ${r.failed} misslyckades` : ''}.`,
        r.secretSkipped.length ? `${r.secretSkipped.length} mottagare av sekretessbelagda punkter fick inget e-postmeddelande: registrera hur de fick utdraget.` : '',
        r.withoutAddress.length ? `${r.withoutAddress.length} mottagare saknar e-postadress.` : '',
      ];
      setSummary(parts.filter(Boolean).join(' '));
      state.reload();
    },
  });
  if (!allowed) return null;
  const data = state.status === 'ok' ? state.data : null;

  return (
    <section className="card" aria-labelledby="expediering">
      <h2 id="expediering">Expediering</h2>
      <p>
        Varje paragrafs mottagare kommer från PM:ets och protokollets Skickas till; ange en e-postadress för varje. När protokollet är justerat skickas det
        bestyrkta, förseglade protokollsutdraget som bilaga. Utdrag ur sekretessbelagda punkter skickas aldrig med vanlig e-post.
      </p>
      {state.status === 'error' && (
        <p role="alert" className="error">
          {state.error.message}
        </p>
      )}
      {data && !data.adjusted && <p className="hint">Utdragen kan skickas när protokollet är justerat. Mottagarna kan förberedas redan nu.</p>}
      {data && (
        <p>
          <button
            type="button"
            className="button"
            disabled={sending.busy || !data.adjusted}
            onClick={() => {
              setSummary(null);
              void sending.run(() => send<SendExtractsResult>('POST', `${path}/send`, {}, path));
            }}
          >
            {sending.busy ? 'Skickar …' : 'Skicka utdragen'}
          </button>
        </p>
      )}
      {sending.error && (
        <p role="alert" className="error">
          {sending.error}
        </p>
      )}
      {summary && <p role="status">{summary}</p>}
      {data?.paragraphs.map((p) => <ParagraphRecipients key={p.decisionId} p={p} adjusted={data.adjusted} path={path} reload={state.reload} />)}
    </section>
  );
}

function ParagraphRecipients({ p, adjusted, path, reload }: { p: ExpedieringParagraph; adjusted: boolean; path: string; reload: () => void }) {
  const ids = useId();
  const label = `${p.paragraph !== null ? `§ ${p.paragraph}` : `Punkt ${p.itemNumber}`} ${p.itemTitle}`;
  return (
    <div className="expediering-paragraph">
      <h3 id={`${ids}-h`}>{label}</h3>
      {p.secrecyRef && (
        <p className="hint">
          Sekretess ({p.secrecyRef}): utdraget skickas inte med vanlig e-post. Skicka det på ett säkert sätt och registrera hur.
        </p>
      )}
      {p.extractUrl && (
        <p>
          <a href={p.extractUrl}>Bestyrkt utdrag (PDF)</a>
        </p>
      )}
      {p.recipients.length > 0 && (
        <table className="dispatches" aria-labelledby={`${ids}-h`}>
          <thead>
            <tr>
              <th scope="col">Mottagare</th>
              <th scope="col">Källa</th>
              <th scope="col">E-postadress</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Åtgärd</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {p.recipients.map((r) =>
              r.id === null ? (
                <SuggestionRow key={`s-${r.name}`} r={r} p={p} path={path} reload={reload} />
              ) : (
                <RecipientRow key={r.id} r={r} adjusted={adjusted} path={path} reload={reload} />
              ),
            )}
          </tbody>
        </table>
      )}
      <AddRecipient p={p} path={path} reload={reload} />
    </div>
  );
}

function SuggestionRow({ r, p, path, reload }: { r: ExpedieringRecipientView; p: ExpedieringParagraph; path: string; reload: () => void }) {
  const [email, setEmail] = useState(r.email ?? '');
  const add = useSubmit({ onDone: reload });
  return (
    <tr>
      <th scope="row">{r.name}</th>
      <td>{r.source === 'protokoll' ? 'Förslag ur protokollet' : 'Förslag ur PM:et'}</td>
      <td>
        <form
          className="inline-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void add.run(() => send('POST', `${path}/items/${p.itemNumber}/recipients`, { name: r.name, email: email || null }, path));
          }}
        >
          <Field inline label={<span className="visually-hidden">E-postadress för {r.name}</span>} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />{' '}
          <button type="submit" disabled={add.busy}>
            Lägg till<span className="visually-hidden"> {r.name}</span>
          </button>
          <Alert error={add.error} />
        </form>
      </td>
      <td>Inte mottagare ännu</td>
      <td />
    </tr>
  );
}

function statusText(r: ExpedieringRecipientView): string {
  const d = r.dispatch;
  if (!d) return 'Inte skickat';
  if (d.channel === 'other') return `Registrerat ${d.sentAt ? when(d.sentAt) : ''}: ${d.method ?? ''}`;
  const tries = d.attempts > 1 ? ` (${d.attempts} försök)` : '';
  if (d.status === 'sent') return `Skickat ${d.sentAt ? when(d.sentAt) : ''} till ${d.address}${tries}`;
  if (d.status === 'failed') return `Misslyckades: ${d.error ?? ''}${tries}`;
  return `Väntar på e-postservern${tries}`;
}

function RecipientRow({ r, adjusted, path, reload }: { r: ExpedieringRecipientView; adjusted: boolean; path: string; reload: () => void }) {
  const [email, setEmail] = useState(r.email ?? '');
  const [method, setMethod] = useState('');
  const [other, setOther] = useState(false);
  const save = useSubmit({ onDone: reload });
  const act = useSubmit({ onDone: reload, fallback: 'Det gick inte. Försök igen om en stund.' });
  const d = r.dispatch;
  const done = d && (d.status === 'sent' || (d.status === 'pending' && Date.now() - new Date(d.updatedAt).getTime() < STALE_MS));
  const retriable = d && d.channel === 'email' && !done;
  return (
    <tr>
      <th scope="row">{r.name}</th>
      <td>{SOURCE[r.source]}</td>
      <td>
        {done ? (
          (r.email ?? '–')
        ) : (
          <form
            className="inline-form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void save.run(() => send('PUT', `/api/expediering-recipients/${r.id}`, { name: r.name, email: email || null, version: r.version }, path));
            }}
          >
            <Field inline label={<span className="visually-hidden">E-postadress för {r.name}</span>} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />{' '}
            <button type="submit" disabled={save.busy || email === (r.email ?? '')}>
              Spara<span className="visually-hidden"> adressen för {r.name}</span>
            </button>
            <Alert error={save.error} />
          </form>
        )}
      </td>
      <td>
        {statusText(r)}
        <Alert error={act.error} />
      </td>
      <td>
        {retriable && (
          <button
            type="button"
            disabled={act.busy}
            aria-label={`Försök igen att skicka utdraget till ${r.name}`}
            onClick={() => void act.run(() => send('POST', `/api/extract-dispatches/${d.id}/retry`, {}, path))}
          >
            Försök igen
          </button>
        )}{' '}
        {!done && adjusted && !other && (
          <button type="button" className="button-secondary" onClick={() => setOther(true)}>
            Registrera annat sätt<span className="visually-hidden"> för {r.name}</span>
          </button>
        )}
        {!done && other && (
          <form
            className="inline-form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void act.run(() => send('POST', `/api/expediering-recipients/${r.id}/recorded`, { method, version: r.version }, path));
            }}
          >
            <Field inline label={`Hur fick ${r.name} utdraget?`} value={method} maxLength={300} onChange={(e) => setMethod(e.target.value)} placeholder="t.ex. rekommenderat brev" />{' '}
            <button type="submit" disabled={act.busy}>
              Registrera
            </button>
          </form>
        )}{' '}
        {!d && (
          <button
            type="button"
            className="button-secondary"
            disabled={act.busy}
            onClick={() => void act.run(() => send('DELETE', `/api/expediering-recipients/${r.id}?version=${r.version}`, undefined, path))}
          >
            Ta bort<span className="visually-hidden"> {r.name}</span>
          </button>
        )}
      </td>
    </tr>
  );
}

function AddRecipient({ p, path, reload }: { p: ExpedieringParagraph; path: string; reload: () => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const add = useSubmit({
    onDone: () => {
      setName('');
      setEmail('');
      reload();
    },
  });
  const where = p.paragraph !== null ? `§ ${p.paragraph}` : `punkt ${p.itemNumber}`;
  return (
    <form
      className="inline-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void add.run(() => send('POST', `${path}/items/${p.itemNumber}/recipients`, { name, email: email || null }, path));
      }}
    >
      <Field inline label={`Ny mottagare för ${where}`} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />{' '}
      <Field inline label={`E-postadress för den nya mottagaren (${where})`} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />{' '}
      <button type="submit" disabled={add.busy}>
        Lägg till mottagare<span className="visually-hidden"> för {where}</span>
      </button>
      <Alert error={add.error} />
    </form>
  );
}
