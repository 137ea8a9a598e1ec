/**
 * Återrapportering: the yearly report to the state on the 1:1 appropriation
 * (seed 002, "Återrapportering 2021"). Pure: the tables of section 2 (how the
 * appropriation was allocated, business support by type, gender and
 * municipality, projects by priority, EU co-financing) and section 5 (the
 * analyses, follow-ups and evaluations of the year) built from records; the
 * narrative form (one text per heading of the seed); CSV and xlsx shapes.
 * The tables are aggregates: they never carry a company's or a person's name.
 */
import { DomainError } from '../kernel/errors.ts';
import type { Ore } from '../kernel/kronor.ts';
import { range, ref, type Sheet, type Cell } from '../kernel/xlsx.ts';
import { APPROPRIATION_LINES, LINE_LABELS, share, summarise, type AppropriationLine } from './appropriation.ts';
import { MUNICIPALITIES, SUPPORT_TYPES } from './businessSupport.ts';

// ---------------------------------------------------------------- inputs

/** The appropriation of a year as the report needs it (owned by the co-financing module). */
export interface ReportAppropriation {
  year: number;
  totalOre: Ore;
  indicative: Partial<Record<AppropriationLine, Ore>>;
  followUpMaxOre?: Ore;
  /** The year's outcome when it has been recorded; otherwise the outcome is what the records commit. */
  outcome?: Partial<Record<AppropriationLine, Ore>> | null;
}

/** A project granted co-financing from the 1:1 appropriation in the year (its decisions of the year summed). */
export interface ReportProject {
  caseNumber: string | null;
  amountOre: Ore;
  /** The priority under the year's inriktningsbeslut ("Hållbart näringsliv", "Rangordning 1"): the record's name when the application points to one. */
  priority: string | null;
  /** The strategic area the project works in (the seed: the national strategy's four areas). */
  strategyArea: string | null;
  /** Co-financed by an EU programme (regionalfonden, Interreg, ESF …). */
  euCoFinanced: boolean | null;
}

/** A commitment against the appropriation not made through a co-financing decision (follow-up and evaluation, business support totals). */
export interface ReportCommitment {
  line: AppropriationLine;
  amountOre: Ore;
}

/** A business support decision of the year: only what the aggregates need (no names). */
export interface ReportSupport {
  supportType: string;
  gender: 'K' | 'M' | null;
  municipality: string;
  amountOre: Ore | null;
  rejected: boolean;
}

export interface ReportInputs {
  year: number;
  appropriation: ReportAppropriation | null;
  projects: ReportProject[];
  commitments: ReportCommitment[];
  support: ReportSupport[];
  analyses: Analysis[];
  /** The strategy's priorities as records (migration 050), in the report's order: the rows of the project table when there are any. */
  priorities?: Array<{ name: string; position: number }>;
}

// ---------------------------------------------------------------- tables

export type ColumnKind = 'text' | 'kronor' | 'count' | 'percent';
export interface Column {
  key: string;
  label: string;
  kind: ColumnKind;
}
/** kronor cells are öre; percent cells are tenths of a percent (655 = 65,5 %); null is an empty cell. */
export type TableCell = string | number | null;
export interface ReportTable {
  id: string;
  section: '2' | '5';
  title: string;
  columns: Column[];
  rows: TableCell[][];
  /** The totals row, printed bold. */
  total: TableCell[] | null;
  /** Why the table is empty or how it was computed. */
  note: string | null;
}

/** The support types under the ordinance on commercial service (SFS 2000:284). */
export const COMMERCIAL_SERVICE_TYPES: readonly string[] = ['Kommersiell service', 'Hemsändningsbidrag', 'Särskilt driftstöd till utsatta butiker', 'Särskilt driftstöd'];

/** The strategic areas of the national strategy, the columns of the seed's project table (002, sections 1.2–1.5). */
export const STRATEGY_AREAS = [
  'Likvärdiga möjligheter till boende, arbete och välfärd i hela landet',
  'Kompetensförsörjning och kompetensutveckling i hela landet',
  'Innovation och förnyelse samt entreprenörskap och företagande i hela landet',
  'Tillgänglighet i hela landet genom digital kommunikation och transportsystemet',
] as const;

/** The priorities of the inriktningsbeslut for projects (002, lines 3139–3161), the rows of the seed's project table. */
export const PROJECT_PRIORITIES = ['Hållbart näringsliv', 'Hållbar omställning', 'Attraktivt län', 'Rusta barn och unga', 'Minskat utanförskap'] as const;

