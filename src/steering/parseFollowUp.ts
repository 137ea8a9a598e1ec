/**
 * What a follow-up paper (delårsrapport, verksamhetsberättelse) prints, read
 * back for checking: its summary matrix "Sammanfattning uppföljning av mål och
 * uppdrag" and the items section 3 follows up. The colour symbols of the
 * statuses do not survive the PDF's text, so statuses are not read; the
 * matrix is what the paper states about them. Pure.
 */
export interface PrintedMatrixRow {
  label: string;
  /** grön, gul, röd; an empty column is printed as nothing (read as 0 from the right). */
  green: number;
  yellow: number;
  red: number;
}

const ROW = /^\s*((?:Effektmål|Mål|Uppdrag|Nämndens mål|Nämndens uppdrag)[^\d\n]*?)\s+(\d+)(?: +(\d+))?(?: +(\d+))?\s*$/;

/** The rows under the first "Sammanfattning uppföljning av mål och uppdrag" (until the next section). */
export function readPrintedMatrix(text: string): PrintedMatrixRow[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /Sammanfattning uppföljning av mål och uppdrag/.test(l));
  if (start < 0) return [];
  const rows: PrintedMatrixRow[] = [];
  for (const l of lines.slice(start + 1, start + 60)) {
    if (/^\s*3\.2 /.test(l)) break;
    const m = l.match(ROW);
    if (m) rows.push({ label: m[1]!.trim(), green: Number(m[2] ?? 0), yellow: Number(m[3] ?? 0), red: Number(m[4] ?? 0) });
  }
  return rows;
}

export interface FollowedUp {
  /** "Effektmål nr 7" … : the assembly's goals the body reports on. */
  effectGoals: string[];
  /** The body's own mål ("Mål: …"). */
  objectives: number;
  /** "Uppdrag: …" per perspective heading ("3.2 Perspektiv: Invånare och samhälle" …). */
  assignmentsBySection: Record<string, number>;
  /** How each assignment's comment forecasts it, where the prose says so. */
  assignmentForecasts: Array<'met' | 'partly' | null>;
}

/** Counts what section 3 ("Nämndens mål, strategier och uppdrag") follows up. */
export function followedUpItems(text: string): FollowedUp {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^\s*3 Nämndens mål, strategier och uppdrag/.test(l));
  const end = lines.findIndex((l, i) => i > start && /^\s*4 Ekonomi\s*$/.test(l));
  const body = lines.slice(start, end < 0 ? undefined : end);
  const out: FollowedUp = { effectGoals: [], objectives: 0, assignmentsBySection: {}, assignmentForecasts: [] };
  let section = '';
  for (let i = 0; i < body.length; i++) {
    const l = body[i]!.trim();
    const s = l.match(/^(3\.\d) (?:Perspektiv: )?(.*)$/) ?? (body[i - 1]?.trim() === 'Perspektiv:' ? l.match(/^(3\.\d) (.*)$/) : null);
    if (s) section = `${s[1]} ${s[2]!.trim()}`;
    const e = l.match(/Effektmål nr (\d+)\./);
    if (e && !out.effectGoals.includes(e[1]!)) out.effectGoals.push(e[1]!);
    if (/^Mål:/.test(l)) out.objectives++;
    if (/^Uppdrag:/.test(l)) {
      out.assignmentsBySection[section] = (out.assignmentsBySection[section] ?? 0) + 1;
      const next = body.slice(i + 1, i + 20).find((x) => /^\s*Uppdraget har startat/.test(x) || /^\s*Uppdrag:/.test(x));
      out.assignmentForecasts.push(
        next && /startat och bedöms vara klart/.test(next) ? 'met' : next && /startat men bedöms inte vara helt klart/.test(next) ? 'partly' : null,
      );
    }
  }
  return out;
}
