/** One save from a small form or row: busy while it runs, then what came of it, said in Swedish beside the button. */
import { useState } from 'react';
import { ApiFailure } from '../api.ts';

export interface SaveMessage {
  ok: boolean;
  text: string;
}

/** `run` saves: busy meanwhile; `ok` (and `then`) when it succeeds; the server's message, or `failed`, when not. */
export function useSave() {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<SaveMessage | null>(null);
  async function run(save: () => Promise<unknown>, ok: string, failed: string, then?: () => void) {
    setBusy(true);
    setMessage(null);
    try {
      await save();
      setMessage({ ok: true, text: ok });
      then?.();
    } catch (e) {
      setMessage({ ok: false, text: e instanceof ApiFailure ? e.message : failed });
    } finally {
      setBusy(false);
    }
  }
  return { busy, message, run };
}

/** The outcome beside the button: a status when saved, an alert when refused. */
export function SaveStatus({ message }: { message: SaveMessage | null }) {
  if (!message) return null;
  return (
    <span role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>
      {' '}
      {message.text}
    </span>
  );
}
