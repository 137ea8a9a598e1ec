import { describe, expect, it } from 'vitest';
import { applyCurrentMarks, containsSecretNow, maskSnapshot, publicEdition } from './book.ts';
import type { BookSnapshot, SnapshotItem } from './model.ts';

const T = (ref: string) => `Handling som omfattas av sekretess (${ref})`;
const item = (n: number, over: Partial<SnapshotItem> = {}): SnapshotItem => ({
  number: n,
  title: `Punkt ${n}`,
  kind: 'decision',
  caseNumber: null,
  presenters: ['Lena Kihl'],
  proposal: { addressee: null, clauses: ['att bevilja'], notes: [] },
  adjustmentDeadline: null,
  summary: `Sammanfattning ${n}, kontakt 811218-9876`,
  decisionBasis: ['Projektplan', 'Kalkyl'],
  subItems: [],
  memo: null,
  attachments: [
    { title: 'Projektplan', secrecyRef: null, fileName: 'plan.pdf', sha256: 'a'.repeat(64), pageCount: 2, byteSize: 10 },
    { title: 'Kalkyl', secrecyRef: null, fileName: 'kalkyl.pdf', sha256: 'b'.repeat(64), pageCount: 1, byteSize: 10 },
  ],
  secrecyRef: null,
  ...over,
});
const snapshot: BookSnapshot = {
  layout: 1,
  meeting: { bodyName: 'Regional tillväxtnämnd', organisation: 'Region Örebro län', date: '2020-08-24', startTime: null, endTime: null, place: null, groupMeetings: [], absenceNotice: null, secretary: null },
  members: [],
  substitutes: [],
  items: [item(1), item(2)],
};
const now = (marks: { item?: string | null; kalkyl?: string | null }) => ({
  items: [
    { id: 11, number: 1, title: 'Punkt 1', secrecyRef: marks.item ?? null, decisionBasis: [{ id: 101, title: 'Projektplan' }, { id: 102, title: 'Kalkyl', secrecyRef: marks.kalkyl ?? null }] },
    { id: 12, number: 2, title: 'Punkt 2', decisionBasis: [] },
  ],
  attachments: [
    { agendaItemId: 11, decisionBasisId: 101, sha256: 'a'.repeat(64) },
    { agendaItemId: 11, decisionBasisId: 102, sha256: 'b'.repeat(64) },
  ],
});

describe('a stored book version by the secrecy marks as they are now', () => {
  it('finds a mark set after the version was built, on a document or the item', () => {
    expect(containsSecretNow(applyCurrentMarks(snapshot, now({})))).toBe(false);
    const doc = applyCurrentMarks(snapshot, now({ kalkyl: '19 kap. 3 § OSL' }));
    expect(containsSecretNow(doc)).toBe(true);
    const pub = publicEdition(doc, T);
    expect(pub.items[0]!.attachments.map((a) => a.title)).toEqual(['Projektplan']);
    expect(pub.items[0]!.decisionBasis).toEqual(['Projektplan', T('19 kap. 3 § OSL')]);
    expect(pub.items[0]!.summary).toBe(snapshot.items[0]!.summary);

    const whole = publicEdition(applyCurrentMarks(snapshot, now({ item: '30 kap. 23 § OSL' })), T);
    expect(whole.items[0]).toMatchObject({ summary: null, memo: null, attachments: [], secrecyRef: '30 kap. 23 § OSL', proposal: snapshot.items[0]!.proposal });
    expect(whole.items[0]!.decisionBasis).toEqual([T('30 kap. 23 § OSL'), T('30 kap. 23 § OSL')]);
    expect(whole.items[1]).toMatchObject({ summary: snapshot.items[1]!.summary, attachments: snapshot.items[1]!.attachments });
  });

  it('keeps the mark it was built with when the item can no longer be found', () => {
    const built = { ...snapshot, items: [item(1, { secrecyRef: '21 kap. 1 § OSL', title: 'Borttagen punkt' })] };
    expect(containsSecretNow(applyCurrentMarks(built, now({})))).toBe(true);
  });

  it('masks personnummer in the generated text, never in the file hashes', () => {
    const masked = maskSnapshot(publicEdition(applyCurrentMarks(snapshot, now({})), T), (t) => t.replace(/811218-9876/g, '811218-XXXX'));
    expect(masked.items[0]!.summary).toBe('Sammanfattning 1, kontakt 811218-XXXX');
    expect(masked.items[0]!.attachments[0]!.sha256).toBe('a'.repeat(64));
  });
});
