/**
 * Pure rules of remisser (issue 21.1): what an incoming and an outgoing
 * remiss must hold, their status, the deadlines the staff start page shows,
 * the remisstid as the papers write it, and the text of the "Svar på remiss"
 * produced from the remiss and the body's decision.
 */
import { DomainError } from '../kernel/errors.ts';
import { addDays, assertIsoDate, daysBetween, parseSwedishDate, type IsoDate } from '../kernel/dates.ts';
import { cleanLine } from '../kernel/text.ts';

export type Direction = 'incoming' | 'outgoing';
export const DIRECTION_LABEL: Record<Direction, string> = { incoming: 'Inkommande', outgoing: 'Utgående' };

export const STANCES = ['tillstyrker', 'avstyrker', 'synpunkter', 'avstår'] as const;
export type Stance = (typeof STANCES)[number];
export const STANCE_LABEL: Record<Stance, string> = {
  tillstyrker: 'Tillstyrker',
  avstyrker: 'Avstyrker',
  synpunkter: 'Lämnar synpunkter',
  avstår: 'Avstår från att svara',
};

/** An incoming remiss's way: registered → on an agenda → decided → answer sent (or declined: the region does not answer). */
export type IncomingStatus = 'registered' | 'on-agenda' | 'decided' | 'sent' | 'declined';
/** An outgoing remiss's period: not begun, running, over. */
export type OutgoingStatus = 'not-started' | 'open' | 'closed';
export type RemissStatus = IncomingStatus | OutgoingStatus;
export const STATUS_LABEL: Record<RemissStatus, string> = {
  registered: 'Registrerad',
  'on-agenda': 'På föredragningslista',
  decided: 'Beslutad, svar ej skickat',
  sent: 'Besvarad',
  declined: 'Avstår från att svara',
  'not-started': 'Remisstiden har inte börjat',
  open: 'Remisstiden pågår',
  closed: 'Remisstiden har gått ut',
};

/** The municipalities of Örebro län ("länets kommuner"), the usual recipients of the region's remisser. */
export const LANETS_KOMMUNER = [
  'Askersunds kommun', 'Degerfors kommun', 'Hallsbergs kommun', 'Hällefors kommun', 'Karlskoga kommun', 'Kumla kommun',
  'Laxå kommun', 'Lekebergs kommun', 'Lindesbergs kommun', 'Ljusnarsbergs kommun', 'Nora kommun', 'Örebro kommun',
] as const;

export const MAX_TITLE = 500;
export const MAX_NAME = 300;
export const MAX_TEXT = 20_000;
export const MAX_RECIPIENTS = 500;

function line(v: unknown, what: string, max: number, required: boolean): string | null {
  if (v === undefined || v === null) {
    if (required) throw new DomainError('remiss-field-required', `${what} måste fyllas i.`);
    return null;
  }
  const s = cleanLine(String(v));
  if (!s) {
    if (required) throw new DomainError('remiss-field-required', `${what} måste fyllas i.`);
    return null;
  }
  if (s.length > max) throw new DomainError('remiss-field-too-long', `${what} får vara högst ${max} tecken (nu ${s.length}).`);
  return s;
}

function text(v: unknown, what: string): string | null {
  if (v === undefined || v === null) return null;
  // eslint-disable-next-line no-control-regex
  const s = String(v).replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
  if (!s) return null;
  if (s.length > MAX_TEXT) throw new DomainError('remiss-field-too-long', `${what} får vara högst ${MAX_TEXT} tecken (nu ${s.length}).`);
  return s;
}

function date(v: unknown, what: string, required: boolean): IsoDate | null {
  if (v === undefined || v === null || v === '') {
    if (required) throw new DomainError('remiss-field-required', `${what} måste fyllas i.`);
    return null;
  }
  return assertIsoDate(String(v), what);
}

export interface IncomingFields {
  title: string;
  sender: string;
  senderRef: string | null;
  question: string | null;
  receivedOn: IsoDate | null;
  replyDue: IsoDate;
  preparer: string | null;
}

