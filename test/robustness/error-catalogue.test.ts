import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogue, catalogueMarkdown } from '../../scripts/errorCatalogue.ts';

describe('the catalogue of error codes (docs/errors.md)', () => {
  it('lists every code thrown in src/ with its Swedish message, and is up to date (npm run docs:errors)', () => {
    const entries = catalogue();
    expect(entries.length).toBeGreaterThan(100);
    expect(entries.find((e) => e.code === 'stale-version')?.statuses).toContain('409');
    expect(readFileSync('docs/errors.md', 'utf8')).toBe(catalogueMarkdown(entries));
  });
  it('has no code written two ways (kebab-case only)', () => {
    const bad = catalogue().map((e) => e.code).filter((c) => c !== '(beräknad)' && !/^[a-z0-9…]+(-[a-z0-9…]+)*$/.test(c));
    expect(bad).toEqual([]);
  });
});
