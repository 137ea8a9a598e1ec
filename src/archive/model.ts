/**
 * The e-archive delivery (issue 21.5): an FGS/E-ARK SIP of a body's adjusted
 * meetings, one meeting or a whole year, built from records. Pure: the
 * package's plan, file names inside it, the METS documents (root and
 * representation), the PREMIS preservation metadata and the Dublin Core
 * description, as strings. The service reads the files and writes the tar.
 *
 * Package (E-ARK CSIP 2 / SIP, which FGS Paketstruktur follows):
 *   <OBJID>/METS.xml                                  root METS: the package
 *   <OBJID>/metadata/descriptive/dc.xml               Dublin Core (dmdSec)
 *   <OBJID>/metadata/preservation/premis.xml          PREMIS 3 (digiprovMD)
 *   <OBJID>/representations/rep1/METS.xml             the representation's METS
 *   <OBJID>/representations/rep1/data/<datum>/…       the documents
 */
import { DomainError } from '../kernel/errors.ts';

export const CSIP_PROFILE = 'https://earksip.dilcis.eu/profile/E-ARK-SIP.xml';
export const METS_NS = 'http://www.loc.gov/METS/';
export const PREMIS_NS = 'http://www.loc.gov/premis/v3';
export const CSIP_NS = 'https://DILCIS.eu/XML/METS/CSIPExtensionMETS';
export const SIP_NS = 'https://DILCIS.eu/XML/METS/SIPExtensionMETS';
export const REPRESENTATION = 'rep1';

/** The region's archive identifiers, from the environment (docs/archive.md). */
export interface ArchiveConfig {
  /** Arkivbildare: the organisation whose records these are (ARCHIVE_CREATOR; default the body's organisation). */
  creator: string | null;
  /** Arkivbildarens identitet, e.g. the organisationsnummer (ARCHIVE_CREATOR_ID). Required. */
  creatorId: string | null;
  /** The receiving e-archive (ARCHIVE_NAME) and its identifier (ARCHIVE_ID). */
  archive: string | null;
  archiveId: string | null;
  /** The system the records come from (ARCHIVE_SYSTEM; default "Styrbord"). */
  system: string;
  /** Leveransöverenskommelse: the submission agreement's reference (ARCHIVE_AGREEMENT). */
  agreement: string | null;
  /** Arkivets referenskod / the series the records belong to (ARCHIVE_REFERENCE_CODE). */
  referenceCode: string | null;
}

export const CONFIG_VARIABLES: Record<keyof ArchiveConfig, string> = {
  creator: 'ARCHIVE_CREATOR',
  creatorId: 'ARCHIVE_CREATOR_ID',
  archive: 'ARCHIVE_NAME',
  archiveId: 'ARCHIVE_ID',
  system: 'ARCHIVE_SYSTEM',
  agreement: 'ARCHIVE_AGREEMENT',
  referenceCode: 'ARCHIVE_REFERENCE_CODE',
};

const env1 = (env: NodeJS.ProcessEnv, name: string): string | null => {
  const v = env[name]?.trim();
  return v ? v.slice(0, 300) : null;
};

export function archiveConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ArchiveConfig {
  return {
    creator: env1(env, CONFIG_VARIABLES.creator),
    creatorId: env1(env, CONFIG_VARIABLES.creatorId),
    archive: env1(env, CONFIG_VARIABLES.archive),
    archiveId: env1(env, CONFIG_VARIABLES.archiveId),
    system: env1(env, CONFIG_VARIABLES.system) ?? 'Styrbord',
    agreement: env1(env, CONFIG_VARIABLES.agreement),
    referenceCode: env1(env, CONFIG_VARIABLES.referenceCode),
  };
}

/** What is missing for a delivery (Swedish, for the page and the refusal); empty when it may be built. */
export function configProblems(c: ArchiveConfig): string[] {
  return c.creatorId ? [] : [`Arkivbildarens identitet saknas: sätt miljövariabeln ${CONFIG_VARIABLES.creatorId} (till exempel regionens organisationsnummer) och starta om Styrbord.`];
}

