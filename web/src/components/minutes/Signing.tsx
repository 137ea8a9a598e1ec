/** Adjustment: who adjusts and who has signed, and the signed-in adjuster's own signing box. */
import { useEffect, useId, useState } from 'react';
import type { MinutesView } from '../../../../src/http/contract.ts';
import { api, paths, send } from '../../api.ts';
import { errorText, stamp } from './shared.ts';

export function Adjusters({ m }: { m: MinutesView }) {
  if (m.adjusters.length === 0) return <p>Inga justerare är valda ännu.</p>;
  return (
    <ul className="adjusters">
      {m.adjusters.map((a) => (
        <li key={a.personId}>
          {a.name}
          {a.party ? ` (${a.party})` : ''}:{' '}
          {a.signedAt ? (
            <span className="signed">signerade {stamp(a.signedAt)}</span>
          ) : (
            <span className="muted">har inte signerat</span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** "Justera protokollet": the adjuster reads the PDF, confirms, and signs its SHA-256. */
export function SigningBox({ m, personId, refresh }: { m: MinutesView; personId: number; refresh: () => Promise<void> }) {
  const ids = useId();
  const [sha256, setSha256] = useState<string | null>(null);
  const [hashError, setHashError] = useState<string | null>(null);
  const [read, setRead] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  // The hash of the PDF as it is now; fetched again whenever the minutes change.
  useEffect(() => {
    let live = true;
    setSha256(null);
    setHashError(null);
    api.minutesPdfSha256(m.meetingId).then(
      (h) => live && setSha256(h),
      (e: unknown) => live && setHashError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [m.meetingId, m.version, tick]);

  const sign = async () => {
    if (!sha256) return;
    setBusy(true);
    setError(null);
    try {
      await send('POST', `${paths.minutes(m.meetingId)}/signatures`, { personId, sha256 }, paths.minutes(m.meetingId), paths.noticeBoard());
      await refresh();
    } catch (e) {
      setError(errorText(e));
      if ((e as { code?: string }).code === 'minutes-changed') {
        // what was read is no longer what is there: read again before signing
        setRead(false);
        setTick((t) => t + 1);
        await refresh().catch(() => undefined);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card signing" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Justera protokollet</h2>
      <p>
        Du är utsedd att justera protokollet. Läs <a href={paths.minutesPdf(m.meetingId)}>protokollet som PDF</a> innan du signerar. Din signatur gäller
        exakt den filen:
      </p>
      <p>
        Protokollet ska vara justerat senast <span className="date">{m.clock.adjustmentDue}</span>
        {m.clock.adjustmentBasis !== 'decided'
          ? ' (kommunallagen)'
          : m.clock.adjustmentLegalDue === m.clock.adjustmentDue
            ? ', som nämnden beslutade (lagens sista dag)'
            : `, som nämnden beslutade (lagens sista dag ${m.clock.adjustmentLegalDue})`}
        .
      </p>
      <p className="hash">
        {sha256 ? (
          <>
            SHA-256 <code id={`${ids}-hash`}>{sha256}</code>
          </>
        ) : hashError ? (
          <span className="error">{hashError}</span>
        ) : (
          <span className="muted">Beräknar kontrollsumman …</span>
        )}
      </p>
      <p>
        <label className="checkbox-label">
          <input type="checkbox" checked={read} onChange={(e) => setRead(e.target.checked)} aria-describedby={sha256 ? `${ids}-hash` : undefined} /> Jag
          har läst protokollet
        </label>
      </p>
      <button type="button" className="button" disabled={!read || !sha256 || busy} onClick={() => void sign()}>
        Signera
      </button>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/**
 * The frozen protokoll: once adjusted, the signed PDF is a stored file that never changes. Members
 * and staff get the signed original; the public gets the public version (secret items' content
 * left out, personnummer masked), which is the same file when there is nothing to leave out.
 */
export function FrozenFile({ m, original }: { m: MinutesView; original: boolean }) {
  if (!m.locked || !m.pdfSha256) return null;
  const publicSha = m.frozen?.publicPdfSha256 ?? null;
  const same = publicSha === m.pdfSha256;
  return (
    <div className="frozen">
      <p>
        Det justerade protokollet är fryst: filen lagrades när den sista justeraren signerade och ändras aldrig, inte heller om ledamöter, partier eller
        roller ändras senare.
      </p>
      <dl className="facts">
        <div>
          <dt>SHA-256, signerat original</dt>
          <dd>
            <code>{m.pdfSha256}</code>
            {original && !same && <span className="muted"> (den fil du får)</span>}
          </dd>
        </div>
        {publicSha && !same && (
          <div>
            <dt>SHA-256, offentlig version</dt>
            <dd>
              <code>{publicSha}</code>
              {!original && <span className="muted"> (den fil du får)</span>}
            </dd>
          </div>
        )}
      </dl>
      {!original && publicSha && !same && (
        <p className="hint">Den offentliga versionen utelämnar innehåll som omfattas av sekretess och maskerar personnummer.</p>
      )}
    </div>
  );
}
