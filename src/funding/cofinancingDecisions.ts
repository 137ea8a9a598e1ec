/**
 * Co-financing use cases: the decision by the body (an agenda item, confirmed
 * from the adjusted minutes) or under delegation point 3.2, and moving a pending proposal.
 */
import { audit, type Db, type Executor } from '../db/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { assertIsoDate, type IsoDate } from '../kernel/dates.ts';
import { assertVersion } from '../kernel/version.ts';
import type { Ore } from '../kernel/kronor.ts';
import { authorize, type Actor } from '../access/model.ts';
import * as diarium from '../diarium/service.ts';
import * as meetings from '../meetings/service.ts';
import * as minutes from '../minutes/service.ts';
import * as delegation from '../delegation/service.ts';
import type { FundingShare } from './decision.ts';
import { applicationSummary, proposalClauses, proposalLines, restatement } from './proposal.ts';
import { applyAmendment, confirmation, type Amendment, type Terms } from './confirmation.ts';
import { DELEGATION_POINT, asReportedDecision, decisionLetter, type Signatory } from './delegated.ts';
import * as store from './cofinancingStore.ts';
import { STATUS_LABEL, statusOf, type DecisionView, type ApplicationView } from './cofinancingTypes.ts';
import { decisionOf, conditionsFor, titleOf, stateShare, lockApplication, delegatedOf, loadBudget } from './cofinancingShared.ts';
import { checkBudget, type Finding } from './budget.ts';
import { getApplication } from './cofinancingApplications.ts';
import { buildProposal } from './cofinancingProposal.ts';
import { remainingIn } from './cofinancingProfile.ts';
import { overCommitment, type OverCommitment } from './appropriationProfile.ts';
import { commit, type OverrideInput, type CommitmentView } from './cofinancingAppropriation.ts';

// ── decisions ───────────────────────────────────────────────────────────

/** Going on although the budget check found errors: the reason, recorded in the audit with the findings. */
export interface BudgetOverrideInput {
  reason: string;
}

export type DecisionRequest =
  | { route: 'body'; meetingId: number; presenters?: string[]; override?: OverrideInput | null; budgetOverride?: BudgetOverrideInput | null }
  | { route: 'delegation'; bodyId: number; decidedOn: IsoDate; officer: string; signatories: Signatory[]; override?: OverrideInput | null; amended?: Amendment | null; budgetOverride?: BudgetOverrideInput | null };

/** What the audit entry records when the proposal went on despite budget errors. */
export interface BudgetOverrideRecord {
  findings: Array<{ code: string; table: string | null; row: string | null; year: number | null }>;
  reason: string;
}

/**
 * A flagged budget error blocks the proposal until the budget is corrected or
 * the official goes on with a reason (issue 16.1). Returns what the audit
 * records, or null when the budget has no errors.
 */
export function budgetGate(findings: Finding[], override: BudgetOverrideInput | null | undefined): BudgetOverrideRecord | null {
  const errors = findings.filter((f) => f.severity === 'error');
  if (!errors.length) return null;
  if (!override) {
    const n = errors.length === 1 ? 'ett fel' : `${errors.length} fel`;
    throw new DomainError('budget-errors', `Kontrollen av budgeten hittade ${n}. Rätta budgeten eller gå vidare med en motivering till undantaget.`, {
      status: 422,
      details: { findings: errors.map((f) => ({ code: f.code, severity: f.severity, table: f.table ?? null, row: f.row ?? null, year: f.year ?? null, message: f.message })) },
    });
  }
  const reason = String(override.reason ?? '').replace(/\s+/g, ' ').trim();
  if (!reason) throw new DomainError('budget-override-reason-required', 'Motiveringen till att gå vidare trots felen i budgeten saknas.', { status: 422 });
  return { findings: errors.map((f) => ({ code: f.code, table: f.table ?? null, row: f.row ?? null, year: f.year ?? null })), reason };
}


