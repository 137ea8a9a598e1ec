/** /sok?q= – search by diarienummer, title or presenter. */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { SearchHit, SearchResult } from '../../../src/http/contract.ts';
import { paths } from '../api.ts';
import { CaseLink } from '../components/CaseLink.tsx';
import { Loaded } from '../components/Status.tsx';
import { count, MATCHED_ON } from '../format.ts';
import { Link, navigate, useSearchParam } from '../router.tsx';
import { useApi, useTitle } from '../useApi.ts';

/** The matched words of a full-text snippet (between U+0002 and U+0003) as <mark>. */
function Snippet({ text }: { text: string }) {
  const parts = text.split(/\u0002|\u0003/);
  return (
    <p className="hit-snippet">
      {parts.map((p, i) => (i % 2 === 1 ? <mark key={i}>{p}</mark> : <span key={i}>{p}</span>))}
    </p>
  );
}

const KIND_LABEL: Record<SearchHit['kind'], string> = { case: 'Ärende', 'agenda-item': 'Punkt', attachment: 'Bilagor till punkt', decision: 'Beslut under punkt' };

function Hit({ hit }: { hit: SearchHit }) {
  const href =
    hit.kind !== 'case' && hit.meetingId !== null
      ? `/sammantraden/${hit.meetingId}${hit.itemNumber !== null ? `#punkt-${hit.itemNumber}` : ''}`
      : hit.caseNumber
        ? `/arenden/${encodeURIComponent(hit.caseNumber)}`
        : null;
  return (
    <li className="hit">
      <p className="hit-kind">
        {hit.kind === 'case' ? 'Ärende' : `${KIND_LABEL[hit.kind]} ${hit.itemNumber ?? ''} på sammanträde ${hit.meetingDate ?? ''}`.trim()}
        <span className="muted"> · träff på {MATCHED_ON[hit.matchedOn]}</span>
      </p>
      <h2 className="hit-title">{href ? <Link href={href}>{hit.title}</Link> : hit.title}</h2>
      {hit.snippet && <Snippet text={hit.snippet} />}
      {(hit.caseNumber || hit.presenters.length > 0) && (
        <dl className="meta meta-inline">
          {hit.caseNumber && (
            <div>
              <dt>Diarienummer:</dt>
              <dd>
                <CaseLink caseNumber={hit.caseNumber} />
              </dd>
            </div>
          )}
          {hit.presenters.length > 0 && (
            <div>
              <dt>Föredragande:</dt>
              <dd>{hit.presenters.join(', ')}</dd>
            </div>
          )}
        </dl>
      )}
    </li>
  );
}

function Results({ result }: { result: SearchResult }) {
  return (
    <>
      <p className="result-count" role="status">
        {result.hits.length === 0
          ? `Inga träffar för ”${result.query}”.`
          : `${count(result.hits.length, 'träff', 'träffar')} för ”${result.query}”`}
      </p>
      {result.hits.length > 0 && (
        <ol className="hits">
          {result.hits.map((h, i) => (
            <Hit key={i} hit={h} />
          ))}
        </ol>
      )}
    </>
  );
}

export function SearchPage() {
  const ids = useId();
  const q = useSearchParam('q').trim();
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  useTitle(q ? `Sök: ${q}` : 'Sök');
  const state = useApi<SearchResult>(q ? paths.search(q) : null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const term = text.trim();
    navigate(term ? `/sok?q=${encodeURIComponent(term)}` : '/sok');
  };

  return (
    <>
      <h1>Sök</h1>
      <form className="search-form" role="search" aria-label="Sök ärenden och punkter" onSubmit={submit}>
        <label htmlFor={`${ids}-q`}>Sök på diarienummer, rubrik eller föredragande</label>
        <div className="input-with-button">
          <input id={`${ids}-q`} type="search" name="q" value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
          <button type="submit" className="button">
            Sök
          </button>
        </div>
        <p className="field-hint">Till exempel 20RS3419, medfinansiering eller Lena Kihl.</p>
      </form>
      {q && (
        <section aria-label="Sökresultat">
          <Loaded state={state} loading="Söker …">
            {(r) => <Results result={r} />}
          </Loaded>
        </section>
      )}
    </>
  );
}
