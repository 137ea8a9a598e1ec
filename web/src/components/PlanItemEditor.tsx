/**
 * Editing a draft verksamhetsplan in the browser (issue 17): the plan as an
 * outline where every item can be changed, moved up or down among its
 * siblings, moved under another parent, removed (with what hangs under it), and
 * given new items under it. Each change names the version of the item it was
 * based on, so a change made meanwhile by someone else is refused (the server's
 * Swedish message is shown). An adopted plan is read-only: only a note is shown.
 */
import { useId, useState, type FormEvent } from 'react';
import type { PlanItemView, PlanView } from '../../../src/steering/service.ts';
import { ITEM_KINDS, KIND_LABEL, mayContain, type ItemKind } from '../../../src/steering/model.ts';
import { send } from '../api.ts';
import { DateField, Field, useSubmit } from './form.tsx';
import { KpiSeriesSelect } from './KpiBadge.tsx';

const planPath = (id: number) => `/api/plans/${id}`;

/** "Mål 4.1.1: Innovationsstöds…" – how an item is named on its buttons. */
export function itemLabel(i: Pick<PlanItemView, 'kindLabel' | 'number' | 'title' | 'text'>): string {
  const what = i.title ?? i.text;
  const short = what.length > 70 ? `${what.slice(0, 69)}…` : what;
  return `${i.kindLabel}${i.number ? ` ${i.number}` : ''}: ${short}`;
}

const kindsUnder = (parent: ItemKind | null) => ITEM_KINDS.filter((k) => mayContain(parent, k));

interface FormValues {
  kind: ItemKind;
  number: string;
  title: string;
  text: string;
  originText: string;
  assignee: string;
  responsible: string;
  responsibleEmail: string;
  deadline: string;
  /** A styrtal's series id ('' none). */
  kpiSeriesId?: string;
}

const valuesOf = (i: PlanItemView): FormValues => ({
  kind: i.kind,
  number: i.number ?? '',
  title: i.title ?? '',
  text: i.text,
  originText: i.originText ?? '',
  assignee: i.assignee ?? '',
  responsible: i.responsible ?? '',
  responsibleEmail: i.responsibleEmail ?? '',
  deadline: i.deadline ?? '',
  kpiSeriesId: i.kpiSeriesId == null ? '' : String(i.kpiSeriesId),
});

const bodyOf = (v: FormValues) => ({
  text: v.text,
  number: v.number.trim() || null,
  // only focus areas and themes have a title in the form; other kinds keep theirs
  ...(v.kind === 'focus-area' || v.kind === 'theme' ? { title: v.title.trim() || null } : {}),
  originText: v.originText.trim() || null,
  ...(v.kind === 'assignment' ? { assignee: v.assignee.trim() || null } : {}),
  responsible: v.responsible.trim() || null,
  responsibleEmail: v.responsibleEmail.trim() || null,
  deadline: v.deadline.trim() || null,
  ...(v.kind === 'indicator' ? { kpiSeriesId: v.kpiSeriesId ? Number(v.kpiSeriesId) : null } : {}),
});

