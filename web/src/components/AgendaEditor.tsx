/**
 * The agenda builder on a meeting's page (issue 14.2), for the secretary and
 * the administrator: add items (from a registered case, the standard items,
 * free items), edit, remove (after a confirmation), reorder with the Flytta
 * upp / Flytta ned buttons or by dragging, and mark an item's papers secret
 * (the shared SecrecyControl). The API is src/meetings/agendaContract.ts;
 * every write answers with the whole agenda, which replaces what is shown.
 */
import { useEffect, useId, useState, type DragEvent, type FormEvent } from 'react';
import type { BodyDetail, CaseSummary, Page } from '../../../src/http/contract.ts';
import { agendaApi, type AgendaView, type BuilderItem, type NewItem, type Template } from '../../../src/meetings/agendaContract.ts';
import { get, paths } from '../api.ts';
import { call, pathOf } from '../client.ts';
import type { ReplyOf } from '../../../src/kernel/contract.ts';
import { KIND_LABEL } from '../format.ts';
import { useApi } from '../useApi.ts';
import { DateField, Field, useSubmit } from './form.tsx';
import { SecrecyControl } from './SecrecyControl.tsx';

type Kind = BuilderItem['kind'];

const TEMPLATE_LABEL: Record<Template, string> = {
  case: 'Ärende ur diariet',
  adjustment: 'Protokollsjustering',
  information: 'Information',
  notifications: 'Anmälningsärenden',
  'delegation-report': 'Redovisning av delegationsbeslut',
  free: 'Fri punkt',
};

const KINDS: Kind[] = ['decision', 'information', 'adjustment', 'delegation-report', 'presentations'];

/** "Anna Berg, Bo Ek" → ["Anna Berg", "Bo Ek"]. */
const names = (text: string) => text.split(/[,;\n]/).map((s) => s.trim()).filter(Boolean);

/** One sub-item a line: "Rubrik – Föredragande, Föredragande". */
function parseSubItems(text: string) {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const cut = l.search(/\s[–-]\s/);
      return cut < 0 ? { title: l, presenters: [] } : { title: l.slice(0, cut).trim(), presenters: names(l.slice(cut + 3)) };
    });
}
const subItemLine = (s: BuilderItem['subItems'][number]) => (s.presenters.length ? `${s.title} – ${s.presenters.join(', ')}` : s.title);
const subItemsText = (subs: BuilderItem['subItems']) => subs.map(subItemLine).join('\n');

/** The edited lines as sub-items: a line left as it was keeps its sub-item as it is (its exact title and its case, e.g. a listed anmälningsärende). */
function keepSubItems(text: string, existing: BuilderItem['subItems']) {
  const unused = [...existing];
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.map((l) => {
    const j = unused.findIndex((s) => subItemLine(s) === l);
    if (j >= 0) {
      const [s] = unused.splice(j, 1);
      return { title: s!.title, presenters: s!.presenters, caseNumber: s!.caseNumber };
    }
    return parseSubItems(l)[0]!;
  });
}

