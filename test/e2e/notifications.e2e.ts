/**
 * Anmälningsärenden in the agenda builder, in real Chromium (issue 21.4): the
 * secretary adds the item, opens Anmäl ärenden, lists a registered case by dnr
 * and a delegated decision from the register, and sees them as the item's
 * sub-items; the decision is then tied to the item and no longer offered.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, signInNewUser, useBrowserTest } from '../helpers/browser.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as diarium from '../../src/diarium/service.ts';
import * as delegation from '../../src/delegation/service.ts';
import { SYSTEM } from '../../src/access/model.ts';

const t = useBrowserTest();

describe('anmälningsärenden', () => {
  it('lists a case and a delegated decision under the item', async () => {
    const db = t.server.db;
    const bodyId = (await meetings.listMeetings(db))[0]!.bodyId;
    const meeting = await meetings.createMeeting(db, SYSTEM, { bodyId, date: '2031-04-16', startTime: '09:00', place: 'Länsgården' });
    const reported = await diarium.registerCase(db, SYSTEM, { title: 'Uppföljning av internkontrollplan 2030', officer: 'Petter Arneback' });
    const project = await diarium.registerCase(db, SYSTEM, { title: 'Medfinansiering av Cykelområde Kottaberget' });
    await delegation.setPoint(db, SYSTEM, bodyId, { number: '9.9', title: 'Regionala utvecklingsstöd i e2e', delegate: 'förvaltningschef', maxAmountOre: null, decisionTypes: [] });
    const d = await delegation.registerDecision(db, SYSTEM, bodyId, { pointNumber: '9.9', decider: 'förvaltningschef', decidedOn: '2031-04-01', caseNumbers: [project.caseNumber], text: 'Medfinansiering av Cykelområde Kottaberget' });

    const page = await signInNewUser(t, { username: 'e2e.anmalan', displayName: 'E2E Sekreterare', password: 'ett långt lösenord för e2e', roles: ['secretary'] });
    await page.goto(`${t.server.url}/sammantraden/${meeting.id}`);
    await page.getByRole('heading', { name: 'Bygg föredragningslistan' }).waitFor();
    await page.getByLabel('Slags punkt').selectOption('notifications');
    await page.getByRole('button', { name: 'Lägg till punkten' }).click();
    const list = page.getByRole('list', { name: 'Punkterna i ordning' });
    await list.getByText('Anmälningsärenden').waitFor();

    await page.getByRole('button', { name: 'Anmäl ärenden och delegationsbeslut under punkt 1 Anmälningsärenden' }).click();
    const form = page.getByRole('form', { name: 'Anmäl under punkt 1' });
    await form.getByLabel('Ärenden ur diariet').fill(reported.caseNumber);
    await form.getByRole('checkbox', { name: /Medfinansiering av Cykelområde Kottaberget/ }).check();
    expect(await axeViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Anmäl', exact: true }).click();

    const subs = page.getByRole('list', { name: 'Underpunkter till punkt 1' });
    await subs.getByText('Uppföljning av internkontrollplan 2030').waitFor();
    await subs.getByText(/Beslut av förvaltningschef\. Regionala utvecklingsstöd i e2e enligt punkt 9\.9 i delegationsordningen/).waitFor();
    expect(await subs.getByRole('listitem').count()).toBe(2);
    const reg = await delegation.register(db, bodyId);
    const item = (await meetings.getMeeting(db, meeting.id)).items[0]!;
    expect(reg.find((x) => x.id === d.id)!.reportItemId).toBe(item.id);
    expect(item.subItems.map((s) => s.caseNumber)).toEqual([reported.caseNumber, project.caseNumber]);
  });
});
