/**
 * The association grants' API (issue 21.2, contract per issue 19): every
 * request and reply of grants/routes.ts, defined once with TypeBox. The
 * service returns these types, the routes register these schemas, the web
 * calls them through web/src/client.ts.
 */
import { Type, type Static } from 'typebox';
import { Id, IdParams, IsoDate, Nullable, OptionalText, route, Version } from '../kernel/contract.ts';
import {
  KINDS,
  OUTCOMES,
  type ApplicationStatus as ModelStatus,
  type HistoryRow as ModelHistoryRow,
  type RowDisposition as ModelDisposition,
} from './model.ts';

const TAGS = ['Föreningsbidrag'] as const;

export const OrganisationKind = Type.Union([Type.Literal('förening'), Type.Literal('stiftelse'), Type.Literal('annan')]);
export const Outcome = Type.Union([Type.Literal('bifall'), Type.Literal('avslag')]);
export const ApplicationStatus = Type.Union([
  Type.Literal('pending'), Type.Literal('granted'), Type.Literal('rejected'), Type.Literal('report-due'), Type.Literal('report-late'), Type.Literal('reported'),
]);
export const RowDisposition = Type.Union([
  Type.Literal('entry'), Type.Literal('entry-without-amount'), Type.Literal('sum'), Type.Literal('title'), Type.Literal('group'), Type.Literal('header'), Type.Literal('blank'), Type.Literal('rejected'),
]);
// the schemas list the model's words: one added there and not here fails to compile
const sameWords: [Static<typeof OrganisationKind>[], Static<typeof Outcome>[], Static<typeof ApplicationStatus>[], Static<typeof RowDisposition>[], ModelStatus[], ModelDisposition[]] = [
  [...KINDS], [...OUTCOMES], [] as ModelStatus[], [] as ModelDisposition[], [] as Static<typeof ApplicationStatus>[], [] as Static<typeof RowDisposition>[],
];
void sameWords;

const Ore = Type.Integer({ description: 'öre' });

export const OrganisationSummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  orgNumber: Nullable(Type.String()),
  kind: OrganisationKind,
  kindLabel: Type.String(),
  naturalPerson: Type.Boolean(),
  applicationCount: Type.Integer(),
  /** Staff only (0 for the public). */
  pendingCount: Type.Integer(),
  grantedOre: Ore,
  latestYear: Nullable(Type.Integer()),
});
export type OrganisationSummary = Static<typeof OrganisationSummary>;

export const DecisionPlace = Type.Object({
  kind: Type.Union([Type.Literal('meeting'), Type.Literal('delegation')]),
  meetingId: Nullable(Type.Integer()),
  meetingDate: Nullable(Type.String()),
  bodyName: Nullable(Type.String()),
  itemId: Nullable(Type.Integer()),
  itemNumber: Nullable(Type.Integer()),
  itemTitle: Nullable(Type.String()),
  /** The paragraph once the minutes record a decision in the item. */
  paragraph: Nullable(Type.Integer()),
  minutesOutcome: Nullable(Type.String()),
  delegatedDecisionId: Nullable(Type.Integer()),
  delegatedText: Nullable(Type.String()),
});
export type DecisionPlace = Static<typeof DecisionPlace>;

export const ApplicationView = Type.Object({
  id: Type.Integer(),
  year: Type.Integer(),
  amountOre: Ore,
  purpose: Type.String(),
  receivedOn: Nullable(Type.String()),
  caseNumber: Nullable(Type.String()),
  budgetLine: Nullable(Type.String()),
  outcome: Nullable(Outcome),
  outcomeLabel: Nullable(Type.String()),
  grantedOre: Nullable(Ore),
  reason: Nullable(Type.String()),
  decidedOn: Nullable(Type.String()),
  /** Where it is (to be) decided: the agenda item (before and after the decision) or the delegated decision; for the public without the item's title (it may be secret) and the delegated decision's text. */
  place: Nullable(DecisionPlace),
  reportDue: Nullable(Type.String()),
  reportReceivedOn: Nullable(Type.String()),
  status: ApplicationStatus,
  statusLabel: Type.String(),
  version: Type.Integer(),
});
export type ApplicationView = Static<typeof ApplicationView>;

