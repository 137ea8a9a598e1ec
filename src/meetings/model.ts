/** Pure rules for bodies, memberships and agendas. */
import type { RoleInBody } from '../importer/types.ts';

export const ROLE_LABEL: Record<RoleInBody, string> = {
  chair: 'ordförande',
  'first-vice-chair': 'vice ordförande',
  'second-vice-chair': '2:e vice ordförande',
  member: 'ledamot',
};

export const KIND_LABEL = {
  adjustment: 'Justering',
  decision: 'Beslut',
  information: 'Information',
  'delegation-report': 'Delegationsbeslut',
  presentations: 'Presentationer',
} as const;

/** Order of a body's list: members before substitutes, each in the order of the summons. */
export function membershipOrder(a: { kind: string; order: number }, b: { kind: string; order: number }): number {
  if (a.kind !== b.kind) return a.kind === 'member' ? -1 : 1;
  return a.order - b.order;
}
