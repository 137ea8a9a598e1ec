/**
 * How follow-up statuses roll up the plan tree (issue 17). Pure: no I/O.
 *
 * The rule, per item:
 * 1. A leaf (styrtal, uppdrag), and a parent none of whose children is
 *    assessed, has the status entered for it – or none ("Ej bedömd").
 * 2. A parent with at least one assessed child has the worst status among its
 *    assessed children (ej uppfyllt before delvis uppfyllt before uppfyllt);
 *    children not yet assessed are left out, so "Ej bedömd" only when no child
 *    is assessed. A status entered for the parent itself is then not used.
 *    Focus areas and common themes are not assessed themselves: they only pass
 *    their children's status on (a målsättning follows the mål in its focus areas).
 * 3. The controller may override a parent's rolled-up status with a reason:
 *    an override wins over rule 2, and its parents roll up from the override.
 */
import type { ItemKind, Status } from './model.ts';

/** From worst to best: a parent takes the first of these any assessed child has. */
export const SEVERITY: readonly Status[] = ['not-met', 'partly', 'met'];

export interface RollupInput {
  id: number;
  kind: ItemKind;
  /** The status entered for the item itself. */
  status: Status | null;
  /** A controller's override with its reason (parents only). */
  overrideReason: string | null;
  children: readonly RollupInput[];
}

export interface Rolled {
  /** The status the item is reported with. */
  status: Status | null;
  /** What the children give (rule 2); null when none of them is assessed. */
  fromChildren: Status | null;
  /** Where `status` comes from. */
  source: 'entered' | 'children' | 'override' | 'none';
}

/** The worst of the given statuses; null when none is assessed. */
export function worst(statuses: ReadonlyArray<Status | null>): Status | null {
  for (const s of SEVERITY) if (statuses.includes(s)) return s;
  return null;
}

/** The status of every item in the tree, by id. */
export function rollUp(items: readonly RollupInput[]): Map<number, Rolled> {
  const out = new Map<number, Rolled>();
  const visit = (i: RollupInput): Status | null => {
    const fromChildren = worst(i.children.map(visit));
    let r: Rolled;
    if (i.overrideReason && i.status) r = { status: i.status, fromChildren, source: 'override' };
    else if (fromChildren) r = { status: fromChildren, fromChildren, source: 'children' };
    else if (i.status) r = { status: i.status, fromChildren, source: 'entered' };
    else r = { status: null, fromChildren, source: 'none' };
    out.set(i.id, r);
    return r.status;
  };
  items.forEach(visit);
  return out;
}
