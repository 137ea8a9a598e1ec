/**
 * Personal data on every public path (issue 13, point 2). Personnummer and
 * samordningsnummer are planted in every form – with and without century,
 * hyphen, plus sign, a space or nothing – in a case title, an agenda item's
 * title and a decision's clauses; a sole trader (an enskild firma whose
 * organisationsnummer is the owner's personnummer) applies for co-financing
 * and is granted it under delegation; the seed's business support register
 * names sole traders, and so does the imported delegation report's text.
 * Then each public path is fetched without signing in, and none of it may
 * appear: the case list and case page, the meeting, the minutes (JSON, PDF,
 * extract), the decisions and meetings feeds, search hits and snippets, the
 * co-financing application (JSON clauses) and its decision letter, the
 * register, and error messages that echo what was asked for.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { actorWith, signIn, type Client } from '../helpers/auth.ts';
import { readPdf } from '../helpers/pdf.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import * as delegation from '../../src/delegation/service.ts';
import { indexQueued } from '../../src/publish/search.ts';
import type { ApplicationInput } from '../../src/funding/cofinancingService.ts';
import * as support from '../../src/funding/supportService.ts';

afterAll(dropTestSchemas);

const secretary = actorWith('secretary');
const kr = (n: number) => n * 100;

/** One valid personnummer (811218-9876) and one samordningsnummer (701063-2391), in every form people write them. */
const FORMS = ['811218-9876', '811218+9876', '8112189876', '811218 9876', '19811218-9876', '198112189876', '19811218 9876', '701063-2391', '7010632391', '19701063 2391'];
const PLANTED = FORMS.join(', ');
/** Any of them, however a PDF or a snippet breaks the line: white space removed first. */
const LEAK = /811218[-+]?9876|701063[-+]?2391/;
const SOLE_TRADER = 'Fanny Fysiksson';
const leaks = (text: string) => {
  const flat = text.replace(/[\s\u00a0\u0002\u0003]+/g, '');
  return [...(LEAK.exec(flat) ?? []), ...[SOLE_TRADER, 'Kerstin Önnebo', 'Nalles Bil'].filter((n) => text.replace(/[\s\u0002\u0003]+/g, ' ').includes(n))];
};

const BUDGET: ApplicationInput['budget'] = {
  years: [2020],
  totalColumn: false,
  costs: [{ category: 'staff', label: 'Egen personal', values: [kr(400_000)], statedTotalOre: null }],
  costSums: { perYear: [kr(400_000)], total: null },
  financing: [
    { kind: 'public', label: 'Region Örebro län 1:1', values: [kr(100_000)], statedTotalOre: null },
    { kind: 'private', label: 'Egen insats', values: [kr(300_000)], statedTotalOre: null },
  ],
  financingSums: { perYear: [kr(400_000)], total: null },
};

const SOLE_TRADER_APPLICATION: ApplicationInput = {
  // an enskild firma: the organisationsnummer is the owner's personnummer
  applicant: { name: SOLE_TRADER, orgNumber: '811218-9876', address: ['Storgatan 1', '702 10 Örebro'] },
  projectName: 'Kaffe i Kilsbergen',
  period: { start: '2020-09-01', end: '2020-12-31' },
  description: `${SOLE_TRADER} driver ett kafé.`,
  priorityArea: 'Näringsliv och entreprenörskap',
  priorityRank: '3',
  fundingSource: 'state-1-1',
  requestedOre: kr(100_000),
  rateBp: 2500,
  budget: BUDGET,
};

