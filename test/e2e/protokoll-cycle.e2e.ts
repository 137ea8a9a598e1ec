/**
 * The protokoll of 2020-08-24 from the roll call to the dispatched extract in
 * real Chromium (issue 15): the secretary takes the roll call, records a
 * member leaving during the meeting in the live screen, records a decision
 * in the form and the rest like a second secretary would, numbers the
 * paragraphs and chooses an adjuster; the chair (put among the signers) and
 * the adjuster each sign in and sign. The adjusted protokoll is locked and
 * posted; its PDF carries the departure, both signatures and the
 * anslagsbevis, and pdfsig reports its seal valid (and invalid once one byte
 * changes). The secretary then sends an extract by e-mail to a recipient of
 * their own; the test's SMTP server gets the sealed extract, which pdfsig
 * reports valid.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signInThroughForm, useBrowserTest } from '../helpers/browser.ts';
import { startSmtpServer, type ReceivedMail, type TestSmtp } from '../helpers/smtp.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM, type Role } from '../../src/access/model.ts';
import * as meetings from '../../src/meetings/service.ts';

const WORK = mkdtempSync(path.join(tmpdir(), 'styrbord-protokoll-e2e-'));
process.env.FILES_DIR = path.join(WORK, 'files');
process.env.DATA_DIR = path.join(WORK, 'data');
delete process.env.SEAL_P12_PATH; // the demo seal, labelled as such
const PASSWORD = 'ett långt lösenord för protokollet';
const t = useBrowserTest();
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
});
afterAll(async () => {
  await smtp?.close();
});

async function signedIn(username: string, displayName: string, roles: Role[], personId: number | null = null): Promise<Page> {
  await createUser(t.server.db, SYSTEM, { username, displayName, password: PASSWORD, roles, personId });
  const page = await t.newPage();
  return signInThroughForm(page, t.server.url, { username, password: PASSWORD, displayName });
}

function pdfsig(bytes: Buffer, name: string): string {
  const file = path.join(WORK, name);
  writeFileSync(file, bytes);
  const r = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`;
}

function pdftotext(bytes: Buffer, name: string): string {
  const file = path.join(WORK, name);
  writeFileSync(file, bytes);
  return spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout;
}

function pdfAttachment(mail: ReceivedMail): Buffer {
  const boundary = /boundary="?([^";]+)"?/i.exec(mail.headers['content-type'] ?? '')![1]!;
  const part = mail.raw.split(`--${boundary}`).find((p) => /content-type:\s*application\/pdf/i.test(p))!;
  return Buffer.from(part.slice(part.search(/\r?\n\r?\n/)).replace(/\s+/g, ''), 'base64');
}

describe('protokollet från närvaro till expediering', () => {
  it('takes 2020-08-24 from the roll call to a signed, posted and dispatched protokoll', async () => {
    const db = t.server.db;
    const url = t.server.url;
    const augId = (await meetings.findMeetingId(db, 'Regional tillväxtnämnd', '2020-08-24'))!;
    const aug = await meetings.getMeeting(db, augId);
    const body = await meetings.getBody(db, aug.bodyId);
    const members = body.memberships.filter((m) => m.kind === 'member');
    const chair = members.find((m) => m.role === 'chair')!;
    const [adjuster, leaver] = members.filter((m) => m.role === 'member');
    const label = (m: { name: string; party: string | null }) => (m.party ? `${m.name} (${m.party})` : m.name);
    const decisionItems = aug.items.filter((i) => i.kind === 'decision');
    const first = decisionItems[0]!;

    const clerk = await signedIn('e2e.protokoll.sekr', 'E2E Protokollsekreterare', ['secretary']);
    await meetings.setServedBodies(db, SYSTEM, (await db.kysely.selectFrom('app_user').select('id').where('username', '=', 'e2e.protokoll.sekr').executeTakeFirstOrThrow()).id, [aug.bodyId]);
    const errors: string[] = [];
    clerk.on('pageerror', (e) => errors.push(e.message));
    const minutesUrl = `${url}/sammantraden/${augId}/protokoll`;

    // the roll call: everyone present
    await clerk.goto(`${url}/sammantraden/${augId}`);
    await clerk.getByRole('link', { name: 'Protokoll', exact: true }).click();
    await clerk.getByRole('button', { name: 'Påbörja protokoll' }).click();
    await clerk.getByRole('button', { name: 'Spara närvaron' }).click();
    await clerk.getByText('Närvaron är sparad.').waitFor();

    // the live screen: a member leaves after the first decision item
    const live = clerk.getByRole('region', { name: 'Närvaro under sammanträdet' });
    await live.getByLabel('Punkt', { exact: true }).selectOption(String(first.number));
    const change = live.getByRole('form', { name: `Ändra närvaron vid punkt ${first.number}` });
    await change.getByLabel('Ändring').selectOption({ label: `Lämnar sammanträdet efter punkt ${first.number}` });
    await change.getByLabel('Vem').selectOption({ label: label(leaver!) });
    await change.getByRole('button', { name: 'Protokollför ändringen' }).click();
    await live.getByText(`${leaver!.name} lämnar efter punkt ${first.number}.`).waitFor();

    // one decision in the form, the others through the API with the same session
    const form = clerk.locator(`article#punkt-${first.number}`);
    await form.locator('summary', { hasText: 'Protokollför beslut' }).click();
    await form.getByLabel('Beslut', { exact: true }).selectOption('according-to-proposal');
    await form.getByRole('button', { name: 'Protokollför beslutet' }).click();
    await form.getByText(`Beslutet under punkt ${first.number} är sparat.`).waitFor();
    const { csrfToken } = (await (await clerk.request.get(`${url}/api/session`)).json()) as { csrfToken: string };
    for (const item of aug.items) {
      if (item.number === first.number || item.kind === 'information' || item.kind === 'presentations') continue;
      const res = await clerk.request.put(`${url}/api/meetings/${augId}/minutes/items/${item.number}/decision`, {
        headers: { 'x-csrf-token': csrfToken },
        data: { outcome: 'according-to-proposal' },
      });
      expect(res.status(), await res.text()).toBe(200);
    }

    // paragraphs numbered; the adjuster chosen – the chair signs with them
    await clerk.reload();
    await clerk.getByRole('button', { name: 'Numrera paragrafer' }).click();
    await clerk.getByRole('heading', { name: new RegExp(`^§ \\d+ ${first.title.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).waitFor();
    await clerk.getByRole('checkbox', { name: adjuster!.name, exact: true }).check();
    await clerk.getByRole('button', { name: 'Välj justerare' }).click();
    await clerk.getByText(`${label(adjuster!)}: har inte signerat`).waitFor();
    await clerk.getByText(`${label(chair)}: har inte signerat`).waitFor();

    // each signs in afresh and signs
    for (const [username, who] of [['e2e.protokoll.ordf', chair], ['e2e.protokoll.just', adjuster!]] as const) {
      const page = await signedIn(username, who.name, ['member'], who.personId);
      await page.goto(minutesUrl);
      await page.getByRole('heading', { name: 'Justera protokollet' }).waitFor();
      await page.getByLabel('Jag har läst protokollet').check();
      await page.getByRole('button', { name: 'Signera' }).click();
      await page.getByText(new RegExp(`${who.name} \\([^)]+\\): signerade`)).waitFor();
      await page.context().close();
    }

    // locked and posted; the sealed PDF says who left, who signed, and where it is posted
    await clerk.reload();
    await clerk.getByText('Protokollet är justerat och låst.').waitFor();
    await clerk.getByText(/Överklagandetiden går ut/).waitFor();
    const pdf = await clerk.request.get(`${url}/api/meetings/${augId}/minutes.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.body());
    expect(pdfsig(bytes, 'protokoll.pdf')).toMatch(/Signature Validation: Signature is Valid\./);
    const text = pdftotext(bytes, 'protokoll-text.pdf').replace(/\s+/g, ' ');
    expect(text).toContain(`${label(leaver!)} lämnade sammanträdet efter §`);
    expect(text).toContain(`Ordförande: ${label(chair)} – signerade`);
    expect(text).toContain(`Justerare: ${label(adjuster!)} – signerade`);
    expect(text).toContain('Anslagsbevis');
    // one byte changed in the signed range: the seal no longer holds
    const tampered = Buffer.from(bytes);
    const at = tampered.indexOf('Anslagsbevis');
    const i = at > 0 ? at : 200;
    tampered[i] = tampered[i]! ^ 0x01;
    expect(pdfsig(tampered, 'andrad.pdf')).not.toMatch(/Signature Validation: Signature is Valid\./);

    // expediering: an extract of the first decision by e-mail, sealed
    const panel = clerk.getByRole('region', { name: 'Expediering' });
    const heading = panel.getByRole('heading', { level: 3, name: new RegExp(`^§ (\\d+) `) }).first();
    await heading.waitFor();
    const paragraph = /^§ (\d+) /.exec((await heading.textContent()) ?? '')![1]!;
    await panel.getByLabel(`Ny mottagare för § ${paragraph}`).fill('Näringslivsenheten');
    await panel.getByLabel(`E-postadress för den nya mottagaren (§ ${paragraph})`).fill('naringsliv@example.se');
    await panel.getByRole('button', { name: `Lägg till mottagare för § ${paragraph}` }).click();
    await panel.getByRole('row', { name: /Näringslivsenheten Tillagd/ }).waitFor();
    await panel.getByRole('button', { name: 'Skicka utdragen' }).click();
    await panel.getByRole('row', { name: /Näringslivsenheten/ }).getByText(/^Skickat .* till naringsliv@example\.se$/).waitFor();
    await smtp.waitFor(1, 60_000);
    const [mail] = smtp.to('naringsliv@example.se');
    expect(pdfsig(pdfAttachment(mail!), 'utdrag.pdf')).toMatch(/Signature Validation: Signature is Valid\./);
    expect(errors).toEqual([]);
  }, 300_000);
});
