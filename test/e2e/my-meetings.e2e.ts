/**
 * Mina sammanträden in real Chromium (issue 14.7): a member reads the sent
 * kallelse, sees what changed since, keeps a private note, reports förhinder;
 * the secretary sees it with the substitute to call in. Tablet-sized, axe-clean.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, signInNewUser, useBrowserTest } from '../helpers/browser.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as documents from '../../src/documents/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import { addDays, todayInStockholm } from '../../src/kernel/dates.ts';

const t = useBrowserTest();

describe('mina sammanträden', () => {
  it('a member reads the kallelse, sees a change, writes a note and reports förhinder; the secretary sees whom to call in', async () => {
    const db = t.server.db;
    const body = (await meetings.listBodies(db))[0]!;
    const seats = (await meetings.getBody(db, body.id)).memberships;
    const member = seats.find((m) => m.kind === 'member' && m.party && seats.some((s) => s.kind === 'substitute' && s.party === m.party))!;
    const substitute = seats.filter((s) => s.kind === 'substitute' && s.party === member.party).sort((a, b) => a.order - b.order)[0]!;
    let date = addDays(todayInStockholm(), 40);
    while ([0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay())) date = addDays(date, 1);
    const m = await meetings.createMeeting(db, SYSTEM, { bodyId: body.id, date, startTime: '13:00', place: 'Sessionssalen' });
    await db.tx((trx) => meetings.addAgendaItem(trx, SYSTEM, m.id, { title: 'Uppföljning av den regionala utvecklingsstrategin', kind: 'decision' }));
    const cfg = documents.configFromEnv();
    const send = async () => {
      const built = await documents.buildBook(db, SYSTEM, cfg, m.id);
      await documents.markBookSent(db, SYSTEM, m.id, built.version.version);
    };
    await send();

    const context = await t.browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true, locale: 'en-US' });
    context.setDefaultTimeout(60_000);
    const page = await signInNewUser(t, { username: 'e2e.ledamot2', displayName: 'E2E Ledamot', password: 'ett långt lösenord för e2e', roles: ['member'], personId: member.personId }, await context.newPage());
    await page.getByRole('link', { name: 'Mina sammanträden' }).click();
    const card = page.getByRole('region', { name: new RegExp(`^${body.name}, `) });
    await card.waitFor();
    const [pdf] = await Promise.all([context.waitForEvent('page'), card.getByRole('link', { name: /^Läs kallelsen \(version 1, PDF\)/ }).click()]);
    await pdf.close();
    await card.getByText('inte läst ännu').waitFor({ state: 'detached' });

    // the secretary adds an item and sends again: the member is told what changed
    await db.tx((trx) => meetings.addAgendaItem(trx, SYSTEM, m.id, { title: 'Information om kompetensplattformen', kind: 'information' }));
    await send();
    await page.reload();
    await card.getByText(/Kallelsen har ändrats sedan du läste den/).waitFor();
    await card.getByText('Ny punkt 2: Information om kompetensplattformen').waitFor();

    await card.getByRole('button', { name: 'Mina anteckningar' }).click();
    await card.getByLabel('Min anteckning, punkt 1: Uppföljning av den regionala utvecklingsstrategin').fill('Fråga om målen för 2027.');
    await card.getByRole('button', { name: 'Spara anteckningen' }).first().click();
    await card.getByRole('status').filter({ hasText: 'Anteckningen är sparad.' }).waitFor();

    await card.getByLabel('Orsak (frivilligt)').fill('Tjänsteresa');
    await card.getByRole('button', { name: 'Anmäl förhinder' }).click();
    await card.getByText(/Du har anmält förhinder .* \(Tjänsteresa\)/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await context.close();

    const clerk = await signInNewUser(t, { username: 'e2e.sekr.mina', displayName: 'E2E Sekreterare', password: 'ett långt lösenord för e2e', roles: ['secretary'] });
    await clerk.goto(`${t.server.url}/sammantraden/${m.id}`);
    const table = clerk.getByRole('table', { name: 'Förhinder och ersättare att kalla in' });
    await table.waitFor();
    const row = (await table.getByRole('row').nth(1).textContent()) ?? '';
    expect(row).toContain(member.name);
    expect(row).toContain('Tjänsteresa');
    expect(row).toContain(`${substitute.name} (${member.party}), samma parti`);
    // the member's note is theirs alone
    expect(await clerk.getByText('Fråga om målen för 2027.').count()).toBe(0);
  }, 180_000);
});
