/**
 * Expediering (issue 15.6), the pure part: where a paragraph's recipients
 * come from (the memo's "Skickas till" – the authored memo's list, or the
 * block of that name in the imported memo's text – and the protokoll's own
 * "Skickas till"), the views, and the message that carries the sealed
 * extract. A secret item's extract is never sent by plain e-mail: the rule
 * is here (`assertMayEmail`), the refusal is the service's.
 */
import { formatLongDate } from '../kernel/dates.ts';
import { DomainError } from '../kernel/errors.ts';
import { cleanLine } from '../kernel/text.ts';

export type RecipientSource = 'memo' | 'protokoll' | 'added';
export type DispatchStatus = 'pending' | 'sent' | 'failed';

export const SOURCE_LABEL: Record<RecipientSource, string> = {
  memo: 'ur PM:et (Skickas till)',
  protokoll: 'ur protokollet (Skickas till)',
  added: 'tillagd av sekreteraren',
};

export interface ExtractDispatchView {
  id: number;
  channel: 'email' | 'other';
  address: string | null;
  /** For channel 'other': how the extract was sent (rekommenderat brev, säker e-post …). */
  method: string | null;
  status: DispatchStatus;
  error: string | null;
  attempts: number;
  sentAt: string | null;
  sentBy: string;
  updatedAt: string;
  /** The sealed extract sent (SHA-256 of the stored file). */
  fileSha256: string;
  audience: 'original' | 'public';
  version: number;
}

export interface ExpedieringRecipientView {
  /** null: a suggestion from the memo or the protokoll, not yet a recipient (give it an address and add it). */
  id: number | null;
  name: string;
  email: string | null;
  source: RecipientSource;
  version: number | null;
  dispatch: ExtractDispatchView | null;
}

export interface ExpedieringParagraph {
  decisionId: number;
  itemNumber: number;
  itemTitle: string;
  paragraph: number | null;
  secrecyRef: string | null;
  extractUrl: string | null;
  recipients: ExpedieringRecipientView[];
}

export interface ExpedieringView {
  meetingId: number;
  bodyName: string;
  meetingDate: string;
  adjusted: boolean;
  adjustedOn: string | null;
  paragraphs: ExpedieringParagraph[];
}

export interface SendExtractsResult extends ExpedieringView {
  sent: number;
  failed: number;
  /** Recipients of a secret item's extract, not sent by e-mail (record how they were sent instead). */
  secretSkipped: Array<{ itemNumber: number; name: string }>;
  /** Recipients without an e-mail address (give one, or record how they were sent). */
  withoutAddress: Array<{ itemNumber: number; name: string }>;
}

export const nameKey = (name: string) => cleanLine(name).toLocaleLowerCase('sv-SE');

const EMAIL_IN_TEXT = /<?([^\s<>@,;]+@[^\s<>@,;]+\.[^\s<>@,;.]+)>?/;

/** A recipient line as written ("Regionkansliet", "Lena Kihl <lena.kihl@regionorebrolan.se>"): its name and any address in it. */
export function recipientLine(line: string): { name: string; email: string | null } | null {
  const l = cleanLine(line);
  const m = EMAIL_IN_TEXT.exec(l);
  const email = m ? m[1]! : null;
  const name = cleanLine((m ? l.replace(m[0], '') : l).replace(/[,;:–-]\s*$/, '').replace(/\(\s*\)/g, ''));
  if (!name && !email) return null;
  return { name: name || email!, email };
}

/** Headings that open the body of a memo: a line followed by one of them is the memo's title, not a recipient. */
const MEMO_HEADINGS = /^(sammanfattning|ärendebeskrivning|bakgrund|förslag till beslut|beslutsunderlag|skäl för det föreslagna beslutet)\b/i;

interface SendToBlock {
  recipients: Array<{ name: string; email: string | null }>;
  /** The title of the memo the block belongs to, when a title follows it (a line followed by a memo heading). */
  followedByTitle: string | null;
  /** Nothing but blank lines after the block. */
  atEnd: boolean;
}

/**
 * The "Skickas till:" blocks of a memo's text (as imported): the lines
 * after the label – and any text on its own line – up to an empty line, a
 * numbered heading ("1 Inledning"), the title of what follows (a line
 * followed by a memo heading), or a line that reads as running text (a full
 * stop at its end, or longer than a name with an address).
 */
function blocksInText(text: string | null | undefined): SendToBlock[] {
  const lines = (text ?? '').replace(/\r\n?/g, '\n').split('\n');
  const out: SendToBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const label = /^\s*skickas till\s*:\s*(.*)$/i.exec(lines[i]!);
    if (!label) continue;
    const recipients: SendToBlock['recipients'] = [];
    const seen = new Set<string>();
    const push = (raw: string) => {
      const r = recipientLine(raw);
      if (r && !seen.has(nameKey(r.name))) {
        seen.add(nameKey(r.name));
        recipients.push(r);
      }
    };
    if (label[1]!.trim()) push(label[1]!);
    let j = i + 1;
    let followedByTitle: string | null = null;
    for (; j < lines.length && j < i + 30; j++) {
      const l = lines[j]!.trim();
      if (!l || /^\d+(\.\d+)*\s+\S/.test(l) || /\.$/.test(l) || l.length > 120 || MEMO_HEADINGS.test(l)) break;
      const next = lines.slice(j + 1).find((x) => x.trim())?.trim() ?? '';
      if (MEMO_HEADINGS.test(next)) {
        followedByTitle = l;
        break;
      }
      push(l);
    }
    out.push({ recipients, followedByTitle, atEnd: lines.slice(j).every((x) => !x.trim()) });
    i = j - 1;
  }
  return out.filter((b) => b.recipients.length);
}

