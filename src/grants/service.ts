/**
 * Use cases of grants to associations and foundations (issue 21.2):
 * registering organisations, their applications, the decision on each
 * (bifall or avslag with the reason, taken under an agenda item of a meeting
 * or as a delegated decision), the yearly report each grant requires, the
 * history per organisation (entered or imported from a pasted table), and
 * the sums per year and budget line beside the budget's association grants.
 * Each write is one transaction, audited, at the version the user saw.
 *
 * Public reads: organisations and decided applications are public records;
 * pending applications, reports and imports are for staff. An organisation
 * marked as a natural person (its number a personnummer) is shown to the
 * public as "Enskild näringsidkare", its number left out and its name masked
 * in every text.
 */
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { assertVersion } from '../kernel/version.ts';
import { todayInStockholm, type IsoDate } from '../kernel/dates.ts';
import type { Ore } from '../kernel/kronor.ts';
import { authorize, can, type Actor } from '../access/model.ts';
import * as diarium from '../diarium/service.ts';
import * as meetings from '../meetings/service.ts';
import * as minutes from '../minutes/service.ts';
import * as delegation from '../delegation/service.ts';
import * as budget from '../budget/service.ts';
import { maskText, NATURAL_PERSON_MASK } from '../publish/mask.ts';
import {
  applicationStatus,
  KIND_LABEL,
  OUTCOME_LABEL,
  parseHistoryTable,
  STATUS_LABEL,
  sumsPerBudgetLine,
  validateApplication,
  validateDecision,
  validateHistoryEntry,
  validateOrganisation,
  validateReport,
  type HistoryRow,
  type RowDisposition,
} from './model.ts';
import * as store from './store.ts';
import type { ApplicationRow, OrganisationRow } from './store.ts';

import type {
  AgendaPlacement,
  ApplicationInput,
  ApplicationUpdate,
  ApplicationView,
  BudgetLineView,
  DecisionInput,
  DecisionPlace,
  HistoryEntryInput,
  HistoryImportInput,
  HistoryImportResult,
  OrganisationInput,
  OrganisationSummary,
  OrganisationUpdate,
  OrganisationView,
  ReportInput,
} from './contract.ts';

export type { ApplicationView, BudgetLineView, DecisionPlace, HistoryEntryView, HistoryImportResult, HistoryImportView, OrganisationSummary, OrganisationView } from './contract.ts';

const READ = 'funding.read' as const;
const EDIT = 'funding.edit' as const;
const DECIDE = 'funding.decide' as const;

const masker = (o: Pick<OrganisationRow, 'natural_person' | 'name'>, staff: boolean) =>
  !staff && o.natural_person ? (s: string) => maskText(s, [o.name]) : staff ? (s: string) => s : (s: string) => maskText(s);
const m = <T extends string | null>(f: (s: string) => string, s: T): T => (s === null ? s : (f(s) as T));

function summaryOf(o: OrganisationRow, counts: { applications: number; pending: number; granted: Ore; latestYear: number | null }, staff: boolean): OrganisationSummary {
  const hide = !staff && o.natural_person;
  return {
    id: o.id,
    name: hide ? NATURAL_PERSON_MASK : o.name,
    orgNumber: hide ? null : o.org_number,
    kind: o.kind,
    kindLabel: KIND_LABEL[o.kind],
    naturalPerson: o.natural_person,
    applicationCount: counts.applications,
    pendingCount: staff ? counts.pending : 0,
    grantedOre: counts.granted,
    latestYear: counts.latestYear,
  };
}

/** The register of organisations; the public sees decided applications only in the counts. */
export async function listOrganisations(db: Db, actor: Actor, f: { q?: string | undefined } = {}): Promise<OrganisationSummary[]> {
  const staff = can(actor, READ);
  const rows = await store.listOrganisations(db.kysely, f.q?.trim() || undefined);
  return rows
    .filter((r) => staff || !r.natural_person || !f.q)
    .map((r) => {
      const applications = Number(r.application_count ?? 0);
      const pending = Number(r.pending_count ?? 0);
      return summaryOf(r, { applications: staff ? applications : applications - pending, pending, granted: Number(r.granted_sum ?? 0), latestYear: r.latest_year === null ? null : Number(r.latest_year) }, staff);
    });
}

