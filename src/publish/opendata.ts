/**
 * The open-data API in the shape of OParl 1.1 (https://schema.oparl.org/1.1/):
 * System → Body → lists of Organization, Person, Membership, Meeting,
 * AgendaItem, Paper, Consultation, LegislativeTerm. Built only from public
 * versions of records: a meeting as the public sees it (secrets left out,
 * personal identity numbers masked), decisions only from adjusted minutes.
 * Vendor extensions are prefixed "styrbord:" (docs/oparl.md).
 */
import type { Db } from '../db/index.ts';
import { DomainError } from '../kernel/errors.ts';
import * as meetings from '../meetings/service.ts';
import * as minutes from '../minutes/service.ts';
import type { BodyDetail, MeetingDetail, MinutesView } from '../http/contract.ts';
import { publicMeeting } from './public.ts';

const T = (type: string) => `https://schema.oparl.org/1.1/${type}`;
export const PAGE_SIZE = 50;

type Obj = Record<string, unknown> & { id: string; type: string; modified?: string };

/** Swedish terms of office: four years from 1 January after the elections (2019–2022, 2023–2026, …). */
export function termOf(date: string): { start: number; end: number } {
  const year = Number(date.slice(0, 4));
  const start = 2019 + 4 * Math.floor((year - 2019) / 4);
  return { start, end: start + 3 };
}

/** Start and end as date-time with the Swedish offset of that day (CET/CEST). */
export function stockholmDateTime(date: string, time: string): string {
  const probe = new Date(`${date}T12:00:00Z`);
  const offset = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Stockholm', timeZoneName: 'longOffset' }).formatToParts(probe).find((p) => p.type === 'timeZoneName')!.value;
  const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(offset);
  return `${date}T${time}:00${m ? `${m[1]}:${m[2] ?? '00'}` : 'Z'}`;
}

interface Snapshot {
  body: BodyDetail;
  meetings: Array<{ meeting: MeetingDetail; minutes: MinutesView | null }>;
}

/** Everything one body publishes, read through the services. */
async function snapshot(db: Db, bodyId: number): Promise<Snapshot> {
  const body = await meetings.getBody(db, bodyId);
  const list = await meetings.listMeetings(db, { bodyId });
  const out: Snapshot['meetings'] = [];
  for (const m of list) {
    const meeting = publicMeeting(await meetings.getMeeting(db, m.id));
    const mins = (await minutes.hasMinutes(db, m.id)) ? await minutes.getMinutes(db, m.id) : null;
    out.push({ meeting, minutes: mins?.locked ? mins : null });
  }
  return { body, meetings: out };
}

export class OParl {
  constructor(
    private readonly db: Db,
    private readonly base: string,
  ) {}

  url(path: string): string {
    return `${this.base}/oparl/v1${path}`;
  }

  web(path: string): string {
    return `${this.base}${path}`;
  }

  system(): Obj {
    return {
      id: this.url('/system'),
      type: T('System'),
      oparlVersion: 'https://schema.oparl.org/1.1/',
      body: this.url('/bodies'),
      name: 'Styrbord – Region Örebro län',
      website: this.web('/'),
      license: 'https://creativecommons.org/publicdomain/zero/1.0/',
      web: this.web('/'),
    };
  }

  async bodies(): Promise<Obj[]> {
    const list = await meetings.listBodies(this.db);
    return Promise.all(list.map((b) => this.bodyObject(b.id)));
  }

  async bodyObject(bodyId: number): Promise<Obj> {
    const s = await snapshot(this.db, bodyId);
    const p = `/body/${bodyId}`;
    return {
      id: this.url(p),
      type: T('Body'),
      system: this.url('/system'),
      name: `${s.body.organisation}, ${s.body.name}`,
      shortName: s.body.name,
      website: this.web(`/namnder/${bodyId}`),
      license: 'https://creativecommons.org/publicdomain/zero/1.0/',
      organization: this.url(`${p}/organizations`),
      person: this.url(`${p}/people`),
      meeting: this.url(`${p}/meetings`),
      paper: this.url(`${p}/papers`),
      agendaItem: this.url(`${p}/agenda-items`),
      consultation: this.url(`${p}/consultations`),
      membership: this.url(`${p}/memberships`),
      legislativeTermList: this.url(`${p}/legislative-terms`),
      legislativeTerm: this.terms(s, bodyId),
      mainOrganization: this.url(`/organization/body-${bodyId}`),
      classification: 'Nämnd',
      web: this.web(`/namnder/${bodyId}`),
      ...this.stamps(s.meetings.map((x) => x.meeting)),
    };
  }

