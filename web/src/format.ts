/** Swedish words and forms for what the API sends as codes. */
import type { AgendaItemKind, MembershipView, RoleInBody, SearchHit } from '../../src/http/contract.ts';

const longDate = new Intl.DateTimeFormat('sv-SE', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "2020-08-24" → "måndag 24 augusti 2020" (null when the date cannot be read). */
export function spokenDate(iso: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? null : longDate.format(d);
}

/** "kl. 10:00–15:00", "kl. 10:00", or null. */
export function timeSpan(start: string | null, end: string | null): string | null {
  if (!start) return null;
  return end ? `kl. ${start}–${end}` : `kl. ${start}`;
}

export const KIND_LABEL: Record<AgendaItemKind, string> = {
  adjustment: 'Justering',
  decision: 'Beslut',
  information: 'Information',
  'delegation-report': 'Delegationsbeslut',
  presentations: 'Presentationer',
};

const ROLE_LABEL: Record<RoleInBody, string> = {
  chair: 'ordförande',
  'first-vice-chair': 'vice ordförande',
  'second-vice-chair': '2:e vice ordförande',
  member: 'ledamot',
};

export function roleLabel(m: Pick<MembershipView, 'role' | 'kind'>): string {
  if (m.role === 'member') return m.kind === 'substitute' ? 'ersättare' : 'ledamot';
  return ROLE_LABEL[m.role];
}

export const party = (p: string | null): string | null => (p ? `(${p})` : null);

export const MATCHED_ON: Record<SearchHit['matchedOn'], string> = {
  dnr: 'diarienummer',
  title: 'rubrik',
  presenter: 'föredragande',
  text: 'text',
};

/** "1 träff", "3 träffar". */
export const count = (n: number, one: string, many: string): string => `${n.toLocaleString('sv-SE')} ${n === 1 ? one : many}`;

/** Splits a clause into its own text and its bullets ("att …\n• a\n• b"). */
export function splitClause(clause: string): { text: string; bullets: string[] } {
  const [text = '', ...bullets] = clause.split(/\n\s*•\s*/);
  return { text: text.trim(), bullets: bullets.map((b) => b.trim()).filter(Boolean) };
}

/** Paragraphs of a summary ("\n\n" between them). */
export const paragraphs = (text: string): string[] =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
