/**
 * The decision path in real Chromium (issue 16, item 1): a secretary puts an
 * application on a coming meeting's agenda from its page; "Bekräfta
 * beslutet" is refused in Swedish while there are no minutes, and the
 * decision "med ändring" (a lower cap) is refused while the minutes are only
 * numbered, then recorded once they are adjusted; the applicant then
 * withdraws it (återkallad) before any payout. A second application is
 * rejected under delegation with its reasons. axe-core finds no WCAG 2.1 AA
 * violations.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations as axe, startBrowserTest, type BrowserTest, signInThroughForm } from '../helpers/browser.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import * as delegation from '../../src/delegation/service.ts';
import * as cofinancing from '../../src/funding/cofinancingService.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { sql as m038 } from '../../src/db/migrations/038_funding_decisions.ts';
import { kr } from '../../src/funding/fixtures.ts';
import { todayInStockholm } from '../../src/kernel/dates.ts';

const PASSWORD = 'ett långt lösenord för besluten';
const nb = (s: string) => s.replace(/(\d) (?=\d{3}(?!\d))/g, '$1\u00a0').replace(/(\d) (kr|kronor)\b/g, '$1\u00a0$2');

let t: BrowserTest;
let appId: number;
let otherId: number;
let meetingId: number;
let meetingDate: string;
let bodyId: number;
const pageErrors: string[] = [];

const application = (projectName: string): cofinancing.ApplicationInput => {
  const sums = (perYear: number[], total: number) => ({ perYear: perYear.map(kr), total: kr(total) });
  return {
    applicant: { name: 'Bergslagens Innovation AB', orgNumber: '556677-1233' },
    projectName,
    period: { start: '2027-01-01', end: '2028-06-30' },
    priorityArea: 'Innovationskraft och specialisering',
    priorityRank: '2b',
    fundingSource: 'regional',
    requestedOre: kr(200_000),
    rateBp: 4500,
    budget: {
      years: [2027, 2028],
      costs: [{ category: 'staff', label: 'Egen personal', values: [kr(300_000), kr(200_000)], statedTotalOre: kr(500_000) }],
      costSums: sums([300_000, 200_000], 500_000),
      financing: [
        { kind: 'public', label: 'Region Örebro län', values: [kr(120_000), kr(80_000)], statedTotalOre: kr(200_000) },
        { kind: 'public', label: 'Örebro kommun', values: [kr(180_000), kr(120_000)], statedTotalOre: kr(300_000) },
      ],
      financingSums: sums([300_000, 200_000], 500_000),
    },
  };
};

beforeAll(async () => {
  t = await startBrowserTest();
  const db = t.server.db;
  // Migration 038 until it is registered in migrations/index.ts.
  if (!migrations.some((m) => m.id === 38)) await sql.raw(m038).execute(db.kysely);
  await createUser(db, SYSTEM, { username: 'sara.sekreterare', displayName: 'Sara Sekreterare', password: PASSWORD, roles: ['secretary'], personId: null });
  bodyId = (await meetings.listBodies(db))[0]!.id;
  await delegation.setPoint(db, SYSTEM, bodyId, { number: '3.2', title: 'Regionala utvecklingsstöd', delegate: 'förvaltningschef Regional utveckling', maxAmountOre: kr(1_000_000), decisionTypes: [] });
  meetingDate = todayInStockholm(); // a coming meeting for the agenda list (from today), whose minutes may be adjusted today
  meetingId = (await meetings.createMeeting(db, SYSTEM, { bodyId, date: meetingDate, startTime: '09:00', place: 'Beslutsrummet' })).id;
  appId = (await cofinancing.createApplication(db, SYSTEM, application('Testbädd för beslut'))).id;
  otherId = (await cofinancing.createApplication(db, SYSTEM, application('Projekt som avslås'))).id;
});

afterAll(async () => {
  await t?.close();
});

async function signedIn(): Promise<Page> {
  const page = await t.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return signInThroughForm(page, t.server.url, { username: 'sara.sekreterare', password: PASSWORD, displayName: 'Sara Sekreterare' });
}

const status = (page: Page) => page.locator('dl.facts div').filter({ hasText: 'Status' }).locator('dd');

describe('Beslut om medfinansiering i webbläsaren', () => {
  it('sätter upp ärendet, bekräftar först från det justerade protokollet med lägre tak, och sökanden återkallar', async () => {
    const db = t.server.db;
    const page = await signedIn();
    await page.goto(`${t.server.url}/medfinansiering/${appId}`);
    await page.getByRole('heading', { level: 1, name: /Testbädd för beslut$/ }).waitFor();
    const agenda = page.getByRole('form', { name: 'Till nämnden' });
    await agenda.getByLabel('Sammanträde').selectOption(String(meetingId));
    await agenda.getByRole('button', { name: 'Sätt upp på föredragningslistan' }).click();
    await page.getByRole('button', { name: 'Bekräfta beslutet' }).waitFor();
    expect(await status(page).textContent()).toBe('Föreslagen till nämnden');
    expect((await meetings.getMeeting(db, meetingId)).items.map((i) => [i.kind, i.title])).toEqual([['decision', 'Medfinansiering av Testbädd för beslut']]);

    // no minutes yet
    await page.getByRole('button', { name: 'Bekräfta beslutet' }).click();
    const plainAlert = page.getByRole('group', { name: 'Nämndens beslut enligt förslaget' }).getByRole('alert');
    await plainAlert.waitFor();
    expect(await plainAlert.textContent()).toBe('Sammanträdet har inget protokoll ännu; nämndens beslut kan inte bekräftas.');

    // the body decided "med ändring": at most 150 000 kr; the minutes are numbered, not adjusted
    const body = await meetings.getBody(db, bodyId);
    const members = body.memberships.filter((m) => m.kind === 'member');
    await minutes.openMinutes(db, SYSTEM, meetingId);
    await minutes.setAttendance(db, SYSTEM, meetingId, { attendance: members.map((m) => ({ personId: m.personId, present: true })) });
    await minutes.recordDecision(db, SYSTEM, meetingId, 1, { outcome: 'amended', clauses: ['att bevilja 45 procent av projektets bokförda kostnader, dock högst 150 000 kronor'] });
    await minutes.numberMinutes(db, SYSTEM, meetingId);
    const amended = page.getByRole('form', { name: 'Nämndens beslut med ändring' });
    await amended.getByLabel('Beslutat tak (kr)').fill('150 000');
    await amended.getByRole('button', { name: 'Registrera beslut' }).click();
    const alert = amended.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(`Protokollet från ${meetingDate} är numrerat men inte justerat; nämndens beslut kan bekräftas först när protokollet är justerat.`);
    expect(await axe(page)).toEqual([]);

    const chair = members[0]!.personId;
    await minutes.setAdjusters(db, SYSTEM, meetingId, { personIds: [chair] });
    await minutes.signMinutes(db, { id: 'ordf', roles: ['adjuster'], personId: chair, authenticatedAt: new Date() }, meetingId, chair);
    await amended.getByRole('button', { name: 'Registrera beslut' }).click();
    await page.getByText('Beviljat (med ändring)').waitFor();
    expect(await status(page).textContent()).toBe('Beviljad');
    const row = page.getByRole('table', { name: 'Beslut, äldst först' }).getByRole('row', { name: /Beviljande/ });
    expect(await row.textContent()).toContain(nb('150 000 kr'));
    expect(await row.textContent()).toContain(meetingDate);

    const withdraw = page.getByRole('form', { name: 'Återkallad av sökanden' });
    await withdraw.getByRole('button', { name: 'Återkalla' }).click();
    expect(await withdraw.getByRole('alert').textContent()).toBe('Ange dagen då sökanden återkallade ansökan (ÅÅÅÅ-MM-DD).');
    await withdraw.getByLabel('Återkallad den').fill(todayInStockholm());
    await withdraw.getByLabel('Skäl till återkallelsen').fill('Projektet har fått finansiering från annat håll.');
    await withdraw.getByRole('button', { name: 'Återkalla' }).click();
    await page.getByText(`Återkallad av sökanden den ${todayInStockholm()}. Skäl: Projektet har fått finansiering från annat håll.`).waitFor();
    expect(await status(page).textContent()).toBe('Återkallad av sökanden');
    expect(await page.getByRole('button', { name: 'Bekräfta beslutet' }).count()).toBe(0);
    expect(await axe(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('avslår en ansökan på delegation med skäl', async () => {
    const page = await signedIn();
    await page.goto(`${t.server.url}/medfinansiering/${otherId}`);
    await page.getByRole('heading', { level: 1, name: /Projekt som avslås$/ }).waitFor();
    const form = page.getByRole('form', { name: 'Avslag' });
    await form.getByLabel('Nämnd (delegationsordning)').selectOption(String(bodyId));
    await form.getByLabel('Beslutsdatum för avslaget').fill(todayInStockholm());
    await form.getByRole('button', { name: 'Avslå' }).click();
    expect(await form.getByRole('alert').textContent()).toBe('Ange skälen för avslaget.');
    await form.getByLabel('Skäl för avslaget').fill('Projektet ryms inte i inriktningsbeslutets prioriteringar.');
    await form.getByRole('button', { name: 'Avslå' }).click();
    await page.getByText(`Avslagen den ${todayInStockholm()}. Skäl: Projektet ryms inte i inriktningsbeslutets prioriteringar.`).waitFor();
    expect(await status(page).textContent()).toBe('Avslagen');
    expect(pageErrors).toEqual([]);
  });
});