describe.each(testDatabases)('personal data on every public path on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let clerk: Client;
  let officer: Client;
  let member: Client;
  let meetingId: number;
  let bodyId: number;
  let caseNumber: string;
  let applicationId: number;
  let paragraph: number;
  let seed000: string;

  const anon = (url: string) => app.inject({ url });
  const text = async (url: string) => {
    const res = await anon(url);
    expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
    return res.headers['content-type']?.toString().startsWith('application/pdf') ? (await readPdf(res.rawPayload)).pages.join('\n') : res.body;
  };

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    // 003 brings the body's members (000 has none), 000 the meeting of 2020-08-24 with the business support register
    for (const f of ['003_f8eb7d47c03ea706.txt', '000_97425d05012e62df.txt']) {
      await importKallelse(db, secretary, { fileName: f, text: readFileSync(new URL(`../../seeds/${f}`, import.meta.url), 'utf8') });
    }
    seed000 = readFileSync(new URL('../../seeds/000_97425d05012e62df.txt', import.meta.url), 'utf8');
    meetingId = (await meetings.findMeetingId(db, 'Regional tillväxtnämnd', '2020-08-24'))!;
    bodyId = (await meetings.getMeeting(db, meetingId)).bodyId;
    clerk = await signIn(app, db, ['secretary']);
    officer = await signIn(app, db, ['case-officer']);
    member = await signIn(app, db, ['member']);

    // a case whose title carries every form
    const created = await app.inject({ method: 'POST', url: '/api/cases', ...officer, payload: { title: `Planteringsstöd till ${PLANTED}` } });
    expect(created.statusCode, created.body).toBe(201);
    caseNumber = created.json().caseNumber;

    // an agenda item's title and its decision's clauses
    const item = (await meetings.getMeeting(db, meetingId)).items.find((i) => i.number === 3)!;
    await sql`update agenda_item set title = title || ${` (sökande ${PLANTED})`} where id = ${item.id}`.execute(db.kysely);
    const body = await meetings.getBody(db, bodyId);
    await minutes.openMinutes(db, secretary, meetingId);
    await minutes.setAttendance(db, secretary, meetingId, { attendance: body.memberships.filter((m) => m.kind === 'member').map((m) => ({ personId: m.personId, present: true })) });
    for (const it of (await meetings.getMeeting(db, meetingId)).items) {
      if (it.kind === 'information' || it.kind === 'presentations') continue;
      await minutes.recordDecision(db, secretary, meetingId, it.number, it.id === item.id ? { outcome: 'amended', clauses: [`att bevilja stöd till ${PLANTED}`] } : { outcome: 'according-to-proposal' });
    }
    await minutes.numberMinutes(db, secretary, meetingId);
    const chair = body.memberships.find((m) => m.role === 'chair')!.personId;
    await minutes.setAdjusters(db, secretary, meetingId, { personIds: [chair] });
    const adjuster = await signIn(app, db, ['adjuster'], chair);
    const signed = await app.inject({ method: 'POST', url: `/api/meetings/${meetingId}/minutes/signatures`, ...adjuster, payload: { personId: chair } });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().locked).toBe(true);
    paragraph = (await minutes.getMinutes(db, meetingId)).decisions.find((d) => d.agendaItemId === item.id)!.paragraph!;

    // a sole trader granted co-financing under delegation point 3.2
    await delegation.setPoint(db, secretary, bodyId, { number: '3.2', title: 'Regionala utvecklingsstöd', delegate: 'förvaltningschef Regional utveckling', maxAmountOre: kr(1_000_000), decisionTypes: [] });
    const applied = await app.inject({ method: 'POST', url: '/api/cofinancing', ...officer, payload: SOLE_TRADER_APPLICATION });
    expect(applied.statusCode, applied.body).toBe(201);
    applicationId = applied.json().id;
    expect(applied.json().applicant.naturalPerson).toBe(true); // inferred: the org number is a personnummer
    const decided = await app.inject({
      method: 'POST', url: `/api/cofinancing/${applicationId}/decision`, ...clerk,
      payload: {
        route: 'delegation', bodyId, decidedOn: '2020-09-15', officer: 'Regional utveckling, Lena Kihl', signatories: [{ name: 'Eva Getzman', title: 'Enhetschef' }],
        override: { reason: 'Anslaget registreras inte i testet.' },
      },
    });
    expect(decided.statusCode, decided.body).toBe(201);
    await db.settled();
    await indexQueued(db);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('staff see what was planted (the test plants what it claims)', async () => {
    const asMember = async (url: string) => (await app.inject({ url, ...member })).body;
    expect(await asMember(`/api/cases/${caseNumber}`)).toContain('8112189876');
    expect(await asMember(`/api/meetings/${meetingId}/minutes`)).toContain('19811218 9876');
    expect(await asMember(`/api/cofinancing/${applicationId}`)).toContain(SOLE_TRADER);
    expect(await asMember('/api/business-support')).toContain('Kerstin Önnebo');
    // staff find the name in search (the non-public copy of the document, as written)
    const admin = await signIn(app, db, ['admin']);
    const hits = (await app.inject({ url: `/api/search?q=${encodeURIComponent('Önnebo')}`, ...admin })).json().hits as Array<{ snippet: string | null }>;
    expect(hits.some((h) => h.snippet?.includes('Kerstin \u0002Önnebo\u0003'))).toBe(true);
  });

  it('no public JSON, page data or feed shows a personnummer or a natural person\'s name', async () => {
    const paths = [
      '/api/cases',
      '/api/cases?q=Planteringsst%C3%B6d',
      `/api/cases/${caseNumber}`,
      '/api/meetings',
      `/api/meetings/${meetingId}`,
      `/api/meetings/${meetingId}/minutes`,
      '/api/notice-board',
      `/feeds/bodies/${bodyId}/decisions.atom`,
      `/feeds/bodies/${bodyId}/meetings.atom`,
      '/api/cofinancing',
      `/api/cofinancing/${applicationId}`,
      '/api/business-support',
      `/api/bodies/${bodyId}/delegated-decisions`,
    ];
    for (const p of paths) expect(leaks(await text(p)), p).toEqual([]);
    const pub = (await anon(`/api/cofinancing/${applicationId}`)).json();
    expect(pub.applicant).toMatchObject({ name: 'Enskild näringsidkare', orgNumber: null, address: [], naturalPerson: true });
    expect(pub.decisions[0].clauses.join(' ')).toContain('Enskild näringsidkare beviljas 25 % av projektets bokförda kostnader');
    expect((await text(`/api/cases/${caseNumber}`))).toContain('811218-XXXX');
  });

  it('public search: hit titles and snippets are masked, and a sole trader\'s name is not searchable', async () => {
    for (const q of ['Planteringsstöd', 'sökande', 'bevilja stöd', 'Pod-utveckling', 'Omställningscheck', 'Bilförsäljning', 'Önnebo', 'Fysiksson', 'Kilsbergen']) {
      expect(leaks(await text(`/api/search?q=${encodeURIComponent(q)}`)), q).toEqual([]);
    }
    const hits = (await anon(`/api/search?q=${encodeURIComponent('Omställningscheck')}`)).json().hits as Array<{ snippet: string | null }>;
    expect(hits.some((h) => h.snippet?.includes('Enskild näringsidkare'))).toBe(true);
    expect((await anon(`/api/search?q=${encodeURIComponent('Önnebo')}`)).json().hits.filter((h: { kind: string }) => h.kind !== 'case')).toEqual([]);
  });

  it('the public minutes PDF, extract and decision letter are masked', async () => {
    const minutesPdf = await text(`/api/meetings/${meetingId}/minutes.pdf`);
    expect(minutesPdf).toMatch(/811218-XXXX/);
    expect(leaks(minutesPdf)).toEqual([]);
    expect(leaks(await text(`/api/meetings/${meetingId}/minutes/paragraphs/${paragraph}/extract.pdf`))).toEqual([]);
    const letter = await text(`/api/cofinancing/${applicationId}/letter.pdf`);
    expect(letter).toContain('Enskild näringsidkare ansöker om');
    expect(leaks(letter)).toEqual([]);
    // staff get the letter with the name
    const staffLetter = await app.inject({ url: `/api/cofinancing/${applicationId}/letter.pdf`, ...member });
    expect((await readPdf(staffLetter.rawPayload)).pages.join(' ')).toContain(SOLE_TRADER);
  });

  it('error messages that echo the request are masked', async () => {
    for (const form of FORMS) {
      for (const url of [`/api/cases/${encodeURIComponent(form)}`, `/api/finns-inte/${encodeURIComponent(form)}`, `/finns-inte/${form.replace(/\s/g, '')}`]) {
        const res = await anon(url);
        expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
        expect(leaks(decodeURIComponent(res.body.replace(/%(?![0-9A-F]{2})/gi, '%25'))), url).toEqual([]);
      }
    }
  });

  it('the natural-person mark is set by staff in the API, audited, and changes the public register and search at once', async () => {
    const reg = (await app.inject({ url: '/api/business-support', ...member })).json().rows as Array<{ id: number; company: string; naturalPerson: boolean }>;
    const carmentus = reg.find((r) => r.company === 'Carmentus AB')!;
    const hallefors = reg.find((r) => r.company === 'Hällefors Vandrarhem')!;
    expect([carmentus.naturalPerson, hallefors.naturalPerson]).toEqual([false, true]);
    expect((await app.inject({ method: 'PUT', url: `/api/business-support/${carmentus.id}/natural-person`, payload: { naturalPerson: true } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'PUT', url: `/api/business-support/${carmentus.id}/natural-person`, ...officer, payload: { naturalPerson: true } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'PUT', url: `/api/business-support/${hallefors.id}/natural-person`, ...officer, payload: { naturalPerson: false } })).statusCode).toBe(200);
    const pub = (await anon('/api/business-support')).body;
    expect(pub).not.toContain('Carmentus AB');
    expect(pub).toContain('Hällefors Vandrarhem');
    // the register read again from the same report (a re-import) keeps the marks staff set
    await db.tx((trx) => support.importFromKallelse(trx, meetingId, seed000));
    const again = (await app.inject({ url: '/api/business-support', ...member })).json().rows as typeof reg;
    expect([again.find((r) => r.company === 'Carmentus AB')!.naturalPerson, again.find((r) => r.company === 'Hällefors Vandrarhem')!.naturalPerson]).toEqual([true, false]);
    await db.settled();
    expect(leaks(await text(`/api/search?q=${encodeURIComponent('Carmentus')}`)).length).toBe(0);
    expect((await text(`/api/search?q=${encodeURIComponent('Carmentus')}`))).not.toContain('Carmentus AB');

    // a co-financing applicant: marked not a natural person by staff, then the public sees the name
    const put = await app.inject({ method: 'PUT', url: `/api/cofinancing/${applicationId}/natural-person`, ...officer, payload: { naturalPerson: false } });
    expect(put.statusCode, put.body).toBe(200);
    expect((await anon(`/api/cofinancing/${applicationId}`)).json().applicant.name).toBe(SOLE_TRADER);
    await app.inject({ method: 'PUT', url: `/api/cofinancing/${applicationId}/natural-person`, ...officer, payload: { naturalPerson: true } });
    expect((await anon(`/api/cofinancing/${applicationId}`)).json().applicant.name).toBe('Enskild näringsidkare');
    const log = await db.kysely.selectFrom('audit_log').select('action').where('action', 'in', ['business-support.natural-person', 'cofinancing.natural-person']).execute();
    expect(log).toHaveLength(4);
  });
});
