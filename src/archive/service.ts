/**
 * Use cases of the e-archive delivery (issue 21.5): what a package of a
 * meeting, or of a body's year, will hold; building it as an FGS/E-ARK SIP
 * (a tar: model.ts has the layout) and recording the delivery. Only adjusted
 * meetings are delivered, and only by those who may read the body's secret
 * papers when any is secret: the archive gets the originals, secret ones
 * with their mark (PREMIS rights, docs/archive.md).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { audit, type Db } from '../db/index.ts';
import { authorize, SYSTEM, type Actor } from '../access/model.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import * as meetings from '../meetings/service.ts';
import * as minutes from '../minutes/service.ts';
import * as documents from '../documents/service.ts';
import { FileStore } from '../documents/files.ts';
import { TarWriter } from '../ops/tar.ts';
import type { MeetingDetail, MinutesView } from '../http/contract.ts';
import {
  archiveConfigFromEnv,
  archiveFileName,
  configProblems,
  detectFormat,
  dublinCore,
  KIND_LABEL,
  packageFileName,
  packageLabel,
  paragraphRange,
  premisXml,
  REPRESENTATION,
  representationMets,
  rootMets,
  uniquePath,
  type ArchiveConfig,
  type FileKind,
  type MetadataRef,
  type PackageFile,
  type PackageMeeting,
  type PackageSpec,
} from './model.ts';
import * as store from './store.ts';
import type { ArchivePlanView, ArchiveScope, DeliveryView, PlannedDocument } from './contract.ts';

/** Which package: a meeting (meetingId) or a body's year (year). */
export type ArchiveQuery = ArchiveScope;
export type { ArchivePlanView, DeliveryView, PlannedDocument };

const toDelivery = (r: store.DeliveryRow): DeliveryView => ({
  id: r.id,
  packageId: r.package_id,
  bodyId: r.body_id,
  scope: r.scope,
  meetingId: r.meeting_id,
  year: r.year,
  meetingIds: r.meeting_ids,
  fileCount: r.file_count,
  secretCount: r.secret_count,
  byteSize: Number(r.byte_size),
  sha256: r.sha256,
  fileName: r.file_name,
  createdAt: new Date(r.created_at).toISOString(),
  createdBy: r.created_by,
});

/** A document to be put in the package: what is known before reading it, and how to read it. */
interface Source {
  kind: FileKind;
  label: string;
  fileName: string;
  meeting: MeetingDetail;
  paragraph: number | null;
  itemNumber: number | null;
  mediaType: string;
  created: string;
  secrecyRef: string | null;
  byteSize: number | null;
  /** The bytes, checked against the stored hash where there is one. */
  read: () => Promise<{ bytes: Uint8Array; sha256: string }>;
}

interface Plan {
  body: { id: number; name: string; organisation: string };
  scope: PackageSpec['scope'];
  label: string;
  fileName: string;
  meetings: Array<{ meeting: MeetingDetail; minutes: MinutesView; packaged: PackageMeeting }>;
  excluded: ArchivePlanView['excluded'];
  sources: Source[];
  warnings: string[];
}

const sha256Of = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const joinRefs = (refs: Array<string | null | undefined>): string | null => {
  const u = [...new Set(refs.filter((r): r is string => Boolean(r)))];
  return u.length ? u.join('; ') : null;
};

async function readChecked(files: FileStore, sha256: string, what: string): Promise<{ bytes: Uint8Array; sha256: string }> {
  const bytes = await documents.readStoredFile(files, sha256);
  if (!bytes) throw new DomainError('file-missing', `${what} saknas i fillagret (${sha256.slice(0, 12)}…). Återställ fillagret från säkerhetskopian innan arkivleveransen görs.`, { status: 500 });
  return { bytes, sha256 };
}

function validateQuery(q: ArchiveQuery): void {
  if ((q.meetingId === undefined) === (q.year === undefined)) {
    throw new DomainError('archive-scope', 'Välj antingen ett sammanträde eller ett år att leverera.', { status: 400 });
  }
}

