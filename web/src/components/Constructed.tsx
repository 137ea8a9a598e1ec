/**
 * The label for figures made up for the demo (issue 17.3), from the flag the
 * API sets (budget: illustrativeInputs, series and plans: constructed); the
 * xlsx exports put the same words in their first row. And the download link
 * for a page's workbook (issue 17.7).
 */
import type { ReactNode } from 'react';

export function ConstructedNote({ children }: { children: ReactNode }) {
  return (
    <p className="warnings constructed-note">
      <strong>Konstruerade exempelvärden.</strong> {children}
    </p>
  );
}

export function XlsxLink({ href }: { href: string }) {
  return (
    <p>
      <a className="button button-secondary" href={href} download>
        Ladda ner som Excel (xlsx)
      </a>
    </p>
  );
}
