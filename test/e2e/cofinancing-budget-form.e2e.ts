/**
 * The co-financing application form's budget in real Chromium (issue 16.1):
 * a handläggare types a two-year cost and financing budget as the applicant
 * gave it, with a stated grand total that is wrong; the server's check names
 * the sum and the difference in Swedish, the form offers the correction, and
 * the corrected budget is saved with no findings. A second application is
 * then attached to the first one's dnr: the duplicate warning must be
 * confirmed before it is saved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { axeViolations as axe, startBrowserTest, type BrowserTest, signInThroughForm } from '../helpers/browser.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';

const PASSWORD = 'ett långt lösenord för budgetformuläret';
const nb = (s: string) => s.replace(/(\d) (?=\d{3}(?!\d))/g, '$1\u00a0').replace(/(\d) (kr|kronor)\b/g, '$1\u00a0$2');
let t: BrowserTest;
const pageErrors: string[] = [];

async function signedIn(): Promise<Page> {
  const page = await t.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return signInThroughForm(page, t.server.url, { username: 'hanna.handlaggare', password: PASSWORD, displayName: 'Hanna Handläggare' });
}

async function openForm(page: Page): Promise<Locator> {
  await page.goto(`${t.server.url}/medfinansiering`);
  await page.getByRole('heading', { level: 1, name: 'Medfinansiering' }).waitFor();
  const form = page.getByRole('form', { name: 'Registrera en ny ansökan' });
  await form.waitFor();
  return form;
}

async function fillApplication(form: Locator, projectName: string) {
  await form.getByLabel('Sökande', { exact: true }).fill('Lekebergs kommun');
  await form.getByLabel('Projektnamn').fill(projectName);
  await form.getByLabel('Projektperiod från').fill('2021-01-01');
  await form.getByLabel('Projektperiod till').fill('2022-12-31');
  await form.getByLabel('Prioriterat område i den regionala utvecklingsstrategin').fill('Kompetensförsörjning');
  await form.getByLabel('Prioritering enligt inriktningsbeslutet').fill('2');
  await form.getByLabel('Sökt belopp').fill('200 000');
  await form.getByLabel('Andel av bokförda kostnader (procent)').fill('15');
}

beforeAll(async () => {
  t = await startBrowserTest();
  await createUser(t.server.db, SYSTEM, { username: 'hanna.handlaggare', displayName: 'Hanna Handläggare', password: PASSWORD, roles: ['case-officer'], personId: null });
});

afterAll(async () => {
  await t?.close();
});

describe('Budgeten i ansökan om medfinansiering', () => {
  let caseNumber = '';

  it('visar sökandens felaktiga totalsumma, tar emot rättelsen och sparar', async () => {
    const page = await signedIn();
    const form = await openForm(page);
    await fillApplication(form, 'Kompetenslyft Lekeberg');

    // two years as columns; the first follows the project's start
    expect(await form.getByLabel('Första budgetår').inputValue()).toBe('2021');
    await form.getByRole('button', { name: 'Lägg till år 2022' }).click();
    const costs = form.getByRole('table', { name: 'Kostnadsbudget' });
    expect(await costs.getByRole('columnheader').allTextContents()).toEqual(['Kostnadsslag', 'Rubrik', '2021', '2022', 'Totalt', 'Åtgärd']);

    // the applicant's cost table: two rows kept, the others removed
    await form.getByRole('button', { name: 'Ta bort kostnadsraden Externa tjänster' }).click();
    await form.getByRole('button', { name: 'Ta bort kostnadsraden Indirekta kostnader' }).click();
    const cells: Array<[string, string]> = [
      ['Kostnad Egen personal 2021', '600 000'],
      ['Kostnad Egen personal 2022', '700 000'],
      ['Kostnad Egen personal totalt', '1 300 000'],
      ['Kostnad Resor och logi 2021', '50 000'],
      ['Kostnad Resor och logi 2022', '50 000'],
      ['Kostnad Resor och logi totalt', '100 000'],
      ['Summa kostnader 2021', '650 000'],
      ['Summa kostnader 2022', '750 000'],
      ['Summa kostnader totalt', '1 436 400'], // the applicant's arithmetic: 36 400 too much
      ['Finansiering Region Örebro län 2021', '100 000'],
      ['Finansiering Region Örebro län 2022', '100 000'],
      ['Finansiering Region Örebro län totalt', '200 000'],
    ];
    for (const [label, amount] of cells) await form.getByLabel(label, { exact: true }).fill(amount);
    await form.getByLabel('Finansiär 2', { exact: true }).fill('Lekebergs kommun');
    for (const [label, amount] of [
      ['Finansiering Lekebergs kommun 2021', '550 000'],
      ['Finansiering Lekebergs kommun 2022', '650 000'],
      ['Finansiering Lekebergs kommun totalt', '1 200 000'],
      ['Summa finansiering 2021', '650 000'],
      ['Summa finansiering 2022', '750 000'],
      ['Summa finansiering totalt', '1 400 000'],
    ] as const) {
      await form.getByLabel(label, { exact: true }).fill(amount);
    }
    await form.getByRole('button', { name: 'Ta bort finansieringsraden finansiär 3' }).click();

    // a cell that is not an amount is named and nothing is sent
    await form.getByLabel('Kostnad Resor och logi 2022', { exact: true }).fill('femtio tusen');
    await form.getByRole('button', { name: 'Registrera ansökan' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('Budgeten har en cell som inte är ett belopp i kronor; rätta den markerade cellen.');
    expect(await form.getByLabel('Kostnad Resor och logi 2022', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Kostnad Resor och logi 2022', { exact: true }).fill('50 000');

    await form.getByRole('button', { name: 'Registrera ansökan' }).click();
    await form.getByRole('button', { name: 'Spara rättelsen' }).waitFor();
    const findings = form.getByRole('alert').locator('.findings > li');
    expect(await findings.allTextContents()).toEqual([
      nb('Fel: I kostnadsbudgeten summerar alla år till 1 400 000 kr men totalsumman anges till 1 436 400 kr. (skillnad 36 400 kronor)'),
    ]);
    expect(await axe(page)).toEqual([]);

    // corrected as the applicant would: the stated total
    await form.getByLabel('Summa kostnader totalt', { exact: true }).fill('1 400 000');
    await form.getByRole('button', { name: 'Spara rättelsen' }).click();
    await page.getByRole('heading', { level: 1, name: /Kompetenslyft Lekeberg$/ }).waitFor();
    await page.getByText('Budgeten stämmer: summorna går ihop').waitFor();
    const kicker = (await page.locator('h1 .h1-kicker').textContent()) ?? '';
    caseNumber = kicker.replace(/^Medfinansiering, ärende /, '');
    expect(caseNumber).toMatch(/^\d{2}RS\d+$/);
    // one application, not two: the correction changed the one registered
    const list = (await (await page.request.get(`${t.server.url}/api/cofinancing`)).json()) as Array<{ projectName: string }>;
    expect(list.map((a) => a.projectName)).toEqual(['Kompetenslyft Lekeberg']);
  });

  it('knyter en ny ansökan till ett befintligt diarienummer först efter varningen om dubbletten', async () => {
    const page = await signedIn();
    const form = await openForm(page);
    await fillApplication(form, 'Kompetenslyft Lekeberg, etapp 2');
    for (const [label, amount] of [
      ['Kostnad Egen personal 2021', '1 400 000'],
      ['Kostnad Egen personal totalt', '1 400 000'],
      ['Summa kostnader 2021', '1 400 000'],
      ['Summa kostnader totalt', '1 400 000'],
      ['Finansiering Region Örebro län 2021', '200 000'],
      ['Finansiering Region Örebro län totalt', '200 000'],
    ] as const) {
      await form.getByLabel(label, { exact: true }).fill(amount);
    }
    await form.getByLabel('Finansiär 2', { exact: true }).fill('Lekebergs kommun');
    await form.getByLabel('Finansiering Lekebergs kommun 2021', { exact: true }).fill('1 200 000');
    await form.getByLabel('Finansiering Lekebergs kommun totalt', { exact: true }).fill('1 200 000');
    await form.getByLabel('Summa finansiering 2021', { exact: true }).fill('1 400 000');
    await form.getByLabel('Summa finansiering totalt', { exact: true }).fill('1 400 000');

    await form.getByLabel('Befintligt diarienummer').fill(caseNumber);
    await form.getByText(`diarienumret ${caseNumber} har redan en ansökan`).waitFor();
    await form.getByRole('button', { name: 'Registrera ansökan' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(`Diarienumret ${caseNumber} har redan en ansökan om medfinansiering. Kryssa i att du vill registrera en till, eller ändra diarienumret.`);
    expect(await axe(page)).toEqual([]);

    await form.getByLabel('Registrera ändå en ansökan till på samma diarienummer').check();
    await form.getByRole('button', { name: 'Registrera ansökan' }).click();
    await page.getByRole('heading', { level: 1, name: /Kompetenslyft Lekeberg, etapp 2$/ }).waitFor();
    expect(await page.locator('h1 .h1-kicker').textContent()).toBe(`Medfinansiering, ärende ${caseNumber}`);
    expect(pageErrors).toEqual([]);
  });
});
