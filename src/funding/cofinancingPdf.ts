/**
 * The decision letter of a co-financing decided under delegation (point 3.2)
 * as PDF, in the order of the seed's letters (20RS5938, 20RS6187): the
 * officer, date and case number, the applicant's address, the title, the
 * application, "Beslutet", the conditions and who signed. The text comes
 * from delegated.ts (decisionLetter); the layout from documents/flow.ts.
 */
import { TextFlow } from '../documents/flow.ts';
import { REGION } from './decision.ts';
import { DELEGATE, DELEGATION_POINT } from './delegated.ts';
import type { LetterData } from './cofinancingService.ts';

export async function renderLetterPdf(l: LetterData): Promise<Uint8Array> {
  const flow = await TextFlow.create({
    title: `${l.title} – beslut ${l.caseNumber}`,
    author: REGION,
    subject: `Delegationsbeslut enligt punkt ${DELEGATION_POINT}, ${l.caseNumber}`,
    date: new Date(`${l.decidedOn}T00:00:00Z`),
    header: `${REGION} – Regional utveckling – Beslut ${l.caseNumber}`,
  });
  flow.field('Tjänsteställe, handläggare', l.officer);
  flow.field('Datum', l.decidedOn);
  flow.field('Beteckning', l.caseNumber);
  flow.space(14);
  flow.text(l.applicant.name);
  for (const a of l.applicant.address) flow.text(a);
  flow.space(14);
  flow.heading(l.title, 1);
  for (const s of l.letter.application) flow.text(s, { gapAfter: 4 });
  flow.heading('Beslutet', 2);
  for (const s of l.letter.decision) flow.bullet(s);
  for (const s of l.letter.fundingSplit) flow.bullet(s, 24, '–');
  flow.space(8);
  flow.text(l.letter.conditionsHeading, { bold: true, gapAfter: 2 });
  for (const c of l.letter.conditions) flow.bullet(c);
  flow.space(12);
  flow.text(`Beslutet har fattats av ${DELEGATE} med stöd av punkt ${DELEGATION_POINT} i delegationsordningen.`, { size: 9.5, gapAfter: 6 });
  for (const s of l.signatories) {
    flow.space(18);
    flow.text(s.name, { bold: true });
    flow.text(s.title);
  }
  return flow.finish();
}
