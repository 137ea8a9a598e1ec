/**
 * The open-data API (OParl 1.1 shape, /oparl/v1): a crawl from the System
 * object following every URL the API gives (every page of every list, every
 * object on its own address), each object and each embedded object validated
 * against the OParl 1.1 JSON schemas in seeds/oparl-schema ("url" checked as
 * an absolute URL), then the seeds' own values, paging and filters, and what
 * must never be published: draft decisions, votes by name, reservations,
 * secret papers, contact data.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { actorWith } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import { outvotedAvslag } from '../helpers/motions.ts';
import * as documents from '../../src/documents/service.ts';
import { todayInStockholm } from '../../src/kernel/dates.ts';
import type { MeetingDetail } from '../../src/http/contract.ts';

type Obj = Record<string, unknown> & { id: string; type: string };

// The file store for the attachments, and small pages so every list of the seeds has several.
process.env.FILES_DIR = mkdtempSync(path.join(tmpdir(), 'styrbord-oparl-'));
process.env.OPARL_PAGE_SIZE = '10';
delete process.env.PUBLIC_BASE_URL;

// ── The OParl 1.1 schemas ──
const schemaDir = new URL('../../seeds/oparl-schema/', import.meta.url);
const schemas: Record<string, Record<string, unknown>> = Object.fromEntries(
  readdirSync(schemaDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(new URL(f, schemaDir), 'utf8')) as Record<string, unknown>]),
);
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;
// The schemas declare no $schema: Ajv's default, draft-07. Their own annotations are declared as
// keywords so that strict mode still catches anything else; the `\:` escapes in the type
// patterns need non-unicode regular expressions.
const ajv = new Ajv({ strict: true, strictTypes: false, allErrors: true, unicodeRegExp: false });
for (const keyword of ['references', 'backreference', 'cardinality', 'schema']) ajv.addKeyword({ keyword, schemaType: 'string' });
addFormats(ajv);
ajv.addFormat('url', { type: 'string', validate: (s: string) => /^https?:\/\/[^\s/?#]+/.test(s) && URL.canParse(s) });
const validators: Record<string, ValidateFunction> = Object.fromEntries(Object.entries(schemas).map(([k, s]) => [k, ajv.compile(s)]));

const typeOf = (o: { type?: unknown }) => String(o.type ?? '').replace('https://schema.oparl.org/1.1/', '');

/** Validates an object, and (following the schemas' "schema" keyword) every object embedded in it. */
function validate(o: Obj, where: string, errors: string[]): void {
  const type = typeOf(o);
  const v = validators[type];
  if (!v) {
    errors.push(`${where}: unknown type ${String(o.type)}`);
    return;
  }
  if (o.deleted === true) {
    // OParl 1.1: a deleted object keeps its id and type, with deleted and a new modified; nothing of its content
    const extra = Object.keys(o).filter((k) => !['id', 'type', 'created', 'modified', 'deleted'].includes(k));
    if (extra.length || typeof o.modified !== 'string' || !/^https?:\/\//.test(String(o.id))) errors.push(`${where} (${type}, deleted): ${extra.join(', ') || 'modified or id missing'}`);
    return;
  }
  if (!v(o)) errors.push(`${where} (${type}): ${ajv.errorsText(v.errors)}`);
  const props = (schemas[type]!.properties ?? {}) as Record<string, { schema?: string; items?: { schema?: string } }>;
  for (const [k, p] of Object.entries(props)) {
    const val = o[k];
    if (p.schema && val && typeof val === 'object' && !Array.isArray(val)) {
      expect(typeOf(val as Obj), `${where}.${k}`).toBe(p.schema.replace(/\.json$/, ''));
      validate(val as Obj, `${where}.${k}`, errors);
    }
    if (p.items?.schema && Array.isArray(val)) {
      val.forEach((x, i) => {
        if (x && typeof x === 'object') {
          expect(typeOf(x as Obj), `${where}.${k}[${i}]`).toBe(p.items!.schema!.replace(/\.json$/, ''));
          validate(x as Obj, `${where}.${k}[${i}]`, errors);
        }
      });
    }
  }
}

/** Every string anywhere in a value. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => strings(x, out));
  return out;
}

/** Every key anywhere in a value. */
function keys(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keys(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.add(k), keys(x, out));
  return out;
}

async function pdf(title: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595.28, 841.89]).drawText(title, { x: 60, y: 760, size: 14, font });
  return doc.save();
}