export const NOT_GIVEN = 'Ej angiven';

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
/** Tenths of a percent, half up, exact; null when the whole is 0. */
const pct = (part: number, whole: number): number | null => (whole > 0 ? Number((BigInt(part) * 2000n + BigInt(whole)) / (2n * BigInt(whole))) : null);

function validateInputs(i: ReportInputs): void {
  if (!Number.isInteger(i.year) || i.year < 2000 || i.year > 2100) throw new DomainError('invalid-year', `Året ${i.year} är inte ett giltigt rapportår.`);
  for (const p of i.projects) {
    if (!Number.isSafeInteger(p.amountOre) || p.amountOre < 0) throw new DomainError('invalid-amount', `Ett projekt${p.caseNumber ? ` (${p.caseNumber})` : ''} har ett ogiltigt belopp.`);
  }
  for (const c of i.commitments) {
    if (!APPROPRIATION_LINES.includes(c.line)) throw new DomainError('invalid-line', 'Ett åtagande har en okänd anslagsdel.');
    if (!Number.isSafeInteger(c.amountOre) || c.amountOre < 0) throw new DomainError('invalid-amount', 'Ett åtagande har ett ogiltigt belopp.');
  }
  for (const s of i.support) {
    if (s.rejected !== (s.amountOre === null)) throw new DomainError('invalid-support', 'Ett företagsstöd är både avslaget och har ett belopp (eller ingetdera).');
    if (s.amountOre !== null && (!Number.isSafeInteger(s.amountOre) || s.amountOre < 0)) throw new DomainError('invalid-amount', 'Ett företagsstöd har ett ogiltigt belopp.');
  }
}

/** Table 2.1: the appropriation, indicative split and outcome per line, the differences and the shares of the total. */
export function allocationTable(i: ReportInputs): ReportTable {
  const columns: Column[] = [
    { key: 'line', label: 'Anslagsdel', kind: 'text' },
    { key: 'indicative', label: 'Indikativ fördelning, kr', kind: 'kronor' },
    { key: 'indicativeShare', label: 'Andel av anslaget, %', kind: 'percent' },
    { key: 'outcome', label: 'Utfall, kr', kind: 'kronor' },
    { key: 'outcomeShare', label: 'Andel av anslaget, %', kind: 'percent' },
    { key: 'difference', label: 'Skillnad utfall – indikativt, kr', kind: 'kronor' },
  ];
  const title = `Fördelning av anslaget 1:1 Regionala tillväxtåtgärder ${i.year}`;
  const a = i.appropriation;
  if (!a) return { id: 'allocation', section: '2', title, columns, rows: [], total: null, note: `Anslaget för ${i.year} är inte registrerat.` };
  const lineSum = (line: AppropriationLine) => sum(i.commitments.filter((c) => c.line === line).map((c) => c.amountOre));
  // business support: the commitments registered for it, or else what the register granted
  const supportCommitted = i.commitments.some((c) => c.line === 'business-support');
  const fromRecords: Record<AppropriationLine, Ore> = {
    projects: sum(i.projects.map((p) => p.amountOre)) + lineSum('projects'),
    'business-support': supportCommitted ? lineSum('business-support') : sum(i.support.map((s) => s.amountOre ?? 0)),
    'follow-up': lineSum('follow-up'),
  };
  const recorded = a.outcome && Object.keys(a.outcome).length > 0 ? a.outcome : null;
  const outcome = recorded ?? fromRecords;
  const s = summarise({ year: a.year, totalOre: a.totalOre, indicative: a.indicative, ...(a.followUpMaxOre !== undefined ? { followUpMaxOre: a.followUpMaxOre } : {}), commitments: [], outcome });
  const label = (l: AppropriationLine) => LINE_LABELS[l].charAt(0).toUpperCase() + LINE_LABELS[l].slice(1);
  const rows = s.rows.map((r) => [label(r.line), r.indicativeOre, r.indicativeShare.tenths, r.outcomeOre, r.outcomeShare?.tenths ?? null, r.differenceOre]);
  const outcomeTotal = s.outcomeTotalOre ?? 0;
  const total: TableCell[] = ['Totalt', s.indicativeTotalOre, share(s.indicativeTotalOre, a.totalOre).tenths, outcomeTotal, share(outcomeTotal, a.totalOre).tenths, outcomeTotal - s.indicativeTotalOre];
  const notes = [
    `Anslaget ${i.year}: ${groupKr(a.totalOre)} kr.`,
    recorded
      ? 'Utfallet är det registrerade utfallet för året.'
      : `Utfallet är summan av årets beslut om medfinansiering, åtaganden för uppföljning och utvärdering och ${supportCommitted ? 'registrerade åtaganden för företagsstöd' : 'beviljade företagsstöd i registret'}.`,
    ...s.findings.map((f) => f.message),
  ];
  return { id: 'allocation', section: '2', title, columns, rows, total, note: notes.join(' ') };
}

