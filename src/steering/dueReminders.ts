/**
 * Automatic reminders before a report period's deadline (issue 17.2). The
 * server runs `runDueReminders` on start and then periodically
 * (`startDueReminders`, REMINDER_INTERVAL_MINUTES, default 60): for every open
 * report whose deadline is within REMINDER_DAYS_BEFORE days (default 7, the
 * deadline day included), each followed-up item with a responsible person that
 * is not signed off gets one row per recipient in `plan_report_due_reminder`
 * (unique per report, item and recipient: recorded once, so two app processes
 * on one database cannot both send it). Rows are claimed with `for update
 * skip locked`, one message goes to each recipient listing their items, and
 * the outcome is written back: sent, or failed with the mail server's answer
 * and a later time to try again (5, 10, 20 … minutes), given up after
 * MAX_ATTEMPTS. A claim a crashed process left is taken again after 15 minutes.
 *
 * The address: the account the item's responsible person is linked to (its
 * person's e-mail), else the address written on the item. Who cannot be
 * resolved is listed (`unresolved`), never guessed.
 */
import { sql } from 'kysely';
import { audit, type Db, type Executor } from '../db/index.ts';
import { addDays, todayInStockholm } from '../kernel/dates.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { mailFailureText, openMailer } from '../kernel/mail.ts';
import { authorize, SYSTEM, type Actor } from '../access/model.ts';
import { MATRIX_LEVELS, REPORT_KIND_LABEL, type ItemKind, type Status } from './model.ts';
import { reminderSubject, reminderText, type ReminderItem } from './followUp.ts';

export const MAX_ATTEMPTS = 6;
const RECLAIM_MINUTES = 15;

export function reminderDaysBefore(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.REMINDER_DAYS_BEFORE ?? 7);
  return Number.isInteger(n) && n >= 0 && n <= 90 ? n : 7;
}

/** Minutes until the next attempt after `attempts` failures: 5, 10, 20 … at most a day. */
export const retryMinutes = (attempts: number) => Math.min(5 * 2 ** Math.max(0, attempts - 1), 24 * 60);

export interface ResponsibleItem {
  id: number;
  kind: ItemKind;
  number: string | null;
  text: string;
  responsible: string | null;
  responsibleUserId: number | null;
  /** The linked account's person's e-mail. */
  accountEmail: string | null;
  accountName: string | null;
  responsibleEmail: string | null;
  status: Status | null;
  signedOff: boolean;
}

export interface DueRecipient {
  recipient: string;
  responsible: string;
  items: ResponsibleItem[];
}

/** Whom to remind of what: open items (followed up, with a responsible person, not signed off) per resolved address; the rest unresolved. */
export function dueRecipients(items: readonly ResponsibleItem[]): { recipients: DueRecipient[]; unresolved: Array<{ responsible: string; items: ResponsibleItem[] }> } {
  const by = new Map<string, DueRecipient>();
  const unresolved = new Map<string, { responsible: string; items: ResponsibleItem[] }>();
  for (const i of items) {
    if (!(MATRIX_LEVELS as readonly string[]).includes(i.kind) || i.signedOff) continue;
    const name = i.accountName ?? i.responsible;
    if (!name) continue;
    const address = (i.accountEmail ?? i.responsibleEmail)?.trim();
    if (!address) {
      const u = unresolved.get(name) ?? { responsible: name, items: [] };
      u.items.push(i);
      unresolved.set(name, u);
      continue;
    }
    const key = address.toLowerCase();
    const r = by.get(key) ?? { recipient: key, responsible: name, items: [] };
    r.items.push(i);
    by.set(key, r);
  }
  return { recipients: [...by.values()], unresolved: [...unresolved.values()] };
}

