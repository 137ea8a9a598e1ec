/**
 * The e-archive delivery (issue 21.5): a meeting adjusted as in
 * frozen-protokoll.test.ts (seed 003, 2020-02-14) is packed as an FGS/E-ARK
 * SIP; the tar is unpacked with tar(1), both METS files are validated with
 * xmllint against the official METS 1.12 schema and the PREMIS against
 * PREMIS 3.0 (test/fixtures/archive, README there), and the package
 * structure's rules are checked: required folders and files, every file the
 * METS names exists with its size and SHA-256, nothing unlisted, OBJID and
 * PROFILE. Refusals: not adjusted, not configured, another body's secret
 * papers, a member.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases, useApp } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import * as documents from '../../src/documents/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import type { BodyDetail, MeetingDetail } from '../../src/http/contract.ts';
import type { ArchivePlanView, DeliveryView } from '../../src/archive/service.ts';
import { pdfaReport } from '../../src/minutes/pdfaCheck.ts';

const FILES = mkdtempSync(path.join(tmpdir(), 'styrbord-arkiv-files-'));
process.env.FILES_DIR = FILES;
process.env.ARCHIVE_CREATOR = 'Region Örebro län';
process.env.ARCHIVE_CREATOR_ID = '232100-0164';
process.env.ARCHIVE_NAME = 'Regionarkivet';
process.env.ARCHIVE_ID = 'SE/RA/ORE-REG';
process.env.ARCHIVE_AGREEMENT = 'LÖ-2026-01';
const WORK = mkdtempSync(path.join(tmpdir(), 'styrbord-arkiv-test-'));
const SCHEMAS = path.resolve(import.meta.dirname, '../fixtures/archive');

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
const secretary = { id: 'sekreterare', roles: ['secretary'] as const };
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function xmllint(args: string[]): { status: number | null; out: string } {
  const r = spawnSync('xmllint', ['--nonet', ...args], { encoding: 'utf8', env: { ...process.env, XML_CATALOG_FILES: path.join(SCHEMAS, 'catalog.xml') } });
  return { status: r.status, out: r.stdout + r.stderr };
}
/** The values an XPath selects (attributes or text), one per line. */
function xpath(file: string, expr: string): string[] {
  const r = xmllint(['--xpath', expr, file]);
  if (r.status !== 0) return [];
  return r.out
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.replace(/^[A-Za-z:]+="(.*)"$/, '$1'));
}
const M = (name: string) => `*[local-name()='${name}']`;

