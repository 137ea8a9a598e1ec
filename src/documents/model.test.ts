import { describe, expect, it } from 'vitest';
import type { BodyDetail, MeetingDetail } from '../http/contract.ts';
import { DomainError } from '../kernel/errors.ts';
import {
  buildSnapshot,
  cleanText,
  diffSnapshots,
  MEMO_SECTIONS,
  pageStamp,
  planBook,
  snapshotHash,
  stableStringify,
  validateMemo,
  type BookSnapshot,
  type BriefingMemoInput,
} from './model.ts';

const proposal = { addressee: 'Regional tillväxtnämnd beslutar', clauses: ['att godkänna regional tillväxtnämnds delårsrapport januari-juli 2020.'], notes: [] };

const memoInput: BriefingMemoInput = {
  unit: 'Ekonomi',
  officer: 'Helena Torége',
  summary: 'I bifogat material finner regional tillväxtnämnd delårsrapport 2020 som omfattar perioden januari till och med juli.',
  description: 'Materialet innehåller uppföljning av både verksamhet och ekonomi kopplat till nämndens ansvar.',
  assessment: null,
  consequences: 'Se underlag i delårsrapporten.',
  economy: 'Se underlag i delårsrapporten.',
  followUp: 'Se underlag i delårsrapporten.',
  decisionBasis: ['FöredragningsPM till regional tillväxtnämnd 2020-08-24.', 'Delårsrapport januari-juli 2020, regional tillväxtnämnd.'],
  signatory: { name: 'Petter Arneback', title: 'Regional utvecklingsdirektör' },
  sendTo: ['Regionkansliet, ekonomistaben'],
};

function refused(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('was not refused');
}

describe('briefing memo', () => {
  it('accepts a complete memo, cleaning its text', () => {
    const memo = validateMemo({ ...memoInput, officer: '  Helena   Torége ', summary: 'Rad ett  \r\n\r\n\r\n\r\nRad två ' }, proposal);
    expect(memo.officer).toBe('Helena Torége');
    expect(memo.summary).toBe('Rad ett\n\nRad två');
    expect(memo.assessment).toBeNull();
  });

  it('refuses a memo missing a mandatory section, naming the section', () => {
    const e = refused(() => validateMemo({ ...memoInput, economy: '  ' }, proposal));
    expect(e.code).toBe('memo-incomplete');
    expect(e.status).toBe(422);
    expect(e.message).toBe('Föredragnings-PM:et saknar avsnittet "Ekonomiska konsekvenser".');
    expect(e.details).toEqual({ missing: ['Ekonomiska konsekvenser'] });
  });

  it('names every missing section, in the template order', () => {
    const e = refused(() => validateMemo({ ...memoInput, summary: '', consequences: undefined, decisionBasis: [] }, proposal));
    expect(e.message).toBe(
      'Föredragnings-PM:et saknar avsnitten "Sammanfattning", "Konsekvenser för miljö-, barn- och jämställdhetsperspektiven" och "Beslutsunderlag".',
    );
  });

  it('takes "Förslag till beslut" from the agenda item and refuses a memo for an item without att-satser', () => {
    const e = refused(() => validateMemo(memoInput, null));
    expect(e.details).toEqual({ missing: ['Förslag till beslut'] });
    expect(e.message).toContain('hämtas från punktens att-satser');
    expect(refused(() => validateMemo(memoInput, { ...proposal, clauses: [] })).message).toContain('"Förslag till beslut"');
  });

  it('needs who wrote it, who signs it and where it is sent', () => {
    const e = refused(() => validateMemo({ ...memoInput, unit: '', signatory: null, sendTo: [] }, proposal));
    expect(e.message).toBe('Föredragnings-PM:et saknar uppgifterna "Tjänsteställe", "Underskrift (namn)", "Underskrift (titel)" och "Skickas till".');
  });

  it('has the sections of the seeds in their order; Bedömning and Uppföljning are optional', () => {
    expect(MEMO_SECTIONS.map((s) => s.heading)).toEqual([
      'Förslag till beslut',
      'Sammanfattning',
      'Ärendebeskrivning',
      'Bedömning',
      'Konsekvenser för miljö-, barn- och jämställdhetsperspektiven',
      'Ekonomiska konsekvenser',
      'Uppföljning',
      'Beslutsunderlag',
    ]);
    expect(MEMO_SECTIONS.filter((s) => !s.required).map((s) => s.heading)).toEqual(['Bedömning', 'Uppföljning']);
  });

  it('cleans text without losing paragraphs', () => {
    expect(cleanText(' a\tb \n\n\n c ')).toBe('a b\n\nc');
    expect(cleanText(null)).toBe('');
  });
});

