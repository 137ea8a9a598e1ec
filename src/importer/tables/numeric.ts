/**
 * A general reader of the number tables in a committee's papers (issue 17.8,
 * 18.3): the result report, the operating statement per area, investments,
 * personnel costs of a delårsrapport or verksamhetsberättelse, in any year's
 * layout. Not one parser per file: a table is found by its unit line
 * ("Belopp i mnkr", "(Belopp i tkr)"), its columns by the header words under
 * it (cells broken over lines joined, "Budgetavvik" | "else" → one word), its
 * rows by the numbers at their ends (a label broken over lines joined), and
 * the numbers are parsed with kernel/kronor.ts. Every row read is kept; a row
 * whose numbers do not fill the columns (an empty cell the text cannot place)
 * is kept with the numbers as read and flagged. Pure.
 */
import { parseKronor, type Ore } from '../../kernel/kronor.ts';

export interface NumericCell {
  /** As printed ("-1,7", "4,4%"). */
  text: string;
  /** The amount in öre, in the table's unit; null for a percentage or a cell that is not an amount. */
  ore: Ore | null;
  /** An exact decimal with a point ("-7.6"), for percentages and relations. */
  decimal: string;
}

export interface NumericRow {
  label: string;
  /** One per column, left to right (null: an empty cell); a flagged row has the numbers as read, from the left. */
  cells: Array<NumericCell | null>;
  line: number;
  flag: string | null;
}

export interface NumericTable {
  /** The heading above the table ("Driftredovisning regional tillväxtnämnd"). */
  title: string;
  unit: 'kr' | 'tkr' | 'mnkr';
  columns: string[];
  rows: NumericRow[];
  /** 1-based line of the unit line. */
  line: number;
}

const UNIT_LINE = /^\(?\s*belopp i (kr|kronor|tkr|tusen kronor|mnkr|mkr|miljoner kronor)\s*\)?\s*(.*)$/i;
const NUMBER = /^[+\-−–]?\d+(?:,\d+)?%?$/;
const STAMP = /^(?:sida\s+)?\d{1,4}\s*\(\s*\d{1,4}\s*\)$/i;
/** A running page header with a stamp at its end ("Regional tillväxtnämnd  Delårsrapport 10(40)"). */
const RUNNING_HEADER = /\S\s+\d{1,4}\s?\(\d{1,4}\)\s*$/;
const YEAR = /^(?:19|20)\d{2}$/;
/** Words a column header is made of; a header cell broken inside a word is joined when the halves make one of them. */
const HEADER_WORDS = [
  'utfall', 'budget', 'budgetavvikelse', 'avvikelse', 'prognos', 'helårsprognos', 'omsättning', 'relation', 'bokslut', 'målvärde', 'perioden', 'period',
  'ackumulerat', 'årsbudget', 'förändring', 'nettokostnad', 'intäkter', 'kostnader', 'resultat', 'avvikelse', 'procent', 'budgetavvikelsen',
];
const COLUMN_WORDS = ['utfall', 'budget', 'budgetavvikelse', 'avvikelse', 'prognos', 'helårsprognos', 'omsättning', 'relation', 'bokslut', 'målvärde', 'årsbudget', 'förändring', 'ackumulerat'];
/** A word that starts a column: a column word, or its beginning broken over lines ("Avvike", "Rela-", "Budgetavvik"). */
const columnWord = (w: string) => {
  const lower = w.replace(/-$/, '').toLowerCase();
  return COLUMN_WORDS.some((c) => lower.startsWith(c) || (lower.length >= 4 && c.startsWith(lower)));
};
const STARTS_COLUMN = { test: (t: string) => columnWord(t.trim().split(/\s+/)[0] ?? '') };

const unitOf = (u: string): NumericTable['unit'] => (/^t/i.test(u) ? 'tkr' : /^(?:kr|kronor)$/i.test(u) ? 'kr' : 'mnkr');

/** The numbers at the end of a line, and the text before them. */
function splitNumbers(text: string): { label: string; numbers: string[] } {
  const words = text.trim().split(/\s+/);
  let k = words.length;
  while (k > 0 && NUMBER.test(words[k - 1]!)) k--;
  return { label: words.slice(0, k).join(' '), numbers: words.slice(k) };
}

function cellOf(text: string, unit: NumericTable['unit'], percent: boolean): NumericCell {
  const t = text.replace(/[−–]/g, '-');
  const decimal = t.replace(/%$/, '').replace(',', '.').replace(/^\+/, '');
  if (percent || t.endsWith('%')) return { text, ore: null, decimal };
  let ore: Ore | null = null;
  try {
    ore = parseKronor(`${t} ${unit}`);
  } catch {
    ore = null;
  }
  return { text, ore, decimal };
}