/** Validates an incoming remiss: a title, the sending organisation and the day the answer is due; received no later than due. */
export function validateIncoming(input: Record<string, unknown>): IncomingFields {
  const f: IncomingFields = {
    title: line(input.title, 'Remissens rubrik', MAX_TITLE, true)!,
    sender: line(input.sender, 'Avsändaren (organisationen som skickat remissen)', MAX_NAME, true)!,
    senderRef: line(input.senderRef, 'Avsändarens diarienummer', 100, false),
    question: text(input.question, 'Frågan'),
    receivedOn: date(input.receivedOn, 'Ankomstdatumet', false),
    replyDue: date(input.replyDue, 'Svarsdatumet (sista dag för svar)', true)!,
    preparer: line(input.preparer, 'Den som bereder svaret', 200, false),
  };
  if (f.receivedOn && f.receivedOn > f.replyDue) {
    throw new DomainError('remiss-invalid-period', `Remissen kan inte ha kommit in ${f.receivedOn}, efter sista svarsdag ${f.replyDue}.`);
  }
  return f;
}

export interface OutgoingFields {
  title: string;
  question: string | null;
  periodFrom: IsoDate;
  periodTo: IsoDate;
}

/** Validates an outgoing remiss: a title and a remisstid whose first day is no later than its last. */
export function validateOutgoing(input: Record<string, unknown>): OutgoingFields {
  const f: OutgoingFields = {
    title: line(input.title, 'Remissens rubrik', MAX_TITLE, true)!,
    question: text(input.question, 'Frågan'),
    periodFrom: date(input.periodFrom, 'Remisstidens första dag', true)!,
    periodTo: date(input.periodTo, 'Remisstidens sista dag', true)!,
  };
  if (f.periodFrom > f.periodTo) {
    throw new DomainError('remiss-invalid-period', `Remisstiden kan inte sluta ${f.periodTo}, före sin början ${f.periodFrom}.`);
  }
  return f;
}

/** A recipients list: one organisation a line (or an array), trimmed, duplicates (case-insensitive) dropped, in the order given. */
export function cleanRecipients(input: unknown): string[] {
  const raw = (Array.isArray(input) ? input.map(String) : typeof input === 'string' ? [input] : []).flatMap((s) => s.split(/\r?\n/));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of raw) {
    const name = cleanLine(r);
    if (!name) continue;
    if (name.length > MAX_NAME) throw new DomainError('remiss-field-too-long', `Mottagarens namn får vara högst ${MAX_NAME} tecken ("${name.slice(0, 40)}…").`);
    const key = name.toLocaleLowerCase('sv');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  if (out.length > MAX_RECIPIENTS) throw new DomainError('remiss-too-many-recipients', `En remiss kan ha högst ${MAX_RECIPIENTS} mottagare.`);
  return out;
}

/**
 * The remisstid as the papers write it: "Remisstiden fastslås omfatta
 * perioden 2019-12-18 – 2020-03-18" or "remisstiden är 18 december 2019
 * till och med 18 mars 2020". Null when the text names no period.
 */
export function parseRemissPeriod(text: string): { from: IsoDate; to: IsoDate } | null {
  const s = text.replace(/\s+/g, ' ');
  const iso = /(\d{4}-\d{2}-\d{2})\s*(?:[-–—]|till och med|t\.o\.m\.?|till)\s*(\d{4}-\d{2}-\d{2})/i.exec(s);
  const long = /(\d{1,2}\s+\p{L}+\s+\d{4})\s*(?:[-–—]|till och med|t\.o\.m\.?|till)\s*(\d{1,2}\s+\p{L}+\s+\d{4})/iu.exec(s);
  const m = iso ?? long;
  if (!m) return null;
  const from = parseSwedishDate(m[1]!);
  const to = parseSwedishDate(m[2]!);
  if (!from || !to || from > to) return null;
  return { from, to };
}