export function requireRoute(req: DecisionRequest): void {
  const r = req as Partial<{ route: string; meetingId: number; bodyId: number; decidedOn: string; officer: string; signatories: Signatory[] }>;
  if (r.route === 'body') {
    if (!Number.isInteger(r.meetingId)) throw new DomainError('meeting-required', 'Välj sammanträdet där nämnden ska besluta (meetingId).');
  } else if (r.route === 'delegation') {
    if (!Number.isInteger(r.bodyId)) throw new DomainError('body-required', 'Ange nämnden vars delegationsordning beslutet fattas enligt (bodyId).');
    if (!r.decidedOn) throw new DomainError('date-required', 'Beslutsdatumet saknas.');
    if (!r.officer) throw new DomainError('officer-required', 'Handläggaren (tjänsteställe, handläggare) saknas.');
    if (!r.signatories?.length) throw new DomainError('signatory-required', 'Beslutet saknar undertecknare.');
  } else {
    throw new DomainError('invalid-route', 'Ange om beslutet fattas av nämnden (body) eller på delegation (delegation).');
  }
}


/** Puts the proposal on a meeting's agenda: links the item already there for the case, or adds one. */
export async function toAgenda(trx: Executor, actor: Actor, meetingId: number, app: store.ApplicationRow, item: { title: string; clauses: string[]; summary: string; presenters?: string[] }) {
  const meeting = await meetings.getMeeting(trx, meetingId);
  const caseRecord = await diarium.getCase(trx, app.case_number);
  let existing = meeting.items.find((i) => i.caseNumber === app.case_number && i.kind === 'decision');
  if (existing && (await store.itemInUse(trx, existing.id))) existing = undefined;
  if (existing) return { meeting, itemId: existing.id, itemNumber: existing.number, linked: true, caseId: caseRecord.id };
  const { id, number } = await meetings.addAgendaItem(trx, actor, meetingId, {
    title: item.title,
    kind: 'decision',
    caseId: caseRecord.id,
    presenters: item.presenters ?? [],
    proposal: { addressee: `${meeting.bodyName} beslutar`, clauses: item.clauses },
    summary: item.summary,
    decisionBasis: [`FöredragningsPM ${meeting.bodyName.toLowerCase()} ${meeting.date}, ${item.title}`, `Projektbeskrivning, ${app.project_name}`],
  });
  return { meeting, itemId: id, itemNumber: number, linked: false, caseId: caseRecord.id };
}

export interface DecisionResult {
  application: ApplicationView;
  decision: DecisionView;
  /** Body route: the agenda item, and whether it was already on the agenda (imported) or added now. */
  agendaItem: { meetingId: number; itemId: number; itemNumber: number; linked: boolean } | null;
  commitment: CommitmentView | null;
  /** Body route: the state part would go beyond what is left of the meeting year's appropriation (warned before the body decides); null when it fits. */
  warning?: OverCommitment | null;
}


/**
 * Decides a draft application: by the body (the proposal goes on the chosen
 * meeting's agenda; the decision is granted once the minutes record it, see
 * confirmDecision) or under delegation point 3.2 (refused above the point's
 * amount; recorded in the register of delegated decisions; granted at once).
 */
