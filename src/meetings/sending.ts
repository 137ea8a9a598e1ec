/** The kallelse e-mail's text (pure). Secret items never show their title: only the OSL reference. */
import { DomainError } from '../kernel/errors.ts';

/** local@domain.tld: no spaces, control characters or the characters that separate addresses. */
const EMAIL = /^[^\s\p{C}@<>(),;:"\\[\]]+@[^\s\p{C}@<>(),;:"\\[\]]+\.[^\s\p{C}@<>(),;:"\\[\].]{2,}$/u;

export interface KallelseMailInput {
  bodyName: string;
  date: string;
  startTime: string | null;
  place: string | null;
  items: { number: number; title: string; secrecyRef: string | null }[];
  bookUrl: string;
  version: number;
}

export function kallelseSubject(m: KallelseMailInput): string {
  return `Kallelse: ${m.bodyName} ${m.date}`;
}

/**
 * What a secret item is in the e-mail: the provision only ("31 kap. 16 § OSL" as stored,
 * "OSL 21 kap. 1 §" as imported); a mark on another ground without its reason, which may tell too much.
 */
export function secretLine(ref: string): string {
  if (/^annan grund/i.test(ref)) return 'Sekretess (annan grund)';
  return /\bOSL\b/.test(ref) ? `Sekretess enligt ${ref}` : `Sekretess enligt OSL ${ref}`;
}

export function kallelseText(m: KallelseMailInput): string {
  const lines = [
    `Kallelse till sammanträde med ${m.bodyName}`,
    '',
    `Datum: ${m.date}`,
    `Tid: ${m.startTime ?? 'meddelas senare'}`,
    `Plats: ${m.place ?? 'meddelas senare'}`,
    '',
    'Föredragningslista:',
    ...m.items.map((i) => `${i.number}. ${i.secrecyRef ? secretLine(i.secrecyRef) : i.title}`),
    '',
    `Kallelsen med handlingar (version ${m.version}): ${m.bookUrl}`,
  ];
  return lines.join('\n');
}

/** Where a recipient's kallelse stands: pending (recorded, not yet answered by the mail server), sent or failed. */
export type DispatchStatus = 'pending' | 'sent' | 'failed';

/** One recipient of one sent version of the kallelse book. */
export interface DispatchView {
  id: number;
  meetingId: number;
  bookVersion: number;
  personId: number;
  name: string;
  /** Ledamot or ersättare in the body now (null when no longer in it). */
  kind: 'member' | 'substitute' | null;
  address: string;
  status: DispatchStatus;
  /** The mail server's answer when it failed, in Swedish with the server's own text. */
  error: string | null;
  attempts: number;
  sentAt: string | null;
  sentBy: string;
  updatedAt: string;
}

/** A member or ersättare the kallelse cannot be sent to. */
export interface RecipientWithoutAddress {
  personId: number;
  name: string;
  kind: 'member' | 'substitute';
  /** The person's version, for setting the address (PUT /api/people/:id/email). */
  version: number;
}

/** Who was sent which version of the kallelse, when, and who is missing an address. */
export interface KallelseDispatches {
  meetingId: number;
  /** The newest version sent to anyone (null before the first send). */
  latestVersion: number | null;
  /** Every dispatch, the newest version first, then by name. */
  dispatches: DispatchView[];
  withoutAddress: RecipientWithoutAddress[];
}

/** The answer to "Skicka kallelsen": the counts of this send and the whole register after it. */
export interface SendKallelseResult extends KallelseDispatches {
  version: number;
  sent: number;
  failed: number;
  /** Recipients who already had this version (not sent again). */
  alreadySent: number;
}

export interface PersonEmailView {
  id: number;
  name: string;
  email: string | null;
  version: number;
}

/** An e-mail address as a person's, trimmed; null for empty; a Swedish refusal when it is not one. */
export function normalizeEmail(raw: string | null | undefined): string | null {
  const s = (raw ?? '').trim();
  if (!s) return null;
  if (s.length > 254 || !EMAIL.test(s)) {
    throw new DomainError('invalid-email', `"${s.slice(0, 100)}" är ingen e-postadress. Skriv den som namn@exempel.se.`);
  }
  return s;
}
