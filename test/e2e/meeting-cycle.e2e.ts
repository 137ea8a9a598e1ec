/**
 * The whole preparation of a meeting in real Chromium (issue 14), as the
 * secretary, a handläggare and a member, from a year with no meetings: the
 * calendar with a holiday warning, the agenda from a registered case, the
 * memo with a placeholder refused, underlag uploaded, the book built, the
 * kallelse sent (read back from the SMTP server the test starts), the
 * member's note and förhinder, and an item changed after sending that calls
 * for a reissue.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInNewUser, startBrowserTest, type BrowserTest } from '../helpers/browser.ts';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as sending from '../../src/meetings/sendingService.ts';
import * as diarium from '../../src/diarium/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import { addDays, publicHolidays, weekday } from '../../src/kernel/index.ts';

let t: BrowserTest;
let smtp: TestSmtp;
const previousSmtpUrl = process.env.SMTP_URL;

beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
  t = await startBrowserTest();
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
  if (previousSmtpUrl === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = previousSmtpUrl;
});

async function pdf(title: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText(title, { x: 60, y: 760, size: 14, font });
  return Buffer.from(await doc.save());
}

describe('ett sammanträde förbereds från början till slut', () => {
  it('calendar, agenda, memo, underlag, book, kallelse sent, a member\'s note and förhinder, and a reissue', async () => {
    const db = t.server.db;
    const body = await meetings.getBody(db, (await meetings.listBodies(db))[0]!.id);
    const year = new Date().getFullYear() + 2; // a year the demo holds no meetings in
    const holiday = [...publicHolidays(year)].find(([, name]) => name === 'Kristi himmelsfärdsdag')![0];
    let date = `${year}-03-01`;
    while (weekday(date) !== 'onsdag') date = addDays(date, 1);
    const theCase = await diarium.registerCase(db, SYSTEM, { title: 'Medfinansiering av projektet Hållbar besöksnäring', officer: 'Hanna Handläggare' });

    // 1. the secretary plans the year from the body's decision; the holiday must be confirmed
    const clerk = await signInNewUser(t, { username: 'e2e.cykel.sekr', displayName: 'E2E Sekreterare', password: 'ett långt lösenord för e2e', roles: ['secretary'] });
    await clerk.goto(`${t.server.url}/namnder/${body.id}/kalender`);
    await clerk.getByLabel('År').selectOption(String(year));
    await clerk.getByText(`Inga sammanträden är planerade ${year}.`).waitFor();
    const list = clerk.getByRole('form', { name: 'Lägg till datum ur nämndens beslut' });
    await list.getByLabel('Datum').fill(`${date}\n${holiday}`);
    await list.getByLabel('Starttid').fill('09:00');
    await list.getByLabel('Plats').fill('Regionens hus');
    await list.getByRole('button', { name: 'Lägg till datumen' }).click();
    const warning = list.getByRole('alert').filter({ hasText: 'Kristi himmelsfärdsdag' });
    await warning.waitFor();
    await warning.getByRole('button', { name: 'Spara ändå' }).click();
    await list.getByRole('table', { name: 'Tillagda sammanträden' }).waitFor();
    const meetingId = (await meetings.listMeetings(db, { bodyId: body.id, from: date, to: date }))[0]!.id;

    // 2. the agenda from the registered case
    await clerk.goto(`${t.server.url}/sammantraden/${meetingId}`);
    await clerk.getByRole('heading', { name: 'Bygg föredragningslistan' }).waitFor();
    await clerk.getByLabel('Sök ärende').fill(theCase.caseNumber);
    await clerk.getByRole('button', { name: 'Sök i diariet' }).click();
    await clerk.getByRole('button', { name: `Lägg till ${theCase.caseNumber} ${theCase.title}` }).click();
    const agenda = clerk.getByRole('list', { name: 'Punkterna i ordning' });
    await agenda.getByText('Föredragande: Hanna Handläggare').waitFor();
    const itemId = (await meetings.getMeeting(db, meetingId)).items[0]!.id;

    // 3. the handläggare writes the memo: a placeholder is refused naming the field; underlag uploaded
    const officer = await signInNewUser(t, { username: 'e2e.cykel.hl', displayName: 'Hanna Handläggare', password: 'ett långt lösenord för e2e', roles: ['case-officer'] });
    await officer.goto(`${t.server.url}/sammantraden/${meetingId}/punkter/${itemId}`);
    await officer.getByRole('heading', { name: 'Föredragnings-PM' }).waitFor();
    await officer.getByLabel('Ärendebeskrivning').fill('Regionen har tagit emot en ansökan om medfinansiering.');
    await officer.getByLabel('Konsekvenser för barn').fill('[fyll i]');
    await officer.getByRole('button', { name: 'Spara utkast' }).click();
    await officer.getByRole('alert').filter({ hasText: 'Konsekvenser för barn' }).waitFor();
    await officer.getByLabel('Konsekvenser för barn').fill('Beslutet bedöms inte påverka barn.');
    await officer.getByRole('button', { name: 'Spara utkast' }).click();
    await officer.getByRole('status').filter({ hasText: 'Utkastet är sparat.' }).waitFor();
    await officer.getByLabel('Välj filer att ladda upp').setInputFiles({ name: 'Projektplan.pdf', mimeType: 'application/pdf', buffer: await pdf('Projektplan') });
    await officer.getByRole('status').filter({ hasText: '1 av 1 filer uppladdade.' }).waitFor();

    // 4. the secretary builds the book and sends the kallelse; the messages are read back
    const people = (await sending.listDispatches(db, SYSTEM, meetingId)).withoutAddress;
    const member = body.memberships.find((m) => m.kind === 'member' && m.party && body.memberships.some((s) => s.kind === 'substitute' && s.party === m.party))!;
    for (const p of people) await sending.setPersonEmail(db, SYSTEM, p.personId, { email: `person${p.personId}@example.se`, version: p.version });
    await clerk.reload();
    await clerk.getByRole('button', { name: 'Bygg kallelseboken' }).click();
    await clerk.getByRole('link', { name: /^version 1 \(\d+ sidor\)$/ }).waitFor();
    const panel = clerk.getByRole('region', { name: 'Utskick av kallelsen' });
    await panel.getByRole('button', { name: 'Skicka kallelsen' }).click();
    await panel.getByRole('status').getByText(`Version 1 av kallelsen skickades till ${people.length} mottagare.`, { exact: false }).waitFor();
    expect(smtp.messages.length).toBe(people.length);
    const mine = smtp.messages.find((m) => m.to.includes(`person${member.personId}@example.se`))!;
    expect(mine.text).toContain(theCase.title);

    // 5. the member reads it, writes a note and reports förhinder
    const reader = await signInNewUser(t, { username: 'e2e.cykel.led', displayName: member.name, password: 'ett långt lösenord för e2e', roles: ['member'], personId: member.personId });
    await reader.goto(`${t.server.url}/mina-sammantraden`);
    const card = reader.getByRole('region', { name: new RegExp(`^${body.name}, `) }).first();
    await card.getByRole('link', { name: /^Läs kallelsen \(version 1, PDF\)/ }).waitFor();
    await card.getByRole('button', { name: 'Mina anteckningar' }).click();
    await card.getByLabel(`Min anteckning, punkt 1: ${theCase.title}`).fill('Fråga om medfinansieringens andel.');
    await card.getByRole('button', { name: 'Spara anteckningen' }).click();
    await card.getByRole('status').filter({ hasText: 'Anteckningen är sparad.' }).waitFor();
    await card.getByRole('button', { name: 'Anmäl förhinder' }).click();
    await card.getByText(/Du har anmält förhinder/).waitFor();

    // 6. the secretary sees the förhinder, changes the item after sending, and is told to reissue
    await clerk.reload();
    const absences = clerk.getByRole('table', { name: 'Förhinder och ersättare att kalla in' });
    await absences.getByRole('rowheader', { name: new RegExp(member.name) }).waitFor();
    await clerk.getByRole('button', { name: `Ändra punkt 1 ${theCase.title}` }).click();
    const edit = clerk.getByRole('form', { name: 'Ändra punkt 1' });
    await edit.getByLabel('Rubrik').fill(`${theCase.title} (reviderad)`);
    await edit.getByRole('button', { name: 'Spara punkten' }).click();
    await agenda.getByText(`${theCase.title} (reviderad)`).waitFor();
    await clerk.reload();
    await clerk.getByText(/en ny version behöver skickas ut/).waitFor();
  }, 300_000);
});
