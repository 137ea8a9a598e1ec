/**
 * Pure rules of the minutes (protokoll): who serves on each item, quorum,
 * votes and the chair's casting vote, paragraph numbering, the decided
 * att-satser, and the text of the adjustment item. No I/O.
 */
import { DomainError } from '../kernel/errors.ts';

export type Outcome = 'according-to-proposal' | 'amended' | 'referred-back' | 'tabled' | 'noted';
export type Choice = 'ja' | 'nej' | 'avstår';

export const OUTCOME_LABEL: Record<Outcome, string> = {
  'according-to-proposal': 'Beslut enligt förslag',
  amended: 'Beslut med ändring',
  'referred-back': 'Återremiss',
  tabled: 'Bordläggning',
  noted: 'Informationen noteras',
};

export interface Seat {
  personId: number;
  name: string;
  party: string | null;
  kind: 'member' | 'substitute';
  role: 'chair' | 'first-vice-chair' | 'second-vice-chair' | 'member';
}

/** One line of the attendance list. Items are agenda item numbers. */
export interface Attendance {
  personId: number;
  present: boolean;
  /** For a serving substitute: the member it replaces. */
  replacesPersonId?: number | null;
  /** First item the person takes part in (arrived during the meeting). */
  fromItem?: number | null;
  /** Last item the person takes part in (left during the meeting). */
  toItem?: number | null;
}

/** Checks an attendance list against the body's seats; Swedish errors. */
export function validateAttendance(seats: Seat[], list: Attendance[]): void {
  const byId = new Map(seats.map((s) => [s.personId, s]));
  const seen = new Set<number>();
  const replaced = new Map<number, number>();
  for (const a of list) {
    const seat = byId.get(a.personId);
    if (!seat) throw new DomainError('not-a-member', `Person ${a.personId} är varken ledamot eller ersättare i nämnden.`);
    if (seen.has(a.personId)) throw new DomainError('duplicate-attendance', `${seat.name} finns två gånger i närvarolistan.`);
    seen.add(a.personId);
    if (a.fromItem != null && a.toItem != null && a.fromItem > a.toItem) {
      throw new DomainError('invalid-attendance', `${seat.name}: ankomst (punkt ${a.fromItem}) kan inte vara efter avgång (punkt ${a.toItem}).`);
    }
    if (a.replacesPersonId != null) {
      if (seat.kind !== 'substitute') throw new DomainError('invalid-attendance', `${seat.name} är ledamot och kan inte tjänstgöra som ersättare.`);
      const member = byId.get(a.replacesPersonId);
      if (!member || member.kind !== 'member') throw new DomainError('invalid-attendance', `${seat.name} kan bara ersätta en ledamot i nämnden.`);
      if (!a.present) throw new DomainError('invalid-attendance', `${seat.name} måste vara närvarande för att tjänstgöra.`);
      const other = replaced.get(a.replacesPersonId);
      if (other !== undefined) {
        throw new DomainError('invalid-attendance', `${member.name} ersätts redan av ${byId.get(other)!.name}.`);
      }
      replaced.set(a.replacesPersonId, a.personId);
    }
  }
}

const takesPart = (a: Attendance, item: number) => a.present && (a.fromItem == null || a.fromItem <= item) && (a.toItem == null || a.toItem >= item);

/**
 * Who decides on one item: members present, and substitutes serving in place
 * of a member who is absent from the item or has declared a conflict of
 * interest (jäv). A member with jäv takes no part.
 */
export function servingOnItem(seats: Seat[], list: Attendance[], item: number, conflicted: Set<number> = new Set()): Seat[] {
  const att = new Map(list.map((a) => [a.personId, a]));
  const serving: Seat[] = [];
  for (const seat of seats) {
    if (seat.kind !== 'member') continue;
    const a = att.get(seat.personId);
    if (a && takesPart(a, item) && !conflicted.has(seat.personId)) {
      serving.push(seat);
      continue;
    }
    // the member is away from this item: a substitute named for them serves
    const sub = list.find((x) => x.replacesPersonId === seat.personId && takesPart(x, item) && !conflicted.has(x.personId));
    if (sub) serving.push(seats.find((s) => s.personId === sub.personId)!);
  }
  return serving;
}

