/**
 * Grants to associations and foundations through the routes (issue 21.2),
 * on PGlite and PostgreSQL: the seed's two applications and Hopajola's
 * history in the demo, the public view (decisions yes, pending applications
 * and natural persons no), an organisation from registration through
 * application, decision under an agenda item and report received, version
 * locks, roles, the audit log, the history import and the sums per budget line.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as budget from '../../src/budget/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import { loadGrantsDemo, type GrantsDemo } from '../../src/grants/demo.ts';
import type { BudgetLineView, HistoryImportResult, OrganisationSummary, OrganisationView } from '../../src/grants/service.ts';
import type { MeetingDetail } from '../../src/http/contract.ts';

const SEED_003 = readFileSync(new URL('../../seeds/003_f8eb7d47c03ea706.txt', import.meta.url), 'utf8');
const secretaryActor = { id: 'sekreterare', roles: ['secretary'] as const };
afterAll(dropTestSchemas);

describe.each(testDatabases)('grants on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let officer: Client;
  let clerk: Client;
  let member: Client;
  let feb: MeetingDetail;
  let demo: GrantsDemo;

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, secretaryActor, { fileName: '003.txt', text: SEED_003 });
    feb = await meetings.getMeeting(db, (await meetings.findMeetingId(db, 'Regional tillväxtnämnd', '2020-02-14'))!);
    demo = await loadGrantsDemo(db, SEED_003);
    officer = await signIn(app, db, ['case-officer']);
    clerk = await signIn(app, db, ['secretary']);
    member = await signIn(app, db, ['member']);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const get = async (id: number, who?: Client) => {
    const res = await app.inject({ method: 'GET', url: `/api/foreningsbidrag/${id}`, ...(who ?? {}) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as OrganisationView;
  };
  const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, who: Client, payload?: object) => app.inject({ method, url, ...who, ...(payload ? { payload } : {}) });

  it('holds the seed\'s two applications, refused under items 6 and 7 of 2020-02-14, and Hopajola\'s history', async () => {
    const h = await get(demo.hopajola!, member);
    expect(h).toMatchObject({ name: 'Hopajola', orgNumber: '875002-5994', kind: 'förening', kindLabel: 'Förening', naturalPerson: false, grantedOre: 0 });
    expect(h.applications).toHaveLength(1);
    expect(h.applications[0]).toMatchObject({
      year: 2020, amountOre: 8_000_000, caseNumber: '19RS8345', receivedOn: '2019-10-15', outcome: 'avslag', outcomeLabel: 'Avslag', decidedOn: '2020-02-14', grantedOre: null, status: 'rejected',
      reason: 'Med rådande ekonomiska läge föreslår vi nämnden att inte bevilja förfrågan om utökat stöd.',
      place: { kind: 'meeting', meetingId: feb.id, meetingDate: '2020-02-14', itemNumber: 7, itemTitle: 'Begäran om utökat verksamhetsbidrag till Hopajola 2020' },
    });
    // the memo's 2019 grant and the imported table (every line accounted for)
    expect(h.history.find((x) => x.importId === null)).toMatchObject({ year: 2019, amountOre: 19_500_000, description: 'Verksamhetsbidrag från Region Örebro län' });
    expect(h.imports).toHaveLength(1);
    expect(h.imports[0]).toMatchObject({ title: 'Beviljade medel från Hopajola, år 1994-2019', counts: { sum: 14, group: 13, rejected: 0 } });
    expect(h.history.filter((x) => x.importId !== null)).toHaveLength(h.imports[0]!.counts['entry-without-amount']);
    expect(h.perYear.find((y) => y.year === 2019)).toEqual({ year: 2019, decidedOre: 0, historyOre: 19_500_000 });

    const r = await get(demo.rosenberg!, member);
    expect(r).toMatchObject({ name: 'Stiftelsen Erik Rosenbergs Naturvårdsfond', orgNumber: null, kind: 'stiftelse' });
    expect(r.applications[0]).toMatchObject({ caseNumber: '19RS7679', outcome: 'avslag', place: { itemNumber: 6 } });
    expect(r.applications[0]!.reason).toMatch(/^Mot bakgrund av rådande ekonomiska läge väljer Region Örebro län att avslå denna ansökan\./);
    // the public: the decisions and the history's years and amounts; not the rows' texts (they name private persons) or the imports
    const pub = await get(demo.hopajola!);
    expect(pub.applications[0]).toMatchObject({ outcome: 'avslag', caseNumber: '19RS8345', place: { meetingDate: '2020-02-14', itemNumber: 7, itemTitle: null } });
    expect(pub.history.length).toBe(h.history.length);
    expect(pub.history.every((x) => x.description === null && x.group === null)).toBe(true);
    expect(pub.imports).toEqual([]);
    expect(h.history.some((x) => /Ullström/.test(x.description ?? ''))).toBe(true);
    expect(JSON.stringify(pub)).not.toContain('Ullström');
    // a second load changes nothing
    expect(await loadGrantsDemo(db, SEED_003)).toEqual(demo);
  });

  it('registers an organisation, its application, the decision under an agenda item and the report received; every step audited', async () => {
    // a wrong check digit is refused in Swedish; nothing saved
    const bad = await send('POST', '/api/foreningsbidrag', officer, { name: 'Naturskyddsföreningen i Örebro län', kind: 'förening', orgNumber: '875002-5995' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid-org-number', message: 'Organisationsnumret 875002-5995 har fel kontrollsiffra.' });
    expect((await send('POST', '/api/foreningsbidrag', member, { name: 'X', kind: 'förening' })).statusCode).toBe(403);
    const created = await send('POST', '/api/foreningsbidrag', officer, { name: 'Naturskyddsföreningen i Örebro län', kind: 'förening', orgNumber: '8020007392' });
    expect(created.statusCode, created.body).toBe(201);
    let o = created.json() as OrganisationView;
    expect(o.orgNumber).toBe('802000-7392');
    const dup = await send('POST', '/api/foreningsbidrag', officer, { name: 'naturskyddsföreningen i örebro län', kind: 'förening' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('grant-organisation-exists');

    const added = await send('POST', `/api/foreningsbidrag/${o.id}/ansokningar`, officer, { version: o.version, year: 2020, amountOre: 5_000_000, purpose: 'Naturguidningar 2020', receivedOn: '2020-01-10', caseNumber: '19RS8345', budgetLine: 'Vilt- och naturvård' });
    expect(added.statusCode, added.body).toBe(201);
    o = added.json();
    // the old version is refused
    expect((await send('POST', `/api/foreningsbidrag/${o.id}/ansokningar`, officer, { version: o.version - 1, year: 2020, amountOre: 1, purpose: 'x' })).statusCode).toBe(409);
    let a = o.applications[0]!;
    expect(a).toMatchObject({ status: 'pending', statusLabel: 'Inte beslutad', budgetLine: 'Vilt- och naturvård' });

    // the public sees no pending application
    expect((await get(o.id)).applications).toEqual([]);

    const item = feb.items.find((i) => i.number === 8)!;
    let res = await send('POST', `/api/foreningsbidrag/ansokningar/${a.id}/punkt`, officer, { version: a.version, meetingId: feb.id, itemId: item.id });
    expect(res.statusCode, res.body).toBe(200);
    a = (res.json() as OrganisationView).applications[0]!;
    expect(a.place).toMatchObject({ kind: 'meeting', itemNumber: 8, itemTitle: item.title, paragraph: null });

    // deciding needs funding.decide (the secretary), more than applied is refused
    expect((await send('POST', `/api/foreningsbidrag/ansokningar/${a.id}/beslut`, officer, { version: a.version, outcome: 'bifall', grantedOre: 5_000_000 })).statusCode).toBe(403);
    res = await send('POST', `/api/foreningsbidrag/ansokningar/${a.id}/beslut`, clerk, { version: a.version, outcome: 'bifall', grantedOre: 6_000_000 });
    expect(res.json().error).toMatchObject({ code: 'grant-invalid-amount', message: 'Det beviljade beloppet kan inte vara större än det sökta.' });
    res = await send('POST', `/api/foreningsbidrag/ansokningar/${a.id}/beslut`, clerk, { version: a.version, outcome: 'avslag' });
    expect(res.json().error).toMatchObject({ code: 'grant-field-required', message: 'Skälet för avslaget måste fyllas i.' });
    res = await send('POST', `/api/foreningsbidrag/ansokningar/${a.id}/beslut`, clerk, { version: a.version, outcome: 'bifall', grantedOre: 5_000_000, reason: 'Skolprojektet.', reportDue: '2021-03-31' });
    expect(res.statusCode, res.body).toBe(200);
    a = (res.json() as OrganisationView).applications[0]!;
    expect(a).toMatchObject({ outcome: 'bifall', grantedOre: 5_000_000, decidedOn: '2020-02-14', reportDue: '2021-03-31', status: 'report-late' });
    res = await send('POST', `/api/foreningsbidrag/ansokningar/${a.id}/beslut`, clerk, { version: a.version, outcome: 'avslag', reason: 'x' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('grant-already-decided');
    // a decided application keeps its amount
    expect((await send('PUT', `/api/foreningsbidrag/ansokningar/${a.id}`, officer, { version: a.version, amountOre: 1 })).json().error.code).toBe('grant-already-decided');

    // the report: not before the decision, then received
    res = await send('PUT', `/api/foreningsbidrag/ansokningar/${a.id}/redovisning`, officer, { version: a.version, reportReceivedOn: '2020-01-01' });
    expect(res.json().error.code).toBe('grant-invalid-date');
    res = await send('PUT', `/api/foreningsbidrag/ansokningar/${a.id}/redovisning`, officer, { version: a.version, reportReceivedOn: '2021-04-02' });
    expect(res.statusCode, res.body).toBe(200);
    a = (res.json() as OrganisationView).applications[0]!;
    expect(a).toMatchObject({ reportReceivedOn: '2021-04-02', status: 'reported', statusLabel: 'Beviljad och redovisad' });

    // the public sees the decision now, not the report
    const pub = await get(o.id);
    expect(pub.applications).toHaveLength(1);
    expect(pub.applications[0]).toMatchObject({ outcome: 'bifall', grantedOre: 5_000_000 });
    expect(pub.imports).toEqual([]);
    expect(pub.updatedBy).toBeNull();

    const log = await db.kysely.selectFrom('audit_log').select(['action']).where('entity', '=', 'grant_application').where('entity_id', '=', String(a.id)).orderBy('id').execute();
    expect(log.map((l) => l.action)).toEqual(['grant.application-create', 'grant.application-place', 'grant.decide', 'grant.report']);
  });

  it('imports a pasted history table with a preview, refuses the same table twice, and undoes an import', async () => {
    let o = (await send('POST', '/api/foreningsbidrag', officer, { name: 'Studiefrämjandet Örebro län', kind: 'förening' })).json() as OrganisationView;
    const text = 'Beviljade medel 2017-2019\nÅr\tBelopp\n2017\t100 000\n2018\t120 000\n2019\t\nSumma: 220 000\n120 000';
    let res = await send('POST', `/api/foreningsbidrag/${o.id}/historik/import`, officer, { version: o.version, text, preview: true });
    expect(res.statusCode, res.body).toBe(200);
    const preview = res.json() as HistoryImportResult;
    expect(preview).toMatchObject({ saved: false, title: 'Beviljade medel 2017-2019', counts: { entry: 2, 'entry-without-amount': 1, sum: 1, rejected: 1, header: 1, title: 1 } });
    expect(preview.organisation.history).toEqual([]);
    res = await send('POST', `/api/foreningsbidrag/${o.id}/historik/import`, officer, { version: o.version, text });
    const saved = res.json() as HistoryImportResult;
    expect(saved.saved).toBe(true);
    o = saved.organisation;
    expect(o.history.map((h) => [h.year, h.amountOre])).toEqual([[2017, 10_000_000], [2018, 12_000_000], [2019, null]]);
    expect(o.imports[0]!.rows.find((r) => r.disposition === 'rejected')!.reason).toBe('Raden har ett belopp men inget år (ÅÅÅÅ); den importeras inte.');
    res = await send('POST', `/api/foreningsbidrag/${o.id}/historik/import`, officer, { version: o.version, text });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('grant-history-imported');
    // a table without years: refused with the rows
    res = await send('POST', `/api/foreningsbidrag/${o.id}/historik/import`, officer, { version: o.version, text: 'Rubrik\nbara text' });
    expect(res.json().error.code).toBe('grant-history-no-rows');
    res = await send('DELETE', `/api/foreningsbidrag/${o.id}/historik/import/${o.imports[0]!.id}?version=${o.version}`, officer);
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as OrganisationView).history).toEqual([]);
  });

  it('never shows the public a natural person\'s name or number', async () => {
    const name = 'Karin Enskildsdotter';
    const res = await send('POST', '/api/foreningsbidrag', officer, { name, kind: 'annan', orgNumber: '811218-9876' });
    expect(res.statusCode, res.body).toBe(201);
    let o = res.json() as OrganisationView;
    expect(o.naturalPerson).toBe(true);
    o = (await send('POST', `/api/foreningsbidrag/${o.id}/ansokningar`, officer, { version: o.version, year: 2020, amountOre: 100_000, purpose: `Naturvandring som ${name} leder`, budgetLine: `Stöd till ${name}` })).json();
    const a = o.applications[0]!;
    await send('POST', `/api/foreningsbidrag/ansokningar/${a.id}/beslut`, clerk, { version: a.version, outcome: 'avslag', reason: `${name} har redan fått bidrag.`, meetingId: feb.id, itemId: feb.items[0]!.id });
    const pub = await app.inject({ method: 'GET', url: `/api/foreningsbidrag/${o.id}` });
    expect(pub.body).not.toContain('Enskildsdotter');
    expect(pub.body).not.toContain('811218');
    expect(pub.json()).toMatchObject({ name: 'Enskild näringsidkare', orgNumber: null });
    const list = await app.inject({ method: 'GET', url: '/api/foreningsbidrag' });
    expect(list.body).not.toContain('Enskildsdotter');
    expect((list.json() as OrganisationSummary[]).some((x) => x.name === 'Hopajola')).toBe(true);
    expect((await app.inject({ method: 'GET', url: '/api/foreningsbidrag/budgetrader' })).body).not.toContain('Enskildsdotter');
    // staff see the name
    expect((await get(o.id, member)).name).toBe(name);
  });

  it('sums applied and granted per year and budget line beside the budget\'s association grant', async () => {
    const body = (await meetings.listBodies(db)).find((b) => b.name === 'Regional tillväxtnämnd')!;
    await budget.createBudget(db, SYSTEM, body.id, { year: 2021, associations: [{ name: 'Hopajola', kind: 'förening', area: null, grantOre: 19_500_000, upliftBp: 0 }] });
    let o = await get(demo.hopajola!, member);
    o = (await send('POST', `/api/foreningsbidrag/${o.id}/ansokningar`, officer, { version: o.version, year: 2021, amountOre: 19_500_000, purpose: 'Verksamhetsbidrag 2021' })).json();
    const a = o.applications.find((x) => x.year === 2021)!;
    const dec = await send('POST', `/api/foreningsbidrag/ansokningar/${a.id}/beslut`, clerk, { version: a.version, outcome: 'bifall', grantedOre: 19_000_000, meetingId: feb.id, itemId: feb.items[6]!.id, decidedOn: '2021-01-20' });
    expect(dec.statusCode, dec.body).toBe(200);
    const lines = (await app.inject({ method: 'GET', url: '/api/foreningsbidrag/budgetrader?year=2021', ...member })).json() as BudgetLineView[];
    expect(lines).toEqual([
      { year: 2021, budgetLine: 'Hopajola', appliedOre: 19_500_000, grantedOre: 19_000_000, applications: 1, granted: 1, budgetedOre: 19_500_000, budget: { bodyId: body.id, bodyName: 'Regional tillväxtnämnd', status: 'draft' } },
    ]);
    // the public does not see a draft budget's figure
    const pub = (await app.inject({ method: 'GET', url: '/api/foreningsbidrag/budgetrader?year=2021' })).json() as BudgetLineView[];
    expect(pub[0]).toMatchObject({ grantedOre: 19_000_000, budgetedOre: null });
  });
});