export function AgendaEditor({ meetingId, bodyId, onChanged }: { meetingId: number; bodyId: number; onChanged(): void }) {
  const state = useApi<AgendaView>(pathOf(agendaApi.getAgenda, { id: meetingId }));
  const [agenda, setAgenda] = useState<AgendaView | null>(null);
  const fetched = state.status === 'ok' ? state.data : null;
  // a fresh answer from the server replaces what is shown; a write's answer is set directly
  useEffect(() => {
    if (fetched) setAgenda(fetched);
  }, [fetched]);
  const [dragged, setDragged] = useState<number | null>(null);
  const [announce, setAnnounce] = useState('');
  const order = useSubmit<AgendaView>({ fallback: 'Det gick inte att ändra ordningen. Försök igen.' });

  if (state.status === 'error') return <p role="alert" className="error">{state.error.message}</p>;
  if (!agenda) return <p>Laddar föredragningslistans byggare …</p>;

  const changed = (view: AgendaView) => {
    setAgenda(view);
    onChanged();
  };
  const move = async (from: number, to: number) => {
    if (to < 0 || to >= agenda.items.length || from === to) return;
    const ids = agenda.items.map((i) => i.id);
    const [id] = ids.splice(from, 1);
    ids.splice(to, 0, id!);
    const view = await order.run(() => call(agendaApi.reorder, { params: { id: meetingId }, body: { version: agenda.version, itemIds: ids } }, paths.meeting(meetingId)));
    if (view) {
      changed(view);
      const item = view.items.find((i) => i.id === id)!;
      setAnnounce(`${item.title} är nu punkt ${item.number}.`);
    }
  };
  const onDrop = (e: DragEvent, to: number) => {
    e.preventDefault();
    const from = agenda.items.findIndex((i) => i.id === dragged);
    setDragged(null);
    if (from >= 0) void move(from, to);
  };

  return (
    <section className="card agenda-editor" aria-labelledby="agenda-editor-h">
      <h2 id="agenda-editor-h">Bygg föredragningslistan</h2>
      {agenda.closed ? (
        <p>Protokollet är justerat; föredragningslistan är stängd och kan inte längre ändras.</p>
      ) : (
        <p className="muted">Dra en punkt till en ny plats, eller använd Flytta upp och Flytta ned. Ändringar efter att kallelsen skickats markerar den för omutskick.</p>
      )}
      {order.error && (
        <p role="alert" className="error">
          {order.error}
        </p>
      )}
      <p aria-live="polite" className="visually-hidden">
        {announce}
      </p>
      {agenda.items.length === 0 ? (
        <p>Föredragningslistan har inga punkter ännu.</p>
      ) : (
        <ol className="agenda-editor-list" aria-label="Punkterna i ordning">
          {agenda.items.map((item, index) => (
            <li
              key={item.id}
              draggable={!agenda.closed}
              onDragStart={(e) => {
                setDragged(item.id);
                e.dataTransfer.effectAllowed = 'move';
                e.dataTransfer.setData('text/plain', String(item.id));
              }}
              onDragOver={(e) => {
                if (dragged !== null) e.preventDefault();
              }}
              onDrop={(e) => onDrop(e, index)}
              className={dragged === item.id ? 'dragging' : undefined}
            >
              <EditorRow
                item={item}
                first={index === 0}
                last={index === agenda.items.length - 1}
                closed={agenda.closed}
                busy={order.busy}
                bodyId={bodyId}
                meetingId={meetingId}
                onUp={() => move(index, index - 1)}
                onDown={() => move(index, index + 1)}
                onChanged={changed}
                onSecrecy={() => {
                  state.reload();
                  onChanged();
                }}
              />
            </li>
          ))}
        </ol>
      )}
      {!agenda.closed && <AddItem meetingId={meetingId} bodyId={bodyId} version={agenda.version} onAdded={changed} />}
    </section>
  );
}

