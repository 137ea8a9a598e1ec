/**
 * An error a user can cause. `code` is stable and machine-readable (English,
 * kebab-case); `message` is Swedish and shown to the user as is. HTTP maps
 * `status` (default 400) to the reply.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, options: { status?: number; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.status = options.status ?? 400;
    if (options.details) this.details = options.details;
  }
}

export const notFound = (what: string, id: string | number) =>
  new DomainError('not-found', `${what} ${id} finns inte.`, { status: 404 });

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
