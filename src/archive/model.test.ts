import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  archiveConfigFromEnv,
  archiveFileName,
  configProblems,
  detectFormat,
  dublinCore,
  packageFileName,
  paragraphRange,
  premisXml,
  representationMets,
  rootMets,
  uniquePath,
  xmlEscape,
  type PackageFile,
  type PackageSpec,
} from './model.ts';

const SCHEMAS = path.resolve(import.meta.dirname, '../../test/fixtures/archive');
const WORK = mkdtempSync(path.join(tmpdir(), 'styrbord-arkiv-model-'));
let n = 0;
function validate(xml: string, schema: string): { ok: boolean; out: string } {
  const file = path.join(WORK, `d${++n}.xml`);
  writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--nonet', '--noout', '--schema', path.join(SCHEMAS, schema), file], { encoding: 'utf8', env: { ...process.env, XML_CATALOG_FILES: path.join(SCHEMAS, 'catalog.xml') } });
  return { ok: r.status === 0, out: r.stderr };
}

const file = (over: Partial<PackageFile>): PackageFile => ({
  id: 'file-1',
  path: 'data/2020-02-14/protokoll-2020-02-14.pdf',
  kind: 'protokoll',
  label: 'Protokoll Regional tillväxtnämnd 2020-02-14, justerat 2020-02-20',
  mediaType: 'application/pdf',
  size: 123_456,
  sha256: 'a'.repeat(64),
  created: '2020-02-20T09:30:00.000Z',
  meetingId: 7,
  meetingDate: '2020-02-14',
  paragraph: null,
  itemNumber: null,
  secrecyRef: null,
  format: { name: 'PDF/A-2b', version: '1.7' },
  ...over,
});

// seed 003: the committee's meeting of 2020-02-14, item 7 the grant to Hopajola 2020
const spec: PackageSpec = {
  objid: 'uuid-0f8fad5b-d9cb-469f-a165-70867728950e',
  label: 'Regional tillväxtnämnd, sammanträde 2020-02-14',
  created: '2026-12-04T01:00:00.000Z',
  scope: { kind: 'meeting', meetingId: 7 },
  body: { id: 1, name: 'Regional tillväxtnämnd', organisation: 'Region Örebro län' },
  meetings: [{ id: 7, date: '2020-02-14', adjustedOn: '2020-02-20', paragraphs: '§§ 1–13' }],
  files: [
    file({}),
    file({ id: 'file-2', path: 'data/2020-02-14/utdrag/protokollsutdrag-2020-02-14-paragraf-07.pdf', kind: 'utdrag', label: 'Protokollsutdrag § 7 Utökat verksamhetsbidrag till Hopajola 2020', paragraph: 7, itemNumber: 7, sha256: 'b'.repeat(64) }),
    file({ id: 'file-3', path: 'data/2020-02-14/underlag/punkt-05/Bilaga-1.pdf', kind: 'underlag', label: 'Punkt 5: Bilaga 1 <utkast> & "svar"', itemNumber: 5, secrecyRef: '31 kap. 16 § OSL', sha256: 'c'.repeat(64), format: { name: 'PDF', version: '1.4' } }),
  ],
  config: { ...archiveConfigFromEnv({}), creator: 'Region Örebro län', creatorId: '232100-0164', archive: 'Regionarkivet', archiveId: 'SE/ORE', agreement: 'LÖ-2026-01', referenceCode: 'SE/ORE/RTN' },
  softwareVersion: '0.1.0',
};
const meta = (p: string) => ({ path: p, size: 2048, sha256: 'd'.repeat(64), mediaType: 'text/xml', created: spec.created });

