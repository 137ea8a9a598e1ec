import { describe, expect, it } from 'vitest';
import { rollUp, worst, type RollupInput } from './rollup.ts';
import type { ItemKind, Status } from './model.ts';

let next = 1;
const n = (kind: ItemKind, status: Status | null = null, children: RollupInput[] = [], overrideReason: string | null = null): RollupInput => ({ id: next++, kind, status, overrideReason, children });

describe('worst', () => {
  it('takes ej uppfyllt before delvis before uppfyllt and ignores what is not assessed', () => {
    expect(worst(['met', 'partly', null])).toBe('partly');
    expect(worst(['met', 'not-met', 'partly'])).toBe('not-met');
    expect(worst(['met', null])).toBe('met');
    expect(worst([null, null])).toBeNull();
    expect(worst([])).toBeNull();
  });
});

describe('rollUp', () => {
  it('gives a målsättning the worst status of the mål in its focus areas (the issue: it stayed Ej bedömd)', () => {
    const m1 = n('objective', 'met');
    const m2 = n('objective', 'partly');
    const area = n('focus-area', null, [m1, m2]);
    const goal = n('strategic-goal', null, [area]);
    const r = rollUp([goal]);
    expect(r.get(goal.id)).toEqual({ status: 'partly', fromChildren: 'partly', source: 'children' });
    expect(r.get(area.id)).toEqual({ status: 'partly', fromChildren: 'partly', source: 'children' });
    expect(r.get(m1.id)).toEqual({ status: 'met', fromChildren: null, source: 'entered' });
  });

  it('leaves children not yet assessed out; Ej bedömd only when no child is assessed', () => {
    const goal = n('strategic-goal', null, [n('indicator'), n('assignment', 'met'), n('assignment')]);
    expect(rollUp([goal]).get(goal.id)!.status).toBe('met');
    const empty = n('strategic-goal', null, [n('indicator'), n('assignment')]);
    expect(rollUp([empty]).get(empty.id)).toEqual({ status: null, fromChildren: null, source: 'none' });
  });

  it('rolls up through several levels: styrtal → mål → fokusområde → målsättning', () => {
    const obj = n('objective', null, [n('indicator', 'met'), n('assignment', 'not-met')]);
    const goal = n('strategic-goal', null, [n('focus-area', null, [n('focus-area', null, [obj])]), n('indicator', 'met')]);
    const r = rollUp([goal]);
    expect(r.get(obj.id)!.status).toBe('not-met');
    expect(r.get(goal.id)!.status).toBe('not-met');
  });

  it("keeps a parent's own status while none of its children is assessed, and drops it once they are", () => {
    const own = n('objective', 'met', [n('indicator'), n('assignment')]);
    expect(rollUp([own]).get(own.id)).toEqual({ status: 'met', fromChildren: null, source: 'entered' });
    const assessed = n('objective', 'met', [n('indicator', 'partly'), n('assignment')]);
    expect(rollUp([assessed]).get(assessed.id)).toEqual({ status: 'partly', fromChildren: 'partly', source: 'children' });
  });

  it("lets the controller's override with a reason win, and its parents roll up from the override", () => {
    const obj = n('objective', 'met', [n('indicator', 'not-met'), n('assignment', 'met')], 'Styrtalet mäter 2024; senare siffror visar en förbättring.');
    const goal = n('strategic-goal', null, [n('focus-area', null, [obj])]);
    const r = rollUp([goal]);
    expect(r.get(obj.id)).toEqual({ status: 'met', fromChildren: 'not-met', source: 'override' });
    expect(r.get(goal.id)!.status).toBe('met');
  });

  it('ignores an override reason without a status', () => {
    const obj = n('objective', null, [n('indicator', 'partly')], 'skäl');
    expect(rollUp([obj]).get(obj.id)).toEqual({ status: 'partly', fromChildren: 'partly', source: 'children' });
  });

  it('answers for every item of a forest', () => {
    const a = n('strategic-goal', 'met');
    const b = n('theme', null, [n('assignment', 'partly')]);
    const r = rollUp([a, b]);
    expect(r.size).toBe(3);
    expect(r.get(b.id)!.status).toBe('partly');
  });
});