export function incomingStatus(r: { declined: boolean; answerSentOn: IsoDate | null; decided: boolean; agendaItemId: number | null }): IncomingStatus {
  if (r.answerSentOn) return 'sent';
  if (r.declined) return 'declined';
  if (r.decided) return 'decided';
  if (r.agendaItemId !== null) return 'on-agenda';
  return 'registered';
}

export function outgoingStatus(r: { periodFrom: IsoDate; periodTo: IsoDate }, today: IsoDate): OutgoingStatus {
  if (today < r.periodFrom) return 'not-started';
  if (today > r.periodTo) return 'closed';
  return 'open';
}

/** Whether a remiss is still open work: an incoming one not answered or declined, an outgoing one whose period has not ended. */
export function isOpen(status: RemissStatus): boolean {
  return status !== 'sent' && status !== 'declined' && status !== 'closed';
}

export interface DeadlineInput {
  id: number;
  direction: Direction;
  title: string;
  caseNumber: string | null;
  /** Incoming: the sender; outgoing: null. */
  sender: string | null;
  replyDue: IsoDate | null;
  periodTo: IsoDate | null;
  periodFrom: IsoDate | null;
  answerSentOn: IsoDate | null;
  declined: boolean;
  recipients: number;
  answered: number;
}

export interface RemissDeadline {
  remissId: number;
  direction: Direction;
  /** "Svar på remiss senast" (incoming) or "Remisstiden slutar" (outgoing). */
  label: string;
  title: string;
  caseNumber: string | null;
  counterpart: string;
  due: IsoDate;
  daysLeft: number;
  overdue: boolean;
}

/** How long after its period an outgoing remiss still shows on the start page (answers arriving late are usual). */
export const OUTGOING_SHOWN_AFTER_DAYS = 14;

/**
 * The deadlines for the staff start page, soonest first: each incoming
 * remiss not yet answered (overdue ones included, they are the most urgent),
 * and each outgoing remiss whose period is running or ended within
 * OUTGOING_SHOWN_AFTER_DAYS days, with how many recipients have answered.
 */
export function deadlinesOf(rows: DeadlineInput[], today: IsoDate): RemissDeadline[] {
  const out: RemissDeadline[] = [];
  for (const r of rows) {
    if (r.direction === 'incoming') {
      if (r.answerSentOn || r.declined || !r.replyDue) continue;
      const daysLeft = daysBetween(today, r.replyDue);
      out.push({ remissId: r.id, direction: r.direction, label: 'Svar på remiss senast', title: r.title, caseNumber: r.caseNumber, counterpart: r.sender ?? '', due: r.replyDue, daysLeft, overdue: daysLeft < 0 });
    } else {
      if (!r.periodTo || !r.periodFrom || r.periodFrom > today) continue;
      if (addDays(r.periodTo, OUTGOING_SHOWN_AFTER_DAYS) < today) continue;
      const daysLeft = daysBetween(today, r.periodTo);
      out.push({ remissId: r.id, direction: r.direction, label: 'Remisstiden slutar', title: r.title, caseNumber: r.caseNumber, counterpart: `${r.answered} av ${r.recipients} mottagare har svarat`, due: r.periodTo, daysLeft, overdue: daysLeft < 0 });
    }
  }
  return out.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.remissId - b.remissId));
}

export interface AnswerDecision {
  bodyName: string;
  meetingDate: IsoDate;
  paragraph: number | null;
  outcomeLabel: string;
  clauses: string[];
}

export interface AnswerInput {
  title: string;
  sender: string;
  senderRef: string | null;
  caseNumber: string | null;
  organisation: string;
  decision: AnswerDecision;
}

/**
 * The "Svar på remiss" produced from the remiss and the body's decision in
 * its agenda item: addressee, both references, the heading, the decision
 * with its att-satser, and the signature of the body. Text, one paragraph a line.
 */
