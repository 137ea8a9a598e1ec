/**
 * The open-data API: a crawl from /oparl/v1/system through every list page
 * and every object, each validated against the OParl 1.1 JSON schemas
 * (seeds/oparl-schema, nested objects against their own schemas, "url"
 * checked as an absolute URL), and the seeds' values found in it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { actorWith } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;
const schemaDir = new URL('../../seeds/oparl-schema/', import.meta.url);
const schemas = Object.fromEntries(
  readdirSync(schemaDir).filter((f) => f.endsWith('.json')).map((f) => [f.replace('.json', ''), JSON.parse(readFileSync(new URL(f, schemaDir), 'utf8')) as Record<string, unknown>]),
);
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats(ajv);
ajv.addFormat('url', { validate: (s: string) => /^https?:\/\/[^\s/]+/.test(s) && URL.canParse(s) });
const validators = Object.fromEntries(Object.entries(schemas).map(([k, s]) => [k, ajv.compile(s)]));

/** Validates an object and, following the schemas' "schema" keyword, its nested objects. */
function validate(obj: Record<string, unknown>, where: string, errors: string[]) {
  const type = String(obj.type ?? '').replace('https://schema.oparl.org/1.1/', '');
  const v = validators[type];
  if (!v) return errors.push(`${where}: okänd typ ${String(obj.type)}`);
  if (!v(obj)) errors.push(`${where} (${type}): ${ajv.errorsText(v.errors)}`);
  const props = (schemas[type]!.properties ?? {}) as Record<string, { schema?: string; items?: { schema?: string } }>;
  for (const [k, p] of Object.entries(props)) {
    const val = obj[k];
    if (p.schema && val && typeof val === 'object') validate(val as Record<string, unknown>, `${where}.${k}`, errors);
    if (p.items?.schema && Array.isArray(val)) val.forEach((x, i) => typeof x === 'object' && validate(x as Record<string, unknown>, `${where}.${k}[${i}]`, errors));
  }
  return undefined;
}

afterAll(dropTestSchemas);

