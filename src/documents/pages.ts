/**
 * The generated pages of the kallelse book and the briefing memo, drawn from
 * the records (a BookSnapshot), never typed twice: the summons page, the
 * föredragningslista, an item's divider page, and the FöredragningsPM.
 */
import type { PDFDocument, PDFPage } from 'pdf-lib';
import { ROLE_LABEL } from '../meetings/model.ts';
import type { Fonts } from './fonts.ts';
import { A4, Layout, MARGIN, textWidth, wrap } from './layout.ts';
import { MEMO_SECTIONS, itemHeading, timeText, type BookSnapshot, type BriefingMemo, type ProposalText, type SnapshotItem, type SnapshotPerson } from './model.ts';
import { missingUnderlag } from './underlag.ts';

/** The region's letterhead, as the papers show it at the foot of each page. */
export const LETTERHEAD = {
  web: 'www.regionorebrolan.se',
  postal: 'Box 1613, 701 16 Örebro',
  email: 'regionen@regionorebrolan.se',
};

function footer(organisation: string) {
  return (page: PDFPage, _i: number, l: Layout) => {
    const o = { size: 7.5, grey: true };
    l.at(page, LETTERHEAD.web, MARGIN.left, 46, o);
    l.at(page, `Postadress: ${organisation}`, MARGIN.left + 140, 46, o);
    l.at(page, LETTERHEAD.postal, MARGIN.left + 140, 37, o);
    l.at(page, `E-post: ${LETTERHEAD.email}`, A4[0] - MARGIN.right, 46, { ...o, right: true });
  };
}

const withParty = (p: SnapshotPerson) => (p.party ? `${p.name} (${p.party})` : p.name);
const memberLine = (p: SnapshotPerson) => (p.role === 'member' ? withParty(p) : `${withParty(p)}, ${ROLE_LABEL[p.role]}`);

/** Page 1: who is summoned, when and where. */
export function renderSummons(doc: PDFDocument, fonts: Fonts, s: BookSnapshot): PDFPage[] {
  const m = s.meeting;
  const l = new Layout(doc, fonts, {
    header: (page, _i, lay) => {
      lay.at(page, 'Kallelse', MARGIN.left, A4[1] - 60, { size: 20, bold: true });
      lay.at(page, m.organisation, A4[0] - MARGIN.right, A4[1] - 60, { size: 10, bold: true, right: true });
      return A4[1] - 90;
    },
    footer: footer(m.organisation),
  });
  l.text('Sammanträde med:', { size: 10.5 });
  l.text(m.bodyName, { size: 15, bold: true, gapAfter: 8 });
  l.labelled('Sammanträdesdatum', m.date);
  const time = timeText(m.startTime, m.endTime);
  if (time) l.labelled('Tid', time);
  if (m.place) l.labelled('Plats', m.place);
  if (m.groupMeetings.length) {
    l.space(10);
    const [head = '', ...rest] = m.groupMeetings;
    l.text(head, { bold: true });
    for (const g of rest) l.text(g);
  }
  l.space(10);
  if (m.absenceNotice) l.text(m.absenceNotice, { gapAfter: 6 });
  else if (m.secretary) {
    const contact = [m.secretary.email && `e-post: ${m.secretary.email}`, m.secretary.phone && `telefon: ${m.secretary.phone}`].filter(Boolean).join(' eller ');
    l.text(`Meddela förhinder snarast möjligt till nämndsekreterare ${m.secretary.name}${contact ? `, ${contact}` : ''}.`, { gapAfter: 6 });
  }
  l.text('Du som är ersättare meddelar om du kommer att närvara.', { gapAfter: 6 });
  l.text('Tänk på våra allergiker och undvik starka dofter.', { gapAfter: 14 });
  l.columns(
    { title: 'Ledamöter kallas', lines: s.members.map(memberLine) },
    { title: 'Ersättare underrättas', lines: s.substitutes.map(withParty) },
  );
  return l.pages;
}

function proposal(l: Layout, p: ProposalText, size = 10.5) {
  if (p.addressee) l.text(p.addressee, { size, gapAfter: 4 });
  for (const c of p.clauses) l.clause(c, size);
  for (const n of p.notes) l.text(n, { size, gapAfter: 4 });
}

function agendaItem(l: Layout, item: SnapshotItem) {
  l.keep(90);
  l.space(10);
  l.text(itemHeading(item), { size: 12, bold: true, hang: textWidth(l.fonts.bold, `${item.number}. `, 12), gapAfter: 2 });
  if (item.secrecyRef) l.text(`Sekretess enligt ${item.secrecyRef}`, { size: 10, bold: true, gapAfter: 2 });
  const facts = [item.caseNumber && `Diarienummer: ${item.caseNumber}`, `Föredragande: ${item.presenters.join(', ')}`].filter(Boolean).join('   ');
  l.text(facts, { size: 10, gapAfter: 4 });
  for (const sub of item.subItems) {
    const who = sub.presenters.length ? ` - ${sub.presenters.join(', ')}` : '';
    const dnr = sub.caseNumber && !sub.title.includes(sub.caseNumber) ? `, diarienummer ${sub.caseNumber}` : '';
    const text = `${sub.title}${dnr}${who}${sub.note ? ` ${sub.note}` : ''}`;
    l.bullet(text, 0, 10.5, sub.number !== null ? `${sub.number}.` : '-');
  }
  if (item.proposal) {
    l.heading('Förslag till beslut', 10.5, 4);
    proposal(l, item.proposal);
  }
  if (item.summary) {
    l.heading('Sammanfattning', 10.5, 4);
    l.paragraphs(item.summary);
  }
  if (item.decisionBasis.length) {
    l.heading('Beslutsunderlag', 10.5, 6);
    for (const b of item.decisionBasis) l.bullet(b);
  }
}

