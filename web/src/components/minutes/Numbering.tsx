/**
 * The secretary's § numbering (issue 15.2): number the paragraphs, see the body's series for the
 * year (its first number, the meetings already numbered, the next free number), set the year's
 * first number while nothing of it is numbered, and undo the numbering of the last numbered
 * protokoll so that an earlier meeting can be numbered before it.
 */
import { useId, useState } from 'react';
import type { MinutesView } from '../../../../src/http/contract.ts';
import type { ParagraphSeriesView } from '../../../../src/minutes/numbering.ts';
import { paths, send } from '../../api.ts';
import { useApi } from '../../useApi.ts';
import { Field } from '../form.tsx';
import { useAction } from './shared.ts';

const seriesPath = (bodyId: number, year: string) => `/api/bodies/${bodyId}/paragraph-series/${year}`;
const range = (first: number | null, last: number | null) => (first === null || last === null ? '' : first === last ? `§ ${first}` : `§§ ${first}–${last}`);

function FirstNumber({ s, path, done }: { s: ParagraphSeriesView; path: string; done: () => Promise<void> }) {
  const ids = useId();
  const [first, setFirst] = useState(String(s.firstParagraph));
  const [note, setNote] = useState(s.note ?? '');
  const [saved, setSaved] = useState(false);
  const { error, busy, run } = useAction(done);
  return (
    <form
      aria-labelledby={`${ids}-h`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        const n = Number(first.trim());
        void run(() => send('PUT', path, { firstParagraph: Number.isInteger(n) ? n : 0, note: note.trim() || null, version: s.version }, path)).then(setSaved);
      }}
    >
      <h4 id={`${ids}-h`}>Årets första paragraf</h4>
      <p className="hint">
        För en nämnd som fortsätter en paragrafserie från ett annat system. Kan bara ändras innan något protokoll från {s.year} är numrerat.
      </p>
      <Field label={`Första paragrafen ${s.year}`} type="text" inputMode="numeric" value={first} onChange={(e) => setFirst(e.target.value)} required />
      <Field label="Varifrån serien fortsätter (valfritt)" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      <button type="submit" className="button button-secondary" disabled={busy}>
        Spara första paragrafen
      </button>
      <div role="status" className="form-result">
        {saved && <p className="alert alert-success">Paragraferna {s.year} börjar på § {first.trim()}.</p>}
      </div>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

export function Numbering({ m, refresh }: { m: MinutesView; refresh: () => Promise<void> }) {
  const year = m.meetingDate.slice(0, 4);
  const path = seriesPath(m.bodyId, year);
  const series = useApi<ParagraphSeriesView>(path);
  const both = async () => {
    series.reload();
    await refresh();
  };
  const { error, busy, run } = useAction(both);
  const base = paths.minutes(m.meetingId);
  const s = series.status === 'ok' ? series.data : null;
  const own = m.decisions.map((d) => d.paragraph).filter((p): p is number => p !== null);
  const others = s?.meetings.filter((x) => x.meetingId !== m.meetingId && x.first !== null) ?? [];
  const later = others.filter((x) => x.date > m.meetingDate);
  return (
    <div className="tool">
      <h3>Paragrafer</h3>
      {m.status === 'draft' ? (
        <>
          <p>
            När alla beslut är protokollförda får varje punkt sin paragraf (§) i föredragningslistans ordning. Paragraferna löper över nämndens kalenderår i
            sammanträdenas ordning{s ? `, från § ${s.firstParagraph} ${s.year}${s.configured ? ' (inställt för nämnden)' : ''}` : ''}. Informationspunkter utan
            beslut noteras.
          </p>
          <button type="button" className="button" disabled={busy} onClick={() => void run(() => send('POST', `${base}/numbering`, {}, base, path))}>
            Numrera paragrafer
          </button>
        </>
      ) : (
        <>
          <p>Paragraferna är numrerade{own.length ? ` (${range(Math.min(...own), Math.max(...own))})` : ''}.</p>
          <p className="hint">
            Ska ett tidigare sammanträde samma år numreras först? Häv numreringen: protokollet blir ett utkast igen och besluten finns kvar. Numrera det
            sedan igen.
          </p>
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() => void run(() => send('DELETE', `${base}/numbering?version=${m.version}`, undefined, base, path))}
          >
            Häv numreringen
          </button>
        </>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {s && (
        <>
          <p>
            {others.length === 0
              ? `Inga andra protokoll från ${s.year} är numrerade.`
              : `Numrerade ${s.year}: ${others.map((x) => `${x.date} ${range(x.first, x.last)}`).join(', ')}.`}{' '}
            {m.status === 'draft' &&
              (later.length
                ? `Ett senare sammanträde är redan numrerat: häv dess numrering innan det här protokollet numreras.`
                : `Nästa lediga paragraf: § ${s.nextParagraph}.`)}
          </p>
          {s.changeable && <FirstNumber key={s.version} s={s} path={path} done={both} />}
        </>
      )}
    </div>
  );
}
