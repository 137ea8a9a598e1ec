/**
 * Follow-up in the browser (issue 17): per item of a report its status, outcome
 * (for a styrtal a number with its unit) and comment; a målsättning or mål shows
 * the status its children give (the rule is in src/steering/rollup.ts) and the
 * controller may set another one with a reason. The report's state bar moves it
 * open → submitted → locked; only an open report is written to, a locked one is
 * read-only for good (the server refuses in Swedish either way).
 *
 * Issue 17.2 adds: a styrtal's prognos beside its utfall; the responsible
 * person's sign-off per entry (cleared by the server when the entry changes
 * after it); what a helår carried over from the delår; the responsible person
 * and their e-mail address (also in an adopted plan); the report's deadline and
 * "Skicka påminnelser"; and the summary matrix per level and origin whose
 * cells list their items, linked to them.
 */
import { useState, type FormEvent } from 'react';
import type { ReportItemView, ReportView, SendRemindersResult } from '../../../src/steering/service.ts';
import type { OriginMatrixRow } from '../../../src/steering/followUp.ts';
import { STATUS_COLOUR, STATUS_LABEL, type Status } from '../../../src/steering/model.ts';
import { formatDecimalSv } from '../../../src/kpi/decimal.ts';
import { send } from '../api.ts';
import { Field, useSubmit } from './form.tsx';

const reportPath = (id: number) => `/api/plan-reports/${id}`;
const OVERRIDABLE = ['strategic-goal', 'objective'];

export const statusText = (s: Status | null) => (s ? `${STATUS_LABEL[s]} (${STATUS_COLOUR[s]})` : 'Ej bedömd');

const itemName = (i: ReportItemView) => `${i.kindLabel.toLowerCase()}${i.number ? ` ${i.number}` : ''}: ${i.text.slice(0, 60)}`;

function outcomeText(i: ReportItemView): string | null {
  const value = i.outcomeValue !== null ? `${formatDecimalSv(i.outcomeValue)}${i.outcomeUnit ? ` ${i.outcomeUnit}` : ''}` : null;
  return [value, i.outcome].filter(Boolean).join(', ') || null;
}

function forecastText(i: ReportItemView): string | null {
  const value = i.forecastValue !== null ? `${formatDecimalSv(i.forecastValue)}${i.outcomeUnit ? ` ${i.outcomeUnit}` : ''}` : null;
  return [value, i.forecastComment].filter(Boolean).join(', ') || null;
}

const who = (id: string | null) => id?.replace(/^user:/, '') ?? 'okänd';

