/**
 * Reads the 2026 plan workshop paper (seed 004: "Mål, styrtal och uppdrag",
 * slides turned into text) into a plan tree: the ten målsättningar, the focus
 * areas of målsättning 4 with their mål, styrtal and uppdrag, the common
 * målsättningar with their uppdrag, and the paper's own proposals (remove,
 * merge, new indicators). Pure: text in, tree out.
 *
 * The paper is a slide deck: slides are separated by three empty lines, a
 * list item starts with "•", "Nr 27." or "1." and runs on over the following
 * lines until an empty line or the next item.
 */
import { DomainError } from '../kernel/errors.ts';
import { node, splitOrigin, squash, walk, type PlanNode } from './model.ts';

export interface Workshop {
  /** The plan year the paper prepares. */
  year: number;
  /** Everything as the paper shows it, proposals included. */
  tree: PlanNode[];
  /** "Text från VP-2025 / Förslag på text VP-2026 / Slå ihop två mål till ett mål". */
  merges: Array<{ from: string[]; into: string; note: string }>;
  /** Wordings of a mål the paper shows first and then replaces on later slides (number, earlier text). */
  earlierWordings: Array<{ number: string; text: string }>;
  /** The focus-area overview slide, numbers as written. */
  overview: Array<{ number: string; title: string }>;
  /** "Sammanfattning av uppdrag till regional tillväxtnämnd (17 st)". */
  summary: { stated: number; numbers: string[] };
}

interface Item {
  marker: string | null;
  lines: string[];
}

const ITEM_START = /^(?:•\s*(?:(Nr\.?)\s*(\d+)\.\s*)?|(Nr\.?)\s*(\d+)\.\s+|(\d+)\.\s+)(.*)$/;

/** Splits a slide's lines into list items (continuation lines joined), stopping at `stop`. */
function itemsOf(lines: string[], stop: (l: string) => boolean = () => false): { items: Array<{ number: string | null; text: string }>; used: number } {
  const items: Item[] = [];
  let current: Item | null = null;
  let i = 0;
  for (; i < lines.length; i++) {
    const l = lines[i]!;
    if (stop(l)) break;
    if (!l) {
      current = null;
      continue;
    }
    const m = l.match(ITEM_START);
    if (m) {
      current = { marker: m[2] ?? m[4] ?? m[5] ?? null, lines: [m[6] ?? ''] };
      items.push(current);
    } else if (current) current.lines.push(l);
    else break;
  }
  return { items: items.map((it) => ({ number: it.marker, text: squash(it.lines.join(' ')) })).filter((it) => it.text), used: i };
}

const clean = (text: string) =>
  text
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim());

function slidesOf(text: string): string[][] {
  const out: string[][] = [];
  let slide: string[] = [];
  let empty = 0;
  for (const l of clean(text)) {
    if (!l) {
      empty++;
      if (empty >= 3 && slide.length) {
        out.push(slide);
        slide = [];
      }
      if (slide.length) slide.push('');
      continue;
    }
    empty = 0;
    slide.push(l);
  }
  if (slide.length) out.push(slide);
  return out.map((s) => {
    while (s.length && !s.at(-1)) s.pop();
    return s;
  });
}

interface FocusBlock {
  number: string;
  area: string;
  subtitle: string | null;
  objective: string | null;
  objectiveWordings: string[];
  indicators: PlanNode[];
  assignments: PlanNode[];
  order: number;
}

const FOCUS = /^Fokusområde (\d+(?:\.\d+)+) [-–] (.*)$/;
const ASSIGNEE = /^(.*) får i uppdrag:?$/;

function assignment(text: string, number: string | null, assignee: string): PlanNode {
  const { text: t, origin } = splitOrigin(text);
  return node('assignment', t, { number, origin, assignee });
}

function indicator(text: string, number: string | null = null): PlanNode {
  const { text: t, origin } = splitOrigin(text);
  return node('indicator', t, { number, origin });
}

