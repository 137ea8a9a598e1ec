/** One paragraph (§) of the minutes as read: the decision, votes, jäv, reservations, Skickas till and expediering. */
import type { ReactNode } from 'react';
import type { AgendaItemView, DecisionView } from '../../../../src/http/contract.ts';
import { paths } from '../../api.ts';
import { splitClause } from '../../format.ts';
import { CaseLink } from '../CaseLink.tsx';
import { actorName, stamp } from './shared.ts';

function Clauses({ clauses }: { clauses: string[] }) {
  return (
    <ul className="clauses">
      {clauses.map((c, i) => {
        const { text, bullets } = splitClause(c);
        return (
          <li key={i}>
            {text}
            {bullets.length > 0 && (
              <ul className="bullets">
                {bullets.map((b, j) => (
                  <li key={j}>{b}</li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}

type Proceedings = NonNullable<DecisionView['proceedings']>;
const party = (p: { name: string; party: string | null }) => (p.party ? `${p.name} (${p.party})` : p.name);

/** Issue 15.1: the yrkanden, the chair's questions and each omröstning with its voting list, as the protokoll prints them. */
function ProceedingsView({ p }: { p: Proceedings }) {
  return (
    <section className="proceedings">
      <h4>Yrkanden</h4>
      <ul className="motion-list">
        {p.motions.map((m) => (
          <li key={m.position}>
            {party(m)} yrkar {m.text}.{m.supporters.length > 0 && ` ${m.supporters.join(', ')} instämmer.`}
          </li>
        ))}
      </ul>
      {p.propositions.length > 0 && (
        <>
          <h4>Propositionsordning</h4>
          <ol className="proposition-list">
            {p.propositions.map((x) => (
              <li key={x.position}>
                Proposition på {x.text}: {x.winner} vann.
                {x.vote && (
                  <>
                    {' '}
                    Omröstning (ja: {x.vote.jaMeans}; nej: {x.vote.nejMeans}): {x.vote.ja} ja, {x.vote.nej} nej, {x.vote.avstar} avstår
                    {x.vote.castingVote ? `, ordförandens utslagsröst (${x.vote.result})` : ''}.
                    <details>
                      <summary>Röstlista, proposition {x.position}</summary>
                      <ul>
                        {x.vote.rows.map((r, i) => (
                          <li key={i}>
                            {party(r)}: {r.choice}
                          </li>
                        ))}
                      </ul>
                    </details>
                  </>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

const joinNames = (names: string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} och ${names.at(-1)}`;

function Dispatches({
  d,
  canDispatch,
  busy,
  onDispatch,
}: {
  d: DecisionView;
  canDispatch: boolean;
  busy: boolean;
  onDispatch: (recipient: string) => void;
}) {
  const sent = new Map(d.dispatches.map((x) => [x.recipient, x]));
  return (
    <section className="dispatch">
      <h4>Skickas till</h4>
      <ul className="dispatch-list">
        {d.recipients.map((r) => {
          const s = sent.get(r);
          return (
            <li key={r}>
              {s ? (
                <>
                  {r}: skickat {stamp(s.sentAt)} <span className="muted">av {actorName(s.sentBy)}</span>
                </>
              ) : (
                <>
                  {r}: <span className="muted">inte skickat</span>
                  {canDispatch && (
                    <>
                      {' '}
                      <button type="button" className="button button-secondary button-small" disabled={busy} onClick={() => onDispatch(r)}>
                        Markera skickat<span className="visually-hidden"> till {r}</span>
                      </button>
                    </>
                  )}
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function Paragraph({
  meetingId,
  item,
  d,
  canDispatch,
  busy,
  onDispatch,
  children,
}: {
  meetingId: number | string;
  item: AgendaItemView | undefined;
  d: DecisionView | undefined;
  /** Expediering is logged once the minutes are adjusted. */
  canDispatch: boolean;
  busy: boolean;
  onDispatch: (itemNumber: number, recipient: string) => void;
  /** The secretary's editor for this item, if any. */
  children?: ReactNode;
}) {
  const number = d?.itemNumber ?? item?.number ?? 0;
  const title = d?.itemTitle ?? item?.title ?? '';
  const caseNumber = d?.caseNumber ?? item?.caseNumber ?? null;
  const headingId = `punkt-${number}-rubrik`;
  const reservations = d?.notes.filter((n) => n.kind === 'reservation') ?? [];
  const protocolNotes = d?.notes.filter((n) => n.kind === 'protocol-note') ?? [];
  return (
    <article className="item paragraph" id={d?.paragraph != null ? `paragraf-${d.paragraph}` : `punkt-${number}`} aria-labelledby={headingId}>
      <header className="item-head">
        <h3 id={headingId}>
          {d?.paragraph != null ? (
            <>
              <span className="item-number">§ {d.paragraph}</span> {title}
            </>
          ) : (
            <>
              Punkt {number}: {title}
            </>
          )}
        </h3>
        {d && <span className={`badge badge-outcome badge-${d.outcome}`}>{d.outcomeLabel}</span>}
      </header>
      <dl className="meta meta-inline">
        {caseNumber && (
          <div>
            <dt>Diarienummer:</dt>
            <dd>
              <CaseLink caseNumber={caseNumber} />
            </dd>
          </div>
        )}
        {d?.paragraph != null && (
          <div>
            <dt>Punkt på föredragningslistan:</dt>
            <dd>{number}</dd>
          </div>
        )}
        {d?.finalOn && (
          <div>
            <dt>Laga kraft:</dt>
            <dd>{d.finalOn} (om beslutet inte överklagas)</dd>
          </div>
        )}
      </dl>
      {!d ? (
        <p className="muted">Inget beslut är protokollfört under punkten ännu.</p>
      ) : (
        <>
          {d.withoutQuorum && (
            <p className="alert alert-warning">Beslutet protokollfördes trots att nämnden inte var beslutsför under punkten.</p>
          )}
          {d.conflicted.length > 0 && (
            <p>
              <strong>Jäv:</strong> {joinNames(d.conflicted.map((c) => c.name))} deltar inte i handläggningen på grund av jäv.
            </p>
          )}
          {d.proceedings && <ProceedingsView p={d.proceedings} />}
          <h4>Beslut</h4>
          {item?.proposal?.addressee && <p className="addressee">{item.proposal.addressee}</p>}
          <Clauses clauses={d.clauses} />
          {d.voteSummary && (
            <p>
              <strong>Omröstning:</strong> {d.voteSummary}
            </p>
          )}
          {reservations.length > 0 && (
            <>
              <h4>Reservationer</h4>
              <ul className="notes-list">
                {reservations.map((n, i) => (
                  <li key={i}>
                    <strong>
                      {n.name}
                      {n.party ? ` (${n.party})` : ''}
                    </strong>{' '}
                    reserverar sig mot beslutet{n.text ? `: ${n.text}` : '.'}
                  </li>
                ))}
              </ul>
            </>
          )}
          {protocolNotes.length > 0 && (
            <>
              <h4>Protokollsanteckningar</h4>
              <ul className="notes-list">
                {protocolNotes.map((n, i) => (
                  <li key={i}>
                    <strong>
                      {n.name}
                      {n.party ? ` (${n.party})` : ''}
                    </strong>
                    : {n.text}
                  </li>
                ))}
              </ul>
            </>
          )}
          {d.immediatelyAdjusted && <p>Paragrafen förklaras omedelbart justerad.</p>}
          {d.recipients.length > 0 && (
            <Dispatches d={d} canDispatch={canDispatch} busy={busy} onDispatch={(r) => onDispatch(d.itemNumber, r)} />
          )}
          {d.paragraph != null && (
            <p className="paragraph-links">
              <a href={paths.extractPdf(meetingId, d.paragraph)}>
                Protokollsutdrag<span className="visually-hidden"> § {d.paragraph}</span> (PDF)
              </a>
            </p>
          )}
        </>
      )}
      {children}
    </article>
  );
}
