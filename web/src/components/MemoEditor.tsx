/** Föredragnings-PM som formulär: avsnitten som egna fält, att-satserna numrerade, varje konsekvens ett eget ställningstagande. */
import { useEffect, useState } from 'react';
import { send } from '../api.ts';
import { useApi } from '../useApi.ts';
import { useSession } from '../session.tsx';
import type { MemoForm } from '../../../src/documents/memoForm.ts';
import type { MemoFormView } from '../../../src/documents/memoAuthoring.ts';


export function MemoEditor({ itemId }: { itemId: string }) {
  const url = `/api/agenda-items/${itemId}/memo-form`;
  const view = useApi<MemoFormView>(url);
  const { user } = useSession();
  const [form, setForm] = useState<MemoForm | null>(null);
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const isSecretary = (user?.roles ?? []).some((r) => r === 'secretary' || r === 'admin');

  useEffect(() => {
    if (view.status === 'ok') {
      setForm(view.data.form);
      setVersion(view.data.version);
    }
  }, [view.status === 'ok' ? view.data : null]);

  if (view.status === 'error') return <p role="alert">{view.error.message}</p>;
  if (view.status !== 'ok' || !form) return <p>Hämtar föredragnings-PM …</p>;
  const set = (patch: Partial<MemoForm>) => setForm({ ...form, ...patch });

  async function act(what: () => Promise<MemoFormView>, done: string) {
    setBusy(true);
    setMessage(null);
    try {
      const v = await what();
      setForm(v.form);
      setVersion(v.version);
      setMessage({ ok: true, text: done });
      view.reload();
    } catch (e) {
      setMessage({ ok: false, text: e instanceof Error ? e.message : 'Det gick inte att spara.' });
    } finally {
      setBusy(false);
    }
  }
  const save = () => act(() => send<MemoFormView>('PUT', url, { form, version }, url), 'Utkastet är sparat.');
  const setState = (state: 'draft' | 'ready') =>
    act(() => send<MemoFormView>('POST', `${url}/state`, { state, version }, url), state === 'ready' ? 'Föredragnings-PM:et är klart för kallelse.' : 'Föredragnings-PM:et är tillbaka som utkast.');

  const list = (key: 'clauses' | 'sendTo', label: (n: number) => string, addLabel: string) => (
    <div>
      <ol>
        {form[key].map((text, n) => (
          <li key={n}>
            <label>
              {label(n)}
              <input value={text} onChange={(e) => set({ [key]: form[key].map((t, i) => (i === n ? e.target.value : t)) } as Partial<MemoForm>)} />
            </label>
            <button type="button" aria-label={`Flytta upp ${label(n).toLowerCase()}`} disabled={n === 0} onClick={() => { const xs = [...form[key]]; [xs[n - 1], xs[n]] = [xs[n]!, xs[n - 1]!]; set({ [key]: xs } as Partial<MemoForm>); }}>↑</button>
            <button type="button" aria-label={`Flytta ned ${label(n).toLowerCase()}`} disabled={n === form[key].length - 1} onClick={() => { const xs = [...form[key]]; [xs[n + 1], xs[n]] = [xs[n]!, xs[n + 1]!]; set({ [key]: xs } as Partial<MemoForm>); }}>↓</button>
            <button type="button" aria-label={`Ta bort ${label(n).toLowerCase()}`} onClick={() => set({ [key]: form[key].filter((_, i) => i !== n) } as Partial<MemoForm>)}>Ta bort</button>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => set({ [key]: [...form[key], ''] } as Partial<MemoForm>)}>{addLabel}</button>
    </div>
  );
  const text = (key: 'unit' | 'officer' | 'summary' | 'description' | 'signatoryName' | 'signatoryTitle', label: string, area = false) => (
    <p className="field">
      <label>
        {label}
        {area ? <textarea rows={5} value={form[key]} onChange={(e) => set({ [key]: e.target.value })} /> : <input value={form[key]} onChange={(e) => set({ [key]: e.target.value })} />}
      </label>
    </p>
  );

  return (
    <section aria-labelledby="memo-heading">
      <h2 id="memo-heading">Föredragnings-PM</h2>
      <p>
        Status: <strong>{view.data.stateLabel}</strong>
        {view.data.updatedBy ? ` (senast sparat av ${view.data.updatedBy})` : ''}
        {view.data.pdfUrl ? <> · <a href={view.data.pdfUrl}>Visa som PDF</a></> : null}
      </p>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
        {text('unit', 'Tjänsteställe')}
        {text('officer', 'Handläggare')}
        {text('summary', 'Sammanfattning', true)}
        {text('description', 'Ärendebeskrivning', true)}
        <fieldset>
          <legend>Förslag till beslut</legend>
          {list('clauses', (n) => `Att-sats ${n + 1}`, 'Lägg till att-sats')}
        </fieldset>
        <fieldset>
          <legend>Konsekvenser</legend>
          {view.data.consequenceFields.map((c) => (
            <p className="field" key={c.key}>
              <label>
                {c.label}
                <textarea rows={3} value={form.consequences[c.key] ?? ''} onChange={(e) => set({ consequences: { ...form.consequences, [c.key]: e.target.value } })} />
              </label>
            </p>
          ))}
        </fieldset>
        {text('signatoryName', 'Underskrift (namn)')}
        {text('signatoryTitle', 'Underskrift (titel)')}
        <fieldset>
          <legend>Skickas till</legend>
          {list('sendTo', (n) => `Mottagare ${n + 1}`, 'Lägg till mottagare')}
        </fieldset>
        {message ? <p role={message.ok ? 'status' : 'alert'}>{message.text}</p> : null}
        <button type="submit" disabled={busy}>Spara utkast</button>
        {isSecretary && view.data.state === 'draft' ? <button type="button" disabled={busy || version === 0} onClick={() => void setState('ready')}>Markera klar för kallelse</button> : null}
        {isSecretary && view.data.state === 'ready' ? <button type="button" disabled={busy} onClick={() => void setState('draft')}>Tillbaka till utkast</button> : null}
      </form>
    </section>
  );
}
