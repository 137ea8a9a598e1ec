/** Search across the register and the agendas: by case number, title or presenter. */
import type { Db } from '../db/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { cleanLine } from '../kernel/text.ts';
import * as diarium from '../diarium/service.ts';
import * as meetings from '../meetings/service.ts';
import type { SearchResult } from '../http/contract.ts';

export async function search(db: Db, rawQuery: string): Promise<SearchResult> {
  const query = cleanLine(rawQuery ?? '');
  if (query.length < 2) throw new DomainError('query-too-short', 'Skriv minst två tecken att söka efter.');
  if (query.length > 200) throw new DomainError('query-too-long', 'Sökfrågan får vara högst 200 tecken.');
  const looksLikeDnr = /\d{2}\s*RS\s*\d*/i.test(query) || /^\d{3,}$/.test(query);
  const caseIds = looksLikeDnr ? await diarium.findCaseIds(db.kysely, query.replace(/\s+/g, '')) : [];
  const [cases, items] = await Promise.all([
    diarium.listCases(db, { q: looksLikeDnr ? query.replace(/\s+/g, '') : query, limit: 50 }),
    meetings.searchAgenda(db, query, caseIds),
  ]);
  const caseHits = cases.items.map((c) => ({
    kind: 'case' as const,
    caseNumber: c.caseNumber,
    title: c.title,
    meetingId: null,
    meetingDate: null,
    itemId: null,
    itemNumber: null,
    presenters: [],
    matchedOn: c.caseNumber.toLowerCase().includes(query.toLowerCase().replace(/\s+/g, '')) ? ('dnr' as const) : ('title' as const),
  }));
  return { query, hits: [...caseHits, ...items] };
}
