/** One punkt on the föredragningslista. */
import { MemoPreview } from './MemoPreview.tsx';
import type { AgendaItemView, SubItemView } from '../../../src/http/contract.ts';
import { KIND_LABEL, paragraphs, splitClause } from '../format.ts';
import { CaseLink } from './CaseLink.tsx';
import { SecrecyControl } from './SecrecyControl.tsx';

function Clause({ clause }: { clause: string }) {
  const { text, bullets } = splitClause(clause);
  return (
    <li>
      {text}
      {bullets.length > 0 && (
        <ul className="bullets">
          {bullets.map((b, i) => (
            <li key={i}>{b}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

function Proposal({ proposal, deadline }: { proposal: NonNullable<AgendaItemView['proposal']>; deadline: string | null }) {
  const noteMentionsDeadline = proposal.notes.some((n) => /justera/i.test(n));
  return (
    <section className="proposal">
      <h4>Förslag till beslut</h4>
      {proposal.addressee && <p className="addressee">{proposal.addressee}</p>}
      {proposal.clauses.length > 0 && (
        <ul className="clauses">
          {proposal.clauses.map((c, i) => (
            <Clause key={i} clause={c} />
          ))}
        </ul>
      )}
      {proposal.notes.map((n, i) => (
        <p key={i} className="note">
          {n}
        </p>
      ))}
      {deadline && !noteMentionsDeadline && <p className="note">Protokollet ska vara justerat senast {deadline}.</p>}
    </section>
  );
}

function SubItem({ sub }: { sub: SubItemView }) {
  return (
    <li>
      <span className="sub-marker" aria-hidden={sub.number === null ? true : undefined}>
        {sub.number !== null ? `${sub.number}.` : '–'}
      </span>
      <span className="sub-title">{sub.title}</span>
      {(sub.caseNumber || sub.presenters.length > 0 || sub.note) && (
        <dl className="meta meta-inline">
          {sub.caseNumber && (
            <div>
              <dt>Diarienummer:</dt>
              <dd>
                <CaseLink caseNumber={sub.caseNumber} />
              </dd>
            </div>
          )}
          {sub.presenters.length > 0 && (
            <div>
              <dt>Föredragande:</dt>
              <dd>{sub.presenters.join(', ')}</dd>
            </div>
          )}
        </dl>
      )}
      {sub.note && <p className="note">{sub.note}</p>}
    </li>
  );
}

export function AgendaItem({
  item,
  showMemo = false,
  editSecrecy = false,
  onChanged,
}: {
  item: AgendaItemView;
  showMemo?: boolean;
  /** The secretariat sets secrecy marks here. */
  editSecrecy?: boolean;
  onChanged?: () => void;
}) {
  const headingId = `punkt-${item.number}-rubrik`;
  return (
    <article id={`punkt-${item.number}`} className="item" aria-labelledby={headingId} tabIndex={-1}>
      <header className="item-head">
        <h3 id={headingId}>
          <span className="item-number">{item.number}.</span> {item.title}
        </h3>
        <span className={`badge badge-${item.kind}`}>{KIND_LABEL[item.kind]}</span>
      </header>
      {item.secrecyRef && <p className="secrecy-mark">Sekretess enligt {item.secrecyRef}</p>}
      {editSecrecy && (
        <SecrecyControl url={`/api/agenda-items/${item.id}/secrecy`} what={`punkt ${item.number}`} current={item.secrecyRef} version={item.version} onSaved={() => onChanged?.()} />
      )}
      {(item.caseNumber || item.presenters.length > 0) && (
        <dl className="meta meta-inline">
          {item.caseNumber && (
            <div>
              <dt>Diarienummer:</dt>
              <dd>
                <CaseLink caseNumber={item.caseNumber} />
              </dd>
            </div>
          )}
          {item.presenters.length > 0 && (
            <div>
              <dt>Föredragande:</dt>
              <dd>{item.presenters.join(', ')}</dd>
            </div>
          )}
        </dl>
      )}
      {item.proposal && <Proposal proposal={item.proposal} deadline={item.adjustmentDeadline} />}
      {item.subItems.length > 0 && (
        <section>
          <h4>{item.kind === 'presentations' ? 'Presentationer' : 'Punkter'}</h4>
          <ul className="sub-items">
            {item.subItems.map((s, i) => (
              <SubItem key={i} sub={s} />
            ))}
          </ul>
        </section>
      )}
      {item.summary && (
        <section>
          <h4>Sammanfattning</h4>
          <div className="prose">
            {paragraphs(item.summary).map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          </div>
        </section>
      )}
      {item.decisionBasis.length > 0 && (
        <section>
          <h4>Beslutsunderlag</h4>
          <ul className="basis">
            {item.decisionBasis.map((d) => (
              <li key={d.id}>
                {d.title}
                {d.secrecyRef && d.secrecyRef !== item.secrecyRef && !d.title.includes(d.secrecyRef) && <> – sekretess enligt {d.secrecyRef}</>}
                {editSecrecy && (
                  <SecrecyControl url={`/api/decision-basis/${d.id}/secrecy`} what={`handlingen ${d.title}`} current={d.secrecyRef} version={d.version} onSaved={() => onChanged?.()} />
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {showMemo && <MemoPreview itemId={item.id} />}
    </article>
  );
}
