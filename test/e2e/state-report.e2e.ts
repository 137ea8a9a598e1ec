/**
 * The state report in real Chromium: the public sees the tables of 2021 (the
 * seed's appropriation, registered through the co-financing service) and the
 * 2020 business support from the imported register; a case officer signs in,
 * writes the text of section 2, saves it, and a stale second tab is refused;
 * the whole report downloads as PDF with that text in it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations as axe, startBrowserTest, type BrowserTest, signInThroughForm } from '../helpers/browser.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import * as cofinancing from '../../src/funding/cofinancingService.ts';
import { kronorToOre as kr } from '../../src/kernel/kronor.ts';
import { readPdf } from '../helpers/pdf.ts';

const PASSWORD = 'ett långt lösenord för återrapporteringen';

let t: BrowserTest;
const pageErrors: string[] = [];

async function signedIn(username: string, displayName: string): Promise<Page> {
  const page = await t.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${username}: ${e.message}`));
  return signInThroughForm(page, t.server.url, { username, password: PASSWORD, displayName });
}

beforeAll(async () => {
  t = await startBrowserTest();
  // Seed 002, lines 3020–3031: the appropriation 2021 and its outcome.
  await cofinancing.setAppropriation(t.server.db, SYSTEM, 2021, {
    totalOre: kr(40_480_000),
    indicative: { projects: kr(26_520_000), 'business-support': kr(13_960_000) },
    outcome: { projects: kr(24_220_000), 'business-support': kr(15_360_000), 'follow-up': kr(900_000) },
  });
  await createUser(t.server.db, SYSTEM, { username: 'hanna.handlaggare', displayName: 'Hanna Handläggare', password: PASSWORD, roles: ['case-officer'], personId: null });
});

afterAll(async () => {
  await t?.close();
});

describe('Återrapporteringen i webbläsaren', () => {
  it('visar tabellerna för 2021 och 2020 för allmänheten', async () => {
    const page = await t.newPage();
    page.on('pageerror', (e) => pageErrors.push(`public: ${e.message}`));
    await page.goto(`${t.server.url}/`);
    await page.getByRole('navigation').getByRole('link', { name: 'Återrapportering' }).click();
    await page.getByRole('heading', { level: 1, name: /^Återrapportering \d{4}$/ }).waitFor();
    await page.getByRole('textbox', { name: 'År' }).fill('2021');
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.getByRole('heading', { level: 1, name: 'Återrapportering 2021' }).waitFor();

    const allocation = page.getByRole('table', { name: 'Fördelning av anslaget 1:1 Regionala tillväxtåtgärder 2021' });
    await allocation.waitFor();
    const projects = await allocation.getByRole('row', { name: /Regionala utvecklingsprojekt/ }).locator('th, td').allTextContents();
    expect(projects).toEqual(['Regionala utvecklingsprojekt', '26\u00a0520\u00a0000', '65,5', '24\u00a0220\u00a0000', '59,8', '\u22122\u00a0300\u00a0000']);
    expect(await allocation.locator('tfoot').textContent()).toContain('40\u00a0480\u00a0000');
    expect(await page.getByRole('link', { name: 'Ladda ner tabellerna som Excel' }).getAttribute('href')).toBe('/api/state-report/2021.xlsx');
    // the narrative is a draft: the whole report as PDF is for staff only
    expect(await page.getByRole('link', { name: 'Ladda ner hela återrapporteringen som PDF' }).count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain('Logga in för att läsa och skriva återrapporteringens texter.');

    await page.getByRole('link', { name: '← 2020' }).click();
    const byMunicipality = page.getByRole('table', { name: 'Beviljade företagsstöd per kommun 2020' });
    await byMunicipality.waitFor();
    expect(await byMunicipality.getByRole('row', { name: /^Örebro/ }).locator('td').allTextContents()).toEqual(['11', '1\u00a0548\u00a0600', '43,1']);
    expect(await page.locator('main').textContent()).not.toContain('Kerstin Önnebo');
    expect(await axe(page)).toEqual([]);
  });

  it('låter en handläggare skriva avsnitt 2 och vägrar en inaktuell ändring', async () => {
    const page = await signedIn('hanna.handlaggare', 'Hanna Handläggare');
    const stalePage = await signedIn('hanna.handlaggare', 'Hanna Handläggare');
    for (const p of [page, stalePage]) {
      await p.goto(`${t.server.url}/aterrapportering/2021`);
      await p.getByRole('heading', { level: 2, name: 'Texter per avsnitt' }).waitFor();
    }
    const section = page.locator('[id="avsnitt-2"]');
    expect(await section.textContent()).toContain('Ingen text ännu.');
    await section.getByRole('button', { name: 'Redigera avsnitt 2' }).click();
    const text = 'Det totala anslaget 40 480 000 kr fördelas indikativt med 26 520 000 kr till regionala utvecklingsprojekt samt 13 960 000 kr till företagsstöd.';
    await section.getByLabel(/^Text till 2 /).fill(text);
    await section.getByRole('button', { name: 'Spara avsnitt 2' }).click();
    await section.getByText(text).waitFor();
    await page.getByText(/^Version 1; senast ändrad av user:/).waitFor();
    expect(await axe(page)).toEqual([]);

    // the second tab still holds version 0
    const other = stalePage.locator('[id="avsnitt-3.1"]');
    await other.getByRole('button', { name: 'Redigera avsnitt 3.1' }).click();
    await other.getByLabel(/^Text till 3\.1 /).fill('Samverkan med länsstyrelsen.');
    await other.getByRole('button', { name: 'Spara avsnitt 3.1' }).click();
    await other.getByRole('alert').getByText(/har ändrats av .* sedan du hämtade den \(din version 0, nu 1\)/).waitFor();

    // section 5: a row of the analyses table, from the seed (002, section 5)
    const five = page.locator('[id="avsnitt-5"]');
    await five.getByLabel('Namn och kort beskrivning').fill('Portföljanalys av pågående projekt med 1:1 finansiering');
    await five.getByLabel('Finansierat av anslag 1:1').selectOption('ja');
    await five.getByLabel('Huvudsakligt syfte').selectOption('löpande rapportering');
    await five.getByLabel('Hur erfarenheterna tagits till vara').fill('Portföljanalysen genomförs halvårsvis.');
    await five.getByRole('button', { name: 'Lägg till i tabellen' }).click();
    const analyses = page.getByRole('table', { name: 'De viktigaste analyserna, uppföljningarna och utvärderingarna 2021' });
    await analyses.getByRole('row', { name: /Portföljanalys/ }).waitFor();
    expect(await analyses.getByRole('row', { name: /Portföljanalys/ }).locator('th, td').allTextContents()).toEqual([
      'Portföljanalys av pågående projekt med 1:1 finansiering', 'Analys', 'Ja', 'Löpande rapportering', 'Portföljanalysen genomförs halvårsvis.',
    ]);

    const saved = await (await page.request.get(`${t.server.url}/api/state-report/2021/narrative`)).json();
    expect(saved.sections).toEqual({ '2': text });
    expect(saved.version).toBe(2);

    // the whole report as PDF, through the page's link with the signed-in session: the saved text and the analysis in it
    const href = await page.getByRole('link', { name: 'Ladda ner hela återrapporteringen som PDF' }).getAttribute('href');
    expect(href).toBe('/api/state-report/2021.pdf');
    const pdf = await page.request.get(`${t.server.url}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const pdfText = (await readPdf(await pdf.body())).pages.join('\n').replace(/\s+/g, ' ');
    expect(pdfText).toContain(text);
    expect(pdfText).toContain('Portföljanalys av pågående projekt med 1:1 finansiering');
    expect(pdfText).toContain('Regionala utvecklingsprojekt 26 520 000 kr 65,5 % 24 220 000 kr 59,8 %');

    // the strategy's priorities: added and renamed through the form, the project table's rows follow
    const add = page.getByRole('form', { name: 'Lägg till prioritering' });
    await add.getByLabel('Kod').fill('1');
    await add.getByLabel('Namn').fill('Hållbart näringsliv');
    await add.getByLabel('Ordning').fill('1');
    await add.getByRole('button', { name: 'Lägg till prioriteringen' }).click();
    const list = page.getByRole('table', { name: 'Prioriteringar' });
    await list.getByRole('row', { name: /Hållbart näringsliv/ }).waitFor();
    await add.getByLabel('Kod').fill('1');
    await add.getByLabel('Namn').fill('Dubblett');
    await add.getByLabel('Ordning').fill('2');
    await add.getByRole('button', { name: 'Lägg till prioriteringen' }).click();
    await add.getByRole('alert').getByText('Koden 1 används redan av prioriteringen Hållbart näringsliv.').waitFor();
    await list.getByRole('button', { name: 'Ändra prioriteringen Hållbart näringsliv' }).click();
    const change = page.getByRole('form', { name: 'Ändra prioriteringen Hållbart näringsliv' });
    await change.getByLabel('Namn').fill('Hållbar omställning');
    await change.getByRole('button', { name: 'Spara prioriteringen' }).click();
    await list.getByRole('row', { name: /Hållbar omställning/ }).waitFor();
    const byPriority = page.getByRole('table', { name: 'Projekt med medfinansiering från 1:1-anslaget 2021 per prioritering' });
    await byPriority.getByRole('row', { name: /^Hållbar omställning/ }).waitFor();
    expect(await byPriority.locator('tbody th').allTextContents()).toEqual(['Hållbar omställning']);
    expect(await axe(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
