/**
 * The open-data API in the shape of OParl 1.1 (https://schema.oparl.org/1.1/),
 * as pure functions: the public records of every body go in, the whole graph
 * of OParl objects (System → Body → Organization, Person, Membership, Meeting,
 * AgendaItem, Paper, Consultation, File, Location, LegislativeTerm) comes out,
 * plus the list pages with OParl's pagination and filters. No I/O here; the
 * records are read through the services by oparlSource.ts.
 *
 * What is published is decided here too: minutes count only when adjusted
 * (`publishedMinutes`), votes only as counts, files only when not secret
 * (`publicFile`), and no contact data, presenters or notes at all.
 * Vendor extensions are prefixed "styrbord:" (docs/oparl.md).
 */
import { createHash } from 'node:crypto';
import type { AgendaItemView, BodyDetail, MeetingDetail, MembershipView, MinutesView } from '../http/contract.ts';
import { DomainError } from '../kernel/errors.ts';
import { addDays, todayInStockholm } from '../kernel/dates.ts';
import { maskPersonalNumbers } from './mask.ts';

export const OPARL_VERSION = 'https://schema.oparl.org/1.1/';
export const LICENSE = 'https://creativecommons.org/publicdomain/zero/1.0/';
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;

export type OParlType =
  | 'System' | 'Body' | 'Organization' | 'Person' | 'Membership' | 'Meeting' | 'AgendaItem'
  | 'Paper' | 'Consultation' | 'File' | 'Location' | 'LegislativeTerm';

export interface OParlObject {
  id: string;
  type: string;
  created?: string;
  modified?: string;
  [key: string]: unknown;
}

const typeUrl = (t: OParlType) => `${OPARL_VERSION}${t}`;

// ── The public records (input) ────────────────────────────────────────────

export interface PublishedVotes {
  ja: number;
  nej: number;
  avstår: number;
  /** A tie decided by the chair's casting vote (6 kap. 33 § kommunallagen). */
  castingVote: boolean;
  summary: string | null;
}

export interface PublishedDecision {
  agendaItemId: number;
  paragraph: number | null;
  result: string;
  clauses: string[];
  votes: PublishedVotes | null;
  finalOn: string | null;
}

/** What adjusted minutes publish: no attendance, no names of voters, no reservations or notes. */
export interface PublishedMinutes {
  meetingId: number;
  adjustedOn: string | null;
  /** When the last adjuster signed (the minutes were locked), an ISO instant. */
  adjustedAt: string | null;
  noticePostedOn: string | null;
  appealLastDay: string | null;
  decisions: PublishedDecision[];
}

export interface PublicFile {
  id: number;
  agendaItemId: number;
  title: string;
  fileName: string;
  mediaType: string;
  byteSize: number;
  sha256: string;
  uploadedAt: string;
}

export interface PublicCase {
  caseNumber: string;
  title: string;
  registeredOn: string | null;
}

/** A file that was published and has since become secret (its own mark or its item's): listed as deleted. */
export interface WithdrawnFile {
  id: number;
  agendaItemId: number;
  uploadedAt: string;
  /** When the mark that withdrew it was set (ISO instant). */
  withdrawnAt: string;
}

export interface MeetingRecord {
  /** The public version of the meeting (publish/public.ts). */
  meeting: MeetingDetail;
  minutes: PublishedMinutes | null;
  files: PublicFile[];
  /** Files of secret documents: OParl shows them as `deleted: true`. */
  withdrawn?: WithdrawnFile[];
}

export interface BodyRecord {
  body: BodyDetail;
  /** Oldest first. */
  meetings: MeetingRecord[];
}

export interface PublicRecords {
  bodies: BodyRecord[];
  cases: Map<string, PublicCase>;
}

const iso = (s: string) => new Date(s).toISOString();

/**
 * The minutes as they may be published: only adjusted (locked) minutes, and of
 * their decisions only the §, the outcome, the decided att-satser and the vote
 * counts. Anything else — drafts, numbered but unsigned minutes — gives null.
 */
export function publishedMinutes(view: MinutesView | null): PublishedMinutes | null {
  if (!view || !view.locked || view.status !== 'adjusted') return null;
  const signed = view.adjusters.map((a) => a.signedAt).filter((x): x is string => Boolean(x)).map(iso).sort();
  return {
    meetingId: view.meetingId,
    adjustedOn: view.adjustedOn,
    adjustedAt: signed.at(-1) ?? null,
    noticePostedOn: view.notice?.postedOn ?? null,
    appealLastDay: view.notice ? view.clock.appealLastDay : null,
    decisions: view.decisions.map((d) => ({
      agendaItemId: d.agendaItemId,
      paragraph: d.paragraph,
      result: d.outcomeLabel,
      clauses: d.clauses.map(maskPersonalNumbers),
      votes: d.votes ? countVotes(d.votes.map((v) => v.choice), d.voteSummary) : null,
      finalOn: view.notice ? d.finalOn : null,
    })),
  };
}