/** The fields of one item, for adding (with a choice of kind) or changing it. */
function ItemForm({
  initial,
  kinds,
  legend,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: FormValues;
  kinds: ItemKind[] | null;
  legend: string;
  submitLabel: string;
  onSubmit: (v: FormValues) => Promise<unknown>;
  onCancel: () => void;
}) {
  const ids = useId();
  const [v, setV] = useState(initial);
  const [dateOk, setDateOk] = useState(true);
  const { busy, error, setError, run } = useSubmit({ onDone: onCancel });
  const set = (k: keyof FormValues) => (value: string) => setV((x) => ({ ...x, [k]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!dateOk) return setError('Sista datum ska skrivas ÅÅÅÅ-MM-DD, till exempel 2026-06-30.');
    void run(() => onSubmit(v));
  };
  return (
    <form className="plan-item-form card" onSubmit={submit} aria-labelledby={`${ids}-legend`}>
      <h3 id={`${ids}-legend`}>
        {legend}
      </h3>
      {kinds && (
        <Field label="Typ av post">
          <select value={v.kind} onChange={(e) => set('kind')(e.target.value)}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field label="Nummer" hint="T.ex. 4, 4.1.1 eller 29 (uppdrag); kan lämnas tomt" className="input-short" value={v.number} maxLength={20} onChange={(e) => set('number')(e.target.value)} />
      {(v.kind === 'focus-area' || v.kind === 'theme') && (
        <Field label="Rubrik" value={v.title} maxLength={300} onChange={(e) => set('title')(e.target.value)} />
      )}
      <Field label="Text">
        <textarea value={v.text} required maxLength={2000} rows={3} onChange={(e) => set('text')(e.target.value)} />
      </Field>
      <Field label="Ursprung" hint="Som papperen skriver det: FM 2026, DN 2025, Förslag till DN 2026, Från 2025 …" value={v.originText} maxLength={80} onChange={(e) => set('originText')(e.target.value)} />
      {v.kind === 'assignment' && (
        <Field label="Mottagare" hint="T.ex. Regionala tillväxtnämnden eller Förvaltningen" value={v.assignee} maxLength={300} onChange={(e) => set('assignee')(e.target.value)} />
      )}
      {v.kind === 'indicator' && (
        <Field label="Nyckeltalsserie" hint="Serien som mäter styrtalet: ett nyckeltal i Kolada eller ett eget mått (sidan Nyckeltal)">
          <KpiSeriesSelect value={v.kpiSeriesId ?? ''} onChange={set('kpiSeriesId')} />
        </Field>
      )}
      <Field label="Ansvarig" value={v.responsible} maxLength={200} onChange={(e) => set('responsible')(e.target.value)} />
      <Field
        label="E-post för påminnelser"
        hint="Den ansvariges adress: påminnelser inför rapporternas sista dag går hit. Visas bara för inloggad personal."
        type="email"
        autoComplete="off"
        value={v.responsibleEmail}
        maxLength={254}
        onChange={(e) => set('responsibleEmail')(e.target.value)}
      />
      <DateField
        label="Sista datum"
        value={v.deadline}
        onChange={(text, ok) => {
          set('deadline')(text);
          setDateOk(ok);
        }}
      />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {submitLabel}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Avbryt
        </button>
      </div>
    </form>
  );
}

/** Where an item may be moved: the top of the plan or any item that may contain its kind, never itself or what hangs under it. */
function targetsFor(plan: PlanView, item: PlanItemView): Array<{ id: number | null; label: string }> {
  const out: Array<{ id: number | null; label: string }> = [];
  if (mayContain(null, item.kind)) out.push({ id: null, label: 'Högst upp i planen' });
  const walk = (xs: PlanItemView[], depth: number) => {
    for (const x of xs) {
      if (x.id === item.id) continue; // not into itself or its own children
      if (mayContain(x.kind, item.kind)) out.push({ id: x.id, label: `${'– '.repeat(depth)}${itemLabel(x)}` });
      walk(x.children, depth + 1);
    }
  };
  walk(plan.items, 0);
  return out;
}

function MoveForm({ plan, item, parentId, onDone, onCancel }: { plan: PlanView; item: PlanItemView; parentId: number | null; onDone: () => void; onCancel: () => void }) {
  const targets = targetsFor(plan, item);
  const [to, setTo] = useState(String(parentId ?? ''));
  const { busy, error, run } = useSubmit({ onDone });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => send('POST', `/api/plan-items/${item.id}/move`, { parentId: to === '' ? null : Number(to), version: item.version }, planPath(plan.id)));
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <Field inline label={`Ny plats för ${itemLabel(item)}`}>
        <select value={to} onChange={(e) => setTo(e.target.value)}>
          {targets.map((t) => (
            <option key={t.id ?? 'top'} value={t.id ?? ''}>
              {t.label}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" className="button button-small" disabled={busy}>
        Flytta hit
      </button>
      <button type="button" className="button button-secondary button-small" onClick={onCancel}>
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

type Mode = 'edit' | 'move' | 'add' | null;

function ItemRow({ plan, item, parentId, index, count, onChanged }: { plan: PlanView; item: PlanItemView; parentId: number | null; index: number; count: number; onChanged: () => void }) {
  const [mode, setMode] = useState<Mode>(null);
  const label = itemLabel(item);
  const { busy, error, run } = useSubmit({ onDone: onChanged });
  const reorder = (position: number) =>
    void run(() => send('POST', `/api/plan-items/${item.id}/move`, { parentId, position, version: item.version }, planPath(plan.id)));
  const remove = () => {
    const under = item.children.length ? ' och det som hör till den' : '';
    if (!window.confirm(`Ta bort ${label}${under} ur utkastet?`)) return;
    void run(() => send('DELETE', `/api/plan-items/${item.id}?version=${item.version}`, undefined, planPath(plan.id)));
  };
  const childKinds = kindsUnder(item.kind);
  const done = () => {
    setMode(null);
    onChanged();
  };
  return (
    <li data-kind={item.kind}>
      <div className="plan-edit-item">
        <span>
          <strong>{label}</strong>
          {item.originText && <span className="origin"> ({item.originText})</span>}
          {(item.responsible || item.deadline) && (
            <span className="muted">
              {' '}
              – {item.responsible ? `Ansvarig: ${item.responsible}` : ''}
              {item.responsible && item.deadline ? ', ' : ''}
              {item.deadline ? `senast ${item.deadline}` : ''}
            </span>
          )}
        </span>
        <span className="actions">
          <button type="button" className="button button-secondary button-small" aria-label={`Ändra ${label}`} onClick={() => setMode(mode === 'edit' ? null : 'edit')}>
            Ändra
          </button>
          <button type="button" className="button button-secondary button-small" aria-label={`Flytta upp ${label}`} disabled={busy || index === 0} onClick={() => reorder(index - 1)}>
            Flytta upp
          </button>
          <button type="button" className="button button-secondary button-small" aria-label={`Flytta ned ${label}`} disabled={busy || index === count - 1} onClick={() => reorder(index + 1)}>
            Flytta ned
          </button>
          <button type="button" className="button button-secondary button-small" aria-label={`Flytta till … ${label}`} onClick={() => setMode(mode === 'move' ? null : 'move')}>
            Flytta till …
          </button>
          {childKinds.length > 0 && (
            <button type="button" className="button button-secondary button-small" aria-label={`Lägg till under ${label}`} onClick={() => setMode(mode === 'add' ? null : 'add')}>
              Lägg till under
            </button>
          )}
          <button type="button" className="button button-secondary button-small" aria-label={`Ta bort ${label}`} disabled={busy} onClick={remove}>
            Ta bort
          </button>
        </span>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {mode === 'edit' && (
        <ItemForm
          initial={valuesOf(item)}
          kinds={null}
          legend={`Ändra ${label}`}
          submitLabel="Spara ändringen"
          onCancel={done}
          onSubmit={(v) => send('PUT', `/api/plan-items/${item.id}`, { ...bodyOf(v), version: item.version }, planPath(plan.id))}
        />
      )}
      {mode === 'move' && <MoveForm plan={plan} item={item} parentId={parentId} onDone={done} onCancel={() => setMode(null)} />}
      {mode === 'add' && (
        <ItemForm
          initial={{ kind: childKinds[0]!, number: '', title: '', text: '', originText: '', assignee: '', responsible: '', responsibleEmail: '', deadline: '' }}
          kinds={childKinds}
          legend={`Ny post under ${label}`}
          submitLabel="Lägg till"
          onCancel={done}
          onSubmit={(v) => send('POST', `${planPath(plan.id)}/items`, { kind: v.kind, parentId: item.id, ...bodyOf(v) }, planPath(plan.id))}
        />
      )}
      {item.children.length > 0 && <Outline plan={plan} items={item.children} parentId={item.id} onChanged={onChanged} />}
    </li>
  );
}

function Outline({ plan, items, parentId, onChanged }: { plan: PlanView; items: PlanItemView[]; parentId: number | null; onChanged: () => void }) {
  return (
    <ol className="plan-edit-outline">
      {items.map((i, index) => (
        <ItemRow key={i.id} plan={plan} item={i} parentId={parentId} index={index} count={items.length} onChanged={onChanged} />
      ))}
    </ol>
  );
}

/** The editor for a draft; for an adopted plan, why it cannot be edited. */
export function PlanItemEditor({ plan, onChanged }: { plan: PlanView; onChanged: () => void }) {
  const [adding, setAdding] = useState(false);
  if (plan.state === 'adopted') {
    return (
      <p className="muted" role="note">
        Verksamhetsplan {plan.year} är fastställd och kan inte ändras. Ändringar görs i en ny version av planen, som jämförs med den fastställda nedan.
      </p>
    );
  }
  const topKinds = kindsUnder(null);
  return (
    <section aria-labelledby="plan-edit-h" className="plan-edit">
      <h2 id="plan-edit-h">Redigera utkastet</h2>
      <p className="muted">
        Ändra, flytta och ta bort poster eller lägg till nya. Varje ändring sparas direkt och loggas; har någon annan ändrat posten under tiden får du ladda om.
      </p>
      <Outline plan={plan} items={plan.items} parentId={null} onChanged={onChanged} />
      {adding ? (
        <ItemForm
          initial={{ kind: topKinds[0]!, number: '', title: '', text: '', originText: '', assignee: '', responsible: '', responsibleEmail: '', deadline: '' }}
          kinds={topKinds}
          legend="Ny post högst upp i planen"
          submitLabel="Lägg till"
          onCancel={() => {
            setAdding(false);
            onChanged();
          }}
          onSubmit={(v) => send('POST', `${planPath(plan.id)}/items`, { kind: v.kind, parentId: null, ...bodyOf(v) }, planPath(plan.id))}
        />
      ) : (
        <p>
          <button type="button" className="button button-secondary" onClick={() => setAdding(true)}>
            Lägg till en målsättning eller ett gemensamt område
          </button>
        </p>
      )}
    </section>
  );
}