/** Key figures on business support, as the seed's text gives them (decided, granted, commercial service, women). */
export function supportSummaryTable(i: ReportInputs): ReportTable {
  const granted = i.support.filter((s) => !s.rejected);
  const commercial = granted.filter((s) => COMMERCIAL_SERVICE_TYPES.includes(s.supportType));
  const amount = (xs: ReportSupport[]) => sum(xs.map((s) => s.amountOre ?? 0));
  const women = granted.filter((s) => s.gender === 'K');
  const withGender = granted.filter((s) => s.gender !== null);
  const rows: TableCell[][] = [
    ['Beslutade ansökningar om företagsstöd', i.support.length, null, null],
    ['Beviljade', granted.length, amount(granted), pct(granted.length, i.support.length)],
    ['Avslag', i.support.length - granted.length, null, pct(i.support.length - granted.length, i.support.length)],
    ['Beviljade inom kommersiell service', commercial.length, amount(commercial), pct(commercial.length, granted.length)],
    ['varav hemsändningsbidrag', commercial.filter((s) => s.supportType === 'Hemsändningsbidrag').length, amount(commercial.filter((s) => s.supportType === 'Hemsändningsbidrag')), null],
    ['Övriga beviljade företagsstöd', granted.length - commercial.length, amount(granted) - amount(commercial), pct(granted.length - commercial.length, granted.length)],
    ['Beviljade till företag som drivs av kvinnor', women.length, amount(women), pct(women.length, withGender.length)],
  ];
  return {
    id: 'support-summary',
    section: '2',
    title: `Företagsstöd ${i.year}: beslut i sammandrag`,
    columns: [
      { key: 'what', label: 'Uppgift', kind: 'text' },
      { key: 'count', label: 'Antal', kind: 'count' },
      { key: 'amount', label: 'Belopp, kr', kind: 'kronor' },
      { key: 'share', label: 'Andel, %', kind: 'percent' },
    ],
    rows,
    total: null,
    note: i.support.length
      ? 'Andelen avslag och beviljade räknas på beslutade ansökningar; kommersiell service och övriga på beviljade; kvinnor på beviljade stöd där kön är angivet.'
      : `Inga beslut om företagsstöd är registrerade för ${i.year}.`,
  };
}

/** Business support by support type: decisions, granted, rejected, amount and share of the amount. */
export function supportByTypeTable(i: ReportInputs): ReportTable {
  const types = [...SUPPORT_TYPES.filter((t) => i.support.some((s) => s.supportType === t)), ...new Set(i.support.map((s) => s.supportType).filter((t) => !(SUPPORT_TYPES as readonly string[]).includes(t)))];
  const grantedSum = sum(i.support.map((s) => s.amountOre ?? 0));
  const rows = types.map((t) => {
    const of = i.support.filter((s) => s.supportType === t);
    const g = of.filter((s) => !s.rejected);
    const a = sum(g.map((s) => s.amountOre ?? 0));
    return [t, of.length, g.length, of.length - g.length, a, pct(a, grantedSum)];
  });
  const granted = i.support.filter((s) => !s.rejected).length;
  return {
    id: 'support-by-type',
    section: '2',
    title: `Beslut om företagsstöd per stödtyp ${i.year}`,
    columns: [
      { key: 'type', label: 'Stödtyp', kind: 'text' },
      { key: 'decisions', label: 'Beslut', kind: 'count' },
      { key: 'granted', label: 'Beviljade', kind: 'count' },
      { key: 'rejected', label: 'Avslag', kind: 'count' },
      { key: 'amount', label: 'Beviljat belopp, kr', kind: 'kronor' },
      { key: 'share', label: 'Andel av beviljat belopp, %', kind: 'percent' },
    ],
    rows,
    total: rows.length ? ['Totalt', i.support.length, granted, i.support.length - granted, grantedSum, pct(grantedSum, grantedSum)] : null,
    note: rows.length ? null : `Inga beslut om företagsstöd är registrerade för ${i.year}.`,
  };
}