describe.each(testDatabases)('open data (OParl 1.1) on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  const get = async (url: string) => {
    const res = await app.inject(url.replace(/^https?:\/\/[^/]+/, ''));
    expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    for (const f of ['003_f8eb7d47c03ea706.txt', '000_97425d05012e62df.txt']) {
      await importKallelse(db, actorWith('secretary'), { fileName: f, text: readFileSync(new URL(`../../seeds/${f}`, import.meta.url), 'utf8') });
    }
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('walks every list and object, and every object validates against its schema', async () => {
    const errors: string[] = [];
    const system = await get('/oparl/v1/system');
    validate(system, 'system', errors);
    const seen = new Map<string, Record<string, unknown>>();
    const walkList = async (url: string) => {
      let next: string | undefined = url;
      let pages = 0;
      while (next) {
        const page = await get(next);
        pages++;
        expect(page.pagination.currentPage).toBe(pages);
        for (const o of page.data) {
          validate(o, o.id, errors);
          seen.set(o.id, o);
        }
        next = page.links.next;
      }
      return pages;
    };
    await walkList(system.body);
    const body = [...seen.values()].find((o) => o.type === 'https://schema.oparl.org/1.1/Body')!;
    const lists = ['organization', 'person', 'meeting', 'paper', 'agendaItem', 'consultation', 'membership', 'legislativeTermList'];
    const pagesOf: Record<string, number> = {};
    for (const l of lists) pagesOf[l] = await walkList(`${body[l] as string}?limit=10`);
    expect(pagesOf.agendaItem).toBe(3); // 21 items, 10 per page
    // every object is also reachable on its own id, and the same there
    for (const [id, o] of seen) expect(await get(id), id).toEqual(o);
    expect(errors).toEqual([]);
    // and the validation can fail: a relative id and a wrong order type are caught
    const broken: string[] = [];
    validate({ ...[...seen.values()].find((o) => String(o.type).endsWith('AgendaItem'))!, id: '/oparl/v1/agendaitem/1', order: '1' }, 'broken', broken);
    expect(broken.join(' ')).toMatch(/must match format "url".*must be integer|must be integer.*must match format "url"/);

    const all = [...seen.values()];
    const of = (t: string) => all.filter((o) => o.type === `https://schema.oparl.org/1.1/${t}`);
    const ms = of('Membership');
    expect(ms.filter((m) => m.votingRight === true)).toHaveLength(15);
    expect(ms.filter((m) => m.role === 'ersättare')).toHaveLength(9);
    expect(ms.filter((m) => m.role === 'ordförande')).toHaveLength(1);
    const aug = of('Meeting').find((m) => (m.name as string).endsWith('2020-08-24'))!;
    const item4 = (aug.agendaItem as Array<Record<string, unknown>>).find((i) => i.number === '4')!;
    expect(item4.name).toBe('Medfinansiering av Smart tillväxt 2021 - 2023');
    expect(item4.resolutionText).toBeUndefined(); // no adjusted minutes yet
    const paper = of('Paper').find((p) => p.reference === '20RS3419')!;
    expect(paper.name).toBe('Medfinansiering av Smart tillväxt 2021 - 2023');
    const recurring = of('Paper').find((p) => p.reference === '19RS10494')!;
    expect((recurring.consultation as unknown[]).length).toBe(2);
    const feb = of('Meeting').find((m) => (m.name as string).endsWith('2020-02-14'))!;
    expect(feb.start).toBe('2020-02-14T10:00:00+01:00');
    expect(of('LegislativeTerm').map((t) => t.name)).toEqual(['Mandatperioden 2019–2022']);
    expect(JSON.stringify(all)).not.toContain('june.fors@'); // no personal contact data
  });

  it('filters by modified_since and refuses a bad one in Swedish', async () => {
    const body = (await get('/oparl/v1/bodies')).data[0];
    const future = await get(`${body.meeting}?modified_since=${encodeURIComponent('2999-01-01T00:00:00Z')}`);
    expect(future.data).toEqual([]);
    const past = await get(`${body.meeting}?modified_since=${encodeURIComponent('2000-01-01T00:00:00Z')}`);
    expect(past.data).toHaveLength(2);
    const bad = await app.inject(`/oparl/v1/body/${body.id.split('/').at(-1)}/meetings?modified_since=igår`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/modified_since måste vara en tidpunkt/);
  });

  it('publishes decisions with the styrbord: extensions only once the minutes are adjusted', async () => {
    const aug = (await meetings.listMeetings(db)).find((m) => m.date === '2020-08-24')!;
    const bodyInfo = await meetings.getBody(db, aug.bodyId);
    const clerk = actorWith('secretary');
    await minutes.openMinutes(db, clerk, aug.id);
    await minutes.setAttendance(db, clerk, aug.id, { attendance: bodyInfo.memberships.filter((m) => m.kind === 'member').map((m) => ({ personId: m.personId, present: true })) });
    for (const it of (await meetings.getMeeting(db, aug.id)).items) {
      if (it.kind !== 'information' && it.kind !== 'presentations') await minutes.recordDecision(db, clerk, aug.id, it.number, { outcome: 'according-to-proposal' });
    }
    await minutes.numberMinutes(db, clerk, aug.id);
    const item4Id = (await meetings.getMeeting(db, aug.id)).items.find((i) => i.number === 4)!.id;
    expect((await get(`/oparl/v1/agendaitem/${item4Id}`))['styrbord:paragraph']).toBeUndefined(); // numbered but not adjusted
    const chair = bodyInfo.memberships.find((m) => m.role === 'chair')!.personId;
    await minutes.setAdjusters(db, clerk, aug.id, { personIds: [chair] });
    await minutes.signMinutes(db, { id: 'ordf', roles: ['adjuster'], personId: chair }, aug.id, chair);
    const item = await get(`/oparl/v1/agendaitem/${item4Id}`);
    expect(item.result).toBe('Beslut enligt förslag');
    expect(item.resolutionText).toContain('dock högst 1 912 400 kronor');
    expect(item['styrbord:paragraph']).toBe(4);
    const errors: string[] = [];
    validate(item, 'agendaitem', errors);
    expect(errors).toEqual([]);
  });
});
