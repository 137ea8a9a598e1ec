/**
 * Payouts with attest (issue 16, item 2), on PGlite and (with DATABASE_URL)
 * PostgreSQL: a project 2022-01-01–2023-06-30 granted under delegation point
 * 3.2 (45 % of booked costs, at most 200 000 kr; budgeted costs 500 000 kr,
 * so the cap binds before the budget does). The claim dated 2030 for
 * 1 000 000 000 kr is refused; the handläggare prepares, a second person
 * attests (never the same: 403), and only then is it paid,
 * min(rate × costs, cap − paid), under the grant's lock also for two attests
 * at once; a final claim needs the final report; reversal with a reason; the
 * payment file for the finance system.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { actorWith, signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as delegation from '../../src/delegation/service.ts';
import type { ApplicationInput, ApplicationView, PayoutView } from '../../src/funding/cofinancingService.ts';
import { SEED_003, kr } from '../../src/funding/fixtures.ts';
import { todayInStockholm } from '../../src/kernel/dates.ts';

afterAll(dropTestSchemas);

const nb = (s: string) => s.replace(/(\d) (?=\d{3}(?!\d))/g, '$1\u00a0').replace(/(\d) (kr|kronor)\b/g, '$1\u00a0$2');
const sums = (perYear: number[], total: number) => ({ perYear: perYear.map(kr), total: kr(total) });

const PROJECT: ApplicationInput = {
  applicant: { name: 'Bergslagens Innovation AB', orgNumber: '556677-1233', address: ['Storgatan 1', '702 10 Örebro'] },
  projectName: 'Testbädd för återbruk',
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
      { kind: 'public', label: 'Region Örebro län 1:1', values: [kr(120_000), kr(80_000)], statedTotalOre: kr(200_000) },
      { kind: 'public', label: 'Örebro kommun', values: [kr(180_000), kr(120_000)], statedTotalOre: kr(300_000) },
    ],
    financingSums: sums([300_000, 200_000], 500_000),
  },
};

describe.each(testDatabases)('payouts with attest on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let officer: Client;
  let sec: Client;
  let sec2: Client;
  let adm: Client;
  let member: Client;
  let appId: number;
  let caseNumber: string;
  const today = todayInStockholm();

  const post = (url: string, client: Client | null, payload: unknown) => app.inject({ method: 'POST', url, ...(client ?? {}), payload: payload as object });
  const get = (url: string, client: Client | null) => app.inject({ method: 'GET', url, ...(client ?? {}) });
  const application = async () => (await get(`/api/cofinancing/${appId}`, officer)).json() as ApplicationView;
  const prepare = (client: Client, claim: Record<string, unknown>) => post(`/api/cofinancing/${appId}/payouts`, client, claim);
  const attest = (client: Client, p: Pick<PayoutView, 'id' | 'version'>) => post(`/api/cofinancing-payouts/${p.id}/attest`, client, { version: p.version });
  const reverse = (client: Client, p: Pick<PayoutView, 'id' | 'version'>, reason: string) => post(`/api/cofinancing-payouts/${p.id}/reversal`, client, { reason, version: p.version });
  const Y2022 = { periodFrom: '2022-01-01', periodTo: '2022-12-31', bookedCostsOre: kr(300_000), claimedOn: '2023-01-20', reference: 'Rekvisition 1; 2022' };
  const Y2023 = { periodFrom: '2023-01-01', periodTo: '2023-06-30', bookedCostsOre: kr(200_000), claimedOn: '2023-09-01', reference: 'Slutrekvisition', final: true, finalReportOn: '2023-08-31' };

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    const secretary = actorWith('secretary');
    await importKallelse(db, secretary, { fileName: SEED_003, text: readFileSync(new URL(`../../seeds/${SEED_003}`, import.meta.url), 'utf8') });
    const bodyId = (await meetings.listBodies(db))[0]!.id;
    await delegation.setPoint(db, secretary, bodyId, { number: '3.2', title: 'Regionala utvecklingsstöd', delegate: 'förvaltningschef Regional utveckling', maxAmountOre: kr(1_000_000), decisionTypes: [] });
    officer = await signIn(app, db, ['case-officer']);
    sec = await signIn(app, db, ['secretary']);
    sec2 = await signIn(app, db, ['secretary']);
    adm = await signIn(app, db, ['admin']);
    member = await signIn(app, db, ['member']);
    expect((await app.inject({ method: 'PUT', url: '/api/appropriations/2021', ...sec, payload: { totalOre: kr(40_000_000) } })).statusCode).toBe(200);
    const created = await post('/api/cofinancing', officer, PROJECT);
    expect(created.statusCode, created.body).toBe(201);
    appId = created.json().id;
    caseNumber = created.json().caseNumber;
    const decided = await post(`/api/cofinancing/${appId}/decision`, sec, {
      route: 'delegation', bodyId, decidedOn: '2021-12-15', officer: 'Regional utveckling, Lena Kihl', signatories: [{ name: 'Eva Getzman', title: 'Enhetschef' }],
    });
    expect(decided.statusCode, decided.body).toBe(201);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('refuses the claim dated 2030 for 1 000 000 000 kr on a project that ended in 2023, and saves nothing', async () => {
    const claim = { periodFrom: '2030-01-01', periodTo: '2030-06-30', bookedCostsOre: kr(1_000_000_000), claimedOn: '2030-07-01' };
    const future = await prepare(officer, claim);
    expect(future.statusCode).toBe(400);
    expect(future.json().error).toMatchObject({ code: 'claim-in-future', message: `Rekvisitionen kan inte vara daterad i framtiden (2030-07-01; i dag är det ${today}).` });
    // dated today: the period is outside the project
    const outside = await prepare(officer, { ...claim, claimedOn: today });
    expect(outside.json().error.message).toBe(
      'Rekvisitionens period 2030-01-01–2030-06-30 ligger utanför projektperioden 2022-01-01–2023-06-30 enligt beslutet (med förlängningar); bara kostnader inom projektperioden kan rekvireras.',
    );
    // within the period: far above the budgeted costs
    const over = await prepare(officer, { ...Y2022, bookedCostsOre: kr(1_000_000_000) });
    expect(over.json().error.message).toBe(
      nb('De bokförda kostnaderna 1 000 000 000 kronor är mer än det som återstår av projektets budgeterade kostnader: 500 000 kronor av 500 000 kronor (tidigare rekvirerat 0 kronor).'),
    );
    const a = await application();
    expect([a.payouts.length, a.paidOre, a.remainingOre]).toEqual([0, 0, kr(200_000)]);
  });

  it('lets the handläggare prepare but not attest; a prepared payout is not paid', async () => {
    expect((await prepare(member, Y2022)).statusCode).toBe(403);
    const noReport = await prepare(officer, { ...Y2023, finalReportOn: null });
    expect(noReport.json().error.message).toBe('En slutrekvisition kräver att slutrapporten har kommit in: ange datumet då slutrapporten kom in.');
    const r = await prepare(officer, Y2022);
    expect(r.statusCode, r.body).toBe(201);
    // what would be paid if attested now: 45 % of 300 000 kr
    expect(r.json()).toMatchObject({ payout: { status: 'prepared', statusLabel: 'Förberedd, väntar på attest', paidOre: kr(135_000), preparedBy: expect.stringMatching(/^user:/) }, remainingOre: kr(65_000) });
    const denied = await attest(officer, r.json().payout);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.message).toBe('Du saknar behörighet att attestera och återföra utbetalningar av medfinansiering.');
    // a claim is withdrawn before attest by the handläggare, with a reason (it was never paid)
    const wrong = await prepare(officer, { ...Y2023, final: false, finalReportOn: null, periodTo: '2023-03-31', claimedOn: '2023-04-10', reference: 'Fel period' });
    expect(wrong.statusCode, wrong.body).toBe(201);
    expect((await reverse(officer, wrong.json().payout, '')).json().error.code).toBe('reversal-reason-required');
    const withdrawn = await reverse(officer, wrong.json().payout, 'Perioden ska vara hela första halvåret; görs om som slutrekvisition.');
    expect(withdrawn.json()).toMatchObject({ status: 'reversed', attestedBy: null });
    const a = await application();
    expect([a.paidOre, a.payouts.map((p) => p.status)]).toEqual([0, ['prepared', 'reversed']]);
    // the public sees no prepared payout
    expect((await get(`/api/cofinancing/${appId}`, null)).json().payouts).toEqual([]);
  });

  it('never lets the one who prepared attest, however many roles they have (403); another person attests', async () => {
    // a secretary may both prepare and attest, but not the same payout
    const final = await prepare(sec, Y2023);
    expect(final.statusCode, final.body).toBe(201);
    const same = await attest(sec, final.json().payout);
    expect(same.statusCode).toBe(403);
    expect(same.json().error).toMatchObject({ code: 'attest-same-person', message: 'Du har själv förberett utbetalningen och kan inte attestera den. En annan person med attesträtt måste attestera.' });
    // no claim after the final one
    expect((await prepare(officer, { ...Y2022, periodFrom: '2023-06-01', periodTo: '2023-06-30', claimedOn: '2023-09-02', bookedCostsOre: kr(1000), final: false })).json().error.code).toBe('final-claim-made');
  });

  it('pays min(rate × costs, cap − paid) at attest, under the lock: two attests at once never pass the cap', async () => {
    const [first, , final] = (await application()).payouts;
    // a stale version is refused
    expect((await attest(sec2, { id: first!.id, version: first!.version + 1 })).statusCode).toBe(409);
    const both = await Promise.all([attest(sec2, first!), attest(adm, final!)]);
    expect(both.map((r) => r.statusCode), both.map((r) => r.body).join("\n")).toEqual([200, 200]);
    const paid = both.map((r) => r.json().payout as PayoutView);
    // 45 % of 300 000 kr is 135 000 kr, of 200 000 kr 90 000 kr: 225 000 kr, above the 200 000 kr cap. The one attested second gets what is left.
    expect(paid.map((p) => p.shareOre)).toEqual([kr(135_000), kr(90_000)]);
    expect(paid[0]!.paidOre + paid[1]!.paidOre).toBe(kr(200_000));
    expect([[kr(135_000), kr(65_000)], [kr(110_000), kr(90_000)]]).toContainEqual(paid.map((p) => p.paidOre));
    const later = paid.find((p) => p.paidBeforeOre > 0)!;
    expect(later.paidOre).toBe(kr(200_000) - later.paidBeforeOre);
    expect(paid.every((p) => p.status === 'attested' && p.attestedOn === today)).toBe(true);
    const a = await application();
    expect([a.paidOre, a.remainingOre]).toEqual([kr(200_000), 0]);
    // attested once only
    expect((await attest(sec2, paid[1]!)).statusCode).toBe(409);
    // the public sees the paid payouts, not who prepared or attested them
    const pub = (await get(`/api/cofinancing/${appId}`, null)).json() as ApplicationView;
    expect(pub.payouts.map((p) => [p.status, p.reference, p.preparedBy, p.attestedBy])).toEqual([['attested', 'Rekvisition 1; 2022', null, null], ['attested', 'Slutrekvisition', null, null]]);
  });

  it('reverses an attested payout with a reason, audited; the period can then be claimed again and pays what is left under the cap', async () => {
    const a0 = await application();
    const [first, , final] = a0.payouts;
    expect((await reverse(officer, first!, 'Fel belopp')).json().error.message).toBe('Du saknar behörighet att attestera och återföra utbetalningar av medfinansiering.');
    expect((await reverse(sec2, first!, '   ')).statusCode).toBe(400);
    const reason = 'Kostnaderna för 2022 var felaktigt redovisade; projektet betalar tillbaka.';
    const r = await reverse(sec2, first!, reason);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'reversed', statusLabel: 'Återförd', reversalReason: reason, reversedBy: expect.stringMatching(/^user:/) });
    expect((await reverse(sec2, r.json(), reason)).statusCode).toBe(409);
    expect((await application()).paidOre).toBe(final!.paidOre); // the final claim's alone
    const logged = await db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'cofinancing.payout-reverse').execute();
    expect(logged.map((x) => [x.entity_id, (x.after as { reason: string }).reason, (x.before as { status: string }).status])).toEqual([
      [String(a0.payouts[1]!.id), 'Perioden ska vara hela första halvåret; görs om som slutrekvisition.', 'prepared'],
      [String(first!.id), reason, 'attested'],
    ]);

    // the final claim reversed too: the project is claimed anew
    expect((await reverse(adm, (await application()).payouts[2]!, 'Slutrapporten kompletteras; rekvisitionerna görs om.')).statusCode).toBe(200);
    expect((await application()).paidOre).toBe(0);
    const again = await prepare(officer, { ...Y2022, reference: 'Rekvisition 1 (rättad); 2022' });
    expect(again.statusCode, again.body).toBe(201);
    const paidAgain = await attest(sec, again.json().payout);
    expect(paidAgain.json()).toMatchObject({ payout: { paidOre: kr(135_000), paidBeforeOre: 0 }, remainingOre: kr(65_000) });
    const last = await prepare(officer, { ...Y2023, reference: '="Slut"' });
    const lastPaid = await attest(adm, last.json().payout);
    // 45 % of 200 000 kr is 90 000 kr; 200 000 − 135 000 = 65 000 kr is left
    expect(lastPaid.json()).toMatchObject({ payout: { shareOre: kr(90_000), paidOre: kr(65_000), paidBeforeOre: kr(135_000), capReached: true }, remainingOre: 0 });
    const a = await application();
    expect(a.payouts.map((p) => p.status)).toEqual(['reversed', 'reversed', 'reversed', 'attested', 'attested']);
    expect([a.paidOre, a.remainingOre]).toEqual([kr(200_000), 0]);
  });

  it('writes the payment file: attested payouts only, UTF-8 with BOM, semicolons, kronor with a decimal comma', async () => {
    const url = `/api/cofinancing/payouts.csv?from=${today}&to=${today}`;
    expect((await get(url, null)).statusCode).toBe(401);
    expect((await get(url, officer)).statusCode).toBe(403);
    expect((await get(`/api/cofinancing/payouts.csv?from=${today}&to=2020-01-01`, sec)).json().error.code).toBe('invalid-range');
    const res = await get(url, sec);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(res.body).toBe(
      '\uFEFF' +
        [
          'Datum;Diarienummer;Mottagare;Organisationsnummer;Belopp;Referens',
          `${today};${caseNumber};Bergslagens Innovation AB;556677-1233;135000,00;"Rekvisition 1 (rättad); 2022"`,
          `${today};${caseNumber};Bergslagens Innovation AB;556677-1233;65000,00;"'=""Slut"""`,
        ].join('\r\n') +
        '\r\n',
    );
    // nothing attested in 2020
    expect((await get('/api/cofinancing/payouts.csv?from=2020-01-01&to=2020-12-31', adm)).body).toBe('\uFEFFDatum;Diarienummer;Mottagare;Organisationsnummer;Belopp;Referens\r\n');
  });

  it('holds the two people apart in the database too: attested_by can never be the preparer', async () => {
    const row = await db.kysely.selectFrom('cofinancing_payout').select(['id', 'registered_by']).where('status', '=', 'attested').executeTakeFirstOrThrow();
    await expect(db.kysely.updateTable('cofinancing_payout').set({ attested_by: row.registered_by }).where('id', '=', row.id).execute()).rejects.toThrow(/cofinancing_payout_two_people/);
  });
});