/** Vote counts without names; a recorded vote with as many ja as nej was decided by the chair's casting vote. */
export function countVotes(choices: Array<'ja' | 'nej' | 'avstår'>, summary: string | null = null): PublishedVotes {
  const n = (c: string) => choices.filter((x) => x === c).length;
  const ja = n('ja');
  const nej = n('nej');
  return { ja, nej, avstår: n('avstår'), castingVote: choices.length > 0 && ja === nej, summary };
}

/** An attachment as the public may have it: secret ones (their own mark or their item's) are left out (see `withdrawnFile`). */
export function publicFile(a: {
  id: number;
  agendaItemId: number;
  title: string;
  fileName: string;
  mediaType: string;
  byteSize: number | null;
  sha256: string | null;
  uploadedAt: string;
  secrecyRef: string | null;
}): PublicFile | null {
  if (a.secrecyRef || a.byteSize === null || a.sha256 === null) return null;
  return { id: a.id, agendaItemId: a.agendaItemId, title: maskPersonalNumbers(a.title), fileName: a.fileName, mediaType: a.mediaType, byteSize: a.byteSize, sha256: a.sha256, uploadedAt: iso(a.uploadedAt) };
}

/** A secret attachment as OParl lists it: only that it is gone, and since when (the latest mark on it or its item). */
export function withdrawnFile(
  a: { id: number; agendaItemId: number; decisionBasisId: number | null; uploadedAt: string; secrecyRef: string | null },
  item: Pick<AgendaItemView, 'secrecyRef' | 'secrecyChangedAt' | 'decisionBasis'>,
): WithdrawnFile | null {
  if (!a.secrecyRef) return null;
  const basis = item.decisionBasis.find((b) => b.id === a.decisionBasisId);
  const at = maxOf([a.uploadedAt, item.secrecyRef ? item.secrecyChangedAt : null, basis?.secrecyRef ? basis.secrecyChangedAt : null])!;
  return { id: a.id, agendaItemId: a.agendaItemId, uploadedAt: iso(a.uploadedAt), withdrawnAt: at };
}

// ── Small rules ───────────────────────────────────────────────────────────

/** Swedish terms of office: four years from 1 January after the elections (…, 2015–2018, 2019–2022, 2023–2026, …). */
export function termOf(date: string): { start: number; end: number; startDate: string; endDate: string; name: string } {
  const year = Number(date.slice(0, 4));
  const start = 2019 + 4 * Math.floor((year - 2019) / 4);
  const end = start + 3;
  return { start, end, startDate: `${start}-01-01`, endDate: `${end}-12-31`, name: `Mandatperioden ${start}–${end}` };
}

function offsetAt(instant: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Stockholm', timeZoneName: 'longOffset' })
    .formatToParts(new Date(instant))
    .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
}

/** Minutes east of UTC that Europe/Stockholm had at a wall-clock time (CET +60, CEST +120). */
export function stockholmOffset(date: string, time = '12:00'): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  for (const off of [60, 120]) if (offsetAt(wall - off * 60_000) === off) return off;
  return offsetAt(wall - 60 * 60_000);
}

const fmtOffset = (min: number) => `${min < 0 ? '-' : '+'}${String(Math.floor(Math.abs(min) / 60)).padStart(2, '0')}:${String(Math.abs(min) % 60).padStart(2, '0')}`;

/** "2020-02-14" + "10:00" → "2020-02-14T10:00:00+01:00" (the Swedish offset of that moment); "24:00" is the next midnight. */
export function stockholmDateTime(date: string, time: string): string {
  let [h, mi] = time.split(':').map(Number) as [number, number];
  let day = date;
  if (h >= 24) {
    day = addDays(date, 1);
    h -= 24;
  }
  const t = `${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`;
  return `${day}T${t}:00${fmtOffset(stockholmOffset(day, t))}`;
}

/** The role in a body as OParl's Membership.role, in Swedish. */
export function roleLabel(m: Pick<MembershipView, 'kind' | 'role'>): string {
  if (m.kind === 'substitute') return 'ersättare';
  return { chair: 'ordförande', 'first-vice-chair': 'vice ordförande', 'second-vice-chair': '2:e vice ordförande', member: 'ledamot' }[m.role];
}

