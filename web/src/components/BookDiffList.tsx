/** What changed in the kallelse between two versions: items added, removed and changed (the secretary's book panel and a member's "ändrat sedan du läste"). */
import type { BookDiff } from '../../../src/documents/model.ts';

export const hasChanges = (d: BookDiff | null | undefined): d is BookDiff => Boolean(d && (d.added.length || d.removed.length || d.changed.length || d.meeting.length));

export function BookDiffList({ diff }: { diff: BookDiff }) {
  return (
    <ul className="changes">
      {diff.meeting.map((c) => <li key={`m${c.label}`}>Ändrat i kallelsen: {c.label}</li>)}
      {diff.added.map((i) => <li key={`a${i.number}`}>Ny punkt {i.number}: {i.title}</li>)}
      {diff.removed.map((i) => <li key={`r${i.number}`}>Borttagen punkt {i.number}: {i.title}</li>)}
      {diff.changed.map((i) => <li key={`c${i.number}`}>Ändrad punkt {i.number}: {i.title} ({i.changes.map((c) => c.label).join(', ')})</li>)}
    </ul>
  );
}
