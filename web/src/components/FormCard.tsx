/**
 * The pieces the register pages' forms share (remisser, föreningsbidrag, ägda
 * bolag, företagsstöd, import): the error alert, a form's footer with its
 * submit and Avbryt buttons, a form in a card named by its heading, and
 * useSubmit bound to a form's onSubmit.
 */
import { useId, type FormEvent, type ReactNode } from 'react';
import { useSubmit } from './form.tsx';

/** A refusal or failure, read out by screen readers (role alert); nothing when there is none. */
export function Alert({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p className="alert alert-error" role="alert">
      {error}
    </p>
  );
}

/** The error (if any), the submit button (its busy label while saving), `extra` and an optional Avbryt. */
export function Footer({ error, busy, label, busyLabel = 'Sparar …', onCancel, extra }: { error: string | null; busy: boolean; label: string; busyLabel?: string; onCancel?(): void; extra?: ReactNode }) {
  return (
    <>
      <Alert error={error} />
      <p className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? busyLabel : label}
        </button>
        {extra}
        {onCancel && (
          <>
            {' '}
            <button type="button" className="button button-secondary" onClick={onCancel}>
              Avbryt
            </button>
          </>
        )}
      </p>
    </>
  );
}

/** A form in a card named by its heading: at level 2 a region holding the form, at level 3 the form itself. */
export function FormCard({ heading, level, onSubmit, children }: { heading: ReactNode; level: 2 | 3; onSubmit(e: FormEvent): void; children: ReactNode }) {
  const ids = useId();
  if (level === 3)
    return (
      <form className="card" onSubmit={onSubmit} noValidate aria-labelledby={`${ids}-h`}>
        <h3 id={`${ids}-h`}>{heading}</h3>
        {children}
      </form>
    );
  return (
    <section className="card" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>{heading}</h2>
      <form onSubmit={onSubmit} noValidate>
        {children}
      </form>
    </section>
  );
}

/** useSubmit with the form's onSubmit: the default prevented and `request` run. */
export function useFormSubmit<T = unknown>(opts: { fallback: string; onDone?: (result: T) => void }, request: () => Promise<T>) {
  const submit = useSubmit<T>(opts);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit.run(request);
  };
  return { ...submit, onSubmit };
}