/** The items of a plan with their report entry's status and sign-off, and the linked account's name and e-mail. */
async function itemsOfReport(ex: Executor, reportId: number, planId: number): Promise<ResponsibleItem[]> {
  const rows = await ex
    .selectFrom('business_plan_item as i')
    .leftJoin('plan_report_entry as e', (j) => j.onRef('e.item_id', '=', 'i.id').on('e.report_id', '=', reportId))
    .leftJoin('app_user as u', 'u.id', 'i.responsible_user_id')
    .leftJoin('person as p', 'p.id', 'u.person_id')
    .select(['i.id', 'i.kind', 'i.number', 'i.text', 'i.responsible', 'i.responsible_user_id', 'i.responsible_email', 'e.status', 'e.signed_off_by', 'u.display_name', 'p.email'])
    .where('i.plan_id', '=', planId)
    .orderBy('i.id')
    .execute();
  return rows.map((r) => ({
    id: r.id, kind: r.kind, number: r.number, text: r.text, responsible: r.responsible, responsibleUserId: r.responsible_user_id,
    accountEmail: r.email ?? null, accountName: r.display_name ?? null, responsibleEmail: r.responsible_email, status: r.status ?? null, signedOff: r.signed_off_by != null,
  }));
}

export interface DueRunResult {
  /** Rows recorded now (new item/recipient pairs). */
  recorded: number;
  sent: number;
  failed: number;
  /** Responsible persons with open items and no address, per report. */
  unresolved: Array<{ reportId: number; responsible: string; items: number }>;
  skipped?: 'no-smtp';
}

/**
 * One run of the due-reminder check (see the file's comment). `now` is the
 * clock (tests move it); SMTP_URL unset: nothing is recorded or sent.
 */