const meeting = (items: MeetingDetail['items']): MeetingDetail => ({
  id: 1,
  bodyId: 1,
  bodyName: 'Regional tillväxtnämnd',
  date: '2020-08-24',
  startTime: '10:00',
  endTime: '15:00',
  place: 'Konferensrum Linden',
  itemCount: items.length,
  groupMeetings: [],
  absenceNotice: null,
  secretary: null,
  items,
  source: null,
});

const item = (id: number, number: number, title: string, caseNumber: string | null, extra: Partial<MeetingDetail['items'][number]> = {}) => ({
  id,
  number,
  title,
  kind: 'decision' as const,
  caseNumber,
  presenters: ['Lena Kihl'],
  proposal: { addressee: 'Regional tillväxtnämnd beslutar', clauses: ['att bevilja.'], notes: [] },
  adjustmentDeadline: null,
  summary: 'Sammanfattning.',
  decisionBasis: [{ id: id * 10, title: `Projektbeskrivning ${number}`, fileName: null }],
  subItems: [],
  ...extra,
});

const body: Pick<BodyDetail, 'organisation' | 'memberships'> = {
  organisation: 'Region Örebro län',
  memberships: [
    { id: 1, personId: 1, name: 'Irén Lejegren', party: 'S', kind: 'member', role: 'chair', order: 1, validFrom: '2019-01-01', validTo: null },
    { id: 2, personId: 2, name: 'Avgången Ledamot', party: 'M', kind: 'member', role: 'member', order: 2, validFrom: '2019-01-01', validTo: '2020-06-30' },
    { id: 3, personId: 3, name: 'Ingrid Båve', party: 'S', kind: 'substitute', role: 'member', order: 1, validFrom: null, validTo: null },
  ],
};

const attachment = (agendaItemId: number, position: number, title: string, sha: string, decisionBasisId: number | null = null) => ({
  agendaItemId,
  decisionBasisId,
  position,
  title,
  fileName: `${title}.pdf`,
  sha256: sha.repeat(64).slice(0, 64),
  pageCount: 3,
  byteSize: 1000,
});

function snapshot(items: MeetingDetail['items'], atts: ReturnType<typeof attachment>[] = [], memoFor: number[] = []): BookSnapshot {
  const memo = validateMemo(memoInput, proposal);
  return buildSnapshot(meeting(items), body, atts, new Map(memoFor.map((id) => [id, memo])));
}

describe('the snapshot of the agenda', () => {
  it('lists the members and substitutes serving on the meeting date', () => {
    const s = snapshot([]);
    expect(s.members.map((m) => m.name)).toEqual(['Irén Lejegren']);
    expect(s.substitutes).toEqual([{ name: 'Ingrid Båve', party: 'S', role: 'member' }]);
  });

  it('orders attachments and adds uploaded files and the memo to the decision basis', () => {
    const s = snapshot(
      [item(1, 1, 'Smart tillväxt', '20RS3419')],
      [attachment(1, 2, 'Bilaga två', 'b'), attachment(1, 1, 'Projektbeskrivning 1', 'a', 10)],
      [1],
    );
    expect(s.items[0]!.attachments.map((a) => a.title)).toEqual(['Projektbeskrivning 1', 'Bilaga två']);
    expect(s.items[0]!.decisionBasis).toEqual(['FöredragningsPM, Smart tillväxt', 'Projektbeskrivning 1', 'Bilaga två']);
  });

  it('has the same hash whatever order its keys come back in (jsonb reorders them)', () => {
    const s = snapshot([item(1, 1, 'Smart tillväxt', '20RS3419')]);
    const shuffled = JSON.parse(stableStringify(s)) as BookSnapshot;
    expect(snapshotHash(shuffled)).toBe(snapshotHash(s));
    expect(snapshotHash({ ...s, meeting: { ...s.meeting, place: 'Granen' } })).not.toBe(snapshotHash(s));
  });
});