afterAll(dropTestSchemas);

describe.each(testDatabases)('open data, OParl 1.1 at /oparl/v1, on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let feb: MeetingDetail;
  let aug: MeetingDetail;
  const clerk = actorWith('secretary');
  const API = 'http://localhost:3000/oparl/v1';

  const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');
  const get = async (url: string) => {
    const res = await app.inject(local(url));
    expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    return res.json() as Obj & Record<string, any>;
  };

  /**
   * Crawls from the System object: every URL into the API is fetched once; a list is
   * walked page by page, an object is validated and compared with its copy in the lists.
   * With `objectsToo` false, only the lists are walked (every object still validated there).
   */
  async function crawl(objectsToo = true) {
    const errors: string[] = [];
    const fetched = new Set<string>();
    const fromLists = new Map<string, Obj>();
    const standalone = new Map<string, Obj>();
    const pageMap = new Map<string, Map<number, Record<string, any>>>();
    const queue = [`${API}/system`];
    const enqueue = (v: unknown) => {
      for (const s of strings(v)) {
        if (!s.startsWith(`${API}/`) || fetched.has(s)) continue;
        if (objectsToo || /^\/(bodies|body\/\d+\/[a-z-]+)(\?|$)/.test(s.slice(API.length))) queue.push(s);
      }
    };
    while (queue.length) {
      const url = queue.shift()!;
      if (fetched.has(url)) continue;
      fetched.add(url);
      const body = await get(url);
      if ('pagination' in body) {
        const listUrl = url.split('?')[0]!;
        const { pagination: p, links, data } = body as unknown as { pagination: Record<string, number>; links: Record<string, string>; data: Obj[] };
        const pages = pageMap.get(listUrl) ?? new Map<number, Record<string, any>>();
        const same = pages.get(p.currentPage!); // "first" is page 1 again, by another address
        if (same) expect(body, url).toEqual(same);
        pages.set(p.currentPage!, body);
        pageMap.set(listUrl, pages);
        expect(Object.keys(body).sort()).toEqual(['data', 'links', 'pagination']);
        expect(p.totalPages).toBe(Math.max(1, Math.ceil(p.totalElements! / p.elementsPerPage!)));
        expect(data.length).toBeLessThanOrEqual(p.elementsPerPage!);
        expect(links.first).toBeDefined();
        expect(links.last).toBeDefined();
        expect(Boolean(links.next)).toBe(p.currentPage! < p.totalPages!);
        expect(Boolean(links.prev)).toBe(p.currentPage! > 1);
        for (const o of data) {
          validate(o, o.id, errors);
          const before = fromLists.get(o.id);
          if (before) expect(o, o.id).toEqual(before);
          fromLists.set(o.id, o);
        }
        enqueue(links);
        enqueue(data);
      } else {
        validate(body, url, errors);
        standalone.set(url, body);
        enqueue(body);
      }
    }
    // each object in a list reads the same on its own address, and every object is in some list
    if (objectsToo) for (const [id, o] of fromLists) expect(standalone.get(id), id).toEqual(o);
    for (const id of standalone.keys()) if (!id.endsWith('/system')) expect(fromLists.has(id), `${id} is in no list`).toBe(true);
    const all = [...fromLists.values()];
    const of = (t: string) => all.filter((o) => typeOf(o) === t);
    const pagesOf = new Map([...pageMap].map(([k, v]) => [k, [...v.entries()].sort((a, b) => a[0] - b[0]).map(([, page]) => page)]));
    return { errors, all, of, pagesOf, standalone };
  }

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    for (const f of ['003_f8eb7d47c03ea706.txt', '000_97425d05012e62df.txt']) {
      await importKallelse(db, clerk, { fileName: f, text: readFileSync(new URL(`../../seeds/${f}`, import.meta.url), 'utf8') });
    }
    const list = await meetings.listMeetings(db);
    feb = await meetings.getMeeting(db, list.find((m) => m.date === '2020-02-14')!.id);
    aug = await meetings.getMeeting(db, list.find((m) => m.date === '2020-08-24')!.id);

    // Attachments: a public one on item 4; one for a decision-basis entry that is then marked
    // secret; one on item 5, which is then marked secret as a whole.
    const cfg = documents.configFromEnv();
    const item4 = aug.items.find((i) => i.number === 4)!;
    const item5 = aug.items.find((i) => i.number === 5)!;
    await documents.uploadAttachmentBytes(db, clerk, cfg, item4.id, { fileName: 'projektplan.pdf', title: 'Projektplan Smart tillväxt', bytes: await pdf('Projektplan') });
    const basis = item4.decisionBasis[1]!;
    await documents.uploadAttachmentBytes(db, clerk, cfg, item4.id, { fileName: 'hemlig.pdf', title: 'Hemlig kalkyl', decisionBasisId: basis.id, bytes: await pdf('Kalkyl') });
    await documents.uploadAttachmentBytes(db, clerk, cfg, item5.id, { fileName: 'transmission.pdf', title: 'Transmission budget', bytes: await pdf('Budget') });
    await db.tx((trx) => meetings.setDocumentSecrecy(trx, clerk, basis.id, 'OSL 31 kap. 16 §'));
    await db.tx((trx) => meetings.setItemSecrecy(trx, clerk, item5.id, 'OSL 31 kap. 16 §'));
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('walks the whole API from the System object; every object validates against its OParl 1.1 schema', async () => {
    const { errors, all, of, pagesOf, standalone } = await crawl();
    expect(errors).toEqual([]);

    // the validation itself can fail: a relative id, a string order, a missing accessUrl
    const broken: string[] = [];
    validate({ ...of('AgendaItem')[0]!, id: '/oparl/v1/agendaitem/1', order: '1' }, 'broken', broken);
    validate({ id: `${API}/file/1`, type: 'https://schema.oparl.org/1.1/File' }, 'broken-file', broken);
    expect(broken.join('\n')).toMatch(/must match format "url"/);
    expect(broken.join('\n')).toMatch(/order must be integer/);
    expect(broken.join('\n')).toMatch(/must have required property 'accessUrl'/);

    const system = standalone.get(`${API}/system`)!;
    expect(system).toMatchObject({ oparlVersion: 'https://schema.oparl.org/1.1/', body: `${API}/bodies`, license: 'https://creativecommons.org/publicdomain/zero/1.0/' });
    const [body] = of('Body');
    expect(of('Body')).toHaveLength(1);
    expect(body).toMatchObject({ name: 'Region Örebro län, Regional tillväxtnämnd', shortName: 'Regional tillväxtnämnd', license: 'https://creativecommons.org/publicdomain/zero/1.0/' });
    expect(body!.web).toMatch(/^http:\/\/localhost:3000\/namnder\/\d+$/);
    for (const k of ['organization', 'person', 'meeting', 'paper', 'agendaItem', 'consultation', 'file', 'membership', 'locationList', 'legislativeTermList']) {
      expect(pagesOf.has(body![k] as string), `Body.${k}`).toBe(true);
    }

    // members and substitutes: 15 + 9, with their roles and parties
    const ms = of('Membership');
    expect(ms).toHaveLength(24);
    expect(ms.filter((m) => m.votingRight === true)).toHaveLength(15);
    const roles = ms.map((m) => m.role as string);
    expect(roles.filter((r) => r === 'ersättare')).toHaveLength(9);
    expect(roles.filter((r) => r === 'ledamot')).toHaveLength(12);
    expect(roles.filter((r) => r === 'ordförande')).toHaveLength(1);
    expect(roles.filter((r) => r === 'vice ordförande')).toHaveLength(1);
    expect(roles.filter((r) => r === '2:e vice ordförande')).toHaveLength(1);
    expect(ms.every((m) => m.votingRight === (m.role !== 'ersättare'))).toBe(true);
    const orgs = new Map(of('Organization').map((o) => [o.id, o]));
    const gremium = of('Organization').find((o) => o.organizationType === 'Gremium')!;
    expect(gremium).toMatchObject({ name: 'Regional tillväxtnämnd', memberCount: 15, votingMemberCount: 15 });
    expect(gremium.membership).toHaveLength(24);
    expect(ms.every((m) => m.organization === gremium.id)).toBe(true);
    expect(ms.every((m) => orgs.get(m.onBehalfOf as string)?.organizationType === 'Partei')).toBe(true);
    const people = new Map(of('Person').map((p) => [p.id, p]));
    expect(people.size).toBe(24);
    const chair = ms.find((m) => m.role === 'ordförande')!;
    expect(people.get(chair.person as string)!.name).toBe('Irén Lejegren');
    expect(orgs.get(chair.onBehalfOf as string)).toMatchObject({ shortName: 'S', name: 'Socialdemokraterna' });
    for (const p of of('Person')) expect(Object.keys(p).sort()).toEqual(['body', 'created', 'id', 'membership', 'modified', 'name', 'type']);

    // meetings and their agenda items
    const meetingsById = new Map(of('Meeting').map((m) => [m.id, m]));
    const augM = of('Meeting').find((m) => m.name === 'Regional tillväxtnämnd 2020-08-24')!;
    const febM = of('Meeting').find((m) => m.name === 'Regional tillväxtnämnd 2020-02-14')!;
    expect(febM).toMatchObject({ start: '2020-02-14T10:00:00+01:00', end: '2020-02-14T15:00:00+01:00', meetingState: 'kallat', cancelled: false, web: `http://localhost:3000/sammantraden/${feb.id}` });
    expect(febM.location).toMatchObject({ type: 'https://schema.oparl.org/1.1/Location', description: 'Konferensrum Linden, Eklundavägen 1 Örebro' });
    expect(of('Location').map((l) => l.description)).toEqual(['Konferensrum Linden, Eklundavägen 1 Örebro']);
    expect(of('Location')[0]!.meetings).toEqual([febM.id]);
    expect(augM.start).toBeUndefined(); // the August kallelse gives no time
    const augItems = augM.agendaItem as Obj[];
    expect(augItems.map((i) => i.order)).toEqual(augItems.map((_, k) => k));
    const item4 = augItems.find((i) => i.number === '4')!;
    expect(item4.name).toBe('Medfinansiering av Smart tillväxt 2021 - 2023');
    expect(item4.public).toBe(true);
    const consultations = new Map(of('Consultation').map((c) => [c.id, c]));
    const papers = new Map(of('Paper').map((p) => [p.id, p]));
    const c4 = consultations.get(item4.consultation as string)!;
    expect(c4).toMatchObject({ agendaItem: item4.id, meeting: augM.id, organization: [gremium.id], authoritative: true, role: 'beslut' });
    expect(papers.get(c4.paper as string)).toMatchObject({ reference: '20RS3419', name: 'Medfinansiering av Smart tillväxt 2021 - 2023', paperType: 'Ärende' });
    expect(papers.get(c4.paper as string)!.web).toBe('http://localhost:3000/arenden/20RS3419');
    // a paper on both meetings: one consultation on each
    const recurring = of('Paper').find((p) => p.reference === '19RS10494')!;
    const recurringOn = (recurring.consultation as Obj[]).map((c) => c.meeting);
    expect(recurringOn.sort()).toEqual([augM.id, febM.id].sort());
    for (const c of recurring.consultation as Obj[]) expect(meetingsById.has(c.meeting as string)).toBe(true);
    expect(of('LegislativeTerm').map((t) => [t.name, t.startDate, t.endDate])).toEqual([['Mandatperioden 2019–2022', '2019-01-01', '2022-12-31']]);
    expect(body!.legislativeTerm).toEqual(of('LegislativeTerm'));

    // lists span several pages (10 per page here), and the agenda items of both meetings are all there
    const itemPages = pagesOf.get(body!.agendaItem as string)!;
    const itemCount = (febM.agendaItem as Obj[]).length + augItems.length;
    expect(itemCount).toBe(feb.items.length + aug.items.length);
    expect(itemPages.map((p) => p.pagination.currentPage)).toEqual(Array.from({ length: Math.ceil(itemCount / 10) }, (_, k) => k + 1));
    expect(itemPages.length).toBeGreaterThan(1);
    expect(of('AgendaItem')).toHaveLength(itemCount);
    expect(pagesOf.get(body!.membership as string)!.length).toBe(3);

    // files: only the public attachment; the secret document and the secret item's file are listed as deleted, with nothing of their content
    const files = of('File').filter((f) => !f.deleted);
    const gone = of('File').filter((f) => f.deleted);
    expect(gone).toHaveLength(2);
    for (const f of gone) expect(Object.keys(f).sort()).toEqual(['created', 'deleted', 'id', 'modified', 'type']);
    expect(files.map((f) => f.name)).toEqual(['Projektplan Smart tillväxt']);
    expect(files[0]).toMatchObject({ fileName: 'projektplan.pdf', mimeType: 'application/pdf', agendaItem: [item4.id], meeting: [augM.id], paper: [c4.paper] });
    expect(item4.auxiliaryFile).toEqual([expect.objectContaining({ id: files[0]!.id, accessUrl: files[0]!.accessUrl })]);
    expect((item4.auxiliaryFile as Obj[])[0]!.agendaItem).toBeUndefined(); // no back-references when embedded
    const download = await app.inject(local(files[0]!.accessUrl as string));
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.rawPayload.length).toBe(files[0]!.size);
    const item5 = augItems.find((i) => i.number === '5')!;
    expect(item5.public).toBe(false);
    expect(item5.auxiliaryFile).toBeUndefined();
    const text = JSON.stringify(all);
    for (const secret of ['Hemlig kalkyl', 'hemlig.pdf', 'Transmission budget', 'transmission.pdf']) expect(text).not.toContain(secret);

    // no decisions before adjusted minutes, no contact data, no presenters
    for (const o of all) {
      expect(o.resolutionText, o.id).toBeUndefined();
      expect(o.result, o.id).toBeUndefined();
    }
    expect([...keys(all)].filter((k) => k.startsWith('styrbord:') && k !== 'styrbord:sha256')).toEqual([]);
    expect(text).not.toContain(feb.secretary!.email!);
    expect(text).not.toContain(feb.secretary!.phone!);
    const memberNames = new Set(of('Person').map((p) => p.name));
    const presenters = [...feb.items, ...aug.items].flatMap((i) => i.presenters).filter((p) => !memberNames.has(p));
    expect(presenters.length).toBeGreaterThan(0);
    for (const p of new Set(presenters)) expect(text, p).not.toContain(p);
    for (const k of ['presenters', 'secretary', 'email', 'phone', 'summary', 'absenceNotice']) expect(keys(all).has(k), k).toBe(false);
  });

  it('pages by limit and filters by modified_since, created_since and modified_until; a bad value is a 400 in Swedish', async () => {
    const body = (await get(`${API}/bodies`)).data[0] as Obj;
    const all = (await get(`${body.agendaItem as string}?limit=100`)).data as Obj[];
    expect(all.length).toBeGreaterThan(10);
    // limit 5: every page linked from the one before, the limit kept in the links
    const seen: string[] = [];
    let next: string | undefined = `${body.agendaItem as string}?limit=5`;
    let pages = 0;
    while (next) {
      const page: Record<string, any> = await get(next);
      pages++;
      expect(page.pagination).toEqual({ totalElements: all.length, elementsPerPage: 5, currentPage: pages, totalPages: Math.ceil(all.length / 5) });
      expect(page.links.last).toBe(`${body.agendaItem as string}?limit=5&page=${Math.ceil(all.length / 5)}`);
      seen.push(...(page.data as Obj[]).map((o) => o.id));
      next = page.links.next;
    }
    expect(seen).toEqual(all.map((o) => o.id));

    const tooMany = await app.inject(`${local(body.agendaItem as string)}?limit=101`);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toBe('Ogiltig begäran: fältet limit får vara högst 100.');
    const noSuchPage = await app.inject(`${local(body.agendaItem as string)}?page=99`);
    expect(noSuchPage.statusCode).toBe(404);
    expect(noSuchPage.json().error.message).toMatch(/^Sidan 99 finns inte; listan har \d+ sidor\.$/);

    const since = (q: string) => get(`${body.meeting as string}?${q}`);
    expect((await since(`modified_since=${encodeURIComponent('2999-01-01T00:00:00Z')}`)).data).toEqual([]);
    expect((await since(`modified_since=${encodeURIComponent('2000-01-01T00:00:00+01:00')}`)).data).toHaveLength(2);
    expect((await since('modified_since=2000-01-01T00:00:00+01:00')).data).toHaveLength(2); // "+" left unencoded arrives as a space
    expect((await since('created_since=2000-01-01')).data).toHaveLength(2);
    expect((await since('modified_until=2000-01-01T00:00:00Z')).data).toEqual([]);
    const filtered = await since(`modified_since=${encodeURIComponent('2000-01-01T00:00:00Z')}&limit=1`);
    expect(filtered.links.next).toBe(`${body.meeting as string}?limit=1&modified_since=${encodeURIComponent('2000-01-01T00:00:00Z')}&page=2`);

    for (const [param, value] of [['modified_since', 'igår'], ['modified_since', '2020-02-30T00:00:00Z'], ['created_since', '2020-08-24T25:00'], ['modified_until', '24/8 2020']]) {
      const bad = await app.inject(`${local(body.meeting as string)}?${param}=${encodeURIComponent(value!)}`);
      expect(bad.statusCode, `${param}=${value}`).toBe(400);
      expect(bad.headers['access-control-allow-origin']).toBe('*');
      expect(bad.json().error).toEqual({ code: 'invalid-time', message: `${param} måste vara en tidpunkt i ISO 8601, till exempel 2020-08-24T00:00:00+02:00 (fick "${value}").` });
    }
    const reversed = await app.inject(`${local(body.meeting as string)}?modified_since=2021-01-01&modified_until=2020-01-01`);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.message).toBe('modified_since måste vara före modified_until.');
    const unknown = await app.inject(`${local(body.meeting as string)}?sort=name`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toBe('Ogiltig begäran: fältet sort är okänt.');
    const missing = await app.inject('/oparl/v1/meeting/999999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe('Sammanträdet 999999 finns inte.');
    expect((await app.inject('/oparl/v1/body/999/meetings')).json().error.message).toBe('Nämnden 999 finns inte.');
  });

  it('publishes decisions, vote counts and the styrbord: extensions only once the minutes are adjusted', async () => {
    const body = await meetings.getBody(db, aug.bodyId);
    const person = (name: string) => body.memberships.find((m) => m.name === name)!.personId;
    const members = body.memberships.filter((m) => m.kind === 'member');
    const itemUrl = (n: number) => `${API}/agendaitem/${aug.items.find((i) => i.number === n)!.id}`;
    const meetingUrl = `${API}/meeting/${aug.id}`;
    const startedAt = new Date(Date.now() - 1).toISOString();

    await minutes.openMinutes(db, clerk, aug.id);
    await minutes.setAttendance(db, clerk, aug.id, { attendance: members.map((m) => ({ personId: m.personId, present: true })) });
    for (const it of aug.items) {
      if (it.kind === 'information' || it.kind === 'presentations') continue;
      if (it.number === 4) {
        // a vote: 9 ja, 5 nej, 1 avstår; and a reservation
        const votes = members.map((m, k) => ({ personId: m.personId, choice: (k === 14 ? 'avstår' : k < 9 ? 'ja' : 'nej') as 'ja' | 'nej' | 'avstår' }));
        await outvotedAvslag(db, clerk, aug.id, 4, members[0]!.personId, members[10]!.personId);
        await minutes.recordDecision(db, clerk, aug.id, 4, {
          outcome: 'according-to-proposal',
          votes,
          notes: [{ personId: members[10]!.personId, kind: 'reservation', text: 'Jag reserverar mig mot beslutet om Smart tillväxt.' }],
        });
        continue;
      }
      await minutes.recordDecision(db, clerk, aug.id, it.number, { outcome: 'according-to-proposal' });
    }

    // a draft, then numbered minutes: nothing of them is published
    const draftItem = await get(itemUrl(4));
    expect(draftItem.result).toBeUndefined();
    await minutes.numberMinutes(db, clerk, aug.id);
    const numbered = await get(meetingUrl);
    const numberedText = JSON.stringify(numbered);
    expect(numberedText).not.toMatch(/styrbord:(?!sha256)/);
    expect(numberedText).not.toContain('resolutionText');
    expect(numberedText).not.toContain('Jag reserverar mig');
    expect(numbered.meetingState).toBe('kallat');
    expect(numbered.resultsProtocol).toBeUndefined();

    // adjusted: the decisions are published, votes as counts only
    const chair = person('Irén Lejegren');
    await minutes.setAdjusters(db, clerk, aug.id, { personIds: [chair] });
    await minutes.signMinutes(db, { id: 'ordf', roles: ['adjuster'], personId: chair, authenticatedAt: new Date() }, aug.id, chair);
    const today = todayInStockholm();
    const item4 = await get(itemUrl(4));
    expect(item4.result).toBe('Beslut enligt förslag');
    expect(item4.resolutionText).toContain('dock högst 1 912 400 kronor');
    expect(item4.resolutionText).toMatch(/^att /);
    expect(item4['styrbord:paragraph']).toBe(4);
    expect(item4['styrbord:votes']).toEqual({ ja: 9, nej: 5, avstår: 1, castingVote: false, summary: '9 ja-röster, 5 nej-röster, 1 avstår.' });
    // posted on the notice board with the last signature (the sealed protokoll's anslagsbevis gives the day): laga kraft is known
    expect(item4['styrbord:finalOn']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(item4.resolutionFile).toMatchObject({ name: `Protokollsutdrag § 4 Regional tillväxtnämnd 2020-08-24`, mimeType: 'application/pdf' });
    const meeting = await get(meetingUrl);
    expect(meeting.meetingState).toBe('genomfört');
    expect(meeting['styrbord:adjustedOn']).toBe(today);
    expect(meeting['styrbord:noticePostedOn']).toBe(today);
    expect(meeting.resultsProtocol).toMatchObject({ name: 'Protokoll Regional tillväxtnämnd 2020-08-24', fileName: 'protokoll-2020-08-24.pdf' });
    const protocol = await app.inject(local(meeting.resultsProtocol.accessUrl as string));
    expect(protocol.statusCode).toBe(200);
    expect(protocol.headers['content-type']).toBe('application/pdf');
    const extract = await app.inject(local(item4.resolutionFile.accessUrl as string));
    expect(extract.statusCode).toBe(200);
    // the information item gets its "noted" decision
    expect((await get(itemUrl(7))).result).toBe('Informationen noteras');

    // what changed is found by modified_since: the August meeting and its items, not February's
    const bodyUrl = `${API}/body/${aug.bodyId}`;
    const changed = await get(`${bodyUrl}/meetings?modified_since=${encodeURIComponent(startedAt)}`);
    expect(changed.data.map((m: Obj) => m.id)).toEqual([meetingUrl]);
    const changedItems = await get(`${bodyUrl}/agenda-items?limit=100&modified_since=${encodeURIComponent(startedAt)}`);
    expect(changedItems.data.map((i: Obj) => i.id).sort()).toEqual(aug.items.map((i) => `${API}/agendaitem/${i.id}`).sort());
    const changedFiles = await get(`${bodyUrl}/files?limit=100&modified_since=${encodeURIComponent(startedAt)}`);
    expect(changedFiles.data.map((f: Obj) => f.name)).toContain('Protokoll Regional tillväxtnämnd 2020-08-24');
    expect(changedFiles.data.map((f: Obj) => f.name)).not.toContain('Projektplan Smart tillväxt');

    // posted on the notice board: the appeal period and the day of legal force (posting again the same day changes nothing)
    await minutes.postNotice(db, clerk, aug.id, today);
    const posted = await get(meetingUrl);
    expect(posted['styrbord:noticePostedOn']).toBe(today);
    expect(posted['styrbord:appealLastDay']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await get(itemUrl(4)))['styrbord:finalOn']).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // and every list still validates; no names of voters, no reservations
    const { errors, all } = await crawl(false);
    expect(errors).toEqual([]);
    const text = JSON.stringify(all);
    expect(text).not.toContain('Jag reserverar mig');
    expect([...keys(all)].filter((k) => ['votes', 'notes', 'attendance', 'adjusters', 'conflicted', 'recipients'].includes(k))).toEqual([]);
    // the February meeting, without minutes, still publishes nothing of the kind
    const febMeeting = all.find((o) => o.id === `${API}/meeting/${feb.id}`)!;
    expect(JSON.stringify(febMeeting)).not.toMatch(/styrbord:(paragraph|votes|adjustedOn)|resolutionText|"result"/);
  });

  it('builds its URLs from PUBLIC_BASE_URL when set', async () => {
    process.env.PUBLIC_BASE_URL = 'https://styrbord.example.se/';
    try {
      const system = await get('/oparl/v1/system');
      expect(system.id).toBe('https://styrbord.example.se/oparl/v1/system');
      expect(system.body).toBe('https://styrbord.example.se/oparl/v1/bodies');
      const body = (await get(system.body as string)).data[0] as Obj;
      expect(body.web).toBe(`https://styrbord.example.se/namnder/${aug.bodyId}`);
    } finally {
      delete process.env.PUBLIC_BASE_URL;
    }
  });
});
