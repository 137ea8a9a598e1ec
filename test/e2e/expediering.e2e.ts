/**
 * Expediering in real Chromium (issue 15.6): on the adjusted protokoll of
 * 2020-08-24 the secretary confirms a recipient the memo proposes with an
 * address, adds one of their own with an address the mail server refuses,
 * sends the extracts, sees Skickat and Misslyckades with the server's
 * answer, corrects the address and tries again; the test's SMTP server
 * gets the sealed extract attached, which pdfsig reports valid. axe clean.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, signInNewUser, useBrowserTest } from '../helpers/browser.ts';
import { startSmtpServer, type ReceivedMail, type TestSmtp } from '../helpers/smtp.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import { SYSTEM } from '../../src/access/model.ts';

const WORK = mkdtempSync(path.join(tmpdir(), 'styrbord-exp-e2e-'));
process.env.FILES_DIR = path.join(WORK, 'files');
process.env.DATA_DIR = path.join(WORK, 'data');
delete process.env.SEAL_P12_PATH;
const t = useBrowserTest();
const secretary = { id: 'sekreterare', roles: ['secretary'] as const };
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
});
afterAll(async () => {
  await smtp?.close();
});

function pdfAttachment(mail: ReceivedMail): Buffer {
  const boundary = /boundary="?([^";]+)"?/i.exec(mail.headers['content-type'] ?? '')![1]!;
  const part = mail.raw.split(`--${boundary}`).find((p) => /content-type:\s*application\/pdf/i.test(p))!;
  return Buffer.from(part.slice(part.search(/\r?\n\r?\n/)).replace(/\s+/g, ''), 'base64');
}

describe('expediering', () => {
  it('confirms and adds recipients, sends the sealed extracts, shows each outcome and retries', async () => {
    const db = t.server.db;
    const augId = (await meetings.findMeetingId(db, 'Regional tillväxtnämnd', '2020-08-24'))!;
    const aug = await meetings.getMeeting(db, augId);
    const body = await meetings.getBody(db, aug.bodyId);
    let view = await minutes.openMinutes(db, secretary, augId);
    view = await minutes.setAttendance(db, secretary, augId, { version: view.version, attendance: body.memberships.filter((m) => m.kind === 'member').map((m) => ({ personId: m.personId, present: true })) });
    for (const item of aug.items) {
      if (item.kind === 'information' || item.kind === 'presentations') continue;
      await minutes.recordDecision(db, secretary, augId, item.number, { outcome: 'according-to-proposal' });
    }
    await minutes.numberMinutes(db, secretary, augId);
    const other = body.memberships.find((m) => m.kind === 'member' && m.role !== 'chair')!;
    view = await minutes.setAdjusters(db, secretary, augId, { personIds: [other.personId] });
    for (const a of view.adjusters) {
      await minutes.signMinutes(db, { id: `user:justerare${a.personId}`, roles: ['adjuster'], personId: a.personId, authenticatedAt: new Date(), authenticatedVia: 'password' }, augId, a.personId);
    }
    expect((await minutes.getMinutes(db, augId)).locked).toBe(true);
    const p2 = (await minutes.getMinutes(db, augId)).decisions.find((d) => d.itemNumber === 2)!.paragraph!;

    const page = await signInNewUser(t, { username: 'e2e.expediering', displayName: 'E2E Nämndsekreterare', password: 'ett långt lösenord för e2e', roles: ['secretary'] });
    await meetings.setServedBodies(db, SYSTEM, (await db.kysely.selectFrom('app_user').select('id').where('username', '=', 'e2e.expediering').executeTakeFirstOrThrow()).id, [aug.bodyId]);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${t.server.url}/sammantraden/${augId}/protokoll`);
    const panel = page.getByRole('region', { name: 'Expediering' });
    await panel.getByRole('heading', { level: 3, name: new RegExp(`^§ ${p2} Delårsrapport`) }).waitFor();

    // the memo's Skickas till proposes Regionstyrelsen: confirmed with an address
    await panel.getByLabel('E-postadress för Regionstyrelsen').fill('regionstyrelsen@example.se');
    await panel.getByRole('button', { name: 'Lägg till Regionstyrelsen' }).click();
    await panel.getByRole('row', { name: /Regionstyrelsen PM:ets Skickas till/ }).getByText('Inte skickat').waitFor();
    // one of the secretary's own, to an address the server refuses
    smtp.reject('fel@example.se');
    await panel.getByLabel(`Ny mottagare för § ${p2}`).fill('Ekonomistaben');
    await panel.getByLabel(`E-postadress för den nya mottagaren (§ ${p2})`).fill('fel@example.se');
    await panel.getByRole('button', { name: `Lägg till mottagare för § ${p2}` }).click();
    await panel.getByRole('row', { name: /Ekonomistaben Tillagd/ }).waitFor();

    await panel.getByRole('button', { name: 'Skicka utdragen' }).click();
    await panel.getByRole('status').filter({ hasText: '1 utdrag skickades, 1 misslyckades.' }).waitFor();
    await panel.getByRole('row', { name: /Regionstyrelsen/ }).getByText(/^Skickat .* till regionstyrelsen@example\.se$/).waitFor();
    const failed = panel.getByRole('row', { name: /Ekonomistaben/ });
    await failed.getByText(/^Misslyckades: E-postservern tog inte emot meddelandet: 550/).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // the address corrected, tried again
    smtp.accept('fel@example.se');
    await failed.getByLabel('E-postadress för Ekonomistaben').fill('ekonomi@example.se');
    await failed.getByRole('button', { name: 'Spara adressen för Ekonomistaben' }).click();
    await panel.getByRole('button', { name: 'Försök igen att skicka utdraget till Ekonomistaben' }).click();
    await panel.getByRole('row', { name: /Ekonomistaben/ }).getByText(/^Skickat .* till ekonomi@example\.se \(2 försök\)$/).waitFor();

    const [mail] = await smtp.waitFor(2, 60_000).then(() => smtp.to('ekonomi@example.se'));
    const file = path.join(WORK, 'utdrag.pdf');
    writeFileSync(file, pdfAttachment(mail!));
    expect(spawnSync('pdfsig', [file], { encoding: 'utf8' }).stdout).toMatch(/Signature Validation: Signature is Valid\./);
    expect(errors).toEqual([]);
  });
});
