/** Ärende på föredragningslistan: föredragnings-PM:et som formulär och punktens beslutsunderlag. */
import { Link } from '../router.tsx';
import { useApi } from '../useApi.ts';
import { MemoEditor } from '../components/MemoEditor.tsx';
import { UnderlagPanel } from '../components/UnderlagPanel.tsx';

interface Meeting {
  id: number;
  bodyName: string;
  date: string;
  items: Array<{ id: number; number: number; title: string; caseNumber: string | null; decisionBasis: Array<{ id: number; title: string; secrecyRef?: string | null; version?: number }> }>;
}

export function AgendaItemPage(props: { meetingId: string; itemId: string }) {
  const meeting = useApi<Meeting>(`/api/meetings/${props.meetingId}`);
  if (meeting.status === 'error') return <p role="alert">{meeting.error.message}</p>;
  if (meeting.status !== 'ok') return <p>Hämtar punkten …</p>;
  const item = meeting.data.items.find((i) => String(i.id) === props.itemId);
  if (!item) return <p role="alert">Punkten finns inte på det här sammanträdet.</p>;
  return (
    <article>
      <p>
        <Link href={`/sammantraden/${props.meetingId}`}>
          {meeting.data.bodyName} {meeting.data.date}
        </Link>
      </p>
      <h1>
        Punkt {item.number}: {item.title}
      </h1>
      {item.caseNumber ? <p>Dnr {item.caseNumber}</p> : null}
      <MemoEditor itemId={props.itemId} />
      <UnderlagPanel itemId={props.itemId} decisionBasis={item.decisionBasis} onChanged={() => meeting.reload()} />
    </article>
  );
}
