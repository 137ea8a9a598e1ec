/**
 * Payouts with attest in real Chromium (issue 16, item 2): a project granted
 * under delegation (45 %, dock högst 200 000 kr, 2022-01-01–2023-06-30). The
 * handläggare is refused the claim dated 2030 for 1 000 000 000 kr in
 * Swedish, prepares the 2022 claim and cannot attest it; a secretary who
 * prepares a claim herself is refused attesting it; a second secretary
 * attests both and the page shows what is paid; one is reversed with a
 * reason. axe-core finds no WCAG 2.1 AA violations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations as axe, startBrowserTest, type BrowserTest, signInThroughForm } from '../helpers/browser.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as delegation from '../../src/delegation/service.ts';
import * as cofinancing from '../../src/funding/cofinancingService.ts';
import { kr } from '../../src/funding/fixtures.ts';
import { todayInStockholm } from '../../src/kernel/dates.ts';

const PASSWORD = 'ett långt lösenord för utbetalningarna';
const nb = (s: string) => s.replace(/(\d) (?=\d{3}(?!\d))/g, '$1\u00a0').replace(/(\d) (kr|kronor)\b/g, '$1\u00a0$2');

let t: BrowserTest;
let appId: number;
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
  const bodyId = (await meetings.listBodies(db))[0]!.id;
  await delegation.setPoint(db, SYSTEM, bodyId, { number: '3.2', title: 'Regionala utvecklingsstöd', delegate: 'förvaltningschef Regional utveckling', maxAmountOre: kr(1_000_000), decisionTypes: [] });
  await cofinancing.setAppropriation(db, SYSTEM, 2021, { totalOre: kr(40_000_000) });
  const sums = (perYear: number[], total: number) => ({ perYear: perYear.map(kr), total: kr(total) });
  const a = await cofinancing.createApplication(db, SYSTEM, {
    applicant: { name: 'Bergslagens Innovation AB', orgNumber: '556677-1233' },
    projectName: 'Testbädd för återbruk',
    period: { start: '2022-01-01', end: '2023-06-30' },
    priorityArea: 'Innovationskraft och specialisering',
    priorityRank: '2b',
    fundingSource: 'state-1-1',
    requestedOre: kr(200_000),
    rateBp: 4500,
    budget: {
      years: [2022, 2023],
      costs: [{ category: 'staff', label: 'Egen personal', values: [kr(300_000), kr(200_000)], statedTotalOre: kr(500_000) }],
      costSums: sums([300_000, 200_000], 500_000),
      financing: [
        { kind: 'public', label: 'Region Örebro län 1:1', values: [kr(120_000), kr(80_000)], statedTotalOre: kr(200_000) },
        { kind: 'public', label: 'Örebro kommun', values: [kr(180_000), kr(120_000)], statedTotalOre: kr(300_000) },
      ],
      financingSums: sums([300_000, 200_000], 500_000),
    },
  });
  appId = a.id;
  await cofinancing.decide(db, SYSTEM, appId, { route: 'delegation', bodyId, decidedOn: '2021-12-15', officer: 'Regional utveckling, Lena Kihl', signatories: [{ name: 'Eva Getzman', title: 'Enhetschef' }] });
});

afterAll(async () => {
  await t?.close();
});

async function fillClaim(page: Page, claim: { from: string; to: string; on: string; costs: string; reference: string }) {
  const form = page.getByRole('form', { name: 'Ny rekvisition' });
  await form.getByLabel('Periodens första dag').fill(claim.from);
  await form.getByLabel('Periodens sista dag').fill(claim.to);
  await form.getByLabel('Rekvisitionens datum').fill(claim.on);
  await form.getByLabel('Bokförda kostnader (kr)').fill(claim.costs);
  await form.getByLabel('Referens').fill(claim.reference);
  await form.getByRole('button', { name: 'Förbered utbetalning' }).click();
  return form;
}

const payouts = (page: Page) => page.getByRole('table', { name: 'Utbetalningar, äldst först' });

describe('Utbetalningar med attest i webbläsaren', () => {
  it('handläggaren förbereder, får inte betala ut 2030-rekvisitionen och kan inte attestera', async () => {
    const page = await signedIn('hanna.handlaggare', 'Hanna Handläggare');
    await page.goto(`${t.server.url}/medfinansiering/${appId}`);
    await page.getByRole('heading', { level: 1, name: /Testbädd för återbruk$/ }).waitFor();
    await page.getByText('Inga utbetalningar är gjorda.').waitFor();

    const form = await fillClaim(page, { from: '2030-01-01', to: '2030-06-30', on: '2030-07-01', costs: '1 000 000 000', reference: 'Rekvisition 2030' });
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(`Rekvisitionen kan inte vara daterad i framtiden (2030-07-01; i dag är det ${todayInStockholm()}).`);
    expect(await page.getByText('Inga utbetalningar är gjorda.').count()).toBe(1);

    await fillClaim(page, { from: '2022-01-01', to: '2022-12-31', on: '2023-01-20', costs: '300 000', reference: 'Rekvisition 1' });
    const row = payouts(page).getByRole('row', { name: /Rekvisition 1/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Förberedd, väntar på attest');
    expect(await row.textContent()).toContain(nb('(135 000 kr om den attesteras nu)'));
    // no attest button for a handläggare; nothing paid yet
    expect(await row.getByRole('button', { name: /^Attestera/ }).count()).toBe(0);
    await page.getByText(nb('Utbetalt (attesterat) hittills 0 kr; återstår 200 000 kr.')).waitFor();
    expect(await axe(page)).toEqual([]);
  });

  it('den som förberett kan inte attestera; en annan person attesterar och beloppet betalas', async () => {
    const sara = await signedIn('sara.sekreterare', 'Sara Sekreterare');
    await sara.goto(`${t.server.url}/medfinansiering/${appId}`);
    await payouts(sara).waitFor();
    const form = sara.getByRole('form', { name: 'Ny rekvisition' });
    await form.getByLabel('Slutrekvisition (den sista utbetalningen)').check();
    await form.getByLabel('Slutrapporten kom in').fill('2023-08-31');
    await fillClaim(sara, { from: '2023-01-01', to: '2023-06-30', on: '2023-09-01', costs: '200 000', reference: 'Slutrekvisition' });
    const own = payouts(sara).getByRole('row', { name: /Slutrekvisition/ });
    await own.waitFor();
    await own.getByRole('button', { name: 'Attestera Slutrekvisition' }).click();
    const refused = own.getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).toBe('Du har själv förberett utbetalningen och kan inte attestera den. En annan person med attesträtt måste attestera.');

    const erik = await signedIn('erik.ekonom', 'Erik Ekonom');
    await erik.goto(`${t.server.url}/medfinansiering/${appId}`);
    await payouts(erik).getByRole('button', { name: 'Attestera Rekvisition 1' }).click();
    await erik.getByText(nb('Utbetalt (attesterat) hittills 135 000 kr; återstår 65 000 kr.')).waitFor();
    await payouts(erik).getByRole('button', { name: 'Attestera Slutrekvisition' }).click();
    // 45 % of 200 000 kr is 90 000 kr; only 65 000 kr is left under the cap
    await erik.getByText(nb('Utbetalt (attesterat) hittills 200 000 kr; återstår 0 kr.')).waitFor();
    const last = payouts(erik).getByRole('row', { name: /Slutrekvisition/ });
    expect(await last.textContent()).toContain(nb('65 000 kr'));
    expect(await last.textContent()).toContain('Attesterad');
    expect(await last.textContent()).toContain('attesterad');
    expect(await last.textContent()).toContain('erik.ekonom');
    expect(await erik.getByRole('link', { name: 'Hämta betalfilen (CSV)' }).count()).toBe(1);
    expect(await axe(erik)).toEqual([]);
  });

  it('återför en attesterad utbetalning med skäl', async () => {
    const erik = await signedIn('erik.ekonom', 'Erik Ekonom');
    await erik.goto(`${t.server.url}/medfinansiering/${appId}`);
    const row = payouts(erik).getByRole('row', { name: /Rekvisition 1/ });
    await row.getByRole('button', { name: 'Återför Rekvisition 1' }).click();
    await row.getByRole('button', { name: 'Återför utbetalningen' }).click();
    const alert = row.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^Skälet till återföringen/);
    await row.getByLabel('Skäl till återföringen').fill('Kostnaderna för 2022 var felaktigt redovisade.');
    await row.getByRole('button', { name: 'Återför utbetalningen' }).click();
    await erik.getByText(nb('Utbetalt (attesterat) hittills 65 000 kr; återstår 135 000 kr.')).waitFor();
    const reversed = payouts(erik).getByRole('row', { name: /Rekvisition 1/ });
    expect(await reversed.textContent()).toContain('Återförd');
    expect(await reversed.textContent()).toContain('skäl: Kostnaderna för 2022 var felaktigt redovisade.');
    expect(pageErrors).toEqual([]);
  });
});
