/**
 * Co-financing, the economist's and handläggare's views (issue 16.3, 16.4,
 * 16.5, 16.8) on PGlite and (with DATABASE_URL) PostgreSQL: after an
 * extension the header and the lists show the terms in force; the decision
 * letter is complete (logo, sammanfattning, skäl, budget, appeal, the case's
 * dnr and date); the payment profile by default and set by hand; the
 * appropriation per year (decided, planned, paid, remaining); the warning
 * before a proposal goes beyond the year; the lists with filters, sums and
 * CSV / xlsx export.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { actorWith, signIn, type Client } from '../helpers/auth.ts';
import { readXlsx } from '../helpers/xlsx.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as delegation from '../../src/delegation/service.ts';
import * as diarium from '../../src/diarium/service.ts';
import { todayInStockholm } from '../../src/kernel/dates.ts';
import type { ApplicationInput, ApplicationView, AppropriationProfileView, ListView, ProposalView } from '../../src/funding/cofinancingService.ts';
import { SEED_003, kr } from '../../src/funding/fixtures.ts';

afterAll(dropTestSchemas);

const sums = (perYear: number[], total: number) => ({ perYear: perYear.map(kr), total: kr(total) });
const project = (name: string, over: Partial<ApplicationInput> = {}): ApplicationInput => ({
  applicant: { name: 'Bergslagens Innovation AB', orgNumber: '556677-1233', address: ['Storgatan 1', '702 10 Örebro'] },
  projectName: name,
  period: { start: '2022-01-01', end: '2023-06-30' },
  priorityArea: 'Innovationskraft och specialisering',
  priorityRank: '2b',
  fundingSource: 'state-1-1',
  requestedOre: kr(200_000),
  rateBp: 4500,
  budget: {
    years: [2022, 2023],
    costs: [
      { category: 'staff', label: 'Egen personal', values: [kr(200_000), kr(150_000)], statedTotalOre: kr(350_000) },
      { category: 'external-services', label: 'Externa tjänster', values: [kr(100_000), kr(50_000)], statedTotalOre: kr(150_000) },
    ],
    costSums: sums([300_000, 200_000], 500_000),
    financing: [
      { kind: 'public', label: 'Region Örebro län', values: [kr(120_000), kr(80_000)], statedTotalOre: kr(200_000) },
      { kind: 'public', label: 'Örebro kommun', values: [kr(180_000), kr(120_000)], statedTotalOre: kr(300_000) },
    ],
    financingSums: sums([300_000, 200_000], 500_000),
  },
  ...over,
});

/** pdftotext's reading of a PDF, whitespace folded. */
function pdfText(pdf: Buffer): { text: string; images: number } {
  const dir = mkdtempSync(path.join(tmpdir(), 'letter-'));
  try {
    const file = path.join(dir, 'letter.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').length - 2;
    return { text, images };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(testDatabases)('co-financing lists, letter and payment profile on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let officer: Client;
  let sec: Client;
  let bodyId: number;
  const ids: Record<string, number> = {};
  const cases: Record<string, string> = {};
  const thisYear = Number(todayInStockholm().slice(0, 4));
  const DELEGATED = { route: 'delegation', officer: 'Regional utveckling, Lena Kihl', signatories: [{ name: 'Eva Getzman', title: 'Enhetschef' }] };

  const post = (url: string, client: Client | null, payload: unknown) => app.inject({ method: 'POST', url, ...(client ?? {}), payload: payload as object });
  const put = (url: string, client: Client | null, payload: unknown) => app.inject({ method: 'PUT', url, ...(client ?? {}), payload: payload as object });
  const get = (url: string, client: Client | null = sec) => app.inject({ method: 'GET', url, ...(client ?? {}) });
  const view = async (key: string) => (await get(`/api/cofinancing/${ids[key]}`)).json() as ApplicationView;
  const list = async (kind: string, query = '') => {
    const r = await get(`/api/cofinancing-lists/${kind}${query}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as ListView;
  };

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    const secretary = actorWith('secretary');
    await importKallelse(db, secretary, { fileName: SEED_003, text: readFileSync(new URL(`../../seeds/${SEED_003}`, import.meta.url), 'utf8') });
    bodyId = (await meetings.listBodies(db))[0]!.id;
    await delegation.setPoint(db, secretary, bodyId, { number: '3.2', title: 'Regionala utvecklingsstöd', delegate: 'förvaltningschef Regional utveckling', maxAmountOre: kr(1_000_000), decisionTypes: [] });
    officer = await signIn(app, db, ['case-officer']);
    sec = await signIn(app, db, ['secretary']);
    for (const year of [2021, 2022]) expect((await put(`/api/appropriations/${year}`, sec, { totalOre: kr(40_000_000) })).statusCode).toBe(200);
    const specs: Array<[string, string | null, Partial<ApplicationInput>]> = [
      ['reuse', 'Lena Kihl', {}],
      ['regional', 'Per Berg', { fundingSource: 'regional', applicant: { name: 'Hällefors kommun', orgNumber: '212000-1900', address: ['Box 1', '712 83 Hällefors'] } }],
      ['draft', null, { period: { start: '2025-01-01', end: '2025-12-31' } }],
    ];
    for (const [key, caseOfficer, over] of specs) {
      const c = await diarium.registerCase(db, secretary, { title: `Medfinansiering av Projekt ${key}`, ...(caseOfficer ? { officer: caseOfficer } : {}) });
      cases[key] = c.caseNumber;
      const r = await post('/api/cofinancing', officer, { ...project(key === 'reuse' ? 'Testbädd för återbruk' : `Projekt ${key}`, over), caseNumber: c.caseNumber });
      expect(r.statusCode, r.body).toBe(201);
      ids[key] = r.json().id;
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('warns before the proposal when the state part goes beyond what is left of the year, or the year has no appropriation', async () => {
    const none = (await get(`/api/cofinancing/${ids.reuse}/proposal`)).json() as ProposalView;
    expect(none.appropriation).toMatchObject({ year: thisYear, stateOre: kr(200_000), remainingOre: null, warning: { exceedsOre: kr(200_000) } });
    expect(none.appropriation!.warning!.message).toContain(`Anslaget 1:1 för ${thisYear} är inte registrerat`);
    expect((await put(`/api/appropriations/${thisYear}`, sec, { totalOre: kr(150_000) })).statusCode).toBe(200);
    const short = (await get(`/api/cofinancing/${ids.reuse}/proposal`)).json() as ProposalView;
    expect(short.appropriation).toMatchObject({ remainingOre: kr(150_000), warning: { exceedsOre: kr(50_000) } });
    expect(short.appropriation!.warning!.message.replace(/\s/g, ' ')).toContain('150 000 kr återstår men 200 000 kr ska beslutas (50 000 kr för mycket)');
    // regional funds do not touch the state appropriation
    expect(((await get(`/api/cofinancing/${ids.regional}/proposal`)).json() as ProposalView).appropriation).toMatchObject({ stateOre: 0, warning: null });
  });

  it('after an extension the header and the lists show the period and cap in force', async () => {
    for (const key of ['reuse', 'regional']) {
      const r = await post(`/api/cofinancing/${ids[key]}/decision`, sec, { ...DELEGATED, bodyId, decidedOn: '2021-12-15' });
      expect(r.statusCode, r.body).toBe(201);
    }
    const ext = await post(`/api/cofinancing/${ids.reuse}/extensions`, sec, { ...DELEGATED, bodyId, decidedOn: '2022-03-01', addedCapOre: kr(50_000), newEnd: '2023-12-31' });
    expect(ext.statusCode, ext.body).toBe(201);
    const a = await view('reuse');
    expect(a.period).toEqual({ start: '2022-01-01', end: '2023-06-30' }); // as applied for
    expect(a.current).toMatchObject({ capOre: kr(250_000), period: { start: '2022-01-01', end: '2023-12-31' } });
    const summary = (await get('/api/cofinancing')).json() as Array<{ id: number; currentCapOre: number; currentPeriod: { end: string } | null }>;
    expect(summary.find((r) => r.id === ids.reuse)).toMatchObject({ currentCapOre: kr(250_000), currentPeriod: { end: '2023-12-31' } });
    const apps = await list('applications', `?q=${encodeURIComponent('återbruk')}`);
    expect(apps.rows.map((r) => [r.cells.caseNumber, r.cells.end, r.cells.capOre])).toEqual([[cases.reuse, '2023-12-31', kr(250_000)]]);
  });

  it('writes the complete letter: logo, sammanfattning, beslut, skäl, villkor, budget, the terms in force, how to appeal, the case\'s dnr and date', async () => {
    const r = await get(`/api/cofinancing/${ids.reuse}/letter.pdf`);
    expect(r.statusCode).toBe(200);
    const { text, images } = pdfText(r.rawPayload);
    expect(images).toBe(1);
    for (const part of [
      'Region Örebro län',
      `Beteckning: ${cases.reuse}`,
      'Datum: 2021-12-15',
      'Sammanfattning',
      'Bergslagens Innovation AB ansöker om 45 procent av projektets bokförda kostnader',
      'Beslutet',
      'beviljas 45 % av projektets bokförda kostnader, dock högst 200 000 kr',
      'Skäl för beslutet',
      'Innovationskraft och specialisering i den regionala utvecklingsstrategin och har prioritet 2b',
      'Projektets budgeterade kostnader är 500 000 kr',
      'Följande villkor gäller',
      'Kostnadsbudget',
      'Egen personal: 2022 200 000 kr · 2023 150 000 kr · totalt 350 000 kr',
      'Finansieringsbudget',
      'Summa: 2022 300 000 kr · 2023 200 000 kr · totalt 500 000 kr',
      'Gällande beslut efter senare ändringar',
      '250 000',
      'Hur man överklagar eller begär omprövning',
      'förordningen (2003:596)',
    ]) {
      expect(text.replace(/\u00a0/g, ' '), part).toContain(part);
    }
    expect(text).not.toContain('laglighetsprövning');
    const regional = pdfText((await get(`/api/cofinancing/${ids.regional}/letter.pdf`)).rawPayload).text;
    expect(regional).toContain('laglighetsprövning');
    expect(regional).toContain(`Beteckning: ${cases.regional}`);
    expect(regional).not.toContain('Gällande beslut efter senare ändringar');
    // before a decision there is no letter
    expect((await get(`/api/cofinancing/${ids.draft}/letter.pdf`)).statusCode).toBe(404);
  });

  it('plans the payouts per year: by default over the project period, set by hand only when summing to the cap', async () => {
    let a = await view('reuse');
    // 250 000 kr over 2022-01-01 – 2023-12-31: 365 days each
    expect(a.paymentPlan).toMatchObject({ capOre: kr(250_000), stateOre: kr(250_000), custom: false, stale: false, years: [{ year: 2022, plannedOre: kr(125_000) }, { year: 2023, plannedOre: kr(125_000) }] });
    const wrong = await put(`/api/cofinancing/${ids.reuse}/payment-plan`, officer, { years: [{ year: 2022, amountOre: kr(100_000) }], version: a.version });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('plan-sum');
    const years = [{ year: 2022, amountOre: kr(100_000) }, { year: 2023, amountOre: kr(100_000) }, { year: 2024, amountOre: kr(50_000) }];
    expect((await put(`/api/cofinancing/${ids.reuse}/payment-plan`, officer, { years, version: a.version - 1 })).statusCode).toBe(409);
    const ok = await put(`/api/cofinancing/${ids.reuse}/payment-plan`, officer, { years, version: a.version });
    expect(ok.statusCode, ok.body).toBe(200);
    a = ok.json();
    expect(a.paymentPlan).toMatchObject({ custom: true, years: [{ year: 2022, plannedOre: kr(100_000) }, { year: 2023, plannedOre: kr(100_000) }, { year: 2024, plannedOre: kr(50_000) }] });
    const draft = await view('draft');
    expect((await put(`/api/cofinancing/${ids.draft}/payment-plan`, officer, { years: [{ year: 2025, amountOre: kr(200_000) }], version: draft.version })).statusCode).toBe(409);
  });

  it('shows the appropriation per year: decided, planned payouts, paid and remaining', async () => {
    const prepared = await post(`/api/cofinancing/${ids.reuse}/payouts`, officer, { periodFrom: '2022-01-01', periodTo: '2022-12-31', bookedCostsOre: kr(300_000), claimedOn: '2023-01-20' });
    expect(prepared.statusCode, prepared.body).toBe(201);
    const p = prepared.json().payout;
    expect((await post(`/api/cofinancing-payouts/${p.id}/attest`, sec, { version: p.version })).statusCode).toBe(200);
    const r = await get(`/api/appropriation-profile?from=2021&to=${thisYear}`);
    expect(r.statusCode, r.body).toBe(200);
    const v = r.json() as AppropriationProfileView;
    const year = (y: number) => v.years.find((x) => x.year === y)!;
    expect(year(2021)).toEqual({ year: 2021, totalOre: kr(40_000_000), decidedOre: kr(200_000), plannedOre: 0, paidOre: 0, remainingOre: kr(39_800_000) });
    expect(year(2022)).toMatchObject({ decidedOre: kr(50_000), plannedOre: kr(100_000), remainingOre: kr(39_950_000) });
    expect(year(2024)).toMatchObject({ plannedOre: kr(50_000), totalOre: null, remainingOre: null });
    expect(year(thisYear)).toMatchObject({ paidOre: kr(135_000) });
    // the regional grant's profile is listed, but none of it counts against the state appropriation
    const regional = v.grants.find((g) => g.applicationId === ids.regional)!;
    expect(regional).toMatchObject({ stateOre: 0, capOre: kr(200_000), custom: false });
    expect(v.grants.find((g) => g.applicationId === ids.reuse)).toMatchObject({ paidOre: kr(135_000), years: expect.arrayContaining([{ year: thisYear, plannedOre: 0, paidOre: kr(135_000) }]) });
    expect((await get(`/api/appropriation-profile?from=2021&to=2040`)).statusCode).toBe(400);
  });

  it('lists applications, decisions and payouts with filters and sums, and exports them as CSV and xlsx', async () => {
    const all = await list('applications');
    expect(all.rows).toHaveLength(3);
    expect(all.options.officers).toEqual(['Lena Kihl', 'Per Berg']);
    const granted = await list('applications', '?status=granted');
    expect(granted.rows.map((r) => r.cells.caseNumber).sort()).toEqual([cases.reuse, cases.regional].sort());
    expect(granted.sums).toMatchObject({ capOre: kr(450_000), paidOre: kr(135_000), remainingOre: kr(315_000), requestedOre: kr(400_000) });
    expect((await list('applications', `?officer=${encodeURIComponent('Per Berg')}`)).rows.map((r) => r.applicationId)).toEqual([ids.regional]);
    expect((await list('applications', '?year=2025')).rows.map((r) => r.applicationId)).toEqual([ids.draft]);
    const decided2021 = await list('decisions', '?year=2021');
    expect(decided2021.rows.map((r) => [r.cells.caseNumber, r.cells.decidedOn])).toHaveLength(2);
    expect(decided2021.sums.stateOre).toBe(kr(200_000));
    expect((await list('decisions', '?year=2022')).rows.map((r) => [r.cells.decision, r.cells.addedOre])).toEqual([['Utökning eller förlängning', kr(50_000)]]);
    const payouts = await list('payouts', `?year=${thisYear}&status=attested`);
    expect(payouts.rows.map((r) => [r.cells.caseNumber, r.cells.paidOre])).toEqual([[cases.reuse, kr(135_000)]]);

    const csv = await get('/api/cofinancing-lists/applications?status=granted&format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('Diarienummer;Projekt;Sökande;Handläggare;Status;Projektperiod från;Projektperiod till;Andel;Sökt belopp (kr);Beviljat tak (kr);Utbetalt (kr);Återstår (kr)');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('Summa;;;;;;;;400000,00;450000,00;135000,00;315000,00');

    const x = await get('/api/cofinancing-lists/applications?status=granted&format=xlsx');
    expect(x.statusCode).toBe(200);
    const [sheet] = await readXlsx(x.rawPayload);
    expect(sheet!.values.A1).toBe('Diarienummer');
    expect(sheet!.cells.J4).toMatchObject({ formula: 'SUM(J2:J3)', value: 450_000 });
    expect(sheet!.values.A4).toBe('Summa');

    // staff only
    expect((await get('/api/cofinancing-lists/applications', null)).statusCode).toBe(401);
  });
});