/**
 * The cells of a row's number part by its spacing: a run of two or more
 * spaces before, between or after the numbers stands for empty cells. The
 * missing cells go one to each such run when there are as many runs as
 * missing cells, or all to the one run there is; otherwise (or with no runs:
 * a text layer that collapses spaces) the spacing does not say, and null.
 */
export function alignedCells(raw: string, count: number, width: number): Array<string | null> | null {
  const missing = width - count;
  if (missing <= 0) return null;
  const line = raw.replace(/\t/g, '  ');
  const m = new RegExp(`((?:\\s+\\S+){${count}})(\\s*)$`).exec(line);
  if (!m) return null;
  const pieces = `${m[1]!}${m[2]!}`.split(/(\s+)/).filter((p) => p !== '');
  const gaps = pieces.filter((p) => /^\s{2,}$/.test(p)).length;
  if (gaps === 0 || (gaps !== missing && gaps !== 1)) return null;
  const out: Array<string | null> = [];
  for (const p of pieces) {
    if (!/^\s+$/.test(p)) out.push(p);
    else if (p.length >= 2) out.push(...Array<null>(gaps === 1 ? missing : 1).fill(null));
  }
  return out;
}

/** A line split where its first column word is: [the text before it, the header from it on]. */
function atColumnWord(t: string): [string, string] {
  const words = t.split(/\s+/).filter(Boolean);
  const at = words.findIndex((w) => /^\p{Lu}/u.test(w) && columnWord(w));
  return at < 0 ? [t, ''] : [words.slice(0, at).join(' '), words.slice(at).join(' ')];
}

/** Joins a header's fragments into column names: a column starts at a header word, years and lower-case words continue it. */
export function headerColumns(fragments: string[]): string[] {
  const cols: string[] = [];
  let glueNext = false;
  for (const f of fragments) {
    for (const w of f.split(/\s+/).filter(Boolean)) {
      const last = cols.length - 1;
      const prev = last >= 0 ? cols[last]! : '';
      const prevWord = prev.split(' ').pop() ?? '';
      // a word broken over lines: "Budgetavvik" + "else", "Rela-" + "tion", "Avvike" + "lse"
      const joined = `${prevWord.replace(/-$/, '')}${w}`.toLowerCase();
      if (last >= 0 && (glueNext || (/^\p{Ll}/u.test(w) && HEADER_WORDS.includes(joined) && !HEADER_WORDS.includes(prevWord.toLowerCase())))) {
        cols[last] = `${prev.slice(0, prev.length - prevWord.length)}${prevWord.replace(/-$/, '')}${w}`;
      } else if (last < 0 || STARTS_COLUMN.test(w) || (/^\p{Lu}/u.test(w) && (/\d|%\)?$/.test(prev) || STARTS_COLUMN.test(prev)))) {
        cols.push(w);
      } else {
        cols[last] = `${prev} ${w}`;
      }
      glueNext = false;
    }
    glueNext = /\p{L}-$/u.test(f.trim());
  }
  return cols;
}

/** Text after a table: a sentence, a long line, a section heading ("4.2 Periodens resultat", "5 Personalekonomi"). */
const isProse = (t: string) => t.length > 75 || (/[.!?:]$/.test(t) && t.split(/\s+/).length >= 4) || /^\d+(?:\.\d+)*\s+\p{Lu}/u.test(t);

