/**
 * Who may do what. Policies are checked in every service function (not only
 * in routes) through `authorize`, so no path around the HTTP layer skips them.
 */
import { DomainError } from '../kernel/errors.ts';

export const ROLES = ['member', 'case-officer', 'secretary', 'adjuster', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = {
  member: 'ledamot/ersättare',
  'case-officer': 'handläggare',
  secretary: 'nämndsekreterare',
  adjuster: 'justerare/ordförande',
  admin: 'administratör',
};

export interface Actor {
  /** For the audit log: "user:june.fors", "system", "cli". */
  id: string;
  userId?: number | null;
  /** The person (ledamot) the user is, for signing as adjuster. */
  personId?: number | null;
  /** No roles: the public, not signed in. */
  roles?: readonly Role[];
  /** Trusted internal work (start-up import, CLI): every permission. */
  system?: boolean;
}

export const SYSTEM: Actor = { id: 'system', system: true };
export const PUBLIC: Actor = { id: 'public', roles: [] };

export type Permission =
  | 'case.register'
  | 'agenda.edit'
  | 'delegation.register'
  | 'delegation.order'
  | 'import.kallelse'
  | 'minutes.read-draft'
  | 'minutes.edit'
  | 'minutes.sign'
  | 'notice.post'
  | 'decision.dispatch'
  | 'user.admin'
  | 'audit.read'
  | 'plan.read-draft'
  | 'plan.edit'
  | 'plan.adopt'
  | 'funding.read'
  | 'funding.edit'
  | 'funding.decide'
  | 'funding.settings'
  | 'kpi.edit'
  | 'control.read'
  | 'control.edit'
  | 'budget.read-draft'
  | 'budget.edit'
  | 'budget.adopt'
  | 'report.read-draft'
  | 'report.edit';

const GRANTS: Record<Permission, readonly Role[]> = {
  'case.register': ['case-officer', 'secretary', 'admin'],
  'agenda.edit': ['secretary', 'admin'],
  'delegation.register': ['case-officer', 'secretary', 'admin'],
  'delegation.order': ['secretary', 'admin'],
  'import.kallelse': ['secretary', 'admin'],
  'minutes.read-draft': ['member', 'case-officer', 'secretary', 'adjuster', 'admin'],
  'minutes.edit': ['secretary', 'admin'],
  'minutes.sign': ['member', 'adjuster'],
  'notice.post': ['secretary', 'admin'],
  'decision.dispatch': ['secretary', 'case-officer', 'admin'],
  'user.admin': ['admin'],
  'audit.read': ['admin'],
  'plan.read-draft': ['member', 'case-officer', 'secretary', 'adjuster', 'admin'],
  'plan.edit': ['secretary', 'case-officer', 'admin'],
  'plan.adopt': ['secretary', 'admin'],
  'funding.read': ['member', 'case-officer', 'secretary', 'adjuster', 'admin'],
  'funding.edit': ['case-officer', 'secretary', 'admin'],
  'funding.decide': ['secretary', 'admin'],
  'funding.settings': ['secretary', 'admin'],
  'kpi.edit': ['case-officer', 'secretary', 'admin'],
  'control.read': ['member', 'case-officer', 'secretary', 'adjuster', 'admin'],
  'control.edit': ['case-officer', 'secretary', 'admin'],
  'budget.read-draft': ['member', 'case-officer', 'secretary', 'adjuster', 'admin'],
  'budget.edit': ['secretary', 'case-officer', 'admin'],
  'budget.adopt': ['secretary', 'admin'],
  'report.read-draft': ['member', 'case-officer', 'secretary', 'adjuster', 'admin'],
  'report.edit': ['secretary', 'case-officer', 'admin'],
};

const WHAT: Record<Permission, string> = {
  'case.register': 'registrera ärenden',
  'agenda.edit': 'ändra sammanträden och föredragningslistor',
  'delegation.register': 'registrera delegationsbeslut',
  'delegation.order': 'ändra delegationsordningen',
  'import.kallelse': 'importera kallelser',
  'minutes.read-draft': 'läsa protokoll som inte är justerade',
  'minutes.edit': 'ändra protokoll',
  'minutes.sign': 'justera protokoll',
  'notice.post': 'anslå på anslagstavlan',
  'decision.dispatch': 'expediera beslut',
  'user.admin': 'administrera användare',
  'audit.read': 'läsa granskningsloggen',
  'plan.read-draft': 'läsa utkast till verksamhetsplan',
  'plan.edit': 'ändra verksamhetsplaner och deras uppföljning',
  'plan.adopt': 'fastställa verksamhetsplaner',
  'funding.read': 'läsa ansökningar om medfinansiering',
  'funding.edit': 'registrera ansökningar om medfinansiering och utbetalningar',
  'funding.decide': 'besluta om medfinansiering',
  'funding.settings': 'ändra villkorslistan och anslaget 1:1',
  'kpi.edit': 'läsa in och ändra nyckeltal',
  'control.read': 'läsa internkontrollplanen',
  'control.edit': 'ändra internkontrollplanen',
  'budget.read-draft': 'läsa budgetutkast',
  'budget.edit': 'ändra budgetutkast och budgetuppföljning',
  'budget.adopt': 'fastställa budgetar',
  'report.read-draft': 'läsa utkast till återrapporteringen',
  'report.edit': 'skriva återrapporteringen till staten',
};

export function can(actor: Actor, permission: Permission): boolean {
  if (actor.system) return true;
  return (actor.roles ?? []).some((r) => GRANTS[permission].includes(r));
}

/** Throws 401 for the public and 403 for a signed-in user without the permission. */
export function authorize(actor: Actor, permission: Permission): void {
  if (can(actor, permission)) return;
  if (!actor.roles?.length && !actor.userId) {
    throw new DomainError('login-required', `Logga in för att ${WHAT[permission]}.`, { status: 401 });
  }
  throw new DomainError('forbidden', `Du saknar behörighet att ${WHAT[permission]}.`, { status: 403 });
}

export const MIN_PASSWORD = 12;

export function validatePassword(password: string): void {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD) {
    throw new DomainError('weak-password', `Lösenordet måste vara minst ${MIN_PASSWORD} tecken.`);
  }
  if (password.length > 256) throw new DomainError('weak-password', 'Lösenordet får vara högst 256 tecken.');
  if (/^(.)\1*$/.test(password)) throw new DomainError('weak-password', 'Lösenordet får inte bestå av ett enda upprepat tecken.');
}

export function validateUsername(username: string): string {
  const u = String(username ?? '').trim().toLowerCase();
  if (!/^[a-z0-9._-]{2,64}$/.test(u)) {
    throw new DomainError('invalid-username', 'Användarnamnet ska vara 2–64 tecken: bokstäver a–z, siffror, punkt, bindestreck eller understreck.');
  }
  return u;
}

/** Failed sign-ins allowed per user name and address in the window. */
export const LOGIN_LIMIT = { attempts: 5, windowMs: 15 * 60_000 };

export class LoginLimiter {
  private failures = new Map<string, number[]>();

  /** Minutes to wait, or 0 when another attempt is allowed. */
  waitMinutes(key: string, now = Date.now()): number {
    const recent = (this.failures.get(key) ?? []).filter((t) => now - t < LOGIN_LIMIT.windowMs);
    this.failures.set(key, recent);
    if (recent.length < LOGIN_LIMIT.attempts) return 0;
    return Math.ceil((recent[0]! + LOGIN_LIMIT.windowMs - now) / 60_000);
  }

  fail(key: string, now = Date.now()): void {
    this.failures.set(key, [...(this.failures.get(key) ?? []), now]);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }
}