export async function decide(db: Db, actor: Actor, id: number, req: DecisionRequest): Promise<DecisionResult> {
  authorize(actor, 'funding.decide');
  requireRoute(req);
  const result = await db.tx(async (trx) => {
    const app = await lockApplication(trx, id);
    if (app.status !== 'draft') throw new DomainError('already-decided', `Ansökan är redan ${STATUS_LABEL[statusOf(app)].toLowerCase()}.`, { status: 409 });
    const budget = await loadBudget(trx, app);
    const budgetOverride = budgetGate(
      checkBudget({ applicant: app.applicant_name, projectName: app.project_name, requestedOre: app.requested_ore, rateBp: app.rate_bp, budget }),
      req.budgetOverride,
    );
    const shares = (await store.sharesOf(trx, app.id)).map((s) => ({ source: s.source, amountOre: s.amount_ore }));
    const base = {
      application_id: app.id,
      kind: 'grant' as const,
      rate_bp: app.rate_bp,
      added_cap_ore: app.cap_ore,
      cap_ore: app.cap_ore,
      period_start: app.period_start,
      period_end: app.period_end,
      previous_period_end: null,
      funding_source: app.funding_source,
      state_ore: stateShare(app.funding_source, shares, app.cap_ore),
      restatement: null,
      created_by: actor.id,
    };
    if (req.route === 'body') {
      const p = await buildProposal(trx, app);
      const a = await toAgenda(trx, actor, req.meetingId, app, { title: p.title, clauses: p.clauses, summary: [p.summary, app.description].filter(Boolean).join('\n\n'), ...(req.presenters ? { presenters: req.presenters } : {}) });
      const { id: decisionId } = await store.insertDecision(trx, {
        ...base, route: 'body', status: 'pending', body_id: a.meeting.bodyId, meeting_id: a.meeting.id, agenda_item_id: a.itemId, delegated_decision_id: null,
        decided_on: null, decided_by: null, conditions: p.conditions, clauses: p.lines, officer: null, signatories: null,
      });
      await store.setStatus(trx, app.id, 'proposed');
      const year = Number(a.meeting.date.slice(0, 4));
      const warning = base.state_ore > 0 ? overCommitment(year, base.state_ore, await remainingIn(trx, year)) : null;
      await audit(trx, { actor: actor.id, action: 'cofinancing.propose', entity: 'cofinancing_application', entityId: app.id, after: { decisionId, meetingId: a.meeting.id, itemNumber: a.itemNumber, linked: a.linked, ...(warning ? { warning, ...(req.override?.reason?.trim() ? { goneOnBecause: req.override.reason.trim() } : {}) } : {}), ...(budgetOverride ? { budgetOverride } : {}) } });
      return { decisionId, agendaItem: { meetingId: a.meeting.id, itemId: a.itemId, itemNumber: a.itemNumber, linked: a.linked }, commitment: null, warning };
    }
    if (req.route !== 'delegation') throw new DomainError('invalid-route', 'Ange om beslutet fattas av nämnden (body) eller på delegation (delegation).');
    const decidedOn = assertIsoDate(req.decidedOn, 'Beslutsdatumet');
    // the delegate may decide other terms than proposed (a lower cap, another share, period or conditions): the letter follows the decision
    const proposedTerms: Terms = { rateBp: app.rate_bp, capOre: app.cap_ore, period: { start: app.period_start, end: app.period_end }, conditions: await conditionsFor(trx, app, 'letter') };
    const { terms: t, changes } = applyAmendment(proposedTerms, req.amended, app.requested_ore);
    const conditions = t.conditions;
    const d = delegatedOf(app, shares, conditions, req, { rateBp: t.rateBp, capOre: t.capOre, start: t.period.start, end: t.period.end });
    const letter = decisionLetter(d);
    if (changes.length) {
      Object.assign(base, { rate_bp: t.rateBp, added_cap_ore: t.capOre, cap_ore: t.capOre, period_start: t.period.start, period_end: t.period.end, state_ore: stateShare(app.funding_source, shares, t.capOre) });
      if (shares.length && t.capOre < app.cap_ore) base.state_ore = Math.floor((base.state_ore * t.capOre) / app.cap_ore);
    }
    const point = await delegation.findPoint(trx, req.bodyId, DELEGATION_POINT);
    if (!point) throw new DomainError('unknown-point', `Punkt ${DELEGATION_POINT} (Regionala utvecklingsstöd) finns inte i nämndens delegationsordning.`, { status: 422 });
    const caseRecord = await diarium.getCase(trx, app.case_number);
    const delegatedId = await delegation.registerDecisionIn(trx, actor, req.bodyId, {
      pointNumber: DELEGATION_POINT, decider: point.delegate, decidedOn, caseNumbers: [app.case_number], text: asReportedDecision(d).text, amountOre: t.capOre,
    });
    const { id: decisionId } = await store.insertDecision(trx, {
      ...base, route: 'delegation', status: 'granted', body_id: req.bodyId, meeting_id: null, agenda_item_id: null, delegated_decision_id: delegatedId,
      decided_on: decidedOn, decided_by: point.delegate, conditions, clauses: [...letter.decision, ...letter.fundingSplit], officer: d.officer, signatories: JSON.stringify(d.signatories),
    });
    await store.setStatus(trx, app.id, 'granted');
    const commitment = base.state_ore > 0
      ? await commit(trx, actor, { year: Number(decidedOn.slice(0, 4)), line: 'projects', amountOre: base.state_ore, committedOn: decidedOn, text: titleOf(app), caseId: caseRecord.id, decisionId, override: req.override ?? null })
      : null;
    await audit(trx, { actor: actor.id, action: 'cofinancing.decide', entity: 'cofinancing_application', entityId: app.id, after: { decisionId, route: 'delegation', delegatedDecisionId: delegatedId, decidedOn, ...(changes.length ? { terms: t, changes } : {}), ...(budgetOverride ? { budgetOverride } : {}) } });
    return { decisionId, agendaItem: null, commitment, warning: null };
  });
  const application = await getApplication(db, actor, id);
  return { application, decision: application.decisions.find((d) => d.id === result.decisionId)!, agendaItem: result.agendaItem, commitment: result.commitment, warning: result.warning };
}

