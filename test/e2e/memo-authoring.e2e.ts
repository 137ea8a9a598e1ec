/** Föredragnings-PM and beslutsunderlag in real Chromium: write the memo, see a placeholder refused, fix it, save; upload a PDF. */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { signInNewUser, useBrowserTest } from '../helpers/browser.ts';
import * as meetings from '../../src/meetings/service.ts';

const t = useBrowserTest();

async function pdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText('Projektbeskrivning', { x: 60, y: 760, size: 14, font });
  return Buffer.from(await doc.save());
}

describe('föredragnings-PM i webbläsaren', () => {
  it('writes the memo, is refused a placeholder naming the field, fixes it, saves and uploads a PDF', async () => {
    const db = t.server.db;
    const m = (await meetings.listMeetings(db))[0]!;
    const meeting = await meetings.getMeeting(db, m.id);
    const item = meeting.items[0]!;
    const page = await signInNewUser(t, { username: 'e2e.pm', displayName: 'E2E Sekreterare', password: 'ett långt lösenord för e2e', roles: ['secretary'] });
    await page.goto(`${t.server.url}/sammantraden/${m.id}/punkter/${item.id}`);
    await page.getByRole('heading', { name: 'Föredragnings-PM' }).waitFor();

    await page.getByLabel('Ärendebeskrivning').fill('Regionen har tagit emot en ansökan.');
    await page.getByRole('button', { name: 'Lägg till att-sats' }).click();
    await page.getByRole('textbox', { name: /^Att-sats \d+$/ }).last().fill('bevilja medfinansiering');
    await page.getByLabel('Konsekvenser för barn').fill('XXX');
    await page.getByRole('button', { name: 'Spara utkast' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Konsekvenser för barn' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('platshållaren');

    await page.getByLabel('Konsekvenser för barn').fill('Beslutet påverkar inte barn.');
    await page.getByRole('button', { name: 'Spara utkast' }).click();
    await page.getByRole('status').filter({ hasText: 'Utkastet är sparat.' }).waitFor();
    const row = await db.kysely.selectFrom('memo_form').selectAll().where('agenda_item_id', '=', item.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row.form)).toContain('Beslutet påverkar inte barn.');

    await page.getByLabel('Välj filer att ladda upp').setInputFiles({ name: 'Projektbeskrivning.pdf', mimeType: 'application/pdf', buffer: await pdf() });
    await page.getByRole('status').filter({ hasText: '1 av 1 filer uppladdade.' }).waitFor();
    await page.getByRole('link', { name: 'Projektbeskrivning' }).first().waitFor();
    const attachments = await db.kysely.selectFrom('attachment').select('file_name').where('agenda_item_id', '=', item.id).execute();
    expect(attachments.map((a) => a.file_name)).toContain('Projektbeskrivning.pdf');
  }, 120_000);
});
