/**
 * One data set for the three follow-ups (issue 17.4): per year, the entries
 * and narratives that feed the delårsrapport, the verksamhetsberättelse and
 * the state report. A goal or styrtal points to the state report heading it
 * feeds (`business_plan_item.state_report_section`, migration 053); its
 * follow-up comment and outcome, written once in the follow-up report, are
 * read from that report's entry wherever they appear — the state report's
 * section shows them under its heading, the year view beside the heading's
 * narrative — and never copied. The latest report of the year counts: the
 * verksamhetsberättelse over the delårsrapport.
 */
import { sql } from 'kysely';
import { audit, type Db } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { authorize, can, type Actor } from '../access/model.ts';
import { NARRATIVE_HEADINGS, SECTION_KEYS } from '../funding/stateReport.ts';
import * as stateReport from '../funding/stateReportService.ts';
import * as control from '../control/service.ts';
import { KIND_LABEL, REPORT_KIND_LABEL, STATUS_LABEL, type ItemKind, type ReportKind, type Status } from './model.ts';

export interface FollowUpText {
  itemId: number;
  kind: ItemKind;
  kindLabel: string;
  number: string | null;
  text: string;
  planId: number;
  bodyName: string;
  /** The report the entry is read from (the latest of the year), its id and name. */
  reportId: number;
  reportName: string;
  reportKind: ReportKind;
  reportState: 'open' | 'submitted' | 'locked';
  status: Status | null;
  statusLabel: string;
  outcomeValue: string | null;
  outcomeUnit: string | null;
  outcome: string | null;
  comment: string | null;
}

const canonical = (v: unknown) => (v == null ? null : String(v).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, ''));

/** Every linked item of the year's plans with the entry of the latest report that has one (helår over delår), by heading key. */
export async function followUpTexts(db: Db, year: number): Promise<Map<string, FollowUpText[]>> {
  const rows = await db.kysely
    .selectFrom('business_plan_item as i')
    .innerJoin('business_plan as p', 'p.id', 'i.plan_id')
    .innerJoin('body as b', 'b.id', 'p.body_id')
    .innerJoin('plan_report as r', 'r.plan_id', 'p.id')
    .leftJoin('plan_report_entry as e', (j) => j.onRef('e.report_id', '=', 'r.id').onRef('e.item_id', '=', 'i.id'))
    .select(['i.id', 'i.kind', 'i.number', 'i.text', 'i.state_report_section', 'p.id as plan_id', 'b.name as body_name', 'r.id as report_id', 'r.kind as report_kind', 'r.period', 'r.state', 'e.status', 'e.outcome', 'e.outcome_value', 'e.outcome_unit', 'e.comment'])
    .where('p.year', '=', year)
    .where('i.state_report_section', 'is not', null)
    .orderBy('i.id')
    .orderBy(sql`case when r.kind = 'annual' then 0 else 1 end`)
    .orderBy('r.id', 'desc')
    .execute();
  const out = new Map<string, FollowUpText[]>();
  const seen = new Set<number>();
  for (const r of rows) {
    if (seen.has(r.id)) continue; // the first row per item is its latest report
    seen.add(r.id);
    const t: FollowUpText = {
      itemId: r.id, kind: r.kind, kindLabel: KIND_LABEL[r.kind], number: r.number, text: r.text, planId: r.plan_id, bodyName: r.body_name,
      reportId: r.report_id, reportName: `${REPORT_KIND_LABEL[r.report_kind]} ${r.period}`, reportKind: r.report_kind, reportState: r.state,
      status: r.status ?? null, statusLabel: r.status ? STATUS_LABEL[r.status] : 'Ej bedömd',
      outcomeValue: canonical(r.outcome_value), outcomeUnit: r.outcome_unit ?? null, outcome: r.outcome ?? null, comment: r.comment ?? null,
    };
    const key = r.state_report_section!;
    out.set(key, [...(out.get(key) ?? []), t]);
  }
  return out;
}

export interface StateReportFollowUp {
  year: number;
  /** Heading key → the follow-up texts that feed it. */
  sections: Record<string, FollowUpText[]>;
}

/** What the year's follow-up reports give each heading of the state report (read live, no copy). */
export async function stateReportFollowUp(db: Db, actor: Actor, year: number): Promise<StateReportFollowUp> {
  authorize(actor, 'report.read-draft');
  checkYear(year);
  return { year, sections: Object.fromEntries(await followUpTexts(db, year)) };
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new DomainError('invalid-year', `Året ${year} är inte ett giltigt år (2000–2100).`);
}