  private stamps(ms: MeetingDetail[]): { created?: string; modified?: string } {
    const created = ms.map((m) => m.createdAt).filter((x): x is string => Boolean(x)).sort()[0];
    const modified = ms.map((m) => m.updatedAt).filter((x): x is string => Boolean(x)).sort().at(-1);
    return { ...(created ? { created } : {}), ...(modified ? { modified } : {}) };
  }

  private terms(s: Snapshot, bodyId: number): Obj[] {
    const starts = [...new Set(s.meetings.map((m) => termOf(m.meeting.date).start))].sort();
    return starts.map((start) => ({
      id: this.url(`/legislativeterm/${bodyId}-${start}`),
      type: T('LegislativeTerm'),
      body: this.url(`/body/${bodyId}`),
      name: `Mandatperioden ${start}–${start + 3}`,
      startDate: `${start}-01-01`,
      endDate: `${start + 3}-12-31`,
    }));
  }

  /** Every object of one kind that a body publishes. */
  async list(bodyId: number, kind: string): Promise<Obj[]> {
    const s = await snapshot(this.db, bodyId);
    switch (kind) {
      case 'organizations':
        return this.organizations(s, bodyId);
      case 'people':
        return this.people(s, bodyId);
      case 'memberships':
        return this.memberships(s, bodyId);
      case 'meetings':
        return s.meetings.map((m) => this.meeting(m.meeting, m.minutes));
      case 'agenda-items':
        return s.meetings.flatMap((m) => m.meeting.items.map((i) => this.agendaItem(m.meeting, i.id, m.minutes)));
      case 'papers':
        return this.papers(s, bodyId);
      case 'consultations':
        return this.consultations(s);
      case 'legislative-terms':
        return this.terms(s, bodyId);
      default:
        throw new DomainError('not-found', `Listan ${kind} finns inte.`, { status: 404 });
    }
  }

  private organizations(s: Snapshot, bodyId: number): Obj[] {
    const parties = [...new Set(s.body.memberships.map((m) => m.party).filter((p): p is string => Boolean(p)))].sort();
    return [
      {
        id: this.url(`/organization/body-${bodyId}`),
        type: T('Organization'),
        body: this.url(`/body/${bodyId}`),
        name: s.body.name,
        organizationType: 'Gremium',
        classification: 'Nämnd',
        membership: s.body.memberships.map((m) => this.url(`/membership/${m.id}`)),
        meeting: this.url(`/body/${bodyId}/meetings`),
        memberCount: s.body.memberships.filter((m) => m.kind === 'member').length,
        votingMemberCount: s.body.memberships.filter((m) => m.kind === 'member').length,
        web: this.web(`/namnder/${bodyId}`),
        ...this.stamps(s.meetings.map((m) => m.meeting)),
      },
      ...parties.map((p) => ({
        id: this.url(`/organization/party-${encodeURIComponent(p)}`),
        type: T('Organization'),
        body: this.url(`/body/${bodyId}`),
        name: p,
        shortName: p,
        organizationType: 'Partei',
        classification: 'Parti',
      })),
    ];
  }

  private people(s: Snapshot, bodyId: number): Obj[] {
    const seen = new Map<number, Obj>();
    for (const m of s.body.memberships) {
      if (seen.has(m.personId)) continue;
      seen.set(m.personId, {
        id: this.url(`/person/${m.personId}`),
        type: T('Person'),
        body: this.url(`/body/${bodyId}`),
        name: m.name,
        membership: s.body.memberships.filter((x) => x.personId === m.personId).map((x) => this.membership(x, bodyId)),
      });
    }
    return [...seen.values()];
  }