describe('METS and PREMIS of the archive package', () => {
  it('the representation METS validates against METS 1.12 and lists each file with size and SHA-256', () => {
    const xml = representationMets(spec);
    const v = validate(xml, 'mets.xsd');
    expect(v.ok, v.out).toBe(true);
    expect(xml).toContain('OBJID="uuid-0f8fad5b-d9cb-469f-a165-70867728950e-rep1"');
    expect(xml).toContain('PROFILE="https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"');
    expect(xml).toContain(`<mets:file ID="file-2" MIMETYPE="application/pdf" SIZE="123456" CREATED="2020-02-20T09:30:00.000Z" CHECKSUM="${'b'.repeat(64)}" CHECKSUMTYPE="SHA-256">`);
    expect(xml).toContain('xlink:href="data/2020-02-14/utdrag/protokollsutdrag-2020-02-14-paragraf-07.pdf"');
    expect(xml).toContain('LABEL="Punkt 5: Bilaga 1 &lt;utkast&gt; &amp; &quot;svar&quot;"');
    expect(xml).toContain('<mets:note csip:NOTETYPE="IDENTIFICATIONCODE">232100-0164</mets:note>');
    expect(xml).toContain('<mets:altRecordID TYPE="SUBMISSIONAGREEMENT">LÖ-2026-01</mets:altRecordID>');
  });

  it('the root METS validates and points to the metadata and the representation', () => {
    const xml = rootMets(spec, { descriptive: meta('metadata/descriptive/dc.xml'), preservation: meta('metadata/preservation/premis.xml'), representation: meta('representations/rep1/METS.xml') });
    const v = validate(xml, 'mets.xsd');
    expect(v.ok, v.out).toBe(true);
    expect(xml).toContain('MDTYPE="PREMIS"');
    expect(xml).toContain('<mets:fileGrp ID="grp-rep1" USE="Representations/rep1">');
    expect(xml).toMatch(/<mets:mptr LOCTYPE="URL" xlink:type="simple" xlink:href="representations\/rep1\/METS.xml"/);
  });

  it('a document the schema refuses is refused: the validation can fail', () => {
    const broken = representationMets(spec).replace('CHECKSUMTYPE="SHA-256"', 'CHECKSUMTYPE="SHA-3"');
    expect(validate(broken, 'mets.xsd').ok).toBe(false);
  });

  it('PREMIS validates against PREMIS 3.0; a secret document gets a statute rights statement', () => {
    const xml = premisXml(spec);
    const v = validate(xml, 'premis-v3-0.xsd');
    expect(v.ok, v.out).toBe(true);
    expect(xml).toContain('<premis:statuteCitation>31 kap. 16 § OSL</premis:statuteCitation>');
    expect(xml.match(/<premis:rights>/g)).toHaveLength(1);
    expect(xml).toContain('<premis:linkingObjectIdentifierValue>file-3</premis:linkingObjectIdentifierValue>');
    expect(xml).toContain('<premis:formatName>PDF/A-2b</premis:formatName>');
    expect(xml).toContain('<premis:objectIdentifierValue>representations/rep1/data/2020-02-14/underlag/punkt-05/Bilaga-1.pdf</premis:objectIdentifierValue>');
  });

  it('Dublin Core names the arkivbildare, the dates and the secrecy', () => {
    const xml = dublinCore(spec);
    expect(xml).toContain('<dc:creator>Region Örebro län</dc:creator>');
    expect(xml).toContain('<dc:date>2020-02-14</dc:date>');
    expect(xml).toContain('1 dokument är sekretessmarkerade (31 kap. 16 § OSL)');
    expect(xml).toContain('Sammanträde 2020-02-14, protokollet justerat 2020-02-20, §§ 1–13.');
  });
});

describe('names, formats and configuration', () => {
  it('file names are archive-safe, keep the extension and are unique', () => {
    expect(archiveFileName('Ansökan Hopajola 2020 – §7.pdf')).toBe('Ansokan-Hopajola-2020-p7.pdf');
    expect(archiveFileName('Bilaga.PDF')).toBe('Bilaga.PDF');
    expect(archiveFileName('???.pdf')).toBe('dokument.pdf');
    expect(archiveFileName(`${'å'.repeat(200)}.docx`)).toHaveLength(80);
    const taken = new Set<string>();
    expect(uniquePath(taken, 'data/a.pdf')).toBe('data/a.pdf');
    expect(uniquePath(taken, 'data/A.pdf')).toBe('data/A-2.pdf');
    expect(uniquePath(taken, 'data/a.pdf')).toBe('data/a-3.pdf');
    expect(packageFileName('Regional tillväxtnämnd', { kind: 'year', year: 2020 })).toBe('arkiv-regional-tillvaxtnamnd-2020.tar');
  });

  it('PDF/A is recognised by its XMP pdfaid, other PDFs by their header', () => {
    const xmp = (attr: boolean) =>
      Buffer.from(`%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<x:xmpmeta>${attr ? '<rdf:Description pdfaid:part="2" pdfaid:conformance="B"/>' : '<pdfaid:part>3</pdfaid:part><pdfaid:conformance>U</pdfaid:conformance>'}</x:xmpmeta>`, 'latin1');
    expect(detectFormat(xmp(true), 'application/pdf')).toEqual({ name: 'PDF/A-2b', version: '1.7' });
    expect(detectFormat(xmp(false), 'application/pdf')).toEqual({ name: 'PDF/A-3u', version: '1.7' });
    expect(detectFormat(Buffer.from('%PDF-1.4\n...'), 'application/pdf')).toEqual({ name: 'PDF', version: '1.4' });
    expect(detectFormat(Buffer.from('PK'), 'application/zip')).toEqual({ name: 'application/zip', version: null });
  });

  it('the archive identity comes from the environment, and is required', () => {
    const c = archiveConfigFromEnv({ ARCHIVE_CREATOR: ' Region Örebro län ', ARCHIVE_CREATOR_ID: '232100-0164' });
    expect(c).toMatchObject({ creator: 'Region Örebro län', creatorId: '232100-0164', system: 'Styrbord', archive: null });
    expect(configProblems(c)).toEqual([]);
    expect(configProblems(archiveConfigFromEnv({}))[0]).toContain('ARCHIVE_CREATOR_ID');
  });

  it('paragraph ranges and XML escaping', () => {
    expect(paragraphRange([3, 1, 2])).toBe('§§ 1–3');
    expect(paragraphRange([4])).toBe('§ 4');
    expect(xmlEscape('a\u0001<b>&"')).toBe('a&lt;b&gt;&amp;&quot;');
  });
});
