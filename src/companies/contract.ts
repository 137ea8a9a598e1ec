/**
 * The owned companies' API (issue 21.3, contract per issue 19): every request
 * and reply of companies/routes.ts, defined once with TypeBox. The service
 * returns these types, the routes register these schemas, the web calls them
 * through web/src/client.ts. The PDF of a document is a file, not JSON, and
 * is registered outside the contract.
 */
import { Type, type Static } from 'typebox';
import { Id, IdParams, IsoDate, Nullable, OptionalText, route, Version } from '../kernel/contract.ts';
import { COMPANY_KINDS, DOCUMENT_KINDS, MAX_ALIASES, MAX_PDF_BYTES } from './model.ts';

const TAGS = ['Ägda bolag'] as const;

export const CompanyKind = Type.Union([Type.Literal('bolag'), Type.Literal('stiftelse')]);
export const DocumentKind = Type.Union([Type.Literal('ägaranvisning'), Type.Literal('finansieringsavtal'), Type.Literal('bolagsordning'), Type.Literal('annat avtal')]);
const Validity = Type.Union([Type.Literal('future'), Type.Literal('current'), Type.Literal('expired')]);
const ReportStatus = Type.Union([Type.Literal('expected'), Type.Literal('late'), Type.Literal('received')]);
// the schemas list the model's kinds: a kind added there and not here fails to compile
const sameKinds: [Static<typeof CompanyKind>[], Static<typeof DocumentKind>[]] = [[...COMPANY_KINDS], [...DOCUMENT_KINDS]];
void sameKinds;

export const CompanySummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  orgNumber: Nullable(Type.String()),
  kind: CompanyKind,
  kindLabel: Type.String(),
  /** The region's share in basis points (10000 = 100 %), null when not recorded. */
  shareBp: Nullable(Type.Integer()),
  shareLabel: Nullable(Type.String()),
  documentCount: Type.Integer(),
  /** Staff only (0 for the public). */
  openReports: Type.Integer(),
});
export type CompanySummary = Static<typeof CompanySummary>;

export const CompanyDocumentView = Type.Object({
  id: Type.Integer(),
  kind: DocumentKind,
  kindLabel: Type.String(),
  title: Type.String(),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
  validity: Validity,
  validityLabel: Type.String(),
  reference: Nullable(Type.String()),
  /** Staff only: the stored PDF (download at /api/bolag/:id/handlingar/:docId/fil). */
  file: Nullable(Type.Object({ name: Type.String(), byteSize: Type.Integer(), sha256: Type.String() })),
  hasFile: Type.Boolean(),
});
export type CompanyDocumentView = Static<typeof CompanyDocumentView>;

export const CompanyReportView = Type.Object({
  id: Type.Integer(),
  year: Type.Integer(),
  kind: Type.String(),
  dueOn: Nullable(Type.String()),
  receivedOn: Nullable(Type.String()),
  caseNumber: Nullable(Type.String()),
  status: ReportStatus,
  statusLabel: Type.String(),
});
export type CompanyReportView = Static<typeof CompanyReportView>;

export const CompanyView = Type.Object({
  ...CompanySummary.properties,
  aliases: Type.Array(Type.String()),
  note: Nullable(Type.String()),
  documents: Type.Array(CompanyDocumentView),
  /** Staff only (empty for the public). */
  reports: Type.Array(CompanyReportView),
  version: Type.Integer(),
  updatedAt: Type.String(),
});
export type CompanyView = Static<typeof CompanyView>;

export const CompanyReference = Type.Object({
  kind: Type.Union([Type.Literal('agenda-item'), Type.Literal('case'), Type.Literal('text')]),
  title: Type.String(),
  caseNumber: Nullable(Type.String()),
  meetingId: Nullable(Type.Integer()),
  meetingDate: Nullable(Type.String()),
  itemId: Nullable(Type.Integer()),
  itemNumber: Nullable(Type.Integer()),
  /** Which of the company's names matched. */
  matched: Type.String(),
  snippet: Nullable(Type.String()),
});
export type CompanyReference = Static<typeof CompanyReference>;

const companyFields = {
  name: Type.String({ maxLength: 300 }),
  orgNumber: Type.Optional(Nullable(Type.String({ maxLength: 20, description: 'NNNNNN-NNNN, kontrollsiffran prövas' }))),
  kind: CompanyKind,
  /** The region's share as a percent ("49,5"), or null when not known. */
  share: Type.Optional(Nullable(Type.String({ maxLength: 20, description: 'regionens ägarandel i procent, högst två decimaler: 49 eller 33,33' }))),
  aliases: Type.Optional(
    Type.Union([Type.Array(Type.String({ maxLength: 200 }), { maxItems: MAX_ALIASES }), Type.String({ maxLength: 2200 })], { description: 'andra namn bolaget kallas i handlingarna, ett per rad' }),
  ),
  note: OptionalText(5000),
};

