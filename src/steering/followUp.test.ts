import { describe, expect, it } from 'vitest';
import { carryOver, originBodies, originMatrix, originMatrixLine, planReminders, reminderSubject, reminderText, validateEmail, type MatrixTreeItem, type ReminderItem } from './followUp.ts';
import type { ItemKind, Origin, Status } from './model.ts';

let next = 1;
const it_ = (kind: ItemKind, status: Status | null, origin: Origin | null = null, children: MatrixTreeItem[] = []): MatrixTreeItem => ({ id: next++, kind, origin, status, children });

describe('origin of an item for the summary matrix', () => {
  it('follows the origin as written, else the kind, else the item it hangs under', () => {
    const fm: MatrixTreeItem = it_('indicator', 'met', { kind: 'FM', year: 2026 });
    const viaDn = it_('assignment', null, { kind: 'proposal', year: 2026, via: 'DN' });
    const fromFm = it_('assignment', null, { kind: 'from', year: 2025, via: 'FM' });
    const bare = it_('indicator', null);
    const objective = it_('objective', null, { kind: 'from', year: 2025 }, [fm, viaDn, fromFm, bare]);
    const area = it_('focus-area', null, null, [objective]);
    const goalIndicator = it_('indicator', null);
    const goal = it_('strategic-goal', null, null, [area, goalIndicator]);
    const theme = it_('theme', null, null, [it_('assignment', null)]);
    const b = originBodies([goal, theme]);
    expect(b.get(goal.id)).toBe('FM'); // målsättningar: regionfullmäktige's strategy
    expect(b.get(goalIndicator.id)).toBe('FM'); // a styrtal under it takes its origin
    expect(b.get(objective.id)).toBe('DN'); // "Från 2025" names no body: a mål is the nämnd's own
    expect(b.get(fm.id)).toBe('FM');
    expect(b.get(viaDn.id)).toBe('DN');
    expect(b.get(fromFm.id)).toBe('FM');
    expect(b.get(bare.id)).toBe('DN'); // under the nämnd's mål
    expect(b.get(theme.children[0]!.id)).toBe('DN');
  });
});

describe('summary matrix per level and origin', () => {
  it('counts the statuses per level and origin as the 2019 verksamhetsberättelse prints it, with the items of each cell', () => {
    const fmGoals = [...Array(10)].map(() => it_('objective', 'met', { kind: 'FM', year: 2019 }));
    const fmGoalsPartly = [...Array(2)].map(() => it_('objective', 'partly', { kind: 'FM', year: 2019 }));
    const fmAssignments = [...Array(16)].map(() => it_('assignment', 'met', { kind: 'FM', year: 2019 }));
    const fmAssignmentsPartly = [...Array(2)].map(() => it_('assignment', 'partly', { kind: 'FM', year: 2019 }));
    const dnGoals = [...Array(3)].map(() => it_('objective', 'met'));
    const dnAssignment = it_('assignment', null, { kind: 'DN', year: 2019 });
    const theme = it_('theme', null, null, [...fmGoals, ...fmGoalsPartly, ...fmAssignments, ...fmAssignmentsPartly, ...dnGoals, dnAssignment]);
    const m = originMatrix([theme]);
    expect(m.map(originMatrixLine)).toEqual([
      'Mål från regionfullmäktige 10 2',
      'Uppdrag från regionfullmäktige 16 2',
      'Mål från nämnden 3',
      'Uppdrag från nämnden',
    ]);
    expect(m[0]!.items.partly).toEqual(fmGoalsPartly.map((g) => g.id));
    expect(m[3]).toMatchObject({ missing: 1, items: { missing: [dnAssignment.id] } });
  });

  it('leaves out levels without items, and focus areas and themes are never counted', () => {
    const m = originMatrix([it_('strategic-goal', 'not-met', null, [it_('focus-area', 'met', null, [it_('objective', 'not-met')])])]);
    expect(m.map((r) => [r.label, r.met, r.partly, r.notMet, r.missing])).toEqual([
      ['Målsättningar från regionfullmäktige', 0, 0, 1, 0],
      ['Mål från nämnden', 0, 0, 1, 0],
    ]);
  });
});