/** The föredragningslista: every item with case number, presenters, proposal, summary and decision basis. */
export function renderAgenda(doc: PDFDocument, fonts: Fonts, s: BookSnapshot): PDFPage[] {
  const l = new Layout(doc, fonts, {
    header: (page, i, lay) => {
      lay.at(page, 'Föredragningslista', MARGIN.left, A4[1] - 60, { size: i === 0 ? 20 : 12, bold: true });
      lay.at(page, `${s.meeting.bodyName} ${s.meeting.date}`, A4[0] - MARGIN.right, A4[1] - 60, { size: 9, right: true, grey: true });
      return A4[1] - 84;
    },
    footer: footer(s.meeting.organisation),
  });
  l.current; // the first page even for an empty agenda
  if (s.items.length === 0) l.text('Föredragningslistan har inga punkter.');
  for (const item of s.items) agendaItem(l, item);
  return l.pages;
}

/** The page before an item's attachments: its number, title and case number, and what follows. */
export function renderDivider(
  doc: PDFDocument,
  fonts: Fonts,
  s: BookSnapshot,
  item: SnapshotItem,
  contents: Array<{ title: string; page: number | null; secrecyRef?: string | null }>,
): PDFPage[] {
  const l = new Layout(doc, fonts, { footer: footer(s.meeting.organisation) });
  l.current;
  l.y = A4[1] - 260;
  l.text(String(item.number), { size: 40, bold: true, align: 'center', gapAfter: 16 });
  l.text(item.title, { size: 20, bold: true, align: 'center', gapAfter: 14 });
  if (item.caseNumber) l.text(item.caseNumber, { size: 14, align: 'center' });
  if (item.secrecyRef) l.text(`Sekretess enligt ${item.secrecyRef}`, { size: 12, bold: true, align: 'center' });
  if (contents.length) {
    l.y = Math.min(l.y - 40, 300);
    l.text('Handlingar under punkten', { size: 10, bold: true, gapAfter: 2 });
    for (const c of contents) l.text(`${c.title} (${c.page === null ? 'egen fil' : `sida ${c.page}`})${c.secrecyRef && c.secrecyRef !== item.secrecyRef ? ` – sekretess enligt ${c.secrecyRef}` : ''}`, { size: 10, indent: 10 });
  } else {
    l.y = Math.min(l.y - 40, 300);
    const missing = missingUnderlag(item);
    if (missing.length) {
      l.text('Beslutsunderlag som saknas', { size: 10, bold: true, gapAfter: 2 });
      for (const m of missing) l.text(`${m} (saknas)`, { size: 10, indent: 10 });
    } else l.text('Inga handlingar under punkten.', { size: 10, grey: true });
  }
  return l.pages;
}

export interface MemoContext {
  bodyName: string;
  organisation: string;
  meetingDate: string;
  caseNumber: string | null;
  itemTitle: string;
  proposal: ProposalText;
}

/** The FöredragningsPM: the header grid on every page, then its sections, signature and "Skickas till". */
export function renderMemo(doc: PDFDocument, fonts: Fonts, memo: BriefingMemo, ctx: MemoContext): PDFPage[] {
  const top = A4[1] - 64;
  const colX = [MARGIN.left, MARGIN.left + 215, MARGIN.left + 330];
  const l = new Layout(doc, fonts, {
    header: (page, i, lay) => {
      lay.at(page, 'Tjänsteställe, handläggare', colX[0]!, top, { size: 7.5, grey: true });
      lay.at(page, 'Sammanträdesdatum', colX[1]!, top, { size: 7.5, grey: true });
      lay.at(page, 'FöredragningsPM', colX[2]!, top, { size: 7.5, grey: true });
      const unitLine = wrap(`${memo.unit}, ${memo.officer}`, lay.fonts.regular, 10, colX[1]! - colX[0]! - 8);
      unitLine.slice(0, 2).forEach((line, k) => lay.at(page, line, colX[0]!, top - 13 - k * 12, { size: 10 }));
      lay.at(page, ctx.meetingDate, colX[1]!, top - 13, { size: 10 });
      lay.at(page, `Dnr: ${ctx.caseNumber ?? '–'}`, colX[2]!, top - 13, { size: 10 });
      if (i > 0) return top - 50;
      lay.at(page, 'Organ', colX[0]!, top - 46, { size: 7.5, grey: true });
      lay.at(page, ctx.bodyName, colX[0]!, top - 59, { size: 10 });
      return top - 80;
    },
    footer: footer(ctx.organisation),
  });
  l.text(memo.title ?? ctx.itemTitle, { size: 14, bold: true, gapAfter: 4 });
  for (const s of MEMO_SECTIONS) {
    if (s.key === 'proposal') {
      l.heading(s.heading, 11);
      proposal(l, ctx.proposal);
    } else if (s.key === 'decisionBasis') {
      l.heading(s.heading, 11);
      for (const b of memo.decisionBasis) l.text(b, { gapAfter: 2 });
    } else {
      const text = memo[s.key];
      if (!text) continue;
      l.heading(s.heading, 11);
      l.paragraphs(text);
    }
  }
  l.keep(60);
  l.space(28);
  l.text(memo.signatory.name);
  l.text(memo.signatory.title, { gapAfter: 14 });
  l.keep(40);
  l.text('Skickas till:', { bold: true });
  for (const r of memo.sendTo) l.text(r);
  // The memo's own page numbers, as the region's template has them: "1 (2)".
  l.pages.forEach((page, i) => l.at(page, `${i + 1} (${l.pages.length})`, A4[0] - MARGIN.right, top, { size: 8, right: true, grey: true }));
  return l.pages;
}
