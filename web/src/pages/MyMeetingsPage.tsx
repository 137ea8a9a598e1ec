/** Mina sammanträden (issue 14.7). (Placeholder routed in App.tsx.) */
export function MyMeetingsPage() {
  return <h1>Mina sammanträden</h1>;
}
