/**
 * The agenda builder's API (issue 14.2): a meeting's föredragningslista as the
 * secretary builds it – items added from a registered case, as one of the
 * standard items or free, edited, removed and reordered. Defined once with
 * TypeBox; agendaRoutes.ts serves it and web/src/components/AgendaEditor.tsx
 * calls it through web/src/client.ts. Every write answers with the whole
 * agenda as it is after the write.
 */
import { Type, type Static } from 'typebox';
import { Id, IsoDate, Nullable, route, Version } from '../kernel/contract.ts';

const TAGS = ['Föredragningslista'] as const;

export const ITEM_KINDS = ['adjustment', 'decision', 'information', 'delegation-report', 'presentations'] as const;
export const Kind = Type.Union([Type.Literal('adjustment'), Type.Literal('decision'), Type.Literal('information'), Type.Literal('delegation-report'), Type.Literal('presentations')], { description: 'adjustment (protokollsjustering), decision, information, delegation-report (delegationsbeslut, anmälningsärenden), presentations' });

export const TEMPLATES = ['case', 'adjustment', 'information', 'notifications', 'delegation-report', 'free'] as const;
export type Template = (typeof TEMPLATES)[number];
const TemplateSchema = Type.Union([Type.Literal('case'), Type.Literal('adjustment'), Type.Literal('information'), Type.Literal('notifications'), Type.Literal('delegation-report'), Type.Literal('free')], {
  description: 'case: ur ett registrerat ärende (caseNumber); adjustment: protokollsjustering; information: information med underpunkter; notifications: anmälningsärenden; delegation-report: redovisning av delegationsbeslut; free: fri punkt',
});

const Name = Type.String({ maxLength: 200 });
const Presenters = Type.Array(Name, { maxItems: 20, description: 'Föredragande, ett namn var' });
const Adjusters = Type.Array(Name, { maxItems: 2, description: 'Föreslagen justerare och (valfritt) ersättare för justeraren' });
const CaseNumber = Type.String({ maxLength: 20, description: 'Diarienummer, t.ex. 20RS6567' });
const Title = Type.String({ maxLength: 500 });

export const SubItemInput = Type.Object(
  { title: Title, presenters: Type.Optional(Presenters), caseNumber: Type.Optional(Nullable(CaseNumber)) },
  { additionalProperties: false },
);
const SubItems = Type.Array(SubItemInput, { maxItems: 50, description: 'Underpunkter (information, anmälningsärenden)' });

export const BuilderSubItem = Type.Object({ title: Type.String(), presenters: Type.Array(Type.String()), caseNumber: Nullable(Type.String()) });

export const BuilderItem = Type.Object({
  id: Type.Integer(),
  number: Type.Integer(),
  title: Type.String(),
  kind: Kind,
  caseNumber: Nullable(Type.String()),
  presenters: Type.Array(Type.String()),
  proposedAdjusters: Type.Array(Type.String()),
  adjustmentDeadline: Nullable(Type.String()),
  subItems: Type.Array(BuilderSubItem),
  secrecyRef: Nullable(Type.String()),
  version: Type.Integer(),
  /** Why the item cannot be removed, in Swedish ("1 bilaga", "ett beslut i protokollet"); empty when it can. */
  dependants: Type.Array(Type.String()),
});
export type BuilderItem = Static<typeof BuilderItem>;

export const AgendaView = Type.Object({
  meetingId: Type.Integer(),
  /** The meeting's version: a reorder (and, when sent, an addition) is checked against it. */
  version: Type.Integer(),
  /** The agenda is closed (the protokoll is adjusted): nothing can be changed. */
  closed: Type.Boolean(),
  items: Type.Array(BuilderItem),
  /** The item a POST created. */
  createdId: Type.Optional(Type.Integer()),
});
export type AgendaView = Static<typeof AgendaView>;

/** The fields an addition and an edit share (every one optional: what is not sent stays as it is or as the template has it). */
const itemFields = {
  title: Type.Optional(Title),
  kind: Type.Optional(Kind),
  presenters: Type.Optional(Presenters),
  proposedAdjusters: Type.Optional(Adjusters),
  adjustmentDeadline: Type.Optional(Nullable(IsoDate)),
  subItems: Type.Optional(SubItems),
};

export const NewItem = Type.Object(
  { template: TemplateSchema, version: Type.Optional(Version), caseNumber: Type.Optional(CaseNumber), ...itemFields },
  { additionalProperties: false },
);
export type NewItem = Static<typeof NewItem>;

