/**
 * Pure rules of the yrkanden under one agenda item (issue 15.1): who moved
 * what, the chair's propositionsordning, omröstning with a voting list, and
 * which reservations a lost yrkande allows. No I/O; Swedish errors.
 *
 * A proposition sets one yrkande (ja) against another (nej), or against its
 * rejection (nej = null, "bifall mot avslag" on that yrkande alone). The
 * chair finds (ja or nej); when votering is asked for, the omröstning's
 * result replaces the finding. A yrkande that is on the losing side of any
 * proposition has fallen and is not put again; one that won every
 * proposition it took part in has won.
 */
import { DomainError } from '../kernel/errors.ts';
import { cleanLine } from '../kernel/text.ts';
import { countVotes, quorum, type Choice, type Quorum, type Seat, type VoteResult, type VoteTally } from './model.ts';

export type MotionKind = 'bifall' | 'avslag' | 'andring' | 'aterremiss' | 'bordlaggning';
export type MotionOutcome = 'open' | 'won' | 'lost';
export const MOTION_KINDS: MotionKind[] = ['bifall', 'avslag', 'andring', 'aterremiss', 'bordlaggning'];

export const MOTION_KIND_LABEL: Record<MotionKind, string> = {
  bifall: 'Bifall',
  avslag: 'Avslag',
  andring: 'Ändring',
  aterremiss: 'Återremiss',
  bordlaggning: 'Bordläggning',
};

/** The words a protokoll uses after "yrkar …" when the mover writes no text of their own. */
const DEFAULT_TEXT: Partial<Record<MotionKind, string>> = {
  bifall: 'bifall till förslaget',
  avslag: 'avslag på förslaget',
  bordlaggning: 'att ärendet bordläggs',
};

export const MOTION_TEXT_MAX = 5000;

export interface Motion {
  id: number;
  position: number;
  moverPersonId: number;
  /** Those who instämmer in the yrkande. */
  supporters: number[];
  kind: MotionKind;
  text: string;
}

export interface Proposition {
  position: number;
  jaMotionId: number;
  /** null: the ja yrkande against its rejection. */
  nejMotionId: number | null;
  chairFinds: 'ja' | 'nej';
  text: string;
}

export interface VoteInput {
  propositionPosition: number;
  jaMeans: string;
  nejMeans: string;
  votes: Array<{ personId: number; choice: Choice }>;
}

export interface RecordedVote extends VoteInput, VoteResult {}

const clean = (s: string | null | undefined) => cleanLine(s ?? '');

/**
 * A yrkande as entered: the mover and those who instämmer must serve on the
 * item (only a tjänstgörande ledamot has yrkanderätt); ändring and
 * återremiss need their text.
 */
export function validateMotion(
  input: { moverPersonId: number; supporters?: number[]; kind: MotionKind; text?: string | null },
  serving: Seat[],
  seats: Seat[],
): { moverPersonId: number; supporters: number[]; kind: MotionKind; text: string } {
  if (!MOTION_KINDS.includes(input.kind)) throw new DomainError('invalid-motion-kind', 'Okänd typ av yrkande: välj bifall, avslag, ändring, återremiss eller bordläggning.');
  const nameOf = (id: number) => seats.find((s) => s.personId === id)?.name ?? `Person ${id}`;
  const servingIds = new Set(serving.map((s) => s.personId));
  if (!servingIds.has(input.moverPersonId)) {
    throw new DomainError('mover-not-serving', `${nameOf(input.moverPersonId)} tjänstgör inte på punkten och kan inte yrka.`);
  }
  const supporters = [...new Set(input.supporters ?? [])].filter((id) => id !== input.moverPersonId);
  for (const id of supporters) {
    if (!servingIds.has(id)) throw new DomainError('supporter-not-serving', `${nameOf(id)} tjänstgör inte på punkten och kan inte instämma i yrkandet.`);
  }
  const text = clean(input.text) || DEFAULT_TEXT[input.kind] || '';
  if (!text) {
    throw new DomainError(
      'motion-text-required',
      input.kind === 'andring' ? 'Skriv ändringsyrkandet: vad beslutet ska säga i stället.' : 'Skriv motiveringen till återremissen: vad ärendet ska kompletteras med.',
    );
  }
  if (text.length > MOTION_TEXT_MAX) throw new DomainError('motion-text-too-long', `Yrkandet får vara högst ${MOTION_TEXT_MAX} tecken.`);
  return { moverPersonId: input.moverPersonId, supporters, kind: input.kind, text };
}

/** The chair's question as the protokoll writes it: "bifall till förslaget mot avslag på förslaget". */
export function propositionText(ja: Motion, nej: Motion | null): string {
  return nej ? `${ja.text} mot ${nej.text}` : `${ja.text} mot avslag på det`;
}