/** Granted business support by the gender of who runs the company (K/M), per support type; "ej angivet" for e.g. municipalities. */
export function supportByGenderTable(i: ReportInputs): ReportTable {
  const granted = i.support.filter((s) => !s.rejected);
  const types = [...new Set(granted.map((s) => s.supportType))].sort((a, b) => typeOrder(a) - typeOrder(b));
  const line = (label: string, xs: ReportSupport[]): TableCell[] => {
    const k = xs.filter((s) => s.gender === 'K');
    const m = xs.filter((s) => s.gender === 'M');
    const n = xs.length - k.length - m.length;
    return [label, k.length, sum(k.map((s) => s.amountOre ?? 0)), m.length, sum(m.map((s) => s.amountOre ?? 0)), n, pct(k.length, k.length + m.length)];
  };
  const rows = types.map((t) => line(t, granted.filter((s) => s.supportType === t)));
  return {
    id: 'support-by-gender',
    section: '2',
    title: `Beviljade företagsstöd per kön ${i.year}`,
    columns: [
      { key: 'type', label: 'Stödtyp', kind: 'text' },
      { key: 'women', label: 'Kvinnor, antal', kind: 'count' },
      { key: 'womenAmount', label: 'Kvinnor, kr', kind: 'kronor' },
      { key: 'men', label: 'Män, antal', kind: 'count' },
      { key: 'menAmount', label: 'Män, kr', kind: 'kronor' },
      { key: 'notGiven', label: 'Kön ej angivet, antal', kind: 'count' },
      { key: 'womenShare', label: 'Andel kvinnor, %', kind: 'percent' },
    ],
    rows,
    total: rows.length ? line('Totalt', granted) : null,
    note: rows.length ? 'Kön avser den som driver företaget. Andelen kvinnor räknas på stöd där kön är angivet.' : `Inga beviljade företagsstöd är registrerade för ${i.year}.`,
  };
}

/** Granted business support per municipality of the county, every municipality listed (also those with none). */
export function supportByMunicipalityTable(i: ReportInputs): ReportTable {
  const granted = i.support.filter((s) => !s.rejected);
  const total = sum(granted.map((s) => s.amountOre ?? 0));
  const names = [...MUNICIPALITIES, ...new Set(granted.map((s) => s.municipality).filter((m) => !(MUNICIPALITIES as readonly string[]).includes(m)))];
  const rows = names.map((m) => {
    const xs = granted.filter((s) => s.municipality === m);
    const a = sum(xs.map((s) => s.amountOre ?? 0));
    return [m, xs.length, a, pct(a, total)];
  });
  const reached = rows.filter((r) => (r[1] as number) > 0).length;
  return {
    id: 'support-by-municipality',
    section: '2',
    title: `Beviljade företagsstöd per kommun ${i.year}`,
    columns: [
      { key: 'municipality', label: 'Kommun', kind: 'text' },
      { key: 'granted', label: 'Beviljade', kind: 'count' },
      { key: 'amount', label: 'Beviljat belopp, kr', kind: 'kronor' },
      { key: 'share', label: 'Andel av beviljat belopp, %', kind: 'percent' },
    ],
    rows,
    total: ['Totalt', granted.length, total, pct(total, total)],
    note: `Stöd har beviljats till företag i ${reached} av länets ${MUNICIPALITIES.length} kommuner.`,
  };
}