export const CompanyInput = Type.Object(companyFields, { additionalProperties: false });
export type CompanyInput = Static<typeof CompanyInput>;

export const CompanyUpdate = Type.Object(
  { version: Version, ...Type.Partial(Type.Object(companyFields)).properties },
  { additionalProperties: false },
);
export type CompanyUpdate = Static<typeof CompanyUpdate>;

const BASE64_MAX = Math.ceil((MAX_PDF_BYTES * 4) / 3) + 4;
/** The body limit of a document upload: the PDF in base64 and the fields around it. */
export const DOCUMENT_BODY_LIMIT = Math.ceil((MAX_PDF_BYTES * 4) / 3) + 64 * 1024;

export const DocumentInput = Type.Object(
  {
    version: Version,
    kind: DocumentKind,
    title: Type.String({ maxLength: 500 }),
    validFrom: IsoDate,
    validTo: Type.Optional(Nullable(IsoDate)),
    reference: OptionalText(500),
    /** The PDF, base64-encoded, with its file name. */
    fileBase64: Type.Optional(Nullable(Type.String({ maxLength: BASE64_MAX }))),
    fileName: OptionalText(255),
  },
  { additionalProperties: false },
);
export type DocumentInput = Static<typeof DocumentInput>;

export const ReportInput = Type.Object(
  {
    version: Version,
    year: Type.Integer({ minimum: 1900, maximum: 2100 }),
    kind: Type.String({ maxLength: 200 }),
    dueOn: Type.Optional(Nullable(IsoDate)),
    receivedOn: Type.Optional(Nullable(IsoDate)),
    caseNumber: OptionalText(40),
  },
  { additionalProperties: false },
);
export type ReportInput = Static<typeof ReportInput>;

export const SubParams = Type.Object({ id: Id, docId: Id });
const VersionQuery = Type.Object({ version: Version }, { additionalProperties: false });

export const companiesApi = {
  list: route({ method: 'GET', url: '/api/bolag', tags: TAGS, summary: 'Bolag och stiftelser som regionen äger eller har bildat, med regionens ägarandel', response: Type.Array(CompanySummary) }),
  get: route({
    method: 'GET',
    url: '/api/bolag/:id',
    tags: TAGS,
    summary: 'Ett bolag med ägaranvisningar och avtal och deras giltighet (för tjänstemän även rapporterna som väntas)',
    params: IdParams,
    response: CompanyView,
  }),
  references: route({
    method: 'GET',
    url: '/api/bolag/:id/referenser',
    tags: TAGS,
    summary: 'Punkter, ärenden och handlingar som nämner bolaget (namnet eller dess andra namn)',
    params: IdParams,
    response: Type.Array(CompanyReference),
  }),
  create: route({ method: 'POST', url: '/api/bolag', tags: TAGS, summary: 'Registrera ett bolag eller en stiftelse', body: CompanyInput, response: CompanyView, status: 201, errors: [409] }),
  update: route({ method: 'PUT', url: '/api/bolag/:id', tags: TAGS, summary: 'Ändra ett bolag (i den version du hämtade)', params: IdParams, body: CompanyUpdate, response: CompanyView, errors: [409] }),
  addDocument: route({
    method: 'POST',
    url: '/api/bolag/:id/handlingar',
    tags: TAGS,
    summary: 'Lägg till en ägaranvisning, ett finansieringsavtal eller annan styrande handling med giltighetstid: en PDF (base64) eller en hänvisning',
    params: IdParams,
    body: DocumentInput,
    response: CompanyView,
    status: 201,
    errors: [409, 413],
  }),
  removeDocument: route({
    method: 'DELETE',
    url: '/api/bolag/:id/handlingar/:docId',
    tags: TAGS,
    summary: 'Ta bort en handling som registrerats fel',
    params: SubParams,
    querystring: VersionQuery,
    response: CompanyView,
    errors: [409],
  }),
  setReport: route({
    method: 'PUT',
    url: '/api/bolag/:id/rapporter',
    tags: TAGS,
    summary: 'En rapport som väntas från bolaget ett år (till exempel årsredovisning): sista dag och dagen den kom in',
    params: IdParams,
    body: ReportInput,
    response: CompanyView,
    errors: [409],
  }),
  removeReport: route({
    method: 'DELETE',
    url: '/api/bolag/:id/rapporter/:docId',
    tags: TAGS,
    summary: 'Ta bort en rapport som inte längre väntas',
    params: SubParams,
    querystring: VersionQuery,
    response: CompanyView,
    errors: [409],
  }),
};