/** Why a meeting is not delivered, or null when its minutes are adjusted. */
async function notDelivered(db: Db, m: { id: number; cancelled?: { at: string } | null | undefined }): Promise<{ reason: string } | { minutes: MinutesView }> {
  if (m.cancelled) return { reason: 'Sammanträdet är inställt.' };
  if (!(await minutes.hasMinutes(db.kysely, m.id))) return { reason: 'Sammanträdet har inget protokoll.' };
  const view = await minutes.getMinutes(db, m.id);
  if (!view.locked || !view.adjustedOn) return { reason: 'Protokollet är inte justerat.' };
  return { minutes: view };
}

async function plan(db: Db, actor: Actor, q: ArchiveQuery, files: FileStore): Promise<Plan> {
  validateQuery(q);
  const bodyDetail = await meetings.getBody(db, q.bodyId);
  const body = { id: bodyDetail.id, name: bodyDetail.name, organisation: bodyDetail.organisation };
  const chosen: Plan['meetings'] = [];
  const excluded: Plan['excluded'] = [];
  let scope: PackageSpec['scope'];
  if (q.meetingId !== undefined) {
    const meeting = await meetings.getMeeting(db, q.meetingId);
    if (meeting.bodyId !== body.id) throw notFound('Sammanträdet i nämnden', q.meetingId);
    const state = await notDelivered(db, meeting);
    if ('reason' in state) {
      throw new DomainError('not-adjusted', `Sammanträdet ${meeting.date} kan inte levereras till e-arkivet: ${state.reason.charAt(0).toLowerCase()}${state.reason.slice(1)} Bara sammanträden med justerat protokoll levereras.`, { status: 409 });
    }
    chosen.push({ meeting, minutes: state.minutes, packaged: packaged(meeting, state.minutes) });
    scope = { kind: 'meeting', meetingId: meeting.id };
  } else {
    const year = q.year!;
    if (!Number.isInteger(year) || year < 1900 || year > 2200) throw new DomainError('invalid-year', 'Året måste vara ett årtal, till exempel 2020.', { status: 400 });
    const list = await meetings.listMeetings(db, { bodyId: body.id, from: `${year}-01-01`, to: `${year}-12-31` });
    for (const m of list.sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id)) {
      const state = await notDelivered(db, m);
      if ('reason' in state) excluded.push({ id: m.id, date: m.date, reason: state.reason });
      else {
        const meeting = await meetings.getMeeting(db, m.id);
        chosen.push({ meeting, minutes: state.minutes, packaged: packaged(meeting, state.minutes) });
      }
    }
    if (chosen.length === 0) {
      throw new DomainError('nothing-to-archive', `${body.name} har inget sammanträde med justerat protokoll ${year} att leverera till e-arkivet.`, { status: 409 });
    }
    scope = { kind: 'year', year };
  }

  const sources: Source[] = [];
  const warnings: string[] = [];
  for (const { meeting, minutes: view } of chosen) {
    const itemRef = new Map(meeting.items.map((i) => [i.id, i.secrecyRef ?? null]));
    const attachments = new Map(await Promise.all(meeting.items.map(async (i) => [i.id, await documents.listAttachments(db, i.id, SYSTEM)] as const)));
    const anySecret = joinRefs([
      ...meeting.items.flatMap((i) => [i.secrecyRef, ...i.decisionBasis.map((b) => b.secrecyRef)]),
      ...[...attachments.values()].flat().map((a) => a.secrecyRef),
    ]);
    if (anySecret && !(await meetings.maySeeSecretsOfMeeting(db, actor, meeting.id))) {
      throw new DomainError(
        'secret-other-body',
        `Sammanträdet ${meeting.date} har handlingar som omfattas av sekretess (${anySecret}). De levereras till e-arkivet med sin sekretessmarkering, och bara av en nämndsekreterare i nämnden eller en administratör.`,
        { status: 403 },
      );
    }
    const signedAt = view.adjusters.map((a) => a.signedAt).filter((s): s is string => Boolean(s)).sort().pop() ?? `${view.adjustedOn}T12:00:00.000Z`;

    const book = await documents.kallelseForArchive(db, meeting.id);
    if (book) {
      if (!book.sentAt) warnings.push(`Kallelsen till ${meeting.date} är inte registrerad som utskickad; den senast upprättade versionen (${book.version}) levereras.`);
      sources.push({
        kind: 'kallelse',
        label: `Kallelse ${body.name} ${meeting.date}, version ${book.version}`,
        fileName: `kallelse-${meeting.date}-v${book.version}.pdf`,
        meeting,
        paragraph: null,
        itemNumber: null,
        mediaType: 'application/pdf',
        created: book.sentAt ?? book.builtAt,
        secrecyRef: anySecret,
        // rendered as PDF/A when the package is built
        byteSize: null,
        read: book.render,
      });
    } else warnings.push(`Sammanträdet ${meeting.date} har ingen upprättad kallelse (kallelseboken); paketet får protokollet och underlagen utan den.`);

    const protocolRef = joinRefs(view.decisions.map((d) => itemRef.get(d.agendaItemId)));
    sources.push({
      kind: 'protokoll',
      label: `Protokoll ${body.name} ${meeting.date}, justerat ${view.adjustedOn}`,
      fileName: `protokoll-${meeting.date}.pdf`,
      meeting,
      paragraph: null,
      itemNumber: null,
      mediaType: 'application/pdf',
      created: signedAt,
      secrecyRef: protocolRef,
      byteSize: null,
      read: async () => {
        const f = await minutes.minutesFile(db, SYSTEM, meeting.id, null, files);
        if (f.audience !== 'original' || !f.stored) throw new DomainError('archive-not-original', `Det justerade originalprotokollet från ${meeting.date} kunde inte läsas.`, { status: 500 });
        return { bytes: f.pdf, sha256: f.sha256 };
      },
    });
    for (const d of view.decisions.filter((x) => x.paragraph !== null).sort((a, b) => a.paragraph! - b.paragraph!)) {
      sources.push({
        kind: 'utdrag',
        label: `Protokollsutdrag § ${d.paragraph} ${d.itemTitle}`,
        fileName: `utdrag/protokollsutdrag-${meeting.date}-paragraf-${String(d.paragraph).padStart(2, '0')}.pdf`,
        meeting,
        paragraph: d.paragraph,
        itemNumber: d.itemNumber,
        mediaType: 'application/pdf',
        created: signedAt,
        secrecyRef: itemRef.get(d.agendaItemId) ?? null,
        byteSize: null,
        read: async () => {
          const f = await minutes.minutesFile(db, SYSTEM, meeting.id, d.paragraph, files);
          return { bytes: f.pdf, sha256: f.sha256 };
        },
      });
    }
    for (const item of meeting.items) {
      for (const a of attachments.get(item.id) ?? []) {
        const sha = a.sha256!;
        sources.push({
          kind: 'underlag',
          label: `Punkt ${item.number}: ${a.title}`,
          fileName: `underlag/punkt-${String(item.number).padStart(2, '0')}/${archiveFileName(a.fileName)}`,
          meeting,
          paragraph: view.decisions.find((d) => d.agendaItemId === item.id)?.paragraph ?? null,
          itemNumber: item.number,
          mediaType: a.mediaType,
          created: a.uploadedAt,
          secrecyRef: a.secrecyRef,
          byteSize: a.byteSize,
          read: () => readChecked(files, sha, `Beslutsunderlaget ${a.fileName}`),
        });
      }
    }
  }
  const first = chosen[0]!.meeting;
  return {
    body,
    scope,
    label: packageLabel(body.name, scope, first.date),
    fileName: packageFileName(body.name, scope, first.date),
    meetings: chosen,
    excluded,
    sources,
    warnings,
  };
}

