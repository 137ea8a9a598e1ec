/**
 * The minutes and extracts as PDF. The signed content is only what the
 * minutes say (attendance, paragraphs, adjusters' names): never the state of
 * signing or the notice, so every adjuster signs the same bytes.
 */
import type { DecisionView, MeetingDetail, MinutesView } from '../http/contract.ts';
import { formatLongDate } from '../kernel/dates.ts';
import { TextFlow } from '../documents/flow.ts';

const withParty = (p: { name: string; party: string | null }) => (p.party ? `${p.name} (${p.party})` : p.name);

function paragraphRange(view: MinutesView): string {
  const ps = view.decisions.map((d) => d.paragraph).filter((p): p is number => p !== null).sort((a, b) => a - b);
  if (ps.length === 0) return 'ej numrerade';
  return ps.length === 1 ? `§ ${ps[0]}` : `§§ ${ps[0]}–${ps.at(-1)}`;
}

function writeHeader(flow: TextFlow, view: MinutesView, meeting: MeetingDetail, title: string) {
  flow.heading(title, 1);
  flow.text(view.bodyName, { size: 13, bold: true, gapAfter: 6 });
  flow.field('Sammanträdesdatum', view.meetingDate);
  if (meeting.startTime) flow.field('Tid', `kl. ${meeting.startTime}${meeting.endTime ? `–${meeting.endTime}` : ''}`);
  if (meeting.place) flow.field('Plats', meeting.place);
}

function writeParagraph(flow: TextFlow, d: DecisionView, addressee: string) {
  flow.heading(`${d.paragraph !== null ? `§ ${d.paragraph} ` : ''}${d.itemTitle}`, 2);
  if (d.caseNumber) flow.text(`Diarienummer: ${d.caseNumber}`, { size: 9.5 });
  flow.text(`Punkt ${d.itemNumber} på föredragningslistan. ${d.outcomeLabel}.`, { size: 9.5, gapAfter: 4 });
  if (d.conflicted.length) flow.text(`Jäv: ${d.conflicted.map((c) => c.name).join(', ')} deltar inte i handläggningen av ärendet.`, { gapAfter: 4 });
  if (d.voteSummary) flow.text(`Omröstning: ${d.voteSummary}`, { gapAfter: 4 });
  flow.text(`${addressee} beslutar`, { bold: true });
  for (const clause of d.clauses) {
    const [first = '', ...bullets] = clause.split('\n');
    flow.text(first, { indent: 10 });
    for (const b of bullets) flow.bullet(b.replace(/^•\s*/, ''), 24);
  }
  if (d.motivation && d.outcome === 'referred-back') flow.text(`Motivering: ${d.motivation}`);
  for (const n of d.notes) {
    flow.space(4);
    flow.text(`${n.kind === 'reservation' ? 'Reservation' : 'Protokollsanteckning'}: ${withParty(n)}`, { bold: true });
    flow.text(n.text);
  }
  if (d.immediatelyAdjusted) flow.text('Paragrafen förklaras omedelbart justerad.', { gapAfter: 2 });
  if (d.recipients.length) {
    flow.space(4);
    flow.text('Skickas till:', { size: 9.5, bold: true });
    for (const r of d.recipients) flow.text(r, { size: 9.5 });
  }
}

export async function renderMinutesPdf(view: MinutesView, meeting: MeetingDetail): Promise<Uint8Array> {
  const flow = await TextFlow.create({
    title: `Protokoll ${view.bodyName} ${view.meetingDate}`,
    author: view.bodyName,
    subject: `Protokoll från sammanträde ${formatLongDate(view.meetingDate)}`,
    date: new Date(`${view.meetingDate}T00:00:00Z`),
    header: `Protokoll – ${view.bodyName} – ${view.meetingDate}`,
  });
  writeHeader(flow, view, meeting, 'Protokoll');
  flow.field('Paragrafer', paragraphRange(view));
  flow.heading('Beslutande ledamöter', 3);
  for (const a of view.attendance.filter((x) => x.present && (x.kind === 'member' || x.replacesPersonId))) {
    const role = a.role === 'chair' ? ', ordförande' : a.role === 'first-vice-chair' ? ', vice ordförande' : a.role === 'second-vice-chair' ? ', 2:e vice ordförande' : '';
    const span = a.fromItem || a.toItem ? ` (punkt ${a.fromItem ?? 1}–${a.toItem ?? 'slut'})` : '';
    flow.text(`${withParty(a)}${role}${a.replacesName ? `, tjänstgörande ersättare för ${a.replacesName}` : ''}${span}`);
  }
  const others = view.attendance.filter((x) => x.present && x.kind === 'substitute' && !x.replacesPersonId);
  if (others.length) {
    flow.heading('Närvarande ersättare', 3);
    for (const a of others) flow.text(withParty(a));
  }
  const absent = view.attendance.filter((x) => !x.present && x.kind === 'member');
  if (absent.length) {
    flow.heading('Frånvarande ledamöter', 3);
    for (const a of absent) flow.text(withParty(a));
  }
  flow.heading('Justerare', 3);
  flow.text(view.adjusters.length ? view.adjusters.map(withParty).join(', ') : 'Ej utsedda');
  flow.field('Protokollet förvaras', view.keptAt);
  const addressee = view.bodyName;
  for (const d of view.decisions) writeParagraph(flow, d, addressee);
  flow.heading('Underskrifter', 2);
  for (const a of view.adjusters) {
    flow.space(18);
    flow.text('______________________________');
    flow.text(withParty(a));
  }
  return flow.finish();
}

/** Protokollsutdrag: one paragraph, certified as a true extract. */
export async function renderExtractPdf(view: MinutesView, meeting: MeetingDetail, paragraph: number): Promise<Uint8Array> {
  const d = view.decisions.find((x) => x.paragraph === paragraph);
  if (!d) throw new Error(`§ ${paragraph} finns inte i protokollet`);
  const flow = await TextFlow.create({
    title: `Protokollsutdrag § ${paragraph} ${view.bodyName} ${view.meetingDate}`,
    author: view.bodyName,
    date: new Date(`${view.meetingDate}T00:00:00Z`),
    header: `Protokollsutdrag – ${view.bodyName} – ${view.meetingDate}`,
  });
  writeHeader(flow, view, meeting, 'Protokollsutdrag');
  writeParagraph(flow, d, view.bodyName);
  flow.space(12);
  flow.text(view.locked ? `Protokollet justerades ${view.adjustedOn}. Rätt utdraget intygar:` : 'Protokollet är ännu inte justerat.', { gapAfter: 4 });
  return flow.finish();
}