/** The Swedish parliamentary parties by their usual abbreviations. */
export const PARTY_NAMES: Record<string, string> = {
  S: 'Socialdemokraterna',
  M: 'Moderaterna',
  SD: 'Sverigedemokraterna',
  C: 'Centerpartiet',
  V: 'Vänsterpartiet',
  KD: 'Kristdemokraterna',
  L: 'Liberalerna',
  MP: 'Miljöpartiet de gröna',
};

const CONSULTATION_ROLE: Record<AgendaItemView['kind'], string> = {
  decision: 'beslut',
  adjustment: 'justering',
  information: 'information',
  'delegation-report': 'anmälan',
  presentations: 'information',
};

/** OParl's meetingState in Swedish: adjusted minutes → genomfört; a kallelse sent → kallat; otherwise planerat. */
export function meetingState(m: MeetingDetail, minutes: PublishedMinutes | null): string {
  if (minutes) return 'genomfört';
  return m.source ? 'kallat' : 'planerat';
}

// ── Time stamps ───────────────────────────────────────────────────────────

interface Stamps {
  created?: string;
  modified?: string;
}

const maxOf = (xs: Array<string | null | undefined>) => xs.filter((x): x is string => Boolean(x)).map(iso).sort().at(-1);
const minOf = (xs: Array<string | null | undefined>) => xs.filter((x): x is string => Boolean(x)).map(iso).sort()[0];

/** The earliest created and the latest modified of several objects. */
function span(list: Stamps[]): Stamps {
  const created = minOf(list.map((s) => s.created));
  const modified = maxOf(list.map((s) => s.modified));
  return { ...(created ? { created } : {}), ...(modified ? { modified } : {}) };
}

// ── The graph ─────────────────────────────────────────────────────────────

export const LISTS = ['organizations', 'people', 'memberships', 'meetings', 'agenda-items', 'papers', 'consultations', 'files', 'locations', 'legislative-terms'] as const;
export type ListName = (typeof LISTS)[number];

export interface Graph {
  system: OParlObject;
  bodies: OParlObject[];
  /** Per body id, every list. */
  lists: Map<number, Record<ListName, OParlObject[]>>;
  /** Every object by its path below /oparl/v1 ("/meeting/3"). */
  byPath: Map<string, OParlObject>;
}

export class OParlUrls {
  readonly base: string;
  constructor(base: string) {
    this.base = base.replace(/\/+$/, '');
  }
  api(path: string): string {
    return `${this.base}/oparl/v1${path}`;
  }
  web(path: string): string {
    return `${this.base}${path}`;
  }
}

const locationKey = (place: string) => createHash('sha256').update(place.trim().replace(/\s+/g, ' ').toLowerCase()).digest('hex').slice(0, 12);
const dropUndefined = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));

/**
 * Builds every OParl object the records publish. Lists and single objects come
 * from the same graph, so an object reads the same wherever it is found.
 */
