/**
 * Issue 17: the follow-up's links that are administration, not what was decided,
 * and so are changed also in an adopted plan (by those with plan.edit):
 * - a styrtal's indicator series ("Koppla nyckeltalsserie", PUT /api/plan-items/:id/kpi-series);
 * - the responsible person's account ("Ansvarigt konto", PUT /api/plan-items/:id/responsible-account),
 *   whose person's address the automatic reminders go to;
 * - the automatic reminders' state per report ("Påminnelser", GET /api/plan-reports/:id/due-reminders):
 *   sent, failed (with the mail server's answer and the next attempt) or waiting, and the
 *   responsible persons no reminder can reach.
 * Every change sends the item's version; the server refuses a stale one in Swedish.
 */
import { useState } from 'react';
import type { DueRemindersOfReport, DueReminderView, ResponsibleAccount } from '../../../src/steering/dueReminders.ts';
import type { PlanItemView, ReportItemView } from '../../../src/steering/service.ts';
import { send } from '../api.ts';
import { Field, useSubmit } from './form.tsx';
import { KpiSeriesSelect } from './KpiBadge.tsx';
import { Loaded } from './Status.tsx';
import { useApi } from '../useApi.ts';

const shortName = (i: { kindLabel: string; number: string | null; text: string }) => `${i.kindLabel.toLowerCase()}${i.number ? ` ${i.number}` : ''}: ${i.text.slice(0, 60)}`;

/** A styrtal's series in an adopted plan: a button that opens the series picker. */
export function KpiSeriesLink({ planId, item, onSaved }: { planId: number; item: PlanItemView; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(item.kpiSeriesId == null ? '' : String(item.kpiSeriesId));
  const { busy, error, run } = useSubmit({ onDone: () => (setOpen(false), onSaved()) });
  const name = shortName(item);
  if (!open)
    return (
      <div>
        <button type="button" className="button button-secondary button-small" aria-label={`Koppla nyckeltalsserie till ${name}`} onClick={() => setOpen(true)}>
          Koppla nyckeltalsserie
        </button>
      </div>
    );
  return (
    <form
      className="inline-form"
      aria-label={`Nyckeltalsserie för ${name}`}
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => send('PUT', `/api/plan-items/${item.id}/kpi-series`, { kpiSeriesId: value ? Number(value) : null, version: item.version }, `/api/plans/${planId}`));
      }}
    >
      <Field inline label="Nyckeltalsserie">
        <KpiSeriesSelect value={value} onChange={setValue} />
      </Field>
      <button type="submit" className="button button-small" disabled={busy}>
        Spara serien
      </button>
      <button type="button" className="button button-secondary button-small" onClick={() => setOpen(false)}>
        Avbryt
      </button>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </form>
  );
}

/** The active accounts a responsible person can be linked to, fetched once per page. */
export function useResponsibleAccounts(enabled: boolean): ResponsibleAccount[] | null {
  const accounts = useApi<ResponsibleAccount[]>(enabled ? '/api/responsible-accounts' : null);
  return accounts.status === 'ok' ? accounts.data : null;
}

/** "Ansvarigt konto" for an item: inget konto or one of the accounts; saved with the item's version. */
export function ResponsibleAccountLink({ item, accounts, onSaved, forget = [] }: { item: ReportItemView | PlanItemView; accounts: ResponsibleAccount[]; onSaved: () => void; forget?: string[] }) {
  const current = item.responsibleUserId == null ? '' : String(item.responsibleUserId);
  const [value, setValue] = useState(current);
  const { busy, error, run } = useSubmit({ onDone: onSaved });
  const name = shortName(item);
  const linked = accounts.find((a) => String(a.id) === current);
  return (
    <form
      className="inline-form report-account"
      aria-label={`Ansvarigt konto för ${name}`}
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => send('PUT', `/api/plan-items/${item.id}/responsible-account`, { userId: value ? Number(value) : null, version: item.version }, ...forget));
      }}
    >
      <Field inline label="Ansvarigt konto" hint={linked && !linked.hasEmail ? 'Kontot saknar e-postadress: påminnelser når inte fram.' : undefined}>
        <select value={value} onChange={(e) => setValue(e.target.value)}>
          <option value="">inget konto</option>
          {accounts.map((a) => (
            <option key={a.id} value={String(a.id)}>
              {a.displayName}
              {a.hasEmail ? '' : ' (ingen e-postadress)'}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" className="button button-secondary button-small" disabled={busy || value === current}>
        Spara konto
      </button>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </form>
  );
}

/** A moment in Swedish time as "2026-08-09 09:00". */
const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }) : '');

