/**
 * The access module's words the web shares: the roles and the permissions.
 * Which role holds which permission is the server's table (model.ts GRANTS);
 * the session's view carries the signed-in user's permissions, and the web
 * shows an action when the user holds it (web/src/session.tsx `useCan`).
 */
export const ROLES = ['member', 'case-officer', 'secretary', 'adjuster', 'admin'] as const;
export type Role = (typeof ROLES)[number];

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
  | 'funding.attest'
  | 'funding.settings'
  | 'kpi.edit'
  | 'control.read'
  | 'control.edit'
  | 'budget.read-draft'
  | 'budget.edit'
  | 'budget.adopt'
  | 'report.read-draft'
  | 'report.edit'
  | 'archive.export';