export function buildGraph(records: PublicRecords, base: string): Graph {
  const u = new OParlUrls(base);
  const byPath = new Map<string, OParlObject>();
  const put = (path: string, o: OParlObject) => {
    byPath.set(path, o);
    return o;
  };
  const obj = (path: string, type: OParlType, fields: Record<string, unknown>): OParlObject => ({ id: u.api(path), type: typeUrl(type), ...dropUndefined(fields) });

  const bodyUrl = (id: number) => u.api(`/body/${id}`);
  const gremiumPath = (id: number) => `/organization/body-${id}`;
  const partyPath = (p: string) => `/organization/party-${encodeURIComponent(p)}`;
  const meetingWeb = (id: number) => u.web(`/sammantraden/${id}`);
  const itemWeb = (meetingId: number, n: number) => u.web(`/sammantraden/${meetingId}#punkt-${n}`);
  const paperPath = (caseNumber: string) => `/paper/${encodeURIComponent(caseNumber)}`;

  // Per meeting: the stamps of each item and of the meeting.
  const itemStamps = new Map<number, Stamps>();
  const meetingStamps = new Map<number, Stamps>();
  for (const b of records.bodies) {
    for (const r of b.meetings) {
      const m = r.meeting;
      const always = [m.updatedAt, r.minutes?.adjustedAt];
      // a secrecy mark (set or lifted) changes what the item and the meeting publish
      const marks = (i: AgendaItemView) => [i.secrecyChangedAt, ...i.decisionBasis.map((b) => b.secrecyChangedAt)];
      const withdrawn = r.withdrawn ?? [];
      for (const i of m.items) {
        const own = [...r.files.filter((f) => f.agendaItemId === i.id).map((f) => f.uploadedAt), ...withdrawn.filter((f) => f.agendaItemId === i.id).map((f) => f.withdrawnAt), ...marks(i)];
        itemStamps.set(i.id, { created: m.createdAt ? iso(m.createdAt) : undefined, modified: maxOf([...always, ...own]) } as Stamps);
      }
      const all = [...r.files.map((f) => f.uploadedAt), ...withdrawn.map((f) => f.withdrawnAt), ...m.items.flatMap(marks)];
      meetingStamps.set(m.id, { created: m.createdAt ? iso(m.createdAt) : undefined, modified: maxOf([...always, ...all]) } as Stamps);
    }
  }
  const stampsOf = (s: Stamps | undefined): Stamps => span(s ? [s] : []);

  // ── Files ──
  const attachmentFile = (f: PublicFile, r: MeetingRecord, embedded: boolean): OParlObject => {
    const item = r.meeting.items.find((i) => i.id === f.agendaItemId);
    const access = u.web(`/api/attachments/${f.id}/file`);
    return obj(`/file/${f.id}`, 'File', {
      name: f.title,
      fileName: f.fileName,
      mimeType: f.mediaType,
      size: f.byteSize,
      date: todayInStockholm(new Date(f.uploadedAt)),
      accessUrl: access,
      downloadUrl: access,
      ...(embedded
        ? {}
        : {
            meeting: [u.api(`/meeting/${r.meeting.id}`)],
            agendaItem: [u.api(`/agendaitem/${f.agendaItemId}`)],
            paper: item?.caseNumber ? [u.api(paperPath(item.caseNumber))] : undefined,
          }),
      created: f.uploadedAt,
      modified: f.uploadedAt,
      'styrbord:sha256': f.sha256,
    });
  };
  // OParl 1.1 (2.3): a deleted object keeps its id and type, with deleted: true and the time it went
  const deletedFile = (f: WithdrawnFile): OParlObject => obj(`/file/${f.id}`, 'File', { deleted: true, created: f.uploadedAt, modified: f.withdrawnAt });
  const protocolFile = (r: MeetingRecord, embedded: boolean): OParlObject | null => {
    if (!r.minutes) return null;
    const access = u.web(`/api/meetings/${r.meeting.id}/minutes.pdf`);
    return obj(`/file/protokoll-${r.meeting.id}`, 'File', {
      name: `Protokoll ${r.meeting.bodyName} ${r.meeting.date}`,
      fileName: `protokoll-${r.meeting.date}.pdf`,
      mimeType: 'application/pdf',
      date: r.minutes.adjustedOn ?? undefined,
      accessUrl: access,
      downloadUrl: access,
      ...(embedded ? {} : { meeting: [u.api(`/meeting/${r.meeting.id}`)] }),
      created: r.minutes.adjustedAt ?? undefined,
      modified: r.minutes.adjustedAt ?? undefined,
    });
  };
  const extractFile = (r: MeetingRecord, i: AgendaItemView, d: PublishedDecision, embedded: boolean): OParlObject | null => {
    if (!r.minutes || d.paragraph === null) return null;
    const access = u.web(`/api/meetings/${r.meeting.id}/minutes/paragraphs/${d.paragraph}/extract.pdf`);
    return obj(`/file/utdrag-${i.id}`, 'File', {
      name: `Protokollsutdrag § ${d.paragraph} ${r.meeting.bodyName} ${r.meeting.date}`,
      fileName: `protokollsutdrag-${r.meeting.date}-p${d.paragraph}.pdf`,
      mimeType: 'application/pdf',
      date: r.minutes.adjustedOn ?? undefined,
      accessUrl: access,
      downloadUrl: access,
      ...(embedded
        ? {}
        : {
            meeting: [u.api(`/meeting/${r.meeting.id}`)],
            agendaItem: [u.api(`/agendaitem/${i.id}`)],
            paper: i.caseNumber ? [u.api(paperPath(i.caseNumber))] : undefined,
          }),
      created: r.minutes.adjustedAt ?? undefined,
      modified: r.minutes.adjustedAt ?? undefined,
    });
  };

  // ── Agenda items, consultations, meetings ──
  const agendaItem = (r: MeetingRecord, i: AgendaItemView, order: number): OParlObject => {
    const d = r.minutes?.decisions.find((x) => x.agendaItemId === i.id) ?? null;
    const files = r.files.filter((f) => f.agendaItemId === i.id).map((f) => attachmentFile(f, r, true));
    const extract = d ? extractFile(r, i, d, true) : null;
    return obj(`/agendaitem/${i.id}`, 'AgendaItem', {
      meeting: u.api(`/meeting/${r.meeting.id}`),
      number: String(i.number),
      order,
      name: i.title,
      public: !i.secrecyRef,
      consultation: i.caseNumber ? u.api(`/consultation/${i.id}`) : undefined,
      result: d?.result,
      resolutionText: d && d.clauses.length ? d.clauses.join('\n') : undefined,
      resolutionFile: extract ?? undefined,
      auxiliaryFile: files.length ? files : undefined,
      web: itemWeb(r.meeting.id, i.number),
      ...stampsOf(itemStamps.get(i.id)),
      ...(d
        ? {
            'styrbord:paragraph': d.paragraph ?? undefined,
            'styrbord:votes': d.votes ?? undefined,
            'styrbord:finalOn': d.finalOn ?? undefined,
          }
        : {}),
    });
  };

  const consultation = (r: MeetingRecord, i: AgendaItemView & { caseNumber: string }): OParlObject =>
    obj(`/consultation/${i.id}`, 'Consultation', {
      paper: u.api(paperPath(i.caseNumber)),
      agendaItem: u.api(`/agendaitem/${i.id}`),
      meeting: u.api(`/meeting/${r.meeting.id}`),
      organization: [u.api(gremiumPath(r.meeting.bodyId))],
      authoritative: i.kind === 'decision',
      role: CONSULTATION_ROLE[i.kind],
      web: itemWeb(r.meeting.id, i.number),
      ...stampsOf(itemStamps.get(i.id)),
    });

  const location = (place: string, at: MeetingRecord[], embedded: boolean): OParlObject =>
    obj(`/location/${locationKey(place)}`, 'Location', {
      description: place,
      ...(embedded
        ? {}
        : {
            meetings: at.map((r) => u.api(`/meeting/${r.meeting.id}`)),
            bodies: [...new Set(at.map((r) => r.meeting.bodyId))].map(bodyUrl),
          }),
      ...span(at.map((r) => stampsOf(meetingStamps.get(r.meeting.id)))),
    });

  // Where each place is used, over all bodies (a Location is shared).
  const places = new Map<string, { place: string; at: MeetingRecord[] }>();
  for (const b of records.bodies) {
    for (const r of b.meetings) {
      if (!r.meeting.place) continue;
      const k = locationKey(r.meeting.place);
      const p = places.get(k) ?? { place: r.meeting.place, at: [] };
      p.at.push(r);
      places.set(k, p);
    }
  }

  const meeting = (r: MeetingRecord): OParlObject => {
    const m = r.meeting;
    const min = r.minutes;
    const loc = m.place ? places.get(locationKey(m.place)) : undefined;
    return obj(`/meeting/${m.id}`, 'Meeting', {
      name: `${m.bodyName} ${m.date}`,
      meetingState: meetingState(m, min),
      cancelled: Boolean(m.cancelled),
      start: m.startTime ? stockholmDateTime(m.date, m.startTime) : undefined,
      end: m.endTime ? stockholmDateTime(m.date, m.endTime) : undefined,
      location: loc ? location(loc.place, loc.at, true) : undefined,
      organization: [u.api(gremiumPath(m.bodyId))],
      resultsProtocol: protocolFile(r, true) ?? undefined,
      agendaItem: m.items.map((i, k) => agendaItem(r, i, k)),
      web: meetingWeb(m.id),
      ...stampsOf(meetingStamps.get(m.id)),
      ...(min
        ? {
            'styrbord:adjustedOn': min.adjustedOn ?? undefined,
            'styrbord:noticePostedOn': min.noticePostedOn ?? undefined,
            'styrbord:appealLastDay': min.appealLastDay ?? undefined,
          }
        : {}),
    });
  };

  // ── Papers: one per case on any agenda, with a consultation per item it was on ──
  const appearances = new Map<string, Array<{ r: MeetingRecord; i: AgendaItemView & { caseNumber: string } }>>();
  for (const b of records.bodies) {
    for (const r of b.meetings) {
      for (const i of r.meeting.items) {
        if (!i.caseNumber) continue;
        const list = appearances.get(i.caseNumber) ?? [];
        list.push({ r, i: i as AgendaItemView & { caseNumber: string } });
        appearances.set(i.caseNumber, list);
      }
    }
  }
  const paper = (caseNumber: string): OParlObject => {
    const on = appearances.get(caseNumber) ?? [];
    const c = records.cases.get(caseNumber);
    const files = on.flatMap(({ r, i }) => r.files.filter((f) => f.agendaItemId === i.id).map((f) => attachmentFile(f, r, true)));
    return obj(paperPath(caseNumber), 'Paper', {
      body: on[0] ? bodyUrl(on[0].r.meeting.bodyId) : undefined,
      name: maskPersonalNumbers(c?.title ?? on[0]?.i.title ?? caseNumber),
      reference: caseNumber,
      date: c?.registeredOn ?? undefined,
      paperType: 'Ärende',
      consultation: on.map(({ r, i }) => consultation(r, i)),
      auxiliaryFile: files.length ? files : undefined,
      web: u.web(`/arenden/${encodeURIComponent(caseNumber)}`),
      ...span(on.map(({ i }) => stampsOf(itemStamps.get(i.id)))),
    });
  };

  // ── People, memberships, organizations: memberships change only with a body's imports ──
  const bodyStamps = new Map<number, Stamps>(records.bodies.map((b) => [b.body.id, span(b.meetings.map((r) => stampsOf(meetingStamps.get(r.meeting.id))))]));
  const membership = (m: MembershipView, bodyId: number): OParlObject =>
    obj(`/membership/${m.id}`, 'Membership', {
      person: u.api(`/person/${m.personId}`),
      organization: u.api(gremiumPath(bodyId)),
      role: roleLabel(m),
      votingRight: m.kind === 'member',
      startDate: m.validFrom ?? undefined,
      endDate: m.validTo ?? undefined,
      onBehalfOf: m.party ? u.api(partyPath(m.party)) : undefined,
      ...bodyStamps.get(bodyId),
    });
  const allMemberships = records.bodies.flatMap((b) => b.body.memberships.map((m) => ({ m, bodyId: b.body.id })));
  const person = (personId: number): OParlObject => {
    const ms = allMemberships.filter((x) => x.m.personId === personId);
    return obj(`/person/${personId}`, 'Person', {
      body: ms[0] ? bodyUrl(ms[0].bodyId) : undefined,
      name: ms[0]?.m.name,
      membership: ms.map((x) => membership(x.m, x.bodyId)),
      ...span(ms.map((x) => bodyStamps.get(x.bodyId) ?? {})),
    });
  };
  const party = (abbreviation: string): OParlObject => {
    const bodies = [...new Set(allMemberships.filter((x) => x.m.party === abbreviation).map((x) => x.bodyId))];
    return obj(partyPath(abbreviation), 'Organization', {
      name: PARTY_NAMES[abbreviation] ?? abbreviation,
      shortName: abbreviation,
      organizationType: 'Partei',
      classification: 'Parti',
      ...span(bodies.map((id) => bodyStamps.get(id) ?? {})),
    });
  };
  const gremium = (b: BodyRecord): OParlObject => {
    const members = b.body.memberships.filter((m) => m.kind === 'member' && !m.validTo);
    return obj(gremiumPath(b.body.id), 'Organization', {
      body: bodyUrl(b.body.id),
      name: b.body.name,
      organizationType: 'Gremium',
      classification: 'Nämnd',
      membership: b.body.memberships.map((m) => u.api(`/membership/${m.id}`)),
      meeting: u.api(`/body/${b.body.id}/meetings`),
      consultation: u.api(`/body/${b.body.id}/consultations`),
      memberCount: members.length,
      votingMemberCount: members.length,
      web: u.web(`/namnder/${b.body.id}`),
      ...bodyStamps.get(b.body.id),
    });
  };

  const term = (bodyId: number, start: number, meetings: MeetingRecord[]): OParlObject => {
    const t = termOf(`${start}-01-01`);
    return obj(`/legislativeterm/${bodyId}-${start}`, 'LegislativeTerm', {
      body: bodyUrl(bodyId),
      name: t.name,
      startDate: t.startDate,
      endDate: t.endDate,
      ...span(meetings.map((r) => stampsOf(meetingStamps.get(r.meeting.id)))),
    });
  };

  // ── Bodies and their lists ──
  const lists = new Map<number, Record<ListName, OParlObject[]>>();
  const bodies: OParlObject[] = [];
  const paperObjects = new Map([...appearances.keys()].sort().map((cn) => [cn, paper(cn)]));
  const personObjects = new Map<number, OParlObject>();
  const partyObjects = new Map<string, OParlObject>();

  for (const b of records.bodies) {
    const id = b.body.id;
    const p = `/body/${id}`;
    const terms = [...new Set(b.meetings.map((r) => termOf(r.meeting.date).start))].sort((x, y) => x - y).map((start) => term(id, start, b.meetings.filter((r) => termOf(r.meeting.date).start === start)));
    const parties = [...new Set(b.body.memberships.map((m) => m.party).filter((x): x is string => Boolean(x)))].sort();
    for (const pa of parties) if (!partyObjects.has(pa)) partyObjects.set(pa, party(pa));
    const people: OParlObject[] = [];
    for (const m of b.body.memberships) {
      if (!personObjects.has(m.personId)) personObjects.set(m.personId, person(m.personId));
      const o = personObjects.get(m.personId)!;
      if (!people.includes(o)) people.push(o);
    }
    const meetingObjects = b.meetings.map(meeting);
    const items = meetingObjects.flatMap((m) => m.agendaItem as OParlObject[]);
    const consultations = b.meetings.flatMap((r) => r.meeting.items.filter((i): i is AgendaItemView & { caseNumber: string } => Boolean(i.caseNumber)).map((i) => consultation(r, i)));
    const bodyCases = new Set(b.meetings.flatMap((r) => r.meeting.items.map((i) => i.caseNumber).filter((x): x is string => Boolean(x))));
    const files = b.meetings.flatMap((r) => [
      ...r.meeting.items.flatMap((i) => r.files.filter((f) => f.agendaItemId === i.id).map((f) => attachmentFile(f, r, false))),
      ...(r.withdrawn ?? []).map(deletedFile),
      ...r.meeting.items.flatMap((i) => {
        const d = r.minutes?.decisions.find((x) => x.agendaItemId === i.id);
        const f = d ? extractFile(r, i, d, false) : null;
        return f ? [f] : [];
      }),
      ...[protocolFile(r, false)].filter((x): x is OParlObject => x !== null),
    ]);
    const locationKeys = [...new Set(b.meetings.map((r) => r.meeting.place).filter((x): x is string => Boolean(x)).map(locationKey))];
    const bodyLists: Record<ListName, OParlObject[]> = {
      organizations: [gremium(b), ...parties.map((pa) => partyObjects.get(pa)!)],
      people,
      memberships: b.body.memberships.map((m) => membership(m, id)),
      meetings: meetingObjects,
      'agenda-items': items,
      papers: [...paperObjects].filter(([cn]) => bodyCases.has(cn)).map(([, o]) => o),
      consultations,
      files,
      locations: locationKeys.map((k) => location(places.get(k)!.place, places.get(k)!.at, false)),
      'legislative-terms': terms,
    };
    lists.set(id, bodyLists);
    const bodyObject = obj(p, 'Body', {
      system: u.api('/system'),
      name: `${b.body.organisation}, ${b.body.name}`,
      shortName: b.body.name,
      website: u.web(`/namnder/${id}`),
      license: LICENSE,
      organization: u.api(`${p}/organizations`),
      person: u.api(`${p}/people`),
      meeting: u.api(`${p}/meetings`),
      paper: u.api(`${p}/papers`),
      legislativeTerm: terms,
      agendaItem: u.api(`${p}/agenda-items`),
      consultation: u.api(`${p}/consultations`),
      file: u.api(`${p}/files`),
      locationList: u.api(`${p}/locations`),
      legislativeTermList: u.api(`${p}/legislative-terms`),
      membership: u.api(`${p}/memberships`),
      classification: 'Nämnd',
      mainOrganization: u.api(gremiumPath(id)),
      web: u.web(`/namnder/${id}`),
      ...bodyStamps.get(id),
    });
    bodies.push(bodyObject);
    put(p, bodyObject);
    for (const list of Object.values(bodyLists)) for (const o of list) put(o.id.slice(u.api('').length), o);
  }

  const system = obj('/system', 'System', {
    oparlVersion: OPARL_VERSION,
    body: u.api('/bodies'),
    name: 'Styrbord',
    website: u.web('/'),
    license: LICENSE,
    web: u.web('/'),
    ...span(bodies),
  });
  put('/system', system);
  return { system, bodies, lists, byPath };
}