function stateText(r: DueReminderView): string {
  switch (r.status) {
    case 'sent':
      return `Skickad ${time(r.sentAt)}`;
    case 'failed':
      return `Misslyckades (försök ${r.attempts}): ${r.error ?? 'okänt fel'}${r.nextAttemptAt ? `. Nytt försök ${time(r.nextAttemptAt)}` : ''}`;
    case 'given-up':
      return `Gav upp efter ${r.attempts} försök: ${r.error ?? 'okänt fel'}`;
    case 'sending':
      return 'Skickas …';
    default:
      return 'Väntar';
  }
}

function flatten(items: readonly ReportItemView[]): Map<number, ReportItemView> {
  const out = new Map<number, ReportItemView>();
  const walk = (list: readonly ReportItemView[]) => list.forEach((i) => (out.set(i.id, i), walk(i.children)));
  walk(items);
  return out;
}

/** The automatic reminders of one report: one row per recipient and state, and the responsible persons nobody can remind. */
export function DueReminders({ reportId, items }: { reportId: number; items: readonly ReportItemView[] }) {
  const state = useApi<DueRemindersOfReport>(`/api/plan-reports/${reportId}/due-reminders`);
  const byId = flatten(items);
  const itemName = (id: number) => {
    const i = byId.get(id);
    return i ? shortName(i) : `post ${id}`;
  };
  return (
    <section className="report-due-reminders" aria-labelledby="report-due-h">
      <h2 id="report-due-h">Påminnelser</h2>
      <Loaded state={state} loading="Laddar påminnelserna …">
        {(d) => {
          // one row per recipient and state: the items reminded of in one mail share it
          const groups = new Map<string, { recipient: string; responsible: string; state: string; failed: boolean; items: number[] }>();
          for (const r of d.reminders) {
            const text = stateText(r);
            const key = `${r.recipient.toLowerCase()}\u0000${text}`;
            const g = groups.get(key) ?? { recipient: r.recipient, responsible: r.responsible, state: text, failed: r.status === 'failed' || r.status === 'given-up', items: [] };
            g.items.push(r.itemId);
            groups.set(key, g);
          }
          return (
            <>
              <p className="muted">
                {d.deadline
                  ? `Påminnelser skickas automatiskt ${d.daysBefore} dagar före sista dag (${d.deadline}) till de ansvariga med osignerade poster.`
                  : 'Ingen sista dag angiven: inga automatiska påminnelser skickas.'}
              </p>
              {groups.size === 0 ? (
                <p>Inga automatiska påminnelser ännu.</p>
              ) : (
                <div className="table-wrap">
                  <table className="table">
                    <caption>Automatiska påminnelser</caption>
                    <thead>
                      <tr>
                        <th scope="col">Mottagare</th>
                        <th scope="col">Poster</th>
                        <th scope="col">Läge</th>
                      </tr>
                    </thead>
                    <tbody>
                      {[...groups.values()].map((g, n) => (
                        <tr key={n}>
                          <td>
                            {g.responsible} &lt;{g.recipient}&gt;
                          </td>
                          <td>
                            <ul>
                              {g.items.map((id) => (
                                <li key={id}>
                                  <a href={`#post-${id}`}>{itemName(id)}</a>
                                </li>
                              ))}
                            </ul>
                          </td>
                          <td className={g.failed ? 'error' : undefined}>{g.state}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {d.unresolved.length > 0 && (
                <div role="note" className="warnings" aria-label="Ansvariga som inte kan påminnas">
                  <p>
                    <strong>Ansvariga som inte kan påminnas</strong> (inget konto med e-postadress och ingen e-postadress på posten):
                  </p>
                  <ul>
                    {d.unresolved.map((u) => (
                      <li key={u.responsible}>
                        {u.responsible}: {u.itemIds.map(itemName).join('; ')}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