function EditorRow(props: {
  item: BuilderItem;
  first: boolean;
  last: boolean;
  closed: boolean;
  busy: boolean;
  bodyId: number;
  meetingId: number;
  onUp(): void;
  onDown(): void;
  onChanged(view: AgendaView): void;
  onSecrecy(): void;
}) {
  const { item } = props;
  const [mode, setMode] = useState<null | 'edit' | 'remove' | 'list'>(null);
  const remove = useSubmit<AgendaView>({ fallback: 'Det gick inte att ta bort punkten. Försök igen.' });
  const label = `punkt ${item.number} ${item.title}`;
  return (
    <div className="agenda-editor-item">
      <p className="agenda-editor-title">
        <span className="item-number">{item.number}.</span> {item.title} <span className="toc-kind">{KIND_LABEL[item.kind]}</span>
        {item.caseNumber && <span className="muted"> · Dnr {item.caseNumber}</span>}
        {item.presenters.length > 0 && <span className="muted"> · Föredragande: {item.presenters.join(', ')}</span>}
        {item.secrecyRef && <span className="muted"> · Sekretess: {item.secrecyRef}</span>}
      </p>
      {!props.closed && (
        <div className="button-row">
          <button type="button" className="button button-secondary button-small" aria-label={`Flytta upp ${label}`} disabled={props.busy || props.first} onClick={props.onUp}>
            Flytta upp
          </button>
          <button type="button" className="button button-secondary button-small" aria-label={`Flytta ned ${label}`} disabled={props.busy || props.last} onClick={props.onDown}>
            Flytta ned
          </button>
          <button type="button" className="button button-secondary button-small" aria-label={`Ändra ${label}`} aria-expanded={mode === 'edit'} onClick={() => setMode(mode === 'edit' ? null : 'edit')}>
            Ändra
          </button>
          <button type="button" className="button button-secondary button-small" aria-label={`Ta bort ${label}`} aria-expanded={mode === 'remove'} onClick={() => setMode(mode === 'remove' ? null : 'remove')}>
            Ta bort
          </button>
          {item.kind === 'delegation-report' && (
            <button type="button" className="button button-secondary button-small" aria-label={`Anmäl ärenden och delegationsbeslut under ${label}`} aria-expanded={mode === 'list'} onClick={() => setMode(mode === 'list' ? null : 'list')}>
              Anmäl ärenden
            </button>
          )}
        </div>
      )}
      {item.kind === 'delegation-report' && item.subItems.length > 0 && (
        <ol className="agenda-editor-subitems" aria-label={`Underpunkter till punkt ${item.number}`}>
          {item.subItems.map((s, i) => (
            <li key={i}>
              {s.title}
              {s.caseNumber && <span className="muted"> · Dnr {s.caseNumber}</span>}
              {s.presenters.length > 0 && <span className="muted"> · {s.presenters.join(', ')}</span>}
            </li>
          ))}
        </ol>
      )}
      {mode === 'list' && (
        <ListedItemsForm
          meetingId={props.meetingId}
          item={item}
          onSaved={(view) => {
            setMode(null);
            props.onChanged(view);
          }}
          onCancel={() => setMode(null)}
        />
      )}
      {mode === 'remove' &&
        (item.dependants.length > 0 ? (
          <p role="alert" className="error">
            Punkten kan inte tas bort: den har {item.dependants.join(', ')}.
          </p>
        ) : (
          <div className="confirm" role="group" aria-label={`Bekräfta att ${label} tas bort`}>
            <p>Ta bort {label}? De följande punkterna numreras om.</p>
            <button
              type="button"
              className="button button-small"
              disabled={remove.busy}
              onClick={async () => {
                const view = await remove.run(() => call(agendaApi.removeItem, { params: { id: item.id }, query: { version: item.version } }, '/api/meetings/'));
                if (view) props.onChanged(view);
              }}
            >
              Ja, ta bort punkten
            </button>{' '}
            <button type="button" className="button button-secondary button-small" onClick={() => setMode(null)}>
              Avbryt
            </button>
          </div>
        ))}
      {remove.error && (
        <p role="alert" className="error">
          {remove.error}
        </p>
      )}
      {mode === 'edit' && (
        <>
          <EditItem
            item={item}
            bodyId={props.bodyId}
            onSaved={(view) => {
              setMode(null);
              props.onChanged(view);
            }}
            onCancel={() => setMode(null)}
          />
          <SecrecyControl url={`/api/agenda-items/${item.id}/secrecy`} what={`punkt ${item.number}`} current={item.secrecyRef} version={item.version} onSaved={props.onSecrecy} />
        </>
      )}
    </div>
  );
}

/** The body's members and substitutes, for choosing adjusters. */
function useMembers(bodyId: number) {
  const body = useApi<BodyDetail>(paths.body(bodyId));
  return body.status === 'ok' ? body.data.memberships : [];
}

function AdjusterFields(props: { bodyId: number; adjusters: string[]; setAdjusters(a: string[]): void; deadline: string; setDeadline(d: string): void }) {
  const members = useMembers(props.bodyId);
  const unique = [...new Map(members.map((m) => [m.name, m])).values()];
  const option = (m: (typeof unique)[number]) => (
    <option key={m.personId} value={m.name}>
      {m.name}
      {m.party ? ` (${m.party})` : ''}
      {m.kind === 'substitute' ? ', ersättare' : ''}
    </option>
  );
  const [first = '', second = ''] = props.adjusters;
  const set = (a: string, b: string) => props.setAdjusters([a, b].filter(Boolean));
  return (
    <>
      <Field label="Justerare">
        <select value={first} onChange={(e) => set(e.target.value, second)}>
          <option value="">Välj justerare</option>
          {unique.map(option)}
        </select>
      </Field>
      <Field label="Ersättare för justeraren">
        <select value={second} onChange={(e) => set(first, e.target.value)}>
          <option value="">Ingen</option>
          {unique.map(option)}
        </select>
      </Field>
      <DateField label="Protokollet justerat senast" hint="ÅÅÅÅ-MM-DD; tomt: 14 dagar efter sammanträdet" value={props.deadline} onChange={(t) => props.setDeadline(t)} />
    </>
  );
}