  private membership(m: BodyDetail['memberships'][number], bodyId: number): Obj {
    const role = m.kind === 'substitute' ? 'ersättare' : m.role === 'chair' ? 'ordförande' : m.role === 'first-vice-chair' ? 'vice ordförande' : m.role === 'second-vice-chair' ? '2:e vice ordförande' : 'ledamot';
    return {
      id: this.url(`/membership/${m.id}`),
      type: T('Membership'),
      person: this.url(`/person/${m.personId}`),
      organization: this.url(`/organization/body-${bodyId}`),
      role,
      votingRight: m.kind === 'member',
      ...(m.validFrom ? { startDate: m.validFrom } : {}),
      ...(m.validTo ? { endDate: m.validTo } : {}),
      ...(m.party ? { onBehalfOf: this.url(`/organization/party-${encodeURIComponent(m.party)}`) } : {}),
    };
  }

  private memberships(s: Snapshot, bodyId: number): Obj[] {
    return s.body.memberships.map((m) => this.membership(m, bodyId));
  }

  meeting(m: MeetingDetail, mins: MinutesView | null): Obj {
    return {
      id: this.url(`/meeting/${m.id}`),
      type: T('Meeting'),
      name: `${m.bodyName} ${m.date}`,
      meetingState: mins ? 'genomfört' : 'planerat',
      cancelled: false,
      ...(m.startTime ? { start: stockholmDateTime(m.date, m.startTime) } : {}),
      ...(m.endTime ? { end: stockholmDateTime(m.date, m.endTime) } : {}),
      ...(m.place ? { location: { id: this.url(`/location/meeting-${m.id}`), type: T('Location'), description: m.place } } : {}),
      organization: [this.url(`/organization/body-${m.bodyId}`)],
      agendaItem: m.items.map((i) => this.agendaItem(m, i.id, mins)),
      web: this.web(`/sammantraden/${m.id}`),
      ...(m.createdAt ? { created: m.createdAt } : {}),
      ...(m.updatedAt ? { modified: m.updatedAt } : {}),
      ...(mins ? { 'styrbord:adjustedOn': mins.adjustedOn, 'styrbord:noticePostedOn': mins.notice?.postedOn ?? null, 'styrbord:appealLastDay': mins.clock.appealLastDay } : {}),
    };
  }

  agendaItem(m: MeetingDetail, itemId: number, mins: MinutesView | null): Obj {
    const i = m.items.find((x) => x.id === itemId)!;
    const d = mins?.decisions.find((x) => x.agendaItemId === itemId) ?? null;
    return {
      id: this.url(`/agendaitem/${i.id}`),
      type: T('AgendaItem'),
      meeting: this.url(`/meeting/${m.id}`),
      number: String(i.number),
      order: i.number,
      name: i.title,
      public: !i.secrecyRef,
      ...(i.caseNumber ? { consultation: this.url(`/consultation/${i.id}`) } : {}),
      ...(d ? { result: d.outcomeLabel, resolutionText: d.clauses.join('\n') } : {}),
      web: this.web(`/sammantraden/${m.id}#punkt-${i.number}`),
      ...(m.createdAt ? { created: m.createdAt } : {}),
      ...(m.updatedAt ? { modified: m.updatedAt } : {}),
      ...(d
        ? {
            'styrbord:paragraph': d.paragraph,
            'styrbord:votes': d.votes
              ? { ja: d.votes.filter((v) => v.choice === 'ja').length, nej: d.votes.filter((v) => v.choice === 'nej').length, avstår: d.votes.filter((v) => v.choice === 'avstår').length, summary: d.voteSummary }
              : null,
            'styrbord:finalOn': d.finalOn,
          }
        : {}),
    };
  }

