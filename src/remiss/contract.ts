/**
 * The remisser's API (issue 21.1, contract per issue 19): every JSON request
 * and reply of remiss/routes.ts, defined once with TypeBox. The service
 * returns these types, the routes register these schemas, the web calls them
 * through web/src/client.ts. The Svar på remiss as text and as PDF are files,
 * not JSON, and are registered outside the contract.
 */
import { Type, type Static } from 'typebox';
import { Id, IdParams, IsoDate, Nullable, OptionalText, route, Version } from '../kernel/contract.ts';
import { STANCES, type Direction as ModelDirection, type RemissDeadline as ModelDeadline, type RemissStatus as ModelStatus, type Stance as ModelStance } from './model.ts';

const TAGS = ['Remisser'] as const;

export const Direction = Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')]);
export const Stance = Type.Union([Type.Literal('tillstyrker'), Type.Literal('avstyrker'), Type.Literal('synpunkter'), Type.Literal('avstår')]);
export const RemissStatus = Type.Union([
  Type.Literal('registered'), Type.Literal('on-agenda'), Type.Literal('decided'), Type.Literal('sent'), Type.Literal('declined'),
  Type.Literal('not-started'), Type.Literal('open'), Type.Literal('closed'),
]);
// the schemas list the model's words: one added there and not here fails to compile
const sameWords: [Static<typeof Direction>[], Static<typeof Stance>[], Static<typeof RemissStatus>[], ModelDirection[], ModelStance[], ModelStatus[]] = [
  [] as ModelDirection[], [...STANCES], [] as ModelStatus[], [] as Static<typeof Direction>[], [] as Static<typeof Stance>[], [] as Static<typeof RemissStatus>[],
];
void sameWords;

/** A line of the register. What the public sees is kept to organisations, titles, dates and status (no preparer, no question). */
export const RemissSummary = Type.Object({
  id: Type.Integer(),
  direction: Direction,
  directionLabel: Type.String(),
  title: Type.String(),
  caseNumber: Nullable(Type.String()),
  sender: Nullable(Type.String()),
  receivedOn: Nullable(Type.String()),
  replyDue: Nullable(Type.String()),
  periodFrom: Nullable(Type.String()),
  periodTo: Nullable(Type.String()),
  answerSentOn: Nullable(Type.String()),
  recipientCount: Type.Integer(),
  answeredCount: Type.Integer(),
  status: RemissStatus,
  statusLabel: Type.String(),
  open: Type.Boolean(),
  /** Staff only (null for the public). */
  preparer: Nullable(Type.String()),
});
export type RemissSummary = Static<typeof RemissSummary>;

export const RecipientView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  answeredOn: Nullable(Type.String()),
  stance: Nullable(Stance),
  stanceLabel: Nullable(Type.String()),
  summary: Nullable(Type.String()),
});
export type RecipientView = Static<typeof RecipientView>;

/** The agenda item that answers an incoming remiss. */
export const RemissAgenda = Type.Object({
  meetingId: Type.Integer(),
  meetingDate: Type.String(),
  bodyName: Type.String(),
  itemId: Type.Integer(),
  itemNumber: Type.Integer(),
  itemTitle: Type.String(),
});
/** The body's decision in that item, once recorded. */
export const RemissDecision = Type.Object({
  paragraph: Nullable(Type.Integer()),
  outcomeLabel: Type.String(),
  clauses: Type.Array(Type.String()),
  answers: Type.Boolean(),
});

export const RemissView = Type.Object({
  ...RemissSummary.properties,
  senderRef: Nullable(Type.String()),
  question: Nullable(Type.String()),
  caseTitle: Nullable(Type.String()),
  declined: Type.Boolean(),
  agenda: Nullable(RemissAgenda),
  decision: Nullable(RemissDecision),
  /** Sent: to whom. */
  answerSentTo: Nullable(Type.String()),
  /** The Svar på remiss: as sent once sent, else as the decision produces it now (null before a decision). */
  answerDocument: Nullable(Type.String()),
  recipients: Type.Array(RecipientView),
  version: Type.Integer(),
  updatedBy: Type.String(),
  updatedAt: Type.String(),
});
export type RemissView = Static<typeof RemissView>;