export interface Quorum {
  seats: number;
  serving: number;
  required: number;
  ok: boolean;
  message: string | null;
}

/** Kommunallagen 6 kap. 27 §: more than half of the members must be present. */
export function quorum(memberSeats: number, serving: number): Quorum {
  const required = Math.floor(memberSeats / 2) + 1;
  const ok = serving >= required;
  return {
    seats: memberSeats,
    serving,
    required,
    ok,
    message: ok ? null : `Nämnden är inte beslutför: ${serving} av ${memberSeats} ledamöter tjänstgör, minst ${required} krävs.`,
  };
}

export interface VoteResult {
  ja: number;
  nej: number;
  avstar: number;
  result: 'ja' | 'nej';
  castingVote: boolean;
  summary: string;
}

/** A counted vote with what ja and nej stand for, as the sheet and the protokoll show it. */
export interface VoteTally extends VoteResult {
  jaMeans: string;
  nejMeans: string;
}

/**
 * Counts a roll-call vote (votering). Every voter must be serving on the
 * item and vote once; on a tie the chair's vote decides (6 kap. 33 §).
 * "ja" is for the main proposal.
 */
export function countVotes(serving: Seat[], votes: Array<{ personId: number; choice: Choice }>, chairId: number | null): VoteResult {
  const servingIds = new Map(serving.map((s) => [s.personId, s]));
  const seen = new Set<number>();
  let ja = 0;
  let nej = 0;
  let avstar = 0;
  for (const v of votes) {
    const seat = servingIds.get(v.personId);
    if (!seat) throw new DomainError('not-serving', `Person ${v.personId} tjänstgör inte på punkten och kan inte rösta.`);
    if (seen.has(v.personId)) throw new DomainError('double-vote', `${seat.name} har redan röstat.`);
    seen.add(v.personId);
    if (v.choice === 'ja') ja++;
    else if (v.choice === 'nej') nej++;
    else if (v.choice === 'avstår') avstar++;
    else throw new DomainError('invalid-vote', `Ogiltig röst för ${seat.name}: rösta ja, nej eller avstår.`);
  }
  const missing = serving.filter((s) => !seen.has(s.personId));
  if (missing.length) {
    throw new DomainError('missing-votes', `Röst saknas för ${missing.map((s) => s.name).join(', ')}.`);
  }
  let result: 'ja' | 'nej';
  let castingVote = false;
  if (ja !== nej) result = ja > nej ? 'ja' : 'nej';
  else {
    const chairVote = votes.find((v) => v.personId === chairId);
    if (!chairVote || chairVote.choice === 'avstår') {
      throw new DomainError('tie-without-chair', 'Lika röstetal: ordföranden måste rösta ja eller nej för att utslagsrösten ska avgöra.');
    }
    result = chairVote.choice as 'ja' | 'nej';
    castingVote = true;
  }
  const summary =
    `${ja} ja-röster, ${nej} nej-röster` +
    (avstar ? `, ${avstar} avstår` : '') +
    (castingVote ? `; lika röstetal, ordförandens utslagsröst avgör (${result})` : '') +
    '.';
  return { ja, nej, avstar, result, castingVote, summary };
}