async function placeOf(ex: Executor, a: ApplicationRow, delegated: Map<number, { text: string }>): Promise<DecisionPlace | null> {
  if (a.decided_in === 'delegation' && a.delegated_decision_id !== null) {
    return {
      kind: 'delegation', meetingId: null, meetingDate: null, bodyName: null, itemId: null, itemNumber: null, itemTitle: null, paragraph: null, minutesOutcome: null,
      delegatedDecisionId: a.delegated_decision_id, delegatedText: delegated.get(a.delegated_decision_id)?.text ?? null,
    };
  }
  if (a.meeting_id === null || a.agenda_item_id === null) return null;
  const meeting = await meetings.getMeeting(ex, a.meeting_id).catch(() => null);
  const item = meeting?.items.find((i) => i.id === a.agenda_item_id);
  if (!meeting || !item) return null;
  let paragraph: number | null = null;
  let minutesOutcome: string | null = null;
  if (await minutes.hasMinutes(ex, meeting.id)) {
    const d = (await minutes.getMinutes(ex, meeting.id)).decisions.find((x) => x.agendaItemId === item.id);
    if (d) {
      paragraph = d.paragraph;
      minutesOutcome = d.outcomeLabel;
    }
  }
  return {
    kind: 'meeting', meetingId: meeting.id, meetingDate: meeting.date, bodyName: meeting.bodyName, itemId: item.id, itemNumber: item.number, itemTitle: item.title, paragraph, minutesOutcome,
    delegatedDecisionId: null, delegatedText: null,
  };
}

async function applicationView(ex: Executor, a: ApplicationRow, caseNumbers: Map<number, string>, today: IsoDate, mask: (s: string) => string, staff: boolean): Promise<ApplicationView> {
  const status = applicationStatus({ outcome: a.outcome, reportDue: a.report_due, reportReceivedOn: a.report_received_on }, today);
  return {
    id: a.id,
    year: a.year,
    amountOre: Number(a.amount_ore),
    purpose: mask(a.purpose),
    receivedOn: a.received_on,
    caseNumber: a.case_id === null ? null : (caseNumbers.get(a.case_id) ?? null),
    budgetLine: m(mask, a.budget_line),
    outcome: a.outcome,
    outcomeLabel: a.outcome ? OUTCOME_LABEL[a.outcome] : null,
    grantedOre: a.granted_ore === null ? null : Number(a.granted_ore),
    reason: m(mask, a.reason),
    decidedOn: a.decided_on,
    place: await placeOf(ex, a, new Map()).then((p) => (p && !staff ? { ...p, itemTitle: null, delegatedText: null } : p)),
    reportDue: a.report_due,
    reportReceivedOn: a.report_received_on,
    status,
    statusLabel: STATUS_LABEL[status],
    version: a.version,
  };
}

