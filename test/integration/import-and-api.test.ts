import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { actorWith, signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import type { CaseDetail, MeetingDetail, MeetingSummary, SearchResult, BodyDetail } from '../../src/http/contract.ts';

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
const K003 = seed('003_f8eb7d47c03ea706.txt');
const K000 = seed('000_97425d05012e62df.txt');
const actor = actorWith('secretary');

async function tableCounts(db: Db): Promise<Record<string, number>> {
  const tables = ['diarium_case', 'case_serial_counter', 'body', 'person', 'party', 'membership', 'meeting', 'agenda_item', 'proposal_clause', 'decision_basis', 'agenda_sub_item', 'import_file', 'audit_log'];
  const out: Record<string, number> = {};
  for (const t of tables) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(db.kysely);
    out[t] = r.rows[0]!.n;
  }
  return out;
}

afterAll(dropTestSchemas);

describe.each(testDatabases)('import and API on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let secretary: Client;

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    secretary = await signIn(app, db, ['secretary']);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('refuses a paper that is not a kallelse, naming the line, and writes nothing', async () => {
    const before = await tableCounts(db);
    for (const name of ['002_cbe33cfb0cec96bb.txt', '004_1c5b1e6cf87cd53c.txt']) {
      const err = await importKallelse(db, actor, { fileName: name, text: seed(name) }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'not-a-kallelse' });
      expect((err as Error).message).toMatch(new RegExp(`^${name}: Rad \\d+`));
    }
    const res = await app.inject({ method: 'POST', url: '/api/imports', ...secretary, payload: { fileName: '004.txt', text: seed('004_1c5b1e6cf87cd53c.txt') } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toMatch(/Rad \d+/);
    expect(await tableCounts(db)).toEqual(before);
  });

  it('writes nothing of a kallelse whose import fails half-way', async () => {
    const before = await tableCounts(db);
    // Make the database refuse the last kind of row the import writes.
    await sql.raw(`create function fail_import() returns trigger language plpgsql as $$ begin raise exception 'avbrott mitt i importen'; end $$;
      create trigger fail_import before insert on agenda_sub_item for each row execute function fail_import();`).execute(db.kysely);
    try {
      await expect(importKallelse(db, actor, { fileName: '000.txt', text: K000 })).rejects.toThrow(/avbrott mitt i importen/);
    } finally {
      await sql.raw('drop trigger fail_import on agenda_sub_item; drop function fail_import();').execute(db.kysely);
    }
    expect(await tableCounts(db)).toEqual(before);
  });

  it('imports both seeds into meetings, agenda, members and cases', async () => {
    const r3 = await importKallelse(db, actor, { fileName: '003.txt', text: K003 });
    const r0 = await importKallelse(db, actor, { fileName: '000.txt', text: K000 });
    expect(r3.created && r0.created).toBe(true);
    expect(r0.items).toBe(8);

    const meetings = (await app.inject('/api/meetings')).json() as MeetingSummary[];
    expect(meetings.filter((m) => m.date === '2020-02-14' || m.date === '2020-08-24').map((m) => m.date)).toEqual(['2020-08-24', '2020-02-14']);
    const aug = meetings.find((m) => m.date === '2020-08-24')!;
    const feb = meetings.find((m) => m.date === '2020-02-14')!;
    expect(feb).toMatchObject({ bodyName: 'Regional tillväxtnämnd', startTime: '10:00', endTime: '15:00' });
    expect(feb.place).toContain('Konferensrum Linden');

    const m = (await app.inject(`/api/meetings/${aug.id}`)).json() as MeetingDetail;
    expect(m.items.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const item4 = m.items[3]!;
    expect(item4).toMatchObject({ title: 'Medfinansiering av Smart tillväxt 2021 - 2023', caseNumber: '20RS3419', presenters: ['Lena Kihl'], kind: 'decision' });
    expect(item4.proposal!.addressee).toMatch(/^Regional tillväxtnämnd beslutar/);
    expect(item4.proposal!.clauses).toHaveLength(4);
    expect(item4.proposal!.clauses.some((c) => c.includes('dock högst 1 912 400 kronor'))).toBe(true);
    expect(m.items[4]!.caseNumber).toBe('17RS1250');
    expect(m.items[0]!.adjustmentDeadline).toBe('2020-08-25');
    expect(m.items[1]!.decisionBasis.map((d) => d.title)).toEqual([
      'FöredragningsPM regional tillväxtnämnd 200824, Delårsrapport januari-juli 2020',
      'Delårsrapport januari-juli 2020, regional tillväxtnämnd',
    ]);
    expect(m.items[6]!.kind).toBe('information');
    expect(m.items[6]!.subItems.length).toBe(6);
    expect(m.source?.fileName).toBe('000.txt');

    const body = (await app.inject(`/api/bodies/${feb.bodyId}`)).json() as BodyDetail;
    const members = body.memberships.filter((x) => x.kind === 'member');
    const substitutes = body.memberships.filter((x) => x.kind === 'substitute');
    expect(members).toHaveLength(15);
    expect(substitutes).toHaveLength(9);
    expect(members[0]).toMatchObject({ name: 'Irén Lejegren', party: 'S', role: 'chair' });
    expect(members.find((x) => x.role === 'first-vice-chair')).toMatchObject({ name: 'Torbjörn Ahlin', party: 'C' });
    expect(members.find((x) => x.role === 'second-vice-chair')).toMatchObject({ name: 'Willhelm Sundman', party: 'L' });
    expect(body.organisation).toBe('Region Örebro län');
  });

  it('shows a recurring case with every meeting it was on', async () => {
    const c = (await app.inject('/api/cases/19RS10494')).json() as CaseDetail;
    expect(c.appearances.map((a) => a.meetingDate)).toEqual(['2020-02-14', '2020-08-24']);
    expect(c.appearanceCount).toBe(2);
    // a case named only inside an information item's sub-item is linked too
    const sub = (await app.inject('/api/cases/19RS8666')).json() as CaseDetail;
    expect(sub.appearances.map((a) => a.meetingDate)).toEqual(['2020-02-14']);
  });

  it('re-importing the same file changes nothing', async () => {
    const before = await tableCounts(db);
    const again = await importKallelse(db, actor, { fileName: 'kopia.txt', text: K000 });
    expect(again.created).toBe(false);
    const res = await app.inject({ method: 'POST', url: '/api/imports', ...secretary, payload: { fileName: '003.txt', text: K003 } });
    expect(res.statusCode).toBe(200);
    expect(res.json().created).toBe(false);
    expect(await tableCounts(db)).toEqual(before);
  });

  it('searches by dnr, title and presenter', async () => {
    const q = async (s: string) => (await app.inject(`/api/search?q=${encodeURIComponent(s)}`)).json() as SearchResult;
    const byDnr = await q('20RS3419');
    expect(byDnr.hits.some((h) => h.kind === 'agenda-item' && h.title.startsWith('Medfinansiering av Smart tillväxt') && h.matchedOn === 'dnr')).toBe(true);
    expect(byDnr.hits.some((h) => h.kind === 'case' && h.caseNumber === '20RS3419')).toBe(true);
    const byTitle = await q('smart tillväxt');
    expect(byTitle.hits.some((h) => h.caseNumber === '20RS3419')).toBe(true);
    const byPresenter = await q('Lena Kihl');
    const kihl = byPresenter.hits.filter((h) => h.kind === 'agenda-item').map((h) => h.caseNumber);
    expect(kihl).toEqual(expect.arrayContaining(['20RS3419', '17RS1250', '19RS10513']));
    expect(byPresenter.hits.every((h) => h.kind !== 'agenda-item' || h.presenters.includes('Lena Kihl'))).toBe(true);
    const none = await app.inject('/api/search?q=x');
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toBe('Skriv minst två tecken att söka efter.');
  });

  it('answers bad requests with 4xx and a Swedish message', async () => {
    const cases: Array<[string, string, unknown, number, RegExp]> = [
      ['GET', '/api/meetings/abc', undefined, 400, /Ogiltig begäran: fältet id/],
      ['GET', '/api/meetings/999999', undefined, 404, /Sammanträdet 999999 finns inte/],
      ['GET', '/api/bodies/0', undefined, 400, /minst 1/],
      ['GET', '/api/cases/xyz', undefined, 400, /inte ett diarienummer/],
      ['GET', '/api/meetings?from=2020-13-01', undefined, 400, /inte ett giltigt datum/],
      ['POST', '/api/cases', {}, 400, /fältet rubrik saknas/],
      ['POST', '/api/cases', { title: 'x', hack: 1 }, 400, /fältet hack är okänt/],
      ['POST', '/api/cases', { title: '<script>alert(1)</script>', series: "RS'; drop table diarium_case; --" }, 400, /diarieserie/i],
      ['POST', '/api/cases', { title: 'Ok', series: 'R1' }, 400, /Diarieserien "R1" är ogiltig/],
      ['POST', '/api/imports', { fileName: 'a.txt', text: '' }, 400, /är tom/],
      ['GET', '/api/finns-inte', undefined, 404, /finns inte/],
    ];
    for (const [method, url, payload, status, message] of cases) {
      const res = await app.inject({ method: method as 'GET' | 'POST', url, ...secretary, ...(payload === undefined ? {} : { payload: payload as object }) });
      expect(res.statusCode, url).toBe(status);
      expect(res.json().error.message, url).toMatch(message);
    }
    const bad = await app.inject({ method: 'POST', url: '/api/cases', headers: { ...secretary.headers, 'content-type': 'application/json' }, payload: '{"title":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/giltig JSON/);
  });

  it('registers a case through the API and continues after the imported numbers', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/cases', ...secretary, payload: { title: 'Ansökan om medfinansiering', registeredOn: '2020-09-01' } });
    expect(res.statusCode).toBe(201);
    const c = res.json() as CaseDetail;
    expect(c.caseNumber).toBe('20RS6568'); // the highest 2020 number in the papers is 20RS6567
    expect(res.headers.location).toBe('/api/cases/20RS6568');
  });

  it('publishes an OpenAPI description at /api/docs', async () => {
    const doc = (await app.inject('/api/docs/json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/cases', '/api/cases/{caseNumber}', '/api/meetings/{id}', '/api/search', '/api/imports']));
    expect((await app.inject('/api/docs')).statusCode).toBeLessThan(400);
  });
});
