/**
 * The internal control plan (internkontrollplan): risks by area, assessed as
 * probability × consequence (1–4 each, the risk value their product), the
 * actions against them with status and whether they worked, and the 4 × 4
 * risk matrix. Also the reader for the plan as printed in an interim report
 * (seed 000, section 7.1). Pure rules, no I/O.
 */
import { DomainError } from '../kernel/errors.ts';

export const STATUSES = ['ongoing', 'deviation', 'done', 'not-done'] as const;
export type ActionStatus = (typeof STATUSES)[number];
export const STATUS_LABEL: Record<ActionStatus, string> = {
  ongoing: 'Pågående',
  deviation: 'Avvikelse',
  done: 'Avslutad',
  'not-done': 'Ej genomförd',
};

export const SCALE = [1, 2, 3, 4] as const;
export const PROBABILITY_LABEL = ['Osannolik', 'Mindre sannolik', 'Möjlig', 'Sannolik'] as const;
export const CONSEQUENCE_LABEL = ['Försumbar', 'Lindrig', 'Kännbar', 'Allvarlig'] as const;

export type RiskLevel = 'low' | 'medium' | 'high';
export const LEVEL_LABEL: Record<RiskLevel, string> = { low: 'Låg', medium: 'Medel', high: 'Hög' };

/** The risk value (1–16) and its level: 1–3 low, 4–8 medium, 9–16 high. */
export function riskValue(probability: number | null, consequence: number | null): { value: number; level: RiskLevel } | null {
  if (probability == null || consequence == null) return null;
  const value = probability * consequence;
  return { value, level: value >= 9 ? 'high' : value >= 4 ? 'medium' : 'low' };
}

export function validateScale(v: unknown, what: 'Sannolikheten' | 'Konsekvensen'): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 4) {
    throw new DomainError('invalid-scale', `${what} ska vara ett heltal 1–4 (eller tom för ej bedömd).`);
  }
  return v;
}

export function validateStatus(s: unknown): ActionStatus | null {
  if (s === null || s === undefined) return null;
  if (!STATUSES.includes(s as ActionStatus)) {
    throw new DomainError('invalid-status', `Status ska vara ${STATUSES.map((x) => `${x} (${STATUS_LABEL[x]})`).join(', ')}.`);
  }
  return s as ActionStatus;
}

export function requireText(v: unknown, what: string, max: number): string {
  const t = typeof v === 'string' ? v.trim() : '';
  if (!t) throw new DomainError('text-required', `${what} saknas.`);
  if (t.length > max) throw new DomainError('text-too-long', `${what} får vara högst ${max} tecken.`);
  return t;
}

export interface MatrixInput {
  probability: number | null;
  consequence: number | null;
}

/**
 * The 4 × 4 matrix: `cells[p-1][c-1]` counts the risks with probability p and
 * consequence c; `unassessed` counts those without both.
 */
export function riskMatrix(risks: readonly MatrixInput[]): { cells: number[][]; unassessed: number; byLevel: Record<RiskLevel, number> } {
  const cells = SCALE.map(() => SCALE.map(() => 0));
  const byLevel: Record<RiskLevel, number> = { low: 0, medium: 0, high: 0 };
  let unassessed = 0;
  for (const r of risks) {
    const rv = riskValue(r.probability, r.consequence);
    if (!rv) {
      unassessed++;
      continue;
    }
    cells[r.probability! - 1]![r.consequence! - 1]!++;
    byLevel[rv.level]++;
  }
  return { cells, unassessed, byLevel };
}

export interface ParsedAction {
  text: string;
  regionWide: boolean;
  comment: string | null;
  /** The answer to "Har åtgärden bidragit till önskad effekt?" as written. */
  effect: string | null;
  /** Yes/no read from the answer ("Ja, …" / "Nej, …"); null when it says neither. */
  effective: boolean | null;
  responsible: string | null;
}

export interface ParsedRisk {
  area: string;
  risk: string;
  actions: ParsedAction[];
}

const REGION_WIDE = /^Regionövergripande åtgärd:\s*/i;
const EFFECT_Q = /^Har åtgärden bidragit till önskad effekt\?\s*/i;