/** The recipients in the "Skickas till:" blocks of one memo text (every block counts). */
export function sendToInText(text: string | null | undefined): Array<{ name: string; email: string | null }> {
  return mergeRecipients(blocksInText(text).map((b) => b.recipients));
}

function mergeRecipients(lists: Array<Array<{ name: string; email: string | null }>>): Array<{ name: string; email: string | null }> {
  const seen = new Set<string>();
  return lists.flat().filter((r) => !seen.has(nameKey(r.name)) && Boolean(seen.add(nameKey(r.name))));
}

const titleKey = (t: string) => cleanLine(t).toLocaleLowerCase('sv-SE').replace(/[–—-]/g, '-').replace(/\s*-\s*/g, '-');

/**
 * The memo recipients of each item of a meeting, from the items' imported
 * texts. Where the import cut the papers between items, one item's text can
 * end with the first page of the next item's memo; so a block is the
 * memo's whose title follows it, when that title is an item's title (or
 * part of it); a block at the very end of a text that already gave its item
 * a block belongs to the next item; any other block is the item's own.
 */
export function sendToOfMeeting(items: ReadonlyArray<{ id: number; number: number; title: string; text: string | null }>): Map<number, Array<{ name: string; email: string | null }>> {
  const sorted = [...items].sort((a, b) => a.number - b.number);
  const lists = new Map<number, Array<Array<{ name: string; email: string | null }>>>(sorted.map((i) => [i.id, []]));
  const byTitle = (t: string) => {
    const k = titleKey(t);
    if (k.length < 8) return undefined;
    return sorted.find((i) => titleKey(i.title) === k) ?? sorted.find((i) => titleKey(i.title).includes(k) || k.includes(titleKey(i.title)));
  };
  sorted.forEach((item, n) => {
    for (const b of blocksInText(item.text)) {
      const titled = b.followedByTitle ? byTitle(b.followedByTitle) : undefined;
      const next = sorted[n + 1];
      const owner = titled ?? (b.atEnd && lists.get(item.id)!.length && next ? next : item);
      lists.get(owner.id)!.push(b.recipients);
    }
  });
  return new Map([...lists].map(([id, l]) => [id, mergeRecipients(l)]));
}

/** A secret item's extract is not sent by plain e-mail: recorded as sent another way (säker e-post, rekommenderat brev) instead. */
export function assertMayEmail(secrecyRef: string | null, itemNumber: number): void {
  if (!secrecyRef) return;
  throw new DomainError(
    'secret-extract-email',
    `Punkt ${itemNumber} omfattas av sekretess (${secrecyRef}). Utdraget skickas inte med vanlig e-post; skicka det på ett säkert sätt och registrera hur (Registrera annat sätt).`,
    { status: 409 },
  );
}

export interface ExtractMailInput {
  bodyName: string;
  meetingDate: string;
  adjustedOn: string;
  paragraph: number;
  itemTitle: string;
  caseNumber: string | null;
  recipient: string;
  sealName: string;
  demo: boolean;
}

export const extractFileName = (meetingDate: string, paragraph: number) => `protokollsutdrag-${meetingDate}-p${paragraph}.pdf`;

export function extractSubject(i: ExtractMailInput): string {
  return `Protokollsutdrag § ${i.paragraph}, ${i.bodyName} ${i.meetingDate}: ${i.itemTitle}${i.caseNumber ? ` (${i.caseNumber})` : ''}`;
}

export function extractText(i: ExtractMailInput): string {
  return [
    `Till ${i.recipient}`,
    '',
    `Bifogat finns ett bestyrkt protokollsutdrag ur ${i.bodyName}s protokoll från sammanträdet ${formatLongDate(i.meetingDate)}, § ${i.paragraph}: ${i.itemTitle}${i.caseNumber ? ` (diarienummer ${i.caseNumber})` : ''}.`,
    '',
    `Protokollet justerades ${formatLongDate(i.adjustedOn)}. Utdraget är elektroniskt förseglat med sigillet ${i.sealName}; sigillet kan kontrolleras i en PDF-läsare, och varje ändring av filen gör det ogiltigt.`,
    ...(i.demo ? ['', 'Obs! Sigillet är ett DEMOCERTIFIKAT och har ingen rättsverkan.'] : []),
    '',
    'Hur beslutet kan överklagas framgår av anslaget på regionens digitala anslagstavla.',
    '',
    'Meddelandet är skickat från Styrbord och kan inte besvaras.',
  ].join('\n');
}