/**
 * Checks a propositionsordning against the item's yrkanden and returns it
 * numbered 1..n with its texts: each proposition names yrkanden of the item,
 * two different ones, and a yrkande that fell in an earlier proposition is
 * not put again. `results` gives the omröstningar already held (by position).
 */
export function validatePropositions(
  motions: Motion[],
  input: Array<{ jaMotionId: number; nejMotionId?: number | null; chairFinds: 'ja' | 'nej'; text?: string | null }>,
  results: ReadonlyMap<number, 'ja' | 'nej'> = new Map(),
): Proposition[] {
  const byId = new Map(motions.map((m) => [m.id, m]));
  const fallen = new Set<number>();
  const out: Proposition[] = [];
  input.forEach((p, i) => {
    const position = i + 1;
    const ja = byId.get(p.jaMotionId);
    const nej = p.nejMotionId == null ? null : byId.get(p.nejMotionId);
    if (!ja || nej === undefined) throw new DomainError('unknown-motion', `Proposition ${position} gäller ett yrkande som inte finns under punkten.`);
    if (nej && nej.id === ja.id) throw new DomainError('same-motion', `Proposition ${position} ställer ett yrkande mot sig självt.`);
    if (p.chairFinds !== 'ja' && p.chairFinds !== 'nej') throw new DomainError('invalid-finding', `Ange vad ordföranden finner i proposition ${position}: ja eller nej.`);
    for (const m of [ja, nej]) {
      if (m && fallen.has(m.id)) throw new DomainError('motion-fallen', `Yrkandet om ${m.text} har redan fallit och kan inte ställas under proposition ${position}.`);
    }
    const text = clean(p.text) || propositionText(ja, nej);
    if (text.length > MOTION_TEXT_MAX) throw new DomainError('proposition-text-too-long', `Propositionen får vara högst ${MOTION_TEXT_MAX} tecken.`);
    const prop: Proposition = { position, jaMotionId: ja.id, nejMotionId: nej?.id ?? null, chairFinds: p.chairFinds, text };
    const result = results.get(position) ?? prop.chairFinds;
    const loser = result === 'ja' ? nej : ja;
    if (loser) fallen.add(loser.id);
    out.push(prop);
  });
  return out;
}

/** What each yrkande came to, given the propositions and the omröstningar held (by position). */
export function motionOutcomes(motions: Motion[], props: Proposition[], results: ReadonlyMap<number, 'ja' | 'nej'> = new Map()): Map<number, MotionOutcome> {
  const out = new Map<number, MotionOutcome>(motions.map((m) => [m.id, 'open']));
  for (const p of props) {
    const result = results.get(p.position) ?? p.chairFinds;
    const winner = result === 'ja' ? p.jaMotionId : p.nejMotionId;
    const loser = result === 'ja' ? p.nejMotionId : p.jaMotionId;
    if (loser !== null) out.set(loser, 'lost');
    if (winner !== null && out.get(winner) !== 'lost') out.set(winner, 'won');
  }
  return out;
}

/**
 * An omröstning on one proposition: what ja and nej mean is stated, the
 * voting list covers every serving member exactly once, and on a tie the
 * chair's vote decides (countVotes). The body must be quorate.
 */
export function recordVote(
  props: Proposition[],
  motions: Motion[],
  input: VoteInput,
  serving: Seat[],
  memberSeats: number,
  chairId: number | null,
): { vote: RecordedVote; quorum: Quorum } {
  const prop = props.find((p) => p.position === input.propositionPosition);
  if (!prop) throw new DomainError('unknown-proposition', `Proposition ${input.propositionPosition} finns inte i propositionsordningen.`);
  const q = quorum(memberSeats, serving.length);
  if (!q.ok) throw new DomainError('no-quorum', `${q.message} Omröstningen kan inte hållas.`, { status: 409 });
  const byId = new Map(motions.map((m) => [m.id, m]));
  const ja = byId.get(prop.jaMotionId)!;
  const nej = prop.nejMotionId === null ? null : byId.get(prop.nejMotionId)!;
  const jaMeans = clean(input.jaMeans) || `ja för ${ja.text}`;
  const nejMeans = clean(input.nejMeans) || (nej ? `nej för ${nej.text}` : `nej för avslag på ${ja.text}`);
  if (jaMeans.length > 1000 || nejMeans.length > 1000) throw new DomainError('vote-meaning-too-long', 'Vad ja och nej innebär får vara högst 1000 tecken.');
  const result = countVotes(serving, input.votes, chairId);
  return { vote: { propositionPosition: prop.position, jaMeans, nejMeans, votes: input.votes, ...result }, quorum: q };
}

/** "Omröstning: 8 ja, 6 nej, 1 avstår." – the short line the secretary sees. */
export function voteLine(v: Pick<VoteResult, 'ja' | 'nej' | 'avstar' | 'castingVote' | 'result'>): string {
  return `${v.ja} ja, ${v.nej} nej` + (v.avstar ? `, ${v.avstar} avstår` : '') + (v.castingVote ? ` (ordförandens utslagsröst: ${v.result})` : '');
}