export const HistoryEntryView = Type.Object({
  id: Type.Integer(),
  year: Type.Integer(),
  amountOre: Nullable(Ore),
  description: Nullable(Type.String()),
  group: Nullable(Type.String()),
  importId: Nullable(Type.Integer()),
});
export type HistoryEntryView = Static<typeof HistoryEntryView>;

/** A row of a pasted history table and what became of it. */
export const HistoryRow = Type.Object({
  /** 1-based line number in the pasted text. */
  line: Type.Integer(),
  text: Type.String(),
  disposition: RowDisposition,
  /** Why the row became what it did (Swedish, shown as is). */
  reason: Type.String(),
  year: Type.Optional(Type.Integer()),
  amountOre: Type.Optional(Nullable(Ore)),
  description: Type.Optional(Nullable(Type.String())),
  group: Type.Optional(Nullable(Type.String())),
});
export type HistoryRow = Static<typeof HistoryRow>;
// the parser's row is the contract's, field by field
const sameRow: [HistoryRow, ModelHistoryRow] = [{} as ModelHistoryRow, {} as HistoryRow];
void sameRow;

export const DispositionCounts = Type.Record(RowDisposition, Type.Integer());

export const HistoryImportView = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  importedAt: Type.String(),
  importedBy: Type.String(),
  counts: DispositionCounts,
  rows: Type.Array(HistoryRow),
});
export type HistoryImportView = Static<typeof HistoryImportView>;

export const OrganisationView = Type.Object({
  ...OrganisationSummary.properties,
  note: Nullable(Type.String()),
  applications: Type.Array(ApplicationView),
  history: Type.Array(HistoryEntryView),
  /** Granted per year: the decisions recorded here and the history rows with amounts. */
  perYear: Type.Array(Type.Object({ year: Type.Integer(), decidedOre: Ore, historyOre: Ore })),
  /** Staff only (empty for the public). */
  imports: Type.Array(HistoryImportView),
  version: Type.Integer(),
  updatedBy: Nullable(Type.String()),
  updatedAt: Type.String(),
});
export type OrganisationView = Static<typeof OrganisationView>;

export const HistoryImportResult = Type.Object({
  /** False for a preview (nothing saved). */
  saved: Type.Boolean(),
  title: Type.String(),
  rows: Type.Array(HistoryRow),
  counts: DispositionCounts,
  organisation: OrganisationView,
});
export type HistoryImportResult = Static<typeof HistoryImportResult>;

export const BudgetLineView = Type.Object({
  year: Type.Integer(),
  budgetLine: Type.String(),
  appliedOre: Ore,
  grantedOre: Ore,
  applications: Type.Integer(),
  granted: Type.Integer(),
  /** The budget's grant for the line (the association of that name in a budget of the year, after uplift), when there is one. */
  budgetedOre: Nullable(Ore),
  budget: Nullable(Type.Object({ bodyId: Type.Integer(), bodyName: Type.String(), status: Type.String() })),
});
export type BudgetLineView = Static<typeof BudgetLineView>;

const Year = Type.Integer({ minimum: 1900, maximum: 2100 });
const OreInput = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const OptionalRef = Type.Optional(Nullable(Id));
const OptionalDate = Type.Optional(Nullable(IsoDate));

const organisationFields = {
  name: Type.String({ maxLength: 300 }),
  orgNumber: Type.Optional(Nullable(Type.String({ maxLength: 20, description: 'NNNNNN-NNNN, kontrollsiffran prövas' }))),
  kind: OrganisationKind,
  naturalPerson: Type.Optional(Type.Boolean()),
  note: OptionalText(5000),
};
export const OrganisationInput = Type.Object(organisationFields, { additionalProperties: false });
export type OrganisationInput = Static<typeof OrganisationInput>;
export const OrganisationUpdate = Type.Object({ version: Version, ...Type.Partial(Type.Object(organisationFields)).properties }, { additionalProperties: false });
export type OrganisationUpdate = Static<typeof OrganisationUpdate>;

