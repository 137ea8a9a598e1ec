/**
 * Payouts (rekvisitioner) on an application's page (issue 16, item 2): the list with each payout's
 * status, the form "Ny rekvisition" (the handläggare prepares: period, booked costs, reference,
 * a final claim with the final report's date), "Attestera" for a second person with attest rights
 * (never the one who prepared it – the server refuses in Swedish), "Återför" with a reason, and the
 * payment file for the finance system. The rules are the server's (src/funding/claims.ts,
 * cofinancingService.ts; docs/funding.md); every refusal is shown as it comes, in role="alert".
 */
import { useId, useState, type FormEvent } from 'react';
import { formatKronor } from '../../../src/kernel/kronor.ts';
import type { ApplicationView, PayoutResult, PayoutView } from '../../../src/funding/cofinancingService.ts';
import { cofinancingPaths, send, type SessionUser } from '../api.ts';
import { DateField, Field, MoneyField, useSubmit } from './form.tsx';
import { Alert } from './FormCard.tsx';

const kr = (ore: number) => formatKronor(ore, 'kr');
const payoutPath = (id: number, action: 'attest' | 'reversal') => `/api/cofinancing-payouts/${id}/${action}`;
const has = (user: SessionUser | null, ...roles: string[]) => Boolean(user?.roles.some((r) => roles.includes(r)));
/** "user:june.fors" → "june.fors". */
const who = (actor: string | null) => (actor ? actor.replace(/^user:/, '') : '');

function NewClaim({ a, onDone }: { a: ApplicationView; onDone(): void }) {
  const ids = useId();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [claimedOn, setClaimedOn] = useState('');
  const [costs, setCosts] = useState<number | null>(null);
  const [reference, setReference] = useState('');
  const [final, setFinal] = useState(false);
  const [reportOn, setReportOn] = useState('');
  const { busy, error, setError, run } = useSubmit<PayoutResult>({
    fallback: 'Det gick inte att förbereda utbetalningen. Försök igen.',
    onDone: () => {
      setFrom('');
      setTo('');
      setClaimedOn('');
      setCosts(null);
      setReference('');
      setFinal(false);
      setReportOn('');
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!from || !to || !claimedOn) return setError('Ange periodens första och sista dag och rekvisitionens datum (ÅÅÅÅ-MM-DD).');
    if (costs === null) return setError('Ange de bokförda kostnaderna i kronor.');
    void run(() =>
      send<PayoutResult>(
        'POST',
        `${cofinancingPaths.application(a.id)}/payouts`,
        { periodFrom: from, periodTo: to, claimedOn, bookedCostsOre: costs, reference: reference || null, final, finalReportOn: final ? reportOn || null : null },
        cofinancingPaths.application(a.id),
        cofinancingPaths.list(),
      ),
    );
  };
  return (
    <form className="tool payout-form" onSubmit={submit} aria-labelledby={`${ids}-h`} noValidate>
      <h3 id={`${ids}-h`}>Ny rekvisition</h3>
      <p className="hint">
        Projektperiod enligt beslutet: {a.current ? `${a.current.period.start} – ${a.current.period.end}` : `${a.period.start} – ${a.period.end}`}. Utbetalningen förbereds här och
        betalas när en annan person har attesterat den.
      </p>
      <div className="field-row">
        <DateField label="Periodens första dag" value={from} onChange={(t) => setFrom(t)} required />
        <DateField label="Periodens sista dag" value={to} onChange={(t) => setTo(t)} required />
        <DateField label="Rekvisitionens datum" value={claimedOn} onChange={(t) => setClaimedOn(t)} required />
      </div>
      <MoneyField label="Bokförda kostnader (kr)" value={costs} onChange={(ore) => setCosts(ore)} required />
      <Field label="Referens" value={reference} maxLength={200} onChange={(e) => setReference(e.target.value)} hint="Till exempel projektets rekvisitionsnummer; står i betalfilen." />
      <label className="checkbox-label" htmlFor={`${ids}-final`}>
        <input id={`${ids}-final`} type="checkbox" checked={final} onChange={(e) => setFinal(e.target.checked)} /> Slutrekvisition (den sista utbetalningen)
      </label>
      {final && <DateField label="Slutrapporten kom in" value={reportOn} onChange={(t) => setReportOn(t)} required />}
      <Alert error={error} />
      <button type="submit" className="button" disabled={busy}>
        Förbered utbetalning
      </button>
    </form>
  );
}

function Reverse({ p, onDone, onCancel }: { p: PayoutView; onDone(): void; onCancel(): void }) {
  const [reason, setReason] = useState('');
  const { busy, error, run } = useSubmit({ fallback: 'Det gick inte att återföra utbetalningen. Försök igen.', onDone });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => send('POST', payoutPath(p.id, 'reversal'), { reason, version: p.version }, '/api/cofinancing'));
  };
  return (
    <form onSubmit={submit} noValidate className="inline-form">
      <Field label="Skäl till återföringen" value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} required />
      <Alert error={error} />
      <button type="submit" className="button button-small" disabled={busy}>
        Återför utbetalningen
      </button>{' '}
      <button type="button" className="button button-secondary button-small" onClick={onCancel}>
        Avbryt
      </button>
    </form>
  );
}