// ── Lists: filters and pages ──────────────────────────────────────────────

export interface ListQuery {
  page?: number | undefined;
  limit?: number | undefined;
  modified_since?: string | undefined;
  modified_until?: string | undefined;
  created_since?: string | undefined;
}

const FILTERS = ['modified_since', 'modified_until', 'created_since'] as const;
const TIME_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses a filter's time: ISO 8601 with or without offset ("2020-08-24T10:00:00+02:00",
 * "2020-08-24T08:00:00Z", "2020-08-24T10:00", "2020-08-24"); without an offset it
 * is Swedish time. A "+" that a query string turned into a space is taken back.
 * Anything else is a DomainError with a Swedish message.
 */
export function parseInstant(value: string, name: string): number {
  const v = value.trim().replace(/ (\d{2}:?\d{2})$/, '+$1');
  const m = TIME_RE.exec(v);
  const fail = () =>
    new DomainError('invalid-time', `${name} måste vara en tidpunkt i ISO 8601, till exempel 2020-08-24T00:00:00+02:00 (fick "${value.slice(0, 40)}").`);
  if (!m) throw fail();
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  const date = `${y}-${mo}-${d}`;
  const check = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== date || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) throw fail();
  const offset = zone === undefined ? stockholmOffset(date, `${h}:${mi}`) : /^[Zz]$/.test(zone) ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  const ms = frac ? Math.round(Number(`0${frac}`) * 1000) : 0;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms) - offset * 60_000;
}

