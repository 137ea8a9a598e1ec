/**
 * Sammanträdesläge in real Chromium (issue 15.1): the secretary begins the
 * minutes of 2020-02-14 and, under item 7, records two yrkanden (bifall by
 * the chair, avslag by Patrik Nyström), the propositionsordning, and an
 * omröstning with the voting list set by keyboard – one radio group per
 * serving member – and sees "8 ja, 6 nej, 1 avstår". A reservation by a
 * member who voted for the proposal is refused; Patrik Nyström's, tied to
 * his avslag that fell, is saved and shown. axe finds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { axeViolations, signInThroughForm, startBrowserTest, type BrowserTest } from '../helpers/browser.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import type { BodyDetail, MeetingSummary } from '../../src/http/contract.ts';

const PASSWORD = 'ett långt lösenord för e2e-yrkanden';

let t: BrowserTest;
let url: string;
let feb: MeetingSummary;
let body: BodyDetail;
let clerk: Page;
const pageErrors: string[] = [];

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${url}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  t = await startBrowserTest();
  url = t.server.url;
  const list = await api<MeetingSummary[]>('/api/meetings');
  feb = list.find((m) => m.date === '2020-02-14')!;
  body = await api<BodyDetail>(`/api/bodies/${feb.bodyId}`);
  await createUser(t.server.db, SYSTEM, { username: 'e2e.yrkanden.sekr', displayName: 'Sekreterare Yrkanden', password: PASSWORD, roles: ['secretary'] });
  clerk = await t.newPage();
  clerk.on('pageerror', (e) => pageErrors.push(e.message));
  await signInThroughForm(clerk, url, { username: 'e2e.yrkanden.sekr', password: PASSWORD, displayName: 'Sekreterare Yrkanden' });
});

afterAll(async () => {
  await t?.close();
});

const members = () => body.memberships.filter((m) => m.kind === 'member');
const label = (name: string) => {
  const m = body.memberships.find((x) => x.name === name)!;
  return m.party ? `${m.name} (${m.party})` : m.name;
};

describe('yrkanden och omröstning i sammanträdesläget', () => {
  let p7: Locator;
  let sheet: Locator;

  it('begins the minutes with everyone present', async () => {
    await clerk.goto(`${url}/sammantraden/${feb.id}/protokoll`);
    await clerk.getByRole('button', { name: 'Påbörja protokoll' }).click();
    await clerk.getByRole('button', { name: 'Spara närvaron' }).click();
    await clerk.getByText('Närvaron är sparad.').waitFor();
    p7 = clerk.locator('article#punkt-7');
    await p7.locator('summary', { hasText: 'Yrkanden och omröstning' }).click();
    sheet = p7.locator('.motions');
    await sheet.getByText('Beslutför: 15 av 15 ledamöter tjänstgör.').waitFor();
  });

  it('records two yrkanden by keyboard', async () => {
    const form = sheet.getByRole('form', { name: 'Nytt yrkande under punkt 7' });
    await form.getByLabel('Yrkande av').selectOption({ label: label('Irén Lejegren') });
    await form.getByLabel('Typ av yrkande').selectOption({ label: 'Bifall' });
    await form.getByLabel('Yrkandets text').press('Enter');
    await sheet.getByText('Yrkandet är sparat.').waitFor();
    await form.getByLabel('Yrkande av').selectOption({ label: label('Patrik Nyström') });
    await form.getByLabel('Typ av yrkande').selectOption({ label: 'Avslag' });
    await form.getByLabel('Yrkandets text').fill('avslag på förslaget om utökat verksamhetsbidrag');
    await form.getByLabel('Yrkandets text').press('Enter');
    await sheet.locator('.motion-list > li').nth(1).waitFor();
    expect(await sheet.locator('.motion-list > li').allTextContents()).toEqual([
      `${label('Irén Lejegren')} yrkar bifall till förslaget – inte avgjort Ta bort yrkande 1`,
      `${label('Patrik Nyström')} yrkar avslag på förslaget om utökat verksamhetsbidrag – inte avgjort Ta bort yrkande 2`,
    ]);
  });

  it('sets the propositionsordning: bifall mot avslag', async () => {
    const form = sheet.getByRole('form', { name: 'Propositionsordning under punkt 7' });
    await form.getByRole('button', { name: 'Lägg till proposition' }).click();
    expect(await form.getByLabel('Ja-förslag (proposition 1)').inputValue()).not.toBe('');
    await form.getByLabel('Ordföranden finner (proposition 1)').selectOption({ label: 'Ja-förslaget' });
    await form.getByRole('button', { name: 'Spara propositionsordningen' }).press('Enter');
    await sheet.getByText('Propositionsordningen är sparad.').waitFor();
    expect(await sheet.locator('.proposition-list > li').first().textContent()).toBe(
      'Ordföranden ställer proposition på bifall till förslaget mot avslag på förslaget om utökat verksamhetsbidrag och finner att bifall till förslaget (Irén Lejegren) vinner.',
    );
  });

  it('holds an omröstning with the voting list and sees the result', async () => {
    const form = sheet.getByRole('form', { name: 'Omröstning under punkt 7' });
    await form.getByLabel('Ja innebär').fill('ja för bifall till förslaget');
    await form.getByLabel('Nej innebär').fill('nej för Patrik Nyströms avslagsyrkande');
    // 8 ja (the chair among them), 6 nej (Patrik Nyström among them), the last one avstår – each radio checked with Space
    const order = [members().find((m) => m.name === 'Irén Lejegren')!, members().find((m) => m.name === 'Patrik Nyström')!, ...members().filter((m) => m.name !== 'Irén Lejegren' && m.name !== 'Patrik Nyström')];
    const choice = (i: number) => (i === 0 || (i >= 2 && i < 9) ? 'Ja' : i === 1 || i < 14 ? 'Nej' : 'Avstår');
    for (const [i, m] of order.entries()) {
      await form.getByRole('radiogroup', { name: `Röst, ${m.name}` }).getByRole('radio', { name: choice(i), exact: true }).press('Space');
    }
    await form.getByText('Räknat: 8 ja, 6 nej, 1 avstår (0 saknas).').waitFor();
    expect(await form.getByRole('radiogroup', { name: 'Röst, Patrik Nyström' }).getByRole('radio', { name: 'Nej' }).isChecked()).toBe(true);
    expect(await axeViolations(clerk)).toEqual([]);
    if (process.env.E2E_SCREENSHOTS) await sheet.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/yrkanden-omrostning.png` });
    await form.getByRole('button', { name: 'Spara omröstningen' }).press('Enter');
    await sheet.getByText('Omröstningen är sparad.').waitFor();
    const result = (await sheet.locator('.vote-result').textContent()) ?? '';
    expect(result).toContain('Proposition 1: 8 ja, 6 nej, 1 avstår.');
    expect(result).toContain('Ja: ja för bifall till förslaget. Nej: nej för Patrik Nyströms avslagsyrkande.');
    expect(await sheet.locator('.motion-list > li .badge').allTextContents()).toEqual(['vann', 'föll']);
  });

  it('refuses a reservation with no lost yrkande behind it, and saves the one tied to the avslag', async () => {
    await p7.locator('summary', { hasText: 'Protokollför beslut' }).click();
    const form = p7.getByRole('form', { name: 'Beslut under punkt 7' });
    await form.getByRole('button', { name: 'Lägg till reservation eller protokollsanteckning' }).click();
    await form.getByLabel('Typ (rad 1)').selectOption({ label: 'Reservation' });
    const jaVoter = members().find((m) => !['Irén Lejegren', 'Patrik Nyström'].includes(m.name))!;
    await form.getByLabel('Ledamot (rad 1)').selectOption({ label: label(jaVoter.name) });
    await form.getByLabel('Text (rad 1)').fill('Jag reserverar mig.');
    await form.getByRole('button', { name: 'Protokollför beslutet' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(`${jaVoter.name} kan inte reservera sig: hen stod inte bakom något yrkande som föll under punkten.`);

    await form.getByLabel('Ledamot (rad 1)').selectOption({ label: label('Patrik Nyström') });
    await form.getByLabel('Till förmån för yrkande (rad 1)').selectOption({ label: 'avslag på förslaget om utökat verksamhetsbidrag (Patrik Nyström)' });
    await form.getByLabel('Text (rad 1)').fill('Jag reserverar mig till förmån för mitt avslagsyrkande.');
    await form.getByRole('button', { name: 'Protokollför beslutet' }).click();
    await p7.getByText('Beslutet under punkt 7 är sparat.').waitFor();
    expect(await p7.textContent()).toContain('reserverar sig mot beslutet: Jag reserverar mig till förmån för mitt avslagsyrkande.');
    // the paragraph as read: the yrkanden and the omröstning, as the protokoll prints them
    const read = (await p7.locator('.proceedings').textContent()) ?? '';
    expect(read).toContain(`${label('Patrik Nyström')} yrkar avslag på förslaget om utökat verksamhetsbidrag.`);
    expect(read).toContain('8 ja, 6 nej, 1 avstår.');

    // the sheet, opened again, shows the reservation with its yrkande
    await p7.locator('summary', { hasText: 'Yrkanden och omröstning' }).click();
    await p7.locator('summary', { hasText: 'Yrkanden och omröstning' }).click();
    await p7.getByText('Patrik Nyström reserverar sig till förmån för avslag på förslaget om utökat verksamhetsbidrag (Patrik Nyström): Jag reserverar mig till förmån för mitt avslagsyrkande.').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
