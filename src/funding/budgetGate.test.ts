import { describe, expect, it } from 'vitest';
import { DomainError } from '../kernel/errors.ts';
import type { Finding } from './budget.ts';
import { budgetGate } from './cofinancingDecisions.ts';

const error = (code: Finding['code'], row?: string): Finding => ({ code, severity: 'error', table: 'financing', ...(row ? { row } : {}), message: `Fel ${code}` });
const warning: Finding = { code: 'year-not-balanced', severity: 'warning', year: 2022, message: 'År 2022 går inte ihop.' };

describe('budgetGate: a flagged budget error blocks the proposal (issue 16.1)', () => {
  it('lets a budget without errors through, warnings included, and records nothing', () => {
    expect(budgetGate([], null)).toBeNull();
    expect(budgetGate([warning], undefined)).toBeNull();
  });

  it('refuses errors without an override: 422, the count in Swedish, the errors (not the warnings) in details', () => {
    const refuse = (findings: Finding[]) => {
      try {
        budgetGate(findings, null);
      } catch (e) {
        return e as DomainError;
      }
      throw new Error('not refused');
    };
    const one = refuse([error('row-sum', 'Örebro kommun'), warning]);
    expect(one).toBeInstanceOf(DomainError);
    expect([one.code, one.status]).toEqual(['budget-errors', 422]);
    expect(one.message).toBe('Kontrollen av budgeten hittade ett fel. Rätta budgeten eller gå vidare med en motivering till undantaget.');
    expect((one.details!.findings as Array<{ code: string }>).map((f) => f.code)).toEqual(['row-sum']);
    expect(refuse([error('row-sum'), error('grand-total')]).message).toMatch(/^Kontrollen av budgeten hittade 2 fel\./);
  });

  it('refuses an empty reason; with a reason returns the codes and the trimmed reason for the log', () => {
    expect(() => budgetGate([error('row-sum')], { reason: ' \n ' })).toThrow('Motiveringen till att gå vidare trots felen i budgeten saknas.');
    expect(budgetGate([error('row-sum', 'Örebro kommun'), warning], { reason: '  Känt fel,  rättas senare. ' })).toEqual({
      findings: [{ code: 'row-sum', table: 'financing', row: 'Örebro kommun', year: null }],
      reason: 'Känt fel, rättas senare.',
    });
  });
});