/** Projects co-financed from 1:1 by the priority of the inriktningsbeslut (rows) and the national strategy's area (columns), as in the seed. */
export function projectsByPriorityTable(i: ReportInputs): ReportTable {
  const projects = i.projects;
  const known = (x: string | null) => x?.trim() || NOT_GIVEN;
  /** The seed's headings when the records use them (all of them, as the seed lists them), then the others found, "Ej angiven" last. */
  const headings = (found: string[], seed: readonly string[], always = false) => {
    const base = always || found.some((x) => seed.includes(x)) || found.length === 0 ? [...seed] : [];
    const rest = [...new Set(found.filter((x) => !seed.includes(x) && x !== NOT_GIVEN))].sort((a, b) => a.localeCompare(b, 'sv', { numeric: true }));
    return [...base, ...rest, ...(found.includes(NOT_GIVEN) ? [NOT_GIVEN] : [])];
  };
  // the strategy's priorities when they are records: all of them, in their order; else the seed's when the projects use them
  const records = [...(i.priorities ?? [])].sort((a, b) => a.position - b.position).map((p) => p.name);
  const priorities = records.length
    ? headings(projects.map((p) => known(p.priority)), records, true).filter((x, n, all) => all.indexOf(x) === n)
    : headings(projects.map((p) => known(p.priority)), PROJECT_PRIORITIES);
  const areas = headings(projects.map((p) => known(p.strategyArea)), STRATEGY_AREAS);
  const rows = priorities.map((prio) => {
    const of = projects.filter((p) => known(p.priority) === prio);
    return [prio, ...areas.map((a) => of.filter((p) => known(p.strategyArea) === a).length), of.length];
  });
  return {
    id: 'projects-by-priority',
    section: '2',
    title: `Projekt med medfinansiering från 1:1-anslaget ${i.year} per prioritering`,
    columns: [{ key: 'priority', label: 'Prioritering enligt inriktningsbeslutet', kind: 'text' }, ...areas.map((a, n) => ({ key: `area${n + 1}`, label: a, kind: 'count' as const })), { key: 'total', label: 'Totalt', kind: 'count' }],
    rows,
    total: ['Totalt', ...areas.map((a) => projects.filter((p) => known(p.strategyArea) === a).length), projects.length],
    note: `Medfinansiering från 1:1-anslaget har beviljats till ${projects.length} projekt.`,
  };
}

/** The share of the year's projects that are also co-financed by an EU programme, by number and by amount. */
export function euCoFinancingTable(i: ReportInputs): ReportTable {
  const projects = i.projects;
  const eu = projects.filter((p) => p.euCoFinanced === true);
  const unknown = projects.filter((p) => p.euCoFinanced === null);
  const all = sum(projects.map((p) => p.amountOre));
  const euSum = sum(eu.map((p) => p.amountOre));
  return {
    id: 'eu-cofinancing',
    section: '2',
    title: `Projekt med EU-medfinansiering ${i.year}`,
    columns: [
      { key: 'what', label: 'Projekt', kind: 'text' },
      { key: 'count', label: 'Antal', kind: 'count' },
      { key: 'countShare', label: 'Andel av antal, %', kind: 'percent' },
      { key: 'amount', label: 'Beviljat från 1:1, kr', kind: 'kronor' },
      { key: 'amountShare', label: 'Andel av belopp, %', kind: 'percent' },
    ],
    rows: [
      ['Med EU-medfinansiering', eu.length, pct(eu.length, projects.length), euSum, pct(euSum, all)],
      ['Utan EU-medfinansiering', projects.length - eu.length - unknown.length, pct(projects.length - eu.length - unknown.length, projects.length), sum(projects.filter((p) => p.euCoFinanced === false).map((p) => p.amountOre)), pct(sum(projects.filter((p) => p.euCoFinanced === false).map((p) => p.amountOre)), all)],
      ...(unknown.length ? [[NOT_GIVEN, unknown.length, pct(unknown.length, projects.length), sum(unknown.map((p) => p.amountOre)), pct(sum(unknown.map((p) => p.amountOre)), all)] as TableCell[]] : []),
    ],
    total: ['Totalt', projects.length, pct(projects.length, projects.length), all, pct(all, all)],
    note: `Under ${i.year} har ${eu.length} av ${projects.length} beviljade projekt också medel från EU.`,
  };
}

// ---------------------------------------------------------------- section 5: analyses

export const ANALYSIS_KINDS = ['analys', 'uppföljning', 'utvärdering'] as const;
export const FINANCED_OPTIONS = ['ja', 'nej', 'delvis'] as const;
/** "Valbara alternativ" of the seed's table (002, section 5). */
export const PURPOSES = ['kunskapsutveckling', 'löpande rapportering', 'underlag till beslut', 'underlag till beslut – coronarelaterat', 'underlag till strategi', 'övrigt'] as const;
/** "Lista max 15 av de viktigaste analyserna …" */
export const MAX_ANALYSES = 15;

export interface Analysis {
  kind: (typeof ANALYSIS_KINDS)[number];
  name: string;
  financed: (typeof FINANCED_OPTIONS)[number];
  purpose: (typeof PURPOSES)[number];
  use: string;
}

