/**
 * The budget page in real Chromium: the public reads the adopted 2020 budget's
 * result report (seed 000) with its computed subtotals and "–" for 0/0; a
 * secretary opens the 2026 draft (seed 004's parameters), changes the index in
 * the what-if panel and sees the body's frame change before anything is saved,
 * changes a wage rate and sees each area's frame change, then saves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations as axe, startBrowserTest, type BrowserTest, signInThroughForm } from '../helpers/browser.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import * as meetings from '../../src/meetings/service.ts';
import type { BudgetView } from '../../src/budget/service.ts';

const PASSWORD = 'ett långt lösenord för e2e-budget';
const NB = '\u00a0';

let t: BrowserTest;
let url: string;
let bodyId: number;
const pageErrors: string[] = [];

beforeAll(async () => {
  t = await startBrowserTest();
  url = t.server.url;
  bodyId = (await meetings.listBodies(t.server.db)).find((b) => /regional tillväxtnämnd/i.test(b.name))!.id;
});
afterAll(async () => {
  await t?.close();
});

describe('budgeten i webbläsaren', () => {
  it('visar den fastställda budgeten 2020 med resultatrapporten för allmänheten', async () => {
    const page = await t.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${url}/budget`);
    await page.getByRole('link', { name: 'Budget 2020' }).click();
    await page.getByRole('heading', { level: 1, name: /Budget 2020/ }).waitFor();
    const report = page.locator('table.result-report');
    const result = report.locator('tr', { has: page.getByRole('rowheader', { name: 'Resultat' }) });
    // Utfall perioden 2020, budget perioden and its deviation (the seed prints none), 2019, avvikelse, relation (the seed leaves it empty; 2,1 / 7,5 = 28,0 %)
    expect((await result.locator('td').allTextContents()).slice(0, 6)).toEqual(['9,6', '–', '–', '7,5', '2,1', '28,0']);
    const fin = report.locator('tr', { has: page.getByRole('rowheader', { name: 'Finansnetto' }) });
    expect((await fin.locator('td').nth(5).textContent())?.trim()).toBe('–'); // the seed: #DIVISION/0!
    const total = page.locator('table.operating-statement tr', { has: page.getByRole('rowheader', { name: 'Resultat' }) });
    expect(await total.locator('td').allTextContents()).toEqual(['9,6', '144,9', '6,6', '7,5', '–', '–', '–']);
    // the 2026 draft is not public
    expect(await page.getByRole('link', { name: 'Budget 2026' }).count()).toBe(0);
    expect(await axe(page)).toEqual([]);
  });

  it('låter sekreteraren pröva ett annat index och se ramarna ändras innan något sparas', async () => {
    await createUser(t.server.db, SYSTEM, { username: 'budget.sekreterare', displayName: 'Budget Sekreterare', password: PASSWORD, roles: ['secretary'], personId: null });
    const page = await t.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signInThroughForm(page, url, { username: 'budget.sekreterare', password: PASSWORD, displayName: 'Budget Sekreterare' });

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Budget', exact: true }).click();
    await page.getByRole('link', { name: 'Budget 2026' }).click();
    await page.getByRole('heading', { level: 1, name: /Budget 2026/ }).waitFor();
    // seed 004: 146,8 mnkr + 3,1 % (4,6 mnkr) = 151,3 mnkr
    expect(await page.getByTestId('body-frame').textContent()).toBe(`151${NB}335${NB}335${NB}kr (151,3 mnkr)`);

    const index = page.getByLabel('Indexuppräkning av ramanslaget (LPIK) (%)');
    expect(await index.inputValue()).toBe('3,1');
    await index.fill('3,5');
    await page.getByRole('button', { name: 'Beräkna' }).click();
    const frameRow = page.getByTestId('what-if-frame');
    await frameRow.waitFor();
    // 146 785 000 kr × 3,5 % = 5 137 475 kr: the frame 151 922 475 kr, +587 140 kr
    expect(await frameRow.locator('td').allTextContents()).toEqual([`151${NB}335${NB}335${NB}kr`, `151${NB}922${NB}475${NB}kr`, `+587${NB}140${NB}kr`]);

    // a wage rate changes every area's frame
    await index.fill('3,1');
    await page.getByLabel('Lönekostnadsökning (%)').fill('4,4');
    await page.getByRole('button', { name: 'Beräkna' }).click();
    await page.getByRole('table').filter({ hasText: 'Ändrat: lönekostnadsökning' }).waitFor();
    const diffs = await page.locator('table.what-if tbody tr td:nth-child(4)').allTextContents();
    expect(diffs).toHaveLength(7);
    for (const d of diffs) expect(d).toMatch(/^\+\d/);
    // nothing is stored by a what-if
    const stored = (await (await page.request.get(`${url}/api/bodies/${bodyId}/budgets/2026`)).json()) as BudgetView;
    expect(stored.parameters!.wageIncreaseBp).toBe(340);
    expect(await axe(page)).toEqual([]);

    await page.getByRole('button', { name: 'Spara parametrarna' }).click();
    await page.getByText('Parametrarna är sparade i utkastet.').waitFor();
    const saved = (await (await page.request.get(`${url}/api/bodies/${bodyId}/budgets/2026`)).json()) as BudgetView;
    expect(saved.parameters!.wageIncreaseBp).toBe(440);
    expect(saved.version).toBe(stored.version + 1);
    expect(pageErrors).toEqual([]);
  });
});
