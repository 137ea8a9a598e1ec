/**
 * A remiss from registration to sent answer in real Chromium (issue 21.1):
 * registered through the form (a refusal first, in role=alert), its answer put
 * on the agenda of 2020-08-24, the body's decision recorded, the Svar på
 * remiss shown and its sending recorded; the register and its filters, with
 * the seed's demo remisser.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, signInNewUser, useBrowserTest } from '../helpers/browser.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import { loadRemissDemo } from '../../src/remiss/demo.ts';

const t = useBrowserTest();

describe('remisser', () => {
  it('registers an incoming remiss, puts its answer on the agenda, and records the answer sent', async () => {
    const db = t.server.db;
    await loadRemissDemo(db);
    const page = await signInNewUser(t, { username: 'e2e.remiss', displayName: 'E2E Sekreterare', password: 'ett långt lösenord för e2e', roles: ['secretary'] });

    await page.goto(`${t.server.url}/remisser`);
    await page.getByRole('heading', { name: 'Remisser', level: 1 }).waitFor();
    const register = page.getByRole('table', { name: 'Remisser' });
    await register.getByRole('link', { name: 'Program för smart specialisering Region Jämtland Härjedalen' }).waitFor();
    expect(await register.getByRole('row').filter({ hasText: 'Handlingsplan för social välfärd 2019-2022' }).textContent()).toContain('12 mottagare, 1 har svarat');

    // registration: a reply day before the arrival is refused in Swedish, then corrected
    await page.getByRole('button', { name: 'Registrera inkommande remiss' }).click();
    const form = page.getByRole('region', { name: 'Registrera inkommande remiss' });
    await form.getByLabel('Rubrik').fill('Regional transportplan 2022–2033');
    await form.getByLabel('Avsändare', { exact: true }).fill('Region Värmland');
    await form.getByLabel('Avsändarens diarienummer').fill('RV/2021/123');
    await form.getByLabel('Frågan').fill('Synpunkter på förslaget till plan.');
    await form.getByLabel('Ankom').fill('2020-06-01');
    await form.getByLabel('Sista svarsdag').fill('2020-05-30');
    await form.getByLabel('Bereds av').fill('Anna Handläggare');
    await form.getByRole('button', { name: 'Registrera remissen' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('Remissen kan inte ha kommit in 2020-06-01, efter sista svarsdag 2020-05-30.');
    await form.getByLabel('Sista svarsdag').fill('2020-09-30');
    await form.getByRole('button', { name: 'Registrera remissen' }).click();
    await page.waitForURL(/\/remisser\/\d+$/);
    await page.getByRole('heading', { name: 'Regional transportplan 2022–2033', level: 1 }).waitFor();
    expect(await page.getByText('Registrerad', { exact: true }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    // the answer on the agenda of 2020-08-24, as a new decision item
    const placing = page.getByRole('form', { name: 'Sätt svaret på en föredragningslista' });
    await placing.getByLabel('Sammanträde').selectOption({ label: 'Regional tillväxtnämnd 2020-08-24' });
    await placing.getByLabel('Punkt', { exact: true }).waitFor();
    await placing.getByRole('button', { name: 'Sätt på föredragningslistan' }).click();
    const link = page.getByRole('link', { name: /^punkt \d+ på Regional tillväxtnämnd 2020-08-24$/ });
    await link.waitFor();
    const itemNumber = Number(/punkt (\d+)/.exec((await link.textContent())!)![1]);

    // the body decides in that item (the protokoll's own use cases)
    const aug = (await meetings.findMeetingId(db, 'Regional tillväxtnämnd', '2020-08-24'))!;
    const item = (await meetings.getMeeting(db, aug)).items.find((i) => i.number === itemNumber)!;
    expect(item).toMatchObject({ title: 'Svar på remiss – Regional transportplan 2022–2033', kind: 'decision' });
    const body = await meetings.getBody(db, (await meetings.getMeeting(db, aug)).bodyId);
    await minutes.openMinutes(db, SYSTEM, aug);
    await minutes.setAttendance(db, SYSTEM, aug, { attendance: body.memberships.filter((m) => m.kind === 'member').map((m) => ({ personId: m.personId, present: true })) });
    await minutes.recordDecision(db, SYSTEM, aug, itemNumber, { outcome: 'according-to-proposal' });

    await page.reload();
    await page.getByRole('heading', { name: 'Svaret som beslutet ger det' }).waitFor();
    const doc = (await page.locator('pre.answer-document').textContent()) ?? '';
    expect(doc).toContain('Till: Region Värmland');
    expect(doc).toContain('Er beteckning: RV/2021/123');
    expect(doc).toContain('Regional tillväxtnämnd beslutade 2020-08-24');
    expect(doc).toContain('att redovisat förslag till svar godkänns som Region Örebro läns svar till Region Värmland.');

    // sending: before the meeting is refused; then recorded
    const sending = page.getByRole('form', { name: 'Registrera att svaret skickats' });
    expect(await sending.getByLabel('Skickat till').inputValue()).toBe('Region Värmland');
    await sending.getByLabel('Skickat den').fill('2020-08-20');
    await sending.getByRole('button', { name: 'Registrera skickat svar' }).click();
    await expect.poll(() => sending.getByRole('alert').textContent()).toBe('Svaret kan inte ha skickats 2020-08-20, före sammanträdet 2020-08-24 där det beslutades.');
    await sending.getByLabel('Skickat den').fill('2020-08-26');
    await sending.getByRole('button', { name: 'Registrera skickat svar' }).click();
    await page.getByText('Svaret skickades 2020-08-26 till Region Värmland.').waitFor();
    await page.getByRole('heading', { name: 'Svaret som det skickades' }).waitFor();
    expect(await page.getByText('Besvarad', { exact: true }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    // the register: the answered remiss is no longer open work
    await page.getByRole('link', { name: '← Remisser' }).click();
    await register.getByRole('link', { name: 'Regional transportplan 2022–2033' }).waitFor();
    await page.getByLabel('Visa', { exact: true }).selectOption({ label: 'Inkommande' });
    await page.getByLabel('Bara pågående').check();
    await expect.poll(() => register.getByRole('link').allTextContents()).toEqual(['Program för smart specialisering Region Jämtland Härjedalen']);
    expect(await axeViolations(page)).toEqual([]);
  }, 120_000);
});