interface ActionDraft {
  text: string[];
  comment: string[];
  effect: string[];
  responsible: string[];
}

/** The first line from `from` on that is not blank, without copying the array (texts may be long). */
function firstNonBlank(lines: readonly string[], from: number): string {
  for (let i = from; i < lines.length; i++) if (lines[i]!.trim()) return lines[i]!;
  return '';
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Yes/no from the answer to the effect question. */
export function effectiveFrom(answer: string | null): boolean | null {
  if (!answer) return null;
  if (/^ja\b/i.test(answer)) return true;
  if (/^nej\b/i.test(answer)) return false;
  return null;
}

/**
 * Reads the internal control plan from the text of a report (section "7.1
 * Internkontrollplan"): area headings, risks ("Risken att …"), actions (the
 * lines after a status symbol, which the text layer shows as a space), their
 * comments, the effect question and the responsible. The status symbols
 * themselves are pictures and are not in the text, so statuses are not read.
 */
export function parseControlPlan(text: string): ParsedRisk[] {
  const lines = String(text ?? '').split(/\r?\n/);
  let start = -1;
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*(\d+(\.\d+)*\s+)?Internkontrollplan\s*$/i.test(lines[i]!)) {
      const next = firstNonBlank(lines, i + 1);
      if (next && /Symbolförklaringar|^\s*(HR|Ekonomi)\s*$/i.test(next)) {
        start = i + 1;
        break;
      }
    }
  }
  if (start < 0) throw new DomainError('no-control-plan', 'Texten innehåller ingen internkontrollplan (rubriken "Internkontrollplan" följd av symbolförklaringar).', { status: 422 });
  // The plan ends where the next agenda item begins: its title block just before "Förslag till beslut".
  let end = lines.length;
  const next = lines.findIndex((l, i) => i > start && /^\s*Förslag till beslut\s*$/.test(l));
  if (next > 0) {
    end = next;
    while (end > start && !lines[end - 1]!.trim()) end--;
    while (end > start && lines[end - 1]!.trim()) end--;
  }
  const body = lines.slice(start, end);
  const nextNonBlank = (i: number) => firstNonBlank(body, i + 1);
  const risks: ParsedRisk[] = [];
  let areaName = '';
  let risk: ParsedRisk | null = null;
  let action: ActionDraft | null = null;
  const st: { field: string[] | null; last: string[] | null } = { field: null, last: null };
  const riskActions = new Map<ParsedRisk, ActionDraft[]>();
  const open = (f: string[]) => {
    st.field = f;
    st.last = f;
  };
  for (let i = 0; i < body.length; i++) {
    const raw = body[i]!;
    const line = clean(raw);
    const prevBlank = i === 0 || !clean(body[i - 1]!) || /^Status Åtgärd$/.test(clean(body[i - 1]!));
    if (!line) {
      if (st.field && st.field.length) st.field = null;
      continue;
    }
    if (/^Symbolförklaringar$/i.test(line) || /^=\s*(Pågående|Avvikelse|Avslutad|Ej genomförd)/.test(line)) continue;
    if (/^Status Åtgärd$/.test(line)) continue; // the table header, repeated at page breaks
    if (/^Risken\b/.test(line)) {
      if (!areaName) throw new DomainError('control-plan-structure', `Risken "${line.slice(0, 60)}" står före första områdesrubriken.`, { status: 422 });
      // the risk text continues until a blank line
      const riskLines = [line];
      while (i + 1 < body.length && clean(body[i + 1]!) && !/^Status Åtgärd$/.test(clean(body[i + 1]!))) riskLines.push(clean(body[++i]!));
      risk = { area: areaName, risk: riskLines.join(' '), actions: [] };
      risks.push(risk);
      riskActions.set(risk, []);
      action = null;
      st.field = null;
      st.last = null;
      continue;
    }
    if (/^Kommentar$/.test(line) && action) {
      open(action.comment);
      continue;
    }
    if (/^Ansvar$/.test(line) && action) {
      open(action.responsible);
      continue;
    }
    if (EFFECT_Q.test(line) && action) {
      open(action.effect);
      const rest = line.replace(EFFECT_Q, '');
      if (rest) action.effect.push(rest);
      continue;
    }
    if (!(st.field && st.field.length === 0) && line.length <= 40 && line.split(' ').length <= 4 && /^[A-ZÅÄÖ]/.test(line) && !/[.:?!,]$/.test(line) && /^\s*Risken\b/.test(nextNonBlank(i)) && !/^(Kommentar|Ansvar)$/.test(line)) {
      areaName = line;
      risk = null;
      action = null;
      st.field = null;
      st.last = null;
      continue;
    }
    if (risk && prevBlank && /^\s+\S/.test(raw) && !st.field) {
      action = { text: [line], comment: [], effect: [], responsible: [] };
      riskActions.get(risk)!.push(action);
      open(action.text);
      continue;
    }
    const target = st.field ?? st.last;
    if (target) target.push(line);
    else if (risk && !action) risk.risk = `${risk.risk} ${line}`;
    else throw new DomainError('control-plan-structure', `Internkontrollplanen: raden "${line.slice(0, 60)}" hör inte till någon risk eller åtgärd.`, { status: 422 });
  }
  for (const r of risks) {
    r.actions = riskActions.get(r)!.map((a) => {
      const full = a.text.join(' ');
      const effect = a.effect.join(' ').trim() || null;
      return {
        text: full.replace(REGION_WIDE, '').trim(),
        regionWide: REGION_WIDE.test(full),
        comment: a.comment.join(' ').trim() || null,
        effect,
        effective: effectiveFrom(effect),
        responsible: a.responsible.join(' ').trim() || null,
      };
    });
  }
  if (!risks.length) throw new DomainError('no-control-plan', 'Internkontrollplanen innehåller inga risker ("Risken att …").', { status: 422 });
  return risks;
}

