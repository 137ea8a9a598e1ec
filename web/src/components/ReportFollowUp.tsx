/**
 * Follow-up in the browser (issue 17): per item of a report its status, outcome
 * (for a styrtal a number with its unit) and comment; a målsättning or mål shows
 * the status its children give (the rule is in src/steering/rollup.ts) and the
 * controller may set another one with a reason. The report's state bar moves it
 * open → submitted → locked; only an open report is written to, a locked one is
 * read-only for good (the server refuses in Swedish either way).
 */
import { useState, type FormEvent } from 'react';
import type { ReportItemView, ReportView } from '../../../src/steering/service.ts';
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

function EntryForm({ report, item, onDone, onCancel }: { report: ReportView; item: ReportItemView; onDone: () => void; onCancel: () => void }) {
  const parent = OVERRIDABLE.includes(item.kind);
  const [status, setStatus] = useState<string>(item.status ?? '');
  const [reason, setReason] = useState(item.overrideReason ?? '');
  const [value, setValue] = useState(item.outcomeValue !== null ? formatDecimalSv(item.outcomeValue) : '');
  const [unit, setUnit] = useState(item.outcomeUnit ?? '');
  const [outcome, setOutcome] = useState(item.outcome ?? '');
  const [comment, setComment] = useState(item.comment ?? '');
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
          ...(item.kind === 'indicator' ? { outcomeValue: value || null, outcomeUnit: unit || null } : {}),
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
export function FollowUpEntry({ report, item, canEdit, onSaved }: { report: ReportView; item: ReportItemView; canEdit: boolean; onSaved: () => void }) {
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
      {item.comment && <div>Kommentar: {item.comment}</div>}
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
