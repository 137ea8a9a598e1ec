/**
 * The public version of records: secret material left out, personal identity
 * numbers masked. Every public path (pages, API, search, feeds, open data)
 * goes through these functions.
 */
import type { AgendaItemView, MeetingDetail } from '../http/contract.ts';
import { maskPersonalNumbers, SECRET_TITLE } from './mask.ts';

const m = (s: string | null): string | null => (s === null ? null : maskPersonalNumbers(s));

export function publicItem(it: AgendaItemView): AgendaItemView {
  const secret = it.secrecyRef ?? null;
  return {
    ...it,
    title: maskPersonalNumbers(it.title),
    presenters: it.presenters,
    proposal: it.proposal
      ? { addressee: it.proposal.addressee, clauses: it.proposal.clauses.map(maskPersonalNumbers), notes: it.proposal.notes.map(maskPersonalNumbers) }
      : null,
    summary: secret ? null : m(it.summary),
    decisionBasis: it.decisionBasis.map((d) => {
      const ref = d.secrecyRef ?? secret;
      return ref
        ? { id: d.id, title: SECRET_TITLE(ref), fileName: null, secrecyRef: ref, secrecyChangedAt: d.secrecyRef ? (d.secrecyChangedAt ?? null) : (it.secrecyChangedAt ?? null) }
        : { ...d, title: maskPersonalNumbers(d.title) };
    }),
    subItems: it.subItems.map((s) => ({ ...s, title: maskPersonalNumbers(s.title), note: m(s.note) })),
  };
}

export function publicMeeting(meeting: MeetingDetail): MeetingDetail {
  return { ...meeting, absenceNotice: m(meeting.absenceNotice), items: meeting.items.map(publicItem) };
}