export type FileKind = 'kallelse' | 'protokoll' | 'utdrag' | 'underlag';

export const KIND_LABEL: Record<FileKind, string> = {
  kallelse: 'Kallelse med föredragningslista',
  protokoll: 'Justerat protokoll',
  utdrag: 'Protokollsutdrag',
  underlag: 'Beslutsunderlag',
};

export interface FileFormat {
  name: string;
  version: string | null;
}

/** One document in the package (its path is inside the representation: data/…). */
export interface PackageFile {
  /** xsd:ID in the METS and PREMIS documents. */
  id: string;
  path: string;
  kind: FileKind;
  label: string;
  mediaType: string;
  size: number;
  sha256: string;
  /** When the document was made (ISO instant): the book built, the protokoll adjusted, the file uploaded. */
  created: string;
  meetingId: number;
  meetingDate: string;
  paragraph: number | null;
  itemNumber: number | null;
  /** Legal reference when the document is secret (OSL); the archive keeps it with the mark. */
  secrecyRef: string | null;
  format: FileFormat;
}

export interface PackageMeeting {
  id: number;
  date: string;
  adjustedOn: string;
  /** "§§ 1–12" */
  paragraphs: string;
}

export interface PackageSpec {
  /** The package's OBJID: "uuid-" and a UUID (a valid xsd:ID). */
  objid: string;
  label: string;
  /** ISO instant the package was made. */
  created: string;
  scope: { kind: 'meeting'; meetingId: number } | { kind: 'year'; year: number };
  body: { id: number; name: string; organisation: string };
  meetings: PackageMeeting[];
  files: PackageFile[];
  config: ArchiveConfig;
  softwareVersion: string;
}

/** A metadata file as it lies in the package, for the METS that points to it. */
export interface MetadataRef {
  path: string;
  size: number;
  sha256: string;
  mediaType: string;
  created: string;
}

// ── names ──

const FOLD: Record<string, string> = { å: 'a', ä: 'a', ö: 'o', Å: 'A', Ä: 'A', Ö: 'O', é: 'e', É: 'E', ü: 'u', Ü: 'U', '§': 'p' };

/** A file name safe in every archive system: ASCII letters, digits, dot, dash and underscore, at most 80 characters, the extension kept. */
export function archiveFileName(name: string, fallback = 'dokument'): string {
  const ascii = (t: string) =>
    [...t.normalize('NFC')]
      .map((c) => FOLD[c] ?? c)
      .join('')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '');
  const m = /\.([A-Za-z0-9]{1,6})$/.exec(name.trim());
  const ext = m ? `.${m[1]}` : '';
  const base = ascii(m ? name.trim().slice(0, -ext.length) : name).slice(0, 80 - ext.length).replace(/[-.]+$/g, '');
  return (base || fallback) + ext;
}

