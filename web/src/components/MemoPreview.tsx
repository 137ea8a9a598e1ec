/** The item's briefing memo (FöredragningsPM), fetched when opened: the sections as text and the PDF. */
import { useState } from 'react';
import type { MemoView } from '../../../src/documents/types.ts';
import { ApiFailure, get } from '../api.ts';
import { paragraphs } from '../format.ts';

const SECTIONS: Array<[keyof MemoView['memo'], string]> = [
  ['summary', 'Sammanfattning'],
  ['description', 'Ärendebeskrivning'],
  ['assessment', 'Bedömning'],
  ['consequences', 'Konsekvenser för miljö-, barn- och jämställdhetsperspektiven'],
  ['economy', 'Ekonomiska konsekvenser'],
  ['followUp', 'Uppföljning'],
];

export function MemoPreview({ itemId }: { itemId: number }) {
  const [state, setState] = useState<{ memo?: MemoView; message?: string } | null>(null);
  const load = (open: boolean) => {
    if (!open || state) return;
    get<MemoView>(`/api/agenda-items/${itemId}/memo`).then(
      (memo) => setState({ memo }),
      (e: unknown) => setState({ message: e instanceof ApiFailure && e.status === 404 ? 'Det finns inget föredragnings-PM för punkten ännu.' : e instanceof ApiFailure ? e.message : 'Ett oväntat fel inträffade.' }),
    );
  };
  return (
    <details className="memo" onToggle={(e) => load((e.target as HTMLDetailsElement).open)}>
      <summary>Föredragnings-PM</summary>
      {!state && <p>Laddar …</p>}
      {state?.message && <p>{state.message}</p>}
      {state?.memo && (
        <div className="prose">
          <p className="muted">
            {state.memo.memo.unit}, {state.memo.memo.officer} · version {state.memo.version} · <a href={state.memo.pdfUrl}>Föredragnings-PM som PDF</a>
          </p>
          {SECTIONS.map(([key, label]) => {
            const text = state.memo!.memo[key];
            return typeof text === 'string' && text ? (
              <section key={key}>
                <h5>{label}</h5>
                {paragraphs(text).map((p, i) => <p key={i}>{p}</p>)}
              </section>
            ) : null;
          })}
          <p>{state.memo.memo.signatory.name}, {state.memo.memo.signatory.title}</p>
          {state.memo.memo.sendTo.length > 0 && <p>Skickas till: {state.memo.memo.sendTo.join(', ')}</p>}
        </div>
      )}
    </details>
  );
}
