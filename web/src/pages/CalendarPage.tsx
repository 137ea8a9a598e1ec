/** Sammanträdesplan. (Placeholder registered in App.tsx; filled by issue 14's work.) */
export function CalendarPage(props: { id: string }) {
  void props;
  return <h1>Sammanträdesplan</h1>;
}