const applicationFields = {
  year: Year,
  amountOre: OreInput,
  purpose: Type.String({ maxLength: 2000 }),
  receivedOn: OptionalDate,
  caseNumber: Type.Optional(Nullable(Type.String({ maxLength: 40, description: 'ett befintligt ärendes diarienummer, till exempel 19RS8345' }))),
  budgetLine: OptionalText(200),
};
export const ApplicationInput = Type.Object({ version: Version, ...applicationFields }, { additionalProperties: false });
export type ApplicationInput = Static<typeof ApplicationInput>;
export const ApplicationUpdate = Type.Object({ version: Version, ...Type.Partial(Type.Object(applicationFields)).properties }, { additionalProperties: false });
export type ApplicationUpdate = Static<typeof ApplicationUpdate>;

export const AgendaPlacement = Type.Object({ version: Version, meetingId: Id, itemId: Id }, { additionalProperties: false });
export type AgendaPlacement = Static<typeof AgendaPlacement>;

export const DecisionInput = Type.Object(
  {
    version: Version,
    outcome: Outcome,
    grantedOre: Type.Optional(Nullable(OreInput)),
    reason: OptionalText(5000),
    /** Defaults to the meeting's day, or the delegated decision's. */
    decidedOn: OptionalDate,
    /** Decided by a meeting, under one of its agenda items … */
    meetingId: OptionalRef,
    itemId: OptionalRef,
    /** … or as a delegated decision of the body's delegation register. */
    bodyId: OptionalRef,
    delegatedDecisionId: OptionalRef,
    reportDue: OptionalDate,
  },
  { additionalProperties: false },
);
export type DecisionInput = Static<typeof DecisionInput>;

export const ReportInput = Type.Object({ version: Version, reportDue: OptionalDate, reportReceivedOn: OptionalDate }, { additionalProperties: false });
export type ReportInput = Static<typeof ReportInput>;

export const HistoryEntryInput = Type.Object({ version: Version, year: Year, amountOre: Type.Optional(Nullable(OreInput)), description: OptionalText(500) }, { additionalProperties: false });
export type HistoryEntryInput = Static<typeof HistoryEntryInput>;

