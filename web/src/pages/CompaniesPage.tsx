/** Owned companies and foundations (issue 21.3) (placeholder: filled in by its issue). */
export function CompaniesPage(_props: { id?: string }) {
  return <h1>Ägda bolag och stiftelser</h1>;
}