/** Every number table in the text (found by its unit line), each row accounted for. */
export function readNumericTables(text: string): NumericTable[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const tables: NumericTable[] = [];
  for (let i = 0; i < lines.length; i++) {
    const u = UNIT_LINE.exec(lines[i]!.trim());
    if (!u) continue;
    const unit = unitOf(u[1]!);
    // the rest of the unit line: the title ("(Belopp i mnkr) Sammanställning"), and the header's first cells ("Belopp i mnkr Budgetavvik")
    const [restTitle, restHeader] = atColumnWord(u[2]!.trim());
    let title = restTitle;
    const header: string[] = restHeader ? [restHeader] : [];
    for (let k = i - 1; !title && k >= Math.max(0, i - 4); k--) {
      const t = lines[k]!.trim();
      if (t && !STAMP.test(t)) title = t;
    }
    // the header: fragments up to the first line that ends in a number that is not a year
    let j = i + 1;
    for (; j < lines.length && j < i + 40; j++) {
      const t = lines[j]!.trim();
      if (!t || STAMP.test(t)) continue;
      const { numbers } = splitNumbers(t);
      if (numbers.length > 0 && !numbers.every((n) => YEAR.test(n))) break;
      const started = header.some((h) => STARTS_COLUMN.test(h));
      // before the first column word: the title goes on ("uppföljning av investeringar, mnkr")
      if (!started) {
        const [more, cells] = atColumnWord(t);
        if (more) {
          if (/^\p{Lu}/u.test(more) && title && !cells) break;
          title = `${title} ${more}`.trim();
        }
        if (cells) header.push(cells);
        continue;
      }
      // after it, a line that is not a header word, a year, a lower-case continuation or "(%)" is the first row's label
      const headerLike = STARTS_COLUMN.test(t) || /^\p{Ll}|^\(?%\)?$/u.test(t) || numbers.length > 0;
      if (!headerLike) break;
      header.push(t);
    }
    const columns = headerColumns(header);
    const percentAt = columns.map((c) => /%|relation/i.test(c));
    // the rows: a label (over one or more lines) and its numbers
    const rows: NumericRow[] = [];
    let pending: { text: string; line: number; glue: boolean } | null = null;
    let pendingLines = 0;
    const endsTold = lines.slice(j, j + 40).some((l) => /\S\s+$/.test(l));
    // a blank line, a page stamp or a running header before a line: it may start a row of its own
    let gap = false;
    for (; j < lines.length; j++) {
      const raw = lines[j]!;
      const t = raw.trim();
      if (!t || STAMP.test(t) || RUNNING_HEADER.test(t)) {
        gap = true;
        continue;
      }
      const afterGap = gap;
      gap = false;
      if (UNIT_LINE.test(t)) break;
      const { label, numbers } = splitNumbers(t);
      if (numbers.length === 0) {
        if (isProse(t) || pendingLines >= 4) break;
        // a capitalised line after a gap starts the next row: the label before it is a row whose cells are all empty
        if (pending && afterGap && /^\p{Lu}/u.test(t) && !pending.glue) {
          rows.push({ label: pending.text, cells: [], line: pending.line, flag: null });
          pending = null;
          pendingLines = 0;
        }
        pending = pending ? { text: join(pending, t), line: pending.line, glue: lineGlues(raw, endsTold) } : { text: t, line: j + 1, glue: lineGlues(raw, endsTold) };
        pendingLines++;
        continue;
      }
      // a row of its own after a gap: the label before it had no numbers (all its cells empty)
      if (pending && label && afterGap && /^\p{Lu}/u.test(label) && !pending.glue) {
        rows.push({ label: pending.text, cells: [], line: pending.line, flag: null });
        pending = null;
        pendingLines = 0;
      }
      const fullLabel = pending ? (label ? join(pending, label) : pending.text) : label;
      const width = columns.length;
      let flag: string | null = null;
      let slots: Array<string | null> = numbers;
      if (width > 0 && numbers.length !== width) {
        // empty cells placed by the spacing, where the text keeps it (two or more spaces for a cell left empty)
        const placed = alignedCells(raw, numbers.length, width);
        if (placed && placed.length === width) slots = placed;
        else {
          flag = `${numbers.length} ${numbers.length === 1 ? 'värde' : 'värden'} men ${width} kolumner: vilken kolumn ${numbers.length < width ? 'som är tom' : 'som har för mycket'} går inte att avgöra ur texten; raden sparas med värdena som de lästes`;
        }
      }
      if (!fullLabel) flag = flag ?? 'raden saknar rubrik';
      rows.push({ label: fullLabel, cells: slots.map((n, k) => (n === null ? null : cellOf(n, unit, percentAt[k] ?? false))), line: pending?.line ?? j + 1, flag });
      pending = null;
      pendingLines = 0;
    }
    // a label left without numbers at the table's end: an empty row (kept, flagged), unless it is where the prose begins
    if (pending && pendingLines <= 2 && !isProse(pending.text) && rows.length > 0 && j < lines.length && !isProse(lines[j]!.trim())) {
      rows.push({ label: pending.text, cells: [], line: pending.line, flag: null });
    }
    // labels without numbers after the last row with numbers are the headings of the text after the table
    while (rows.length > 0 && rows[rows.length - 1]!.cells.length === 0) rows.pop();
    if (rows.length > 0 || columns.length > 0) tables.push({ title, unit, columns, rows, line: i + 1 });
    i = Math.max(i, j - 1);
  }
  return tables;
}

/** Whether a label line's last word continues on the next line (a text layer that keeps line-end spaces says so). */
const lineGlues = (raw: string, endsTold: boolean) => (endsTold ? /\p{Ll}$/u.test(raw) : /\p{L}-$/u.test(raw.trim()));

function join(pending: { text: string; glue: boolean }, next: string): string {
  if (pending.glue && /^\p{Ll}/u.test(next)) return `${pending.text.replace(/-$/, '')}${next}`;
  return `${pending.text} ${next}`.replace(/\s+/g, ' ');
}