export interface ListFilters {
  modifiedSince?: number;
  modifiedUntil?: number;
  createdSince?: number;
}

export function parseFilters(q: ListQuery): ListFilters {
  const f: ListFilters = {};
  if (q.modified_since !== undefined) f.modifiedSince = parseInstant(q.modified_since, 'modified_since');
  if (q.modified_until !== undefined) f.modifiedUntil = parseInstant(q.modified_until, 'modified_until');
  if (q.created_since !== undefined) f.createdSince = parseInstant(q.created_since, 'created_since');
  if (f.modifiedSince !== undefined && f.modifiedUntil !== undefined && f.modifiedSince > f.modifiedUntil) {
    throw new DomainError('invalid-period', 'modified_since måste vara före modified_until.');
  }
  return f;
}

/** Objects that pass the filters; an object without the time stamp a filter asks about does not pass. */
export function applyFilters(list: OParlObject[], f: ListFilters): OParlObject[] {
  const t = (s: string | undefined) => (s ? Date.parse(s) : undefined);
  return list.filter((o) => {
    const mod = t(o.modified);
    const cre = t(o.created);
    if (f.modifiedSince !== undefined && (mod === undefined || mod < f.modifiedSince)) return false;
    if (f.modifiedUntil !== undefined && (mod === undefined || mod > f.modifiedUntil)) return false;
    if (f.createdSince !== undefined && (cre === undefined || cre < f.createdSince)) return false;
    return true;
  });
}

