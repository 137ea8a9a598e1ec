/**
 * Sammanträdesläge for one agenda item (issue 15.1): the yrkanden (who moved
 * what), the chair's propositionsordning, and an omröstning with a voting
 * list – one radio group Ja/Nej/Avstår per serving member. Every save sends
 * the sheet's version; a change made meanwhile by someone else is refused
 * (409) and the sheet is fetched again. Keyboard: the forms submit with
 * Enter, the radio groups move with the arrow keys.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { MotionKind, MotionSheetView, PropositionView } from '../../../../src/minutes/motions.ts';
import { ApiFailure, get, paths, send } from '../../api.ts';
import { errorText } from './shared.ts';

type Choice = 'ja' | 'nej' | 'avstår';

const KINDS: ReadonlyArray<readonly [MotionKind, string]> = [
  ['bifall', 'Bifall'],
  ['avslag', 'Avslag'],
  ['andring', 'Ändring'],
  ['aterremiss', 'Återremiss'],
  ['bordlaggning', 'Bordläggning'],
];
const OUTCOME_TEXT = { open: 'inte avgjort', won: 'vann', lost: 'föll' } as const;
const CHOICES: ReadonlyArray<readonly [Choice, string]> = [
  ['ja', 'Ja'],
  ['nej', 'Nej'],
  ['avstår', 'Avstår'],
];

const withParty = (name: string, party: string | null) => (party ? `${name} (${party})` : name);

interface PropRow {
  key: number;
  ja: number | '';
  nej: number | 'avslag' | '';
  finds: 'ja' | 'nej';
}
let rowKey = 0;

function Sheet({ meetingId, itemNumber, onChanged }: { meetingId: number | string; itemNumber: number; onChanged: () => Promise<void> }) {
  const ids = useId();
  const base = `${paths.minutes(meetingId)}/items/${itemNumber}`;
  const [sheet, setSheet] = useState<MotionSheetView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // new yrkande
  const [mover, setMover] = useState<number | ''>('');
  const [kind, setKind] = useState<MotionKind>('bifall');
  const [text, setText] = useState('');
  // propositionsordning
  const [props, setProps] = useState<PropRow[]>([]);
  const [noQuorum, setNoQuorum] = useState<string | null>(null);
  // omröstning
  const [votePos, setVotePos] = useState<number | ''>('');
  const [jaMeans, setJaMeans] = useState('');
  const [nejMeans, setNejMeans] = useState('');
  const [choices, setChoices] = useState<Map<number, Choice>>(new Map());

  const adopt = useCallback((s: MotionSheetView) => {
    setSheet(s);
    setProps(
      s.propositions.map((p) => ({ key: ++rowKey, ja: p.jaMotionId, nej: p.nejMotionId ?? 'avslag', finds: p.chairFinds })),
    );
    setVotePos((pos) => (pos !== '' && s.propositions.some((p) => p.position === pos) ? pos : (s.propositions.at(-1)?.position ?? '')));
  }, []);

  const load = useCallback(async () => {
    try {
      adopt(await get<MotionSheetView>(`${base}/motions`));
    } catch (e) {
      setError(errorText(e));
    }
  }, [adopt, base]);

  useEffect(() => {
    void load();
  }, [load]);

  // the voting list of the chosen proposition: what was recorded, else empty
  const chosen: PropositionView | undefined = sheet?.propositions.find((p) => p.position === votePos);
  useEffect(() => {
    setChoices(new Map(chosen?.vote?.rows.map((r) => [r.personId, r.choice]) ?? []));
    setJaMeans(chosen?.vote?.jaMeans ?? '');
    setNejMeans(chosen?.vote?.nejMeans ?? '');
  }, [chosen]);

  const write = async (method: 'POST' | 'PUT' | 'DELETE', path: string, body: unknown, done: string, onError?: (f: ApiFailure) => boolean) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      adopt(await send<MotionSheetView>(method, path, body, paths.minutes(meetingId)));
      setNotice(done);
      // the page around it refreshes in the background: the form is free again at once, so what the
      // secretary starts typing next (the next yrkande) is not reset when the refresh lands
      void onChanged().catch(() => undefined);
      return true;
    } catch (e) {
      const f = e instanceof ApiFailure ? e : null;
      if (f && onError?.(f)) return false;
      setError(errorText(e));
      if (f?.code === 'stale-version') await load();
      return false;
    } finally {
      setBusy(false);
    }
  };

  if (!sheet) return error ? <p className="alert alert-error" role="alert">{error}</p> : <p className="muted">Hämtar yrkandena …</p>;
  const v = sheet.version;
  const motionText = (id: number | null) => {
    const m = sheet.motions.find((x) => x.id === id);
    return m ? `${m.text} (${m.moverName})` : 'avslag';
  };

  const addMotion = async (e: FormEvent) => {
    e.preventDefault();
    if (mover === '') {
      setError('Välj vem som yrkar.');
      return;
    }
    const ok = await write('POST', `${base}/motions`, { version: v, moverPersonId: mover, kind, text: text.trim() }, 'Yrkandet är sparat.');
    if (ok) {
      setText('');
      setMover('');
      setKind('bifall');
    }
  };

  const saveProps = async (e: FormEvent | null, acknowledgeNoQuorum = false) => {
    e?.preventDefault();
    if (props.some((p) => p.ja === '' || p.nej === '')) {
      setError('Välj yrkandena i varje proposition, eller ta bort raden.');
      return;
    }
    setNoQuorum(null);
    await write(
      'PUT',
      `${base}/propositions`,
      {
        version: v,
        propositions: props.map((p) => ({ jaMotionId: p.ja, nejMotionId: p.nej === 'avslag' ? null : p.nej, chairFinds: p.finds })),
        ...(acknowledgeNoQuorum ? { acknowledgeNoQuorum: true } : {}),
      },
      'Propositionsordningen är sparad.',
      (f) => {
        if (f.code !== 'no-quorum') return false;
        setNoQuorum(f.message);
        return true;
      },
    );
  };

  const saveVote = async (e: FormEvent) => {
    e.preventDefault();
    if (votePos === '') return;
    const missing = sheet.serving.filter((s) => !choices.has(s.personId));
    if (missing.length) {
      setError(`Röst saknas för ${missing.map((s) => s.name).join(', ')}.`);
      return;
    }
    await write(
      'PUT',
      `${base}/propositions/${votePos}/vote`,
      { version: v, jaMeans: jaMeans.trim(), nejMeans: nejMeans.trim(), votes: sheet.serving.map((s) => ({ personId: s.personId, choice: choices.get(s.personId)! })) },
      'Omröstningen är sparad.',
    );
  };

  const tally = { ja: 0, nej: 0, avstår: 0 };
  for (const c of choices.values()) tally[c]++;
  const setProp = (key: number, change: Partial<PropRow>) => setProps((rows) => rows.map((r) => (r.key === key ? { ...r, ...change } : r)));

  return (
    <div className="motions">
      <p className={sheet.quorum.ok ? 'muted' : 'alert alert-warning'}>
        {sheet.quorum.ok ? `Beslutför: ${sheet.quorum.serving} av ${sheet.quorum.seats} ledamöter tjänstgör.` : sheet.quorum.message}
      </p>

      <section aria-labelledby={`${ids}-motions`}>
        <h4 id={`${ids}-motions`}>Yrkanden</h4>
        {sheet.motions.length === 0 ? (
          <p className="muted">Inga yrkanden.</p>
        ) : (
          <ol className="motion-list">
            {sheet.motions.map((m) => (
              <li key={m.id}>
                {withParty(m.moverName, m.moverParty)} yrkar {m.text}
                {m.supporters.length > 0 && <> (instämmer: {m.supporters.map((s) => s.name).join(', ')})</>}
                {' – '}
                <span className="badge">{OUTCOME_TEXT[m.outcome]}</span>{' '}
                {sheet.editable && (
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    disabled={busy}
                    onClick={() => void write('DELETE', `${base}/motions/${m.id}?version=${v}`, undefined, 'Yrkandet är borttaget.')}
                  >
                    Ta bort yrkande {m.position}
                  </button>
                )}
              </li>
            ))}
          </ol>
        )}
        {sheet.editable && (
          <form className="motion-form" onSubmit={(e) => void addMotion(e)} aria-label={`Nytt yrkande under punkt ${itemNumber}`}>
            <div className="field">
              <label htmlFor={`${ids}-mover`}>Yrkande av</label>
              <select id={`${ids}-mover`} value={mover} onChange={(e) => setMover(e.target.value ? Number(e.target.value) : '')}>
                <option value="">Välj ledamot …</option>
                {sheet.serving.map((s) => (
                  <option key={s.personId} value={s.personId}>
                    {withParty(s.name, s.party)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${ids}-kind`}>Typ av yrkande</label>
              <select id={`${ids}-kind`} value={kind} onChange={(e) => setKind(e.target.value as MotionKind)}>
                {KINDS.map(([k, label]) => (
                  <option key={k} value={k}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${ids}-text`}>Yrkandets text</label>
              <input id={`${ids}-text`} value={text} onChange={(e) => setText(e.target.value)} aria-describedby={`${ids}-text-hint`} />
              <p className="field-hint" id={`${ids}-text-hint`}>
                Krävs för ändring och återremiss. Tom för bifall, avslag och bordläggning ger ”bifall till förslaget” osv.
              </p>
            </div>
            <button type="submit" className="button button-small" disabled={busy}>
              Lägg till yrkandet
            </button>
          </form>
        )}
      </section>

      <section aria-labelledby={`${ids}-props`}>
        <h4 id={`${ids}-props`}>Propositionsordning</h4>
        {sheet.propositions.length > 0 && (
          <ol className="proposition-list">
            {sheet.propositions.map((p) => (
              <li key={p.position}>
                Ordföranden ställer proposition på {p.text} och finner att {p.result === 'ja' ? motionText(p.jaMotionId) : motionText(p.nejMotionId)} vinner
                {p.vote ? ` (efter omröstning: ${p.vote.line})` : ''}.
              </li>
            ))}
          </ol>
        )}
        {sheet.editable && sheet.motions.length > 0 && (
          <form onSubmit={(e) => void saveProps(e)} aria-label={`Propositionsordning under punkt ${itemNumber}`}>
            {props.map((p, i) => (
              <div key={p.key} className="note-row" role="group" aria-label={`Proposition ${i + 1}`}>
                <div>
                  <label htmlFor={`${ids}-p${p.key}-ja`}>Ja-förslag (proposition {i + 1})</label>
                  <select id={`${ids}-p${p.key}-ja`} value={p.ja} onChange={(e) => setProp(p.key, { ja: e.target.value ? Number(e.target.value) : '' })}>
                    <option value="">Välj …</option>
                    {sheet.motions.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.text} ({m.moverName})
                      </option>
                    ))}
                  </select>
                </div>
                <div>
                  <label htmlFor={`${ids}-p${p.key}-nej`}>Mot (proposition {i + 1})</label>
                  <select
                    id={`${ids}-p${p.key}-nej`}
                    value={p.nej}
                    onChange={(e) => setProp(p.key, { nej: e.target.value === 'avslag' ? 'avslag' : e.target.value ? Number(e.target.value) : '' })}
                  >
                    <option value="">Välj …</option>
                    {sheet.motions.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.text} ({m.moverName})
                      </option>
                    ))}
                    <option value="avslag">Avslag på ja-förslaget</option>
                  </select>
                </div>
                <div>
                  <label htmlFor={`${ids}-p${p.key}-finds`}>Ordföranden finner (proposition {i + 1})</label>
                  <select id={`${ids}-p${p.key}-finds`} value={p.finds} onChange={(e) => setProp(p.key, { finds: e.target.value as 'ja' | 'nej' })}>
                    <option value="ja">Ja-förslaget</option>
                    <option value="nej">Mot-förslaget</option>
                  </select>
                </div>
                <button type="button" className="button button-secondary button-small" onClick={() => setProps((rows) => rows.filter((r) => r.key !== p.key))}>
                  Ta bort proposition {i + 1}
                </button>
              </div>
            ))}
            <div className="actions">
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={() => {
                  const [first, second] = sheet.motions;
                  setProps((rows) => [...rows, { key: ++rowKey, ja: rows.length === 0 && first ? first.id : '', nej: rows.length === 0 && second ? second.id : '', finds: 'ja' }]);
                }}
              >
                Lägg till proposition
              </button>
              <button type="submit" className="button button-small" disabled={busy}>
                Spara propositionsordningen
              </button>
            </div>
            {noQuorum && (
              <div className="alert alert-warning" role="alert">
                <p>{noQuorum}</p>
                <button type="button" className="button" disabled={busy} onClick={() => void saveProps(null, true)}>
                  Spara ändå utan beslutsförhet
                </button>
              </div>
            )}
          </form>
        )}
      </section>

      {sheet.propositions.length > 0 && (
        <section aria-labelledby={`${ids}-vote`}>
          <h4 id={`${ids}-vote`}>Omröstning</h4>
          {sheet.propositions
            .filter((p) => p.vote)
            .map((p) => (
              <p key={p.position} className="vote-result">
                Proposition {p.position}: {p.vote!.line}. {p.vote!.summary} Ja: {p.vote!.jaMeans}. Nej: {p.vote!.nejMeans}.
              </p>
            ))}
          {sheet.editable && (
            <form onSubmit={(e) => void saveVote(e)} aria-label={`Omröstning under punkt ${itemNumber}`}>
              <div className="field">
                <label htmlFor={`${ids}-vote-pos`}>Omröstning om proposition</label>
                <select id={`${ids}-vote-pos`} value={votePos} onChange={(e) => setVotePos(e.target.value ? Number(e.target.value) : '')}>
                  {sheet.propositions.map((p) => (
                    <option key={p.position} value={p.position}>
                      {p.position}: {p.text}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${ids}-ja-means`}>Ja innebär</label>
                <input id={`${ids}-ja-means`} value={jaMeans} placeholder={chosen ? `ja för ${motionText(chosen.jaMotionId)}` : ''} onChange={(e) => setJaMeans(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor={`${ids}-nej-means`}>Nej innebär</label>
                <input id={`${ids}-nej-means`} value={nejMeans} placeholder={chosen ? `nej för ${motionText(chosen.nejMotionId)}` : ''} onChange={(e) => setNejMeans(e.target.value)} />
              </div>
              <table className="vote-table">
                <caption>Röstlista, proposition {votePos}</caption>
                <thead>
                  <tr>
                    <th scope="col">Ledamot</th>
                    <th scope="col">Röst</th>
                  </tr>
                </thead>
                <tbody>
                  {sheet.serving.map((s) => (
                    <tr key={s.personId}>
                      <th scope="row">
                        {withParty(s.name, s.party)}
                        {s.personId === sheet.chairPersonId ? ' – ordförande' : ''}
                      </th>
                      <td>
                        <div role="radiogroup" aria-label={`Röst, ${s.name}`} className="choice-group">
                          {CHOICES.map(([c, label]) => (
                            <label key={c}>
                              <input
                                type="radio"
                                name={`${ids}-vote-${s.personId}`}
                                value={c}
                                checked={choices.get(s.personId) === c}
                                onChange={() => setChoices((prev) => new Map(prev).set(s.personId, c))}
                              />{' '}
                              {label}
                            </label>
                          ))}
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p aria-live="polite">
                Räknat: {tally.ja} ja, {tally.nej} nej, {tally.avstår} avstår ({sheet.serving.length - choices.size} saknas).
              </p>
              <div className="actions">
                <button type="button" className="button button-secondary button-small" onClick={() => setChoices(new Map(sheet.serving.map((s) => [s.personId, 'ja'] as const)))}>
                  Alla röstar ja
                </button>
                <button type="submit" className="button button-small" disabled={busy}>
                  Spara omröstningen
                </button>
              </div>
            </form>
          )}
        </section>
      )}

      {sheet.reservations.length > 0 && (
        <section aria-labelledby={`${ids}-res`}>
          <h4 id={`${ids}-res`}>Reservationer</h4>
          <ul>
            {sheet.reservations.map((r, i) => (
              <li key={i}>
                {r.name} reserverar sig till förmån för {motionText(r.motionId)}: {r.text}
              </li>
            ))}
          </ul>
        </section>
      )}

      <div role="status" className="form-result">
        {notice && <p className="alert alert-success">{notice}</p>}
      </div>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** A disclosure per agenda item: "Yrkanden och omröstning"; the sheet is fetched when it opens. */
export function Motions({ meetingId, itemNumber, refresh }: { meetingId: number | string; itemNumber: number; refresh: () => Promise<void> }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="motions-editor" open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        Yrkanden och omröstning<span className="visually-hidden"> under punkt {itemNumber}</span>
      </summary>
      {open && <Sheet meetingId={meetingId} itemNumber={itemNumber} onChanged={refresh} />}
    </details>
  );
}
