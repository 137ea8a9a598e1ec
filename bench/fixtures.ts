/** Generated material for the benchmarks: attachment PDFs and an agenda snapshot that uses them. */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { sql } from 'kysely';
import type { Db } from '../src/db/index.ts';
import { foldSql } from '../src/publish/words.ts';
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

const WORDS = ['medfinansiering', 'regional', 'utveckling', 'tillväxt', 'företag', 'kompetens', 'infrastruktur', 'kollektivtrafik', 'näringsliv', 'innovation', 'besöksnäring', 'kultur', 'folkhälsa', 'landsbygd', 'digitalisering', 'hållbar', 'projekt', 'ansökan', 'beslut', 'uppföljning', 'budget', 'länet', 'kommun', 'Örebro', 'Karlskoga', 'Hallsberg', 'Lindesberg', 'Kumla', 'Askersund', 'Nora'];

/** The API benchmark's data set at `scale` (1 = 20 years of a region's committees), generated deterministically in SQL. */
export async function generateApiData(db: Db, scale: number) {
  const nCases = Math.round(100_000 * scale);
  const nMeetings = Math.round(5_000 * scale);
  // words from a vocabulary of 5 000 (the 30 real words and generated ones), so a query matches a fraction of the documents
  const VOCAB = 5000;
  const wordArray = `array[${WORDS.map((w) => `'${w}'`).join(',')}]`;
  const phrase = (seed: string, n: number) =>
    sql.raw(`(select string_agg(case when w < ${WORDS.length} then (${wordArray})[1 + w] else 'term' || w end, ' ')
              from (select ((${seed}) * 7919 + k * 104729) % ${VOCAB} as w from generate_series(1, ${n}) k) x)`);
  await db.tx(async (trx) => {
    await sql`insert into body (name, organisation) select 'Nämnd ' || b, 'Region Örebro län' from generate_series(1, 10) b`.execute(trx);
    await sql`insert into diarium_case (year, series, serial, case_number, title, registered_on, origin)
      select 2005 + (i % 20), 'RS', i, lpad(((5 + i % 20))::text, 2, '0') || 'RS' || i, 'Ärende ' || i || ' om ' || ${phrase('i', 4)}, make_date(2005 + (i % 20), 1 + (i % 12), 1 + (i % 28)), 'registered'
      from generate_series(1, ${nCases}) i`.execute(trx);
    await sql`insert into meeting (body_id, date, start_time, end_time, place)
      select 1 + (i % 10), date '2005-01-01' + i, '10:00', '15:00', 'Konferensrum ' || (i % 7) from generate_series(1, ${nMeetings}) i`.execute(trx);
    await sql`insert into agenda_item (meeting_id, number, title, kind, case_id, presenters, addressee, has_proposal, summary, attachment_text)
      select m.id, n, initcap(${phrase('(m.id * 20 + n)', 5)}), 'decision', 1 + ((m.id * 20 + n) % ${nCases}),
             array['Handläggare ' || (n % 40), 'Chef ' || (m.id % 9)], 'Nämnden beslutar', true, ${phrase('(m.id + n)', 40)}, ${phrase('(m.id * 3 + n)', 400)}
      from meeting m cross join generate_series(1, 20) n`.execute(trx);
    await sql`insert into proposal_clause (agenda_item_id, position, text)
      select ai.id, p, 'att ' || ${phrase('(ai.id + p)', 12)} from agenda_item ai cross join generate_series(1, 2) p`.execute(trx);
    await sql`insert into search_document (kind, ref_id, meeting_id, case_id, public, title, body, item_id, item_number, meeting_date, case_number, presenters)
      select 'agenda-item', ai.id, ai.meeting_id, ai.case_id, true, ai.number || '. ' || ai.title, ai.summary, ai.id, ai.number, m.date, c.case_number, ai.presenters
      from agenda_item ai join meeting m on m.id = ai.meeting_id left join diarium_case c on c.id = ai.case_id`.execute(trx);
    await sql`insert into search_document (kind, ref_id, meeting_id, case_id, public, title, body, item_id, item_number, meeting_date, case_number, presenters)
      select 'attachment', ai.id, ai.meeting_id, ai.case_id, true, 'Bilagor till ' || ai.title, ai.attachment_text, ai.id, ai.number, m.date, c.case_number, ai.presenters
      from agenda_item ai join meeting m on m.id = ai.meeting_id left join diarium_case c on c.id = ai.case_id`.execute(trx);
    // the index's word table (migration 048), as publish/store.ts keeps it when documents are written
    await sql`insert into search_word (lexeme, folded, docs, public_docs)
      select l, ${foldSql(sql`l`)}, count(*)::int, (count(*) filter (where d.public))::int from search_document d, unnest(tsvector_to_array(d.tsv)) l
      where l ~ '[[:alpha:]]' and length(l) between 3 and 40 group by l`.execute(trx);
  });
  await sql`analyze`.execute(db.kysely);
  const counts = await sql<{ cases: number; meetings: number; items: number; docs: number }>`
    select (select count(*)::int from diarium_case) cases, (select count(*)::int from meeting) meetings,
           (select count(*)::int from agenda_item) items, (select count(*)::int from search_document) docs`.execute(db.kysely);
  return counts.rows[0]!;
}