async function viewOf(ex: Executor, o: OrganisationRow, staff: boolean, today: IsoDate): Promise<OrganisationView> {
  const mask = masker(o, staff);
  const [apps, history, imports] = await Promise.all([store.applicationsOf(ex, o.id), store.historyOf(ex, o.id), staff ? store.importsOf(ex, o.id) : Promise.resolve([])]);
  const shown = staff ? apps : apps.filter((a) => a.outcome !== null);
  const caseNumbers = await diarium.caseNumbersByIds(ex, shown.map((a) => a.case_id).filter((x): x is number => x !== null));
  const applications: ApplicationView[] = [];
  for (const a of shown) applications.push(await applicationView(ex, a, caseNumbers, today, mask, staff));
  const years = new Map<number, { decidedOre: Ore; historyOre: Ore }>();
  const at = (y: number) => years.get(y) ?? (years.set(y, { decidedOre: 0, historyOre: 0 }), years.get(y)!);
  for (const a of applications) if (a.outcome === 'bifall') at(a.year).decidedOre += a.grantedOre ?? 0;
  for (const h of history) if (h.amount_ore !== null) at(h.year).historyOre += Number(h.amount_ore);
  const granted = applications.filter((a) => a.outcome === 'bifall').reduce((s, a) => s + (a.grantedOre ?? 0), 0);
  return {
    ...summaryOf(o, { applications: applications.length, pending: applications.filter((a) => a.outcome === null).length, granted, latestYear: applications.length ? Math.max(...applications.map((a) => a.year)) : null }, staff),
    note: staff ? o.note : null,
    applications,
    // the public: years and amounts; the rows' texts can name private persons (a bird-feeding site "hos" someone), so they are for staff
    history: history.map((h) => ({ id: h.id, year: h.year, amountOre: h.amount_ore === null ? null : Number(h.amount_ore), description: staff ? h.description : null, group: staff ? h.grouping : null, importId: h.import_id })),
    perYear: [...years.entries()].map(([year, v]) => ({ year, ...v })).sort((a, b) => a.year - b.year),
    imports: imports.map((i) => {
      const rows = i.rows as HistoryRow[];
      const counts = { entry: 0, 'entry-without-amount': 0, sum: 0, title: 0, group: 0, header: 0, blank: 0, rejected: 0 } as Record<RowDisposition, number>;
      for (const r of rows) counts[r.disposition] += 1;
      return { id: i.id, title: i.title, importedAt: new Date(i.imported_at).toISOString(), importedBy: i.imported_by, counts, rows };
    }),
    version: o.version,
    updatedBy: staff ? o.updated_by : null,
    updatedAt: new Date(o.updated_at).toISOString(),
  };
}

/** One organisation with its applications, decisions and history (the public: decided applications, masked for a natural person). */
export async function getOrganisation(db: Db | Executor, actor: Actor, id: number, today: IsoDate = todayInStockholm()): Promise<OrganisationView> {
  const ex = executorOf(db);
  const o = await store.findOrganisation(ex, id);
  if (!o) throw notFound('Organisationen', id);
  return viewOf(ex, o, can(actor, READ), today);
}

async function lockOrg(trx: Executor, id: number, version: number | undefined): Promise<OrganisationRow> {
  const o = await store.lockOrganisation(trx, id);
  if (!o) throw notFound('Organisationen', id);
  assertVersion(o.version, version, 'Organisationen', o.updated_by);
  return o;
}

async function refuseClash(trx: Executor, v: { name: string; org_number: string | null }, exceptId: number | null): Promise<void> {
  const c = await store.findClash(trx, v, exceptId);
  if (!c) return;
  const same = v.org_number && c.org_number === v.org_number ? `organisationsnumret ${v.org_number}` : `namnet ${c.name}`;
  throw new DomainError('grant-organisation-exists', `Det finns redan en organisation med ${same}.`, { status: 409, details: { id: c.id } });
}

export async function createOrganisation(db: Db, actor: Actor, input: OrganisationInput, today: IsoDate = todayInStockholm()): Promise<OrganisationView> {
  authorize(actor, EDIT);
  const f = validateOrganisation(input as unknown as Record<string, unknown>);
  return db.tx(async (trx) => {
    const v = { name: f.name, org_number: f.orgNumber, kind: f.kind, note: f.note, natural_person: f.naturalPerson };
    await refuseClash(trx, v, null);
    const o = await store.insertOrganisation(trx, v, actor.id);
    await audit(trx, { actor: actor.id, action: 'grant.organisation-create', entity: 'grant_organisation', entityId: o.id, after: f });
    return viewOf(trx, o, true, today);
  });
}

