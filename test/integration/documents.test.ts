import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import { readPdf } from '../helpers/pdf.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as documents from '../../src/documents/service.ts';
import type { MeetingDetail } from '../../src/http/contract.ts';
import type { AttachmentView, BookDiffView, BookJobView, BookStatus, MemoView } from '../../src/documents/types.ts';

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
const secretary = { id: 'sekreterare', roles: ['secretary'] as const };
const filesDir = mkdtempSync(path.join(tmpdir(), 'styrbord-filer-'));
const scratch = mkdtempSync(path.join(tmpdir(), 'styrbord-test-'));
process.env.FILES_DIR = filesDir;
process.env.FILE_LIMIT_MB = '1';

/** A real PDF of several pages of text, as an official would upload. */
async function pdfOf(title: string, pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(`${title} - sida ${i} av ${pages}`, { x: 60, y: 760, size: 14, font });
    for (let l = 0; l < 30; l++) page.drawText(`Rad ${l + 1} i bilagan om projektet.`, { x: 60, y: 720 - l * 18, size: 10, font });
  }
  return Buffer.from(await doc.save());
}

function form(fields: Record<string, string>, file?: { name: string; bytes: Buffer; type?: string }) {
  const boundary = `----styrbord${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/pdf'}\r\n\r\n`));
    parts.push(file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const memoBody = {
  unit: 'Projektstöd',
  officer: 'Lena Kihl',
  summary: 'Almi Företagspartner Mälardalen AB ansöker om 13 procent av projektets bokförda kostnader, dock högst 1 912 400 kronor för projekt Smart tillväxt 2021 – 2023.',
  description: 'Sedan 2018 har Almi, inom projekt Smart tillväxt, jobbat med hållbar tillväxt i små och medelstora företag i Östra Mellansverige.',
  assessment: 'Projektet genomförs enligt den regionala utvecklingsstrategins prioriterade område Näringsliv och entreprenörskap.',
  consequences: 'Med hållbar tillväxt menas att fler företag ska hitta affärsmässiga fördelar med miljö, jämställdhet och integration.',
  economy: 'Finansiering sker från det statliga anslaget för regionala tillväxtåtgärder.',
  decisionBasis: ['FöredragningsPM till regional tillväxtnämnd 2020-08-24.', 'Projektbeskrivning 2020-06-15.'],
  signatory: { name: 'Petter Arneback', title: 'Förvaltningschef' },
  sendTo: ['Almi Företagspartner Mälardalen AB', 'Regional utveckling, Lena Kihl'],
};

afterAll(dropTestSchemas);

describe.each(testDatabases)('attachments, memos and the kallelse book on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let feb: MeetingDetail;
  let aug: MeetingDetail;
  let clerk: Client;
  let member: Client;
  const augItem = (n: number) => aug.items.find((i) => i.number === n)!;

  const counts = async () => ({
    attachments: Number((await db.kysely.selectFrom('attachment').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    files: Number((await db.kysely.selectFrom('stored_file').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    audit: Number((await db.kysely.selectFrom('audit_log').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  });
  const upload = (itemId: number, file: { name: string; bytes: Buffer; type?: string }, fields: Record<string, string> = {}, who: Client | null = clerk) =>
    uploadForm(itemId, form(fields, file), who);
  const uploadForm = (itemId: number, f: ReturnType<typeof form>, who: Client | null = clerk) =>
    app.inject({ method: 'POST', url: `/api/agenda-items/${itemId}/attachments`, payload: f.payload, headers: { ...f.headers, ...(who?.headers ?? {}) } });

  async function buildViaJob(meetingId: number): Promise<BookJobView> {
    const start = await app.inject({ method: 'POST', url: `/api/meetings/${meetingId}/kallelse`, headers: clerk.headers });
    expect(start.statusCode).toBe(202);
    const job = start.json() as BookJobView;
    expect(start.headers.location).toBe(`/api/meetings/${meetingId}/kallelse/jobs/${job.jobId}`);
    for (let i = 0; i < 600; i++) {
      const res = await app.inject({ url: `/api/meetings/${meetingId}/kallelse/jobs/${job.jobId}`, headers: member.headers });
      const view = res.json() as BookJobView;
      expect(['queued', 'collecting', 'rendering', 'merging', 'saving', 'done', 'failed']).toContain(view.phase);
      if (view.state !== 'running') return view;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('bygget blev inte klart');
  }

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, secretary, { fileName: '003.txt', text: seed('003_f8eb7d47c03ea706.txt') });
    await importKallelse(db, secretary, { fileName: '000.txt', text: seed('000_97425d05012e62df.txt') });
    const list = await meetings.listMeetings(db);
    feb = await meetings.getMeeting(db, list.find((m) => m.date === '2020-02-14')!.id);
    aug = await meetings.getMeeting(db, list.find((m) => m.date === '2020-08-24')!.id);
    clerk = await signIn(app, db, ['secretary']);
    // a member of the body (secret papers are read only within one's own bodies)
    const seat = (await meetings.getBody(db, feb.bodyId)).memberships.find((m) => m.kind === 'member' && !m.validTo)!;
    member = await signIn(app, db, ['member'], seat.personId);
  });
  afterAll(async () => {
    await documents.whenIdle(db);
    await app.close();
    await db.close();
  });

  it('uploads PDFs to an item’s decision basis, lists them and gives them back', async () => {
    const item = augItem(4);
    const basis = item.decisionBasis.find((b) => b.title.startsWith('Projektbeskrivning'))!;
    const bytes = await pdfOf('Projektbeskrivning Smart tillvaxt', 5);
    const res = await upload(item.id, { name: 'Projektbeskrivning Smart tillväxt.pdf', bytes }, { decisionBasisId: String(basis.id) });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json() as AttachmentView;
    expect(a).toMatchObject({ agendaItemId: item.id, decisionBasisId: basis.id, title: basis.title, fileName: 'Projektbeskrivning Smart tillväxt.pdf', mediaType: 'application/pdf', byteSize: bytes.length, pageCount: 5, position: 1 });
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Stored by content hash on disk.
    expect(readFileSync(path.join(filesDir, a.sha256!.slice(0, 2), a.sha256!.slice(2))).equals(bytes)).toBe(true);

    const list = await app.inject(`/api/agenda-items/${item.id}/attachments`);
    expect((list.json() as AttachmentView[]).map((x) => x.title)).toEqual([basis.title]);
    const file = await app.inject(a.url);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toContain("filename*=UTF-8''Projektbeskrivning%20Smart%20tillv%C3%A4xt.pdf");
    expect(file.rawPayload.equals(bytes)).toBe(true);

    const second = await upload(item.id, { name: 'Bilaga.pdf', bytes: await pdfOf('Bilaga', 2) }, { title: 'Kostnads- och finansieringsbudget' });
    expect(second.json()).toMatchObject({ title: 'Kostnads- och finansieringsbudget', decisionBasisId: null, position: 2, pageCount: 2 });
  });

  const badUploads: Array<[string, () => Promise<{ name: string; bytes: Buffer; type?: string }>, number, RegExp]> = [
    // (a Word file is converted when LibreOffice is installed: see memo-authoring.test.ts)
    ['a file that is not a PDF', async () => ({ name: 'protokoll.txt', bytes: Buffer.from('PK\u0003\u0004 detta är en textfil'), type: 'text/plain' }), 415, /inte en PDF-fil/],
    [
      'an encrypted PDF',
      async () => {
        const plain = path.join(scratch, 'plain.pdf');
        const locked = path.join(scratch, 'locked.pdf');
        writeFileSync(plain, await pdfOf('Hemlig', 3));
        const r = spawnSync('qpdf', ['--encrypt', 'hemligt', 'hemligare', '256', '--', plain, locked]);
        expect(r.status).toBe(0);
        return { name: 'låst.pdf', bytes: readFileSync(locked) };
      },
      422,
      /krypterad eller lösenordsskyddad/,
    ],
    ['a truncated PDF', async () => ({ name: 'avbruten.pdf', bytes: (await pdfOf('Avbruten', 4)).subarray(0, 1500) }), 422, /skadad eller ofullständig/],
    ['a corrupt PDF', async () => ({ name: 'trasig.pdf', bytes: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n') }), 422, /skadad/],
    ['an empty file', async () => ({ name: 'tom.pdf', bytes: Buffer.alloc(0) }), 400, /Filen tom\.pdf är tom/],
    ['a file over the size limit', async () => ({ name: 'stor.pdf', bytes: Buffer.concat([await pdfOf('Stor', 2), Buffer.alloc(1024 * 1024 + 10, 0x20)]) }), 413, /för stor: högst 1 MB/],
  ];

  it.each(badUploads)('refuses %s with a Swedish message and saves nothing', async (_what, make, status, message) => {
    const item = augItem(3);
    const before = await counts();
    const res = await upload(item.id, await make());
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.message).toMatch(message);
    expect(await counts()).toEqual(before);
    expect(readdirSync(path.join(filesDir, 'tmp'))).toEqual([]);
    expect(await documents.listAttachments(db, item.id)).toEqual([]);
  });

  it('refuses uploads without a file, from the public and from members', async () => {
    const item = augItem(3);
    const before = await counts();
    const noFile = await uploadForm(item.id, form({ title: 'Ingen fil' }));
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.message).toContain('Ingen fil kom med');
    const json = await app.inject({ method: 'POST', url: `/api/agenda-items/${item.id}/attachments`, payload: { file: 'x' }, headers: clerk.headers });
    expect(json.statusCode).toBe(415);
    expect(json.json().error.message).toContain('multipart/form-data');
    const bytes = await pdfOf('Bilaga', 1);
    expect((await upload(item.id, { name: 'a.pdf', bytes }, {}, null)).statusCode).toBe(401);
    const forbidden = await upload(item.id, { name: 'a.pdf', bytes }, {}, member);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.message).toContain('Du saknar behörighet');
    expect((await upload(999999, { name: 'a.pdf', bytes })).statusCode).toBe(404);
    const badBasis = await upload(item.id, { name: 'a.pdf', bytes }, { decisionBasisId: String(augItem(4).decisionBasis[0]!.id) });
    expect(badBasis.statusCode).toBe(404);
    expect(badBasis.json().error.message).toContain('hör inte till punkt 3');
    expect(await counts()).toEqual(before);
  });

  it('refuses a memo missing a mandatory section, naming the section, and saves a complete one', async () => {
    const item = augItem(4);
    const url = `/api/agenda-items/${item.id}/memo`;
    const before = await counts();
    const missing = await app.inject({ method: 'PUT', url, payload: { ...memoBody, economy: '' }, headers: clerk.headers });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error).toMatchObject({ code: 'memo-incomplete', message: 'Föredragnings-PM:et saknar avsnittet "Ekonomiska konsekvenser".', details: { missing: ['Ekonomiska konsekvenser'] } });
    const noDescription = await app.inject({ method: 'PUT', url, payload: { ...memoBody, description: undefined }, headers: clerk.headers });
    expect(noDescription.json().error.message).toContain('"Ärendebeskrivning"');
    const info = aug.items.find((i) => i.kind === 'information')!;
    const noProposal = await app.inject({ method: 'PUT', url: `/api/agenda-items/${info.id}/memo`, payload: memoBody, headers: clerk.headers });
    expect(noProposal.statusCode).toBe(422);
    expect(noProposal.json().error.message).toContain('"Förslag till beslut"');
    expect(await counts()).toEqual(before);
    expect((await app.inject(url)).statusCode).toBe(404);

    const saved = await app.inject({ method: 'PUT', url, payload: memoBody, headers: clerk.headers });
    expect(saved.statusCode, saved.body).toBe(200);
    const view = saved.json() as MemoView;
    expect(view).toMatchObject({ agendaItemId: item.id, meetingId: aug.id, version: 1, memo: { officer: 'Lena Kihl', assessment: memoBody.assessment } });
    expect(view.proposal!.clauses[0]).toContain('1 912 400 kronor');
    const stale = await app.inject({ method: 'PUT', url, payload: { ...memoBody, version: 7 }, headers: clerk.headers });
    expect(stale.statusCode).toBe(409);

    const pdf = await app.inject(view.pdfUrl);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await readPdf(pdf.rawPayload)).pages.join('\n');
    for (const s of ['Tjänsteställe, handläggare', 'Projektstöd, Lena Kihl', 'Sammanträdesdatum', '2020-08-24', 'Dnr: 20RS3419', 'Organ', 'Förslag till beslut', 'Ärendebeskrivning', 'Bedömning', 'Konsekvenser för miljö-, barn- och jämställdhetsperspektiven', 'Ekonomiska konsekvenser', 'Beslutsunderlag', 'Petter Arneback', 'Skickas till:', 'Almi Företagspartner Mälardalen AB']) {
      expect(text).toContain(s);
    }
  });

  it('builds the kallelse book as a job with progress, with the seeds’ values on the right pages', async () => {
    const job = await buildViaJob(aug.id);
    expect(job).toMatchObject({ state: 'done', phase: 'done', error: null, result: { created: true, version: { version: 1 } } });
    expect(job.total).toBeGreaterThan(0);
    expect(job.done).toBe(job.total);

    const res = await app.inject({ url: `/api/meetings/${aug.id}/kallelse.pdf`, headers: clerk.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-kallelse-version']).toBe('1');
    const pdf = await readPdf(res.rawPayload);
    const total = pdf.pageCount;
    expect(total).toBe(job.result!.version.pageCount);
    pdf.pages.forEach((text, i) => expect(text).toContain(`${i + 1} (${total})`));

    expect(pdf.info).toMatchObject({ Title: 'Kallelse Regional tillväxtnämnd 2020-08-24', Author: 'Regional tillväxtnämnd', Language: 'sv-SE' });
    expect(pdf.outline.map((o) => o.title)).toEqual(['Kallelse', 'Föredragningslista', ...aug.items.map((i) => `${i.number}. ${i.title}`)]);

    const item4 = pdf.outline.find((o) => o.title.startsWith('4. Medfinansiering av Smart tillväxt'))!;
    expect(pdf.pages[item4.page - 1]).toContain('Medfinansiering av Smart tillväxt');
    expect(pdf.pages[item4.page - 1]).toContain('20RS3419');
    expect(item4.children.map((c) => c.title)).toEqual([
      'FöredragningsPM, Medfinansiering av Smart tillväxt 2021 - 2023',
      augItem(4).decisionBasis.find((b) => b.title.startsWith('Projektbeskrivning'))!.title,
      'Kostnads- och finansieringsbudget',
    ]);
    const [memo, first, budget] = item4.children;
    expect(pdf.pages[memo!.page - 1]).toContain('Dnr: 20RS3419');
    expect(pdf.pages[memo!.page - 1]).toContain('1 912 400 kronor');
    expect(pdf.pages[first!.page - 1]).toContain('Projektbeskrivning Smart tillvaxt - sida 1 av 5');
    expect(pdf.pages[first!.page + 3]).toContain('Projektbeskrivning Smart tillvaxt - sida 5 av 5');
    expect(budget!.page).toBe(first!.page + 5);
    // The föredragningslista: item 4 with its proposal, å/ä/ö as written.
    const agendaPage = pdf.pages.slice(1, pdf.outline[2]!.page - 1).find((p) => p.includes('4. Medfinansiering av Smart tillväxt'))!;
    expect(agendaPage).toContain('1 912 400 kronor');
    expect(agendaPage).toContain('Almi Företagspartner Mälardalen AB beviljas 13 procent');
    expect(agendaPage).toContain('Diarienummer: 20RS3419 Föredragande: Lena Kihl');
  });

  it('puts the summons on page 1 as the seed has it', async () => {
    const done = await buildViaJob(feb.id);
    expect(done.state).toBe('done');
    // not sent yet: the public cannot have it, the secretariat can
    expect((await app.inject({ url: `/api/meetings/${feb.id}/kallelse/versions/1/file` })).json().error.message).toBe('Kallelsen är inte utskickad ännu.');
    const res = await app.inject({ url: `/api/meetings/${feb.id}/kallelse/versions/1/file`, headers: clerk.headers });
    const pdf = await readPdf(res.rawPayload);
    const p1 = pdf.pages[0]!;
    for (const s of ['Kallelse', 'Regional tillväxtnämnd', 'Sammanträdesdatum: 2020-02-14', 'Tid: kl. 10:00-15:00', 'Konferensrum Linden', '(M), (L) i Granen, (MP) ansluter kl 9.30', 'June Fors', 'Ledamöter kallas', 'Ersättare underrättas', 'Irén Lejegren (S), ordförande', 'Torbjörn Ahlin (C), vice ordförande', 'Willhelm Sundman (L), 2:e vice ordförande', 'Kenneth Lantz (V)', 'Sergej Salnikov (SD)', `1 (${pdf.pageCount})`]) {
      expect(p1).toContain(s);
    }
    expect(pdf.pages[1]).toContain('Föredragningslista');
    expect(pdf.pages[1]).toContain('3. Verksamhetsberättelse 2019 för regional tillväxtnämnd');
    expect(pdf.outline).toHaveLength(2 + feb.items.length);
  });

  it('keeps the version when nothing changed, and issues a new one, keeping both, when an item changes after sending', async () => {
    // Unchanged: the same version.
    const again = await app.inject({ url: `/api/meetings/${aug.id}/kallelse.pdf`, headers: clerk.headers });
    expect(again.headers['x-kallelse-version']).toBe('1');
    const v1 = again.rawPayload;
    let status = (await app.inject({ url: `/api/meetings/${aug.id}/kallelse`, headers: member.headers })).json() as BookStatus;
    expect(status).toMatchObject({ upToDate: true, reissueNeeded: false, pendingChanges: null });
    expect(status.versions).toHaveLength(1);

    const sent = await app.inject({ method: 'POST', url: `/api/meetings/${aug.id}/kallelse/versions/1/sent`, headers: clerk.headers });
    expect(sent.json().sentAt).toBeTruthy();

    // After sending: an attachment to item 2, a changed memo on item 4, a new item.
    expect((await upload(augItem(2).id, { name: 'Delårsrapport.pdf', bytes: await pdfOf('Delarsrapport', 3) })).statusCode).toBe(201);
    const memo = (await app.inject(`/api/agenda-items/${augItem(4).id}/memo`)).json() as MemoView;
    expect((await app.inject({ method: 'PUT', url: `/api/agenda-items/${augItem(4).id}/memo`, payload: { ...memoBody, economy: 'Ändrad finansiering.', version: memo.version }, headers: clerk.headers })).statusCode).toBe(200);
    await db.tx((trx) => meetings.addAgendaItem(trx, secretary, aug.id, { title: 'Extra ärende om vilt- och naturvård', kind: 'decision', proposal: { addressee: 'Regional tillväxtnämnd beslutar', clauses: ['att bevilja medel.'] } }));

    status = (await app.inject({ url: `/api/meetings/${aug.id}/kallelse`, headers: clerk.headers })).json() as BookStatus;
    expect(status).toMatchObject({ upToDate: false, reissueNeeded: true });
    expect(status.pendingChanges!.added.map((a) => a.title)).toEqual(['Extra ärende om vilt- och naturvård']);

    const job = await buildViaJob(aug.id);
    expect(job.result).toMatchObject({ created: true, version: { version: 2, sentAt: null } });
    // the public gets the latest version sent (1) until version 2 is sent
    expect((await app.inject({ url: `/api/meetings/${aug.id}/kallelse.pdf` })).headers['x-kallelse-version']).toBe('1');
    const v2 = await app.inject({ url: `/api/meetings/${aug.id}/kallelse.pdf`, headers: member.headers });
    expect(v2.headers['x-kallelse-version']).toBe('2');
    expect((await readPdf(v2.rawPayload)).outline.at(-1)!.title).toBe(`${aug.items.length + 1}. Extra ärende om vilt- och naturvård`);
    // Version 1 is kept as it was.
    const old = await app.inject(`/api/meetings/${aug.id}/kallelse/versions/1/file`);
    expect(old.rawPayload.equals(v1)).toBe(true);

    expect((await app.inject(`/api/meetings/${aug.id}/kallelse/diff?from=1&to=2`)).statusCode).toBe(401);
    const diff = (await app.inject({ url: `/api/meetings/${aug.id}/kallelse/diff?from=1&to=2`, headers: member.headers })).json() as BookDiffView;
    expect(diff.from.version).toBe(1);
    expect(diff.to.version).toBe(2);
    expect(diff.diff.added).toEqual([{ number: aug.items.length + 1, title: 'Extra ärende om vilt- och naturvård', caseNumber: null }]);
    expect(diff.diff.removed).toEqual([]);
    expect(diff.diff.changed.map((c) => [c.number, c.changes.map((x) => x.label)])).toEqual([
      [2, ['Beslutsunderlag', 'Bilagor']],
      [4, ['FöredragningsPM']],
    ]);
    expect(diff.diff.changed[0]!.changes[1]).toMatchObject({ added: ['Delårsrapport'], removed: [] });
    expect(diff.diff.changed[1]!.changes[0]!.sections).toEqual(['Ekonomiska konsekvenser']);
    expect(diff.diff.meeting).toEqual([]);
    expect((await app.inject({ url: `/api/meetings/${aug.id}/kallelse/diff`, headers: member.headers })).json().from.version).toBe(1);
    expect((await app.inject({ url: `/api/meetings/${aug.id}/kallelse/diff?from=1&to=9`, headers: member.headers })).statusCode).toBe(404);

    const audit = await db.kysely.selectFrom('audit_log').select(['action']).where('entity', '=', 'meeting').where('entity_id', '=', String(aug.id)).orderBy('id').execute();
    expect(audit.map((a) => a.action).filter((a) => a.startsWith('kallelse.'))).toEqual(['kallelse.build', 'kallelse.send', 'kallelse.build']);
  });

  it('lets only the secretary build, and tells the public when there is no book yet', async () => {
    const other = (await meetings.createMeeting(db, secretary, { bodyId: aug.bodyId, date: '2020-10-05', startTime: '10:00', place: 'Granen' })).id;
    expect((await app.inject({ method: 'POST', url: `/api/meetings/${other}/kallelse` })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: `/api/meetings/${other}/kallelse`, headers: member.headers })).statusCode).toBe(403);
    const none = await app.inject(`/api/meetings/${other}/kallelse.pdf`);
    expect(none.statusCode).toBe(404);
    expect(none.json().error.message).toBe('Kallelsen till sammanträdet är inte upprättad ännu.');
    expect((await app.inject({ method: 'POST', url: `/api/meetings/999999/kallelse`, headers: clerk.headers })).statusCode).toBe(404);
    expect((await app.inject(`/api/meetings/${other}/kallelse/jobs/finns-inte`)).statusCode).toBe(401);
    expect((await app.inject({ url: `/api/meetings/${other}/kallelse/jobs/finns-inte`, headers: member.headers })).statusCode).toBe(404);
    // An empty agenda still makes a book: the summons and an empty föredragningslista.
    const pdf = await readPdf((await app.inject({ url: `/api/meetings/${other}/kallelse.pdf`, headers: clerk.headers })).rawPayload);
    expect(pdf.pageCount).toBe(2);
    expect(pdf.pages[1]).toContain('Föredragningslistan har inga punkter.');
  });

  it('deletes an attachment, refusing a stale version', async () => {
    const [a] = await documents.listAttachments(db, augItem(2).id);
    expect((await app.inject({ method: 'DELETE', url: `/api/attachments/${a!.id}?version=5`, headers: clerk.headers })).statusCode).toBe(409);
    expect((await app.inject({ method: 'DELETE', url: `/api/attachments/${a!.id}?version=${a!.version}`, headers: clerk.headers })).statusCode).toBe(204);
    expect(await documents.listAttachments(db, augItem(2).id)).toEqual([]);
    expect((await app.inject(a!.url)).statusCode).toBe(404);
  });

  it('keeps secret papers from the public: the file, the memo and a book that holds them', async () => {
    const item = feb.items.find((i) => i.number === 6)!;
    await db.tx((trx) => meetings.setItemSecrecy(trx, secretary, item.id, 'OSL 31 kap. 16 §'));
    const up = await upload(item.id, { name: 'Ansökan från Erik Rosenbergs fond.pdf', bytes: await pdfOf('Ansokan', 2) });
    expect(up.json()).toMatchObject({ secrecyRef: '31 kap. 16 § OSL', title: 'Ansökan från Erik Rosenbergs fond' });
    const a = up.json() as AttachmentView;

    const listed = (await app.inject(`/api/agenda-items/${item.id}/attachments`)).json() as AttachmentView[];
    expect(listed).toMatchObject([{ id: a.id, title: 'Handling som omfattas av sekretess (31 kap. 16 § OSL)', fileName: '', sha256: null, byteSize: null, pageCount: null, uploadedBy: null }]);
    const denied = await app.inject(a.url);
    expect(denied.statusCode).toBe(401);
    expect(denied.json().error.message).toBe('Handlingen omfattas av sekretess (31 kap. 16 § OSL). Logga in för att läsa den.');
    expect((await app.inject({ url: a.url, headers: member.headers })).statusCode).toBe(200);
    expect(((await app.inject({ url: `/api/agenda-items/${item.id}/attachments`, headers: member.headers })).json() as AttachmentView[])[0]!.title).toBe(
      'Ansökan från Erik Rosenbergs fond',
    );

    const job = await buildViaJob(feb.id);
    expect(job.result).toMatchObject({ created: true, version: { version: 2, containsSecret: true } });
    expect((await app.inject({ method: 'POST', url: `/api/meetings/${feb.id}/kallelse/versions/2/sent`, headers: clerk.headers })).statusCode).toBe(200);
    // the public gets the public edition, built in the background once the version is sent: without the secret papers
    await documents.whenIdle(db);
    const pub = await app.inject(`/api/meetings/${feb.id}/kallelse.pdf`);
    expect(pub.statusCode).toBe(200);
    const pubBook = await readPdf(pub.rawPayload);
    expect(pubBook.pages.join('\n')).not.toContain('Ansökan från Erik Rosenbergs fond');
    expect(pubBook.pages.join('\n')).toContain('Sekretess enligt 31 kap. 16 § OSL');
    expect((await app.inject(`/api/meetings/${feb.id}/kallelse/versions/1/file`)).statusCode).toBe(404); // never sent
    const book = await readPdf((await app.inject({ url: `/api/meetings/${feb.id}/kallelse.pdf`, headers: member.headers })).rawPayload);
    const entry = book.outline.find((o) => o.title.startsWith('6. '))!;
    expect(book.pages[entry.page - 1]).toContain('Sekretess enligt 31 kap. 16 § OSL');
    expect(entry.children.map((c) => c.title)).toContain('Ansökan från Erik Rosenbergs fond');
  });

  it('documents the routes in OpenAPI with Swedish summaries', async () => {
    const spec = (await app.inject('/api/docs/json')).json() as { paths: Record<string, Record<string, { summary?: string; tags?: string[] }>> };
    for (const [p, method] of [
      ['/api/agenda-items/{id}/attachments', 'post'],
      ['/api/agenda-items/{id}/memo', 'put'],
      ['/api/meetings/{id}/kallelse', 'post'],
      ['/api/meetings/{id}/kallelse/jobs/{jobId}', 'get'],
      ['/api/meetings/{id}/kallelse.pdf', 'get'],
      ['/api/meetings/{id}/kallelse/diff', 'get'],
    ] as const) {
      expect(spec.paths[p]?.[method]?.summary, `${method} ${p}`).toBeTruthy();
      expect(spec.paths[p]![method]!.tags).toEqual(['Handlingar']);
    }
  });
});
