/**
 * The archive delivery's API (issue 21.5, contract per issue 19): the JSON
 * requests and replies of archive/routes.ts, defined once with TypeBox. The
 * package itself (POST /api/arkiv/leveranser) is a tar file, not JSON; its
 * body is the contract's ArchiveScope.
 */
import { Type, type Static } from 'typebox';
import { Id, Nullable, route } from '../kernel/contract.ts';

const TAGS = ['Arkivleverans'] as const;

export const ArchiveScope = Type.Object(
  { bodyId: Id, meetingId: Type.Optional(Id), year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2200 })) },
  { additionalProperties: false },
);
export type ArchiveScope = Static<typeof ArchiveScope>;

const FileKind = Type.Union([Type.Literal('kallelse'), Type.Literal('protokoll'), Type.Literal('utdrag'), Type.Literal('underlag')]);
const Scope = Type.Union([Type.Literal('meeting'), Type.Literal('year')]);

export const ArchiveConfigView = Type.Object({
  creator: Nullable(Type.String()),
  creatorId: Nullable(Type.String()),
  archive: Nullable(Type.String()),
  archiveId: Nullable(Type.String()),
  system: Type.String(),
  agreement: Nullable(Type.String()),
  referenceCode: Nullable(Type.String()),
});

export const ArchiveSettings = Type.Object({ config: ArchiveConfigView, problems: Type.Array(Type.String()) });
export type ArchiveSettings = Static<typeof ArchiveSettings>;

export const PlannedDocument = Type.Object({
  kind: FileKind,
  kindLabel: Type.String(),
  label: Type.String(),
  meetingDate: Type.String(),
  paragraph: Nullable(Type.Integer()),
  itemNumber: Nullable(Type.Integer()),
  /** Size in bytes when known before building (the rendered documents are made when the package is built). */
  byteSize: Nullable(Type.Integer()),
  secrecyRef: Nullable(Type.String()),
});
export type PlannedDocument = Static<typeof PlannedDocument>;

export const ArchivePlanView = Type.Object({
  bodyId: Type.Integer(),
  bodyName: Type.String(),
  scope: Scope,
  year: Nullable(Type.Integer()),
  label: Type.String(),
  fileName: Type.String(),
  meetings: Type.Array(Type.Object({ id: Type.Integer(), date: Type.String(), adjustedOn: Type.String(), paragraphs: Type.String(), documentCount: Type.Integer() })),
  /** Meetings of the year that are not delivered, and why. */
  excluded: Type.Array(Type.Object({ id: Type.Integer(), date: Type.String(), reason: Type.String() })),
  documents: Type.Array(PlannedDocument),
  secretCount: Type.Integer(),
  warnings: Type.Array(Type.String()),
  /** What keeps the package from being built (the archive's identifiers not configured); empty when it can be. */
  problems: Type.Array(Type.String()),
  config: ArchiveConfigView,
});
export type ArchivePlanView = Static<typeof ArchivePlanView>;

export const DeliveryView = Type.Object({
  id: Type.Integer(),
  packageId: Type.String(),
  bodyId: Type.Integer(),
  scope: Scope,
  meetingId: Nullable(Type.Integer()),
  year: Nullable(Type.Integer()),
  meetingIds: Type.Array(Type.Integer()),
  fileCount: Type.Integer(),
  secretCount: Type.Integer(),
  byteSize: Type.Integer(),
  sha256: Type.String(),
  fileName: Type.String(),
  createdAt: Type.String(),
  createdBy: Type.String(),
});
export type DeliveryView = Static<typeof DeliveryView>;

export const archiveApi = {
  settings: route({
    method: 'GET',
    url: '/api/arkiv/installningar',
    tags: TAGS,
    summary: 'Arkivets identiteter som de är konfigurerade (arkivbildare, arkivbildarens id, arkiv, system, leveransöverenskommelse) och vad som saknas',
    response: ArchiveSettings,
  }),
  plan: route({
    method: 'GET',
    url: '/api/arkiv/innehall',
    tags: TAGS,
    summary: 'Vad leveranspaketet för ett sammanträde (meetingId) eller en nämnds år (year) kommer att innehålla: kallelsen, det justerade protokollet, utdragen och beslutsunderlagen, med sekretessmarkeringar',
    querystring: ArchiveScope,
    response: ArchivePlanView,
    errors: [409],
  }),
  deliveries: route({
    method: 'GET',
    url: '/api/arkiv/leveranser',
    tags: TAGS,
    summary: 'Gjorda arkivleveranser, senaste först',
    querystring: Type.Object({ bodyId: Type.Optional(Id) }, { additionalProperties: false }),
    response: Type.Array(DeliveryView),
  }),
};