async function smallPdf(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  page.drawText(text, { x: 50, y: 700, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}

/** Every regular file under dir, as paths relative to it. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]));
}

afterAll(dropTestSchemas);

describe.each(testDatabases)('archive delivery on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  useApp(tdb, (d, a) => {
    db = d;
    app = a;
  });
  let feb: MeetingDetail;
  let body: BodyDetail;
  let clerk: Client;
  let attachmentSha: string;
  const person = (name: string) => body.memberships.find((m) => m.name === name)!.personId;

  beforeAll(async () => {
    await importKallelse(db, secretary, { fileName: '003.txt', text: seed('003_f8eb7d47c03ea706.txt') });
    feb = await meetings.getMeeting(db, (await meetings.listMeetings(db)).find((m) => m.date === '2020-02-14')!.id);
    body = await meetings.getBody(db, feb.bodyId);
    clerk = await signIn(app, db, ['secretary']);
    const me = (await app.inject({ url: '/api/session', ...clerk })).json() as { user: { id: number } };
    await meetings.setServedBodies(db, SYSTEM, me.user.id, [feb.bodyId]);

    // an underlag file on item 6, the book built and sent
    const cfg = documents.configFromEnv();
    const bytes = await smallPdf('Ansokan om kapitaltillskott');
    attachmentSha = sha256(bytes);
    await documents.uploadAttachmentBytes(db, secretary, cfg, feb.items.find((i) => i.number === 6)!.id, { fileName: 'Ansökan kapitaltillskott §6.pdf', bytes, title: 'Ansökan om kapitaltillskott' });
    const built = await documents.buildBook(db, secretary, cfg, feb.id);
    await documents.markBookSent(db, secretary, feb.id, built.version.version);

    let view = await minutes.openMinutes(db, secretary, feb.id);
    view = await minutes.setAttendance(db, secretary, feb.id, { version: view.version, attendance: body.memberships.filter((m) => m.kind === 'member').map((m) => ({ personId: m.personId, present: true })) });
    for (const item of feb.items) {
      if (item.kind === 'information' || item.kind === 'presentations') continue;
      await minutes.recordDecision(db, secretary, feb.id, item.number, { outcome: 'according-to-proposal' });
    }
    await minutes.numberMinutes(db, secretary, feb.id);
    await db.tx((trx) => meetings.setItemSecrecy(trx, secretary, feb.items.find((i) => i.number === 5)!.id, 'OSL 31 kap. 16 §'));
    await minutes.setAdjusters(db, secretary, feb.id, { personIds: [person('Irén Lejegren'), person('Torbjörn Appelqvist')] });
    const readSha = sha256((await app.inject({ url: `/api/meetings/${feb.id}/minutes.pdf`, ...clerk })).rawPayload);
    for (const name of ['Irén Lejegren', 'Torbjörn Appelqvist']) {
      const adjuster = await signIn(app, db, ['adjuster'], person(name));
      const res = await app.inject({ method: 'POST', url: `/api/meetings/${feb.id}/minutes/signatures`, ...adjuster, payload: { personId: person(name), sha256: readSha } });
      expect(res.statusCode, res.body).toBe(200);
    }
  });

  it('shows what the package will hold: the sent kallelse, the protokoll, each extract, the underlag, secret ones marked', async () => {
    const res = await app.inject({ url: `/api/arkiv/innehall?bodyId=${feb.bodyId}&meetingId=${feb.id}`, ...clerk });
    expect(res.statusCode, res.body).toBe(200);
    const plan = res.json() as ArchivePlanView;
    expect(plan.problems).toEqual([]);
    expect(plan.meetings.map((m) => m.date)).toEqual(['2020-02-14']);
    const kinds = plan.documents.map((d) => d.kind);
    expect(kinds.filter((k) => k === 'kallelse')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'protokoll')).toHaveLength(1);
    const decided = (await minutes.getMinutes(db, feb.id)).decisions.filter((d) => d.paragraph !== null);
    expect(kinds.filter((k) => k === 'utdrag')).toHaveLength(decided.length);
    expect(plan.documents.find((d) => d.kind === 'underlag')).toMatchObject({ itemNumber: 6, label: 'Punkt 6: Ansökan om kapitaltillskott', secrecyRef: null });
    const item5 = decided.find((d) => d.itemNumber === 5)!;
    const ref = (await meetings.getMeeting(db, feb.id)).items.find((i) => i.number === 5)!.secrecyRef!;
    expect(ref).toMatch(/31 kap\. 16 §/);
    expect(plan.documents.find((d) => d.kind === 'utdrag' && d.paragraph === item5.paragraph)!.secrecyRef).toBe(ref);
    expect(plan.documents.find((d) => d.kind === 'utdrag' && d.paragraph !== item5.paragraph)!.secrecyRef).toBeNull();
    expect(plan.documents.find((d) => d.kind === 'protokoll')!.secrecyRef).toBe(ref);
    expect(plan.secretCount).toBeGreaterThanOrEqual(3); // book, protokoll, the extract
    expect(plan.warnings).toEqual([]);
  });

  it('builds a SIP whose METS and PREMIS validate against the official schemas and whose structure holds', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/arkiv/leveranser', ...clerk, payload: { bodyId: feb.bodyId, meetingId: feb.id } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['content-type']).toBe('application/x-tar');
    expect(String(res.headers['content-disposition'])).toContain('arkiv-regional-tillvaxtnamnd-2020-02-14.tar');
    const tarBytes = res.rawPayload;
    expect(res.headers['x-content-sha256']).toBe(sha256(tarBytes));
    const objid = String(res.headers['x-package-id']);
    expect(objid).toMatch(/^uuid-[0-9a-f-]{36}$/);

    const out = path.join(WORK, `${tdb.name}-meeting`);
    mkdirSync(out);
    writeFileSync(path.join(out, 'paket.tar'), tarBytes);
    const untar = spawnSync('tar', ['-xf', 'paket.tar'], { cwd: out, encoding: 'utf8' });
    expect(untar.status, untar.stderr).toBe(0);
    // one folder, named by the OBJID, with the CSIP's required parts
    expect(readdirSync(out).sort()).toEqual(['paket.tar', objid].sort());
    const pkg = path.join(out, objid);
    for (const p of ['METS.xml', 'metadata/descriptive/dc.xml', 'metadata/preservation/premis.xml', 'representations/rep1/METS.xml', 'representations/rep1/data']) {
      expect(existsSync(path.join(pkg, p)), p).toBe(true);
    }
    const root = path.join(pkg, 'METS.xml');
    const rep = path.join(pkg, 'representations/rep1/METS.xml');
    const premis = path.join(pkg, 'metadata/preservation/premis.xml');

    // schema validation, offline, with the schemas kept in the repository
    for (const f of [root, rep]) {
      const v = xmllint(['--noout', '--schema', path.join(SCHEMAS, 'mets.xsd'), f]);
      expect(v.status, v.out).toBe(0);
    }
    const vp = xmllint(['--noout', '--schema', path.join(SCHEMAS, 'premis-v3-0.xsd'), premis]);
    expect(vp.status, vp.out).toBe(0);
    expect(xmllint(['--noout', path.join(pkg, 'metadata/descriptive/dc.xml')]).status).toBe(0);

    // OBJID, PROFILE and the agents from the configuration
    expect(xpath(root, `/${M('mets')}/@OBJID`)).toEqual([objid]);
    expect(xpath(rep, `/${M('mets')}/@OBJID`)).toEqual([`${objid}-rep1`]);
    for (const f of [root, rep]) expect(xpath(f, `/${M('mets')}/@PROFILE`)).toEqual(['https://earksip.dilcis.eu/profile/E-ARK-SIP.xml']);
    expect(xpath(root, `//${M('agent')}[@ROLE='ARCHIVIST']/${M('note')}/text()`)).toEqual(['232100-0164']);
    expect(xpath(root, `//${M('agent')}[@ROLE='PRESERVATION']/${M('name')}/text()`)).toEqual(['Regionarkivet']);
    expect(xpath(root, `//${M('altRecordID')}[@TYPE='SUBMISSIONAGREEMENT']/text()`)).toEqual(['LÖ-2026-01']);

    // every file the METS names exists with the stated size and SHA-256, and every file in the package is named
    const listed = new Set<string>(['METS.xml']);
    const check = (metsFile: string, base: string, element: string, hrefPath: string) => {
      const n = Number(xpath(metsFile, `count(//${M(element)})`)[0]);
      expect(n).toBeGreaterThan(0);
      for (let i = 1; i <= n; i++) {
        const at = `(//${M(element)})[${i}]`;
        const href = xpath(metsFile, `${at}${hrefPath}/@*[local-name()='href']`)[0]!;
        const file = path.join(base, href);
        expect(existsSync(file), href).toBe(true);
        const bytes = readFileSync(file);
        expect(xpath(metsFile, `${at}/@SIZE`)).toEqual([String(bytes.length)]);
        expect(xpath(metsFile, `${at}/@CHECKSUMTYPE`)).toEqual(['SHA-256']);
        expect(xpath(metsFile, `${at}/@CHECKSUM`)).toEqual([sha256(bytes)]);
        listed.add(path.relative(pkg, file));
      }
    };
    check(root, pkg, 'mdRef', '');
    check(root, pkg, 'file', `/${M('FLocat')}`);
    check(rep, path.join(pkg, 'representations/rep1'), 'file', `/${M('FLocat')}`);
    expect(walk(pkg).sort()).toEqual([...listed].sort());
    // the root's structMap points to the representation's METS
    expect(xpath(root, `//${M('mptr')}/@*[local-name()='href']`)).toEqual(['representations/rep1/METS.xml']);
    // and every fptr to a file of the fileSec
    const ids = new Set(xpath(rep, `//${M('file')}/@ID`));
    const fptrs = xpath(rep, `//${M('fptr')}/@FILEID`);
    expect(fptrs.length).toBe(ids.size);
    for (const f of fptrs) expect(ids.has(f)).toBe(true);

    // the documents are the records: the stored sealed protokoll, the underlag byte for byte
    const view = await minutes.getMinutes(db, feb.id);
    const data = walk(path.join(pkg, 'representations/rep1/data'));
    const protokoll = data.find((f) => f.endsWith('protokoll-2020-02-14.pdf'))!;
    expect(sha256(readFileSync(path.join(pkg, 'representations/rep1/data', protokoll)))).toBe(view.pdfSha256);
    expect(data.filter((f) => f.includes('/utdrag/'))).toHaveLength(view.decisions.filter((d) => d.paragraph !== null).length);
    const underlag = data.find((f) => f.includes('/underlag/punkt-06/'))!;
    expect(underlag).toMatch(/Ansokan-kapitaltillskott-p6\.pdf$/); // an archive-safe name
    expect(sha256(readFileSync(path.join(pkg, 'representations/rep1/data', underlag)))).toBe(attachmentSha);
    const kallelse = data.filter((f) => f.startsWith('2020-02-14/kallelse-2020-02-14-v'));
    expect(kallelse).toHaveLength(1);

    // what Styrbord renders is PDF/A-2b; the kallelse is its archive edition: the underlag are files of their own, named on the item's divider
    const kallelseFile = path.join(pkg, 'representations/rep1/data', kallelse[0]!);
    const report = pdfaReport(kallelseFile);
    expect(report.problems).toEqual([]);
    expect(report.xmp).toMatchObject({ part: '2', conformance: 'B', title: 'Kallelse Regional tillväxtnämnd 2020-02-14', documentDate: '2020-02-14' });
    const kallelseText = spawnSync('pdftotext', ['-layout', kallelseFile, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    expect(kallelseText).toContain('Föredragningslista');
    expect(kallelseText).toContain('Ansökan om kapitaltillskott (egen fil)');
    expect(kallelseText).not.toContain('Ansokan om kapitaltillskott'); // the underlag's own page is not merged in
    const book = (await documents.bookStatus(db, secretary, feb.id)).versions.find((v) => v.sentAt)!;
    expect(sha256(readFileSync(kallelseFile))).not.toBe(book.sha256);
    for (const f of [protokoll, data.find((x) => x.includes('/utdrag/'))!]) expect(pdfaReport(path.join(pkg, 'representations/rep1/data', f)).problems, f).toEqual([]);

    // PREMIS: one object per document with its SHA-256, the secret ones with a statute rights statement
    expect(Number(xpath(premis, `count(//${M('object')})`)[0])).toBe(data.length);
    expect(xpath(premis, `//${M('object')}[${M('objectIdentifier')}/${M('objectIdentifierValue')}='representations/rep1/data/${underlag}']//${M('messageDigest')}/text()`)).toEqual([attachmentSha]);
    // PREMIS says which are PDF/A and which are not: the rendered ones PDF/A-2b, the uploaded underlag as it came (PDF with its version)
    const formatOf = (f: string) => xpath(premis, `//${M('object')}[${M('objectIdentifier')}/${M('objectIdentifierValue')}='representations/rep1/data/${f}']//${M('formatName')}/text()`);
    for (const f of data.filter((x) => !x.includes('/underlag/'))) expect(formatOf(f), f).toEqual(['PDF/A-2b']);
    expect(formatOf(underlag)).toEqual(['PDF']);
    const citations = xpath(premis, `//${M('statuteCitation')}/text()`);
    expect(citations.length).toBeGreaterThanOrEqual(3);
    expect(new Set(citations)).toEqual(new Set([(await meetings.getMeeting(db, feb.id)).items.find((i) => i.number === 5)!.secrecyRef]));
    expect(xpath(premis, `//${M('agentIdentifier')}[${M('agentIdentifierType')}='arkivbildare-id']/${M('agentIdentifierValue')}/text()`)).toEqual(['232100-0164']);

    // the delivery is recorded and audited
    const list = (await app.inject({ url: `/api/arkiv/leveranser?bodyId=${feb.bodyId}`, ...clerk })).json() as DeliveryView[];
    expect(list[0]).toMatchObject({ packageId: objid, scope: 'meeting', meetingId: feb.id, meetingIds: [feb.id], fileCount: data.length, byteSize: tarBytes.length, sha256: sha256(tarBytes) });
    expect(list[0]!.secretCount).toBeGreaterThanOrEqual(3);
    const logged = await db.kysely.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'archive.deliver').execute();
    expect(logged).toEqual([{ action: 'archive.deliver', entity_id: String(list[0]!.id) }]);
    // and a delivery is never changed
    await expect(db.kysely.updateTable('archive_delivery').set({ file_name: 'x.tar' }).execute()).rejects.toThrow(/ändras eller tas aldrig bort/);
  });

  it('packs a year: the adjusted meetings, the others listed with the reason', async () => {
    // a second meeting of the same year, imported but never adjusted
    const march = seed('003_f8eb7d47c03ea706.txt').replace('Sammanträdesdatum: 2020-02-14', 'Sammanträdesdatum: 2020-03-20');
    await importKallelse(db, secretary, { fileName: '003-mars.txt', text: march });
    const plan = (await app.inject({ url: `/api/arkiv/innehall?bodyId=${feb.bodyId}&year=2020`, ...clerk })).json() as ArchivePlanView;
    expect(plan.meetings.map((m) => m.date)).toEqual(['2020-02-14']);
    expect(plan.excluded).toEqual([expect.objectContaining({ date: '2020-03-20', reason: 'Sammanträdet har inget protokoll.' })]);
    const res = await app.inject({ method: 'POST', url: '/api/arkiv/leveranser', ...clerk, payload: { bodyId: feb.bodyId, year: 2020 } });
    expect(res.statusCode, res.body).toBe(201);
    const out = path.join(WORK, `${tdb.name}-year`);
    mkdirSync(out);
    writeFileSync(path.join(out, 'paket.tar'), res.rawPayload);
    expect(spawnSync('tar', ['-xf', 'paket.tar'], { cwd: out }).status).toBe(0);
    const pkg = path.join(out, String(res.headers['x-package-id']));
    const v = xmllint(['--noout', '--schema', path.join(SCHEMAS, 'mets.xsd'), path.join(pkg, 'METS.xml'), path.join(pkg, 'representations/rep1/METS.xml')]);
    expect(v.status, v.out).toBe(0);
    expect(xpath(path.join(pkg, 'METS.xml'), `/${M('mets')}/@LABEL`)).toEqual(['Regional tillväxtnämnd, sammanträden 2020']);
    expect(statSync(path.join(pkg, 'representations/rep1/data/2020-02-14')).isDirectory()).toBe(true);
    expect(existsSync(path.join(pkg, 'representations/rep1/data/2020-03-20'))).toBe(false);
  });

  it('refuses what must not be delivered, in Swedish', async () => {
    const march = (await meetings.listMeetings(db)).find((m) => m.date === '2020-03-20')!;
    const notAdjusted = await app.inject({ method: 'POST', url: '/api/arkiv/leveranser', ...clerk, payload: { bodyId: feb.bodyId, meetingId: march.id } });
    expect(notAdjusted.statusCode).toBe(409);
    expect(notAdjusted.json().error).toMatchObject({ code: 'not-adjusted' });
    expect(notAdjusted.json().error.message).toContain('Bara sammanträden med justerat protokoll levereras');
    const both = await app.inject({ url: `/api/arkiv/innehall?bodyId=${feb.bodyId}&meetingId=${feb.id}&year=2020`, ...clerk });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.code).toBe('archive-scope');

    // a secretary who does not serve the body does not deliver its secret papers
    const other = await signIn(app, db, ['secretary']);
    const secret = await app.inject({ url: `/api/arkiv/innehall?bodyId=${feb.bodyId}&meetingId=${feb.id}`, ...other });
    expect(secret.statusCode).toBe(403);
    expect(secret.json().error.code).toBe('secret-other-body');
    // members and case officers not at all
    for (const roles of [['member'], ['case-officer']] as const) {
      const c = await signIn(app, db, [...roles]);
      expect((await app.inject({ method: 'POST', url: '/api/arkiv/leveranser', ...c, payload: { bodyId: feb.bodyId, meetingId: feb.id } })).statusCode).toBe(403);
    }
    expect((await app.inject({ url: '/api/arkiv/leveranser' })).statusCode).toBe(401);

    // without the arkivbildare's identity nothing is built (and nothing recorded)
    const before = ((await app.inject({ url: '/api/arkiv/leveranser', ...clerk })).json() as DeliveryView[]).length;
    const saved = process.env.ARCHIVE_CREATOR_ID;
    delete process.env.ARCHIVE_CREATOR_ID;
    try {
      const res = await app.inject({ method: 'POST', url: '/api/arkiv/leveranser', ...clerk, payload: { bodyId: feb.bodyId, meetingId: feb.id } });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'archive-not-configured' });
      expect(res.json().error.message).toContain('ARCHIVE_CREATOR_ID');
    } finally {
      process.env.ARCHIVE_CREATOR_ID = saved;
    }
    expect(((await app.inject({ url: '/api/arkiv/leveranser', ...clerk })).json() as DeliveryView[]).length).toBe(before);
  });
});
