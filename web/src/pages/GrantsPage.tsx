/** Grants to associations and foundations (issue 21.2) (placeholder: filled in by its issue). */
export function GrantsPage(_props: { id?: string }) {
  return <h1>Föreningsbidrag</h1>;
}