/** The att-satser of a decision: the proposal's own, or the amended ones; none for återremiss/bordläggning. */
export function decidedClauses(outcome: Outcome, proposal: string[], amended: string[] | undefined, motivation?: string): string[] {
  switch (outcome) {
    case 'according-to-proposal':
      if (proposal.length === 0) throw new DomainError('no-proposal', 'Punkten saknar förslag till beslut; välj beslut med ändring och skriv beslutet.');
      return [...proposal];
    case 'amended': {
      const clauses = (amended ?? []).map((c) => c.trim()).filter(Boolean);
      if (clauses.length === 0) throw new DomainError('no-clauses', 'Ett ändrat beslut måste ha minst en att-sats.');
      return clauses;
    }
    case 'referred-back':
      if (!motivation?.trim()) throw new DomainError('no-motivation', 'Ange motiveringen till återremissen.');
      return [`att återremittera ärendet ${motivation.trim()}`];
    case 'tabled':
      return ['att bordlägga ärendet.'];
    case 'noted':
      return ['att lägga informationen till handlingarna.'];
    default:
      throw new DomainError('invalid-outcome', 'Okänd beslutstyp.');
  }
}

/**
 * Numbers the paragraphs of one set of minutes: every agenda item in order,
 * continuing after the last paragraph of the body's calendar year.
 */
export function numberParagraphs(itemNumbers: number[], lastOfYear: number): Map<number, number> {
  const sorted = [...itemNumbers].sort((a, b) => a - b);
  return new Map(sorted.map((n, i) => [n, lastOfYear + i + 1]));
}

const withParty = (p: { name: string; party: string | null }) => (p.party ? `${p.name} (${p.party})` : p.name);

/**
 * The adjustment item's proposal, as the papers write it:
 * "att nämndens ordförande och Torbjörn Appelqvist (M) med Fredrik Persson (MP) som ersättare justerar dagens protokoll."
 */
export function adjustmentClause(adjuster: { name: string; party: string | null }, deputy?: { name: string; party: string | null } | null): string {
  if (!adjuster.name.trim()) throw new DomainError('adjuster-required', 'Ange vem som ska justera protokollet.');
  return `att nämndens ordförande och ${withParty(adjuster)}${deputy ? ` med ${withParty(deputy)} som ersättare` : ''} justerar dagens protokoll.`;
}

/** "Protokollet ska vara justerat senast den 28 februari 2020." */
export function adjustmentNote(longDate: string): string {
  return `Protokollet ska vara justerat senast den ${longDate}.`;
}

// ── The frozen protokoll ───────────────────────────────────────────────────

/** One line of the attendance list as the protokoll prints it. */
export interface SnapshotAttendance {
  personId: number;
  name: string;
  party: string | null;
  kind: 'member' | 'substitute';
  role: Seat['role'];
  present: boolean;
  replacesPersonId: number | null;
  replacesName: string | null;
  fromItem: number | null;
  toItem: number | null;
}

/** Issue 15.1: a paragraph's yrkanden, propositionsordning and omröstningar with their voting lists, as the protokoll prints them. */
export interface SnapshotProceedings {
  motions: Array<{ position: number; name: string; party: string | null; supporters: string[]; kindLabel: string; text: string; outcome: 'open' | 'won' | 'lost' }>;
  propositions: Array<{
    position: number;
    text: string;
    /** What won: "yrkandet om bifall till förslaget", or "avslag på yrkandet om …". */
    winner: string;
    vote: (VoteTally & {
      rows: Array<{ name: string; party: string | null; choice: Choice }>;
    }) | null;
  }>;
}

/** One paragraph as the protokoll prints it. */
export interface SnapshotDecision {
  agendaItemId: number;
  itemNumber: number;
  itemTitle: string;
  caseNumber: string | null;
  paragraph: number | null;
  outcome: Outcome;
  outcomeLabel: string;
  clauses: string[];
  motivation: string | null;
  votes: Array<{ personId: number; name: string; choice: Choice }> | null;
  voteSummary: string | null;
  conflicted: Array<{ personId: number; name: string }>;
  notes: Array<{ personId: number; name: string; party: string | null; kind: 'reservation' | 'protocol-note'; text: string }>;
  recipients: string[];
  immediatelyAdjusted: boolean;
  withoutQuorum: boolean;
  /** Issue 15.1: absent when the item had no yrkanden (so earlier snapshots read, and render, as they were). */
  proceedings?: SnapshotProceedings;
  /** Public version only: the item is secret (its legal reference) and its content is left out. */
  secrecyRef?: string | null;
}