export function parseWorkshop(text: string): Workshop {
  const slides = slidesOf(text);
  const goals = new Map<string, PlanNode>();
  const goalIndicators: PlanNode[] = [];
  const overview: Workshop['overview'] = [];
  const areaTitles = new Map<string, string>();
  const blocks = new Map<string, FocusBlock>();
  const merges: Workshop['merges'] = [];
  const common: PlanNode[] = [];
  const summary = { stated: 0, numbers: [] as string[] };
  let year = 0;

  for (const slide of slides) {
    const first = slide[0]!;
    if (first === 'Sammanfattning' && summary.stated) break; // the budget part follows: not ours
    if (first === 'Målsättningar') {
      for (const l of slide.slice(1)) {
        const m = l.match(/^•\s*Nr (\d+): (.*)$/);
        if (m) goals.set(m[1]!, node('strategic-goal', squash(m[2]!), { number: m[1]! }));
      }
      continue;
    }
    if (first === 'Målsättningar med styrtal') {
      const start = slide.findIndex((l) => /^\(\d+ st styrtal\)$/.test(l));
      for (const it of itemsOf(slide.slice(start + 1)).items) goalIndicators.push(indicator(it.text, it.number));
      continue;
    }
    if (/^Målsättning \d+ - /.test(first)) {
      let area: string | null = null;
      for (const l of slide.slice(1)) {
        const a = l.match(/^Fokusområde (\d+\.\d+) (.*)$/);
        const s = l.match(/^(\d+\.\d+\.\d+) (.*)$/);
        if (a) {
          area = a[1]!;
          overview.push({ number: area, title: a[2]! });
          areaTitles.set(area, a[2]!);
        } else if (s && area) overview.push({ number: s[1]!, title: s[2]! });
      }
      continue;
    }
    if (FOCUS.test(first)) {
      let block: FocusBlock | null = null;
      let mode: 'objective' | 'indicators' | 'assignments' | null = null;
      let assignee = '';
      const notes: string[][] = [];
      for (let i = 0; i < slide.length; i++) {
        const l = slide[i]!;
        const f = l.match(FOCUS);
        if (f) {
          const head = squash(f[2]!);
          // "Utbildning (Förebyggande och främjande arbete)": the first "(" to the closing one at the end
          const paren = head.endsWith(')') ? head.indexOf('(') : -1;
          const inline = paren > 0 ? [head, head.slice(0, paren).trimEnd(), head.slice(paren + 1, -1)] : null;
          let subtitle = inline ? inline[2]! : null;
          const area = inline ? inline[1]! : head;
          const next = slide[i + 1] ?? '';
          if (!inline && /^\(.*\)$/.test(next)) {
            subtitle = next.slice(1, -1);
            i++;
          }
          const number = f[1]!;
          block = blocks.get(number) ?? { number, area, subtitle, objective: null, objectiveWordings: [], indicators: [], assignments: [], order: blocks.size };
          blocks.set(number, block);
          mode = null;
          continue;
        }
        if (!block) continue;
        if (l.startsWith('Mål - ')) {
          const parts = [l.slice(6)];
          const header = (x: string) => /^Styrtal:?$/.test(x) || ASSIGNEE.test(x) || FOCUS.test(x) || ITEM_START.test(x);
          while (slide[i + 1] && !header(slide[i + 1]!)) parts.push(slide[++i]!);
          const wording = squash(parts.join(' '));
          if (!block.objectiveWordings.includes(wording)) block.objectiveWordings.push(wording);
          block.objective = wording;
          mode = 'objective';
          continue;
        }
        if (/^Styrtal:?$/.test(l)) {
          const { items, used } = itemsOf(slide.slice(i + 1), (x) => ASSIGNEE.test(x) || FOCUS.test(x));
          for (const it of items) block.indicators.push(indicator(it.text));
          i += used;
          mode = 'indicators';
          continue;
        }
        const a = l.match(ASSIGNEE);
        if (a) {
          assignee = a[1]!;
          const { items, used } = itemsOf(slide.slice(i + 1), (x) => ASSIGNEE.test(x) || FOCUS.test(x));
          for (const it of items) block.assignments.push(assignment(it.text, it.number, assignee));
          i += used;
          mode = 'assignments';
          continue;
        }
        if (l && mode !== null) {
          // a note on the slide, not part of the plan text ("Text från VP-2025 …")
          const chunk = [l];
          while (slide[i + 1]) chunk.push(slide[++i]!);
          notes.push(chunk);
        }
      }
      const joined = notes.map((n) => squash(n.join(' ')));
      const merge = joined.find((n) => /^Slå ihop två mål till ett mål$/i.test(n));
      if (merge && block) {
        const siblings = [...blocks.values()].filter((b) => b.number.startsWith(`${block!.number}.`)).map((b) => b.number);
        merges.push({ from: siblings, into: block.number, note: `${joined.join(' / ')}` });
      }
      continue;
    }
    if (first === 'Gemensamma målsättningar med uppdrag') {
      let parent: PlanNode | null = null;
      for (let i = 1; i < slide.length; i++) {
        const l = slide[i]!;
        const g = l.match(/^Målsättning nr (\d+): (.*)$/);
        if (g) {
          parent = goals.get(g[1]!) ?? null;
          if (!parent) throw new DomainError('workshop-unknown-goal', `Målsättning nr ${g[1]} finns inte i listan över målsättningar.`, { status: 422 });
          continue;
        }
        if (/^Styrtal:?$/.test(l) && parent) {
          const { items, used } = itemsOf(slide.slice(i + 1), (x) => ASSIGNEE.test(x));
          for (const it of items) parent.children.push(indicator(it.text));
          i += used;
          continue;
        }
        const a = l.match(ASSIGNEE);
        if (a) {
          const { items, used } = itemsOf(slide.slice(i + 1), (x) => ASSIGNEE.test(x));
          if (!parent) throw new DomainError('workshop-no-goal', `Uppdragen "${a[1]}" saknar målsättning eller område.`, { status: 422 });
          for (const it of items) parent.children.push(assignment(it.text, it.number, a[1]!));
          i += used;
          continue;
        }
        if (l && ASSIGNEE.test(slide[i + 1] ?? '')) {
          // a common area without a målsättning number: "Beredskap och säkerhet"
          parent = node('theme', l, { title: l });
          common.push(parent);
        }
      }
      continue;
    }
    const s = first.match(/^Sammanfattning av uppdrag till regional tillväxtnämnd (?:\((\d+) st\)|\(forts\.\))$/);
    if (s) {
      if (s[1]) summary.stated = Number(s[1]);
      for (const it of itemsOf(slide.slice(1)).items) if (it.number) summary.numbers.push(it.number);
      continue;
    }
    const y = first.match(/^(?:Utkast )?Vp[- ](\d{4})/i) ?? slide.join(' ').match(/Utkast Vp (\d{4})/);
    if (y && !year) year = Number(y[1]);
  }
  if (!year) year = Number(text.match(/Utkast\s+Vp\s+(\d{4})/i)?.[1] ?? 0);
  if (goals.size === 0 || blocks.size === 0) {
    throw new DomainError('workshop-unrecognised', 'Texten liknar inte ett underlag för verksamhetsplan: listan "Målsättningar" eller fokusområdena saknas.', { status: 422 });
  }

  // focus areas: "4.1" holds "4.1.1" and "4.1.2"; a block's number says where it belongs
  const areaNodes = new Map<string, PlanNode>();
  const earlierWordings: Workshop['earlierWordings'] = [];
  const ensureArea = (number: string, title: string): PlanNode => {
    let n = areaNodes.get(number);
    if (!n) {
      n = node('focus-area', title, { number, title });
      areaNodes.set(number, n);
    }
    return n;
  };
  for (const [number, title] of areaTitles) ensureArea(number, title);
  const sorted = [...blocks.values()].sort((a, b) => a.order - b.order);
  for (const b of sorted) {
    const depth = b.number.split('.').length;
    const title = depth === 2 ? b.area : (b.subtitle ?? b.area);
    const area = ensureArea(b.number, title);
    if (depth === 2 && b.subtitle) area.note = b.subtitle;
    if (b.objective) {
      for (const w of b.objectiveWordings.slice(0, -1)) earlierWordings.push({ number: b.number, text: splitOrigin(w).text });
      const { text: t, origin } = splitOrigin(b.objective);
      area.children.push(node('objective', t, { number: b.number, origin, children: [...b.indicators, ...b.assignments] }));
    }
  }
  for (const m of merges) {
    const into = areaNodes.get(m.into);
    const obj = into?.children.find((c) => c.kind === 'objective');
    if (obj) obj.note = 'Slå ihop två mål till ett mål';
  }
  const numbers = [...areaNodes.keys()];
  const parentOf = (n: string) => n.split('.').slice(0, -1).join('.');
  for (const n of numbers) {
    const p = parentOf(n);
    const holder = p.includes('.') ? areaNodes.get(p) : goals.get(p);
    if (!holder) throw new DomainError('workshop-orphan-area', `Fokusområde ${n} saknar överordnat område.`, { status: 422 });
    holder.children.push(areaNodes.get(n)!);
  }
  const goal4 = goals.get(numbers[0]!.split('.')[0]!);
  if (goal4) goal4.children.unshift(...goalIndicators);
  const tree = [...[...goals.values()].sort((a, b) => Number(a.number) - Number(b.number)), ...common];
  return { year, tree, merges, earlierWordings, overview, summary };
}

