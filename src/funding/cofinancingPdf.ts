/**
 * The decision letter of a co-financing (beslutsbrev) as PDF: the region's
 * logo, the officer, date and case number, the applicant's address, the
 * title, Sammanfattning, Beslut (the att-satser), Skäl för beslutet, the
 * conditions, the budget and financing tables, the terms in force after
 * later decisions, how to appeal, and who decided and signed. The text comes
 * from cofinancingLetter.ts; the layout from documents/flow.ts.
 *
 * The logo: the PNG or JPEG at REGION_LOGO_PATH, or assets/region-logo.png.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { TextFlow, A4 } from '../documents/flow.ts';
import { DomainError } from '../kernel/errors.ts';
import { formatKronor } from '../kernel/kronor.ts';
import { formatLongDate } from '../kernel/dates.ts';
import { REGION } from './decision.ts';
import { DELEGATION_POINT } from './delegated.ts';
import type { BudgetRow, ProjectBudget } from './budget.ts';
import type { LetterData } from './cofinancingLetter.ts';

export const DEFAULT_LOGO = fileURLToPath(new URL('../../assets/region-logo.png', import.meta.url));
const LOGO_HEIGHT = 36;

/** The logo's bytes and kind, from REGION_LOGO_PATH (or the default asset); a file that is neither PNG nor JPEG is refused in Swedish. */
export async function regionLogo(path = process.env.REGION_LOGO_PATH || DEFAULT_LOGO): Promise<{ kind: 'png' | 'jpeg'; bytes: Uint8Array }> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch {
    throw new DomainError('logo-missing', `Regionens logotyp (${path}) kan inte läsas. Ange en PNG- eller JPEG-fil i REGION_LOGO_PATH.`, { status: 500 });
  }
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return { kind: 'png', bytes };
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return { kind: 'jpeg', bytes };
  throw new DomainError('logo-format', `Regionens logotyp (${path}) är varken PNG eller JPEG.`, { status: 500 });
}

const amount = (ore: number | null) => (ore === null ? '–' : formatKronor(ore, 'kr'));

/** One budget row as a line: "Egen personal: 2021 120 000 kr · 2022 80 000 kr · totalt 200 000 kr". */
function budgetLine(label: string, years: number[], values: Array<number | null>, total: number | null): string {
  const cells = years.map((y, i) => `${y} ${amount(values[i] ?? null)}`);
  const sum = total ?? (values.every((v) => v === null) ? null : values.reduce<number>((s, v) => s + (v ?? 0), 0));
  return `${label}: ${[...(years.length > 1 ? cells : []), `totalt ${amount(sum)}`].join(' · ')}`;
}

function budgetTable(flow: TextFlow, heading: string, years: number[], rows: BudgetRow[], sums: ProjectBudget['costSums']) {
  flow.text(heading, { bold: true, gapAfter: 2 });
  for (const r of rows) flow.bullet(budgetLine(r.label, years, r.values, r.statedTotalOre));
  flow.text(budgetLine('Summa', years, sums.perYear, sums.total), { bold: true, indent: 14, gapAfter: 6 });
}

export async function renderLetterPdf(l: LetterData): Promise<Uint8Array> {
  const flow = await TextFlow.create({
    title: `${l.title} – beslut ${l.caseNumber}`,
    author: REGION,
    subject: `${l.route === 'delegation' ? `Delegationsbeslut enligt punkt ${DELEGATION_POINT}` : `Beslut av ${l.decidedBy}`}, ${l.caseNumber}`,
    date: new Date(`${l.decidedOn}T00:00:00Z`),
    header: `${REGION} – Regional utveckling – Beslut ${l.caseNumber}`,
  });
  const logo = await regionLogo();
  const image = logo.kind === 'png' ? await flow.doc.embedPng(logo.bytes) : await flow.doc.embedJpg(logo.bytes);
  const scaled = image.scaleToFit(180, LOGO_HEIGHT);
  flow.doc.getPage(0).drawImage(image, { x: 70, y: A4[1] - 72 - scaled.height, width: scaled.width, height: scaled.height });
  flow.space(LOGO_HEIGHT + 10);
  flow.text(REGION, { bold: true, gapAfter: 6 });

  flow.field('Tjänsteställe, handläggare', l.officer);
  flow.field('Datum', l.decidedOn);
  flow.field('Beteckning', l.caseNumber);
  flow.space(14);
  flow.text(l.applicant.name);
  for (const a of l.applicant.address) flow.text(a);
  flow.space(14);
  flow.heading(l.title, 1);
  for (const s of l.letter.application) flow.text(s, { gapAfter: 4 });

  flow.heading('Sammanfattning', 2);
  flow.text(l.summary, { gapAfter: 4 });

  flow.heading('Beslutet', 2);
  if (l.route === 'body') {
    flow.text(`${l.decidedBy} beslutade ${formatLongDate(l.decidedOn)}${l.paragraph !== null ? `, § ${l.paragraph}` : ''}:`, { gapAfter: 2 });
  }
  for (const s of l.letter.decision) flow.bullet(s);
  for (const s of l.letter.fundingSplit) flow.bullet(s, 24, '–');

  flow.heading('Skäl för beslutet', 2);
  for (const s of l.reasons) flow.text(s, { gapAfter: 4 });

  if (l.letter.conditions.length) {
    flow.space(4);
    flow.text(l.letter.conditionsHeading, { bold: true, gapAfter: 2 });
    for (const c of l.letter.conditions) flow.bullet(c);
  }

  flow.heading('Budget', 2);
  budgetTable(flow, 'Kostnadsbudget', l.budget.years, l.budget.costs, l.budget.costSums);
  budgetTable(flow, 'Finansieringsbudget', l.budget.years, l.budget.financing, l.budget.financingSums);

  if (l.current) {
    flow.heading('Gällande beslut efter senare ändringar', 2);
    flow.text(l.current, { gapAfter: 4 });
  }

  if (l.appeal.length) {
    flow.heading('Hur man överklagar eller begär omprövning', 2);
    for (const s of l.appeal) flow.text(s, { size: 9.5, gapAfter: 6 });
  }

  flow.space(12);
  flow.text(
    l.route === 'delegation'
      ? `Beslutet har fattats av ${l.decidedBy} med stöd av punkt ${DELEGATION_POINT} i delegationsordningen.`
      : `Beslutet har fattats av ${l.decidedBy}${l.paragraph !== null ? ` (§ ${l.paragraph} i protokollet från ${l.decidedOn})` : ` ${l.decidedOn}`}.`,
    { size: 9.5, gapAfter: 6 },
  );
  for (const s of l.signatories) {
    flow.space(18);
    flow.text(s.name, { bold: true });
    flow.text(s.title);
  }
  return flow.finish();
}