// ---------------------------------------------------------------- follow-up and carry-over (issue 17.5)

export interface CarryRiskInput {
  id: number;
  area: string;
  risk: string;
  owner: string | null;
  probability: number | null;
  consequence: number | null;
  residualProbability: number | null;
  residualConsequence: number | null;
  actions: ReadonlyArray<{ id: number; text: string; regionWide: boolean; status: ActionStatus | null; responsible: string | null }>;
}

export interface CarriedRisk {
  fromId: number;
  area: string;
  risk: string;
  owner: string | null;
  /** Next year starts from the residual risk where it was assessed (what remains after the actions), else from the risk as assessed. */
  probability: number | null;
  consequence: number | null;
  actions: Array<{ fromId: number; text: string; regionWide: boolean; responsible: string | null }>;
}

/** An action is open until it is Avslutad (done); Ej genomförd, Avvikelse, Pågående and no status are open. */
export const isOpenAction = (a: { status: ActionStatus | null }) => a.status !== 'done';

/**
 * A risk is open, and goes on to next year's plan, when any action against it
 * is open, when it has no action at all, or when its residual risk (the risk
 * where no residual is assessed) is still medium or high.
 */
export function isOpenRisk(r: CarryRiskInput): boolean {
  if (!r.actions.length || r.actions.some(isOpenAction)) return true;
  const residual = riskValue(r.residualProbability ?? r.probability, r.residualConsequence ?? r.consequence);
  return residual !== null && residual.level !== 'low';
}

/** The open risks and their open actions, as next year's plan takes them (statuses, comments and effects start empty). */
export function carryOverRisks(risks: readonly CarryRiskInput[]): CarriedRisk[] {
  return risks.filter(isOpenRisk).map((r) => {
    const residual = r.residualProbability !== null && r.residualConsequence !== null;
    return {
      fromId: r.id,
      area: r.area,
      risk: r.risk,
      owner: r.owner,
      probability: residual ? r.residualProbability : r.probability,
      consequence: residual ? r.residualConsequence : r.consequence,
      actions: r.actions.filter(isOpenAction).map((a) => ({ fromId: a.id, text: a.text, regionWide: a.regionWide, responsible: a.responsible })),
    };
  });
}
