import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { readPdf } from '../../test/helpers/pdf.ts';
import { renderBook, renderMemoPdf } from './book.ts';
import { BOOK_LAYOUT_VERSION, validateMemo, type BookSnapshot, type SnapshotAttachment } from './model.ts';

/** A real PDF of several pages, as an official would upload. */
async function pdfOf(title: string, pages: number, o: { rotateSecond?: boolean; size?: [number, number] } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage(o.size ?? [595.28, 841.89]);
    if (o.rotateSecond && i === 2) page.setRotation(degrees(90));
    page.drawText(`${title} sida ${i} av ${pages}`, { x: 60, y: page.getHeight() - 120, size: 14, font });
  }
  return doc.save();
}

const proposal = { addressee: 'Regional tillväxtnämnd beslutar', clauses: ['att godkänna regional tillväxtnämnds delårsrapport januari-juli 2020.'], notes: [] };
const memo = validateMemo(
  {
    unit: 'Ekonomi',
    officer: 'Helena Torége',
    summary: 'I bifogat material finner regional tillväxtnämnd delårsrapport 2020.',
    description: 'Materialet innehåller uppföljning av både verksamhet och ekonomi.',
    consequences: 'Se underlag i delårsrapporten.',
    economy: 'Se underlag i delårsrapporten.',
    decisionBasis: ['FöredragningsPM till regional tillväxtnämnd 2020-08-24.'],
    signatory: { name: 'Petter Arneback', title: 'Regional utvecklingsdirektör' },
    sendTo: ['Regionkansliet, ekonomistaben'],
  },
  proposal,
);

async function fixture() {
  const files = new Map<string, Uint8Array>();
  const add = async (title: string, bytes: Uint8Array, pageCount: number): Promise<SnapshotAttachment> => {
    const sha256 = String(files.size + 1).padStart(64, '0');
    files.set(sha256, bytes);
    return { title, secrecyRef: null, fileName: `${title}.pdf`, sha256, pageCount, byteSize: bytes.length };
  };
  const report = await add('Delårsrapport januari-juli 2020', await pdfOf('Delarsrapport', 4, { rotateSecond: true }), 4);
  const letter = await add('Projektbeskrivning, Smart tillväxt 2021-2023', await pdfOf('Projektbeskrivning', 3, { size: [612, 792] }), 3);
  const snapshot: BookSnapshot = {
    layout: BOOK_LAYOUT_VERSION,
    meeting: {
      bodyName: 'Regional tillväxtnämnd',
      organisation: 'Region Örebro län',
      date: '2020-02-14',
      startTime: '10:00',
      endTime: '15:00',
      place: 'Konferensrum Linden, Eklundavägen 1 Örebro',
      groupMeetings: ['Gruppmöten kl 9.00-10.00:', '(S), (KD), (C) i konferensrum Linden'],
      absenceNotice: 'Meddela förhinder snarast möjligt till nämndsekreterare June Fors, e-post: june.fors@regionorebrolan.se eller telefon: 019-602 71 73.',
      secretary: null,
    },
    members: [
      { name: 'Irén Lejegren', party: 'S', role: 'chair' },
      { name: 'Torbjörn Ahlin', party: 'C', role: 'first-vice-chair' },
      { name: 'Willhelm Sundman', party: 'L', role: 'second-vice-chair' },
    ],
    substitutes: [{ name: 'Ingrid Båve', party: 'S', role: 'member' }],
    items: [
      {
        number: 1,
        title: 'Protokollsjustering',
        kind: 'adjustment',
        caseNumber: null,
        presenters: [],
        proposal: { addressee: 'Regional tillväxtnämnd beslutar', clauses: ['att jämte ordföranden justera dagens protokoll.'], notes: ['Protokollet ska vara justerat senast den 28 februari 2020.'] },
        adjustmentDeadline: '2020-02-28',
        summary: null,
        decisionBasis: [],
        subItems: [],
        memo: null,
        attachments: [],
        secrecyRef: null,
      },
      {
        number: 2,
        title: 'Delårsrapport januari-juli 2020, regional tillväxtnämnd',
        kind: 'decision',
        caseNumber: '20RS6567',
        presenters: ['Helena Torége'],
        proposal,
        adjustmentDeadline: null,
        summary: 'Materialet innehåller uppföljning av både verksamhet och ekonomi kopplat till nämndens ansvar.',
        decisionBasis: ['FöredragningsPM regional tillväxtnämnd 200824, Delårsrapport januari-juli 2020', 'Delårsrapport januari-juli 2020'],
        subItems: [],
        memo,
        attachments: [report],
        secrecyRef: null,
      },
      {
        number: 3,
        title: 'Medfinansiering av Smart tillväxt 2021 - 2023',
        kind: 'decision',
        caseNumber: '20RS3419',
        presenters: ['Lena Kihl'],
        proposal: { addressee: 'Regional tillväxtnämnd beslutar:', clauses: ['att Almi Företagspartner Mälardalen AB beviljas 13 procent av projektets bokförda kostnader, dock högst 1 912 400 kronor\n• Beslutet gäller under förutsättning att projektets budget är fullt finansierad.'], notes: [] },
        adjustmentDeadline: null,
        summary: null,
        decisionBasis: ['Projektbeskrivning, Smart tillväxt 2021-2023'],
        subItems: [],
        memo: null,
        attachments: [letter],
        secrecyRef: 'OSL 31 kap. 16 §',
      },
    ],
  };
  return { snapshot, files };
}