/** The item's kind (Slag), as an edit and a free addition choose it. */
function KindField({ kind, setKind }: { kind: Kind; setKind(k: Kind): void }) {
  return (
    <Field label="Slag">
      <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {KIND_LABEL[k]}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** The sub-items (Underpunkter) as text, one a line. */
function SubItemsField({ subs, setSubs }: { subs: string; setSubs(s: string): void }) {
  return (
    <Field label="Underpunkter" hint="En per rad: rubrik – föredragande">
      <textarea rows={4} value={subs} onChange={(e) => setSubs(e.target.value)} />
    </Field>
  );
}

function EditItem({ item, bodyId, onSaved, onCancel }: { item: BuilderItem; bodyId: number; onSaved(view: AgendaView): void; onCancel(): void }) {
  const [title, setTitle] = useState(item.title);
  const [kind, setKind] = useState<Kind>(item.kind);
  const [presenters, setPresenters] = useState(item.presenters.join(', '));
  const [adjusters, setAdjusters] = useState(item.proposedAdjusters);
  const [deadline, setDeadline] = useState(item.adjustmentDeadline ?? '');
  const [subs, setSubs] = useState(subItemsText(item.subItems));
  const save = useSubmit<AgendaView>({ onDone: onSaved });
  const ids = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run(() =>
      call(
        agendaApi.editItem,
        {
          params: { id: item.id },
          body: {
            version: item.version,
            title,
            kind,
            presenters: names(presenters),
            ...(kind === 'adjustment' && item.kind === 'adjustment' ? { proposedAdjusters: adjusters, adjustmentDeadline: deadline || null } : {}),
            ...(kind === 'information' || kind === 'presentations' || kind === 'delegation-report' || item.subItems.length ? { subItems: keepSubItems(subs, item.subItems) } : {}),
          },
        },
        '/api/meetings/',
      ),
    );
  };
  return (
    <form className="agenda-editor-form" onSubmit={submit} aria-labelledby={`${ids}-h`}>
      <h3 id={`${ids}-h`}>Ändra punkt {item.number}</h3>
      <Field label="Rubrik" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={500} />
      <KindField kind={kind} setKind={setKind} />
      <Field label="Föredragande" hint="Flera namn åtskilda med komma" value={presenters} onChange={(e) => setPresenters(e.target.value)} />
      {kind === 'adjustment' && item.kind === 'adjustment' && <AdjusterFields bodyId={bodyId} adjusters={adjusters} setAdjusters={setAdjusters} deadline={deadline} setDeadline={setDeadline} />}
      {(kind === 'information' || kind === 'presentations' || kind === 'delegation-report' || item.subItems.length > 0) && (
        <SubItemsField subs={subs} setSubs={setSubs} />
      )}
      {save.error && (
        <p role="alert" className="error">
          {save.error}
        </p>
      )}
      <button type="submit" className="button" disabled={save.busy}>
        Spara punkten
      </button>{' '}
      <button type="button" className="button button-secondary" onClick={onCancel}>
        Avbryt
      </button>
    </form>
  );
}

function AddItem({ meetingId, bodyId, version, onAdded }: { meetingId: number; bodyId: number; version: number; onAdded(view: AgendaView): void }) {
  const [template, setTemplate] = useState<Template>('case');
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<Kind>('decision');
  const [presenters, setPresenters] = useState('');
  const [adjusters, setAdjusters] = useState<string[]>([]);
  const [deadline, setDeadline] = useState('');
  const [subs, setSubs] = useState('');
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<CaseSummary[] | null>(null);
  const search = useSubmit<Page<CaseSummary>>({ fallback: 'Sökningen misslyckades. Försök igen.', onDone: (p) => setHits(p.items) });
  const add = useSubmit<AgendaView>({
    onDone: (view) => {
      setTitle('');
      setPresenters('');
      setSubs('');
      setAdjusters([]);
      setDeadline('');
      onAdded(view);
    },
  });
  const ids = useId();
  const post = (body: NewItem) =>
    add.run(() => call(agendaApi.addItem, { params: { id: meetingId }, body: { ...body, version } }, paths.meeting(meetingId)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (template === 'case') {
      void search.run(() => get<Page<CaseSummary>>(paths.cases({ q: q.trim(), limit: 10 })));
      return;
    }
    void post({
      template,
      ...(title.trim() ? { title } : {}),
      ...(template === 'free' ? { kind } : {}),
      presenters: names(presenters),
      ...(template === 'adjustment' ? { proposedAdjusters: adjusters, ...(deadline ? { adjustmentDeadline: deadline } : {}) } : {}),
      ...(template === 'information' || template === 'notifications' ? { subItems: parseSubItems(subs) } : {}),
    });
  };
  return (
    <form className="agenda-editor-form" onSubmit={submit} aria-labelledby={`${ids}-h`}>
      <h3 id={`${ids}-h`}>Lägg till en punkt</h3>
      <Field label="Slags punkt">
        <select
          value={template}
          onChange={(e) => {
            setTemplate(e.target.value as Template);
            add.setError(null);
          }}
        >
          {(Object.keys(TEMPLATE_LABEL) as Template[]).map((t) => (
            <option key={t} value={t}>
              {TEMPLATE_LABEL[t]}
            </option>
          ))}
        </select>
      </Field>
      {template === 'case' ? (
        <>
          <Field label="Sök ärende" hint="Diarienummer eller ord ur ärendemeningen" value={q} onChange={(e) => setQ(e.target.value)} maxLength={200} />
          <button type="submit" className="button button-secondary" disabled={search.busy}>
            Sök i diariet
          </button>
          {search.error && (
            <p role="alert" className="error">
              {search.error}
            </p>
          )}
          {hits && (
            <div aria-live="polite">
              {hits.length === 0 ? (
                <p>Inga ärenden hittades.</p>
              ) : (
                <ul className="case-hits" aria-label="Ärenden att lägga till">
                  {hits.map((c) => (
                    <li key={c.caseNumber}>
                      <button type="button" className="button button-small" disabled={add.busy} onClick={() => void post({ template: 'case', caseNumber: c.caseNumber })}>
                        Lägg till {c.caseNumber} {c.title}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </>
      ) : (
        <>
          <Field
            label="Rubrik"
            hint={template === 'free' ? undefined : `Tomt: "${TEMPLATE_LABEL[template]}"`}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={500}
            required={template === 'free'}
          />
          {template === 'free' && <KindField kind={kind} setKind={setKind} />}
          <Field label="Föredragande" hint="Flera namn åtskilda med komma" value={presenters} onChange={(e) => setPresenters(e.target.value)} />
          {template === 'adjustment' && <AdjusterFields bodyId={bodyId} adjusters={adjusters} setAdjusters={setAdjusters} deadline={deadline} setDeadline={setDeadline} />}
          {(template === 'information' || template === 'notifications') && (
            <SubItemsField subs={subs} setSubs={setSubs} />
          )}
          <button type="submit" className="button" disabled={add.busy}>
            Lägg till punkten
          </button>
        </>
      )}
      {add.error && (
        <p role="alert" className="error">
          {add.error}
        </p>
      )}
    </form>
  );
}

/**
 * Anmälningsärenden (issue 21.4): list registered cases (by dnr) and the
 * body's delegated decisions not yet anmälda (up to the meeting's day) under
 * the item, as its sub-items.
 */
function ListedItemsForm({ meetingId, item, onSaved, onCancel }: { meetingId: number; item: BuilderItem; onSaved(view: AgendaView): void; onCancel(): void }) {
  const ids = useId();
  const candidates = useApi<ReplyOf<typeof agendaApi.notificationCandidates>>(pathOf(agendaApi.notificationCandidates, { id: meetingId }));
  const [numbers, setNumbers] = useState('');
  const [chosen, setChosen] = useState<number[]>([]);
  const save = useSubmit<AgendaView>({ onDone: onSaved, fallback: 'Det gick inte att anmäla. Försök igen.' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run(() =>
      call(
        agendaApi.addListedItems,
        { params: { id: item.id }, body: { version: item.version, caseNumbers: names(numbers), delegatedDecisionIds: chosen } },
        '/api/meetings/',
      ),
    );
  };
  return (
    <form className="agenda-editor-form" onSubmit={submit} aria-labelledby={`${ids}-h`}>
      <h3 id={`${ids}-h`}>Anmäl under punkt {item.number}</h3>
      <Field label="Ärenden ur diariet" hint="Diarienummer, flera åtskilda med komma, t.ex. 19RS10494" value={numbers} onChange={(e) => setNumbers(e.target.value)} />
      <fieldset>
        <legend>Delegationsbeslut som inte är anmälda</legend>
        {candidates.status === 'ok' && candidates.data.delegatedDecisions.length === 0 && <p>Det finns inga delegationsbeslut fram till sammanträdet som inte är anmälda.</p>}
        {candidates.status === 'error' && (
          <p role="alert" className="error">
            {candidates.error.message}
          </p>
        )}
        {candidates.status === 'ok' &&
          candidates.data.delegatedDecisions.map((d) => (
            <label key={d.id} className="checkbox">
              <input
                type="checkbox"
                checked={chosen.includes(d.id)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, d.id] : chosen.filter((x) => x !== d.id))}
              />{' '}
              {d.decidedOn}: {d.line}
            </label>
          ))}
      </fieldset>
      {save.error && (
        <p role="alert" className="error">
          {save.error}
        </p>
      )}
      <button type="submit" className="button" disabled={save.busy}>
        Anmäl
      </button>{' '}
      <button type="button" className="button button-secondary" onClick={onCancel}>
        Avbryt
      </button>
    </form>
  );
}
