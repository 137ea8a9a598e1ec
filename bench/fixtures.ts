/** Generated material for the benchmarks: attachment PDFs and an agenda snapshot that uses them. */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { FileStore } from '../src/documents/files.ts';
import { BOOK_LAYOUT_VERSION, type BookSnapshot, type SnapshotItem } from '../src/documents/model.ts';

const LINE = 'Region Örebro län beviljas 13 procent av projektets bokförda kostnader, dock högst 1 912 400 kronor.';

/** A real PDF of `pages` pages of running text, as an official's attachment might be. */
export async function attachmentPdf(title: string, pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(`${title} – sida ${p + 1}`, { x: 60, y: 780, size: 14, font: bold });
    for (let l = 0; l < 45; l++) page.drawText(`${l + 1}. ${LINE}`.replace(/[Ööäå]/g, (c) => ({ Ö: 'O', ö: 'o', ä: 'a', å: 'a' })[c] ?? c), { x: 60, y: 750 - l * 15, size: 9, font });
  }
  return doc.save();
}

export interface BenchBook {
  snapshot: BookSnapshot;
  files: string[];
}

/** `items` agenda items, each with one attachment of `pagesEach` pages, stored in `store`. */
export async function benchBook(store: FileStore, dir: string, items: number, pagesEach: number): Promise<BenchBook> {
  const { writeFile } = await import('node:fs/promises');
  const files: string[] = [];
  const list: SnapshotItem[] = [];
  for (let i = 1; i <= items; i++) {
    const title = `Bilaga till punkt ${i}`;
    const bytes = await attachmentPdf(title, pagesEach);
    const { sha256 } = await store.putBytes(bytes);
    const file = `${dir}/a${String(i).padStart(3, '0')}.pdf`;
    await writeFile(file, bytes);
    files.push(file);
    list.push({
      number: i,
      title: `Medfinansiering av projekt ${i} inom regional tillväxt`,
      kind: 'decision',
      caseNumber: `20RS${1000 + i}`,
      presenters: ['Lena Kihl'],
      proposal: {
        addressee: 'Regional tillväxtnämnd beslutar',
        clauses: [`att bevilja projekt ${i} högst 1 912 400 kronor samt`, 'att finansiering sker inom ramen för regionalt utvecklingsstöd.'],
        notes: [],
      },
      adjustmentDeadline: null,
      summary: 'Projektet ska utveckla metoder för hållbar affärsutveckling som utformas utifrån de regionala utmaningar som finns i länet.',
      decisionBasis: [title],
      subItems: [],
      memo: null,
      attachments: [{ title, secrecyRef: null, fileName: `a${i}.pdf`, sha256, pageCount: pagesEach, byteSize: bytes.length }],
      secrecyRef: null,
    });
  }
  const person = (name: string, party: string) => ({ name, party, role: 'member' as const });
  return {
    files,
    snapshot: {
      layout: BOOK_LAYOUT_VERSION,
      meeting: {
        bodyName: 'Regional tillväxtnämnd',
        organisation: 'Region Örebro län',
        date: '2020-08-24',
        startTime: '10:00',
        endTime: '15:00',
        place: 'Konferensrum Linden, Eklundavägen 1 Örebro',
        groupMeetings: ['Gruppmöten kl 9.00-10.00:'],
        absenceNotice: 'Meddela förhinder snarast möjligt till nämndsekreterare June Fors.',
        secretary: null,
      },
      members: Array.from({ length: 15 }, (_, i) => person(`Ledamot ${i + 1}`, 'S')),
      substitutes: Array.from({ length: 9 }, (_, i) => person(`Ersättare ${i + 1}`, 'M')),
      items: list,
    },
  };
}
