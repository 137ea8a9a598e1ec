/** Remisser (issue 21.1): the register at /remisser, one remiss at /remisser/:id. (Placeholder routed in App.tsx.) */
export function RemissPage(props: { id?: string }) {
  void props;
  return <h1>Remisser</h1>;
}