export async function updateOrganisation(db: Db, actor: Actor, id: number, input: OrganisationUpdate, today: IsoDate = todayInStockholm()): Promise<OrganisationView> {
  authorize(actor, EDIT);
  return db.tx(async (trx) => {
    const o = await lockOrg(trx, id, input.version);
    const pick = <T>(v: T | undefined, old: T) => (v === undefined ? old : v);
    const f = validateOrganisation({ name: pick(input.name, o.name), orgNumber: pick(input.orgNumber, o.org_number), kind: pick(input.kind, o.kind), note: pick(input.note, o.note), naturalPerson: pick(input.naturalPerson, o.natural_person) });
    const v = { name: f.name, org_number: f.orgNumber, kind: f.kind, note: f.note, natural_person: f.naturalPerson };
    await refuseClash(trx, v, id);
    const after = await store.touchOrganisation(trx, id, v, actor.id);
    await audit(trx, { actor: actor.id, action: 'grant.organisation-update', entity: 'grant_organisation', entityId: id, before: o, after: v });
    return viewOf(trx, after, true, today);
  });
}

/** Registers an application of the organisation (its version is the organisation's: the list of applications is part of it). */
export async function addApplication(db: Db, actor: Actor, organisationId: number, input: ApplicationInput, today: IsoDate = todayInStockholm()): Promise<OrganisationView> {
  authorize(actor, EDIT);
  const f = validateApplication(input as unknown as Record<string, unknown>);
  return db.tx(async (trx) => {
    await lockOrg(trx, organisationId, input.version);
    const caseId = input.caseNumber?.trim() ? (await diarium.getCase(trx, input.caseNumber.trim())).id : null;
    const a = await store.insertApplication(trx, organisationId, { year: f.year, amount_ore: f.amountOre, purpose: f.purpose, received_on: f.receivedOn, case_id: caseId, budget_line: f.budgetLine }, actor.id);
    const after = await store.touchOrganisation(trx, organisationId, {}, actor.id);
    await audit(trx, { actor: actor.id, action: 'grant.application-create', entity: 'grant_application', entityId: a.id, after: { ...f, caseId, organisationId } });
    return viewOf(trx, after, true, today);
  });
}

async function lockApp(trx: Executor, id: number, version: number | undefined): Promise<ApplicationRow> {
  const a = await store.lockApplication(trx, id);
  if (!a) throw notFound('Ansökan', id);
  assertVersion(a.version, version, 'Ansökan', a.updated_by);
  return a;
}

async function orgView(trx: Executor, organisationId: number, today: IsoDate): Promise<OrganisationView> {
  return viewOf(trx, (await store.findOrganisation(trx, organisationId))!, true, today);
}

/** Edits an application not yet decided (a decided one keeps what the decision was taken on). */
export async function updateApplication(db: Db, actor: Actor, id: number, input: ApplicationUpdate, today: IsoDate = todayInStockholm()): Promise<OrganisationView> {
  authorize(actor, EDIT);
  return db.tx(async (trx) => {
    const a = await lockApp(trx, id, input.version);
    const pick = <T>(v: T | undefined, old: T) => (v === undefined ? old : v);
    const f = validateApplication({ year: pick(input.year, a.year), amountOre: pick(input.amountOre, Number(a.amount_ore)), purpose: pick(input.purpose, a.purpose), receivedOn: pick(input.receivedOn, a.received_on), budgetLine: pick(input.budgetLine, a.budget_line) });
    if (a.outcome && (f.year !== a.year || f.amountOre !== Number(a.amount_ore) || f.purpose !== a.purpose)) {
      throw new DomainError('grant-already-decided', `Ansökan beslutades ${a.decided_on}; år, belopp och ändamål kan inte längre ändras.`, { status: 409 });
    }
    const set: store.ApplicationSet = { year: f.year, amount_ore: f.amountOre, purpose: f.purpose, received_on: f.receivedOn, budget_line: f.budgetLine };
    if (input.caseNumber !== undefined) set.case_id = input.caseNumber?.trim() ? (await diarium.getCase(trx, input.caseNumber.trim())).id : null;
    await store.updateApplication(trx, id, set, actor.id);
    await audit(trx, { actor: actor.id, action: 'grant.application-update', entity: 'grant_application', entityId: id, before: a, after: set });
    return orgView(trx, a.organisation_id, today);
  });
}

/**
 * Places an application under an agenda item of a meeting (where the body
 * will decide it); allowed until it is decided.
 */
