/** recall@10 of a query set (test/fixtures/search-queries.json), shared by the quality test and bench/search.ts. */
import type { SearchHit } from '../../src/http/contract.ts';

export interface ExpectedHit {
  caseNumber?: string;
  date?: string;
  title?: string;
}
export interface QuerySet {
  seeds: string[];
  queries: Array<{ query: string; expect: ExpectedHit[]; why?: string }>;
}

const matches = (e: ExpectedHit, h: SearchHit) =>
  e.caseNumber !== undefined ? h.caseNumber === e.caseNumber : h.meetingDate === e.date && e.title !== undefined && h.title.includes(e.title);

/** The share of expected hits among each query's first ten, averaged over the queries; and what was missed. */
export async function recallAt10(run: (q: string) => Promise<SearchHit[]>, set: QuerySet): Promise<{ recall: number; misses: Array<{ query: string; missing: ExpectedHit[] }> }> {
  let sum = 0;
  const misses: Array<{ query: string; missing: ExpectedHit[] }> = [];
  for (const q of set.queries) {
    const top = (await run(q.query)).slice(0, 10);
    const missing = q.expect.filter((e) => !top.some((h) => matches(e, h)));
    sum += (q.expect.length - missing.length) / q.expect.length;
    if (missing.length) misses.push({ query: q.query, missing });
  }
  return { recall: sum / set.queries.length, misses };
}
