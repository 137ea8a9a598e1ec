/** Diarium in real Chromium (issue 14.3): a case registered under its existing number, edited, closed and linked to its continuation. */
import { describe, expect, it } from 'vitest';
import { signInNewUser, useBrowserTest } from '../helpers/browser.ts';
import { getCase } from '../../src/diarium/service.ts';

const t = useBrowserTest();

describe('diariet i webbläsaren', () => {
  it('registers a case with its existing number, edits it, closes it and links a continuation', async () => {
    const page = await signInNewUser(t, { username: 'e2e.dia', displayName: 'E2E Handläggare', password: 'ett långt lösenord för e2e', roles: ['case-officer'] });
    await page.goto(`${t.server.url}/arenden`);
    await page.getByLabel(/^Ärendemening/).fill('Medfinansiering av Provprojektet');
    await page.getByLabel('Befintligt diarienummer').fill('18RS321');
    await page.getByLabel('Handläggare').fill('Anna Handläggare');
    await page.getByLabel('Registreringsdatum').fill('2018-03-01');
    await page.getByRole('button', { name: 'Registrera ärende' }).click();
    await page.getByRole('link', { name: '18RS321' }).first().click();
    await page.getByRole('heading', { name: /Medfinansiering av Provprojektet/, level: 1 }).waitFor();

    await page.getByLabel('Ärendemening').fill('Medfinansiering av Provprojektet 2018–2020');
    await page.getByLabel('Status').selectOption('closed');
    await page.getByLabel('Avslutat den').fill('2020-12-31');
    await page.getByRole('button', { name: 'Spara ärendet' }).click();
    await page.getByRole('status').filter({ hasText: 'Ärendet är sparat.' }).waitFor();
    await page.getByRole('definition').filter({ hasText: 'Avslutat 2020-12-31' }).waitFor();
    const saved = await getCase(t.server.db, '18RS321');
    expect(saved).toMatchObject({ title: 'Medfinansiering av Provprojektet 2018–2020', status: 'closed', closedOn: '2020-12-31', officer: 'Anna Handläggare' });

    // a number not in the diarium is refused in Swedish
    await page.getByLabel('Diarienummer att länka').fill('18RS999999');
    await page.getByRole('button', { name: 'Länka' }).click();
    await page.getByRole('alert').filter({ hasText: 'finns inte' }).waitFor();

    const other = (await t.server.db.kysely.selectFrom('diarium_case').select('case_number').where('case_number', '<>', '18RS321').limit(1).executeTakeFirstOrThrow()).case_number;
    await page.getByLabel('Diarienummer att länka').fill(other);
    await page.getByLabel('Ärendet är').selectOption('related');
    await page.getByRole('button', { name: 'Länka' }).click();
    await page.getByRole('button', { name: `Ta bort länken till ${other}` }).waitFor();
    await page.goto(`${t.server.url}/arenden/${other}`);
    await page.getByText('Relaterat ärende:').waitFor();
  }, 120_000);
});