function packaged(meeting: MeetingDetail, view: MinutesView): PackageMeeting {
  return { id: meeting.id, date: meeting.date, adjustedOn: view.adjustedOn!, paragraphs: paragraphRange(view.decisions.map((d) => d.paragraph).filter((p): p is number => p !== null)) };
}

/** What the package of a meeting or a year will hold, for the page (nothing is rendered or recorded). */
export async function planView(db: Db, actor: Actor, q: ArchiveQuery, files: FileStore = new FileStore(), config: ArchiveConfig = archiveConfigFromEnv()): Promise<ArchivePlanView> {
  authorize(actor, 'archive.export');
  const p = await plan(db, actor, q, files);
  return {
    bodyId: p.body.id,
    bodyName: p.body.name,
    scope: p.scope.kind,
    year: p.scope.kind === 'year' ? p.scope.year : null,
    label: p.label,
    fileName: p.fileName,
    meetings: p.meetings.map((m) => ({ ...m.packaged, documentCount: p.sources.filter((s) => s.meeting.id === m.meeting.id).length })),
    excluded: p.excluded,
    documents: p.sources.map((s) => ({
      kind: s.kind,
      kindLabel: KIND_LABEL[s.kind],
      label: s.label,
      meetingDate: s.meeting.date,
      paragraph: s.paragraph,
      itemNumber: s.itemNumber,
      byteSize: s.byteSize,
      secrecyRef: s.secrecyRef,
    })),
    secretCount: p.sources.filter((s) => s.secrecyRef).length,
    warnings: p.warnings,
    problems: configProblems(config),
    config,
  };
}

