/** /anslagstavla – the digital notice board: adjusted minutes posted, with the appeal period. */
import type { NoticeView } from '../../../src/http/contract.ts';
import { Loaded } from '../components/Status.tsx';
import { Link } from '../router.tsx';
import { useApi, useTitle } from '../useApi.ts';

export function NoticeBoardPage() {
  useTitle('Anslagstavla');
  const state = useApi<NoticeView[]>('/api/notice-board');
  return (
    <>
      <h1>Anslagstavla</h1>
      <p>Tillkännagivanden om justerade protokoll. Ett beslut kan överklagas under den tid anslaget sitter uppe.</p>
      <Loaded state={state}>
        {(notices) =>
          notices.length === 0 ? (
            <p>Inga anslag just nu.</p>
          ) : (
            <ul className="notices">
              {notices.map((n) => (
                <li key={n.meetingId} className="item">
                  <h2>
                    <Link href={`/sammantraden/${n.meetingId}/protokoll`}>{n.bodyName}, sammanträde {n.meetingDate}</Link>
                  </h2>
                  <dl className="meta">
                    <div><dt>Paragrafer:</dt><dd>{n.paragraphs}</dd></div>
                    {n.adjustedOn && <div><dt>Justerat:</dt><dd>{n.adjustedOn}</dd></div>}
                    <div><dt>Anslaget:</dt><dd>{n.postedOn}</dd></div>
                    <div><dt>Tas ned:</dt><dd>{n.takenDownOn ?? `tidigast dagen efter ${n.appealLastDay}`}</dd></div>
                    <div><dt>Sista dag att överklaga:</dt><dd>{n.appealLastDay}</dd></div>
                    <div><dt>Protokollet förvaras:</dt><dd>{n.keptAt}</dd></div>
                  </dl>
                  <p>{n.howToAppeal}</p>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}
