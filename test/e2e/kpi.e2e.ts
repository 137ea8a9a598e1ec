/**
 * Follow-up data in real Chromium: an indicator series as an SVG line chart
 * with its table alternative (public), and the internal control plan's risk
 * matrix (signed-in staff), both checked with axe-core (WCAG 2.1 AA).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, startBrowserTest, type BrowserTest } from '../helpers/browser.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';


let t: BrowserTest;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  t = await startBrowserTest();
  page = await t.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await t?.close();
});

const axe = () => axeViolations(page);

const rowText = async (table: string, rowHeader: string) =>
  (await page.locator(`${table} tbody tr`, { has: page.getByRole('rowheader', { name: rowHeader, exact: true }) }).first().locator('td').allTextContents()).map((s) => s.trim());

describe('nyckeltal och internkontroll i webbläsaren', () => {
  it('visar en nyckeltalsserie som diagram och tabell, per kön', async () => {
    await page.goto(`${t.server.url}/`);
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Nyckeltal' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nyckeltal' }).waitFor();
    const list = page.locator('table.kpi-list');
    expect(await list.locator('tbody tr').count()).toBe(3);
    // the demo targets: new firms reached 6,5 in 2020, unemployment did not fall from 2019;
    // the Styrtal column names the plan's styrtal the series is linked to (issue 17.3), not a free text
    expect(await rowText('table.kpi-list', 'Nyregistrerade företag, antal per 1 000 invånare 16-64 år (N00914)')).toEqual([
      'Antal nystartade företag per 1 000 invånare i Örebro län',
      'ska öka: minst 6,5',
      '6,98 (2020)',
      '✓ Uppfyllt',
    ]);

    await list.getByRole('link', { name: 'Förvärvsarbetande invånare 20-64 år, andel (%)' }).click();
    await page.getByRole('heading', { level: 1, name: /Förvärvsarbetande invånare 20-64 år/ }).waitFor();
    const chart = page.getByRole('img', { name: /Förvärvsarbetande invånare 20-64 år, andel \(%\), totalt, 2015–2020/ });
    await chart.waitFor();
    // region and the four comparison counties, and the comparison mean as a reference line
    expect(await page.locator('.kpi-chart svg[role="img"] .kpi-line path').count()).toBe(5);
    expect(await page.locator('.kpi-chart svg[role="img"] .kpi-reference').count()).toBe(1);
    expect(await page.locator('.kpi-legend li').allTextContents()).toEqual([
      'Region Örebro län', 'Region Jönköpings län', 'Region Kronoberg', 'Region Värmland', 'Region Västmanland', 'Jämförelsegruppens medel',
    ]);
    const desc = await page.locator('.kpi-chart svg desc').textContent();
    expect(desc).toContain('Region Örebro län 2020: 77,9.');
    expect(desc).toContain('Samma uppgifter finns i tabellen');
    expect(await rowText('table.kpi-data', 'Region Örebro län')).toEqual(['77,5', '77,9', '78,4', '78,6', '79,3', '77,9']);
    expect(await rowText('table.kpi-evaluation', '2019')).toEqual(['79,3', '80', '✗ Ej uppfyllt']);

    // women: the chart and the tables follow
    await page.getByRole('radio', { name: 'Kvinnor' }).check();
    await page.getByRole('img', { name: /, kvinnor, 2015–2020/ }).waitFor();
    expect(await page.locator('table.kpi-data caption').textContent()).toContain('kvinnor');
    const women = await rowText('table.kpi-data', 'Region Örebro län');
    expect(women).toHaveLength(6);
    expect(women).not.toEqual(['77,5', '77,9', '78,4', '78,6', '79,3', '77,9']);

    // Örebro municipality added to the chart
    await page.getByRole('checkbox', { name: 'Örebro', exact: true }).check();
    expect(await page.locator('.kpi-chart svg[role="img"] .kpi-line path').count()).toBe(6);
    expect(await rowText('table.kpi-data', 'Örebro')).toHaveLength(6);

    expect(await axe()).toEqual([]);
  });

  it('visar riskmatrisen för inloggad personal', async () => {
    await page.goto(`${t.server.url}/internkontroll`);
    await page.getByRole('heading', { level: 1, name: 'Internkontroll' }).waitFor();
    await page.getByText('Logga in för att läsa den').waitFor();

    const username = 'e2e.kontroll';
    const password = 'ett långt lösenord för e2e';
    await createUser(t.server.db, SYSTEM, { username, displayName: 'E2E Kontroll', password, roles: ['case-officer'] });
    await page.getByRole('link', { name: 'Logga in', exact: true }).first().click();
    await page.getByLabel('Användarnamn').fill(username);
    await page.getByLabel('Lösenord').fill(password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('banner').getByText('E2E Kontroll').waitFor();
    await page.waitForURL(/\/internkontroll$/);

    const matrix = page.locator('table.risk-matrix');
    await matrix.waitFor();
    const counts = await matrix.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => Number(td.getAttribute('data-count')))));
    // rows from probability 4 down to 1, columns consequence 1–4 (seed 000's plan with the demo assessment)
    expect(counts).toEqual([
      [0, 0, 0, 0],
      [0, 1, 0, 1],
      [0, 3, 3, 0],
      [0, 1, 0, 1],
    ]);
    expect(await page.locator('.control-risk').count()).toBe(10);

    // a cell filters the list: probability 2 × consequence 3
    await matrix.getByRole('button', { name: /^3 risker med sannolikhet 2 och konsekvens 3/ }).click();
    await page.getByRole('heading', { name: 'Risker med sannolikhet 2 och konsekvens 3' }).waitFor();
    expect(await page.locator('.control-risk h5').allTextContents()).toEqual([
      'Risken att systematiskt arbetsmiljöarbete (SAM) inte efterlevs.',
      'Risken att rekryteringsrutiner inte efterlevs.',
      'Risken att arbetssätt/processer som inkluderar flera verksamheter inte samordnas.',
    ]);

    // follow an action up: SAM's action is done
    const sam = page.locator('.control-risk').first();
    await sam.getByLabel('Status').selectOption('done');
    await sam.getByRole('button', { name: 'Spara status' }).click();
    await sam.locator('.control-status-done').first().waitFor();
    expect(await page.locator('.control-status-counts').textContent()).toContain('Avslutad 5');

    expect(await axe()).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