export interface BuiltPackage {
  delivery: DeliveryView;
  /** The tar on disk (a temporary directory the caller removes with `cleanup`). */
  file: string;
  cleanup: () => Promise<void>;
}

export interface BuildOptions {
  files?: FileStore;
  config?: ArchiveConfig;
  softwareVersion?: string;
  now?: Date;
}

/**
 * Builds the SIP as a tar and records the delivery (one transaction, with
 * its audit entry, once the tar is complete): every document is read from
 * the file store and checked against its hash, the METS and PREMIS list each
 * with its size and SHA-256. Secret papers go in with their mark, and the
 * read is audited per meeting.
 */
export async function buildPackage(db: Db, actor: Actor, q: ArchiveQuery, opts: BuildOptions = {}): Promise<BuiltPackage> {
  authorize(actor, 'archive.export');
  const files = opts.files ?? new FileStore();
  const config = opts.config ?? archiveConfigFromEnv();
  const problems = configProblems(config);
  if (problems.length) throw new DomainError('archive-not-configured', problems.join(' '), { status: 409 });
  const p = await plan(db, actor, q, files);
  const now = opts.now ?? new Date();
  const objid = `uuid-${randomUUID()}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'styrbord-arkiv-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const tarPath = path.join(dir, p.fileName);
  const tar = await TarWriter.create(tarPath);
  try {
    const root = `${objid}/`;
    const repRoot = `representations/${REPRESENTATION}/`;
    const taken = new Set<string>();
    const packagedFiles: PackageFile[] = [];
    for (const [i, s] of p.sources.entries()) {
      const { bytes, sha256 } = await s.read();
      if (sha256Of(bytes) !== sha256) throw new DomainError('file-corrupt', `${s.label} stämmer inte med sin kontrollsumma. Återställ fillagret från säkerhetskopian.`, { status: 500 });
      const rel = uniquePath(taken, `data/${s.meeting.date}/${s.fileName}`);
      const written = await tar.addBuffer(root + repRoot + rel, bytes, new Date(s.created));
      if (written !== sha256) throw new DomainError('file-corrupt', `${s.label} ändrades medan paketet skrevs.`, { status: 500 });
      packagedFiles.push({
        id: `file-${i + 1}`,
        path: rel,
        kind: s.kind,
        label: s.label,
        mediaType: s.mediaType,
        size: bytes.length,
        sha256,
        created: new Date(s.created).toISOString(),
        meetingId: s.meeting.id,
        meetingDate: s.meeting.date,
        paragraph: s.paragraph,
        itemNumber: s.itemNumber,
        secrecyRef: s.secrecyRef,
        format: detectFormat(bytes, s.mediaType),
      });
    }
    const spec: PackageSpec = {
      objid,
      label: p.label,
      created: now.toISOString(),
      scope: p.scope,
      body: p.body,
      meetings: p.meetings.map((m) => m.packaged),
      files: packagedFiles,
      config,
      softwareVersion: opts.softwareVersion ?? process.env.npm_package_version ?? '0.1.0',
    };
    const put = async (name: string, xml: string): Promise<MetadataRef> => {
      const bytes = Buffer.from(xml, 'utf8');
      const sha256 = await tar.addBuffer(root + name, bytes, now);
      return { path: name.startsWith(repRoot) ? name.slice(repRoot.length) : name, size: bytes.length, sha256, mediaType: 'text/xml', created: spec.created };
    };
    const representation = await put(`${repRoot}METS.xml`, representationMets(spec));
    const descriptive = await put('metadata/descriptive/dc.xml', dublinCore(spec));
    const preservation = await put('metadata/preservation/premis.xml', premisXml(spec));
    await put('METS.xml', rootMets(spec, { descriptive, preservation, representation: { ...representation, path: `${repRoot}METS.xml` } }));
    await tar.finish();

    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(tarPath)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    const secretCount = packagedFiles.filter((f) => f.secrecyRef).length;
    const row = await db.tx(async (trx) => {
      const inserted = await store.insertDelivery(trx, {
        package_id: objid,
        body_id: p.body.id,
        scope: p.scope.kind,
        meeting_id: p.scope.kind === 'meeting' ? p.scope.meetingId : null,
        year: p.scope.kind === 'year' ? p.scope.year : null,
        meeting_ids: p.meetings.map((m) => m.meeting.id),
        file_count: packagedFiles.length,
        secret_count: secretCount,
        byte_size: size,
        sha256: hash.digest('hex'),
        file_name: p.fileName,
        created_by: actor.id,
      });
      for (const m of p.meetings) {
        const refs = packagedFiles.filter((f) => f.meetingId === m.meeting.id && f.secrecyRef).map((f) => f.secrecyRef);
        if (refs.length) await meetings.recordSecretRead(trx, actor, { entity: 'meeting', entityId: m.meeting.id, meetingId: m.meeting.id, secrecyRefs: refs.flatMap((r) => r!.split('; ')), detail: { read: 'arkivleverans', packageId: objid } });
      }
      await audit(trx, {
        actor: actor.id,
        action: 'archive.deliver',
        entity: 'archive_delivery',
        entityId: inserted.id,
        after: { packageId: objid, bodyId: p.body.id, scope: p.scope, meetings: p.meetings.map((m) => m.meeting.date), files: packagedFiles.length, secret: secretCount, sha256: inserted.sha256, byteSize: size },
      });
      return inserted;
    });
    return { delivery: toDelivery(row), file: tarPath, cleanup };
  } catch (e) {
    await tar.abort();
    await cleanup();
    throw e;
  }
}

/** The deliveries made, newest first (of one body, or all). */
export async function listDeliveries(db: Db, actor: Actor, bodyId?: number): Promise<DeliveryView[]> {
  authorize(actor, 'archive.export');
  return (await store.listDeliveries(db.kysely, bodyId)).map(toDelivery);
}

/** The archive's identifiers as configured, and what is missing, for the page. */
export function settings(actor: Actor, config: ArchiveConfig = archiveConfigFromEnv()): { config: ArchiveConfig; problems: string[] } {
  authorize(actor, 'archive.export');
  return { config, problems: configProblems(config) };
}