export async function placeOnAgenda(db: Db, actor: Actor, id: number, input: AgendaPlacement, today: IsoDate = todayInStockholm()): Promise<OrganisationView> {
  authorize(actor, EDIT);
  return db.tx(async (trx) => {
    const a = await lockApp(trx, id, input.version);
    if (a.outcome) throw new DomainError('grant-already-decided', `Ansökan beslutades redan ${a.decided_on}.`, { status: 409 });
    const meeting = await meetings.getMeeting(trx, input.meetingId);
    const item = meeting.items.find((i) => i.id === input.itemId);
    if (!item) throw new DomainError('not-found', `Punkten finns inte på sammanträdet ${meeting.bodyName} ${meeting.date}.`, { status: 404 });
    await store.updateApplication(trx, id, { meeting_id: meeting.id, agenda_item_id: item.id }, actor.id);
    await audit(trx, { actor: actor.id, action: 'grant.application-place', entity: 'grant_application', entityId: id, before: { meetingId: a.meeting_id, itemId: a.agenda_item_id }, after: { meetingId: meeting.id, itemId: item.id } });
    return orgView(trx, a.organisation_id, today);
  });
}

/**
 * Records the decision on an application: bifall with the amount or avslag
 * with the reason, taken under an agenda item (the application's, or the one
 * named) or as a delegated decision. Recorded once; the yearly report's due
 * day may come with a bifall.
 */
export async function decide(db: Db, actor: Actor, id: number, input: DecisionInput, today: IsoDate = todayInStockholm()): Promise<OrganisationView> {
  authorize(actor, DECIDE);
  let delegated: { id: number; decidedOn: string } | null = null;
  if (input.delegatedDecisionId) {
    if (!input.bodyId) throw new DomainError('grant-field-required', 'Ange vilken nämnds delegationsbeslut det är.');
    const d = (await delegation.register(db, input.bodyId)).find((x) => x.id === input.delegatedDecisionId);
    if (!d) throw new DomainError('not-found', `Delegationsbeslutet ${input.delegatedDecisionId} finns inte i nämndens delegationsregister.`, { status: 404 });
    delegated = { id: d.id, decidedOn: d.decidedOn };
  }
  return db.tx(async (trx) => {
    const a = await lockApp(trx, id, input.version);
    if (a.outcome) throw new DomainError('grant-already-decided', `Ansökan beslutades redan ${a.decided_on} (${OUTCOME_LABEL[a.outcome].toLowerCase()}).`, { status: 409 });
    let meetingId = input.meetingId ?? (delegated ? null : a.meeting_id);
    let itemId = input.itemId ?? (delegated ? null : a.agenda_item_id);
    let placeDay: IsoDate | null = delegated?.decidedOn ?? null;
    if (!delegated) {
      if (meetingId === null || itemId === null) throw new DomainError('grant-no-place', 'Ange punkten på föredragningslistan där beslutet fattades, eller delegationsbeslutet.');
      const meeting = await meetings.getMeeting(trx, meetingId);
      const item = meeting.items.find((i) => i.id === itemId);
      if (!item) throw new DomainError('not-found', `Punkten finns inte på sammanträdet ${meeting.bodyName} ${meeting.date}.`, { status: 404 });
      meetingId = meeting.id;
      itemId = item.id;
      placeDay = meeting.date;
    }
    const d = validateDecision({ ...input, decidedOn: input.decidedOn || placeDay }, { appliedOre: Number(a.amount_ore), receivedOn: a.received_on, today });
    const r = d.outcome === 'bifall' ? validateReport({ reportDue: input.reportDue }, { decidedOn: d.decidedOn, today }) : { reportDue: null };
    if (d.outcome === 'avslag' && input.reportDue) throw new DomainError('grant-report-without-grant', 'Ett avslag kräver ingen redovisning.');
    const set: store.ApplicationSet = {
      outcome: d.outcome, granted_ore: d.grantedOre, reason: d.reason, decided_on: d.decidedOn, decided_in: delegated ? 'delegation' : 'meeting',
      meeting_id: meetingId, agenda_item_id: itemId, delegated_decision_id: delegated?.id ?? null, report_due: r.reportDue,
    };
    await store.updateApplication(trx, id, set, actor.id);
    await audit(trx, { actor: actor.id, action: 'grant.decide', entity: 'grant_application', entityId: id, after: set });
    return orgView(trx, a.organisation_id, today);
  });
}

