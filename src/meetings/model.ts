/** Pure rules for bodies, memberships and agendas. */
import { DomainError } from '../kernel/errors.ts';
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

// ── Secrecy: the provisions of offentlighets- och sekretesslagen (2009:400) the committee uses ──

export interface OslProvision {
  /** The legal reference as stored and shown: "21 kap. 1 § OSL". */
  ref: string;
  /** What the provision protects, in short (the UI's select shows it after the reference). */
  label: string;
}

/**
 * The fixed list a secrecy mark is chosen from; anything else only as "annan" with a reason.
 * The labels summarise the provisions, they do not quote them.
 */
export const OSL_PROVISIONS: readonly OslProvision[] = [
  { ref: '18 kap. 8 § OSL', label: 'säkerhets- eller bevakningsåtgärder' },
  { ref: '19 kap. 1 § OSL', label: 'myndighetens affärs- eller driftförhållanden när den bedriver affärsverksamhet' },
  { ref: '19 kap. 3 § OSL', label: 'upphandling och andra affärer där det allmänna kan lida skada' },
  { ref: '21 kap. 1 § OSL', label: 'enskilds hälsa eller sexualliv' },
  { ref: '21 kap. 7 § OSL', label: 'personuppgifter som efter ett utlämnande kan antas behandlas i strid med dataskyddsförordningen' },
  { ref: '30 kap. 23 § OSL', label: 'enskilds affärs- eller driftförhållanden i stöd- och tillsynsverksamhet för näringslivet' },
  { ref: '31 kap. 16 § OSL', label: 'enskilds affärs- eller driftförhållanden i annan verksamhet, enligt regeringens föreskrifter' },
  { ref: '39 kap. 1 § OSL', label: 'enskilds personliga förhållanden i personalsociala ärenden' },
];

export const OTHER_PROVISION = 'annan';

/** "OSL 31 kap. 16 §", "31 kap 16§ OSL", "31 kap. 16 §" → "31 kap. 16 § OSL"; null when it is not of that form. */
export function normaliseOslRef(text: string): string | null {
  const t = text.replace(/\s+/g, ' ').trim();
  const m = /^(?:OSL\s*)?(\d{1,2})\s*kap\.?\s*(\d{1,3}(?:\s?[a-z])?)\s*§(?:\s*(?:första|andra|tredje|fjärde)\s+stycket)?\s*(?:OSL)?$/i.exec(t);
  if (!m) return null;
  return `${Number(m[1])} kap. ${m[2]!.replace(/\s/g, ' ').toLowerCase()} § OSL`;
}

/**
 * The legal reference of a secrecy mark: one of OSL_PROVISIONS (however it is written), or
 * "annan" with a reason, stored as "Annan grund: <reason>". Null makes the papers public.
 */
export function secrecyRefOf(ref: string | null, reason?: string | null): string | null {
  if (ref === null) return null;
  const r = String(ref).replace(/\s+/g, ' ').trim();
  if (r.toLowerCase() === OTHER_PROVISION) {
    const why = String(reason ?? '').replace(/\s+/g, ' ').trim();
    if (why.length < 5 || why.length > 180) {
      throw new DomainError('secrecy-reason-required', 'Ange grunden för sekretessen (5–180 tecken) när lagrummet är "annan".');
    }
    return `Annan grund: ${why}`;
  }
  const normal = normaliseOslRef(r);
  const found = normal ? OSL_PROVISIONS.find((p) => p.ref === normal) : undefined;
  if (!found) {
    throw new DomainError(
      'invalid-secrecy-ref',
      `Ange lagrummet för sekretessen ur nämndens lista: ${OSL_PROVISIONS.map((p) => p.ref).join(', ')}, eller "annan" med en motivering.`,
    );
  }
  return found.ref;
}
