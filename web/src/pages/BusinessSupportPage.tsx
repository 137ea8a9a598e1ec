/** The business-support register (issue 16.6) (placeholder: filled in by its issue). */
export function BusinessSupportPage(_props: { id?: string }) {
  return <h1>Företagsstöd</h1>;
}
