/**
 * The shared form pieces: a labelled `Field` (hint and error tied to the input
 * for screen readers), `MoneyField` (kronor typed the Swedish way, held in
 * öre), `DateField` (ISO dates, 2020-08-24, whatever the browser's locale) and
 * `useSubmit` (busy while it runs, the Swedish error when it fails, one submit
 * at a time). The parsing is pure, in ../formValues.ts.
 */
import {
  cloneElement,
  isValidElement,
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type InputHTMLAttributes,
  type ReactElement,
  type ReactNode,
} from 'react';
import { failureMessage, moneyText, parseDateText, parseMoneyText } from '../formValues.ts';

type ControlProps = { id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean | 'true' | 'false' };

export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'children'> {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  /** The control (input, textarea or select); without it an <input> gets the remaining props. */
  children?: ReactElement<ControlProps>;
  /** Class of the wrapping div ("field" by default). */
  fieldClassName?: string;
  /** No wrapping div: label and control sit straight in an inline form's row. */
  inline?: boolean;
}

/** A label and its control, with an optional hint and error read out with it. */
export function Field({ label, hint, error, children, fieldClassName = 'field', inline = false, id, ...inputProps }: FieldProps) {
  const auto = useId();
  const child = isValidElement(children) ? children : null;
  const controlId = child?.props.id ?? id ?? auto;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedBy = [child?.props['aria-describedby'] ?? inputProps['aria-describedby'], hintId, errorId].filter(Boolean).join(' ') || undefined;
  const a11y: ControlProps = { id: controlId, 'aria-describedby': describedBy };
  if (error) a11y['aria-invalid'] = true;
  const Note = inline ? 'span' : 'p';
  const body = (
    <>
      <label htmlFor={controlId}>{label}</label>
      {child ? cloneElement(child, a11y) : <input {...inputProps} {...a11y} />}
      {hint && (
        <Note className="field-hint" id={hintId}>
          {hint}
        </Note>
      )}
      {error && (
        <Note className="error" id={errorId}>
          {error}
        </Note>
      )}
    </>
  );
  return inline ? body : <div className={fieldClassName}>{body}</div>;
}

interface MoneyFieldProps extends Omit<FieldProps, 'value' | 'onChange' | 'children' | 'defaultValue' | 'type'> {
  /** Öre, or null for empty. */
  value: number | null;
  /** Called on every edit: the öre when the text is an amount (null when empty), `valid` false otherwise. */
  onChange(ore: number | null, valid: boolean): void;
}

/** Kronor typed as "474 529" or "474 529,50", held as öre; a Swedish message when it is not an amount. */
export function MoneyField({ value, onChange, required, error, label, onBlur, ...rest }: MoneyFieldProps) {
  const [text, setText] = useState(() => moneyText(value));
  const [touched, setTouched] = useState(false);
  // Follow the value when it is changed from outside (a reset, a reload).
  useEffect(() => {
    const parsed = parseMoneyText(text);
    if (!(parsed.ok && parsed.value === value)) setText(moneyText(value));
  }, [value]);
  const parsed = parseMoneyText(text, { required: Boolean(required) });
  const own = touched && !parsed.ok ? parsed.message : null;
  return (
    <Field
      {...rest}
      label={label}
      required={required}
      className={rest.className ?? 'input-number'}
      inputMode="decimal"
      autoComplete="off"
      value={text}
      error={error ?? own}
      onChange={(e) => {
        const t = e.target.value;
        setText(t);
        const p = parseMoneyText(t, { required: Boolean(required) });
        onChange(p.ok ? p.value : null, p.ok);
      }}
      onBlur={(e) => {
        setTouched(true);
        onBlur?.(e);
      }}
    />
  );
}

interface DateFieldProps extends Omit<FieldProps, 'value' | 'onChange' | 'children' | 'defaultValue' | 'type'> {
  /** ISO date as text ("2020-08-24"), '' for empty. */
  value: string;
  onChange(text: string, valid: boolean): void;
}

/**
 * An ISO date, shown and typed as 2020-08-24 whatever the browser's locale
 * (an <input type="date"> would show the locale's form). Checked with the kernel's isIsoDate.
 */
export function DateField({ value, onChange, required, error, hint = 'ÅÅÅÅ-MM-DD', onBlur, ...rest }: DateFieldProps) {
  const [touched, setTouched] = useState(false);
  const parsed = parseDateText(value, { required: Boolean(required) });
  const own = touched && !parsed.ok ? parsed.message : null;
  return (
    <Field
      {...rest}
      type="text"
      inputMode="numeric"
      pattern="\d{4}-\d{2}-\d{2}"
      maxLength={10}
      autoComplete="off"
      className={rest.className ?? 'input-short'}
      required={required}
      hint={hint}
      value={value}
      error={error ?? own}
      onChange={(e) => onChange(e.target.value, parseDateText(e.target.value, { required: Boolean(required) }).ok)}
      onBlur={(e) => {
        setTouched(true);
        onBlur?.(e);
      }}
    />
  );
}

/**
 * A form's submit: `busy` while `run(fn)` runs (a second run meanwhile is ignored),
 * `error` with the server's Swedish message (or `fallback`) when it fails, `onDone` with the result.
 */
export function useSubmit<T = unknown>(opts: { fallback?: string; onDone?: (result: T) => void } = {}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);
  const optsRef = useRef(opts);
  optsRef.current = opts;
  const run = useCallback(async (fn: () => Promise<T>): Promise<T | undefined> => {
    if (running.current) return undefined;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      const result = await fn();
      optsRef.current.onDone?.(result);
      return result;
    } catch (e) {
      setError(failureMessage(e, optsRef.current.fallback ?? 'Det gick inte att spara. Försök igen.'));
      return undefined;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