export interface ConfirmationRequest {
  override?: OverrideInput | null;
  /** The application's version read; required with an amendment or a rejection. */
  version?: number;
  /** What the body decided instead of the proposal ("Beslut med ändring" in the minutes). */
  amended?: Amendment | null;
  /** The body said no (avslag), with the reasons. */
  rejected?: { reason: string } | null;
}

/** The pending decision's terms, what the confirmation rule works on. */
const termsOf = (d: store.DecisionRow): Terms => ({ rateBp: d.rate_bp, capOre: d.cap_ore, period: { start: d.period_start, end: d.period_end }, conditions: d.conditions });

/** The state part of an amended cap: the whole cap from 1:1, or the split's 1:1 share scaled down with it (rounded down). */
function amendedStateShare(app: store.ApplicationRow, shares: FundingShare[], pending: store.DecisionRow, capOre: Ore): Ore {
  if (pending.kind === 'extension') return app.funding_source === 'state-1-1' ? Math.max(0, pending.added_cap_ore - (pending.cap_ore - capOre)) : 0;
  if (!shares.length) return app.funding_source === 'state-1-1' ? capOre : 0;
  return Math.min(stateShare(app.funding_source, shares, capOre), Math.floor((stateShare(app.funding_source, shares, capOre) * capOre) / pending.cap_ore));
}

/**
 * Records the body's decision on the pending proposal (a grant or an
 * extension) from the meeting's minutes, and only from adjusted minutes
 * (confirmation.ts): "enligt förslaget" grants the proposed terms; "med
 * ändring" grants the terms the body decided (another share, cap, period or
 * conditions, given in the request) or records the avslag with its reasons.
 * Decided on the meeting's date; the state part of a grant is committed
 * against that year's appropriation.
 */