describe('the helår starts from the delår', () => {
  const e = (item_id: number, o: Partial<Parameters<typeof carryOver>[0][number]> = {}) => ({
    item_id, status: null, outcome: null, outcome_value: null, outcome_unit: null, comment: null, override_reason: null,
    signed_off_by: 'user:anna', forecast_value: '7', ...o,
  });
  it('copies statuses, outcomes and comments marked carried over; not the sign-off or the prognos; not removed items or empty entries', () => {
    const out = carryOver(
      [
        e(1, { status: 'partly', comment: 'Pågår.', outcome_value: '6.3', outcome_unit: '%' }),
        e(2, { status: 'met', override_reason: 'Statistiken släpar.' }),
        e(3, { status: 'met' }),
        e(4),
        e(5, { override_reason: 'x' }),
        e(5, { outcome: 'Klart', override_reason: 'x' }),
      ],
      new Set([1, 2, 4, 5]),
    );
    expect(out).toEqual([
      { item_id: 1, status: 'partly', outcome: null, outcome_value: '6.3', outcome_unit: '%', comment: 'Pågår.', override_reason: null, carried_over: true },
      { item_id: 2, status: 'met', outcome: null, outcome_value: null, outcome_unit: null, comment: null, override_reason: 'Statistiken släpar.', carried_over: true },
      { item_id: 5, status: null, outcome: 'Klart', outcome_value: null, outcome_unit: null, comment: null, override_reason: null, carried_over: true },
    ]);
    expect(out.some((x) => 'signed_off_by' in x || 'forecast_value' in x)).toBe(false);
  });
});

describe('reminders', () => {
  const item = (id: number, o: Partial<ReminderItem>): ReminderItem => ({ id, kind: 'assignment', number: String(id), text: `Uppdrag ${id}`, responsible: null, responsibleEmail: null, status: null, signedOff: false, ...o });
  it('groups the open (not signed-off) items per address; names without an address are reported', () => {
    const p = planReminders([
      item(1, { responsible: 'Anna Andersson', responsibleEmail: 'anna@example.se' }),
      item(2, { responsible: 'Anna A.', responsibleEmail: 'ANNA@example.se', status: 'met' }),
      item(3, { responsible: 'Anna Andersson', responsibleEmail: 'anna@example.se', signedOff: true }),
      item(4, { responsible: 'Bo Berg' }),
      item(5, {}),
      item(6, { kind: 'focus-area', responsible: 'Anna Andersson', responsibleEmail: 'anna@example.se' }),
    ]);
    expect(p.recipients.map((r) => [r.address, r.items.map((i) => i.id)])).toEqual([['anna@example.se', [1, 2]]]);
    expect(p.withoutAddress.map((r) => [r.responsible, r.items.map((i) => i.id)])).toEqual([['Bo Berg', [4]]]);
  });
  it('writes the deadline in Swedish and lists the items', () => {
    const m = { reportName: 'Delårsrapport januari–juli 2026', bodyName: 'Regional tillväxtnämnd', deadline: '2026-08-14', responsible: 'Anna', items: [item(29, { status: 'partly' })], url: 'https://x/verksamhetsplan/rapporter/1' };
    expect(reminderSubject(m)).toBe('Påminnelse: Delårsrapport januari–juli 2026 – sista dag 14 augusti 2026');
    const text = reminderText(m);
    expect(text).toContain('Delårsrapport januari–juli 2026 för Regional tillväxtnämnd ska vara klar senast 14 augusti 2026.');
    expect(text).toContain('- Uppdrag 29: Uppdrag 29 (delvis uppfyllt, ej signerad)');
    expect(text).toContain('https://x/verksamhetsplan/rapporter/1');
  });
  it('refuses an address that is not one', () => {
    expect(validateEmail(' a@b.se ')).toBe('a@b.se');
    expect(validateEmail('')).toBeNull();
    expect(() => validateEmail('anna')).toThrow('"anna" är ingen e-postadress. Skriv den som namn@exempel.se.');
  });
});
