/**
 * The minutes and extracts as PDF, rendered from a snapshot of what the
 * minutes say (model.ts `MinutesSnapshot`: attendance, paragraphs,
 * adjusters' names): never the state of signing or the notice, so every
 * adjuster signs the same bytes, and signed minutes render from their frozen
 * snapshot alone. The dates in the file are the meeting's, so the bytes – and
 * the SHA-256 – depend only on the snapshot.
 *
 * The adjusted protokoll (issue 15.3) is the same content with an
 * `Adjustment`: each signature (name, role, date and time, method), the
 * secretary, the anslagsbevis and the seal. It is rendered once, at the last
 * signature, sealed (seal.ts) and stored; what the adjusters signed is the
 * content rendering without it.
 */
import { formatLongDate } from '../kernel/dates.ts';
import { TextFlow } from '../documents/flow.ts';
import type { MinutesSnapshot, SnapshotDecision, SnapshotProceedings } from './model.ts';

export interface RenderedPdf {
  bytes: Uint8Array;
  pageCount: number;
}

/** What an adjusted protokoll adds to its content: signatures, secretary, anslagsbevis, seal. */
export interface Adjustment {
  adjustedOn: string;
  signatures: Array<{ name: string; party: string | null; chair: boolean; signedAt: string; method: string }>;
  secretary: string | null;
  notice: { postedOn: string; takeDownOn: string; keptAt: string };
  seal: { name: string; demo: boolean; demoLabel: string };
}