export async function runDueReminders(db: Db, opts: { baseUrl: string; now?: Date; env?: NodeJS.ProcessEnv }): Promise<DueRunResult> {
  const env = opts.env ?? process.env;
  const now = opts.now ?? new Date();
  const result: DueRunResult = { recorded: 0, sent: 0, failed: 0, unresolved: [] };
  if (!env.SMTP_URL?.trim()) return { ...result, skipped: 'no-smtp' };
  const today = todayInStockholm(now);
  const until = addDays(today, reminderDaysBefore(env));
  // 1. record what is due, once per report, item and recipient
  const reports = await db.kysely
    .selectFrom('plan_report')
    .select(['id', 'plan_id'])
    .where('state', '=', 'open')
    .where('deadline', 'is not', null)
    .where('deadline', '>=', today)
    .where('deadline', '<=', until)
    .execute();
  for (const r of reports) {
    await db.tx(async (trx) => {
      const { recipients, unresolved } = dueRecipients(await itemsOfReport(trx, r.id, r.plan_id));
      for (const u of unresolved) result.unresolved.push({ reportId: r.id, responsible: u.responsible, items: u.items.length });
      const values = recipients.flatMap((p) => p.items.map((i) => ({ report_id: r.id, item_id: i.id, recipient: p.recipient, responsible: p.responsible, next_attempt_at: now })));
      if (!values.length) return;
      const inserted = await trx.insertInto('plan_report_due_reminder').values(values).onConflict((oc) => oc.columns(['report_id', 'item_id', 'recipient']).doNothing()).returning('id').execute();
      result.recorded += inserted.length;
    });
  }
  // 2. claim what is due to be sent (another process skips what this one holds)
  const reclaim = new Date(now.getTime() - RECLAIM_MINUTES * 60_000);
  const claimed = await db.tx(async (trx) => {
    const ids = await trx
      .selectFrom('plan_report_due_reminder')
      .select('id')
      .where((w) => w.or([w.and([w('status', 'in', ['pending', 'failed']), w('next_attempt_at', '<=', now)]), w.and([w('status', '=', 'sending'), w('claimed_at', '<', reclaim)])]))
      .orderBy('id')
      .forUpdate()
      .skipLocked()
      .execute();
    if (!ids.length) return [];
    return trx
      .updateTable('plan_report_due_reminder')
      .set({ status: 'sending', claimed_at: now, attempts: sql`attempts + 1` })
      .where('id', 'in', ids.map((i) => i.id))
      .returningAll()
      .execute();
  });
  if (!claimed.length) return result;
  // 3. one message per report and recipient
  const groups = new Map<string, typeof claimed>();
  for (const c of claimed) groups.set(`${c.report_id}\n${c.recipient}`, [...(groups.get(`${c.report_id}\n${c.recipient}`) ?? []), c]);
  const mailer = openMailer(env);
  try {
    for (const rows of groups.values()) {
      const first = rows[0]!;
      const report = await db.kysely
        .selectFrom('plan_report as r')
        .innerJoin('business_plan as p', 'p.id', 'r.plan_id')
        .innerJoin('body as b', 'b.id', 'p.body_id')
        .select(['r.id', 'r.kind', 'r.period', 'r.deadline', 'r.plan_id', 'b.name as body_name'])
        .where('r.id', '=', first.report_id)
        .executeTakeFirstOrThrow();
      const all = new Map((await itemsOfReport(db.kysely, report.id, report.plan_id)).map((i) => [i.id, i]));
      const items: ReminderItem[] = rows.flatMap((row) => {
        const i = all.get(row.item_id);
        return i ? [{ id: i.id, kind: i.kind, number: i.number, text: i.text, responsible: row.responsible, responsibleEmail: row.recipient, status: i.status, signedOff: i.signedOff }] : [];
      });
      const input = {
        reportName: `${REPORT_KIND_LABEL[report.kind]} ${report.period}`, bodyName: report.body_name, deadline: report.deadline!, responsible: first.responsible, items, url: `${opts.baseUrl}/verksamhetsplan/rapporter/${report.id}`,
      };
      let error: string | null = null;
      try {
        await mailer.send({ to: first.recipient, subject: reminderSubject(input), text: reminderText(input) });
      } catch (e) {
        error = mailFailureText(e);
      }
      await db.tx(async (trx) => {
        for (const row of rows) {
          const gaveUp = error !== null && row.attempts >= MAX_ATTEMPTS;
          await trx
            .updateTable('plan_report_due_reminder')
            .set(error === null ? { status: 'sent', sent_at: now, error: null } : { status: gaveUp ? 'given-up' : 'failed', error, next_attempt_at: new Date(now.getTime() + retryMinutes(row.attempts) * 60_000) })
            .where('id', '=', row.id)
            .execute();
        }
        await audit(trx, {
          actor: SYSTEM.id, action: error ? 'plan.report.due-reminder-failed' : 'plan.report.due-reminder-sent', entity: 'plan_report', entityId: report.id,
          after: { address: first.recipient, items: rows.map((r) => r.item_id), attempt: first.attempts, ...(error ? { error } : {}) },
        });
      });
      if (error) result.failed++;
      else result.sent++;
    }
  } finally {
    mailer.close();
  }
  return result;
}

