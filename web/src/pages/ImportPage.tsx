/** Import of kallelser (issue 18.8) (placeholder: filled in by its issue). */
export function ImportPage(_props: { id?: string }) {
  return <h1>Import</h1>;
}