export const HistoryImportInput = Type.Object(
  { version: Version, text: Type.String({ maxLength: 1_000_000 }), title: OptionalText(300), preview: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type HistoryImportInput = Static<typeof HistoryImportInput>;
/** The body limit of a history import (the pasted table). */
export const IMPORT_BODY_LIMIT = 2 * 1024 * 1024;

export const OrganisationQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
export const BudgetLineQuery = Type.Object({ year: Type.Optional(Year) }, { additionalProperties: false });
export const SubParams = Type.Object({ id: Id, entryId: Id });
const VersionQuery = Type.Object({ version: Version }, { additionalProperties: false });

export const grantsApi = {
  list: route({
    method: 'GET',
    url: '/api/foreningsbidrag',
    tags: TAGS,
    summary: 'Föreningar och stiftelser med bidrag (för allmänheten bara beslutade ansökningar; en enskild person visas inte med namn)',
    querystring: OrganisationQuery,
    response: Type.Array(OrganisationSummary),
  }),
  budgetLines: route({
    method: 'GET',
    url: '/api/foreningsbidrag/budgetrader',
    tags: TAGS,
    summary: 'Sökt och beviljat per år och budgetrad, bredvid budgetens bidrag till föreningen (för allmänheten bara beslutade ansökningar och fastställda budgetar)',
    querystring: BudgetLineQuery,
    response: Type.Array(BudgetLineView),
  }),
  get: route({
    method: 'GET',
    url: '/api/foreningsbidrag/:id',
    tags: TAGS,
    summary: 'En organisation med ansökningar, beslut, redovisningar och bidragshistorik (för allmänheten beslut och historik)',
    params: IdParams,
    response: OrganisationView,
  }),
  create: route({ method: 'POST', url: '/api/foreningsbidrag', tags: TAGS, summary: 'Registrera en förening, stiftelse eller annan organisation', body: OrganisationInput, response: OrganisationView, status: 201, errors: [409] }),
  update: route({ method: 'PUT', url: '/api/foreningsbidrag/:id', tags: TAGS, summary: 'Ändra en organisation (i den version du hämtade)', params: IdParams, body: OrganisationUpdate, response: OrganisationView, errors: [409] }),
  addApplication: route({
    method: 'POST',
    url: '/api/foreningsbidrag/:id/ansokningar',
    tags: TAGS,
    summary: 'Registrera en ansökan (år, sökt belopp, ändamål, ärende, budgetrad) i organisationens version',
    params: IdParams,
    body: ApplicationInput,
    response: OrganisationView,
    status: 201,
    errors: [409],
  }),
  updateApplication: route({
    method: 'PUT',
    url: '/api/foreningsbidrag/ansokningar/:id',
    tags: TAGS,
    summary: 'Ändra en ansökan (i den version du hämtade)',
    params: IdParams,
    body: ApplicationUpdate,
    response: OrganisationView,
    errors: [409],
  }),
  placeOnAgenda: route({
    method: 'POST',
    url: '/api/foreningsbidrag/ansokningar/:id/punkt',
    tags: TAGS,
    summary: 'Koppla ansökan till punkten på föredragningslistan där nämnden ska besluta',
    params: IdParams,
    body: AgendaPlacement,
    response: OrganisationView,
    errors: [409],
  }),
  decide: route({
    method: 'POST',
    url: '/api/foreningsbidrag/ansokningar/:id/beslut',
    tags: TAGS,
    summary: 'Registrera beslutet: bifall med beviljat belopp eller avslag med skäl, fattat under en punkt på föredragningslistan eller som delegationsbeslut',
    params: IdParams,
    body: DecisionInput,
    response: OrganisationView,
    errors: [409],
  }),
  setReport: route({
    method: 'PUT',
    url: '/api/foreningsbidrag/ansokningar/:id/redovisning',
    tags: TAGS,
    summary: 'Den årliga redovisningen av ett beviljat bidrag: sista dag och dagen den kom in',
    params: IdParams,
    body: ReportInput,
    response: OrganisationView,
    errors: [409],
  }),
  addHistoryEntry: route({
    method: 'POST',
    url: '/api/foreningsbidrag/:id/historik',
    tags: TAGS,
    summary: 'Lägg till en rad i bidragshistoriken (år, belopp, beskrivning)',
    params: IdParams,
    body: HistoryEntryInput,
    response: OrganisationView,
    status: 201,
    errors: [409],
  }),
  removeHistoryEntry: route({
    method: 'DELETE',
    url: '/api/foreningsbidrag/:id/historik/:entryId',
    tags: TAGS,
    summary: 'Ta bort en rad ur bidragshistoriken',
    params: SubParams,
    querystring: VersionQuery,
    response: OrganisationView,
    errors: [409],
  }),
  importHistory: route({
    method: 'POST',
    url: '/api/foreningsbidrag/:id/historik/import',
    tags: TAGS,
    summary: 'Importera bidragshistorik ur en inklistrad tabell (år och belopp per rad); varje rad redovisas med vad som blev av den. preview: true sparar ingenting',
    params: IdParams,
    body: HistoryImportInput,
    response: HistoryImportResult,
    errors: [409],
  }),
  removeImport: route({
    method: 'DELETE',
    url: '/api/foreningsbidrag/:id/historik/import/:entryId',
    tags: TAGS,
    summary: 'Ångra en import av bidragshistorik (dess rader tas bort)',
    params: SubParams,
    querystring: VersionQuery,
    response: OrganisationView,
    errors: [409],
  }),
};