const clone = (n: PlanNode): PlanNode => ({ ...n, children: n.children.map(clone) });

/** The draft the workshop proposes: items the paper proposes to remove are left out. */
export function draftFromWorkshop(w: Workshop): PlanNode[] {
  const removed = new Set<string>();
  for (const { node: n } of walk(w.tree)) if (n.origin?.remove) removed.add(n.origin.remove);
  const keep = (nodes: PlanNode[]): PlanNode[] =>
    nodes.filter((n) => !(n.kind === 'focus-area' && n.number && removed.has(n.number)) && !n.origin?.remove).map((n) => ({ ...n, children: keep(n.children) }));
  return keep(w.tree.map(clone));
}

/**
 * What the paper shows of the 2025 plan: items whose origin says they came
 * from 2025 or earlier ("Från 2025", "DN 2025", "Från FM 2025", "Behåll i …"),
 * and the two mål the paper quotes as "Text från VP-2025" and proposes to
 * remove. The målsättningar and focus areas are carried as the frame (the
 * paper does not show their 2025 wording). This is a derived, partial view —
 * not the adopted 2025 plan.
 */
export function baseline2025FromWorkshop(w: Workshop): PlanNode[] {
  const earlier = (n: PlanNode) =>
    !!n.origin && (n.origin.kind === 'keep' || !!n.origin.remove || (n.origin.year !== null && n.origin.year < w.year && n.origin.kind !== 'proposal'));
  // An item from 2025 under a mål that is new in 2026 (the merged 4.2) moves up to the
  // focus area: the paper does not say which of the two 2025 mål it belonged to.
  const keep = (nodes: PlanNode[]): PlanNode[] => {
    const out: PlanNode[] = [];
    for (const n of nodes) {
      const children = keep(n.children);
      if (n.kind === 'strategic-goal' || earlier(n) || (n.kind === 'focus-area' && children.length)) out.push({ ...n, children });
      else out.push(...children.filter((c) => c.kind === 'indicator' || c.kind === 'assignment'));
    }
    return out;
  };
  return keep(w.tree.map(clone));
}