/** The yrkanden whose losing side a person was on: mover, instämmande, or a vote for it in an omröstning. */
export function lostMotionsOf(
  personId: number,
  motions: Motion[],
  props: Proposition[],
  votes: RecordedVote[],
  outcomes: ReadonlyMap<number, MotionOutcome>,
): Motion[] {
  return motions.filter((m) => {
    if (outcomes.get(m.id) !== 'lost') return false;
    if (m.moverPersonId === personId || m.supporters.includes(personId)) return true;
    return votes.some((v) => {
      const p = props.find((x) => x.position === v.propositionPosition);
      if (!p) return false;
      const side = p.jaMotionId === m.id ? 'ja' : p.nejMotionId === m.id ? 'nej' : null;
      return side !== null && v.votes.some((x) => x.personId === personId && x.choice === side);
    });
  });
}

/**
 * A reservation is tied to a yrkande that fell and that the reserving person
 * stood behind (6 kap. 35 § kommunallagen: only who took part and was
 * outvoted may reserve). Returns the yrkande; with none given, the only one
 * that fits.
 */
export function reservationMotion(
  person: { personId: number; name: string },
  motionId: number | null | undefined,
  motions: Motion[],
  props: Proposition[],
  votes: RecordedVote[],
): Motion {
  const outcomes = motionOutcomes(motions, props, new Map(votes.map((v) => [v.propositionPosition, v.result])));
  const lost = lostMotionsOf(person.personId, motions, props, votes, outcomes);
  if (motionId != null) {
    const m = motions.find((x) => x.id === motionId);
    if (!m) throw new DomainError('unknown-motion', `Reservationen från ${person.name} gäller ett yrkande som inte finns under punkten.`);
    if (outcomes.get(m.id) !== 'lost') throw new DomainError('reservation-motion-not-lost', `Yrkandet om ${m.text} föll inte; ${person.name} kan inte reservera sig till förmån för det.`);
    if (!lost.includes(m)) throw new DomainError('reservation-not-on-side', `${person.name} stod inte bakom yrkandet om ${m.text} och kan inte reservera sig till förmån för det.`);
    return m;
  }
  if (lost.length === 0) {
    throw new DomainError(
      'reservation-without-motion',
      `${person.name} kan inte reservera sig: hen stod inte bakom något yrkande som föll under punkten. Protokollför yrkandet och propositionsordningen först.`,
    );
  }
  if (lost.length > 1) throw new DomainError('reservation-motion-ambiguous', `${person.name} stod bakom flera yrkanden som föll: ange vilket reservationen gäller.`);
  return lost[0]!;
}

// ── What the API returns (the web imports these types) ─────────────────────

export interface MotionView {
  id: number;
  position: number;
  moverPersonId: number;
  moverName: string;
  moverParty: string | null;
  supporters: Array<{ personId: number; name: string; party: string | null }>;
  kind: MotionKind;
  kindLabel: string;
  text: string;
  outcome: MotionOutcome;
}

export interface VoteView extends VoteTally {
  /** "8 ja, 6 nej, 1 avstår" */
  line: string;
  rows: Array<{ personId: number; name: string; party: string | null; choice: Choice }>;
}

export interface PropositionView extends Proposition {
  /** The omröstning's result when one was held, else the chair's finding. */
  result: 'ja' | 'nej';
  vote: VoteView | null;
}

export interface MotionSheetView {
  meetingId: number;
  itemNumber: number;
  agendaItemId: number;
  /** 0 before the first yrkande; send it back with every change. */
  version: number;
  updatedBy: string | null;
  /** False once the minutes are locked or signing has begun. */
  editable: boolean;
  serving: Array<{ personId: number; name: string; party: string | null; role: Seat['role'] }>;
  chairPersonId: number | null;
  quorum: Quorum;
  motions: MotionView[];
  propositions: PropositionView[];
  reservations: Array<{ personId: number; name: string; motionId: number | null; text: string }>;
}

/** Body of POST/PUT …/motions */
export interface MotionRequest {
  version: number;
  moverPersonId: number;
  supporters?: number[];
  kind: MotionKind;
  text?: string;
}

/** Body of PUT …/propositions */
export interface PropositionsRequest {
  version: number;
  propositions: Array<{ jaMotionId: number; nejMotionId?: number | null; chairFinds: 'ja' | 'nej'; text?: string }>;
  acknowledgeNoQuorum?: boolean;
}

/** Body of PUT …/propositions/:position/vote */
export interface VoteRequest {
  version: number;
  jaMeans?: string;
  nejMeans?: string;
  votes: Array<{ personId: number; choice: Choice }>;
}