async function build(snapshot: BookSnapshot, files: Map<string, Uint8Array>) {
  const chunks: Uint8Array[] = [];
  const events: string[] = [];
  const progress: Array<{ phase: string; done: number; total: number }> = [];
  const { pageCount } = await renderBook(snapshot, {
    read: async (sha) => {
      events.push(`read ${Number(sha)}`);
      return files.get(sha)!;
    },
    sink: {
      write: async (c) => {
        events.push('write');
        chunks.push(c);
      },
    },
    id: 'ab'.repeat(16),
    flushBytes: 1,
    createdAt: new Date('2020-02-01T08:00:00Z'),
    onProgress: (p) => void progress.push(p),
  });
  return { bytes: new Uint8Array(Buffer.concat(chunks)), pageCount, events, progress };
}

describe('the kallelse book', () => {
  it('has the summons, the föredragningslista, and per item a divider, the memo and the attachments, every page stamped', async () => {
    const { snapshot, files } = await fixture();
    const { bytes, pageCount, events, progress } = await build(snapshot, files);
    const pdf = await readPdf(bytes);
    // 1 summons + 1 agenda + item 1 (divider) + item 2 (divider, memo, 4 pages) + item 3 (divider, 3 pages)
    const memoPages = pdf.outline[3]!.children[1]!.page - pdf.outline[3]!.children[0]!.page;
    expect(pdf.pageCount).toBe(pageCount);
    expect(pageCount).toBe(2 + 1 + (1 + memoPages + 4) + (1 + 3));
    pdf.pages.forEach((text, i) => expect(text).toContain(`${i + 1} (${pageCount})`));

    expect(pdf.pages[0]).toContain('Kallelse');
    expect(pdf.pages[0]).toContain('2020-02-14');
    expect(pdf.pages[0]).toContain('Konferensrum Linden');
    expect(pdf.pages[0]).toContain('Irén Lejegren (S), ordförande');
    expect(pdf.pages[0]).toContain('Torbjörn Ahlin (C), vice ordförande');
    expect(pdf.pages[0]).toContain('Willhelm Sundman (L), 2:e vice ordförande');
    expect(pdf.pages[0]).toContain('Ingrid Båve (S)');
    expect(pdf.pages[0]).toContain('Meddela förhinder snarast möjligt till nämndsekreterare June Fors');
    expect(pdf.pages[1]).toContain('Föredragningslista');
    expect(pdf.pages[1]).toContain('Diarienummer: 20RS6567 Föredragande: Helena Torége');
    expect(pdf.pages[1]).toContain('1 912 400 kronor');

    expect(pdf.outline.map((o) => o.title)).toEqual([
      'Kallelse',
      'Föredragningslista',
      '1. Protokollsjustering',
      '2. Delårsrapport januari-juli 2020, regional tillväxtnämnd',
      '3. Medfinansiering av Smart tillväxt 2021 - 2023',
    ]);
    expect(pdf.outline.map((o) => o.page)).toEqual([1, 2, 3, 4, 5 + memoPages + 4]);
    const item2 = pdf.outline[3]!;
    expect(item2.children.map((c) => c.title)).toEqual(['FöredragningsPM, Delårsrapport januari-juli 2020, regional tillväxtnämnd', 'Delårsrapport januari-juli 2020']);
    expect(pdf.pages[item2.page - 1]).toContain('20RS6567');
    const memoPage = pdf.pages[item2.children[0]!.page - 1]!;
    expect(memoPage).toContain('Tjänsteställe, handläggare');
    expect(memoPage).toContain('Ekonomi, Helena Torége');
    expect(memoPage).toContain('Dnr: 20RS6567');
    expect(memoPage).toContain('Konsekvenser för miljö-, barn- och jämställdhetsperspektiven');
    const firstReportPage = item2.children[1]!.page;
    expect(pdf.pages[firstReportPage - 1]).toContain('Delarsrapport sida 1 av 4');
    expect(pdf.pages[firstReportPage]).toContain('Delarsrapport sida 2 av 4'); // the rotated page
    expect(pdf.pages[pageCount - 1]).toContain('Projektbeskrivning sida 3 av 3');
    const item3 = pdf.outline[4]!;
    expect(pdf.pages[item3.page - 1]).toContain('Sekretess enligt OSL 31 kap. 16 §');

    expect(pdf.info).toMatchObject({ Title: 'Kallelse Regional tillväxtnämnd 2020-02-14', Author: 'Regional tillväxtnämnd', Language: 'sv-SE' });

    // One attachment in memory at a time: each is read only after the one before it has been written out.
    expect(events.filter((e) => e.startsWith('read'))).toEqual(['read 1', 'read 2']);
    expect(events.indexOf('read 2')).toBeGreaterThan(events.indexOf('read 1') + 1);
    expect(events.slice(events.indexOf('read 1'), events.indexOf('read 2'))).toContain('write');
    expect(progress.at(-1)).toEqual({ phase: 'saving', done: pageCount, total: pageCount });
  });

  it('is a valid PDF by qpdf', async () => {
    const qpdf = spawnSync('qpdf', ['--version']);
    if (qpdf.status !== 0) return;
    const { snapshot, files } = await fixture();
    const { bytes } = await build(snapshot, files);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'bok-')), 'bok.pdf');
    writeFileSync(file, bytes);
    const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    expect(check.stdout + check.stderr).toContain('No syntax or stream encoding errors');
    expect(check.status).toBe(0);
  });

  it('renders a memo on its own with the header grid and the signature', async () => {
    const bytes = await renderMemoPdf(memo, {
      bodyName: 'Regional tillväxtnämnd',
      organisation: 'Region Örebro län',
      meetingDate: '2020-08-24',
      caseNumber: '20RS6567',
      itemTitle: 'Delårsrapport januari-juli 2020, regional tillväxtnämnd',
      proposal,
    });
    const pdf = await readPdf(bytes);
    const text = pdf.pages.join('\n');
    for (const s of ['Tjänsteställe, handläggare', 'Sammanträdesdatum', 'FöredragningsPM', 'Organ', 'Regional tillväxtnämnd', 'Förslag till beslut', 'Sammanfattning', 'Ärendebeskrivning', 'Ekonomiska konsekvenser', 'Beslutsunderlag', 'Petter Arneback', 'Regional utvecklingsdirektör', 'Skickas till:', 'Regionkansliet, ekonomistaben', '2020-08-24', 'Dnr: 20RS6567']) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('Bedömning'); // optional and empty
    expect(text).toContain('att godkänna regional tillväxtnämnds delårsrapport januari-juli 2020.');
    expect(pdf.pages[0]).toContain(`1 (${pdf.pageCount})`);
    expect(pdf.info).toMatchObject({ Author: 'Regional tillväxtnämnd', Language: 'sv-SE' });
  });
});