/** The yearly report a grant requires: its due day and the day it came in (null to clear). */
export async function setReport(db: Db, actor: Actor, id: number, input: ReportInput, today: IsoDate = todayInStockholm()): Promise<OrganisationView> {
  authorize(actor, EDIT);
  return db.tx(async (trx) => {
    const a = await lockApp(trx, id, input.version);
    if (a.outcome !== 'bifall') throw new DomainError('grant-report-without-grant', 'Redovisning krävs bara av ett beviljat bidrag; ansökan är inte beviljad.', { status: 409 });
    const r = validateReport({ reportDue: input.reportDue === undefined ? a.report_due : input.reportDue, reportReceivedOn: input.reportReceivedOn === undefined ? a.report_received_on : input.reportReceivedOn }, { decidedOn: a.decided_on!, today });
    await store.updateApplication(trx, id, { report_due: r.reportDue, report_received_on: r.reportReceivedOn }, actor.id);
    await audit(trx, { actor: actor.id, action: 'grant.report', entity: 'grant_application', entityId: id, before: { reportDue: a.report_due, reportReceivedOn: a.report_received_on }, after: r });
    return orgView(trx, a.organisation_id, today);
  });
}

/** A history row entered by hand. */
export async function addHistoryEntry(db: Db, actor: Actor, organisationId: number, input: HistoryEntryInput, today: IsoDate = todayInStockholm()): Promise<OrganisationView> {
  authorize(actor, EDIT);
  const f = validateHistoryEntry(input as unknown as Record<string, unknown>);
  return db.tx(async (trx) => {
    await lockOrg(trx, organisationId, input.version);
    await store.insertHistory(trx, organisationId, [{ year: f.year, amount_ore: f.amountOre, description: f.description, grouping: null, line: null, import_id: null }], actor.id);
    const after = await store.touchOrganisation(trx, organisationId, {}, actor.id);
    await audit(trx, { actor: actor.id, action: 'grant.history-add', entity: 'grant_organisation', entityId: organisationId, after: f });
    return viewOf(trx, after, true, today);
  });
}

export async function removeHistoryEntry(db: Db, actor: Actor, organisationId: number, entryId: number, version: number, today: IsoDate = todayInStockholm()): Promise<OrganisationView> {
  authorize(actor, EDIT);
  return db.tx(async (trx) => {
    await lockOrg(trx, organisationId, version);
    const gone = await store.deleteHistoryEntry(trx, organisationId, entryId);
    if (!gone) throw notFound('Historikraden', entryId);
    const after = await store.touchOrganisation(trx, organisationId, {}, actor.id);
    await audit(trx, { actor: actor.id, action: 'grant.history-remove', entity: 'grant_organisation', entityId: organisationId, before: gone });
    return viewOf(trx, after, true, today);
  });
}

/**
 * Imports a pasted history table (preview with `preview: true`): the rows
 * with a year become history entries, and the import keeps the text and what
 * became of every row. The same text a second time is refused.
 */
export async function importHistory(db: Db, actor: Actor, organisationId: number, input: HistoryImportInput, today: IsoDate = todayInStockholm()): Promise<HistoryImportResult> {
  authorize(actor, EDIT);
  const p = parseHistoryTable(input.text);
  const title = (input.title ?? '').trim().slice(0, 300) || p.title || 'Inklistrad tabell';
  return db.tx(async (trx) => {
    await lockOrg(trx, organisationId, input.version);
    const source = input.text.replace(/\r\n?/g, '\n');
    if (input.preview) return { saved: false, title, rows: p.rows, counts: p.counts, organisation: await orgView(trx, organisationId, today) };
    if (await store.findImportByText(trx, organisationId, source)) throw new DomainError('grant-history-imported', 'Den här tabellen är redan importerad för organisationen.', { status: 409 });
    const imp = await store.insertImport(trx, organisationId, { title, source_text: source, rows: p.rows }, actor.id);
    await store.insertHistory(trx, organisationId, p.entries.map((e) => ({ year: e.year, amount_ore: e.amountOre, description: e.description, grouping: e.group, line: e.line, import_id: imp.id })), actor.id);
    const after = await store.touchOrganisation(trx, organisationId, {}, actor.id);
    await audit(trx, { actor: actor.id, action: 'grant.history-import', entity: 'grant_organisation', entityId: organisationId, after: { importId: imp.id, title, counts: p.counts } });
    return { saved: true, title, rows: p.rows, counts: p.counts, organisation: await viewOf(trx, after, true, today) };
  });
}

