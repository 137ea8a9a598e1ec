/**
 * The co-financing views of issue 16.3, 16.5 and 16.8 in real Chromium: a
 * grant extended under delegation shows the period and cap in force in the
 * header; the payment plan is shown by default over the project period and
 * set by hand; the lists are filtered and summed, with export links for what
 * is shown; the appropriation per year shows what was decided; the tables
 * fit at 1280 px and stay readable on a tablet. axe-core finds no WCAG 2.1
 * AA violations.
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

const PASSWORD = 'ett långt lösenord för listorna';
const nb = (s: string) => s.replace(/(\d) (?=\d{3}(?!\d))/g, '$1\u00a0').replace(/(\d) (kr|kronor)\b/g, '$1\u00a0$2');

let t: BrowserTest;
let appId: number;
let caseNumber: string;
const pageErrors: string[] = [];

async function signedIn(username: string, displayName: string): Promise<Page> {
  const page = await t.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${username}: ${e.message}`));
  return signInThroughForm(page, t.server.url, { username, password: PASSWORD, displayName });
}

beforeAll(async () => {
  t = await startBrowserTest();
  const db = t.server.db;
  await createUser(db, SYSTEM, { username: 'hanna.handlaggare', displayName: 'Hanna Handläggare', password: PASSWORD, roles: ['case-officer'], personId: null });
  const bodyId = (await meetings.listBodies(db))[0]!.id;
  await delegation.setPoint(db, SYSTEM, bodyId, { number: '3.2', title: 'Regionala utvecklingsstöd', delegate: 'förvaltningschef Regional utveckling', maxAmountOre: kr(1_000_000), decisionTypes: [] });
  for (const year of [2021, 2022]) await cofinancing.setAppropriation(db, SYSTEM, year, { totalOre: kr(40_000_000) });
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
  caseNumber = a.caseNumber;
  const DELEGATED = { route: 'delegation' as const, bodyId, officer: 'Regional utveckling, Lena Kihl', signatories: [{ name: 'Eva Getzman', title: 'Enhetschef' }] };
  await cofinancing.decide(db, SYSTEM, appId, { ...DELEGATED, decidedOn: '2021-12-15' });
  await cofinancing.extendDecision(db, SYSTEM, appId, { ...DELEGATED, decidedOn: '2022-03-01', addedCapOre: kr(50_000), newEnd: '2023-12-31' });
});

afterAll(async () => {
  await t?.close();
});

describe('Medfinansieringens listor, betalningsplan och anslag i webbläsaren', () => {
  it('visar gällande period och tak efter förlängningen och låter handläggaren ange betalningsplanen', async () => {
    const page = await signedIn('hanna.handlaggare', 'Hanna Handläggare');
    await page.goto(`${t.server.url}/medfinansiering/${appId}`);
    await page.getByRole('heading', { level: 1, name: /Testbädd för återbruk$/ }).waitFor();
    const facts = (await page.locator('dl.facts').textContent()) ?? '';
    expect(facts).toContain('2022-01-01 – 2023-12-31 (ansökt 2022-01-01 – 2023-06-30)');
    expect(facts).toContain(nb('dock högst 250 000 kronor'));

    const plan = page.getByRole('table', { name: /Betalningsplan: planerade utbetalningar per år/ });
    await plan.waitFor();
    expect(await plan.getByRole('row', { name: /^2022/ }).locator('td').first().textContent()).toBe(nb('125 000 kr'));
    await page.getByRole('button', { name: 'Ändra betalningsplanen' }).click();
    const form = page.getByRole('form', { name: 'Betalningsplan' });
    await form.getByLabel('Planerat 2022').fill('100 000');
    await form.getByLabel('Planerat 2023').fill('100 000');
    await form.getByText(nb('öka med 50 000 kr'), { exact: false }).waitFor();
    await form.getByLabel('Planerat 2024').fill('50 000');
    await form.getByRole('button', { name: 'Spara betalningsplanen' }).click();
    await page.getByRole('table', { name: /angiven av handläggaren/ }).waitFor();
    expect(await page.getByRole('table', { name: /Betalningsplan/ }).getByRole('row', { name: /^2024/ }).locator('td').first().textContent()).toBe(nb('50 000 kr'));
    expect(await axe(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('filtrerar och summerar listorna, exporterar det som visas och visar anslaget per år, läsbart i 1280 px och på en surfplatta', async () => {
    const page = await signedIn('hanna.handlaggare', 'Hanna Handläggare');
    await page.goto(`${t.server.url}/medfinansiering`);
    const lists = page.getByRole('region', { name: 'Listor med filter, summor och export' });
    await lists.getByRole('table', { name: /Ansökningar om medfinansiering: 1 rad/ }).waitFor();
    await lists.getByLabel('Sök').fill('återbruk');
    await lists.getByLabel('Handläggare').waitFor();
    const table = lists.getByRole('table', { name: /Ansökningar om medfinansiering: 1 rad/ });
    await table.waitFor();
    const row = table.getByRole('row', { name: /Testbädd för återbruk/ });
    expect(await row.locator('th .dnr').textContent()).toBe(caseNumber);
    expect(((await row.textContent()) ?? '')).toContain(nb('250 000 kr'));
    expect(await lists.getByRole('link', { name: 'CSV' }).getAttribute('href')).toBe('/api/cofinancing-lists/applications?q=%C3%A5terbruk&format=csv');

    await lists.getByRole('button', { name: 'Beslut' }).click();
    await lists.getByLabel('År').selectOption('2022');
    const decisions = lists.getByRole('table', { name: /Beslut om medfinansiering: 1 rad/ });
    await decisions.waitFor();
    expect((await decisions.locator('tfoot').textContent()) ?? '').toContain(nb('50 000 kr'));
    expect(await lists.getByRole('link', { name: 'Excel (xlsx)' }).getAttribute('href')).toBe('/api/cofinancing-lists/decisions?year=2022&q=%C3%A5terbruk&format=xlsx');

    const appropriation = page.getByRole('region', { name: 'Anslaget 1:1 per år' });
    await appropriation.getByLabel('Från år').fill('2021');
    await appropriation.getByLabel('Till år').fill('2024');
    const years = appropriation.getByRole('table', { name: /Anslaget 1:1 per år 2021–2024/ });
    await years.waitFor();
    expect(await years.getByRole('row', { name: /^2021/ }).locator('td').allTextContents()).toEqual([
      nb('40 000 000 kr'), nb('200 000 kr'), nb('0 kr'), nb('0 kr'), nb('39 800 000 kr'),
    ]);
    expect(await years.getByRole('row', { name: /^2024/ }).locator('td').nth(2).textContent()).toBe(nb('50 000 kr'));

    // at 1280 px the lists fit without scrolling sideways; on a tablet the page itself never does
    const fits = async (name: RegExp) =>
      page.getByRole('table', { name }).evaluate((el) => {
        const wrap = el.parentElement!;
        const cols = [...el.querySelectorAll('thead th')].map((th) => `${th.textContent}:${Math.round(th.getBoundingClientRect().width)}`).join(' ');
        return wrap.scrollWidth <= wrap.clientWidth + 1 ? true : `${wrap.scrollWidth} > ${wrap.clientWidth}: ${cols}`;
      });
    await lists.getByRole('button', { name: 'Ansökningar' }).click();
    await lists.getByRole('table', { name: /Ansökningar om medfinansiering: 1 rad/ }).waitFor();
    expect(await fits(/Ansökningar om medfinansiering: 1 rad/)).toBe(true);
    expect(await fits(/Anslaget 1:1 per år 2021–2024/)).toBe(true);
    await page.setViewportSize({ width: 800, height: 1100 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    expect(await axe(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
