/**
 * A grant from registration to report received in real Chromium (issue
 * 21.2): an organisation registered through the form (a wrong check digit
 * refused first, in role=alert), its application, the application tied to an
 * agenda item of 2020-02-14, the decision (bifall with the yearly report's
 * due day) and the report received; the register with the seed's Hopajola.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { axeViolations, signInNewUser, useBrowserTest } from '../helpers/browser.ts';
import * as meetings from '../../src/meetings/service.ts';
import { loadGrantsDemo } from '../../src/grants/demo.ts';
import { loadCompaniesDemo } from '../../src/companies/demo.ts';

const SEED_003 = readFileSync(new URL('../../seeds/003_f8eb7d47c03ea706.txt', import.meta.url), 'utf8');
const t = useBrowserTest();

describe('föreningsbidrag', () => {
  it('registers an organisation, its application, the decision under an agenda item and the report received', async () => {
    const db = t.server.db;
    await loadGrantsDemo(db, SEED_003);
    const feb = await meetings.getMeeting(db, (await meetings.findMeetingId(db, 'Regional tillväxtnämnd', '2020-02-14'))!);
    const item8 = feb.items.find((i) => i.number === 8)!;
    const page = await signInNewUser(t, { username: 'e2e.bidrag', displayName: 'E2E Sekreterare', password: 'ett långt lösenord för e2e', roles: ['secretary'] });

    await page.goto(`${t.server.url}/foreningsbidrag`);
    await page.getByRole('heading', { name: 'Föreningsbidrag', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Organisationer' }).getByRole('link', { name: 'Hopajola' }).waitFor();

    // registration: a wrong check digit is refused in Swedish, then corrected
    await page.getByRole('button', { name: 'Registrera organisation' }).click();
    const form = page.getByRole('region', { name: 'Registrera organisation' });
    await form.getByLabel('Namn').fill('Naturskyddsföreningen i Örebro län');
    await form.getByLabel('Organisationsnummer').fill('802000-7391');
    await form.getByLabel('Slag').selectOption('förening');
    await form.getByRole('button', { name: 'Registrera organisationen' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('Organisationsnumret 802000-7391 har fel kontrollsiffra.');
    await form.getByLabel('Organisationsnummer').fill('8020007392');
    await form.getByRole('button', { name: 'Registrera organisationen' }).click();
    await page.waitForURL(/\/foreningsbidrag\/\d+$/);
    await page.getByRole('heading', { name: 'Naturskyddsföreningen i Örebro län', level: 1 }).waitFor();
    expect(await page.getByText('802000-7392', { exact: true }).count()).toBe(1);

    // the application
    await page.getByRole('button', { name: 'Registrera ansökan' }).click();
    const apply = page.getByRole('form', { name: 'Registrera ansökan' });
    await apply.getByLabel('Bidragsår').fill('2020');
    await apply.getByLabel('Sökt belopp').fill('50 000');
    await apply.getByLabel('Ändamål').fill('Naturguidningar för skolor 2020');
    await apply.getByLabel('Ankom').fill('2020-01-10');
    await apply.getByLabel('Diarienummer').fill('19RS8345');
    await apply.getByRole('button', { name: 'Registrera ansökan' }).click();
    const card = page.getByRole('article', { name: /^Ansökan 2020: 50\s000 kr$/ });
    await card.waitFor();
    expect(await card.getByText('Inte beslutad', { exact: true }).count()).toBe(1);

    // tied to item 8 of 2020-02-14
    const place = card.getByRole('form', { name: 'Koppla till en punkt på föredragningslistan' });
    await place.getByLabel('Sammanträde').selectOption({ label: 'Regional tillväxtnämnd 2020-02-14' });
    await place.getByLabel('Punkt', { exact: true }).selectOption(String(item8.id));
    await place.getByRole('button', { name: 'Koppla till punkten' }).click();
    await card.getByRole('link', { name: 'punkt 8 på Regional tillväxtnämnd 2020-02-14' }).waitFor();

    // the decision: more than applied for is refused, then bifall with the report's due day
    const decision = card.getByRole('form', { name: 'Registrera beslut' });
    await decision.getByLabel('Beviljat belopp').fill('60 000');
    await decision.getByRole('button', { name: 'Registrera beslutet' }).click();
    await expect.poll(() => decision.getByRole('alert').textContent()).toBe('Det beviljade beloppet kan inte vara större än det sökta.');
    await decision.getByLabel('Beviljat belopp').fill('50 000');
    await decision.getByLabel('Motivering').fill('Skolprojektet bidrar till målen för vilt- och naturvård.');
    await decision.getByLabel('Redovisning senast').fill('2021-03-31');
    await decision.getByRole('button', { name: 'Registrera beslutet' }).click();
    await card.getByText('Redovisningen är försenad', { exact: true }).waitFor();
    expect(await card.getByText(/^Bifall 2020-02-14, 50\s000\skr$/).count()).toBe(1);

    // the report received
    const report = card.getByRole('form', { name: 'Årlig redovisning' });
    await report.getByLabel('Redovisningen inkom').fill('2021-04-02');
    await report.getByRole('button', { name: 'Spara redovisningen' }).click();
    await card.getByText('Beviljad och redovisad', { exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // the register counts it
    await page.getByRole('link', { name: '← Föreningsbidrag' }).click();
    const row = page.getByRole('table', { name: 'Organisationer' }).getByRole('row').filter({ hasText: 'Naturskyddsföreningen i Örebro län' });
    await expect.poll(async () => (await row.textContent()) ?? '').toMatch(/50\s000\skr/);
    const lines = page.getByRole('table', { name: 'Sökt och beviljat per år och budgetrad' });
    await expect.poll(async () => (await lines.getByRole('row').filter({ hasText: 'Naturskyddsföreningen i Örebro län' }).textContent()) ?? '').toMatch(/^2020/);
  });

  it('shows Almi with no share stated, the papers naming it, and adds an owner directive by reference and a report', async () => {
    await loadCompaniesDemo(t.server.db);
    const page = await signInNewUser(t, { username: 'e2e.bolag', displayName: 'E2E Handläggare', password: 'ett långt lösenord för e2e', roles: ['case-officer'] });
    await page.goto(`${t.server.url}/bolag`);
    await page.getByRole('heading', { name: 'Ägda bolag och stiftelser', level: 1 }).waitFor();
    const row = page.getByRole('table', { name: 'Bolag och stiftelser' }).getByRole('row').filter({ hasText: 'Almi Företagspartner Mälardalen AB' });
    expect(await row.textContent()).toContain('Inte angiven');
    await row.getByRole('link', { name: 'Almi Företagspartner Mälardalen AB' }).click();
    await page.getByRole('heading', { name: 'Almi Företagspartner Mälardalen AB', level: 1 }).waitFor();
    const papers = page.getByRole('region', { name: 'I nämndens handlingar' });
    await papers.getByRole('link', { name: /punkt 4: .*Medfinansiering av Smart tillväxt 2021 - 2023$/ }).waitFor();

    const doc = page.getByRole('form', { name: 'Lägg till ägaranvisning eller avtal' });
    await doc.getByLabel('Rubrik').fill('Ägaranvisning för Almi 2021');
    await doc.getByLabel('Gäller från').fill('2021-01-01');
    await doc.getByRole('button', { name: 'Lägg till handlingen' }).click();
    await expect.poll(() => doc.getByRole('alert').textContent()).toBe('Ladda upp handlingen som PDF eller ange en hänvisning till den (diarienummer, beslut).');
    await doc.getByLabel('Hänvisning').fill('Regionstyrelsen 2020-12-08 § 250');
    await doc.getByRole('button', { name: 'Lägg till handlingen' }).click();
    const docs = page.getByRole('table', { name: 'Ägaranvisningar och avtal' });
    await docs.getByRole('row').filter({ hasText: 'Ägaranvisning för Almi 2021' }).waitFor();
    expect(await docs.getByRole('row').filter({ hasText: 'Ägaranvisning för Almi 2021' }).textContent()).toContain('2021-01-01 – tills vidare');

    const rep = page.getByRole('form', { name: 'Registrera rapport som väntas eller har kommit' });
    await rep.getByLabel('År', { exact: true }).fill('2020');
    await rep.getByLabel('Sista dag').fill('2021-04-30');
    await rep.getByLabel('Inkom den').fill('2021-04-20');
    await rep.getByRole('button', { name: 'Spara rapporten' }).click();
    await page.getByRole('table', { name: 'Rapporter per år' }).getByRole('row').filter({ hasText: 'Inkommen' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});