/** Undoes an import: its rows go with it. */
export async function removeImport(db: Db, actor: Actor, organisationId: number, importId: number, version: number, today: IsoDate = todayInStockholm()): Promise<OrganisationView> {
  authorize(actor, EDIT);
  return db.tx(async (trx) => {
    await lockOrg(trx, organisationId, version);
    const gone = await store.deleteImport(trx, organisationId, importId);
    if (!gone) throw notFound('Importen', importId);
    const after = await store.touchOrganisation(trx, organisationId, {}, actor.id);
    await audit(trx, { actor: actor.id, action: 'grant.history-import-remove', entity: 'grant_organisation', entityId: organisationId, before: gone });
    return viewOf(trx, after, true, today);
  });
}

/**
 * The grants per year and budget line (the application's line, else its
 * organisation's name), beside the budget's association grant of the same
 * name in that year's budgets (adopted ones for the public).
 */
export async function budgetLines(db: Db, actor: Actor, f: { year?: number | undefined } = {}): Promise<BudgetLineView[]> {
  const staff = can(actor, READ);
  const rows = (await store.applicationsForSums(db.kysely, f.year)).filter((r) => staff || r.outcome !== null);
  const sums = sumsPerBudgetLine(
    rows.map((r) => ({ year: r.year, budgetLine: r.budget_line === null || staff ? r.budget_line : maskText(r.budget_line, r.natural_person ? [r.name] : []), organisationName: !staff && r.natural_person ? NATURAL_PERSON_MASK : r.name, amountOre: Number(r.amount_ore), outcome: r.outcome, grantedOre: r.granted_ore === null ? null : Number(r.granted_ore) })),
  );
  const bodies = await meetings.listBodies(db);
  const budgetsByYear = new Map<number, Array<{ bodyId: number; bodyName: string; status: string; lines: Map<string, Ore> }>>();
  for (const year of new Set(sums.map((s) => s.year))) {
    const list: Array<{ bodyId: number; bodyName: string; status: string; lines: Map<string, Ore> }> = [];
    for (const b of bodies) {
      const v = await budget.getBudget(db, actor, b.id, year).catch(() => null);
      if (!v) continue;
      const lines = new Map<string, Ore>();
      const computed = new Map((v.allocation?.associations ?? []).map((x) => [x.name.toLocaleLowerCase('sv'), x.newGrantOre]));
      for (const x of v.associations) lines.set(x.name.toLocaleLowerCase('sv'), computed.get(x.name.toLocaleLowerCase('sv')) ?? x.grantOre);
      list.push({ bodyId: b.id, bodyName: v.bodyName, status: v.status, lines });
    }
    budgetsByYear.set(year, list);
  }
  return sums.map((s) => {
    const hit = (budgetsByYear.get(s.year) ?? []).find((b) => b.lines.has(s.budgetLine.toLocaleLowerCase('sv')));
    return { ...s, budgetedOre: hit ? hit.lines.get(s.budgetLine.toLocaleLowerCase('sv'))! : null, budget: hit ? { bodyId: hit.bodyId, bodyName: hit.bodyName, status: hit.status } : null };
  });
}

/** Finds an organisation by its number or name (the demo uses it to stay idempotent). */
export async function findOrganisationId(db: Db | Executor, orgNumber: string | null, name: string): Promise<number | null> {
  return (await store.findOrganisationByNumberOrName(executorOf(db), orgNumber, name))?.id ?? null;
}