export const RemissDeadline = Type.Object({
  remissId: Type.Integer(),
  direction: Direction,
  /** "Svar på remiss senast" (incoming) or "Remisstiden slutar" (outgoing). */
  label: Type.String(),
  title: Type.String(),
  caseNumber: Nullable(Type.String()),
  counterpart: Type.String(),
  due: Type.String(),
  daysLeft: Type.Integer(),
  overdue: Type.Boolean(),
});
export type RemissDeadline = Static<typeof RemissDeadline>;
// the model's deadline (deadlinesOf) is the contract's, field by field
const sameDeadline: [RemissDeadline, ModelDeadline] = [{} as ModelDeadline, {} as RemissDeadline];
void sameDeadline;

const CaseNumber = Type.Optional(Nullable(Type.String({ maxLength: 40, description: 'ett befintligt ärendes diarienummer, till exempel 19RS10445' })));
const Recipients = Type.Union([Type.Array(Type.String({ maxLength: 300 }), { maxItems: 500 }), Type.String({ maxLength: 200_000 })], {
  description: 'mottagare, en organisation per rad (eller en lista)',
});

export const RemissQuery = Type.Object(
  { direction: Type.Optional(Direction), open: Type.Optional(Type.Boolean()), q: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export type RemissQuery = Static<typeof RemissQuery>;

export const IncomingInput = Type.Object(
  {
    title: Type.String({ maxLength: 500 }),
    sender: Type.String({ maxLength: 300 }),
    senderRef: OptionalText(100),
    question: OptionalText(20_000),
    receivedOn: Type.Optional(Nullable(IsoDate)),
    replyDue: IsoDate,
    preparer: OptionalText(200),
    /** An existing case (diarienummer) … */
    caseNumber: CaseNumber,
    /** … or register a new one ("Remiss – <rubrik>"). */
    registerCase: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type IncomingInput = Static<typeof IncomingInput>;

export const OutgoingInput = Type.Object(
  {
    title: Type.String({ maxLength: 500 }),
    question: OptionalText(20_000),
    periodFrom: IsoDate,
    periodTo: IsoDate,
    recipients: Type.Optional(Recipients),
    caseNumber: CaseNumber,
    registerCase: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type OutgoingInput = Static<typeof OutgoingInput>;

export const RemissChange = Type.Object(
  {
    version: Version,
    title: Type.Optional(Type.String({ maxLength: 500 })),
    sender: Type.Optional(Type.String({ maxLength: 300 })),
    senderRef: OptionalText(100),
    question: OptionalText(20_000),
    receivedOn: Type.Optional(Nullable(IsoDate)),
    replyDue: Type.Optional(IsoDate),
    preparer: OptionalText(200),
    periodFrom: Type.Optional(IsoDate),
    periodTo: Type.Optional(IsoDate),
    /** A diarienummer, or null to unlink the case. */
    caseNumber: CaseNumber,
    /** Incoming: the region does not answer (or answers again, false). */
    declined: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type RemissChange = Static<typeof RemissChange>;

export const AgendaPlacement = Type.Object({ version: Version, meetingId: Id, itemId: Type.Optional(Nullable(Id)) }, { additionalProperties: false });
export type AgendaPlacement = Static<typeof AgendaPlacement>;

export const SendingInput = Type.Object({ version: Version, sentOn: IsoDate, sentTo: OptionalText(300) }, { additionalProperties: false });
export type SendingInput = Static<typeof SendingInput>;

export const RecipientsInput = Type.Object({ version: Version, names: Recipients }, { additionalProperties: false });
export type RecipientsInput = Static<typeof RecipientsInput>;

export const AnswerInput = Type.Object(
  { version: Version, answeredOn: IsoDate, stance: Type.Optional(Nullable(Stance)), summary: OptionalText(20_000) },
  { additionalProperties: false },
);
export type AnswerInput = Static<typeof AnswerInput>;

export const RecipientParams = Type.Object({ id: Id, recipientId: Id });
const VersionQuery = Type.Object({ version: Version }, { additionalProperties: false });

export const remissApi = {
  list: route({
    method: 'GET',
    url: '/api/remisser',
    tags: TAGS,
    summary: 'Remissregistret: inkommande och utgående remisser (för allmänheten bara organisationer, rubriker, datum och status)',
    querystring: RemissQuery,
    response: Type.Array(RemissSummary),
  }),
  deadlines: route({
    method: 'GET',
    url: '/api/remisser/deadlines',
    tags: TAGS,
    summary: 'Remissernas tidsfrister för startsidan: svar att lämna senast, remisstider som slutar',
    response: Type.Array(RemissDeadline),
  }),
  get: route({
    method: 'GET',
    url: '/api/remisser/:id',
    tags: TAGS,
    summary: 'En remiss med frågan, handläggaren, punkten på föredragningslistan, beslutet, svaret och mottagarnas svar',
    params: IdParams,
    response: RemissView,
  }),
  registerIncoming: route({
    method: 'POST',
    url: '/api/remisser/incoming',
    tags: TAGS,
    summary: 'Registrera en inkommande remiss (avsändare, rubrik, fråga, sista svarsdag, vem som bereder svaret), i ett befintligt eller nytt ärende',
    body: IncomingInput,
    response: RemissView,
    status: 201,
    errors: [409],
  }),
  registerOutgoing: route({
    method: 'POST',
    url: '/api/remisser/outgoing',
    tags: TAGS,
    summary: 'Registrera en utgående remiss (rubrik, ärende, remisstid, sändlista)',
    body: OutgoingInput,
    response: RemissView,
    status: 201,
    errors: [409],
  }),
  update: route({ method: 'PUT', url: '/api/remisser/:id', tags: TAGS, summary: 'Ändra en remiss (i den version du hämtade)', params: IdParams, body: RemissChange, response: RemissView, errors: [409] }),
  placeOnAgenda: route({
    method: 'POST',
    url: '/api/remisser/:id/agenda',
    tags: TAGS,
    summary: 'Sätt svaret på ett sammanträdes föredragningslista: en ny beslutspunkt "Svar på remiss – …", eller en punkt som redan finns (itemId)',
    params: IdParams,
    body: AgendaPlacement,
    response: RemissView,
    errors: [409],
  }),
  recordSending: route({
    method: 'POST',
    url: '/api/remisser/:id/sending',
    tags: TAGS,
    summary: 'Registrera att svaret skickats (datum och till vem); Svar på remiss sparas som det skickades',
    params: IdParams,
    body: SendingInput,
    response: RemissView,
    errors: [409],
  }),
  addRecipients: route({
    method: 'POST',
    url: '/api/remisser/:id/recipients',
    tags: TAGS,
    summary: 'Lägg till mottagare på en utgående remiss sändlista',
    params: IdParams,
    body: RecipientsInput,
    response: RemissView,
    errors: [409],
  }),
  removeRecipient: route({
    method: 'DELETE',
    url: '/api/remisser/:id/recipients/:recipientId',
    tags: TAGS,
    summary: 'Ta bort en mottagare som inte har svarat',
    params: RecipientParams,
    querystring: VersionQuery,
    response: RemissView,
    errors: [409],
  }),
  recordAnswer: route({
    method: 'PUT',
    url: '/api/remisser/:id/recipients/:recipientId/answer',
    tags: TAGS,
    summary: 'Registrera en mottagares svar (datum, ställningstagande, sammanfattning)',
    params: RecipientParams,
    body: AnswerInput,
    response: RemissView,
    errors: [409],
  }),
};