const { title, kind, ...restOfItemFields } = itemFields;
export const EditItem = Type.Object(
  { version: Version, title, kind, caseNumber: Type.Optional(Nullable(CaseNumber)), ...restOfItemFields },
  { additionalProperties: false },
);
export type EditItem = Static<typeof EditItem>;

export const ItemOrder = Type.Object(
  {
    version: Version,
    itemIds: Type.Array(Id, { maxItems: 500, description: 'Alla punkternas id i den nya ordningen' }),
  },
  { additionalProperties: false },
);
export type ItemOrder = Static<typeof ItemOrder>;

/** Anmälningsärenden (issue 21.4): listed items added from the diarium (cases by dnr) and from the delegation register. */
export const ListedItems = Type.Object(
  {
    version: Version,
    caseNumbers: Type.Optional(Type.Array(CaseNumber, { maxItems: 50, description: 'Ärenden att anmäla, med diarienummer' })),
    delegatedDecisionIds: Type.Optional(Type.Array(Id, { maxItems: 200, description: 'Delegationsbeslut ur registret som inte är anmälda ännu' })),
  },
  { additionalProperties: false },
);
export type ListedItems = Static<typeof ListedItems>;

export const NotificationCandidate = Type.Object({
  id: Type.Integer(),
  pointNumber: Type.String(),
  pointTitle: Type.String(),
  decider: Type.String(),
  decidedOn: Type.String(),
  caseNumbers: Type.Array(Type.String()),
  text: Type.String(),
  /** The line it is listed with. */
  line: Type.String(),
});
export const NotificationCandidates = Type.Object({ meetingId: Type.Integer(), delegatedDecisions: Type.Array(NotificationCandidate) });
export type NotificationCandidates = Static<typeof NotificationCandidates>;

export const agendaApi = {
  notificationCandidates: route({
    method: 'GET',
    url: '/api/meetings/:id/notification-candidates',
    summary: 'Delegationsbeslut som kan anmälas på sammanträdet: nämndens beslut fattade senast sammanträdesdagen som inte är anmälda under någon punkt',
    tags: TAGS,
    params: Type.Object({ id: Id }),
    response: NotificationCandidates,
  }),
  addListedItems: route({
    method: 'POST',
    url: '/api/agenda-items/:id/listed-items',
    summary: 'Anmälningsärenden: lägg till ärenden ur diariet och delegationsbeslut ur registret som underpunkter (delegationsbesluten knyts till punkten)',
    tags: TAGS,
    params: Type.Object({ id: Id }),
    body: ListedItems,
    response: AgendaView,
    errors: [409],
  }),
  getAgenda: route({
    method: 'GET',
    url: '/api/meetings/:id/agenda',
    summary: 'Föredragningslistan att bygga: punkterna med versioner och vad som hindrar att en punkt tas bort',
    tags: TAGS,
    params: Type.Object({ id: Id }),
    response: AgendaView,
  }),
  addItem: route({
    method: 'POST',
    url: '/api/meetings/:id/agenda-items',
    summary: 'Lägg till en punkt sist på föredragningslistan: ur ett ärende, en standardpunkt eller en fri punkt',
    tags: TAGS,
    params: Type.Object({ id: Id }),
    body: NewItem,
    response: AgendaView,
    status: 201,
    errors: [409],
  }),
  editItem: route({
    method: 'PUT',
    url: '/api/agenda-items/:id',
    summary: 'Ändra en punkts rubrik, slag, ärende, föredragande, justerare och justeringsdag eller underpunkter',
    tags: TAGS,
    params: Type.Object({ id: Id }),
    body: EditItem,
    response: AgendaView,
    errors: [409],
  }),
  removeItem: route({
    method: 'DELETE',
    url: '/api/agenda-items/:id',
    summary: 'Ta bort en punkt (inte när den har beslut i protokollet, bilagor eller anmälda beslut); de andra numreras om',
    tags: TAGS,
    params: Type.Object({ id: Id }),
    querystring: Type.Object({ version: Version }, { additionalProperties: false }),
    response: AgendaView,
    errors: [409],
  }),
  reorder: route({
    method: 'PUT',
    url: '/api/meetings/:id/agenda-order',
    summary: 'Ordna om föredragningslistan: alla punkternas id i den nya ordningen och sammanträdets version; punkterna numreras 1..n',
    tags: TAGS,
    params: Type.Object({ id: Id }),
    body: ItemOrder,
    response: AgendaView,
    errors: [409],
  }),
} as const;