function Row({ p, user, onChange }: { p: PayoutView; user: SessionUser | null; onChange(): void }) {
  const [reversing, setReversing] = useState(false);
  const { busy, error, run } = useSubmit({ fallback: 'Det gick inte att attestera utbetalningen. Försök igen.', onDone: onChange });
  const mayAttest = has(user, 'secretary', 'admin');
  const mayReverse = p.status === 'prepared' ? has(user, 'case-officer', 'secretary', 'admin') : p.status === 'attested' && mayAttest;
  const mine = user !== null && p.preparedBy === `user:${user.username}`;
  const name = p.reference ?? `Rekvisition ${p.claimedOn}`;
  return (
    <tr>
      <th scope="row">
        {p.reference ?? <span className="muted">utan referens</span>}
        {p.final && <span className="muted"> (slutrekvisition, slutrapporten {p.finalReportOn})</span>}
      </th>
      <td className="date">{p.period ? `${p.period.from} – ${p.period.to}` : ''}</td>
      <td className="date">{p.claimedOn}</td>
      <td className="num">{kr(p.bookedCostsOre)}</td>
      <td className="num">{kr(p.shareOre)}</td>
      <td className="num">
        {p.status === 'prepared' ? <span className="muted">({kr(p.paidOre)} om den attesteras nu)</span> : kr(p.paidOre)}
        {p.status === 'attested' && p.capReached && <span className="muted"> (taket nått)</span>}
      </td>
      <td>
        {p.statusLabel}
        {p.preparedBy && <span className="muted"> · förberedd av {who(p.preparedBy)}</span>}
        {p.attestedBy && <span className="muted"> · attesterad {p.attestedOn} av {who(p.attestedBy)}</span>}
        {p.status === 'reversed' && p.reversalReason && <span className="muted"> · skäl: {p.reversalReason}</span>}
      </td>
      <td>
        {p.status === 'prepared' && mayAttest && (
          <>
            <button
              type="button"
              className="button button-small"
              aria-label={`Attestera ${name}`}
              disabled={busy}
              onClick={() => void run(() => send('POST', payoutPath(p.id, 'attest'), { version: p.version }, '/api/cofinancing'))}
            >
              Attestera
            </button>
            {mine && <span className="muted"> (du har förberett den)</span>}{' '}
          </>
        )}
        {mayReverse && !reversing && (
          <button type="button" className="button button-secondary button-small" aria-label={`Återför ${name}`} onClick={() => setReversing(true)}>
            Återför
          </button>
        )}
        <Alert error={error} />
        {reversing && (
          <Reverse
            p={p}
            onCancel={() => setReversing(false)}
            onDone={() => {
              setReversing(false);
              onChange();
            }}
          />
        )}
      </td>
    </tr>
  );
}

/** The payment file (CSV) for the finance system: attested payouts by attest date. */
function PaymentFile() {
  const year = new Date().getFullYear();
  const [from, setFrom] = useState(`${year}-01-01`);
  const [to, setTo] = useState(`${year}-12-31`);
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to);
  return (
    <div className="tool">
      <h3>Betalfil till ekonomisystemet</h3>
      <div className="field-row">
        <DateField label="Attesterade från" value={from} onChange={(t) => setFrom(t)} />
        <DateField label="till och med" value={to} onChange={(t) => setTo(t)} />
      </div>
      {ok && (
        <p>
          <a href={`/api/cofinancing/payouts.csv?from=${from}&to=${to}`} download>
            Hämta betalfilen (CSV)
          </a>{' '}
          <span className="muted">– alla projekt, UTF-8 med semikolon.</span>
        </p>
      )}
    </div>
  );
}

export function PayoutPanel({ a, user, reload }: { a: ApplicationView; user: SessionUser | null; reload(): void }) {
  const mayPrepare = has(user, 'case-officer', 'secretary', 'admin') && a.current !== null;
  return (
    <>
      {a.payouts.length === 0 ? (
        <p>Inga utbetalningar är gjorda.</p>
      ) : (
        <div className="table-wrap">
          <table className="table payout-list">
            <caption>Utbetalningar, äldst först</caption>
            <thead>
              <tr>
                <th scope="col">Rekvisition</th>
                <th scope="col">Period</th>
                <th scope="col">Datum</th>
                <th scope="col" className="num">
                  Bokförda kostnader
                </th>
                <th scope="col" className="num">
                  Andel
                </th>
                <th scope="col" className="num">
                  Utbetalt
                </th>
                <th scope="col">Status</th>
                <th scope="col">Åtgärd</th>
              </tr>
            </thead>
            <tbody>
              {a.payouts.map((p) => (
                <Row key={`${p.id}:${p.version}`} p={p} user={user} onChange={reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {a.remainingOre !== null && (
        <p>
          Utbetalt (attesterat) hittills {kr(a.paidOre)}; återstår {kr(a.remainingOre)}.
        </p>
      )}
      {mayPrepare && <NewClaim a={a} onDone={reload} />}
      {has(user, 'secretary', 'admin') && a.current !== null && <PaymentFile />}
    </>
  );
}
