/**
 * Setting the secrecy mark of an agenda item's papers or of one decision-basis
 * document: the legal reference is chosen from the committee's list of OSL
 * provisions (GET /api/secrecy-provisions), or "annan" with a reason.
 */
import { useId, useState, type FormEvent } from 'react';
import { send } from '../api.ts';
import { SaveStatus, useSave } from './SaveStatus.tsx';
import { useApi } from '../useApi.ts';

interface Provisions {
  provisions: Array<{ ref: string; label: string }>;
  other: string;
}

const OTHER_PREFIX = 'Annan grund: ';

export function SecrecyControl({
  url,
  what,
  current,
  version,
  onSaved,
}: {
  /** PUT target: /api/agenda-items/:id/secrecy or /api/decision-basis/:id/secrecy. */
  url: string;
  /** For the label: "punkt 4", "handlingen Projektbeskrivning …". */
  what: string;
  current: string | null | undefined;
  version: number | undefined;
  onSaved(): void;
}) {
  const id = useId();
  const list = useApi<Provisions>('/api/secrecy-provisions');
  const provisions = list.status === 'ok' ? list.data.provisions : [];
  const initialChoice = !current ? '' : current.startsWith(OTHER_PREFIX) ? 'annan' : current;
  const [choice, setChoice] = useState(initialChoice);
  const [reason, setReason] = useState(current?.startsWith(OTHER_PREFIX) ? current.slice(OTHER_PREFIX.length) : '');
  const { busy, message, run } = useSave();

  async function save(e: FormEvent) {
    e.preventDefault();
    await run(
      () => send('PUT', url, { secrecyRef: choice === '' ? null : choice, ...(choice === 'annan' ? { reason } : {}), ...(version !== undefined ? { version } : {}) }, '/api/meetings', '/api/agenda-items', '/api/search'),
      choice === '' ? 'Sparat: offentlig.' : 'Sparat: sekretessmarkerad.',
      'Sekretessmarkeringen kunde inte sparas.',
      onSaved,
    );
  }

  return (
    <form className="secrecy-control" onSubmit={(e) => void save(e)}>
      <label htmlFor={`${id}-ref`}>Sekretess för {what}</label>{' '}
      <select id={`${id}-ref`} value={choice} onChange={(e) => setChoice(e.target.value)}>
        <option value="">Offentlig (ingen sekretess)</option>
        {provisions.map((p) => (
          <option key={p.ref} value={p.ref}>
            {p.ref} – {p.label}
          </option>
        ))}
        {current && !current.startsWith(OTHER_PREFIX) && !provisions.some((p) => p.ref === current) && <option value={current}>{current} (tidigare angivet)</option>}
        <option value="annan">Annan grund (ange motivering)</option>
      </select>
      {choice === 'annan' && (
        <>
          {' '}
          <label htmlFor={`${id}-reason`}>Motivering</label>{' '}
          <input id={`${id}-reason`} value={reason} maxLength={180} onChange={(e) => setReason(e.target.value)} />
        </>
      )}{' '}
      <button type="submit" className="button" disabled={busy}>
        Spara sekretess
      </button>
      <SaveStatus message={message} />
    </form>
  );
}