export interface OParlPage {
  data: OParlObject[];
  pagination: { totalElements: number; elementsPerPage: number; currentPage: number; totalPages: number };
  links: { first: string; prev?: string; next?: string; last: string };
}

/** The page size: the query's `limit`, else the configured default, never above 100. */
export function pageSizeOf(limit: number | undefined, configured: number = DEFAULT_PAGE_SIZE): number {
  const n = limit ?? configured;
  return Math.min(Math.max(Number.isInteger(n) ? n : DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
}

/** Filters, then cuts a page; links keep the query (limit, filters). A page after the last is a 404. */
export function paginate(all: OParlObject[], selfUrl: string, q: ListQuery, defaultPageSize: number = DEFAULT_PAGE_SIZE): OParlPage {
  const filtered = applyFilters(all, parseFilters(q));
  const per = pageSizeOf(q.limit, defaultPageSize);
  const pages = Math.max(1, Math.ceil(filtered.length / per));
  const current = q.page ?? 1;
  if (!Number.isInteger(current) || current < 1) throw new DomainError('invalid-page', 'page måste vara ett heltal, 1 eller större.');
  if (current > pages) throw new DomainError('not-found', `Sidan ${current} finns inte; listan har ${pages} ${pages === 1 ? 'sida' : 'sidor'}.`, { status: 404 });
  const link = (p: number) => {
    const params = new URLSearchParams();
    if (q.limit !== undefined) params.set('limit', String(per));
    for (const k of FILTERS) if (q[k] !== undefined) params.set(k, q[k]!);
    params.set('page', String(p));
    return `${selfUrl.split('?')[0]}?${params.toString()}`;
  };
  return {
    data: filtered.slice((current - 1) * per, current * per),
    pagination: { totalElements: filtered.length, elementsPerPage: per, currentPage: current, totalPages: pages },
    links: { first: link(1), ...(current > 1 ? { prev: link(current - 1) } : {}), ...(current < pages ? { next: link(current + 1) } : {}), last: link(pages) },
  };
}
