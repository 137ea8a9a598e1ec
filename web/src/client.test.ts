import { describe, expect, it } from 'vitest';
import { pathOf } from './client.ts';
import { kpiApi } from '../../src/kpi/contract.ts';

describe('the typed client', () => {
  it('fills parameters percent-encoded and drops empty query values', () => {
    expect(pathOf(kpiApi.getSeries, { id: 12 })).toBe('/api/kpi/series/12');
    expect(pathOf({ ...kpiApi.getSeries, url: '/api/cases/:caseNumber' }, { caseNumber: '20RS 6567/å' }, { q: 'a b', empty: '', none: null })).toBe(
      '/api/cases/20RS%206567%2F%C3%A5?q=a+b',
    );
  });
  it('refuses a missing parameter', () => {
    expect(() => pathOf(kpiApi.getSeries, {})).toThrow(/id saknas/);
  });
});