export async function confirmDecision(db: Db, actor: Actor, id: number, req: ConfirmationRequest = {}): Promise<DecisionResult> {
  authorize(actor, 'funding.decide');
  if ((req.amended || req.rejected) && req.version === undefined) throw new DomainError('version-required', 'Ange ansökans version för att registrera nämndens beslut.');
  const result = await db.tx(async (trx) => {
    const app = await lockApplication(trx, id);
    assertVersion(app.version, req.version, 'Ansökan', app.updated_by);
    const pending = (await store.decisionsOf(trx, app.id)).find((d) => d.status === 'pending');
    if (!pending) throw new DomainError('nothing-pending', 'Det finns inget förslag till nämnden att bekräfta för ansökan.', { status: 409 });
    const view = await minutes.getMinutes(trx, pending.meeting_id!).catch((e: unknown) => {
      if (e instanceof DomainError && e.status === 404) return null;
      throw e;
    });
    const d = view?.decisions.find((x) => x.agendaItemId === pending.agenda_item_id) ?? null;
    const outcome = confirmation({
      route: 'body',
      minutes: view ? { status: view.status, meetingDate: view.meetingDate, bodyName: view.bodyName } : null,
      item: d ? { outcome: d.outcome, outcomeLabel: d.outcomeLabel, paragraph: d.paragraph } : null,
      proposed: termsOf(pending),
      maxCapOre: pending.kind === 'grant' ? app.requested_ore : pending.cap_ore,
      amended: req.amended ?? null,
      rejected: req.rejected ?? null,
    });
    const m = view!;
    const item = d!;
    const agendaItem = { meetingId: m.meetingId, itemId: item.agendaItemId, itemNumber: item.itemNumber, linked: true };
    if (outcome.kind === 'rejected') {
      await store.endDecision(trx, pending.id, 'rejected', m.meetingDate, m.bodyName);
      if (pending.kind === 'grant') await store.closeApplication(trx, app.id, { status: 'rejected', on: m.meetingDate, by: actor.id, reason: outcome.reason });
      await audit(trx, { actor: actor.id, action: 'cofinancing.reject', entity: 'cofinancing_application', entityId: app.id, before: { status: app.status, version: app.version }, after: { decisionId: pending.id, meetingId: m.meetingId, paragraph: item.paragraph, reason: outcome.reason } });
      return { decisionId: pending.id, agendaItem, commitment: null };
    }
    let stateOre = pending.state_ore;
    if (outcome.amended) {
      const shares = (await store.sharesOf(trx, app.id)).map((s) => ({ source: s.source, amountOre: s.amount_ore }));
      const t = outcome.terms;
      stateOre = amendedStateShare(app, shares, pending, t.capOre);
      const decided = decisionOf(app, shares, t.conditions, { capOre: t.capOre, end: t.period.end, rateBp: t.rateBp, start: t.period.start });
      await store.amendDecision(trx, pending.id, {
        rate_bp: t.rateBp,
        cap_ore: t.capOre,
        added_cap_ore: pending.kind === 'grant' ? t.capOre : Math.max(0, pending.added_cap_ore - (pending.cap_ore - t.capOre)),
        period_start: t.period.start,
        period_end: t.period.end,
        state_ore: stateOre,
        conditions: t.conditions,
        clauses: pending.kind === 'grant' ? proposalLines(proposalClauses(decided)) : pending.clauses,
        restatement: pending.kind === 'grant' ? pending.restatement : restatement(decided),
      });
    }
    await store.grantDecision(trx, pending.id, m.meetingDate, m.bodyName);
    if (pending.kind === 'grant') await store.setStatus(trx, app.id, 'granted');
    const caseRecord = await diarium.getCase(trx, app.case_number);
    const commitment = stateOre > 0
      ? await commit(trx, actor, {
          year: Number(m.meetingDate.slice(0, 4)), line: 'projects', amountOre: stateOre, committedOn: m.meetingDate,
          text: pending.kind === 'grant' ? titleOf(app) : `Utökad medfinansiering av projekt ${app.project_name}`, caseId: caseRecord.id, decisionId: pending.id, override: req.override ?? null,
        })
      : null;
    await audit(trx, {
      actor: actor.id, action: outcome.amended ? 'cofinancing.confirm-amended' : 'cofinancing.confirm', entity: 'cofinancing_application', entityId: app.id,
      ...(outcome.amended ? { before: termsOf(pending) } : {}),
      after: { decisionId: pending.id, meetingId: m.meetingId, paragraph: item.paragraph, ...(outcome.amended ? { terms: outcome.terms, changes: outcome.changes } : {}) },
    });
    return { decisionId: pending.id, agendaItem, commitment };
  });
  const application = await getApplication(db, actor, id);
  return { application, decision: application.decisions.find((d) => d.id === result.decisionId)!, agendaItem: result.agendaItem, commitment: result.commitment };
}

