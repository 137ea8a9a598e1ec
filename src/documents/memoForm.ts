/**
 * Pure rules for the föredragnings-PM written as a form (issue 14, point 4):
 * which consequence statements a memo carries (data, not code branches), the
 * placeholder rule for every statement, and the check of a draft and of a
 * memo that the secretary marks ready for the kallelse.
 */
import { DomainError } from '../kernel/errors.ts';

/** The consequence statements the committee's memos carry, in their order; each one is required. */
export const MEMO_CONSEQUENCES: ReadonlyArray<{ key: string; label: string }> = [
  { key: 'economy', label: 'Ekonomiska konsekvenser' },
  { key: 'children', label: 'Konsekvenser för barn' },
  { key: 'environment', label: 'Konsekvenser för miljö' },
  { key: 'equality', label: 'Konsekvenser för jämställdhet' },
];

export type MemoFormState = 'draft' | 'ready';

export const MEMO_STATE_LABEL: Record<MemoFormState, string> = { draft: 'Utkast', ready: 'Klar för kallelse' };

export interface MemoForm {
  unit: string;
  officer: string;
  summary: string;
  description: string;
  /** Förslag till beslut: the numbered att-satser, in order. */
  clauses: string[];
  /** Keyed by MEMO_CONSEQUENCES[].key. */
  consequences: Record<string, string>;
  signatoryName: string;
  signatoryTitle: string;
  /** Skickas till. */
  sendTo: string[];
}

/** Words left from a template: a statement that still holds one was never written. */
const TEMPLATE_WORDS = ['projektnamn', 'projektnummer', 'mottagarnamn', 'text här', 'skriv här', 'fyll i', 'lorem ipsum'];

/**
 * Why a statement is not a statement, or null when it is one: empty, only
 * punctuation or dashes ("-", "…", "–"), only X:es ("XXX"), a bracketed
 * instruction ("[fyll i]", "<namn>"), or a template word left in ("projektnamn").
 * General: no text of any particular memo is known here.
 */
export function placeholderProblem(text: string | null | undefined): string | null {
  const t = (text ?? '').replace(/\s+/g, ' ').trim();
  if (!t) return 'är tom';
  if (!/[\p{L}\p{N}]/u.test(t)) return `innehåller bara "${t}"`;
  if (/\b[xX]{2,}\b/.test(t) || /^[xX]$/.test(t)) return `innehåller platshållaren "${t.match(/[xX]{2,}|^[xX]$/)![0]}"`;
  const bracket = t.match(/[[<{]\s*[^\]>}]*[\]>}]/);
  if (bracket) return `innehåller platshållaren "${bracket[0]}"`;
  if (/(\.{3}|…)/.test(t) && t.replace(/(\.{3}|…)/g, '').replace(/[^\p{L}\p{N}]/gu, '').length < 3) return `innehåller bara "${t}"`;
  const lower = t.toLowerCase();
  for (const w of TEMPLATE_WORDS) {
    const re = new RegExp(`(^|[^\\p{L}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u');
    if (re.test(lower)) return `innehåller mallordet "${w}"`;
  }
  return null;
}

export interface FieldProblem {
  field: string;
  label: string;
  problem: string;
}

const cleanLines = (xs: readonly string[] | undefined) => (xs ?? []).map((x) => (x ?? '').replace(/\s+/g, ' ').trim());

/** Normalizes a form as received (missing fields empty, consequences only the known keys). */
export function normalizeForm(input: Partial<MemoForm> | null | undefined): MemoForm {
  const i = input ?? {};
  const s = (v: unknown) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n').trim() : '');
  const consequences: Record<string, string> = {};
  for (const c of MEMO_CONSEQUENCES) consequences[c.key] = s(i.consequences?.[c.key]);
  return {
    unit: s(i.unit),
    officer: s(i.officer),
    summary: s(i.summary),
    description: s(i.description),
    clauses: cleanLines(i.clauses),
    consequences,
    signatoryName: s(i.signatoryName),
    signatoryTitle: s(i.signatoryTitle),
    sendTo: cleanLines(i.sendTo),
  };
}

/** Each statement with its Swedish label, in the form's order. */
function statements(f: MemoForm): Array<{ field: string; label: string; text: string; list?: boolean }> {
  return [
    { field: 'unit', label: 'Tjänsteställe', text: f.unit },
    { field: 'officer', label: 'Handläggare', text: f.officer },
    { field: 'summary', label: 'Sammanfattning', text: f.summary },
    { field: 'description', label: 'Ärendebeskrivning', text: f.description },
    ...f.clauses.map((c, n) => ({ field: `clauses.${n}`, label: `Förslag till beslut, att-sats ${n + 1}`, text: c, list: true })),
    ...MEMO_CONSEQUENCES.map((c) => ({ field: `consequences.${c.key}`, label: c.label, text: f.consequences[c.key] ?? '' })),
    { field: 'signatoryName', label: 'Underskrift (namn)', text: f.signatoryName },
    { field: 'signatoryTitle', label: 'Underskrift (titel)', text: f.signatoryTitle },
    ...f.sendTo.map((r, n) => ({ field: `sendTo.${n}`, label: `Skickas till, mottagare ${n + 1}`, text: r, list: true })),
  ];
}

/**
 * The problems of a form. A draft may leave statements empty but not hold a
 * placeholder; a memo ready for the kallelse has every statement written,
 * at least one att-sats and at least one recipient.
 */
export function formProblems(f: MemoForm, state: MemoFormState): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const s of statements(f)) {
    const p = placeholderProblem(s.text);
    if (!p) continue;
    if (p === 'är tom' && state === 'draft' && !s.list) continue;
    out.push({ field: s.field, label: s.label, problem: p });
  }
  if (state === 'ready' && f.clauses.length === 0) out.push({ field: 'clauses', label: 'Förslag till beslut', problem: 'saknar att-satser' });
  if (state === 'ready' && f.sendTo.length === 0) out.push({ field: 'sendTo', label: 'Skickas till', problem: 'saknar mottagare' });
  return out;
}

/** Throws a Swedish 422 naming the first field (and how many more) when the form has problems. */
export function assertForm(f: MemoForm, state: MemoFormState): void {
  const problems = formProblems(f, state);
  if (!problems.length) return;
  const [first] = problems;
  const more = problems.length > 1 ? ` (och ${problems.length - 1} fält till)` : '';
  throw new DomainError('memo-placeholder', `Fältet "${first!.label}" ${first!.problem}. Skriv ett riktigt ställningstagande${more}.`, {
    status: 422,
    details: { problems },
  });
}

/** The consequence statements as the memo's one section, one paragraph each. */
export function consequencesText(f: MemoForm): { economy: string; consequences: string } {
  const others = MEMO_CONSEQUENCES.filter((c) => c.key !== 'economy').map((c) => `${c.label}: ${f.consequences[c.key]}`);
  return { economy: f.consequences['economy'] ?? '', consequences: others.join('\n\n') };
}
