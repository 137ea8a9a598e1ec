/** Beslutsunderlag: ladda upp PDF:er (dra och släpp, flera åt gången, förlopp), ordna, byt namn, sekretessmarkera och ta bort. */
import { useState, type DragEvent } from 'react';
import { api, send } from '../api.ts';
import { useApi } from '../useApi.ts';
import { SecrecyControl } from './SecrecyControl.tsx';

interface Attachment {
  id: number;
  decisionBasisId: number | null;
  title: string;
  fileName: string;
  pageCount: number | null;
  version: number;
  secrecyRef: string | null;
  url: string;
}
interface Basis {
  id: number;
  title: string;
  secrecyRef?: string | null;
  version?: number;
}
interface Upload {
  name: string;
  percent: number;
  error: string | null;
}

/** One file through XMLHttpRequest, for its upload progress. */
function uploadOne(itemId: string, file: File, csrf: string | null, onProgress: (p: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/agenda-items/${itemId}/attachments`);
    xhr.setRequestHeader('accept', 'application/json');
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      let msg = `Uppladdningen av ${file.name} misslyckades.`;
      try {
        msg = JSON.parse(xhr.responseText).error.message ?? msg;
      } catch {
        /* not JSON */
      }
      reject(new Error(msg));
    };
    xhr.onerror = () => reject(new Error(`Uppladdningen av ${file.name} avbröts. Kontrollera anslutningen och försök igen.`));
    const body = new FormData();
    body.append('file', file, file.name);
    xhr.send(body);
  });
}

export function UnderlagPanel({ itemId, decisionBasis, onChanged }: { itemId: string; decisionBasis: Basis[]; onChanged?: () => void }) {
  const listUrl = `/api/agenda-items/${itemId}/attachments`;
  const list = useApi<Attachment[]>(listUrl);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [editing, setEditing] = useState<Record<number, string>>({});
  const [over, setOver] = useState(false);
  const items = list.status === 'ok' ? list.data : [];

  const refresh = () => {
    list.reload();
    onChanged?.();
  };
  async function doing(what: () => Promise<unknown>, done: string) {
    setMessage(null);
    try {
      await what();
      setMessage({ ok: true, text: done });
    } catch (e) {
      setMessage({ ok: false, text: e instanceof Error ? e.message : 'Det gick inte.' });
    }
    refresh();
  }

  async function uploadAll(files: File[]) {
    if (!files.length) return;
    const { csrfToken } = await api.session();
    setUploads(files.map((f) => ({ name: f.name, percent: 0, error: null })));
    let ok = 0;
    for (const [n, f] of files.entries()) {
      const mark = (u: Partial<Upload>) => setUploads((xs) => xs.map((x, i) => (i === n ? { ...x, ...u } : x)));
      try {
        await uploadOne(itemId, f, csrfToken, (p) => mark({ percent: p }));
        mark({ percent: 100 });
        ok++;
      } catch (e) {
        mark({ error: e instanceof Error ? e.message : 'Misslyckades.' });
      }
    }
    setMessage({ ok: ok === files.length, text: `${ok} av ${files.length} filer uppladdade.` });
    refresh();
  }
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void uploadAll([...e.dataTransfer.files]);
  };
  const move = (n: number, d: -1 | 1) => {
    const ids = items.map((a) => a.id);
    [ids[n], ids[n + d]] = [ids[n + d]!, ids[n]!];
    void doing(() => send('PUT', `${listUrl}/order`, { ids }, listUrl), 'Ordningen är sparad.');
  };
  const have = new Set(items.map((a) => a.title.trim().toLowerCase()));
  const missing = decisionBasis.filter((b) => !have.has(b.title.trim().toLowerCase()) && !/^föredragnings-?pm\b/i.test(b.title));

  return (
    <section aria-labelledby="underlag-heading">
      <h2 id="underlag-heading">Beslutsunderlag</h2>
      {missing.length ? (
        <div role="note">
          <p><strong>Saknas:</strong> dessa handlingar står på föredragningslistan men har ingen fil.</p>
          <ul>
            {missing.map((b) => (
              <li key={b.id}>
                {b.title} (saknas)
                <SecrecyControl url={`/api/decision-basis/${b.id}/secrecy`} what={`handlingen ${b.title}`} current={b.secrecyRef} version={b.version} onSaved={refresh} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ol>
        {items.map((a, n) => (
          <li key={a.id}>
            {editing[a.id] !== undefined ? (
              <form onSubmit={(e) => { e.preventDefault(); const title = editing[a.id]!; setEditing((x) => { const { [a.id]: _, ...rest } = x; return rest; }); void doing(() => send('PUT', `/api/attachments/${a.id}/title`, { title, version: a.version }, listUrl), 'Namnet är sparat.'); }}>
                <label>
                  Nytt namn på {a.title}
                  <input value={editing[a.id]} onChange={(e) => setEditing({ ...editing, [a.id]: e.target.value })} />
                </label>
                <button type="submit">Spara namn</button>
              </form>
            ) : (
              <>
                <a href={a.url}>{a.title}</a> ({a.fileName}{a.pageCount ? `, ${a.pageCount} s.` : ''}){a.secrecyRef ? ` – sekretess enligt ${a.secrecyRef}` : ''}{' '}
                <button type="button" onClick={() => setEditing({ ...editing, [a.id]: a.title })}>Byt namn på {a.title}</button>
              </>
            )}
            <button type="button" aria-label={`Flytta upp ${a.title}`} disabled={n === 0} onClick={() => move(n, -1)}>↑</button>
            <button type="button" aria-label={`Flytta ned ${a.title}`} disabled={n === items.length - 1} onClick={() => move(n, 1)}>↓</button>
            <button type="button" onClick={() => { if (window.confirm(`Ta bort ${a.title}?`)) void doing(() => send('DELETE', `/api/attachments/${a.id}?version=${a.version}`, undefined, listUrl), `${a.title} är borttagen.`); }}>Ta bort {a.title}</button>
            {a.decisionBasisId !== null ? (
              <SecrecyControl url={`/api/decision-basis/${a.decisionBasisId}/secrecy`} what={`handlingen ${a.title}`} current={decisionBasis.find((b) => b.id === a.decisionBasisId)?.secrecyRef} version={decisionBasis.find((b) => b.id === a.decisionBasisId)?.version} onSaved={refresh} />
            ) : null}
          </li>
        ))}
      </ol>
      <div
        className={over ? 'dropzone dropzone-over' : 'dropzone'}
        onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>Dra och släpp PDF-filer här, eller</p>
        <label>
          Välj filer att ladda upp
          <input type="file" multiple accept="application/pdf,.pdf,.docx" onChange={(e) => void uploadAll([...(e.target.files ?? [])])} />
        </label>
      </div>
      {uploads.length ? (
        <ul aria-label="Uppladdningar">
          {uploads.map((u, i) => (
            <li key={i}>
              {u.name}: <progress max={100} value={u.percent} aria-label={`Uppladdning av ${u.name}`} /> {u.percent} %{u.error ? <span role="alert"> {u.error}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {message ? <p role={message.ok ? 'status' : 'alert'}>{message.text}</p> : null}
    </section>
  );
}