/** The responsible person's sign-off of the entry: shown when given; in an open report a button to give (or take back) it. */
function SignOff({ report, item, canEdit, onSaved }: { report: ReportView; item: ReportItemView; canEdit: boolean; onSaved: () => void }) {
  const { busy, error, run } = useSubmit({ onDone: onSaved });
  const path = `${reportPath(report.id)}/entries/${item.id}/sign-off`;
  const name = itemName(item);
  return (
    <div className="report-sign-off">
      {item.signedOffBy ? (
        <span className="badge badge-ok">
          Signerad {item.signedOffAt?.slice(0, 10)} av {who(item.signedOffBy)}
        </span>
      ) : (
        item.entryVersion !== null && <span className="muted">Ej signerad</span>
      )}{' '}
      {canEdit && item.entryVersion !== null && !item.signedOffBy && (
        <button type="button" className="button button-small" disabled={busy} aria-label={`Signera ${name}`} onClick={() => void run(() => send('POST', path, { version: item.entryVersion }, reportPath(report.id)))}>
          Signera
        </button>
      )}
      {canEdit && item.signedOffBy && (
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={busy}
          aria-label={`Ta tillbaka signeringen av ${name}`}
          onClick={() => void run(() => send('DELETE', `${path}?version=${item.entryVersion}`, undefined, reportPath(report.id)))}
        >
          Ta tillbaka signeringen
        </button>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Who answers for the item, and (staff) their e-mail address, changeable also in an adopted plan. */
function Responsible({ item, canEdit, onSaved }: { item: ReportItemView; canEdit: boolean; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(item.responsible ?? '');
  const [email, setEmail] = useState(item.responsibleEmail ?? '');
  const { busy, error, run } = useSubmit({ onDone: () => (setOpen(false), onSaved()) });
  const label = itemName(item);
  if (!canEdit && !item.responsible) return null;
  return (
    <div className="report-responsible">
      {item.responsible && (
        <span className="muted">
          Ansvarig: {item.responsible}
          {item.responsibleEmail ? ` <${item.responsibleEmail}>` : canEdit ? ' (ingen e-postadress)' : ''}
        </span>
      )}{' '}
      {canEdit &&
        (open ? (
          <form
            className="inline-form"
            aria-label={`Ansvarig för ${label}`}
            onSubmit={(e) => {
              e.preventDefault();
              void run(() => send('PUT', `/api/plan-items/${item.id}/responsible`, { responsible: name || null, responsibleEmail: email || null, version: item.version }));
            }}
          >
            <Field inline label="Ansvarig" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
            <Field inline label="E-post" type="email" autoComplete="off" value={email} maxLength={254} onChange={(e) => setEmail(e.target.value)} />
            <button type="submit" className="button button-small" disabled={busy}>
              Spara ansvarig
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
        ) : (
          <button type="button" className="button button-secondary button-small" aria-label={`Ändra ansvarig för ${label}`} onClick={() => setOpen(true)}>
            Ändra ansvarig
          </button>
        ))}
    </div>
  );
}

function EntryForm({ report, item, onDone, onCancel }: { report: ReportView; item: ReportItemView; onDone: () => void; onCancel: () => void }) {
  const parent = OVERRIDABLE.includes(item.kind);
  const [status, setStatus] = useState<string>(item.status ?? '');
  const [reason, setReason] = useState(item.overrideReason ?? '');
  const [value, setValue] = useState(item.outcomeValue !== null ? formatDecimalSv(item.outcomeValue) : '');
  const [unit, setUnit] = useState(item.outcomeUnit ?? '');
  const [outcome, setOutcome] = useState(item.outcome ?? '');
  const [comment, setComment] = useState(item.comment ?? '');
  const [forecast, setForecast] = useState(item.forecastValue !== null ? formatDecimalSv(item.forecastValue) : '');
  const [forecastComment, setForecastComment] = useState(item.forecastComment ?? '');
  const { busy, error, run } = useSubmit({ onDone });
  const deviates = parent && item.fromChildren !== null && status !== item.fromChildren;
  const name = itemName(item);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // a parent left at what its children give stores no status of its own: it keeps following them
    const own = parent && item.fromChildren !== null && !deviates ? null : status || null;
    void run(() =>
      send(
        'PUT',
        `${reportPath(report.id)}/entries/${item.id}`,
        {
          status: own,
          overrideReason: deviates ? reason : null,
          outcome: outcome || null,
          ...(item.kind === 'indicator'
            ? { outcomeValue: value || null, outcomeUnit: unit || null, forecastValue: forecast || null, forecastComment: forecastComment || null }
            : {}),
          comment: comment || null,
          ...(item.entryVersion !== null ? { version: item.entryVersion } : {}),
        },
        reportPath(report.id),
      ),
    );
  };
  return (
    <form className="report-entry-form card" onSubmit={submit} aria-label={`Uppföljning av ${name}`}>
      <Field
        label={`Status för ${name}`}
        hint={parent && item.fromChildren !== null ? `Sammanvägd status av det som hör till: ${statusText(item.fromChildren)}.` : undefined}
      >
        <select value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Ej bedömd</option>
          <option value="met">Uppfyllt (grön)</option>
          <option value="partly">Delvis uppfyllt (gul)</option>
          <option value="not-met">Ej uppfyllt (röd)</option>
        </select>
      </Field>
      {deviates && (
        <Field label="Skäl för avvikande status" hint="Krävs när du sätter en annan status än den sammanvägda.">
          <textarea value={reason} required maxLength={1000} rows={2} onChange={(e) => setReason(e.target.value)} />
        </Field>
      )}
      {item.kind === 'indicator' && (
        <div className="inline-form">
          <Field inline label="Utfall (tal)" className="input-short" inputMode="decimal" autoComplete="off" value={value} maxLength={40} onChange={(e) => setValue(e.target.value)} />
          <Field inline label="Enhet" className="input-short" value={unit} maxLength={40} onChange={(e) => setUnit(e.target.value)} />
        </div>
      )}
      <Field label={item.kind === 'indicator' ? 'Utfall i ord' : 'Utfall'} value={outcome} maxLength={500} onChange={(e) => setOutcome(e.target.value)} />
      {item.kind === 'indicator' && (
        <div className="inline-form">
          <Field inline label="Prognos (tal)" hint="I utfallets enhet" className="input-short" inputMode="decimal" autoComplete="off" value={forecast} maxLength={40} onChange={(e) => setForecast(e.target.value)} />
          <Field inline label="Prognos, kommentar" value={forecastComment} maxLength={2000} onChange={(e) => setForecastComment(e.target.value)} />
        </div>
      )}
      {item.signedOffBy && <p className="field-hint">Signeringen tas bort om du ändrar uppföljningen.</p>}
      <Field label="Kommentar">
        <textarea value={comment} maxLength={5000} rows={3} onChange={(e) => setComment(e.target.value)} />
      </Field>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          Spara uppföljningen
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Avbryt
        </button>
      </div>
    </form>
  );
}

/** One item's follow-up: what is recorded, and (in an open report, for staff) a form to change it. */
export function FollowUpEntry({ report, item, canEdit, staff = canEdit, onSaved }: { report: ReportView; item: ReportItemView; canEdit: boolean; staff?: boolean; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const outcome = outcomeText(item);
  const source = item.statusSource === 'children' ? ' – sammanvägd' : item.statusSource === 'override' ? ' – satt av controller' : '';
  return (
    <div className="report-entry">
      <span className={`report-status report-status-${item.status ?? 'none'}`}>
        {statusText(item.status)}
        {source}
      </span>{' '}
      {item.statusSource === 'override' && item.overrideReason && <div className="muted">Skäl: {item.overrideReason}</div>}
      {outcome && <div>Utfall: {outcome}</div>}
      {forecastText(item) && <div>Prognos: {forecastText(item)}</div>}
      {item.comment && <div>Kommentar: {item.comment}</div>}
      {item.carriedOver && <div className="muted">Överförd från delårsrapporten</div>}
      <SignOff report={report} item={item} canEdit={canEdit} onSaved={onSaved} />
      <Responsible item={item} canEdit={staff} onSaved={onSaved} />
      {canEdit &&
        (open ? (
          <EntryForm
            report={report}
            item={item}
            onCancel={() => setOpen(false)}
            onDone={() => {
              setOpen(false);
              onSaved();
            }}
          />
        ) : (
          <button type="button" className="button button-secondary button-small report-entry-open" aria-label={`Följ upp ${itemName(item)}`} onClick={() => setOpen(true)}>
            Följ upp
          </button>
        ))}
    </div>
  );
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '');

/** The report's state and the steps the signed-in user may take: lämna in, öppna igen, lås. */
export function ReportStateBar({ report, roles, onChanged }: { report: ReportView; roles: string[]; onChanged: () => void }) {
  const { busy, error, run } = useSubmit({ onDone: onChanged });
  const may = (...wanted: string[]) => roles.some((r) => wanted.includes(r));
  const step = (path: string, confirm?: string) => {
    if (confirm && !window.confirm(confirm)) return;
    void run(() => send('POST', `${reportPath(report.id)}/${path}`, { version: report.version }, reportPath(report.id), `/api/plans/${report.planId}/reports`));
  };
  return (
    <section className="report-state" aria-labelledby="report-state-h">
      <h2 id="report-state-h">Rapportens status: {report.stateLabel}</h2>
      <p>
        {report.state === 'open' && 'Rapporten är öppen: status, utfall och kommentarer kan fyllas i.'}
        {report.state === 'submitted' && `Inlämnad ${day(report.submittedAt)} av ${report.submittedBy?.replace(/^user:/, '') ?? 'okänd'}. Den kan inte ändras förrän den öppnas igen.`}
        {report.state === 'locked' && `Låst ${day(report.lockedAt)} av ${report.lockedBy?.replace(/^user:/, '') ?? 'okänd'}. Rapporten är skrivskyddad.`}
      </p>
      <div className="actions">
        {report.state === 'open' && may('case-officer', 'secretary', 'admin') && (
          <button type="button" className="button" disabled={busy} onClick={() => step('submission')}>
            Lämna in rapporten
          </button>
        )}
        {report.state === 'submitted' && may('secretary', 'admin') && (
          <>
            <button type="button" className="button button-secondary" disabled={busy} onClick={() => step('reopening')}>
              Öppna rapporten igen
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => step('lock', `Låsa ${report.kindLabel.toLowerCase()} ${report.period}? Den blir skrivskyddad för gott.`)}>
              Lås rapporten
            </button>
          </>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}

/** The report period's last day for the responsible persons, and "Skicka påminnelser" with what was sent to whom. */
export function Reminders({ report, onChanged }: { report: ReportView; onChanged: () => void }) {
  const [deadline, setDeadline] = useState(report.deadline ?? '');
  const [result, setResult] = useState<SendRemindersResult | null>(null);
  const saving = useSubmit({ onDone: onChanged });
  const sending = useSubmit<SendRemindersResult>({
    fallback: 'Påminnelserna kunde inte skickas. Försök igen.',
    onDone: (r) => {
      setResult(r);
      onChanged();
    },
  });
  const locked = report.state === 'locked';
  return (
    <section className="report-reminders" aria-labelledby="report-reminders-h">
      <h2 id="report-reminders-h">Sista dag och påminnelser</h2>
      {!locked ? (
        <form
          className="inline-form"
          aria-label="Sista dag för de ansvariga"
          onSubmit={(e) => {
            e.preventDefault();
            void saving.run(() => send('PUT', `${reportPath(report.id)}/deadline`, { deadline: deadline || null, version: report.version }, reportPath(report.id)));
          }}
        >
          <Field inline label="Sista dag" type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
          <button type="submit" className="button button-secondary" disabled={saving.busy}>
            Spara sista dag
          </button>
          {saving.error && (
            <span role="alert" className="error">
              {saving.error}
            </span>
          )}
        </form>
      ) : (
        <p>Sista dag: {report.deadline ?? 'ingen angiven'}.</p>
      )}
      {report.state === 'open' && (
        <p>
          <button type="button" className="button" disabled={sending.busy} onClick={() => void sending.run(() => send<SendRemindersResult>('POST', `${reportPath(report.id)}/reminders`, undefined, reportPath(report.id)))}>
            Skicka påminnelser
          </button>{' '}
          <span className="muted">Till varje ansvarig med e-postadress som har osignerade poster.</span>
        </p>
      )}
      {sending.error && (
        <p role="alert" className="error">
          {sending.error}
        </p>
      )}
      {result && (
        <p role="status">
          {result.sent} påminnelse{result.sent === 1 ? '' : 'r'} skickad{result.sent === 1 ? '' : 'e'}
          {result.failed ? `, ${result.failed} misslyckade` : ''}.
          {result.withoutAddress.length > 0 && ` Utan e-postadress: ${result.withoutAddress.map((w) => w.responsible).join(', ')}.`}
        </p>
      )}
      {report.reminders && report.reminders.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption>Skickade påminnelser</caption>
            <thead>
              <tr>
                <th scope="col">Ansvarig</th>
                <th scope="col">E-post</th>
                <th scope="col" className="num">
                  Poster
                </th>
                <th scope="col">Utfall</th>
                <th scope="col">Tid</th>
              </tr>
            </thead>
            <tbody>
              {report.reminders.map((m) => (
                <tr key={m.id}>
                  <td>{m.responsible}</td>
                  <td>{m.address}</td>
                  <td className="num">{m.items}</td>
                  <td>{m.status === 'sent' ? 'Skickad' : m.status === 'failed' ? `Misslyckades: ${m.error ?? ''}` : 'Skickas …'}</td>
                  <td>{(m.sentAt ?? m.createdAt).slice(0, 16).replace('T', ' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The cells' colours as the papers print them (light enough for black text). */
const CELL_BG: Record<Status, string> = { met: '#8fd18f', partly: '#ffd966', 'not-met': '#f4a09a' };

const CELLS: Array<{ key: keyof OriginMatrixRow['items']; label: string; status: Status | null }> = [
  { key: 'met', label: 'grön', status: 'met' },
  { key: 'partly', label: 'gul', status: 'partly' },
  { key: 'notMet', label: 'röd', status: 'not-met' },
  { key: 'missing', label: 'ej bedömd', status: null },
];

/**
 * "Sammanfattning uppföljning av mål och uppdrag" per level and origin as the
 * papers print it: coloured cells whose count opens the list of its items,
 * each linked to the item in the report below.
 */
export function OriginMatrix({ report }: { report: ReportView }) {
  const [shown, setShown] = useState<{ row: OriginMatrixRow; cell: (typeof CELLS)[number] } | null>(null);
  const byId = new Map<number, ReportItemView>();
  const collect = (xs: ReportItemView[]) => xs.forEach((x) => (byId.set(x.id, x), collect(x.children)));
  collect(report.items);
  return (
    <section aria-labelledby="origin-matrix-h">
      <h2 id="origin-matrix-h">Sammanfattning uppföljning av mål och uppdrag</h2>
      <div className="table-wrap">
        <table className="table report-matrix report-origin-matrix">
          <caption>{report.kind === 'interim' ? 'Prognos måluppfyllelse' : 'Måluppfyllelse'} per nivå och ursprung</caption>
          <thead>
            <tr>
              <th scope="col">Nivå och ursprung</th>
              {CELLS.map((c) => (
                <th key={c.key} scope="col" className="num" style={c.status ? { background: CELL_BG[c.status], color: '#111' } : undefined}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.originMatrix.map((row) => (
              <tr key={`${row.body}-${row.level}`}>
                <th scope="row">{row.label}</th>
                {CELLS.map((c) => {
                  const n = row.items[c.key].length;
                  return (
                    <td key={c.key} className="num" style={n && c.status ? { background: CELL_BG[c.status], color: '#111' } : undefined}>
                      {n ? (
                        <button type="button" className="link-button" aria-label={`${row.label}, ${c.label}: ${n}`} onClick={() => setShown({ row, cell: c })}>
                          {n}
                        </button>
                      ) : (
                        ''
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown && (
        <div className="card" role="region" aria-label={`${shown.row.label}, ${shown.cell.label}`}>
          <h3>
            {shown.row.label}, {shown.cell.label} ({shown.row.items[shown.cell.key].length})
          </h3>
          <ul>
            {shown.row.items[shown.cell.key].map((id) => {
              const i = byId.get(id);
              return i ? (
                <li key={id}>
                  <a href={`#post-${id}`}>{itemName(i)}</a>
                </li>
              ) : null;
            })}
          </ul>
          <button type="button" className="button button-secondary button-small" onClick={() => setShown(null)}>
            Stäng listan
          </button>
        </div>
      )}
    </section>
  );
}
