/** Archive export (issue 21.5) (placeholder: filled in by its issue). */
export function ArchivePage(_props: { id?: string }) {
  return <h1>Arkivleverans</h1>;
}
