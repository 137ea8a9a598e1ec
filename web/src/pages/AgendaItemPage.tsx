/** Ärende på föredragningslistan. (Placeholder registered in App.tsx; filled by issue 14's work.) */
export function AgendaItemPage(props: { meetingId: string; itemId: string }) {
  void props;
  return <h1>Ärende på föredragningslistan</h1>;
}