  private papers(s: Snapshot, bodyId: number): Obj[] {
    const byCase = new Map<string, Array<{ m: MeetingDetail; itemId: number; title: string }>>();
    for (const { meeting } of s.meetings) {
      for (const i of meeting.items) {
        if (!i.caseNumber) continue;
        byCase.set(i.caseNumber, [...(byCase.get(i.caseNumber) ?? []), { m: meeting, itemId: i.id, title: i.title }]);
      }
    }
    return [...byCase].map(([caseNumber, on]) => ({
      id: this.url(`/paper/${caseNumber}`),
      type: T('Paper'),
      body: this.url(`/body/${bodyId}`),
      name: on[0]!.title,
      reference: caseNumber,
      paperType: 'Ärende',
      consultation: on.map((o) => ({
        id: this.url(`/consultation/${o.itemId}`),
        type: T('Consultation'),
        paper: this.url(`/paper/${caseNumber}`),
        agendaItem: this.url(`/agendaitem/${o.itemId}`),
        meeting: this.url(`/meeting/${o.m.id}`),
        organization: [this.url(`/organization/body-${bodyId}`)],
        authoritative: true,
      })),
      web: this.web(`/arenden/${caseNumber}`),
      ...this.stamps(on.map((o) => o.m)),
    }));
  }

  private consultations(s: Snapshot): Obj[] {
    return s.meetings.flatMap(({ meeting }) =>
      meeting.items
        .filter((i) => i.caseNumber)
        .map((i) => ({
          id: this.url(`/consultation/${i.id}`),
          type: T('Consultation'),
          paper: this.url(`/paper/${i.caseNumber}`),
          agendaItem: this.url(`/agendaitem/${i.id}`),
          meeting: this.url(`/meeting/${meeting.id}`),
          organization: [this.url(`/organization/body-${meeting.bodyId}`)],
          authoritative: true,
        })),
    );
  }

  /** One object by its path ("/meeting/3"). */
  async object(kind: string, id: string): Promise<Obj> {
    const bodies = await meetings.listBodies(this.db);
    for (const b of bodies) {
      if (kind === 'body' && String(b.id) === id) return this.bodyObject(b.id);
      const lists: Record<string, string> = { organization: 'organizations', person: 'people', membership: 'memberships', meeting: 'meetings', agendaitem: 'agenda-items', paper: 'papers', consultation: 'consultations', legislativeterm: 'legislative-terms' };
      const list = lists[kind];
      if (!list) break;
      const found = (await this.list(b.id, list)).find((o) => o.id === this.url(`/${kind}/${id}`));
      if (found) return found;
    }
    throw new DomainError('not-found', `Objektet ${kind}/${id} finns inte.`, { status: 404 });
  }

  /** An OParl list page with pagination and the modified/created filters. */
  page(all: Obj[], self: string, q: { page?: number; limit?: number; modified_since?: string; modified_until?: string; created_since?: string }) {
    const parse = (v: string | undefined, name: string) => {
      if (v === undefined) return undefined;
      const t = Date.parse(v);
      if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}T/.test(v)) throw new DomainError('invalid-date', `${name} måste vara en tidpunkt i ISO 8601, t.ex. 2020-08-24T00:00:00+02:00.`);
      return t;
    };
    const ms = parse(q.modified_since, 'modified_since');
    const mu = parse(q.modified_until, 'modified_until');
    const cs = parse(q.created_since, 'created_since');
    const filtered = all.filter((o) => {
      const mod = typeof o.modified === 'string' ? Date.parse(o.modified) : undefined;
      const cre = typeof o.created === 'string' ? Date.parse(o.created) : undefined;
      return (ms === undefined || (mod !== undefined && mod >= ms)) && (mu === undefined || (mod !== undefined && mod <= mu)) && (cs === undefined || (cre !== undefined && cre >= cs));
    });
    const per = Math.min(Math.max(q.limit ?? PAGE_SIZE, 1), 100);
    const pages = Math.max(1, Math.ceil(filtered.length / per));
    const current = Math.min(Math.max(q.page ?? 1, 1), pages);
    const link = (p: number) => {
      const u = new URL(self);
      u.searchParams.set('page', String(p));
      if (q.limit) u.searchParams.set('limit', String(per));
      for (const k of ['modified_since', 'modified_until', 'created_since'] as const) if (q[k]) u.searchParams.set(k, q[k]!);
      return u.href;
    };
    return {
      data: filtered.slice((current - 1) * per, current * per),
      pagination: { totalElements: filtered.length, elementsPerPage: per, currentPage: current, totalPages: pages },
      links: { first: link(1), ...(current > 1 ? { prev: link(current - 1) } : {}), ...(current < pages ? { next: link(current + 1) } : {}), last: link(pages) },
    };
  }
}
