/**
 * One co-financing application through its cycle in the browser (issue 16):
 * put on a meeting's agenda from its page (the over-commitment warning shown
 * first, gone on with a reason), confirmed only once the minutes are
 * adjusted, its priority picked from the strategy's records, two payouts
 * prepared by the handläggare and attested by a second person, an extension
 * on delegation (the header shows the new period and cap), the final payout
 * (refused without the final report), then the state report of the year
 * finds the grant under its priority. Dates are relative to today, so the
 * claims are never in the future.
 *
 * Registration is through the new-application form: the handläggare types
 * the applicant's two-year cost and financing tables with their stated sums.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations as axe, startBrowserTest, type BrowserTest, signInThroughForm } from '../helpers/browser.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import * as delegation from '../../src/delegation/service.ts';
import { createPriority } from '../../src/funding/stateReportService.ts';
import { kr } from '../../src/funding/fixtures.ts';
import { addDays, todayInStockholm } from '../../src/kernel/dates.ts';

const PASSWORD = 'ett långt lösenord för hela cykeln';
const nb = (s: string) => s.replace(/(\d) (?=\d{3}(?!\d))/g, '$1\u00a0').replace(/(\d) (kr|kronor)\b/g, '$1\u00a0$2');
let t: BrowserTest;
let appId: number;
let meetingId: number;
let bodyId: number;
const today = todayInStockholm();
const year = Number(today.slice(0, 4));
const day = (n: number) => addDays(today, n);
const pageErrors: string[] = [];

async function signedIn(username: string, displayName: string): Promise<Page> {
  const page = await t.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${username}: ${e.message}`));
  return signInThroughForm(page, t.server.url, { username, password: PASSWORD, displayName });
}

beforeAll(async () => {
  t = await startBrowserTest();
  const db = t.server.db;
  for (const [username, displayName, role] of [
    ['hanna.handlaggare', 'Hanna Handläggare', 'case-officer'],
    ['sara.sekreterare', 'Sara Sekreterare', 'secretary'],
    ['erik.ekonom', 'Erik Ekonom', 'secretary'],
  ] as const) {
    await createUser(db, SYSTEM, { username, displayName, password: PASSWORD, roles: [role], personId: null });
  }
  bodyId = (await meetings.listBodies(db))[0]!.id;
  await delegation.setPoint(db, SYSTEM, bodyId, { number: '3.2', title: 'Regionala utvecklingsstöd', delegate: 'förvaltningschef Regional utveckling', maxAmountOre: kr(1_000_000), decisionTypes: [] });
  meetingId = (await meetings.createMeeting(db, SYSTEM, { bodyId, date: today, startTime: '09:00', place: 'Beslutsrummet' })).id;
  await createPriority(db, SYSTEM, { code: 'HN', name: 'Hållbart näringsliv', position: 1 });
  // no appropriation registered for the year: the warning comes before the decision
});

afterAll(async () => {
  await t?.close();
});

const payouts = (page: Page) => page.getByRole('table', { name: 'Utbetalningar, äldst först' });
async function claim(page: Page, c: { from: string; to: string; costs: string; reference: string; finalReport?: string }) {
  const form = page.getByRole('form', { name: 'Ny rekvisition' });
  if (c.finalReport !== undefined) {
    await form.getByLabel('Slutrekvisition (den sista utbetalningen)').check();
    if (c.finalReport) await form.getByLabel('Slutrapporten kom in').fill(c.finalReport);
  }
  await form.getByLabel('Periodens första dag').fill(c.from);
  await form.getByLabel('Periodens sista dag').fill(c.to);
  await form.getByLabel('Rekvisitionens datum').fill(today);
  await form.getByLabel('Bokförda kostnader (kr)').fill(c.costs);
  await form.getByLabel('Referens').fill(c.reference);
  await form.getByRole('button', { name: 'Förbered utbetalning' }).click();
  return form;
}

describe('Medfinansiering från ansökan till slututbetalning och återrapportering', () => {
  it('beslut på justerat protokoll, två attesterade utbetalningar, förlängning, slututbetalning och återrapporteringen', async () => {
    const db = t.server.db;
    // registered through the form, the two-year budget as the applicant gives it
    const hanna = await signedIn('hanna.handlaggare', 'Hanna Handläggare');
    await hanna.goto(`${t.server.url}/medfinansiering`);
    const apply = hanna.getByRole('form', { name: 'Registrera en ny ansökan' });
    await apply.getByLabel('Sökande', { exact: true }).fill('Bergslagens Innovation AB');
    await apply.getByLabel('Organisationsnummer').fill('556677-1233');
    await apply.getByLabel('Projektnamn').fill('Cykeln för återbruk');
    await apply.getByLabel('Projektperiod från').fill(day(-300));
    await apply.getByLabel('Projektperiod till').fill(day(-60));
    await apply.getByLabel('Prioriterat område i den regionala utvecklingsstrategin').fill('Innovationskraft och specialisering');
    await apply.getByLabel('Prioritering enligt inriktningsbeslutet').selectOption({ label: 'HN – Hållbart näringsliv' });
    await apply.getByLabel('Finansieringskälla').selectOption({ label: 'Anslag 1:1 (statliga medel)' });
    await apply.getByLabel('Sökt belopp').fill('200 000');
    await apply.getByLabel('Andel av bokförda kostnader (procent)').fill('50');
    await apply.getByLabel('Första budgetår').fill(String(year));
    await apply.getByRole('button', { name: `Lägg till år ${year + 1}` }).click();
    for (const name of ['Externa tjänster', 'Resor och logi', 'Indirekta kostnader']) await apply.getByRole('button', { name: `Ta bort kostnadsraden ${name}` }).click();
    await apply.getByLabel('Finansiär 2', { exact: true }).fill('Örebro kommun');
    await apply.getByRole('button', { name: 'Ta bort finansieringsraden finansiär 3' }).click();
    const cells: Array<[string, string, string, string]> = [
      ['Kostnad Egen personal', '300 000', '200 000', '500 000'],
      ['Summa kostnader', '300 000', '200 000', '500 000'],
      ['Finansiering Region Örebro län', '120 000', '80 000', '200 000'],
      ['Finansiering Örebro kommun', '180 000', '120 000', '300 000'],
      ['Summa finansiering', '300 000', '200 000', '500 000'],
    ];
    for (const [row, first, second, total] of cells) {
      await apply.getByLabel(`${row} ${year}`, { exact: true }).fill(first);
      await apply.getByLabel(`${row} ${year + 1}`, { exact: true }).fill(second);
      await apply.getByLabel(`${row} totalt`, { exact: true }).fill(total);
    }
    await apply.getByRole('button', { name: 'Registrera ansökan' }).click();
    await hanna.getByRole('heading', { level: 1, name: /Cykeln för återbruk$/ }).waitFor();
    await hanna.getByText('Budgeten stämmer: summorna går ihop').waitFor();
    appId = Number(/\/medfinansiering\/(\d+)$/.exec(hanna.url())![1]);

    const sara = await signedIn('sara.sekreterare', 'Sara Sekreterare');
    await sara.goto(`${t.server.url}/medfinansiering/${appId}`);
    await sara.getByRole('heading', { level: 1, name: /Cykeln för återbruk$/ }).waitFor();

    // to the committee: the API's warning is shown before the proposal goes on; going on needs a reason
    const agenda = sara.getByRole('form', { name: 'Till nämnden' });
    await agenda.getByLabel('Sammanträde').selectOption(String(meetingId));
    await agenda.getByText(`Varning, anslaget 1:1 ${year}:`).waitFor();
    await agenda.getByRole('button', { name: 'Sätt upp på föredragningslistan' }).click();
    expect(await agenda.getByRole('alert').textContent()).toContain('Kryssa i att du vill gå vidare ändå');
    await agenda.getByLabel('Gå vidare trots varningen').check();
    await agenda.getByLabel('Motivering till undantaget').fill('Anslaget för året registreras efter regeringsbeslutet.');
    await agenda.getByRole('button', { name: 'Sätt upp på föredragningslistan' }).click();
    await sara.getByRole('button', { name: 'Bekräfta beslutet' }).waitFor();

    // the minutes record the decision; confirmation is refused until they are adjusted
    const body = await meetings.getBody(db, bodyId);
    const members = body.memberships.filter((m) => m.kind === 'member');
    await minutes.openMinutes(db, SYSTEM, meetingId);
    await minutes.setAttendance(db, SYSTEM, meetingId, { attendance: members.map((m) => ({ personId: m.personId, present: true })) });
    await minutes.recordDecision(db, SYSTEM, meetingId, 1, { outcome: 'according-to-proposal' });
    await minutes.numberMinutes(db, SYSTEM, meetingId);
    const confirm = sara.getByRole('group', { name: 'Nämndens beslut enligt förslaget' });
    await confirm.getByLabel('Gå vidare trots varningen').check();
    await confirm.getByLabel('Motivering till undantaget').fill('Anslaget för året registreras efter regeringsbeslutet.');
    await confirm.getByRole('button', { name: 'Bekräfta beslutet' }).click();
    await confirm.getByRole('alert').waitFor();
    expect(await confirm.getByRole('alert').textContent()).toBe(`Protokollet från ${today} är numrerat men inte justerat; nämndens beslut kan bekräftas först när protokollet är justerat.`);
    const chair = members[0]!.personId;
    await minutes.setAdjusters(db, SYSTEM, meetingId, { personIds: [chair] });
    await minutes.signMinutes(db, { id: 'ordf', roles: ['adjuster'], personId: chair, authenticatedAt: new Date() }, meetingId, chair);
    await confirm.getByRole('button', { name: 'Bekräfta beslutet' }).click();
    await sara.locator('dl.facts div').filter({ hasText: 'Status' }).locator('dd').filter({ hasText: 'Beviljad' }).waitFor();
    const grantRow = sara.getByRole('table', { name: 'Beslut, äldst först' }).getByRole('row', { name: /Beviljande/ });
    expect(await grantRow.textContent()).toContain('HN – Hållbart näringsliv');

    // two payouts: the handläggare prepares, another person attests
    await hanna.goto(`${t.server.url}/medfinansiering/${appId}`);
    await claim(hanna, { from: day(-300), to: day(-200), costs: '100 000', reference: 'Rekvisition 1' });
    await payouts(hanna).getByRole('row', { name: /Rekvisition 1/ }).waitFor();
    await claim(hanna, { from: day(-199), to: day(-100), costs: '100 000', reference: 'Rekvisition 2' });
    await payouts(hanna).getByRole('row', { name: /Rekvisition 2/ }).waitFor();
    expect(await payouts(hanna).getByRole('button', { name: /^Attestera/ }).count()).toBe(0);
    const erik = await signedIn('erik.ekonom', 'Erik Ekonom');
    await erik.goto(`${t.server.url}/medfinansiering/${appId}`);
    await payouts(erik).getByRole('button', { name: 'Attestera Rekvisition 1' }).click();
    await erik.getByText(nb('Utbetalt (attesterat) hittills 50 000 kr; återstår 150 000 kr.')).waitFor();
    await payouts(erik).getByRole('button', { name: 'Attestera Rekvisition 2' }).click();
    await erik.getByText(nb('Utbetalt (attesterat) hittills 100 000 kr; återstår 100 000 kr.')).waitFor();

    // an extension on delegation: 50 000 kr more and a later end; the header shows the terms in force
    await sara.reload();
    const extend = sara.getByRole('form', { name: 'Förlängning eller utökning' });
    await extend.getByLabel('Tillkommande belopp (kr)').fill('50 000');
    await extend.getByLabel('Nytt slutdatum för projektet').fill(day(-10));
    await extend.getByLabel('Nämnd (delegationsordning)').selectOption(String(bodyId));
    await extend.getByLabel('Beslutsdatum för ändringen').fill(today);
    await extend.getByLabel('Handläggare för ändringen').fill('Regional utveckling, Hanna Handläggare');
    await extend.getByLabel('Undertecknare av ändringen, namn').fill('Eva Getzman');
    await extend.getByLabel('Undertecknare av ändringen, titel').fill('Enhetschef');
    await extend.getByLabel('Motivering om anslaget 1:1 inte räcker').fill('Anslaget för året registreras efter regeringsbeslutet.');
    await extend.getByRole('button', { name: 'Registrera ändringsbeslut' }).click();
    const facts = sara.locator('dl.facts');
    await facts.getByText(nb('dock högst 250 000 kronor')).waitFor();
    expect(await facts.textContent()).toContain(day(-10));

    // the final payout: refused without the final report, paid once it has come in
    await hanna.reload();
    const refused = await claim(hanna, { from: day(-99), to: day(-10), costs: '300 000', reference: 'Slutrekvisition', finalReport: '' });
    await refused.getByRole('alert').waitFor();
    expect(await refused.getByRole('alert').textContent()).toContain('slutrapporten');
    await refused.getByLabel('Slutrapporten kom in').fill(day(-5));
    await refused.getByRole('button', { name: 'Förbered utbetalning' }).click();
    await payouts(hanna).getByRole('row', { name: /Slutrekvisition/ }).waitFor();
    await erik.reload();
    await payouts(erik).getByRole('button', { name: 'Attestera Slutrekvisition' }).click();
    await erik.getByText(nb('Utbetalt (attesterat) hittills 250 000 kr; återstår 0 kr.')).waitFor();
    expect(await axe(erik)).toEqual([]);

    // the state report of the year finds the grant under its priority
    await sara.goto(`${t.server.url}/aterrapportering/${year}`);
    const byPriority = sara.getByRole('table', { name: `Projekt med medfinansiering från 1:1-anslaget ${year} per prioritering` });
    await byPriority.waitFor();
    const row = byPriority.getByRole('row', { name: /^Hållbart näringsliv/ });
    expect((await row.textContent())!.trim()).toMatch(/1$/);
    const eu = sara.getByRole('table', { name: `Projekt med EU-medfinansiering ${year}` });
    expect(await eu.getByRole('row', { name: /^Utan EU-medfinansiering/ }).textContent()).toContain(nb('250 000'));
    expect(pageErrors).toEqual([]);
  });
});
