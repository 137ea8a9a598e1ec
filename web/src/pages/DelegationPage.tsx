/**
 * /namnder/:id/delegation – the body's delegation order and the register of delegated
 * decisions; staff register decisions (refused with the server's message when outside
 * the point's limits), the secretariat keeps the order.
 */
import { useId, useState, type FormEvent } from 'react';
import type { BodyDetail } from '../../../src/http/contract.ts';
import { formatKronor, parseKronor } from '../../../src/kernel/kronor.ts';
import { paths, send, type DelegatedDecisionView, type DelegationPointView } from '../api.ts';
import { errorText, todayInStockholm } from '../components/minutes/shared.ts';
import { Loaded } from '../components/Status.tsx';
import { CaseLink } from '../components/CaseLink.tsx';
import { Link } from '../router.tsx';
import { useCan } from '../session.tsx';
import { useApi, useTitle } from '../useApi.ts';
import { NotFoundPage } from './NotFoundPage.tsx';


/** "474 529 kronor" from a field, or a Swedish message. */
function readAmount(text: string): { ore: number | null; error?: string } {
  if (!text.trim()) return { ore: null };
  try {
    return { ore: parseKronor(text) };
  } catch (e) {
    return { ore: null, error: (e as Error).message };
  }
}

function Order({ points, canEdit, onEdit }: { points: DelegationPointView[]; canEdit: boolean; onEdit: (p: DelegationPointView) => void }) {
  if (points.length === 0) return <p>Delegationsordningen har inga punkter ännu.</p>;
  return (
    <div className="table-wrap">
      <table className="table delegation-order">
        <caption>Punkter i delegationsordningen</caption>
        <thead>
          <tr>
            <th scope="col">Punkt</th>
            <th scope="col">Ärendetyp</th>
            <th scope="col">Delegat</th>
            <th scope="col" className="num">
              Beloppsgräns
            </th>
            <th scope="col">Omfattar</th>
            {canEdit && (
              <th scope="col">
                <span className="visually-hidden">Ändra</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.id}>
              <th scope="row">{p.number}</th>
              <td>{p.title}</td>
              <td>{p.delegate}</td>
              <td className="num">{p.maxAmountOre === null ? <span className="muted">ingen</span> : formatKronor(p.maxAmountOre)}</td>
              <td>{p.decisionTypes.length ? p.decisionTypes.join(', ') : <span className="muted">alla beslut under punkten</span>}</td>
              {canEdit && (
                <td>
                  <button type="button" className="button button-secondary button-small" onClick={() => onEdit(p)}>
                    Ändra<span className="visually-hidden"> punkt {p.number}</span>
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PointForm({ bodyId, editing, points, onSaved }: { bodyId: number; editing: DelegationPointView | null; points: DelegationPointView[]; onSaved: () => void }) {
  const ids = useId();
  const [number, setNumber] = useState(editing?.number ?? '');
  const [title, setTitle] = useState(editing?.title ?? '');
  const [delegate, setDelegate] = useState(editing?.delegate ?? '');
  const [limit, setLimit] = useState(editing?.maxAmountOre != null ? formatKronor(editing.maxAmountOre) : '');
  const [types, setTypes] = useState(editing?.decisionTypes.join(', ') ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    const amount = readAmount(limit);
    if (amount.error) return setError(amount.error);
    const existing = points.find((p) => p.number === number.trim());
    setBusy(true);
    try {
      await send(
        'PUT',
        `${paths.delegationOrder(bodyId)}/${encodeURIComponent(number.trim())}`,
        {
          title,
          delegate,
          maxAmountOre: amount.ore,
          decisionTypes: types
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
          ...(existing ? { version: editing?.number === existing.number ? editing.version : existing.version } : {}),
        },
        paths.delegationOrder(bodyId),
      );
      setDone(`Punkt ${number.trim()} är sparad.`);
      if (!editing) {
        setNumber('');
        setTitle('');
        setDelegate('');
        setLimit('');
        setTypes('');
      }
      onSaved();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="tool" onSubmit={submit} aria-labelledby={`${ids}-h`}>
      <h3 id={`${ids}-h`}>{editing ? `Ändra punkt ${editing.number}` : 'Lägg till en punkt'}</h3>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${ids}-number`}>Punkt</label>
          <input id={`${ids}-number`} className="input-short" value={number} onChange={(e) => setNumber(e.target.value)} required readOnly={Boolean(editing)} />
        </div>
        <div className="field grow">
          <label htmlFor={`${ids}-title`}>Ärendetyp</label>
          <input id={`${ids}-title`} value={title} onChange={(e) => setTitle(e.target.value)} required />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-delegate`}>Delegat (vem som beslutar)</label>
        <input id={`${ids}-delegate`} value={delegate} onChange={(e) => setDelegate(e.target.value)} required />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${ids}-limit`}>Beloppsgräns per beslut</label>
          <input id={`${ids}-limit`} value={limit} onChange={(e) => setLimit(e.target.value)} aria-describedby={`${ids}-limit-hint`} />
          <p className="field-hint" id={`${ids}-limit-hint`}>
            Till exempel 1 000 000 kronor. Lämna tomt om punkten saknar beloppsgräns.
          </p>
        </div>
        <div className="field grow">
          <label htmlFor={`${ids}-types`}>Omfattar bara (beslutstyper, kommaseparerade)</label>
          <input id={`${ids}-types`} value={types} onChange={(e) => setTypes(e.target.value)} />
        </div>
      </div>
      <button type="submit" className="button" disabled={busy}>
        Spara punkten
      </button>
      <div role="status" className="form-result">
        {done && <p className="alert alert-success">{done}</p>}
      </div>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function RegisterForm({ bodyId, points, onSaved }: { bodyId: number; points: DelegationPointView[]; onSaved: () => void }) {
  const ids = useId();
  const [pointNumber, setPointNumber] = useState(points[0]?.number ?? '');
  const point = points.find((p) => p.number === pointNumber);
  const [decider, setDecider] = useState(points[0]?.delegate ?? '');
  const [decidedOn, setDecidedOn] = useState(todayInStockholm());
  const [caseNumbers, setCaseNumbers] = useState('');
  const [text, setText] = useState('');
  const [amount, setAmount] = useState('');
  const [decisionType, setDecisionType] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  if (points.length === 0) return <p className="hint">Beslut kan registreras när delegationsordningen har minst en punkt.</p>;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    const a = readAmount(amount);
    if (a.error) return setError(a.error);
    const numbers = caseNumbers
      .split(/[\s,;]+/)
      .map((c) => c.trim())
      .filter(Boolean);
    if (numbers.length === 0) return setError('Ange minst ett diarienummer.');
    setBusy(true);
    try {
      await send(
        'POST',
        paths.delegatedDecisions(bodyId),
        {
          pointNumber,
          decider,
          decidedOn,
          caseNumbers: numbers,
          text,
          amountOre: a.ore,
          decisionType: decisionType || null,
        },
        paths.delegatedDecisions(bodyId),
      );
      setDone(`Beslutet är registrerat under punkt ${pointNumber}.`);
      setCaseNumbers('');
      setText('');
      setAmount('');
      onSaved();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="tool" onSubmit={submit} aria-labelledby={`${ids}-h`}>
      <h3 id={`${ids}-h`}>Registrera delegationsbeslut</h3>
      <div className="field">
        <label htmlFor={`${ids}-point`}>Punkt i delegationsordningen</label>
        <select
          id={`${ids}-point`}
          value={pointNumber}
          onChange={(e) => {
            const p = points.find((x) => x.number === e.target.value);
            setPointNumber(e.target.value);
            if (p) setDecider(p.delegate);
            setDecisionType('');
          }}
        >
          {points.map((p) => (
            <option key={p.id} value={p.number}>
              {p.number} {p.title}
            </option>
          ))}
        </select>
        {point && (
          <p className="field-hint">
            Delegat: {point.delegate}. {point.maxAmountOre !== null ? `Högst ${formatKronor(point.maxAmountOre)} per beslut.` : 'Ingen beloppsgräns.'}
          </p>
        )}
      </div>
      <div className="field-row">
        <div className="field grow">
          <label htmlFor={`${ids}-decider`}>Beslutsfattare</label>
          <input id={`${ids}-decider`} value={decider} onChange={(e) => setDecider(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-date`}>Beslutsdatum</label>
          <input id={`${ids}-date`} type="date" value={decidedOn} onChange={(e) => setDecidedOn(e.target.value)} required />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-cases`}>Diarienummer</label>
        <input id={`${ids}-cases`} value={caseNumbers} onChange={(e) => setCaseNumbers(e.target.value)} aria-describedby={`${ids}-cases-hint`} />
        <p className="field-hint" id={`${ids}-cases-hint`}>
          Ett eller flera, till exempel 20RS4806, 20RS4903.
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-text`}>Beslut</label>
        <textarea id={`${ids}-text`} rows={2} value={text} onChange={(e) => setText(e.target.value)} required />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${ids}-amount`}>Belopp{point?.maxAmountOre != null ? '' : ' (om beslutet gäller pengar)'}</label>
          <input id={`${ids}-amount`} value={amount} onChange={(e) => setAmount(e.target.value)} aria-describedby={`${ids}-amount-hint`} />
          <p className="field-hint" id={`${ids}-amount-hint`}>
            I kronor, till exempel 474 529 kronor.
          </p>
        </div>
        {point && point.decisionTypes.length > 0 && (
          <div className="field">
            <label htmlFor={`${ids}-type`}>Beslutstyp</label>
            <select id={`${ids}-type`} value={decisionType} onChange={(e) => setDecisionType(e.target.value)}>
              <option value="">Välj …</option>
              {point.decisionTypes.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <button type="submit" className="button" disabled={busy}>
        Registrera beslutet
      </button>
      <div role="status" className="form-result">
        {done && <p className="alert alert-success">{done}</p>}
      </div>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function Register({ decisions }: { decisions: DelegatedDecisionView[] }) {
  if (decisions.length === 0) return <p>Inga delegationsbeslut är registrerade.</p>;
  return (
    <div className="table-wrap">
      <table className="table delegated-decisions">
        <caption>Registrerade delegationsbeslut, äldst först</caption>
        <thead>
          <tr>
            <th scope="col">Beslutsdatum</th>
            <th scope="col">Punkt</th>
            <th scope="col">Beslutsfattare</th>
            <th scope="col">Diarienummer</th>
            <th scope="col">Beslut</th>
            <th scope="col" className="num">
              Belopp
            </th>
            <th scope="col">Redovisat</th>
          </tr>
        </thead>
        <tbody>
          {decisions.map((d) => (
            <tr key={d.id}>
              <td className="date">{d.decidedOn}</td>
              <td>
                {d.pointNumber} <span className="muted">{d.pointTitle}</span>
              </td>
              <td>{d.decider}</td>
              <td>
                {d.caseNumbers.map((c, i) => (
                  <span key={c}>
                    {i > 0 && ', '}
                    <CaseLink caseNumber={c} />
                  </span>
                ))}
              </td>
              <td>
                {d.text}
                {d.decisionType && <span className="muted"> ({d.decisionType})</span>}
              </td>
              <td className="num">{d.amountOre === null ? <span className="muted">–</span> : formatKronor(d.amountOre)}</td>
              <td>{d.reportedOn ? `Ja, ${d.reportedOn}` : d.reportItemId ? 'På väg till nämnden' : 'Inte redovisat'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Delegation({ body }: { body: BodyDetail }) {
  useTitle(`Delegation – ${body.name}`);
  const can = useCan();
  const canOrder = can('delegation.order');
  const canRegister = can('delegation.register');
  const [onlyUnreported, setOnlyUnreported] = useState(false);
  const order = useApi<DelegationPointView[]>(paths.delegationOrder(body.id));
  const register = useApi<DelegatedDecisionView[]>(paths.delegatedDecisions(body.id, { unreported: onlyUnreported }), { keepPrevious: true });
  const [editing, setEditing] = useState<DelegationPointView | null>(null);
  const [formKey, setFormKey] = useState(0);
  const ids = useId();
  const points = order.status === 'ok' ? order.data : [];

  return (
    <>
      <p className="breadcrumb">
        <Link href="/">Sammanträden</Link> <span aria-hidden="true">›</span> <Link href={`/namnder/${body.id}`}>{body.name}</Link>{' '}
        <span aria-hidden="true">›</span> Delegation
      </p>
      <h1>Delegation – {body.name}</h1>
      <p className="lead">
        Delegationsordningen anger vem som får besluta i nämndens ställe och inom vilka gränser. Besluten som fattas med stöd av den registreras här och
        redovisas för nämnden.
      </p>

      <section className="card" aria-labelledby="delegationsordning">
        <h2 id="delegationsordning">Delegationsordning</h2>
        <Loaded state={order} loading="Laddar delegationsordningen …">
          {(ps) => (
            <Order
              points={ps}
              canEdit={canOrder}
              onEdit={(p) => {
                setEditing(p);
                setFormKey((k) => k + 1);
              }}
            />
          )}
        </Loaded>
        {canOrder && order.status === 'ok' && (
          <>
            <PointForm
              key={formKey}
              bodyId={body.id}
              editing={editing}
              points={points}
              onSaved={() => {
                order.reload();
              }}
            />
            {editing && (
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setEditing(null);
                  setFormKey((k) => k + 1);
                }}
              >
                Lägg till en ny punkt i stället
              </button>
            )}
          </>
        )}
      </section>

      <section className="card" aria-labelledby="delegationsbeslut">
        <h2 id="delegationsbeslut">Delegationsbeslut</h2>
        <p>
          <label className="checkbox-label" htmlFor={`${ids}-unreported`}>
            <input id={`${ids}-unreported`} type="checkbox" checked={onlyUnreported} onChange={(e) => setOnlyUnreported(e.target.checked)} /> Visa bara
            beslut som inte har redovisats för nämnden
          </label>
        </p>
        <Loaded state={register} loading="Laddar registret …">
          {(ds) => <Register decisions={ds} />}
        </Loaded>
        {canRegister && order.status === 'ok' && (
          <RegisterForm key={points.map((p) => p.version).join(',')} bodyId={body.id} points={points} onSaved={() => register.reload()} />
        )}
      </section>
    </>
  );
}

export function DelegationPage({ id }: { id: string }) {
  const valid = /^\d+$/.test(id);
  const state = useApi<BodyDetail>(valid ? paths.body(id) : null);
  if (!valid) return <NotFoundPage />;
  return (
    <Loaded state={state} loading="Laddar nämnden …">
      {(b) => <Delegation body={b} />}
    </Loaded>
  );
}