export interface YearView {
  year: number;
  plans: Array<{ id: number; title: string; bodyName: string; state: 'draft' | 'adopted'; reports: Array<{ id: number; name: string; kind: ReportKind; state: 'open' | 'submitted' | 'locked'; deadline: string | null }> }>;
  /** The state report's headings with the narrative written under them and the follow-up texts that feed them. */
  headings: Array<{ key: string; title: string; group: boolean; narrative: string | null; followUp: FollowUpText[] }>;
  narrativeVersion: number;
  /** The year's goals, mål and styrtal that can point to a heading, with the heading they point to. */
  items: Array<{ id: number; planId: number; kind: ItemKind; kindLabel: string; number: string | null; text: string; section: string | null; version: number }>;
  /** The internal control plans of the year, in brief (the section of both reports). */
  control: Array<{ id: number; title: string; risks: number; open: number; actions: number; done: number }> | null;
}

export async function yearView(db: Db, actor: Actor, year: number): Promise<YearView> {
  authorize(actor, 'report.read-draft');
  checkYear(year);
  const plans = await db.kysely
    .selectFrom('business_plan as p')
    .innerJoin('body as b', 'b.id', 'p.body_id')
    .select(['p.id', 'p.title', 'p.state', 'b.name as body_name'])
    .where('p.year', '=', year)
    .orderBy('b.name')
    .orderBy('p.id')
    .execute();
  const reports = plans.length
    ? await db.kysely.selectFrom('plan_report').select(['id', 'plan_id', 'kind', 'period', 'state', 'deadline']).where('plan_id', 'in', plans.map((p) => p.id)).orderBy('id').execute()
    : [];
  const texts = await followUpTexts(db, year);
  const items = plans.length
    ? await db.kysely.selectFrom('business_plan_item').select(['id', 'plan_id', 'kind', 'number', 'text', 'state_report_section', 'version']).where('plan_id', 'in', plans.map((p) => p.id)).where('kind', 'in', ['strategic-goal', 'objective', 'indicator']).orderBy('plan_id').orderBy('id').execute()
    : [];
  const narrative = await stateReport.narrative(db, actor, year);
  const controlPlans = can(actor, 'control.read') ? await control.followUpOfYear(db, actor, year) : null;
  return {
    year,
    plans: plans.map((p) => ({
      id: p.id, title: p.title, bodyName: p.body_name, state: p.state,
      reports: reports.filter((r) => r.plan_id === p.id).map((r) => ({ id: r.id, name: `${REPORT_KIND_LABEL[r.kind]} ${r.period}`, kind: r.kind, state: r.state, deadline: r.deadline })),
    })),
    headings: NARRATIVE_HEADINGS.map((h) => ({ key: h.key, title: h.title, group: h.group, narrative: narrative.sections[h.key] ?? null, followUp: texts.get(h.key) ?? [] })),
    narrativeVersion: narrative.version,
    items: items.map((i) => ({ id: i.id, planId: i.plan_id, kind: i.kind, kindLabel: KIND_LABEL[i.kind], number: i.number, text: i.text, section: i.state_report_section, version: i.version })),
    control: controlPlans?.map((c) => ({
      id: c.id, title: c.title, risks: c.riskCount, open: c.risks.filter((r) => r.open).length, actions: c.actionCount, done: c.statusCounts.done,
    })) ?? null,
  };
}

/** Points a goal, mål or styrtal to the state report heading it feeds (null: none); also in an adopted plan (it is reporting, not what was adopted). */
export async function setStateReportSection(db: Db, actor: Actor, itemId: number, input: { section: string | null; version: number }): Promise<{ itemId: number; section: string | null; version: number }> {
  authorize(actor, 'plan.edit');
  const section = input.section?.trim() || null;
  if (section !== null && !SECTION_KEYS.includes(section)) {
    throw new DomainError('unknown-section', `Avsnitt ${section.slice(0, 20)} finns inte i återrapporteringen (t.ex. 1.4.1).`, { status: 422 });
  }
  return db.tx(async (trx) => {
    const before = await trx.selectFrom('business_plan_item').select(['id', 'kind', 'version', 'state_report_section']).where('id', '=', itemId).forUpdate().executeTakeFirst();
    if (!before) throw notFound('Posten', itemId);
    if (before.kind === 'theme' || before.kind === 'focus-area') throw new DomainError('section-not-followed-up', `${KIND_LABEL[before.kind]} följs inte upp; koppla målsättningen, målet eller styrtalet.`, { status: 422 });
    if (before.version !== input.version) throw new DomainError('stale-version', `Posten har ändrats sedan du hämtade den (din version ${input.version}, nu ${before.version}). Ladda om och gör ändringen igen.`, { status: 409 });
    const after = await trx
      .updateTable('business_plan_item')
      .set({ state_report_section: section, version: sql`version + 1`, updated_by: actor.id })
      .where('id', '=', itemId)
      .returning(['version'])
      .executeTakeFirstOrThrow();
    await audit(trx, { actor: actor.id, action: 'plan.item.state-report-section', entity: 'business_plan_item', entityId: itemId, before: { section: before.state_report_section }, after: { section } });
    return { itemId, section, version: after.version };
  });
}
