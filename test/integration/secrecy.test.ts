/** Tries to reach secret material and personal identity numbers through every public path. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { actorWith, signIn, type Client } from '../helpers/auth.ts';
import { SYSTEM } from '../../src/access/model.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import { indexMeeting } from '../../src/publish/search.ts';
import type { MeetingDetail, SearchResult } from '../../src/http/contract.ts';

afterAll(dropTestSchemas);

const SECRET_SUMMARY = 'Projektet ska utveckla metoder för hållbar affärsutveckling';
const SECRET_DOC = 'Projektbeskrivning, Smart tillväxt 2021-2023';

describe.each(testDatabases)('secrecy and personal data on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let clerk: Client;
  let member: Client;
  let meetingId: number;
  let bodyId: number;

  const publicGet = (url: string) => app.inject(url);
  const search = async (q: string, who?: Client) => (await app.inject({ url: `/api/search?q=${encodeURIComponent(q)}`, ...(who ?? {}) })).json() as SearchResult;

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, actorWith('secretary'), { fileName: '000.txt', text: readFileSync(new URL('../../seeds/000_97425d05012e62df.txt', import.meta.url), 'utf8') });
    const m = (await meetings.listMeetings(db))[0]!;
    meetingId = m.id;
    bodyId = m.bodyId;
    clerk = await signIn(app, db, ['secretary']);
    // one who serves the body (the seed lists no members): secret papers are read only within one's own bodies
    member = await signIn(app, db, ['member']);
    const me = (await app.inject({ url: '/api/session', ...member })).json() as { user: { id: number } };
    await meetings.setServedBodies(db, SYSTEM, me.user.id, [bodyId]);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('keeps a secret item and a secret document out of every public path', async () => {
    const before = (await publicGet(`/api/meetings/${meetingId}`)).json() as MeetingDetail;
    const item4 = before.items.find((i) => i.number === 4)!;
    expect(JSON.stringify(before)).toContain(SECRET_SUMMARY);
    expect((await search('VD-grupp')).hits.length).toBeGreaterThan(0);

    const bad = await app.inject({ method: 'PUT', url: `/api/agenda-items/${item4.id}/secrecy`, ...clerk, payload: { secrecyRef: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/Ange lagrummet/);
    const res = await app.inject({ method: 'PUT', url: `/api/agenda-items/${item4.id}/secrecy`, ...clerk, payload: { secrecyRef: 'OSL 31 kap. 16 §', version: item4.version } });
    expect(res.statusCode).toBe(200);
    // the same old version again: refused, naming who changed the item
    const stale = await app.inject({ method: 'PUT', url: `/api/agenda-items/${item4.id}/secrecy`, ...clerk, payload: { secrecyRef: null, version: item4.version } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/^Punkten har ändrats av user:testare\d+\.secretary sedan du hämtade den/);
    const doc = before.items.find((i) => i.number === 3)!.decisionBasis[1]!;
    expect(doc.title).toBe('Projektbeskrivning, Vägar till hållbar utveckling i Örebro län');
    expect((await app.inject({ method: 'PUT', url: `/api/decision-basis/${doc.id}/secrecy`, ...clerk, payload: { secrecyRef: 'OSL 19 kap. 1 §' } })).statusCode).toBe(200);

    // the public meeting page and API
    const pub = (await publicGet(`/api/meetings/${meetingId}`)).body;
    expect(pub).not.toContain(SECRET_SUMMARY);
    expect(pub).not.toContain(SECRET_DOC);
    expect(pub).not.toContain(doc.title);
    expect(pub).toContain('Handling som omfattas av sekretess (31 kap. 16 § OSL)');
    expect(pub).toContain('Handling som omfattas av sekretess (19 kap. 1 § OSL)');
    // public search: nothing from the secret attachments or summary
    for (const q of ['VD-grupp', 'hållbar affärsutveckling metoder', 'Almis rådgivning']) {
      const r = await search(q);
      expect(r.hits.filter((h) => h.itemNumber === 4 && h.meetingDate === '2020-08-24'), q).toEqual([]);
      expect(JSON.stringify(r)).not.toContain(SECRET_SUMMARY);
    }
    // the feeds
    const feed = (await publicGet(`/feeds/bodies/${bodyId}/meetings.atom`)).body;
    expect(feed).not.toContain(SECRET_SUMMARY);

    // members and staff still read it
    const internal = (await app.inject({ url: `/api/meetings/${meetingId}`, ...member })).body;
    expect(internal).toContain(SECRET_SUMMARY);
    expect(internal).toContain(SECRET_DOC);
    expect((await search('VD-grupp', member)).hits.some((h) => h.itemNumber === 4)).toBe(true);

    // made public again: back in every path
    await app.inject({ method: 'PUT', url: `/api/agenda-items/${item4.id}/secrecy`, ...clerk, payload: { secrecyRef: null } });
    await app.inject({ method: 'PUT', url: `/api/decision-basis/${doc.id}/secrecy`, ...clerk, payload: { secrecyRef: null } });
    expect((await publicGet(`/api/meetings/${meetingId}`)).body).toContain(SECRET_SUMMARY);
    expect((await search('VD-grupp')).hits.some((h) => h.itemNumber === 4)).toBe(true);
    const log = await db.kysely.selectFrom('audit_log').select(['action', 'entity']).where('action', 'like', 'secrecy.%').execute();
    expect(log.map((l) => l.action)).toEqual(['secrecy.mark', 'secrecy.mark', 'secrecy.unmark', 'secrecy.unmark']);
  });

  it('masks personal identity numbers in public versions', async () => {
    const item = ((await publicGet(`/api/meetings/${meetingId}`)).json() as MeetingDetail).items.find((i) => i.number === 3)!;
    await sql`update agenda_item set summary = summary || ' Kontaktperson 811218-9876.' where id = ${item.id}`.execute(db.kysely);
    await sql`update agenda_item set attachment_text = attachment_text || ' Intygas av 19811218-9876.' where id = ${item.id}`.execute(db.kysely);
    await db.tx((trx) => indexMeeting(trx, meetingId));
    const pub = (await publicGet(`/api/meetings/${meetingId}`)).body;
    expect(pub).toContain('Kontaktperson 811218-XXXX.');
    expect(pub).not.toContain('9876');
    for (const q of ['811218-9876', '19811218-9876', 'Intygas']) expect(JSON.stringify((await search(q)).hits)).not.toContain('9876');
    expect((await search('Intygas')).hits.some((h) => h.snippet?.includes('19811218-XXXX'))).toBe(true);
    expect((await app.inject({ url: `/api/meetings/${meetingId}`, ...member })).body).toContain('811218-9876');
  });
});
