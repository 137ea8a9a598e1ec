/** The kallelse book in real Chromium: the secretary builds it with progress and downloads it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserTest, type BrowserTest } from '../helpers/browser.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import * as meetings from '../../src/meetings/service.ts';
import { readPdf } from '../helpers/pdf.ts';

let t: BrowserTest;
let server: BrowserTest['server'];

beforeAll(async () => {
  t = await startBrowserTest();
  server = t.server;
});

afterAll(async () => {
  await t?.close();
});

describe('kallelseboken i webbläsaren', () => {
  it('builds the book with a progress indicator and downloads it', async () => {
    const feb = (await meetings.listMeetings(server.db)).find((m) => m.date === '2020-02-14')!;
    await createUser(server.db, SYSTEM, { username: 'e2e.bok', displayName: 'E2E Bok', password: 'ett långt lösenord för e2e', roles: ['secretary'] });
    const page = await t.newPage();
    await page.goto(`${server.url}/logga-in`);
    await page.getByLabel('Användarnamn').fill('e2e.bok');
    await page.getByLabel('Lösenord').fill('ett långt lösenord för e2e');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('banner').getByText('E2E Bok').waitFor();
    await page.goto(`${server.url}/sammantraden/${feb.id}`);
    await page.getByRole('heading', { name: 'Kallelsebok' }).waitFor();
    await page.getByRole('button', { name: 'Bygg kallelseboken' }).click();
    await page.locator('progress').waitFor();
    // nothing delegated yet: the one-click report says so in Swedish
    await page.getByRole('button', { name: 'Skapa redovisning av delegationsbeslut' }).click();
    await page.getByText('Det finns inga oredovisade delegationsbeslut att redovisa.').waitFor();
    const done = page.getByRole('link', { name: /^version 1 \(\d+ sidor\)$/ });
    await done.waitFor();
    const pages = Number(/\((\d+) sidor\)/.exec((await done.textContent()) ?? '')![1]);
    const res = await page.request.get(`${server.url}/api/meetings/${feb.id}/kallelse.pdf`);
    expect(res.headers()['content-type']).toContain('application/pdf');
    const pdf = await readPdf(new Uint8Array(await res.body()));
    expect(pdf.pageCount).toBe(pages);
    expect(pdf.pages[0]).toContain(`1 (${pages})`);
    expect(pdf.pages[0]).toContain('Konferensrum Linden');

    // the memo preview of an item (a memo saved through the API)
    const item3 = (await meetings.getMeeting(server.db, feb.id)).items.find((i) => i.number === 3)!;
    const { csrfToken } = (await (await page.request.get(`${server.url}/api/session`)).json()) as { csrfToken: string };
    const saved = await page.request.put(`${server.url}/api/agenda-items/${item3.id}/memo`, {
      headers: { 'x-csrf-token': csrfToken },
      data: {
        unit: 'Ekonomi', officer: 'Helena Torége', title: 'Verksamhetsberättelse 2019, regional tillväxtnämnd',
        summary: 'Bifogat redovisas förslag till verksamhetsberättelse 2019.', description: 'Återrapportering för helåret.',
        consequences: 'Rapporteringen omfattar miljö-, barn- och jämställdhetsperspektiven.', economy: 'Inga.',
        decisionBasis: ['Verksamhetsberättelse 2019 regional tillväxtnämnd'], signatory: { name: 'Petter Arneback', title: 'Regional utvecklingsdirektör' }, sendTo: ['Regionstyrelsen'],
      },
    });
    expect(saved.status(), await saved.text()).toBeLessThan(300);
    await page.reload();
    const article = page.locator('article#punkt-3');
    await article.getByText('Föredragnings-PM', { exact: true }).click();
    await article.getByText('Återrapportering för helåret.').waitFor();
    await article.getByRole('link', { name: 'Föredragnings-PM som PDF' }).waitFor();
    await page.locator('article#punkt-4').getByText('Föredragnings-PM', { exact: true }).click();
    await page.locator('article#punkt-4').getByText('Det finns inget föredragnings-PM för punkten ännu.').waitFor();
  });

  it('shows administrators the audit log with a CSV export', async () => {
    await createUser(server.db, SYSTEM, { username: 'e2e.admin', displayName: 'E2E Admin', password: 'ett långt lösenord för e2e', roles: ['admin'] });
    const page = await t.newPage();
    await page.goto(`${server.url}/logga-in`);
    await page.getByLabel('Användarnamn').fill('e2e.admin');
    await page.getByLabel('Lösenord').fill('ett långt lösenord för e2e');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Granskningslogg' }).click();
    await page.getByRole('heading', { level: 1, name: 'Granskningslogg' }).waitFor();
    await page.getByRole('cell', { name: 'user.login' }).first().waitFor();
    await page.getByLabel('Visa').selectOption('meeting');
    await page.getByRole('cell', { name: 'meeting.import' }).first().waitFor();
    const csv = await page.request.get(`${server.url}/api/audit.csv?limit=10000&entity=meeting`);
    expect((await csv.text()).split('\r\n')[0]).toBe('\ufeffid;tidpunkt;vem;händelse;typ;id-värde;före;efter');
  });
});