/** "2026-12-03 kl. 15.20", in Stockholm time. */
export function stockholmDateTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} kl. ${get('hour')}.${get('minute')}`;
}

function writeSealNote(flow: TextFlow, a: Adjustment, what: string) {
  flow.space(8);
  flow.text(`${what} är elektroniskt förseglat med sigillet ${a.seal.name}. Sigillet kan kontrolleras i en PDF-läsare; varje ändring av filen gör det ogiltigt.`, { size: 9.5 });
  if (a.seal.demo) flow.text(a.seal.demoLabel, { size: 11, bold: true, color: [0.7, 0, 0] });
}

function writeAdjustment(flow: TextFlow, snap: MinutesSnapshot, a: Adjustment) {
  flow.heading('Justering', 2);
  flow.text(`Protokollet justerades ${a.adjustedOn}. Justerarna har signerat elektroniskt i Styrbord över protokollets innehåll.`, { gapAfter: 4 });
  for (const s of a.signatures) {
    flow.field(s.chair ? 'Ordförande' : 'Justerare', `${withParty(s)} – signerade ${stockholmDateTime(s.signedAt)}, ${s.method}`);
  }
  flow.field('Sekreterare', a.secretary ?? 'ej angiven');
  flow.heading('Anslagsbevis', 2);
  flow.text('Justeringen av protokollet tillkännages på regionens digitala anslagstavla.', { gapAfter: 4 });
  flow.field('Organ', snap.bodyName);
  flow.field('Sammanträdesdatum', snap.meetingDate);
  flow.field('Datum då anslaget sätts upp', a.notice.postedOn);
  flow.field('Datum då anslaget tas ned', a.notice.takeDownOn);
  flow.field('Förvaringsplats för protokollet', a.notice.keptAt);
  writeSealNote(flow, a, 'Protokollet');
}

const withParty = (p: { name: string; party: string | null }) => (p.party ? `${p.name} (${p.party})` : p.name);

function paragraphRange(snap: MinutesSnapshot): string {
  const ps = snap.decisions.map((d) => d.paragraph).filter((p): p is number => p !== null).sort((a, b) => a - b);
  if (ps.length === 0) return 'ej numrerade';
  return ps.length === 1 ? `§ ${ps[0]}` : `§§ ${ps[0]}–${ps.at(-1)}`;
}

function writeHeader(flow: TextFlow, snap: MinutesSnapshot, title: string) {
  flow.heading(title, 1);
  flow.text(snap.bodyName, { size: 13, bold: true, gapAfter: 6 });
  flow.field('Sammanträdesdatum', snap.meetingDate);
  if (snap.startTime) flow.field('Tid', `kl. ${snap.startTime}${snap.endTime ? `–${snap.endTime}` : ''}`);
  if (snap.place) flow.field('Plats', snap.place);
  if (snap.publicNote) flow.text(snap.publicNote, { size: 9.5, gapAfter: 4 });
}

/** Issue 15.1: the yrkanden, the chair's propositions and each omröstning with its voting list, as a protokoll writes them. */
function writeProceedings(flow: TextFlow, p: SnapshotProceedings, addressee: string) {
  flow.text('Yrkanden', { bold: true });
  for (const m of p.motions) {
    const joined = m.supporters.length ? ` ${m.supporters.join(', ')} instämmer.` : '';
    flow.text(`${withParty(m)} yrkar ${m.text}.${joined}`, { indent: 10 });
  }
  if (p.propositions.length) {
    flow.space(2);
    flow.text('Propositionsordning', { bold: true });
  }
  for (const x of p.propositions) {
    const n = p.propositions.length > 1 ? `${x.position}. ` : '';
    const v = x.vote;
    if (!v) {
      flow.text(`${n}Ordföranden ställer proposition på ${x.text} och finner att ${addressee} beslutar enligt ${x.winner}.`, { indent: 10 });
      continue;
    }
    flow.text(`${n}Ordföranden ställer proposition på ${x.text}. Omröstning begärs och verkställs. Ja-röst: ${v.jaMeans}. Nej-röst: ${v.nejMeans}.`, { indent: 10 });
    flow.text(`Omröstningsresultat: ${v.summary} ${addressee} har beslutat enligt ${x.winner}.`, { indent: 10 });
    flow.text('Röstlista', { size: 9.5, bold: true, indent: 10 });
    for (const r of v.rows) flow.text(`${withParty(r)}: ${r.choice}`, { size: 9.5, indent: 20 });
    flow.text(`Summa: ${v.ja} ja, ${v.nej} nej, ${v.avstar} avstår${v.castingVote ? `; lika röstetal, ordförandens utslagsröst (${v.result}) avgör` : ''}.`, { size: 9.5, indent: 20, gapAfter: 4 });
  }
  flow.space(4);
}

function writeParagraph(flow: TextFlow, d: SnapshotDecision, addressee: string) {
  flow.heading(`${d.paragraph !== null ? `§ ${d.paragraph} ` : ''}${d.itemTitle}`, 2);
  if (d.caseNumber) flow.text(`Diarienummer: ${d.caseNumber}`, { size: 9.5 });
  flow.text(`Punkt ${d.itemNumber} på föredragningslistan. ${d.outcomeLabel}.`, { size: 9.5, gapAfter: 4 });
  if (d.secrecyRef) {
    flow.text(`Ärendet omfattas av sekretess (${d.secrecyRef}). Beslutets innehåll redovisas inte i den offentliga versionen.`, { gapAfter: 4 });
    return;
  }
  if (d.conflicted.length) flow.text(`Jäv: ${d.conflicted.map((c) => c.name).join(', ')} deltar inte i handläggningen av ärendet.`, { gapAfter: 4 });
  if (d.proceedings) writeProceedings(flow, d.proceedings, addressee);
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

async function finish(flow: TextFlow): Promise<RenderedPdf> {
  const bytes = await flow.finish();
  return { bytes, pageCount: flow.doc.getPageCount() };
}

export async function renderMinutesPdf(snap: MinutesSnapshot, adjustment: Adjustment | null = null): Promise<RenderedPdf> {
  const flow = await TextFlow.create({
    title: `Protokoll ${snap.bodyName} ${snap.meetingDate}`,
    author: snap.bodyName,
    subject: `Protokoll från sammanträde ${formatLongDate(snap.meetingDate)}`,
    date: new Date(`${snap.meetingDate}T00:00:00Z`),
    header: `Protokoll – ${snap.bodyName} – ${snap.meetingDate}`,
  });
  writeHeader(flow, snap, 'Protokoll');
  flow.field('Paragrafer', paragraphRange(snap));
  flow.heading('Beslutande ledamöter', 3);
  for (const a of snap.attendance.filter((x) => x.present && (x.kind === 'member' || x.replacesPersonId))) {
    const role = a.role === 'chair' ? ', ordförande' : a.role === 'first-vice-chair' ? ', vice ordförande' : a.role === 'second-vice-chair' ? ', 2:e vice ordförande' : '';
    const span = a.fromItem || a.toItem ? ` (punkt ${a.fromItem ?? 1}–${a.toItem ?? 'slut'})` : '';
    flow.text(`${withParty(a)}${role}${a.replacesName ? `, tjänstgörande ersättare för ${a.replacesName}` : ''}${span}`);
  }
  const others = snap.attendance.filter((x) => x.present && x.kind === 'substitute' && !x.replacesPersonId);
  if (others.length) {
    flow.heading('Övriga närvarande', 3);
    for (const a of others) flow.text(`${withParty(a)}, ersättare`);
  }
  const absent = snap.attendance.filter((x) => !x.present && x.kind === 'member');
  if (absent.length) {
    flow.heading('Frånvarande ledamöter', 3);
    for (const a of absent) flow.text(withParty(a));
  }
  if (snap.attendanceNotes?.length) {
    flow.heading('Närvaro under sammanträdet', 3);
    for (const line of snap.attendanceNotes) flow.text(line);
  }
  flow.heading('Justerare', 3);
  flow.text(snap.adjusters.length ? snap.adjusters.map(withParty).join(', ') : 'Ej utsedda');
  flow.field('Protokollet förvaras', snap.keptAt);
  for (const d of snap.decisions) writeParagraph(flow, d, snap.bodyName);
  if (adjustment) {
    writeAdjustment(flow, snap, adjustment);
    return finish(flow);
  }
  flow.heading('Underskrifter', 2);
  for (const a of snap.adjusters) {
    flow.space(18);
    flow.text('______________________________');
    flow.text(withParty(a));
  }
  return finish(flow);
}

/** Protokollsutdrag: one paragraph, certified as a true extract (`adjustedOn` null: not yet adjusted; with `adjustment`: bestyrkt with the seal). */
export async function renderExtractPdf(snap: MinutesSnapshot, paragraph: number, adjustedOn: string | null, adjustment: Adjustment | null = null): Promise<RenderedPdf> {
  const d = snap.decisions.find((x) => x.paragraph === paragraph);
  if (!d) throw new Error(`§ ${paragraph} finns inte i protokollet`);
  const flow = await TextFlow.create({
    title: `Protokollsutdrag § ${paragraph} ${snap.bodyName} ${snap.meetingDate}`,
    author: snap.bodyName,
    date: new Date(`${snap.meetingDate}T00:00:00Z`),
    header: `Protokollsutdrag – ${snap.bodyName} – ${snap.meetingDate}`,
  });
  writeHeader(flow, snap, 'Protokollsutdrag');
  writeParagraph(flow, d, snap.bodyName);
  flow.space(12);
  flow.text(adjustedOn ? `Protokollet justerades ${adjustedOn}. Rätt utdraget intygar:` : 'Protokollet är ännu inte justerat.', { gapAfter: 4 });
  if (adjustment) {
    flow.text(`Bestyrkande: utdraget överensstämmer med det justerade protokollet, vars justering anslogs ${adjustment.notice.postedOn} (förvaras: ${adjustment.notice.keptAt}).`, { gapAfter: 2 });
    for (const s of adjustment.signatures) flow.text(`${s.chair ? 'Ordförande' : 'Justerare'}: ${withParty(s)}, signerade ${stockholmDateTime(s.signedAt)}`, { size: 9.5 });
    writeSealNote(flow, adjustment, 'Utdraget');
  }
  return finish(flow);
}
