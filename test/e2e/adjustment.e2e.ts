/**
 * The minutes in real Chromium: the secretary records and numbers them and
 * chooses adjusters, each adjuster signs in and signs, the minutes lock, the
 * notice goes up on the public notice board.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBrowserTest, type BrowserTest, signInThroughForm } from '../helpers/browser.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM, type Role } from '../../src/access/model.ts';
import * as meetings from '../../src/meetings/service.ts';

const PASSWORD = 'ett långt lösenord för e2e';

let t: BrowserTest;
let server: BrowserTest['server'];
let browser: BrowserTest['browser'];

beforeAll(async () => {
  t = await startBrowserTest();
  server = t.server;
  browser = t.browser;
});

afterAll(async () => {
  await t?.close();
});

async function signedIn(username: string, displayName: string, roles: Role[], personId: number | null = null): Promise<Page> {
  await createUser(server.db, SYSTEM, { username, displayName, password: PASSWORD, roles, personId });
  const page = await t.newPage();
  return signInThroughForm(page, server.url, { username, password: PASSWORD, displayName });
}

describe('justering i webbläsaren', () => {
  it('lets the secretary prepare the minutes and each adjuster sign them', async () => {
    const feb = (await meetings.listMeetings(server.db)).find((m) => m.date === '2020-02-14')!;
    const body = await meetings.getBody(server.db, feb.bodyId);
    const person = (name: string) => body.memberships.find((m) => m.name === name)!.personId;
    const url = `${server.url}/sammantraden/${feb.id}/protokoll`;

    // the secretary starts the minutes and records attendance and a decision in the UI
    const clerk = await signedIn('e2e.sekreterare', 'E2E Sekreterare', ['secretary']);
    await clerk.goto(`${server.url}/sammantraden/${feb.id}`);
    await clerk.getByRole('link', { name: 'Protokoll', exact: true }).click();
    await clerk.getByRole('button', { name: 'Påbörja protokoll' }).click();
    await clerk.getByRole('button', { name: 'Spara närvaron' }).click();
    await clerk.getByText('Närvaron är sparad.').waitFor();
    // one decision form per agenda item, opened from the item
    const item3 = clerk.locator('article#punkt-3');
    await item3.getByRole('heading', { name: /Punkt 3: Verksamhetsberättelse 2019/ }).waitFor();
    await item3.locator('summary', { hasText: 'Protokollför beslut' }).click();
    await item3.getByLabel('Beslut', { exact: true }).selectOption('according-to-proposal');
    await item3.getByRole('button', { name: 'Protokollför beslutet' }).click();
    await item3.getByText('Beslutet under punkt 3 är sparat.').waitFor();

    // the remaining decisions through the API with the same session (CSRF token from the session)
    const { csrfToken } = (await (await clerk.request.get(`${server.url}/api/session`)).json()) as { csrfToken: string };
    const meeting = await meetings.getMeeting(server.db, feb.id);
    for (const item of meeting.items) {
      if (item.number === 3 || item.kind === 'information' || item.kind === 'presentations') continue;
      const res = await clerk.request.put(`${server.url}/api/meetings/${feb.id}/minutes/items/${item.number}/decision`, {
        headers: { 'x-csrf-token': csrfToken },
        data: { outcome: 'according-to-proposal', ...(item.number === 7 ? { recipients: ['Hopajola'] } : {}) },
      });
      expect(res.status(), await res.text()).toBe(200);
    }
    await clerk.reload();
    await clerk.getByRole('button', { name: 'Numrera paragrafer' }).click();
    await clerk.getByRole('heading', { name: /^§ 13 Presentationer/ }).waitFor();
    await clerk.getByRole('checkbox', { name: 'Irén Lejegren', exact: true }).check();
    await clerk.getByRole('checkbox', { name: 'Torbjörn Appelqvist', exact: true }).check();
    await clerk.getByRole('button', { name: 'Välj justerare' }).click();
    await clerk.getByText('Torbjörn Appelqvist (M): har inte signerat').waitFor();

    // each adjuster signs in and signs
    for (const [username, name] of [['e2e.ordforande', 'Irén Lejegren'], ['e2e.justerare', 'Torbjörn Appelqvist']] as const) {
      const page = await signedIn(username, name, ['member'], person(name));
      await page.goto(url);
      await page.getByRole('heading', { name: 'Justera protokollet' }).waitFor();
      // the day to sign by: the committee's, under item 1 of the kallelse
      await page.getByText('Protokollet ska vara justerat senast 2020-02-28, som nämnden beslutade (lagens sista dag).').waitFor();
      const sign = page.getByRole('button', { name: 'Signera' });
      expect(await sign.isDisabled()).toBe(true);
      await page.getByLabel('Jag har läst protokollet').check();
      await sign.click();
      await page.getByText(new RegExp(`${name} \\([A-Z]+\\): signerade`)).waitFor();
      await page.context().close();
    }

    // locked; the PDF is there; the secretary posts the notice; the public sees it
    await clerk.reload();
    await clerk.getByText('Protokollet är justerat och låst.').waitFor();
    expect(await clerk.getByRole('button', { name: 'Protokollför beslutet' }).count()).toBe(0);
    const pdf = await clerk.request.get(`${server.url}/api/meetings/${feb.id}/minutes.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    // the frozen file: the page shows the hash of the stored original, the one the server sends
    const sha = pdf.headers()['x-content-sha256']!;
    expect(pdf.headers().etag).toBe(`"${sha}"`);
    await clerk.getByText(/Det justerade protokollet är fryst/).waitFor();
    await clerk.getByText(sha, { exact: true }).waitFor();
    await clerk.getByRole('button', { name: 'Markera skickat till Hopajola' }).click();
    await clerk.getByText(/^Hopajola: skickat \d{4}-\d{2}-\d{2}/).waitFor();
    // posted with the last signature, as the sealed protokoll's anslagsbevis says
    await clerk.getByText(/Överklagandetiden går ut/).waitFor();
    expect(await clerk.getByRole('button', { name: 'Anslå på anslagstavlan' }).count()).toBe(0);

    const visitor = await (await browser.newContext({ locale: 'sv-SE' })).newPage();
    await visitor.goto(`${server.url}/`);
    await visitor.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Anslagstavla' }).click();
    await visitor.getByRole('heading', { level: 1, name: 'Anslagstavla' }).waitFor();
    await visitor.getByText('§§ 1–13').waitFor();
    await visitor.getByRole('link', { name: /Regional tillväxtnämnd, sammanträde 2020-02-14/ }).click();
    await visitor.getByText('Protokollet är justerat och låst.').waitFor();
    await visitor.getByText(/Det justerade protokollet är fryst/).waitFor();
  });
});
