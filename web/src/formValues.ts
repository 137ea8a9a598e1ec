/**
 * The pure parts of the shared form pieces: reading what a user typed into a
 * money or date field, and the Swedish message for a failed request. The
 * parsing is the kernel's own (src/kernel), so the web accepts exactly what
 * the server does.
 */
import { isDomainError } from '../../src/kernel/errors.ts';
import { isIsoDate } from '../../src/kernel/dates.ts';
import { formatKronor, parseKronor } from '../../src/kernel/kronor.ts';
import { ApiFailure } from './api.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Kronor as typed ("474 529", "474 529,50", "1,5 mnkr") → öre. Empty text is
 * `null` when the field is optional, otherwise an error.
 */
export function parseMoneyText(text: string, opts: { required?: boolean; label?: string } = {}): Parsed<number | null> {
  const label = opts.label ?? 'Beloppet';
  if (!text.trim()) return opts.required ? { ok: false, message: `${label} måste fyllas i.` } : { ok: true, value: null };
  try {
    return { ok: true, value: parseKronor(text) };
  } catch (e) {
    if (isDomainError(e)) return { ok: false, message: e.message };
    throw e;
  }
}

/** Öre → the text a money field shows ("474 529", "474 529,50"), without the unit. */
export function moneyText(ore: number | null | undefined): string {
  if (ore === null || ore === undefined) return '';
  return formatKronor(ore).replace(/\u00a0kronor$/, '').replace(/\u00a0/g, ' ').replace(/\u2212/g, '-');
}

/** An ISO date as typed ("2020-08-24"); empty is `null` unless required. */
export function parseDateText(text: string, opts: { required?: boolean; label?: string } = {}): Parsed<string | null> {
  const label = opts.label ?? 'Datumet';
  const t = text.trim();
  if (!t) return opts.required ? { ok: false, message: `${label} måste fyllas i.` } : { ok: true, value: null };
  if (!isIsoDate(t)) return { ok: false, message: `${label} "${t.slice(0, 30)}" är inte ett giltigt datum. Skriv det som ÅÅÅÅ-MM-DD, till exempel 2020-08-24.` };
  return { ok: true, value: t };
}

/** The Swedish message to show for a failed request: the server's own, or `fallback`. */
export function failureMessage(e: unknown, fallback: string): string {
  if (e instanceof ApiFailure) return e.message;
  if (isDomainError(e)) return e.message;
  return fallback;
}
