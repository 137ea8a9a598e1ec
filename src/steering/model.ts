/**
 * Business plans (verksamhetsplan): målsättningar → fokusområden → mål →
 * styrtal and uppdrag, the origin each indicator and assignment carries
 * ("(FM 2026)", "(DN 2025)", "(Förslag till DN 2026)", "(Från 2025)"), the
 * target rule an indicator states, the comparison of two versions, and the
 * follow-up statuses with their summary matrix. Pure: no I/O.
 */
import { DomainError } from '../kernel/errors.ts';

export const ITEM_KINDS = ['strategic-goal', 'theme', 'focus-area', 'objective', 'indicator', 'assignment'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const KIND_LABEL: Record<ItemKind, string> = {
  'strategic-goal': 'Målsättning',
  theme: 'Gemensamt område',
  'focus-area': 'Fokusområde',
  objective: 'Mål',
  indicator: 'Styrtal',
  assignment: 'Uppdrag',
};

/** Which kinds may hang under which (null: the top of the plan). */
const CHILDREN: Record<ItemKind | 'root', readonly ItemKind[]> = {
  root: ['strategic-goal', 'theme'],
  'strategic-goal': ['focus-area', 'indicator', 'assignment'],
  theme: ['assignment', 'indicator'],
  'focus-area': ['focus-area', 'objective'],
  objective: ['indicator', 'assignment'],
  indicator: [],
  assignment: [],
};

export function mayContain(parent: ItemKind | null, child: ItemKind): boolean {
  return CHILDREN[parent ?? 'root'].includes(child);
}

// ---------------------------------------------------------------- origin

/**
 * Where an indicator or assignment comes from, as the papers write it:
 * FM = regionfullmäktige, DN = driftnämnden (the committee itself).
 */
export interface Origin {
  kind: 'FM' | 'DN' | 'proposal' | 'from' | 'keep';
  year: number | null;
  /** The body named inside the phrase: "Från FM 2025", "Förslag till DN 2026", "Behåll i DN 2026". */
  via?: 'FM' | 'DN';
  /** "Förslag nytt styrtal till DN 2026". */
  newIndicator?: boolean;
  /** "Förslag till DN - Ta bort 4.2.1": the number proposed to be removed. */
  remove?: string;
}

export const ORIGIN_LABEL: Record<Origin['kind'], string> = {
  FM: 'Beslutat av regionfullmäktige',
  DN: 'Beslutat av nämnden',
  proposal: 'Förslag till nämnden',
  from: 'Överfört från tidigare år',
  keep: 'Behålls',
};

const YEAR = '((?:19|20)\\d\\d)';
const ORIGIN_PATTERNS: Array<[RegExp, (m: RegExpMatchArray) => Origin]> = [
  [new RegExp(`^(FM|DN) ${YEAR}$`), (m) => ({ kind: m[1] as 'FM' | 'DN', year: Number(m[2]) })],
  [new RegExp(`^Från (?:(FM|DN) )?${YEAR}$`), (m) => ({ kind: 'from', year: Number(m[2]), ...(m[1] ? { via: m[1] as 'FM' | 'DN' } : {}) })],
  [new RegExp(`^Förslag nytt styrtal till (FM|DN) ${YEAR}$`), (m) => ({ kind: 'proposal', year: Number(m[2]), via: m[1] as 'FM' | 'DN', newIndicator: true })],
  [new RegExp(`^Förslag till (FM|DN) ${YEAR}$`), (m) => ({ kind: 'proposal', year: Number(m[2]), via: m[1] as 'FM' | 'DN' })],
  [/^Förslag till (FM|DN) - Ta bort (\d+(?:\.\d+)*)$/, (m) => ({ kind: 'proposal', year: null, via: m[1] as 'FM' | 'DN', remove: m[2]! })],
  [new RegExp(`^Behåll i (FM|DN) ${YEAR}$`), (m) => ({ kind: 'keep', year: Number(m[2]), via: m[1] as 'FM' | 'DN' })],
];

/** Collapses the PDF's no-break spaces, line breaks and double spaces. */
export const squash = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').trim();

/** "FM 2026", "Förslag till DN 2026" … (without the parentheses); null when it is not an origin. */
export function parseOrigin(text: string): Origin | null {
  const t = squash(text);
  for (const [re, make] of ORIGIN_PATTERNS) {
    const m = t.match(re);
    if (m) return make(m);
  }
  return null;
}

/** The origin written back exactly as the papers write it (without the parentheses). */
export function renderOrigin(o: Origin): string {
  switch (o.kind) {
    case 'FM':
    case 'DN':
      return `${o.kind} ${o.year}`;
    case 'from':
      return `Från ${o.via ? `${o.via} ` : ''}${o.year}`;
    case 'keep':
      return `Behåll i ${o.via ?? 'DN'} ${o.year}`;
    case 'proposal':
      if (o.newIndicator) return `Förslag nytt styrtal till ${o.via ?? 'DN'} ${o.year}`;
      if (o.remove) return `Förslag till ${o.via ?? 'DN'} - Ta bort ${o.remove}`;
      return `Förslag till ${o.via ?? 'DN'} ${o.year}`;
  }
}

/** Splits a trailing "(FM 2026)" off a text; text without an origin comes back whole. */
export function splitOrigin(text: string): { text: string; origin: Origin | null } {
  const t = squash(text);
  // the last parenthesis only (linear: no backtracking over long hostile text)
  const open = t.endsWith(')') ? t.lastIndexOf('(') : -1;
  if (open >= 0) {
    const origin = parseOrigin(t.slice(open + 1, -1));
    if (origin) return { text: t.slice(0, open).trimEnd(), origin };
  }
  return { text: t, origin: null };
}

/** Validates an origin that came over the wire. */
export function validateOrigin(o: Origin | null | undefined): Origin | null {
  if (o == null) return null;
  const rendered = renderOrigin(o);
  const back = parseOrigin(rendered);
  const same = (a: Origin, b: Origin) =>
    a.kind === b.kind && (a.year ?? null) === (b.year ?? null) && (a.via ?? null) === (b.via ?? null) && !!a.newIndicator === !!b.newIndicator && (a.remove ?? null) === (b.remove ?? null);
  if (!back || !same(o, back) || (o.year !== null && (o.year < 1990 || o.year > 2100))) {
    throw new DomainError('invalid-origin', `Ursprunget "${rendered}" kan inte tolkas; skriv t.ex. FM 2026, DN 2025, Förslag till DN 2026 eller Från 2025.`);
  }
  return back;
}

// ---------------------------------------------------------------- target rule

export type Breakdown = 'kön' | 'födelsegrupp' | 'bakgrund' | 'kommun';

/** What an indicator says about its target, read from its own wording. */
export interface TargetRule {
  direction: 'increase' | 'decrease' | 'positive' | 'range' | null;
  /** "… och skillnaderna mellan olika grupper (…) ska minska". */
  reduceGaps: boolean;
  breakdowns: Breakdown[];
  /** "jämförbara län: Jönköping, Kronoberg, Värmland och Västmanland". */
  comparisonGroup: { label: string; members: string[] } | null;
  /** "(2025 jämfört med 2024)": the year measured and its baseline year. */
  period: { year: number; baselineYear: number } | null;
  /** "i jämförelse med senast tillgängliga statistik". */
  comparedWith: string | null;
  /** A fixed target: "77-80", "90-100 %", "6,3-6,1%" (exact decimals as written). */
  target: { from: string; to: string | null; unit: string | null } | null;
  /** "Utfall: 2024 76": the latest outcome the paper states. */
  outcome: { year: number; value: string } | null;
}

const BREAKDOWN_WORDS: Array<[RegExp, Breakdown]> = [
  [/\bkön\b/, 'kön'],
  [/födelsegrupp/, 'födelsegrupp'],
  [/bakgrund/, 'bakgrund'],
  [/kommun(?:er)?\b/, 'kommun'],
];

const joinSwedish = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} och ${xs.at(-1)}`);

/** Reads the target rule from an indicator's text; null when the text states none. */
export function parseTargetRule(raw: string): TargetRule | null {
  const t = squash(raw);
  const lower = t.toLowerCase();
  const rule: TargetRule = { direction: null, reduceGaps: false, breakdowns: [], comparisonGroup: null, period: null, comparedWith: null, target: null, outcome: null };
  const gap = lower.match(/skillnaderna (?:mellan olika grupper )?\(([^)]*)\)[^.]*ska minska/);
  if (gap) {
    rule.reduceGaps = true;
    for (const [re, b] of BREAKDOWN_WORDS) if (re.test(gap[1]!) && !rule.breakdowns.includes(b)) rule.breakdowns.push(b);
  }
  const withoutGap = gap ? lower.replace(gap[0], '') : lower;
  if (/ska (?:öka|förbättras)/.test(withoutGap)) rule.direction = 'increase';
  else if (/ska minska/.test(withoutGap)) rule.direction = 'decrease';
  else if (/ska vara positiv/.test(withoutGap)) rule.direction = 'positive';
  else if (/inom intervallet/.test(withoutGap)) rule.direction = 'range';
  const group = t.match(/(jämförbara län)\.? \(([^)]+)\)/);
  if (group) rule.comparisonGroup = { label: group[1]!, members: group[2]!.split(/, | och /).map((s) => s.trim()).filter(Boolean) };
  const period = t.match(/\((\d{4}) jämfört med (\d{4})\)/);
  if (period) rule.period = { year: Number(period[1]), baselineYear: Number(period[2]) };
  const since = t.match(/i jämförelse med (senast tillgängliga statistik)/);
  if (since) rule.comparedWith = since[1]!;
  const target = t.match(/Mål:? (\d+(?:,\d+)?)\s*[-–]\s*(\d+(?:,\d+)?)\s*(%?)/) ?? t.match(/intervallet (\d+(?:,\d+)?)\s*[-–]\s*(\d+(?:,\d+)?)\s*(%?)/);
  if (target) rule.target = { from: target[1]!, to: target[2]!, unit: target[3] || null };
  const outcome = t.match(/Utfall:? (\d{4}) (\d+(?:,\d+)?\s*%?)/);
  if (outcome) rule.outcome = { year: Number(outcome[1]), value: outcome[2]!.replace(/\s+/g, '') };
  const empty = !rule.direction && !rule.reduceGaps && !rule.comparisonGroup && !rule.period && !rule.comparedWith && !rule.target && !rule.outcome;
  return empty ? null : rule;
}

const DIRECTION_TEXT: Record<NonNullable<TargetRule['direction']>, string> = {
  increase: 'ska öka',
  decrease: 'ska minska',
  positive: 'ska vara positivt',
  range: 'ska ligga inom intervallet',
};

/** One line in Swedish describing the rule, for the plan view and the report. */
export function describeTargetRule(r: TargetRule): string {
  const parts: string[] = [];
  if (r.direction) parts.push(r.direction === 'range' && r.target ? `ska ligga inom ${r.target.from}–${r.target.to}${r.target.unit ? ` ${r.target.unit}` : ''}` : DIRECTION_TEXT[r.direction]);
  if (r.period) parts.push(`${r.period.year} jämfört med ${r.period.baselineYear}`);
  if (r.comparisonGroup) parts.push(`mer än ${r.comparisonGroup.label}: ${joinSwedish(r.comparisonGroup.members)}`);
  if (r.comparedWith) parts.push(`jämfört med ${r.comparedWith}`);
  if (r.reduceGaps) parts.push(`skillnaderna ska minska${r.breakdowns.length ? ` (redovisas per ${joinSwedish(r.breakdowns)})` : ''}`);
  if (r.target && r.direction !== 'range') parts.push(`målvärde ${r.target.from}–${r.target.to}${r.target.unit ? ` ${r.target.unit}` : ''}`);
  if (r.outcome) parts.push(`utfall ${r.outcome.year}: ${r.outcome.value}`);
  return parts.join('; ');
}

// ---------------------------------------------------------------- the tree

export interface PlanNode {
  kind: ItemKind;
  /** "4", "4.1.1", "29" (uppdrag Nr 29); null when the paper gives none. */
  number: string | null;
  /** A focus area's name ("Omställning, innovation och attraktionskraft"), an assignment's addressee heading. */
  title: string | null;
  text: string;
  origin: Origin | null;
  target: TargetRule | null;
  /** For assignments: who gets it, as written ("Regionala tillväxtnämnden", "Förvaltningen"). */
  assignee: string | null;
  /** Free note carried from the paper ("Slå ihop två mål till ett mål"). */
  note: string | null;
  children: PlanNode[];
}

export const node = (kind: ItemKind, text: string, o: Partial<Omit<PlanNode, 'kind' | 'text'>> = {}): PlanNode => ({
  kind,
  number: o.number ?? null,
  title: o.title ?? null,
  text,
  origin: o.origin ?? null,
  target: o.target ?? (kind === 'indicator' ? parseTargetRule(text) : null),
  assignee: o.assignee ?? null,
  note: o.note ?? null,
  children: o.children ?? [],
});

export function* walk(nodes: readonly PlanNode[], path: PlanNode[] = []): Generator<{ node: PlanNode; path: PlanNode[] }> {
  for (const n of nodes) {
    yield { node: n, path };
    yield* walk(n.children, [...path, n]);
  }
}

export type KindCounts = Record<ItemKind, number>;

export function countKinds(nodes: readonly PlanNode[]): KindCounts {
  const c = Object.fromEntries(ITEM_KINDS.map((k) => [k, 0])) as KindCounts;
  for (const { node: n } of walk(nodes)) c[n.kind]++;
  return c;
}

/** Checks the shape of a tree (kinds under allowed parents, text present). */
export function validateTree(nodes: readonly PlanNode[], parent: ItemKind | null = null): void {
  for (const n of nodes) {
    if (!ITEM_KINDS.includes(n.kind)) throw new DomainError('invalid-kind', `Okänd typ av post: ${String(n.kind).slice(0, 40)}.`);
    if (!mayContain(parent, n.kind)) {
      throw new DomainError('invalid-parent', `${KIND_LABEL[n.kind]} kan inte ligga ${parent ? `under ${KIND_LABEL[parent].toLowerCase()}` : 'högst upp i planen'}.`);
    }
    if (!squash(n.text) && !n.title) throw new DomainError('empty-text', `${KIND_LABEL[n.kind]} saknar text.`);
    validateTree(n.children, n.kind);
  }
}

// ---------------------------------------------------------------- compare

export interface ItemRef {
  kind: ItemKind;
  number: string | null;
  text: string;
  /** Where it sits: "Målsättning 4 › Fokusområde 4.1 › Fokusområde 4.1.1". */
  path: string;
}

export interface Comparison {
  /** Two or more earlier items folded into one. */
  merged: Array<{ into: ItemRef; from: ItemRef[] }>;
  removed: ItemRef[];
  /** Same item, new wording; similarity in basis points (10 000 = identical words). */
  reworded: Array<{ before: ItemRef; after: ItemRef; similarity: number }>;
  added: ItemRef[];
  unchanged: number;
}

const STOP = new Set('och att för en ett i är som med av på till ska det de den om så sin sina vi'.split(' '));

export function words(text: string): Set<string> {
  return new Set(
    squash(text)
      .toLowerCase()
      .split(/[^a-zåäöéü0-9]+/)
      .filter((w) => w.length > 1 && !STOP.has(w)),
  );
}

/** Dice coefficient of the two texts' word sets, in basis points. */
export function similarity(a: string, b: string): number {
  const A = words(a);
  const B = words(b);
  if (!A.size && !B.size) return 10_000;
  let common = 0;
  for (const w of A) if (B.has(w)) common++;
  return Math.round((20_000 * common) / (A.size + B.size));
}

/** How much of `part`'s words are found in `whole`, in basis points. */
export function containment(part: string, whole: string): number {
  const A = words(part);
  const B = words(whole);
  if (!A.size) return 0;
  let common = 0;
  for (const w of A) if (B.has(w)) common++;
  return Math.round((10_000 * common) / A.size);
}

export const REWORD_THRESHOLD = 5_000;
export const MERGE_THRESHOLD = 6_000;

const label = (n: PlanNode) => `${KIND_LABEL[n.kind]}${n.number ? ` ${n.number}` : ''}`;

function refs(nodes: readonly PlanNode[]): ItemRef[] {
  return [...walk(nodes)]
    .filter(({ node: n }) => n.kind !== 'focus-area' && n.kind !== 'theme')
    .map(({ node: n, path }) => ({ kind: n.kind, number: n.number, text: squash(n.text), path: path.map(label).join(' › ') }));
}

/**
 * Compares two versions of a plan item by item: unchanged texts pair up
 * first; then numbered assignments by number; then an item whose wording
 * contains most of the words of two or more removed items is a merge; the
 * most similar remaining pair above the threshold is a rewording; the rest
 * is removed or added.
 */
export function compareTrees(before: readonly PlanNode[], after: readonly PlanNode[]): Comparison {
  const result: Comparison = { merged: [], removed: [], reworded: [], added: [], unchanged: 0 };
  const old = refs(before);
  const neu = refs(after);
  const usedOld = new Set<number>();
  const usedNew = new Set<number>();
  const key = (r: ItemRef) => `${r.kind}|${r.text.toLowerCase()}`;
  // 1. identical wording (same kind)
  const oldByKey = new Map<string, number[]>();
  old.forEach((r, i) => oldByKey.set(key(r), [...(oldByKey.get(key(r)) ?? []), i]));
  neu.forEach((r, j) => {
    const i = oldByKey.get(key(r))?.find((x) => !usedOld.has(x));
    if (i === undefined) return;
    usedOld.add(i);
    usedNew.add(j);
    result.unchanged++;
  });
  // 2. numbered assignments keep their number
  neu.forEach((r, j) => {
    if (usedNew.has(j) || r.kind !== 'assignment' || !r.number) return;
    const i = old.findIndex((o, x) => !usedOld.has(x) && o.kind === 'assignment' && o.number === r.number);
    if (i < 0) return;
    usedOld.add(i);
    usedNew.add(j);
    result.reworded.push({ before: old[i]!, after: r, similarity: similarity(old[i]!.text, r.text) });
  });
  // 3. merges: a new item containing most of two or more removed items of its kind
  neu.forEach((r, j) => {
    if (usedNew.has(j)) return;
    const parts = old
      .map((o, i) => ({ o, i, c: containment(o.text, r.text) }))
      .filter(({ o, i, c }) => !usedOld.has(i) && o.kind === r.kind && c >= MERGE_THRESHOLD);
    if (parts.length < 2) return;
    for (const p of parts) usedOld.add(p.i);
    usedNew.add(j);
    result.merged.push({ into: r, from: parts.map((p) => p.o) });
  });
  // 4. rewordings: best remaining pairs above the threshold
  const pairs: Array<{ i: number; j: number; s: number }> = [];
  neu.forEach((r, j) => {
    if (usedNew.has(j)) return;
    old.forEach((o, i) => {
      if (usedOld.has(i) || o.kind !== r.kind) return;
      const s = similarity(o.text, r.text);
      if (s >= REWORD_THRESHOLD) pairs.push({ i, j, s });
    });
  });
  for (const p of pairs.sort((a, b) => b.s - a.s || a.i - b.i || a.j - b.j)) {
    if (usedOld.has(p.i) || usedNew.has(p.j)) continue;
    usedOld.add(p.i);
    usedNew.add(p.j);
    result.reworded.push({ before: old[p.i]!, after: neu[p.j]!, similarity: p.s });
  }
  old.forEach((o, i) => usedOld.has(i) || result.removed.push(o));
  neu.forEach((r, j) => usedNew.has(j) || result.added.push(r));
  return result;
}

// ---------------------------------------------------------------- follow-up

export const STATUSES = ['met', 'partly', 'not-met'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABEL: Record<Status, string> = { met: 'Uppfyllt', partly: 'Delvis uppfyllt', 'not-met': 'Ej uppfyllt' };
export const STATUS_COLOUR: Record<Status, string> = { met: 'grön', partly: 'gul', 'not-met': 'röd' };

export const REPORT_KINDS = ['interim', 'annual'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_KIND_LABEL: Record<ReportKind, string> = { interim: 'Delårsrapport', annual: 'Verksamhetsberättelse' };

/** The levels the summary matrix counts, in the order of the papers. */
export const MATRIX_LEVELS = ['strategic-goal', 'objective', 'indicator', 'assignment'] as const;
export type MatrixLevel = (typeof MATRIX_LEVELS)[number];
export const MATRIX_LABEL: Record<MatrixLevel, string> = {
  'strategic-goal': 'Målsättningar från regionfullmäktige',
  objective: 'Nämndens mål',
  indicator: 'Styrtal',
  assignment: 'Uppdrag',
};

export interface MatrixRow {
  level: MatrixLevel;
  label: string;
  met: number;
  partly: number;
  notMet: number;
  /** Items of the level without a status yet. */
  missing: number;
}

/** "Sammanfattning uppföljning av mål och uppdrag": green / yellow / red per level, from the stored statuses. */
export function summaryMatrix(items: ReadonlyArray<{ kind: ItemKind; status: Status | null }>): MatrixRow[] {
  return MATRIX_LEVELS.map((level) => {
    const row: MatrixRow = { level, label: MATRIX_LABEL[level], met: 0, partly: 0, notMet: 0, missing: 0 };
    for (const it of items) {
      if (it.kind !== level) continue;
      if (it.status === 'met') row.met++;
      else if (it.status === 'partly') row.partly++;
      else if (it.status === 'not-met') row.notMet++;
      else row.missing++;
    }
    return row;
  });
}

/** A matrix row as the 2020 interim report prints it: "Nämndens mål 8 8 2" (zero columns left empty). */
export function matrixLine(r: MatrixRow): string {
  return [r.label, ...[r.met, r.partly, r.notMet].map((n) => (n ? String(n) : ''))].join(' ').trimEnd();
}

export function validateStatus(s: unknown): Status | null {
  if (s === null || s === undefined) return null;
  if (!STATUSES.includes(s as Status)) throw new DomainError('invalid-status', 'Status ska vara uppfyllt, delvis uppfyllt eller ej uppfyllt.');
  return s as Status;
}

/** "januari–juli 2026" etc.: a report period label, checked for sanity. */
export function validatePeriod(period: string): string {
  const p = squash(period ?? '');
  if (p.length < 4 || p.length > 60) throw new DomainError('invalid-period', 'Ange perioden rapporten avser, t.ex. "januari–juli 2026".');
  return p;
}