export function validateAnalyses(list: unknown): Analysis[] {
  if (!Array.isArray(list)) throw new DomainError('invalid-analyses', 'Analyserna ska vara en lista.');
  if (list.length > MAX_ANALYSES) throw new DomainError('too-many-analyses', `Högst ${MAX_ANALYSES} analyser, uppföljningar och utvärderingar kan redovisas (nu ${list.length}).`);
  return list.map((raw, n) => {
    const a = (raw ?? {}) as Partial<Analysis>;
    const where = `Rad ${n + 1} i tabellen över analyser`;
    if (!ANALYSIS_KINDS.includes(a.kind as Analysis['kind'])) throw new DomainError('invalid-analysis', `${where}: ange om det är en analys, uppföljning eller utvärdering.`);
    if (!FINANCED_OPTIONS.includes(a.financed as Analysis['financed'])) throw new DomainError('invalid-analysis', `${where}: finansiering från anslag 1:1 ska vara ja, nej eller delvis.`);
    if (!PURPOSES.includes(a.purpose as Analysis['purpose'])) throw new DomainError('invalid-analysis', `${where}: välj ett av de angivna huvudsakliga syftena.`);
    const name = String(a.name ?? '').trim();
    if (!name) throw new DomainError('invalid-analysis', `${where}: namnet saknas.`);
    return { kind: a.kind!, name, financed: a.financed!, purpose: a.purpose!, use: String(a.use ?? '').trim() };
  });
}