/**
 * Moves the pending proposal to another meeting (the body tabled it or
 * referred it back, or it is to be decided elsewhere): the item goes on that
 * meeting's agenda, and the proposal waits for its minutes. Refused once the
 * minutes of the first meeting decide it.
 */
export async function moveDecision(db: Db, actor: Actor, id: number, req: { meetingId: number; version?: number; presenters?: string[] }): Promise<DecisionResult> {
  authorize(actor, 'funding.decide');
  if (!Number.isInteger(req.meetingId)) throw new DomainError('meeting-required', 'Välj sammanträdet dit förslaget ska flyttas (meetingId).');
  if (req.version === undefined) throw new DomainError('version-required', 'Ange ansökans version för att flytta förslaget.');
  const result = await db.tx(async (trx) => {
    const app = await lockApplication(trx, id);
    assertVersion(app.version, req.version, 'Ansökan', app.updated_by);
    const pending = (await store.decisionsOf(trx, app.id)).find((d) => d.status === 'pending');
    if (!pending || pending.route !== 'body') throw new DomainError('nothing-pending', 'Det finns inget förslag till nämnden att flytta för ansökan.', { status: 409 });
    if (pending.meeting_id === req.meetingId) throw new DomainError('same-meeting', 'Förslaget ligger redan på det sammanträdets föredragningslista.', { status: 409 });
    const view = await minutes.getMinutes(trx, pending.meeting_id!).catch(() => null);
    const d = view?.decisions.find((x) => x.agendaItemId === pending.agenda_item_id);
    if (d && d.outcome !== 'tabled' && d.outcome !== 'referred-back') {
      throw new DomainError('already-decided', `Protokollet från ${view!.meetingDate} har redan ett beslut under punkten (${d.outcomeLabel.toLowerCase()}); förslaget kan inte flyttas.`, { status: 409 });
    }
    const title = pending.kind === 'grant' ? titleOf(app) : pending.added_cap_ore > 0 ? `Utökad medfinansiering av projekt ${app.project_name}` : `Förlängning av projekt ${app.project_name}`;
    const clauses = pending.kind === 'grant' ? (await buildProposal(trx, app)).clauses : pending.clauses;
    const summary = pending.kind === 'grant' ? [applicationSummary(decisionOf(app, [], [])), app.description].filter(Boolean).join('\n\n') : pending.restatement ?? '';
    const a = await toAgenda(trx, actor, req.meetingId, app, { title, clauses, summary, ...(req.presenters ? { presenters: req.presenters } : {}) });
    await store.moveDecision(trx, pending.id, { body_id: a.meeting.bodyId, meeting_id: a.meeting.id, agenda_item_id: a.itemId });
    await store.touchApplication(trx, app.id, actor.id);
    await audit(trx, {
      actor: actor.id, action: 'cofinancing.move', entity: 'cofinancing_application', entityId: app.id,
      before: { decisionId: pending.id, meetingId: pending.meeting_id, agendaItemId: pending.agenda_item_id, outcome: d?.outcome ?? null },
      after: { meetingId: a.meeting.id, agendaItemId: a.itemId, itemNumber: a.itemNumber, linked: a.linked },
    });
    return { decisionId: pending.id, agendaItem: { meetingId: a.meeting.id, itemId: a.itemId, itemNumber: a.itemNumber, linked: a.linked } };
  });
  const application = await getApplication(db, actor, id);
  return { application, decision: application.decisions.find((d) => d.id === result.decisionId)!, agendaItem: result.agendaItem, commitment: null };
}
