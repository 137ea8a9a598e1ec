/** What the minutes pages share: Swedish labels, dates and times, the att-sats lines, running an action. */
import { useCallback, useState } from 'react';
import type { MinutesView, Outcome } from '../../../../src/http/contract.ts';
import { ApiFailure } from '../../api.ts';
import { splitClause } from '../../format.ts';

export const STATUS_LABEL: Record<MinutesView['status'], string> = {
  draft: 'Utkast',
  numbered: 'Numrerat',
  adjusted: 'Justerat',
};

export const OUTCOMES: ReadonlyArray<readonly [Outcome, string]> = [
  ['according-to-proposal', 'Beslut enligt förslag'],
  ['amended', 'Beslut med ändring'],
  ['referred-back', 'Återremiss'],
  ['tabled', 'Bordläggning'],
  ['noted', 'Informationen noteras'],
];

const dayFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });
const stampFormat = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** Today's date in Stockholm, ISO ("2020-08-24"). */
export const todayInStockholm = (): string => dayFormat.format(new Date());

/** An instant as Stockholm date and time: "2020-02-20 14:05". */
export function stamp(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : stampFormat.format(d).replace(',', '');
}

/** "user:anna.berg" → "anna.berg" (who did something, as the audit names them). */
export const actorName = (actorId: string): string => actorId.replace(/^user:/, '');

export const errorText = (e: unknown): string => (e instanceof ApiFailure ? e.message : 'Ett oväntat fel inträffade. Försök igen.');

/** Clauses as lines for a textarea: one att-sats per line, its bullets as lines starting with "• ". */
export function clausesToLines(clauses: string[]): string {
  return clauses
    .flatMap((c) => {
      const { text, bullets } = splitClause(c);
      return [text, ...bullets.map((b) => `• ${b}`)];
    })
    .join('\n');
}

/** The textarea back into clauses: a line starting with "•" belongs to the att-sats above it. */
export function linesToClauses(lines: string): string[] {
  const out: string[] = [];
  for (const raw of lines.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const bullet = /^[•·]\s*(.*)$/.exec(line);
    if (bullet && out.length > 0) out[out.length - 1] += `\n• ${bullet[1]!.trim()}`;
    else out.push(line);
  }
  return out;
}

/** Lines of a textarea ("Skickas till"), trimmed, without blanks and duplicates. */
export const lines = (text: string): string[] => [...new Set(text.split('\n').map((l) => l.trim()).filter(Boolean))];

/**
 * Runs one write at a time; afterwards (also after a failure) the minutes are fetched again.
 * The error is the server's Swedish message.
 */
export function useAction(refresh: () => Promise<void>) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (f: () => Promise<unknown>, onError?: (e: ApiFailure) => boolean | void): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        await f();
        await refresh().catch(() => undefined);
        return true;
      } catch (e) {
        // onError may take care of an error itself (returns true): then it is not shown here.
        const handled = e instanceof ApiFailure && onError ? onError(e) === true : false;
        if (!handled) setError(errorText(e));
        if (e instanceof ApiFailure && (e.code === 'stale-version' || e.status === 409)) await refresh().catch(() => undefined);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [refresh],
  );
  return { error, setError, busy, run };
}
