/**
 * The import page in real Chromium (issue 18.8): the secretary uploads a
 * kallelse PDF with a page missing, the preview shows the meeting, items,
 * cases and the documents split out of the PDF, and the flag; confirming
 * without the tick is refused in Swedish, with it the import is written and
 * its report shown at /import/:id, with the meeting's kallelse book holding
 * the item's pages; a seed text file already imported previews as unchanged
 * and is cancelled; the history lists the imports.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { axeViolations, signInNewUser, useBrowserTest } from '../helpers/browser.ts';
import { BOOK_PAGES, BOOK_TEXT, bookPdf, moveTo2021 } from '../helpers/importBook.ts';
import * as meetings from '../../src/meetings/service.ts';
import { currentSnapshot } from '../../src/documents/service.ts';

const t = useBrowserTest();

describe('import page', () => {
  it('previews a PDF, needs its flag confirmed, imports it and lists it in the history', async () => {
    const db = t.server.db;
    // the last page of the report left out: the preview flags it
    const pdf = Buffer.from(await bookPdf(moveTo2021(BOOK_TEXT), (n) => [...Array(n - 1).keys()].map((k) => k + 1)));
    const page = await signInNewUser(t, { username: 'e2e.import', displayName: 'E2E Importör', password: 'ett långt lösenord för e2e', roles: ['secretary'] });

    await page.goto(`${t.server.url}/import`);
    await page.getByRole('heading', { name: 'Import av kallelser', level: 1 }).waitFor();
    const history = page.getByRole('table', { name: 'Gjorda importer' });
    // the demo papers were imported on start
    await history.getByRole('link', { name: '000_97425d05012e62df.txt' }).waitFor();

    // a file that is no kallelse: the server's Swedish refusal
    await page.getByLabel('Fil (PDF eller text)').setInputFiles({ name: 'bild.png', mimeType: 'image/png', buffer: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]) });
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^Filen bild\.png är varken en PDF eller en textfil och kan inte läsas in\. Den är en bild/);

    await page.getByLabel('Fil (PDF eller text)').setInputFiles({ name: 'kallelse-2021-08-23.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();
    const preview = page.getByRole('region', { name: 'Förhandsgranskning av kallelse-2021-08-23.pdf' });
    await preview.waitFor();
    expect(await preview.textContent()).toContain('Nytt sammanträde: Regional tillväxtnämnd 2021-08-23');
    const items = preview.getByRole('table', { name: 'Punkter (8)' });
    expect(await items.getByRole('row').filter({ hasText: 'Delårsrapport januari-juli 2020' }).textContent()).toContain('Ny');
    expect(await preview.getByRole('list', { name: 'Flaggor' }).textContent()).toContain(`Filen slutar med sidan ${BOOK_PAGES - 1} av ${BOOK_PAGES}`);
    const docs = preview.getByRole('table', { name: 'Handlingar ur PDF:en (2)' });
    expect(await docs.getByRole('row').nth(1).textContent()).toMatch(/^2FöredragningsPM.*sidorna \d+–\d+$/);
    // nothing written yet
    expect(await meetings.findMeetingId(db, 'Regional tillväxtnämnd', '2021-08-23')).toBeNull();
    expect(await axeViolations(page)).toEqual([]);

    await preview.getByRole('button', { name: 'Bekräfta importen' }).click();
    await expect.poll(() => preview.getByRole('alert').textContent()).toBe('Importen har flaggade uppgifter: granska dem och kryssa i att importen ska göras ändå.');
    await preview.getByLabel(/Jag har granskat den flaggade uppgiften/).check();
    await preview.getByRole('button', { name: 'Bekräfta importen' }).click();
    await page.waitForURL(/\/import\/\d+$/);
    await page.getByRole('heading', { name: 'Import av kallelse-2021-08-23.pdf', level: 1 }).waitFor();
    expect(await page.locator('dl.facts').textContent()).toContain('Importerad');
    await page.getByRole('link', { name: /^Regional tillväxtnämnd 2021-08-23/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // written: the meeting, and its item 2 with the memo's and the report's pages as attachments for the book
    const id = await meetings.findMeetingId(db, 'Regional tillväxtnämnd', '2021-08-23');
    expect(id).not.toBeNull();
    const snap = await currentSnapshot(db, id!);
    expect(snap.items.find((i) => i.number === 2)!.attachments.map((a) => a.pageCount)).toEqual([2, 1]);

    // a seed text file already imported: nothing would change; cancelled
    await page.getByRole('link', { name: 'Import av kallelser' }).click();
    await page.getByRole('heading', { name: 'Import av kallelser', level: 1 }).waitFor();
    const seedText = readFileSync(new URL('../../seeds/000_97425d05012e62df.txt', import.meta.url));
    await page.getByLabel('Fil (PDF eller text)').setInputFiles({ name: 'samma.txt', mimeType: 'text/plain', buffer: seedText });
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();
    const again = page.getByRole('region', { name: 'Förhandsgranskning av samma.txt' });
    await again.waitFor();
    expect(await again.textContent()).toContain('Ingenting ändras (samma fil som förut)');
    await again.getByRole('button', { name: 'Avbryt' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'avbröts' }).textContent()).toBe('Importen av samma.txt avbröts; ingenting sparades.');

    // the history: the import, the cancelled preview and the demo papers
    const rows = page.getByRole('table', { name: 'Gjorda importer' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(5);
    expect(await rows.nth(1).textContent()).toContain('samma.txt');
    expect(await rows.nth(1).textContent()).toContain('Avbruten');
    expect(await rows.nth(2).textContent()).toContain('kallelse-2021-08-23.pdf');
    expect(await rows.nth(2).textContent()).toContain('1 (bekräftade)');
  }, 300_000);

  it('is not for a member', async () => {
    const page = await signInNewUser(t, { username: 'e2e.import.ledamot', displayName: 'E2E Ledamot', password: 'ett långt lösenord för e2e', roles: ['member'] });
    await page.goto(`${t.server.url}/import`);
    await page.getByText('Kallelser importeras av nämndsekreterare och administratörer.').waitFor();
    expect(await page.getByRole('button', { name: 'Förhandsgranska' }).count()).toBe(0);
  });
});
