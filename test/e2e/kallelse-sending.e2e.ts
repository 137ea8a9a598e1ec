/**
 * Skicka kallelsen in real Chromium (issue 14.6): the secretary builds the
 * book, sends it, and sees each recipient's status; a recipient the real SMTP
 * server started here refuses is shown as failed and sent with "Försök igen";
 * one without an address is given one on the page and sent on the next send.
 * The messages are read back from the server: none carries the secret title.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, signInNewUser, startBrowserTest, type BrowserTest } from '../helpers/browser.ts';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as sending from '../../src/meetings/sendingService.ts';

const secretary = { id: 'e2e:sekreterare', roles: ['secretary'] as const };
const SECRET_TITLE = 'Ansökan från Hemligbolaget AB om företagsstöd';
const OPEN_TITLE = 'Regional cykelstrategi för Örebro län';

let t: BrowserTest;
let smtp: TestSmtp;
const previousSmtpUrl = process.env.SMTP_URL;

beforeAll(async () => {
  smtp = await startSmtpServer();
  // the test server runs in this process and reads SMTP_URL when it sends
  process.env.SMTP_URL = smtp.url;
  t = await startBrowserTest();
});

afterAll(async () => {
  await t?.close();
  await smtp?.close();
  if (previousSmtpUrl === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = previousSmtpUrl;
});

describe('Skicka kallelsen i webbläsaren', () => {
  it('sends the built book to the members and ersättare and shows each one’s status, with a retry', async () => {
    const db = t.server.db;
    const feb = (await meetings.listMeetings(db)).find((m) => m.date === '2020-02-14')!;
    const created = await meetings.createMeeting(db, secretary, { bodyId: feb.bodyId, date: '2026-10-08', startTime: '13:00', place: 'Länsgården' });
    await db.tx(async (trx) => {
      await meetings.addAgendaItem(trx, secretary, created.id, { title: OPEN_TITLE, kind: 'decision' });
      const secret = await meetings.addAgendaItem(trx, secretary, created.id, { title: SECRET_TITLE, kind: 'decision' });
      await meetings.setItemSecrecy(trx, secretary, secret.id, '30 kap. 23 § OSL');
    });
    // every member and ersättare but one has an address; one address the server refuses
    const people = (await sending.listDispatches(db, secretary, created.id)).withoutAddress;
    const [missing, refused, ...others] = people;
    for (const p of [refused!, ...others]) await sending.setPersonEmail(db, secretary, p.personId, { email: `person${p.personId}@example.se`, version: p.version });
    const refusedAddress = `person${refused!.personId}@example.se`;
    smtp.reject(refusedAddress);

    const page = await signInNewUser(t, { username: 'e2e.utskick', displayName: 'E2E Utskick', password: 'ett långt lösenord för e2e', roles: ['secretary'] });
    await page.goto(`${t.server.url}/sammantraden/${created.id}`);
    const panel = page.getByRole('region', { name: 'Utskick av kallelsen' });

    // before the book is built: refused in Swedish
    await panel.getByRole('button', { name: 'Skicka kallelsen' }).click();
    await expect.poll(() => panel.getByRole('alert').textContent()).toMatch(/bygg kallelseboken först/);
    expect(smtp.messages).toHaveLength(0);

    await page.getByRole('button', { name: 'Bygg kallelseboken' }).click();
    await page.getByRole('link', { name: /^version 1 \(\d+ sidor\)$/ }).waitFor();
    await panel.getByRole('button', { name: 'Skicka kallelsen' }).click();
    await panel.getByRole('status').getByText(`Version 1 av kallelsen skickades till ${others.length} mottagare; 1 misslyckades.`).waitFor();

    const table = panel.getByRole('table', { name: 'Mottagare av version 1' });
    const row = (name: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    await row(refused!.name).getByText(/Misslyckades: E-postservern tog inte emot meddelandet: 550/).waitFor();
    await row(others[0]!.name).getByText(/^Skickad \d/).waitFor();
    await row(missing!.name).getByText('Saknar e-postadress').waitFor();
    expect(await table.getByRole('row').count()).toBe(people.length + 1);

    // what the members received, read back from the SMTP server
    expect(smtp.messages).toHaveLength(others.length);
    for (const m of smtp.messages) {
      expect(m.text).toContain(`1. ${OPEN_TITLE}`);
      expect(m.text).toContain('2. Sekretess enligt 30 kap. 23 § OSL');
      expect(m.text).toContain(`/api/meetings/${created.id}/kallelse/versions/1/file`);
      expect(m.text).not.toContain('Hemligbolaget');
    }

    // the server takes it now: Försök igen
    smtp.accept(refusedAddress);
    await row(refused!.name).getByRole('button', { name: 'Försök igen' }).click();
    await row(refused!.name).getByText(/^Skickad \d.*\(2 försök\)/).waitFor();
    expect(smtp.to(refusedAddress)).toHaveLength(1);

    // an address for the one without, a bad one refused first in Swedish; the next send reaches only that one
    const field = row(missing!.name).getByLabel(`E-postadress för ${missing!.name}`);
    await field.fill('inte-en-adress');
    await row(missing!.name).getByRole('button', { name: 'Spara' }).click();
    await expect.poll(() => row(missing!.name).getByRole('alert').textContent()).toMatch(/ingen e-postadress/);
    await field.fill(`ny.adress@example.se`);
    await row(missing!.name).getByRole('button', { name: 'Spara' }).click();
    await row(missing!.name).getByText('Saknar e-postadress').waitFor({ state: 'detached' });
    await panel.getByRole('button', { name: 'Skicka kallelsen' }).click();
    await panel.getByRole('status').getByText('Version 1 av kallelsen skickades till 1 mottagare.').waitFor();
    await row(missing!.name).getByText(/^Skickad \d/).waitFor();
    expect(smtp.to('ny.adress@example.se')).toHaveLength(1);
    expect(smtp.messages).toHaveLength(others.length + 2);

    expect(await axeViolations(page)).toEqual([]);
  });
});
