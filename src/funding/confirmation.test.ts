import { describe, expect, it } from 'vitest';
import { DomainError } from '../kernel/errors.ts';
import { applyAmendment, assertClosable, confirmation, type ConfirmationInput } from './confirmation.ts';

const proposed = { rateBp: 5000, capOre: 20_000_000, period: { start: '2022-01-01', end: '2023-12-31' }, conditions: ['Villkor A', 'Villkor B'] };
const body = (over: Partial<ConfirmationInput> = {}): ConfirmationInput => ({
  route: 'body',
  minutes: { status: 'adjusted', meetingDate: '2022-03-10', bodyName: 'Regionala utvecklingsnämnden' },
  item: { outcome: 'according-to-proposal', outcomeLabel: 'Beslut enligt förslag', paragraph: 12 },
  proposed,
  maxCapOre: 20_000_000,
  ...over,
});
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return `${e.status} ${e.code}`;
    throw e;
  }
  return 'ok';
};

describe('confirmation of a body decision', () => {
  it('is refused while the minutes are a draft or only numbered, with the date in Swedish', () => {
    for (const status of ['draft', 'numbered'] as const) {
      const input = body({ minutes: { status, meetingDate: '2022-03-10', bodyName: 'Nämnden' } });
      expect(code(() => confirmation(input))).toBe('409 minutes-not-adjusted');
      expect(() => confirmation(input)).toThrow(/Protokollet från 2022-03-10 är .*justerat/);
    }
  });

  it('is refused without minutes or without a decision under the item', () => {
    expect(code(() => confirmation(body({ minutes: null })))).toBe('409 minutes-missing');
    expect(code(() => confirmation(body({ item: null })))).toBe('409 not-decided');
  });

  it('grants the proposed terms from adjusted minutes "enligt förslaget"', () => {
    expect(confirmation(body())).toEqual({ kind: 'granted', terms: proposed, amended: false, changes: [] });
  });

  it('refuses an amendment or a rejection against minutes that say "enligt förslaget"', () => {
    expect(code(() => confirmation(body({ amended: { capOre: 15_000_000 } })))).toBe('409 decided-as-proposed');
    expect(code(() => confirmation(body({ rejected: { reason: 'Inte prioriterat' } })))).toBe('409 decided-as-proposed');
    // restating the proposed values is no amendment
    expect(confirmation(body({ amended: { capOre: 20_000_000, rateBp: 5000 } })).kind).toBe('granted');
  });

  it('records an amended decision (a lower cap, another share, period, conditions) with what changed', () => {
    const amended = body({ item: { outcome: 'amended', outcomeLabel: 'Beslut med ändring', paragraph: 12 } });
    const r = confirmation({ ...amended, amended: { capOre: 15_000_000, rateBp: 4000, periodEnd: '2023-06-30', conditions: ['Villkor A'] } });
    expect(r).toEqual({
      kind: 'granted',
      amended: true,
      terms: { rateBp: 4000, capOre: 15_000_000, period: { start: '2022-01-01', end: '2023-06-30' }, conditions: ['Villkor A'] },
      changes: [
        'andel 40 procent i stället för 50 procent',
        'tak 150 000 kronor i stället för 200 000 kronor',
        'period 2022-01-01–2023-06-30 i stället för 2022-01-01–2023-12-31',
        'ändrade villkor',
      ],
    });
    expect(code(() => confirmation(amended))).toBe('422 amendment-required');
    expect(confirmation({ ...amended, rejected: { reason: 'Projektet bedöms inte bidra till RUS' } })).toEqual({ kind: 'rejected', reason: 'Projektet bedöms inte bidra till RUS' });
    expect(code(() => confirmation({ ...amended, rejected: { reason: '  ' } }))).toBe('400 reason-required');
  });

  it('refuses a cap above what was applied for and a period that ends before it starts', () => {
    const amended = body({ item: { outcome: 'amended', outcomeLabel: 'Beslut med ändring', paragraph: 12 } });
    expect(code(() => confirmation({ ...amended, amended: { capOre: 20_000_001 } }))).toBe('400 cap-above-application');
    expect(code(() => confirmation({ ...amended, amended: { periodEnd: '2021-12-31' } }))).toBe('400 invalid-period');
    expect(code(() => confirmation({ ...amended, amended: { rateBp: 0 } }))).toBe('400 invalid-rate');
  });

  it('återremiss, bordläggning and a noted item decide nothing', () => {
    for (const outcome of ['referred-back', 'tabled', 'noted'] as const) {
      expect(code(() => confirmation(body({ item: { outcome, outcomeLabel: outcome, paragraph: 12 } })))).toBe('409 not-decided');
    }
    expect(() => confirmation(body({ item: { outcome: 'tabled', outcomeLabel: 'Bordläggning', paragraph: 12 } }))).toThrow(/flytta förslaget till ett kommande sammanträde/);
  });
});

describe('confirmation of a delegated decision', () => {
  it('needs the entry in the register of delegated decisions, not minutes', () => {
    expect(code(() => confirmation({ route: 'delegation', proposed, maxCapOre: proposed.capOre }))).toBe('409 delegated-not-registered');
    expect(confirmation({ route: 'delegation', delegatedDecisionId: 7, proposed, maxCapOre: proposed.capOre, amended: { capOre: 10_000_000 } })).toMatchObject({ kind: 'granted', amended: true, terms: { capOre: 10_000_000 } });
  });
});

describe('applyAmendment and assertClosable', () => {
  it('keeps the proposed terms where nothing is given', () => {
    expect(applyAmendment(proposed, null, proposed.capOre)).toEqual({ terms: proposed, changes: [] });
  });
  it('allows withdrawal before payout from every state, rejection only before the grant', () => {
    for (const s of ['draft', 'proposed', 'granted']) expect(code(() => assertClosable(s, 'withdrawn', 0))).toBe('ok');
    expect(code(() => assertClosable('granted', 'rejected', 0))).toBe('409 already-granted');
    expect(code(() => assertClosable('granted', 'withdrawn', 1))).toBe('409 payout-made');
    expect(code(() => assertClosable('withdrawn', 'rejected', 0))).toBe('409 application-closed');
  });
});