describe('what changed between two versions', () => {
  const v1 = snapshot([item(1, 1, 'Protokollsjustering', null), item(2, 2, 'Smart tillväxt', '20RS3419'), item(3, 3, 'Transmission', '17RS1250')]);

  it('finds nothing when nothing changed', () => {
    expect(diffSnapshots(v1, v1)).toEqual({ meeting: [], added: [], removed: [], changed: [], unchanged: 3 });
  });

  it('finds items added, removed and changed, following an item by its case number when it is renumbered', () => {
    const v2 = snapshot(
      [
        item(1, 1, 'Protokollsjustering', null),
        item(4, 2, 'Ny punkt om vilt', '20RS9999'),
        item(2, 3, 'Smart tillväxt', '20RS3419', { summary: 'Ny sammanfattning.' }),
      ],
      [attachment(2, 1, 'Projektbeskrivning', 'c')],
      [2],
    );
    const d = diffSnapshots(v1, v2);
    expect(d.added).toEqual([{ number: 2, title: 'Ny punkt om vilt', caseNumber: '20RS9999' }]);
    expect(d.removed).toEqual([{ number: 3, title: 'Transmission', caseNumber: '17RS1250' }]);
    expect(d.changed).toHaveLength(1);
    const c = d.changed[0]!;
    expect(c).toMatchObject({ number: 3, previousNumber: 2, title: 'Smart tillväxt' });
    expect(c.changes.map((x) => x.label)).toEqual(['Punktnummer', 'Sammanfattning', 'Beslutsunderlag', 'FöredragningsPM', 'Bilagor']);
    expect(c.changes.find((x) => x.field === 'attachments')).toMatchObject({ added: ['Projektbeskrivning'], removed: [] });
    expect(c.changes.find((x) => x.field === 'summary')).toMatchObject({ before: 'Sammanfattning.', after: 'Ny sammanfattning.' });
    expect(d.unchanged).toBe(1);
  });

  it('keeps an item without case number whose title changed, by its number', () => {
    const v2 = snapshot([item(1, 1, 'Justering av protokollet', null), item(2, 2, 'Smart tillväxt', '20RS3419'), item(3, 3, 'Transmission', '17RS1250')]);
    const d = diffSnapshots(v1, v2);
    expect(d.added).toEqual([]);
    expect(d.changed[0]!.changes).toEqual([{ field: 'title', label: 'Rubrik', before: 'Protokollsjustering', after: 'Justering av protokollet' }]);
  });

  it('reports changes to the meeting and which memo sections changed', () => {
    const a = snapshot([item(2, 1, 'Smart tillväxt', '20RS3419')], [], [2]);
    const b: BookSnapshot = JSON.parse(JSON.stringify(a));
    b.meeting.place = 'Granen';
    b.items[0]!.memo!.economy = 'Finansiering från anslaget 1:1.';
    const d = diffSnapshots(a, b);
    expect(d.meeting).toEqual([{ field: 'place', label: 'Plats', before: 'Konferensrum Linden', after: 'Granen' }]);
    expect(d.changed[0]!.changes).toEqual([{ field: 'memo', label: 'FöredragningsPM', before: 'finns', after: 'finns', sections: ['Ekonomiska konsekvenser'] }]);
  });
});

describe('the plan of the book', () => {
  it('numbers the pages before any is written', () => {
    const plan = planBook(1, 3, [
      { number: 1, memoPages: 0, attachmentPages: [] },
      { number: 2, memoPages: 2, attachmentPages: [25, 4] },
    ]);
    expect(plan.items).toEqual([
      { number: 1, dividerPage: 5, memoPages: 0, attachments: [] },
      { number: 2, dividerPage: 6, memoPages: 2, attachments: [{ firstPage: 9, pageCount: 25 }, { firstPage: 34, pageCount: 4 }] },
    ]);
    expect(plan.total).toBe(37);
    expect(pageStamp(9, 37)).toBe('9 (37)');
  });
});