/** Runs the check now (on start) and every REMINDER_INTERVAL_MINUTES (default 60); a failed run is logged and the next one tries again. */
export function startDueReminders(db: Db, opts: { baseUrl: string; log?: (m: string) => void; env?: NodeJS.ProcessEnv }): { stop(): void } {
  const env = opts.env ?? process.env;
  const minutes = Number(env.REMINDER_INTERVAL_MINUTES ?? 60);
  const every = Number.isFinite(minutes) && minutes >= 1 ? minutes : 60;
  const log = opts.log ?? ((m: string) => console.log(m));
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    runDueReminders(db, { baseUrl: opts.baseUrl, env })
      .then((r) => {
        if (r.sent || r.failed) log(`Påminnelser före sista dag: ${r.sent} skickade, ${r.failed} misslyckade (försöks igen).`);
      })
      .catch((e) => log(`Påminnelserna kunde inte köras: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        running = false;
      });
  };
  tick();
  const timer = setInterval(tick, every * 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

// ---------------------------------------------------------------- the state per report, and linking the responsible to an account

export interface DueReminderView {
  itemId: number;
  recipient: string;
  responsible: string;
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'given-up';
  attempts: number;
  error: string | null;
  sentAt: string | null;
  nextAttemptAt: string | null;
}

export interface DueRemindersOfReport {
  deadline: string | null;
  daysBefore: number;
  reminders: DueReminderView[];
  /** Responsible persons with open items but no account with an e-mail and no address on the item: flagged, nobody reminded. */
  unresolved: Array<{ responsible: string; itemIds: number[] }>;
}

export async function dueRemindersOf(db: Db, actor: Actor, reportId: number): Promise<DueRemindersOfReport> {
  authorize(actor, 'plan.edit');
  const r = await db.kysely.selectFrom('plan_report').select(['id', 'plan_id', 'deadline']).where('id', '=', reportId).executeTakeFirst();
  if (!r) throw notFound('Rapporten', reportId);
  const rows = await db.kysely.selectFrom('plan_report_due_reminder').selectAll().where('report_id', '=', reportId).orderBy('id').execute();
  const { unresolved } = dueRecipients(await itemsOfReport(db.kysely, reportId, r.plan_id));
  return {
    deadline: r.deadline,
    daysBefore: reminderDaysBefore(),
    reminders: rows.map((x) => ({
      itemId: x.item_id, recipient: x.recipient, responsible: x.responsible, status: x.status, attempts: x.attempts, error: x.error,
      sentAt: x.sent_at ? new Date(x.sent_at).toISOString() : null, nextAttemptAt: x.status === 'failed' ? new Date(x.next_attempt_at).toISOString() : null,
    })),
    unresolved: unresolved.map((u) => ({ responsible: u.responsible, itemIds: u.items.map((i) => i.id) })),
  };
}

export interface ResponsibleAccount {
  id: number;
  displayName: string;
  /** The account's person has an e-mail address (reminders can reach them). */
  hasEmail: boolean;
}

/** Active accounts a responsible person can be linked to. */
export async function responsibleAccounts(db: Db, actor: Actor): Promise<ResponsibleAccount[]> {
  authorize(actor, 'plan.edit');
  const rows = await db.kysely
    .selectFrom('app_user as u')
    .leftJoin('person as p', 'p.id', 'u.person_id')
    .select(['u.id', 'u.display_name', 'p.email'])
    .where('u.active', '=', true)
    .orderBy('u.display_name')
    .execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, hasEmail: Boolean(r.email?.trim()) }));
}

/** Links an item's responsible person to an account (null: unlinks; the free text stays). Optimistic on the item's version. */
export async function linkResponsibleAccount(db: Db, actor: Actor, itemId: number, input: { userId: number | null; version: number }): Promise<{ itemId: number; responsibleUserId: number | null; version: number }> {
  authorize(actor, 'plan.edit');
  return db.tx(async (trx) => {
    const before = await trx.selectFrom('business_plan_item').select(['id', 'version', 'responsible', 'responsible_user_id']).where('id', '=', itemId).forUpdate().executeTakeFirst();
    if (!before) throw notFound('Posten', itemId);
    if (before.version !== input.version) throw new DomainError('stale-version', `Posten har ändrats sedan du hämtade den (din version ${input.version}, nu ${before.version}). Ladda om och gör ändringen igen.`, { status: 409 });
    let name = before.responsible;
    if (input.userId !== null) {
      const u = await trx.selectFrom('app_user').select(['id', 'display_name', 'active']).where('id', '=', input.userId).executeTakeFirst();
      if (!u || !u.active) throw new DomainError('unknown-account', 'Kontot finns inte eller är inaktiverat.', { status: 422 });
      name = before.responsible ?? u.display_name;
    }
    const after = await trx
      .updateTable('business_plan_item')
      .set({ responsible_user_id: input.userId, responsible: name, version: sql`version + 1`, updated_by: actor.id })
      .where('id', '=', itemId)
      .returning(['id', 'version', 'responsible_user_id'])
      .executeTakeFirstOrThrow();
    await audit(trx, { actor: actor.id, action: 'plan.item.responsible-account', entity: 'business_plan_item', entityId: itemId, before: { responsibleUserId: before.responsible_user_id }, after: { responsibleUserId: input.userId } });
    return { itemId, responsibleUserId: after.responsible_user_id, version: after.version };
  });
}