export function answerDocument(a: AnswerInput): string {
  const d = a.decision;
  const para = d.paragraph === null ? '' : `, § ${d.paragraph}`;
  const heading = answerItemTitle(a.title);
  const clauses = d.clauses.map((c) => (/^att\b/i.test(c.trim()) ? c.trim() : `att ${c.trim()}`));
  return [
    `Till: ${a.sender}`,
    a.senderRef ? `Er beteckning: ${a.senderRef}` : null,
    a.caseNumber ? `Vår beteckning: ${a.caseNumber}` : null,
    '',
    heading,
    '',
    `${d.bodyName} beslutade ${d.meetingDate}${para}:`,
    ...(clauses.length ? clauses : [d.outcomeLabel]),
    '',
    `För ${a.organisation}`,
    d.bodyName,
  ]
    .filter((l): l is string => l !== null)
    .join('\n')
    .concat('\n');
}

/** Sending the answer: only after the decision, on or after the meeting, not in the future, to someone named. */
export function validateSending(input: { sentOn: unknown; sentTo: unknown }, ctx: { decided: boolean; meetingDate: IsoDate | null; today: IsoDate }): { sentOn: IsoDate; sentTo: string } {
  if (!ctx.decided) {
    throw new DomainError('remiss-not-decided', 'Svaret kan skickas först när nämnden har fattat beslut i punkten på föredragningslistan.', { status: 409 });
  }
  const sentOn = date(input.sentOn, 'Datumet då svaret skickades', true)!;
  const sentTo = line(input.sentTo, 'Mottagaren av svaret', MAX_NAME, true)!;
  if (ctx.meetingDate && sentOn < ctx.meetingDate) {
    throw new DomainError('remiss-invalid-date', `Svaret kan inte ha skickats ${sentOn}, före sammanträdet ${ctx.meetingDate} där det beslutades.`);
  }
  if (sentOn > ctx.today) throw new DomainError('remiss-invalid-date', `Svaret kan inte registreras som skickat ${sentOn}, ett datum som inte har kommit än.`);
  return { sentOn, sentTo };
}

/** A recipient's answer: a day within reason (not before the period began, not in the future) and what it said. */
export function validateAnswer(
  input: { answeredOn: unknown; stance?: unknown; summary?: unknown },
  ctx: { periodFrom: IsoDate; today: IsoDate },
): { answeredOn: IsoDate; stance: Stance | null; summary: string | null } {
  const answeredOn = date(input.answeredOn, 'Svarsdatumet', true)!;
  if (answeredOn < ctx.periodFrom) throw new DomainError('remiss-invalid-date', `Ett svar kan inte ha kommit ${answeredOn}, före remisstidens början ${ctx.periodFrom}.`);
  if (answeredOn > ctx.today) throw new DomainError('remiss-invalid-date', `Ett svar kan inte registreras som inkommet ${answeredOn}, ett datum som inte har kommit än.`);
  let stance: Stance | null = null;
  if (input.stance !== undefined && input.stance !== null && input.stance !== '') {
    if (!STANCES.includes(input.stance as Stance)) throw new DomainError('remiss-invalid-stance', `Ställningstagandet "${String(input.stance).slice(0, 30)}" finns inte; välj tillstyrker, avstyrker, lämnar synpunkter eller avstår.`);
    stance = input.stance as Stance;
  }
  return { answeredOn, stance, summary: text(input.summary, 'Sammanfattningen av svaret') };
}

/** Swedish genitive: "Region Örebro län" → "Region Örebro läns"; a name ending in s, x or z takes none. */
export function genitive(name: string): string {
  return /[sxz]$/i.test(name) ? name : `${name}s`;
}

/** The att-sats proposed when an answer goes on the agenda, as seed 003 item 5 words it. */
export function proposedClause(organisation: string, sender: string): string {
  return `redovisat förslag till svar godkänns som ${genitive(organisation)} svar till ${sender}.`;
}

/** The agenda item's heading for the answer: "Svar på remiss – <rubrik>". */
export function answerItemTitle(title: string): string {
  return /^svar på remiss/i.test(title) ? title : `Svar på remiss – ${title}`;
}