/** Makes each path unique within a package: a second "a.pdf" in the same folder becomes "a-2.pdf". */
export function uniquePath(taken: Set<string>, path: string): string {
  let candidate = path;
  const dot = path.lastIndexOf('.');
  const slash = path.lastIndexOf('/');
  const [stem, ext] = dot > slash + 1 ? [path.slice(0, dot), path.slice(dot)] : [path, ''];
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem}-${n}${ext}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** The format as PREMIS names it: PDF/A with its part and conformance when the file's XMP says so (pdfaid), else PDF with its header's version. */
export function detectFormat(bytes: Uint8Array, mediaType: string): FileFormat {
  if (mediaType !== 'application/pdf') return { name: mediaType, version: null };
  const head = Buffer.from(bytes.subarray(0, 16)).toString('latin1');
  const version = /%PDF-(\d\.\d)/.exec(head)?.[1] ?? null;
  // the XMP packet is uncompressed in a PDF/A (ISO 19005 requires it to be readable): look for pdfaid
  const text = Buffer.from(bytes).toString('latin1');
  const part = /pdfaid:part\s*(?:=\s*["'](\d)["']|>\s*(\d)\s*<)/.exec(text);
  if (part) {
    const conf = /pdfaid:conformance\s*(?:=\s*["']([A-Za-z])["']|>\s*([A-Za-z])\s*<)/.exec(text);
    const p = part[1] ?? part[2];
    const c = (conf?.[1] ?? conf?.[2] ?? '').toLowerCase();
    return { name: `PDF/A-${p}${c}`, version };
  }
  return { name: 'PDF', version };
}

export function paragraphRange(ps: number[]): string {
  const s = [...ps].sort((a, b) => a - b);
  if (s.length === 0) return 'inga paragrafer';
  if (s.length === 1) return `§ ${s[0]}`;
  return `§§ ${s[0]}–${s[s.length - 1]}`;
}

export function packageLabel(bodyName: string, scope: PackageSpec['scope'], meetingDate?: string): string {
  return scope.kind === 'meeting' ? `${bodyName}, sammanträde ${meetingDate}` : `${bodyName}, sammanträden ${scope.year}`;
}

/** The tar's file name: "arkiv-regional-tillvaxtnamnd-2020-02-14.tar". */
export function packageFileName(bodyName: string, scope: PackageSpec['scope'], meetingDate?: string): string {
  const what = scope.kind === 'meeting' ? meetingDate! : String(scope.year);
  return `arkiv-${archiveFileName(bodyName.toLowerCase(), 'namnd')}-${what}.tar`;
}

// ── XML ──

export function xmlEscape(s: string): string {
  // characters XML 1.0 cannot hold are dropped
  return s
    .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

type Attrs = Record<string, string | number | null | undefined>;

const attrs = (a: Attrs): string =>
  Object.entries(a)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');

/** One element: text content (escaped) or children (already XML). */
function el(name: string, a: Attrs, ...children: Array<string | null | undefined | false>): string {
  const body = children.filter((c): c is string => typeof c === 'string').join('');
  return body ? `<${name}${attrs(a)}>${body}</${name}>` : `<${name}${attrs(a)}/>`;
}
const text = (name: string, value: string | number, a: Attrs = {}) => `<${name}${attrs(a)}>${xmlEscape(String(value))}</${name}>`;

const HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';

function checkId(id: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9._-]*$/.test(id)) throw new DomainError('archive-bad-id', `Identiteten ${id} kan inte användas i METS (xsd:ID).`, { status: 500 });
  return id;
}

function metsHdr(spec: PackageSpec, recordStatus = 'NEW'): string {
  const c = spec.config;
  return el(
    'mets:metsHdr',
    { CREATEDATE: spec.created, RECORDSTATUS: recordStatus, 'csip:OAISPACKAGETYPE': 'SIP' },
    el('mets:agent', { ROLE: 'CREATOR', TYPE: 'OTHER', OTHERTYPE: 'SOFTWARE' }, text('mets:name', c.system), text('mets:note', spec.softwareVersion, { 'csip:NOTETYPE': 'SOFTWARE VERSION' })),
    el('mets:agent', { ROLE: 'ARCHIVIST', TYPE: 'ORGANIZATION' }, text('mets:name', c.creator ?? spec.body.organisation), c.creatorId ? text('mets:note', c.creatorId, { 'csip:NOTETYPE': 'IDENTIFICATIONCODE' }) : null),
    el('mets:agent', { ROLE: 'OTHER', OTHERROLE: 'SUBMITTER', TYPE: 'ORGANIZATION' }, text('mets:name', `${c.creator ?? spec.body.organisation}, ${spec.body.name}`), c.creatorId ? text('mets:note', c.creatorId, { 'csip:NOTETYPE': 'IDENTIFICATIONCODE' }) : null),
    c.archive ? el('mets:agent', { ROLE: 'PRESERVATION', TYPE: 'ORGANIZATION' }, text('mets:name', c.archive), c.archiveId ? text('mets:note', c.archiveId, { 'csip:NOTETYPE': 'IDENTIFICATIONCODE' }) : null) : null,
    c.agreement ? text('mets:altRecordID', c.agreement, { TYPE: 'SUBMISSIONAGREEMENT' }) : null,
    c.referenceCode ? text('mets:altRecordID', c.referenceCode, { TYPE: 'REFERENCECODE' }) : null,
  );
}

function metsRoot(spec: PackageSpec, objid: string, label: string, ...children: string[]): string {
  return (
    HEADER +
    el(
      'mets:mets',
      {
        'xmlns:mets': METS_NS,
        'xmlns:xlink': 'http://www.w3.org/1999/xlink',
        'xmlns:csip': CSIP_NS,
        'xmlns:sip': SIP_NS,
        'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
        'xsi:schemaLocation': `${METS_NS} http://www.loc.gov/standards/mets/mets.xsd http://www.w3.org/1999/xlink http://www.loc.gov/standards/xlink/xlink.xsd`,
        OBJID: objid,
        LABEL: label,
        TYPE: 'Textual works – Digital',
        'csip:CONTENTINFORMATIONTYPE': 'MIXED',
        PROFILE: CSIP_PROFILE,
      },
      ...children,
    ) +
    '\n'
  );
}

const ref = (href: string) => ({ LOCTYPE: 'URL', 'xlink:type': 'simple', 'xlink:href': href });
const fixity = (m: { size: number; sha256: string; mediaType: string; created: string }) => ({ MIMETYPE: m.mediaType, SIZE: m.size, CREATED: m.created, CHECKSUM: m.sha256, CHECKSUMTYPE: 'SHA-256' });

/** The representation's METS: every document with its size and SHA-256, grouped per meeting in the structural map. */
export function representationMets(spec: PackageSpec): string {
  for (const f of spec.files) checkId(f.id);
  const fileGrp = el(
    'mets:fileGrp',
    { ID: 'grp-data', USE: 'Data' },
    ...spec.files.map((f) => el('mets:file', { ID: f.id, ...fixity(f) }, el('mets:FLocat', ref(f.path)))),
  );
  const meetingDivs = spec.meetings.map((m, i) =>
    el(
      'mets:div',
      { ID: `div-meeting-${m.id}`, LABEL: `Sammanträde ${m.date}`, TYPE: 'Sammanträde', ORDER: i + 1 },
      ...spec.files.filter((f) => f.meetingId === m.id).map((f) => el('mets:div', { LABEL: f.label, TYPE: KIND_LABEL[f.kind] }, el('mets:fptr', { FILEID: f.id }))),
    ),
  );
  return metsRoot(
    spec,
    `${spec.objid}-${REPRESENTATION}`,
    `${spec.label} (${REPRESENTATION})`,
    metsHdr(spec),
    el('mets:fileSec', { ID: 'filesec-rep1' }, fileGrp),
    el('mets:structMap', { ID: 'structmap-rep1', TYPE: 'PHYSICAL', LABEL: 'CSIP' }, el('mets:div', { ID: 'div-rep1', LABEL: REPRESENTATION }, el('mets:div', { ID: 'div-rep1-data', LABEL: 'Data' }, ...meetingDivs))),
  );
}

/** The root METS: the description and preservation metadata, and the representation's METS, each with size and SHA-256. */
export function rootMets(spec: PackageSpec, refs: { descriptive: MetadataRef; preservation: MetadataRef; representation: MetadataRef }): string {
  checkId(spec.objid);
  return metsRoot(
    spec,
    spec.objid,
    spec.label,
    metsHdr(spec),
    el('mets:dmdSec', { ID: 'dmd-dc', CREATED: refs.descriptive.created, STATUS: 'CURRENT' }, el('mets:mdRef', { ...ref(refs.descriptive.path), MDTYPE: 'DC', ...fixity(refs.descriptive) })),
    el('mets:amdSec', { ID: 'amd-1' }, el('mets:digiprovMD', { ID: 'digiprov-premis', CREATED: refs.preservation.created, STATUS: 'CURRENT' }, el('mets:mdRef', { ...ref(refs.preservation.path), MDTYPE: 'PREMIS', ...fixity(refs.preservation) }))),
    el(
      'mets:fileSec',
      { ID: 'filesec-root' },
      el('mets:fileGrp', { ID: 'grp-rep1', USE: `Representations/${REPRESENTATION}` }, el('mets:file', { ID: 'file-rep1-mets', ...fixity(refs.representation) }, el('mets:FLocat', ref(refs.representation.path)))),
    ),
    el(
      'mets:structMap',
      { ID: 'structmap-root', TYPE: 'PHYSICAL', LABEL: 'CSIP' },
      el(
        'mets:div',
        { ID: 'div-root', LABEL: spec.objid },
        el('mets:div', { ID: 'div-metadata', LABEL: 'Metadata', DMDID: 'dmd-dc', ADMID: 'digiprov-premis' }),
        el('mets:div', { ID: 'div-rep1-root', LABEL: `Representations/${REPRESENTATION}` }, el('mets:mptr', { ...ref(refs.representation.path), 'xlink:title': 'grp-rep1' })),
      ),
    ),
  );
}

const AGENT_SOFTWARE = 'agent-software';
const AGENT_CREATOR = 'agent-arkivbildare';
const EVENT_CREATION = 'event-package-creation';

function idf(kind: 'object' | 'event' | 'agent' | 'rightsStatement', type: string, value: string): string {
  return el(`premis:${kind}Identifier`, {}, text(`premis:${kind}IdentifierType`, type), text(`premis:${kind}IdentifierValue`, value));
}

/**
 * PREMIS 3: each document as an object (its path, SHA-256, size, format and
 * original label), the package's creation as an event, the software and the
 * arkivbildare as agents, and a rights statement (statute: the OSL
 * reference) for every document marked secret.
 */
export function premisXml(spec: PackageSpec): string {
  const rep = `representations/${REPRESENTATION}/`;
  const objects = spec.files.map((f) =>
    el(
      'premis:object',
      { 'xsi:type': 'premis:file' },
      idf('object', 'local', f.id),
      idf('object', 'filepath', rep + f.path),
      el(
        'premis:significantProperties',
        {},
        text('premis:significantPropertiesType', 'dokumenttyp'),
        text('premis:significantPropertiesValue', KIND_LABEL[f.kind]),
      ),
      f.secrecyRef
        ? el('premis:significantProperties', {}, text('premis:significantPropertiesType', 'sekretess'), text('premis:significantPropertiesValue', f.secrecyRef))
        : null,
      el(
        'premis:objectCharacteristics',
        {},
        text('premis:compositionLevel', 0),
        el('premis:fixity', {}, text('premis:messageDigestAlgorithm', 'SHA-256'), text('premis:messageDigest', f.sha256), text('premis:messageDigestOriginator', spec.config.system)),
        text('premis:size', f.size),
        el('premis:format', {}, el('premis:formatDesignation', {}, text('premis:formatName', f.format.name), f.format.version ? text('premis:formatVersion', f.format.version) : null)),
        el('premis:creatingApplication', {}, text('premis:creatingApplicationName', spec.config.system), text('premis:dateCreatedByApplication', f.created)),
      ),
      text('premis:originalName', f.label),
      el('premis:linkingEventIdentifier', {}, text('premis:linkingEventIdentifierType', 'local'), text('premis:linkingEventIdentifierValue', EVENT_CREATION)),
      f.secrecyRef ? el('premis:linkingRightsStatementIdentifier', {}, text('premis:linkingRightsStatementIdentifierType', 'local'), text('premis:linkingRightsStatementIdentifierValue', `rights-${f.id}`)) : null,
    ),
  );
  const event = el(
    'premis:event',
    {},
    idf('event', 'local', EVENT_CREATION),
    text('premis:eventType', 'creation'),
    text('premis:eventDateTime', spec.created),
    el('premis:eventDetailInformation', {}, text('premis:eventDetail', `Leveranspaket till e-arkivet skapat: ${spec.label}, ${spec.files.length} dokument, kontrollsummor SHA-256.`)),
    el('premis:eventOutcomeInformation', {}, text('premis:eventOutcome', 'success')),
    el('premis:linkingAgentIdentifier', {}, text('premis:linkingAgentIdentifierType', 'local'), text('premis:linkingAgentIdentifierValue', AGENT_SOFTWARE), text('premis:linkingAgentRole', 'executing program')),
    el('premis:linkingAgentIdentifier', {}, text('premis:linkingAgentIdentifierType', 'local'), text('premis:linkingAgentIdentifierValue', AGENT_CREATOR), text('premis:linkingAgentRole', 'arkivbildare')),
  );
  const agents = [
    el('premis:agent', {}, idf('agent', 'local', AGENT_SOFTWARE), text('premis:agentName', spec.config.system), text('premis:agentType', 'software'), text('premis:agentVersion', spec.softwareVersion)),
    el(
      'premis:agent',
      {},
      idf('agent', 'local', AGENT_CREATOR),
      spec.config.creatorId ? idf('agent', 'arkivbildare-id', spec.config.creatorId) : null,
      text('premis:agentName', spec.config.creator ?? spec.body.organisation),
      text('premis:agentType', 'organization'),
    ),
  ];
  const rights = spec.files
    .filter((f) => f.secrecyRef)
    .map((f) =>
      el(
        'premis:rights',
        {},
        el(
          'premis:rightsStatement',
          {},
          idf('rightsStatement', 'local', `rights-${f.id}`),
          text('premis:rightsBasis', 'statute'),
          el(
            'premis:statuteInformation',
            {},
            text('premis:statuteJurisdiction', 'SE'),
            text('premis:statuteCitation', f.secrecyRef!),
            text('premis:statuteNote', 'Handlingen är sekretessmarkerad i Styrbord: sekretessprövning krävs innan den lämnas ut (offentlighets- och sekretesslagen).'),
          ),
          el('premis:linkingObjectIdentifier', {}, text('premis:linkingObjectIdentifierType', 'local'), text('premis:linkingObjectIdentifierValue', f.id)),
        ),
      ),
    );
  return (
    HEADER +
    el(
      'premis:premis',
      {
        'xmlns:premis': PREMIS_NS,
        'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
        'xsi:schemaLocation': `${PREMIS_NS} http://www.loc.gov/standards/premis/v3/premis-v3-0.xsd`,
        version: '3.0',
      },
      ...objects,
      event,
      ...agents,
      ...rights,
    ) +
    '\n'
  );
}

/** Dublin Core (oai_dc) of the package: title, arkivbildare, dates, what it holds, and the secrecy note when any document is secret. */
export function dublinCore(spec: PackageSpec): string {
  const dates = spec.meetings.map((m) => m.date).sort();
  const secret = spec.files.filter((f) => f.secrecyRef);
  const refs = [...new Set(secret.map((f) => f.secrecyRef!))];
  return (
    HEADER +
    el(
      'oai_dc:dc',
      { 'xmlns:oai_dc': 'http://www.openarchives.org/OAI/2.0/oai_dc/', 'xmlns:dc': 'http://purl.org/dc/elements/1.1/' },
      text('dc:title', spec.label),
      text('dc:creator', spec.config.creator ?? spec.body.organisation),
      text('dc:contributor', spec.body.name),
      text('dc:publisher', spec.config.creator ?? spec.body.organisation),
      ...spec.meetings.map((m) => text('dc:date', m.date)),
      text('dc:type', 'Kallelser, protokoll, protokollsutdrag och beslutsunderlag'),
      text('dc:format', 'application/pdf'),
      text('dc:identifier', spec.objid),
      spec.config.referenceCode ? text('dc:relation', spec.config.referenceCode) : null,
      text('dc:language', 'sv'),
      text('dc:coverage', dates.length > 1 ? `${dates[0]}/${dates[dates.length - 1]}` : (dates[0] ?? '')),
      text(
        'dc:description',
        spec.meetings.map((m) => `Sammanträde ${m.date}, protokollet justerat ${m.adjustedOn}, ${m.paragraphs}.`).join(' '),
      ),
      text(
        'dc:rights',
        secret.length
          ? `${secret.length} dokument är sekretessmarkerade (${refs.join('; ')}); markeringen följer med i PREMIS. Sekretessprövning krävs innan de lämnas ut.`
          : 'Allmänna handlingar; inga dokument är sekretessmarkerade.',
      ),
    ) +
    '\n'
  );
}
