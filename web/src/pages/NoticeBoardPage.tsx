/** /anslagstavla – the digital notice board: adjusted minutes posted, with the appeal period and how to appeal. */
import type { NoticeView } from '../../../src/http/contract.ts';
import { paths } from '../api.ts';
import { Loaded } from '../components/Status.tsx';
import { spokenDate } from '../format.ts';
import { Link } from '../router.tsx';
import { useApi, useTitle } from '../useApi.ts';

function Notice({ n }: { n: NoticeView }) {
  const headingId = `anslag-${n.meetingId}`;
  const spoken = spokenDate(n.meetingDate);
  return (
    <li>
      <article className="item notice-item" aria-labelledby={headingId}>
        <h2 id={headingId}>
          <Link href={`/sammantraden/${n.meetingId}/protokoll`}>
            {n.bodyName}, sammanträde {n.meetingDate}
          </Link>
        </h2>
        <p className="notice-kind">Tillkännagivande om justerat protokoll</p>
        <dl className="facts">
          <div>
            <dt>Organ</dt>
            <dd>{n.bodyName}</dd>
          </div>
          <div>
            <dt>Sammanträdesdatum</dt>
            <dd>
              <span className="date">{n.meetingDate}</span>
              {spoken && <span className="weekday"> ({spoken})</span>}
            </dd>
          </div>
          <div>
            <dt>Paragrafer</dt>
            <dd>{n.paragraphs || <span className="muted">–</span>}</dd>
          </div>
          <div>
            <dt>Justerat</dt>
            <dd>{n.adjustedOn ?? <span className="muted">–</span>}</dd>
          </div>
          <div>
            <dt>Anslaget</dt>
            <dd>
              <span className="date">{n.postedOn}</span>
            </dd>
          </div>
          <div>
            <dt>Tas ned</dt>
            <dd>{n.takenDownOn ? <span className="date">{n.takenDownOn}</span> : `sitter uppe (tas ned tidigast dagen efter ${n.appealLastDay})`}</dd>
          </div>
          <div>
            <dt>Sista dag att överklaga</dt>
            <dd>
              <strong className="date">{n.appealLastDay}</strong>
            </dd>
          </div>
          <div>
            <dt>Protokollet förvaras</dt>
            <dd>{n.keptAt}</dd>
          </div>
        </dl>
        <h3>Så överklagar du</h3>
        <p className="prose">{n.howToAppeal}</p>
        <p>
          <Link href={`/sammantraden/${n.meetingId}/protokoll`}>
            Läs protokollet<span className="visually-hidden"> från {n.bodyName} {n.meetingDate}</span>
          </Link>
          {' · '}
          <a href={paths.minutesPdf(n.meetingId)}>
            Protokollet som PDF<span className="visually-hidden">, {n.bodyName} {n.meetingDate}</span>
          </a>
        </p>
      </article>
    </li>
  );
}

export function NoticeBoardPage() {
  useTitle('Anslagstavla');
  const state = useApi<NoticeView[]>(paths.noticeBoard());
  return (
    <>
      <h1>Anslagstavla</h1>
      <p className="lead">
        Tillkännagivanden om justerade protokoll. Ett beslut kan överklagas inom tre veckor från den dag tillkännagivandet sattes upp; anslaget sitter
        uppe hela den tiden.
      </p>
      <Loaded state={state} loading="Laddar anslagstavlan …">
        {(notices) =>
          notices.length === 0 ? (
            <p>Inga anslag sitter uppe just nu.</p>
          ) : (
            <ul className="notices">
              {notices.map((n) => (
                <Notice key={n.meetingId} n={n} />
              ))}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}
