import { DomainError } from './errors.ts';

/**
 * Optimistic locking: refuses a change based on an old version of a record.
 * `expected` undefined means the caller sent no version (nothing to check).
 * The Swedish message names who changed the record since, when known.
 */
export function assertVersion(current: number, expected: number | undefined, what: string, changedBy?: string | null): void {
  if (expected === undefined || expected === current) return;
  throw new DomainError(
    'stale-version',
    `${what} har ändrats av ${changedBy ?? 'någon annan'} sedan du hämtade den (din version ${expected}, nu ${current}). Ladda om och gör ändringen igen.`,
    { status: 409, details: { current, expected } },
  );
}