/**
 * Everything the protokoll shows, as it was when the adjusters signed: the
 * PDF (and every extract) of signed minutes is rendered from this alone, so
 * a later import or edit of members, parties or roles never changes it.
 */
export interface MinutesSnapshot {
  format: 1;
  minutesId: number;
  meetingId: number;
  bodyName: string;
  meetingDate: string;
  startTime: string | null;
  endTime: string | null;
  place: string | null;
  keptAt: string;
  attendance: SnapshotAttendance[];
  /** Issue 15.1: arrivals, departures and who served for whom during the meeting ("Anna A (S) lämnade sammanträdet efter § 5"); absent when there were none. */
  attendanceNotes?: string[];
  adjusters: Array<{ personId: number; name: string; party: string | null }>;
  decisions: SnapshotDecision[];
  /** Public version only: what was left out, printed under the header. */
  publicNote?: string | null;
}

/** The secrecy marks of the items a protokoll covers (agenda item id → legal reference). */
export type SecrecyMarks = ReadonlyMap<number, string | null>;

/** JSON with every object's keys sorted: the same content gives the same text (jsonb does not keep key order). */
export function canonicalJson(value: unknown): string {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined)
          .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
          .map(([k, x]) => [k, walk(x)]),
      );
    }
    return v;
  };
  return JSON.stringify(walk(value));
}

export const PUBLIC_NOTE =
  'Offentlig version av det justerade protokollet: uppgifter som omfattas av sekretess och personnummer är utelämnade. Originalet med justerarnas signaturer förvaras hos nämnden.';

/**
 * The public version of a snapshot: the content of secret items left out
 * (paragraph, title and outcome stay, with the legal reference), every text
 * passed through `mask` (personnummer, natural persons' names). When nothing had to be left out or
 * masked it is the snapshot itself, so the public gets the signed bytes.
 */
export function publicSnapshot(snap: MinutesSnapshot, marks: SecrecyMarks, mask: (text: string) => string): MinutesSnapshot {
  const m = (s: string | null) => (s === null ? null : mask(s));
  const decisions = snap.decisions.map((d): SnapshotDecision => {
    const ref = marks.get(d.agendaItemId) ?? null;
    if (ref) {
      return {
        ...d,
        itemTitle: mask(d.itemTitle),
        clauses: [],
        motivation: null,
        votes: null,
        voteSummary: null,
        conflicted: [],
        notes: [],
        recipients: [],
        proceedings: undefined,
        secrecyRef: ref,
      };
    }
    return {
      ...d,
      itemTitle: mask(d.itemTitle),
      clauses: d.clauses.map(mask),
      motivation: m(d.motivation),
      voteSummary: m(d.voteSummary),
      notes: d.notes.map((n) => ({ ...n, text: mask(n.text) })),
      recipients: d.recipients.map(mask),
      ...(d.proceedings ? { proceedings: maskProceedings(d.proceedings, mask) } : {}),
    };
  });
  const out: MinutesSnapshot = { ...snap, place: m(snap.place), decisions };
  return canonicalJson(out) === canonicalJson(snap) ? snap : { ...out, publicNote: PUBLIC_NOTE };
}

/** The texts of the yrkanden and of the chair's questions passed through `mask`; the members' names stay. */
function maskProceedings(p: SnapshotProceedings, mask: (text: string) => string): SnapshotProceedings {
  return {
    motions: p.motions.map((m) => ({ ...m, text: mask(m.text) })),
    propositions: p.propositions.map((x) => ({
      ...x,
      text: mask(x.text),
      winner: mask(x.winner),
      vote: x.vote ? { ...x.vote, jaMeans: mask(x.vote.jaMeans), nejMeans: mask(x.vote.nejMeans) } : null,
    })),
  };
}