export function analysesTable(i: ReportInputs): ReportTable {
  return {
    id: 'analyses',
    section: '5',
    title: `De viktigaste analyserna, uppföljningarna och utvärderingarna ${i.year}`,
    columns: [
      { key: 'name', label: 'Namn på insats och kort beskrivning', kind: 'text' },
      { key: 'kind', label: 'Analys, uppföljning eller utvärdering', kind: 'text' },
      { key: 'financed', label: 'Helt eller delvis finansierat av anslag 1:1', kind: 'text' },
      { key: 'purpose', label: 'Huvudsakligt syfte', kind: 'text' },
      { key: 'use', label: 'Hur erfarenheterna tagits till vara', kind: 'text' },
    ],
    rows: i.analyses.map((a) => [a.name, cap(a.kind), cap(a.financed), cap(a.purpose), a.use]),
    total: null,
    note: i.analyses.length ? null : 'Inga analyser är ifyllda för året.',
  };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const typeOrder = (t: string) => {
  const n = (SUPPORT_TYPES as readonly string[]).indexOf(t);
  return n < 0 ? SUPPORT_TYPES.length : n;
};

/** Every table of the report, section 2 then 5. */
export function reportTables(i: ReportInputs): ReportTable[] {
  validateInputs(i);
  return [allocationTable(i), supportSummaryTable(i), supportByTypeTable(i), supportByGenderTable(i), supportByMunicipalityTable(i), projectsByPriorityTable(i), euCoFinancingTable(i), analysesTable(i)];
}

// ---------------------------------------------------------------- export

/** Öre to whole kronor, half away from zero (the report prints whole kronor). */
export function oreToKronor(ore: number): number {
  const b = BigInt(ore);
  const abs = b < 0n ? -b : b;
  const kr = (abs + 50n) / 100n;
  return Number(b < 0n ? -kr : kr);
}

const groupKr = (ore: Ore) => String(oreToKronor(ore)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

/** A cell as exported: kronor as integers, percentages with a decimal comma, counts as integers. */
function exportCell(kind: ColumnKind, v: TableCell): string | number | null {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  if (kind === 'kronor') return oreToKronor(v);
  if (kind === 'percent') return v / 10;
  return v;
}

function csvField(v: string | number | null, kind: ColumnKind): string {
  if (v === null) return '';
  const s = typeof v === 'number' ? (kind === 'percent' ? v.toFixed(1).replace('.', ',') : String(v)) : v;
  return /[;"\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The tables as one CSV file for Swedish Excel: UTF-8 with a byte order mark,
 * semicolons, CRLF, amounts in whole kronor, percentages with a decimal comma.
 * Each table starts with its title line and its header; an empty line between tables.
 */
export function tablesCsv(tables: ReportTable[]): string {
  const lines: string[] = [];
  for (const t of tables) {
    if (lines.length) lines.push('');
    lines.push(csvField(`${t.section === '2' ? 'Återrapportering 2' : 'Återrapportering 5'}: ${t.title}`, 'text'));
    lines.push(t.columns.map((c) => csvField(c.label, 'text')).join(';'));
    for (const r of [...t.rows, ...(t.total ? [t.total] : [])]) lines.push(t.columns.map((c, n) => csvField(exportCell(c.kind, r[n] ?? null), c.kind)).join(';'));
    if (t.note) lines.push(csvField(t.note, 'text'));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const SHEET_NAMES: Record<string, string> = {
  allocation: 'Fördelning av anslag',
  'support-summary': 'Företagsstöd sammandrag',
  'support-by-type': 'Företagsstöd per stödtyp',
  'support-by-gender': 'Företagsstöd per kön',
  'support-by-municipality': 'Företagsstöd per kommun',
  'projects-by-priority': 'Projekt per prioritering',
  'eu-cofinancing': 'EU-medfinansiering',
  analyses: 'Analyser (avsnitt 5)',
};

/**
 * The tables as workbook sheets, one per table: title, header, rows, a bold
 * total, the note. Amounts are kronor cells from the öre (exact); counts are
 * numbers; the totals of counts and amounts are SUM formulas over the rows
 * above (the writer caches their results), shares are values.
 */
export function tablesSheets(tables: ReportTable[]): Sheet[] {
  const FIRST = 3; // title, empty row, header
  return tables.map((t) => {
    const cell = (kind: ColumnKind, v: TableCell, bold: boolean): Cell => {
      if (v === null) return { value: null };
      if (typeof v === 'string') return { value: v, style: bold ? 'bold' : 'text' };
      if (kind === 'kronor') return { ore: v, ...(bold ? { bold } : {}) };
      if (kind === 'percent') return { value: v / 10, style: bold ? 'decimal1-bold' : 'decimal1' };
      return { number: v, decimals: 0, ...(bold ? { bold } : {}) };
    };
    const last = FIRST + t.rows.length - 1;
    const totalRow = (r: TableCell[]): Cell[] =>
      t.columns.map((c, n) =>
        (c.kind === 'kronor' || c.kind === 'count') && typeof r[n] === 'number' && t.rows.length > 0
          ? { sum: [range(ref(FIRST, n), ref(last, n))], bold: true }
          : cell(c.kind, r[n] ?? null, true),
      );
    return {
      name: SHEET_NAMES[t.id] ?? t.title,
      widths: t.columns.map((c, n) => (n === 0 ? 44 : c.kind === 'text' ? 40 : Math.min(30, Math.max(14, c.label.length * 0.6)))),
      rows: [
        [{ value: t.title, style: 'bold' }],
        [],
        t.columns.map((c) => ({ value: c.label, style: 'bold' as const })),
        ...t.rows.map((r) => t.columns.map((c, n) => cell(c.kind, r[n] ?? null, false))),
        ...(t.total ? [totalRow(t.total)] : []),
        ...(t.note ? [[], [t.note]] : []),
      ],
    };
  });
}

// ---------------------------------------------------------------- narrative

export interface NarrativeHeading {
  /** "1.2.2", "2", "5" */
  key: string;
  title: string;
  /** Group headings (1.1, 1.2 …) carry no text of their own. */
  group: boolean;
}

/** The headings of the seed report (002), in order; each leaf has one text per year. */
export const NARRATIVE_HEADINGS: readonly NarrativeHeading[] = [
  { key: '1', title: 'Återrapportering 1 – Regionalt utvecklingsarbete', group: true },
  { key: '1.1', title: 'Den regionala utvecklingsstrategin och aktuella utmaningar', group: true },
  { key: '1.1.1', title: 'Den regionala utvecklingsstrategin', group: false },
  { key: '1.1.2', title: 'Utmaningar', group: false },
  { key: '1.2', title: 'Likvärdiga möjligheter till boende, arbete och välfärd i hela landet', group: true },
  { key: '1.2.1', title: 'Likvärdiga möjligheter till boende, arbete och välfärd', group: false },
  { key: '1.2.2', title: 'Kommersiell service', group: false },
  { key: '1.2.3', title: 'Tidigare insatser inom ramen för arbetet med likvärdiga möjligheter till boende, arbete och välfärd som har gett resultat under året', group: false },
  { key: '1.3', title: 'Kompetensförsörjning och kompetensutveckling i hela landet', group: true },
  { key: '1.3.1', title: 'Kompetensförsörjning och kompetensutveckling', group: false },
  { key: '1.3.2', title: 'Mål för kompetensförsörjningsarbetet', group: false },
  { key: '1.3.3', title: 'Insatser utifrån framtagna analyser och prognoser', group: false },
  { key: '1.3.4', title: 'Validering på regional nivå', group: false },
  { key: '1.3.5', title: 'Regionalt yrkesvux inom kommunal vuxenutbildning', group: false },
  { key: '1.3.6', title: 'Etablering av lärcentrum', group: false },
  { key: '1.3.7', title: 'Insatser – kompetensförsörjning och kompetensutveckling', group: false },
  { key: '1.3.8', title: 'Tidigare insatser inom ramen för arbetet med kompetensförsörjning och kompetensutveckling som har gett resultat under året', group: false },
  { key: '1.4', title: 'Innovation och förnyelse samt entreprenörskap och företagande i hela landet', group: true },
  { key: '1.4.1', title: 'Innovation och förnyelse samt entreprenörskap och företagande', group: false },
  { key: '1.4.2', title: 'Tidigare insatser inom ramen för arbetet med innovation och förnyelse samt entreprenörskap och företagande som har gett resultat under året', group: false },
  { key: '1.5', title: 'Tillgänglighet i hela landet genom digital kommunikation och transportsystemet', group: true },
  { key: '1.5.1', title: 'Tillgänglighet genom digital kommunikation och transportsystemet', group: false },
  { key: '1.5.2', title: 'Bredbandsutbyggnad', group: false },
  { key: '1.5.3', title: 'Tidigare insatser inom ramen för arbetet med tillgänglighet genom digital kommunikation och transportsystemet som har gett resultat under året', group: false },
  { key: '2', title: 'Återrapportering 2 – Fördelning av anslag 1:1 Regionala tillväxtåtgärder', group: false },
  { key: '3', title: 'Återrapportering 3 – Samverkan med andra aktörer', group: true },
  { key: '3.1', title: 'Samverkan med länsstyrelsen', group: false },
  { key: '3.2', title: 'Samverkan med andra statliga myndigheter', group: false },
  { key: '3.3', title: 'Samverkan med kommuner', group: false },
  { key: '3.4', title: 'Samråd med organisationer', group: false },
  { key: '3.5', title: 'Samråd med näringsliv', group: false },
  { key: '4', title: 'Återrapportering 4 – Hållbarhet i det regionala utvecklingsarbetet', group: false },
  { key: '4.1', title: 'Jämställdhet', group: false },
  { key: '4.2', title: 'Integration', group: false },
  { key: '4.3', title: 'Miljö och klimat', group: false },
  { key: '5', title: 'Återrapportering 5 – Arbetet med att analysera, följa upp och utvärdera det regionala utvecklingsarbetet', group: false },
  { key: '6', title: 'Övriga medskick ni vill göra angående det regionala utvecklingsarbetet', group: false },
];

export const SECTION_KEYS: readonly string[] = NARRATIVE_HEADINGS.filter((h) => !h.group).map((h) => h.key);
export const MAX_SECTION_CHARS = 100_000;

export interface NarrativeInput {
  sections: Record<string, string>;
  analyses: Analysis[];
}

/** Checks a narrative: only known headings, texts within bounds (trailing white space trimmed), analyses per the seed's form. */
export function validateNarrative(input: { sections?: unknown; analyses?: unknown }): NarrativeInput {
  const raw = input.sections ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new DomainError('invalid-narrative', 'Avsnitten ska anges som rubriknummer och text.');
  const sections: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!SECTION_KEYS.includes(key)) throw new DomainError('unknown-section', `Avsnitt ${key.slice(0, 20)} finns inte i återrapporteringen.`);
    if (typeof value !== 'string') throw new DomainError('invalid-narrative', `Texten till avsnitt ${key} ska vara text.`);
    if (value.length > MAX_SECTION_CHARS) throw new DomainError('section-too-long', `Texten till avsnitt ${key} är för lång (högst ${MAX_SECTION_CHARS.toLocaleString('sv-SE')} tecken).`);
    const text = value.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
    if (text) sections[key] = text;
  }
  return { sections, analyses: validateAnalyses(input.analyses ?? []) };
}
