/**
 * Arkivleverans (issue 21.5), for nämndsekreterare and administrators: choose
 * a body and one of its meetings or a year, see what the FGS/E-ARK package
 * will hold (the sent kallelse as PDF/A, the adjusted protokoll, its extracts, the
 * beslutsunderlag, secret documents with their mark, meetings of the year
 * left out and why), download it – each download is a recorded delivery –
 * and read the deliveries made. The archive's identifiers are shown as
 * configured (docs/archive.md).
 */
import { useId, useState } from 'react';
import { archiveApi, type ArchiveSettings } from '../../../src/archive/contract.ts';
import type { ReplyOf } from '../../../src/kernel/contract.ts';
import type { BodySummary, MeetingSummary } from '../../../src/http/contract.ts';
import { sendForFile } from '../api.ts';
import { useSubmit } from '../components/form.tsx';
import { Loaded } from '../components/Status.tsx';
import { useSession } from '../session.tsx';
import { useApi, useTitle } from '../useApi.ts';
import { pathOf } from '../client.ts';

const FORGET = '/api/arkiv/leveranser';

const CONFIG_ROWS: Array<[keyof ArchiveSettings['config'], string, string]> = [
  ['creator', 'Arkivbildare', 'ARCHIVE_CREATOR'],
  ['creatorId', 'Arkivbildarens identitet (organisationsnummer)', 'ARCHIVE_CREATOR_ID'],
  ['archive', 'Mottagande arkiv', 'ARCHIVE_NAME'],
  ['archiveId', 'Arkivets identitet', 'ARCHIVE_ID'],
  ['system', 'Systemnamn', 'ARCHIVE_SYSTEM'],
  ['agreement', 'Leveransöverenskommelse', 'ARCHIVE_AGREEMENT'],
  ['referenceCode', 'Referenskod', 'ARCHIVE_REFERENCE_CODE'],
];

function bytes(n: number | null): string {
  if (n === null) return 'skapas vid leveransen';
  if (n < 1024) return `${n} byte`;
  if (n < 1024 * 1024) return `${(n / 1024).toLocaleString('sv-SE', { maximumFractionDigits: 0 })} kB`;
  return `${(n / 1024 / 1024).toLocaleString('sv-SE', { maximumFractionDigits: 1 })} MB`;
}

const stockholm = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });

export function ArchivePage(_props: { id?: string }) {
  useTitle('Arkivleverans');
  const { user } = useSession();
  const allowed = Boolean(user?.roles.some((r) => r === 'secretary' || r === 'admin'));
  if (!allowed) {
    return (
      <>
        <h1>Arkivleverans</h1>
        <p className="alert alert-error" role="alert">
          {user ? 'Arkivleveranser görs av nämndsekreterare och administratörer.' : 'Logga in som nämndsekreterare eller administratör för att leverera till e-arkivet.'}
        </p>
      </>
    );
  }
  return <ArchiveDelivery />;
}

function ArchiveDelivery() {
  const ids = useId();
  const bodies = useApi<BodySummary[]>('/api/bodies');
  const settings = useApi<ReplyOf<typeof archiveApi.settings>>(pathOf(archiveApi.settings));
  const [bodyId, setBodyId] = useState<number | null>(null);
  const [scope, setScope] = useState<'meeting' | 'year'>('meeting');
  const [meetingId, setMeetingId] = useState<number | null>(null);
  const [year, setYear] = useState<number | null>(null);
  const chosenBody = bodyId ?? (bodies.status === 'ok' && bodies.data.length === 1 ? bodies.data[0]!.id : null);
  const meetings = useApi<MeetingSummary[]>(chosenBody ? `/api/meetings?bodyId=${chosenBody}` : null);
  const years = meetings.status === 'ok' ? [...new Set(meetings.data.map((m) => Number(m.date.slice(0, 4))))].sort((a, b) => b - a) : [];
  const chosen = chosenBody && (scope === 'meeting' ? meetingId : year) ? { bodyId: chosenBody, ...(scope === 'meeting' ? { meetingId } : { year }) } : null;
  const plan = useApi<ReplyOf<typeof archiveApi.plan>>(chosen ? pathOf(archiveApi.plan, undefined, chosen) : null);
  const deliveries = useApi<ReplyOf<typeof archiveApi.deliveries>>(pathOf(archiveApi.deliveries, undefined, { bodyId: chosenBody }));
  const [done, setDone] = useState<string | null>(null);
  const submit = useSubmit<{ fileName: string }>({
    fallback: 'Det gick inte att skapa leveranspaketet. Försök igen.',
    onDone: (r) => {
      setDone(`Leveranspaketet ${r.fileName} är skapat och leveransen registrerad.`);
      deliveries.reload();
    },
  });

  return (
    <>
      <h1>Arkivleverans</h1>
      <p className="lead">
        Ett justerat sammanträde, eller en nämnds hela år, som leveranspaket till e-arkivet enligt FGS Paketstruktur (E-ARK SIP med METS och PREMIS): kallelsen i den version som skickades och det
        justerade protokollet med utdragen som PDF/A, beslutsunderlagen som de laddades upp. Sekretessmarkerade handlingar följer med sin markering.
      </p>

      <section aria-labelledby={`${ids}-config`}>
        <h2 id={`${ids}-config`}>Arkivets identiteter</h2>
        <Loaded state={settings}>
          {(s) => (
            <>
              {s.problems.map((p) => (
                <p key={p} className="alert alert-error" role="alert">
                  {p}
                </p>
              ))}
              <dl className="facts">
                {CONFIG_ROWS.map(([key, label, variable]) => (
                  <div key={key}>
                    <dt>{label}</dt>
                    <dd>
                      {s.config[key] ?? <em>inte angivet</em>} <span className="muted">({variable})</span>
                    </dd>
                  </div>
                ))}
              </dl>
            </>
          )}
        </Loaded>
      </section>

      <section aria-labelledby={`${ids}-choose`}>
        <h2 id={`${ids}-choose`}>Välj vad som ska levereras</h2>
        <Loaded state={bodies}>
          {(list) => (
            <div className="form-grid">
              <div className="field">
                <label htmlFor={`${ids}-body`}>Nämnd</label>
                <select
                  id={`${ids}-body`}
                  value={chosenBody ?? ''}
                  onChange={(e) => {
                    setBodyId(e.target.value ? Number(e.target.value) : null);
                    setMeetingId(null);
                    setYear(null);
                    setDone(null);
                  }}
                >
                  <option value="">Välj nämnd</option>
                  {list.map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.name}
                    </option>
                  ))}
                </select>
              </div>
              <fieldset className="field">
                <legend>Leverans</legend>
                <label>
                  <input type="radio" name={`${ids}-scope`} checked={scope === 'meeting'} onChange={() => setScope('meeting')} /> Ett sammanträde
                </label>{' '}
                <label>
                  <input type="radio" name={`${ids}-scope`} checked={scope === 'year'} onChange={() => setScope('year')} /> Ett helt år
                </label>
              </fieldset>
              {chosenBody && scope === 'meeting' && (
                <div className="field">
                  <label htmlFor={`${ids}-meeting`}>Sammanträde</label>
                  <select id={`${ids}-meeting`} value={meetingId ?? ''} onChange={(e) => (setMeetingId(e.target.value ? Number(e.target.value) : null), setDone(null))}>
                    <option value="">Välj sammanträde</option>
                    {meetings.status === 'ok' &&
                      [...meetings.data]
                        .sort((a, b) => b.date.localeCompare(a.date))
                        .map((m) => (
                          <option key={m.id} value={m.id}>
                            {m.date}
                            {m.cancelled ? ' (inställt)' : ''}
                          </option>
                        ))}
                  </select>
                </div>
              )}
              {chosenBody && scope === 'year' && (
                <div className="field">
                  <label htmlFor={`${ids}-year`}>År</label>
                  <select id={`${ids}-year`} value={year ?? ''} onChange={(e) => (setYear(e.target.value ? Number(e.target.value) : null), setDone(null))}>
                    <option value="">Välj år</option>
                    {years.map((y) => (
                      <option key={y} value={y}>
                        {y}
                      </option>
                    ))}
                  </select>
                </div>
              )}
            </div>
          )}
        </Loaded>
      </section>

      {chosen && (
        <section aria-labelledby={`${ids}-plan`}>
          <h2 id={`${ids}-plan`}>Paketets innehåll</h2>
          {plan.status === 'error' ? (
            <p className="alert alert-error" role="alert">
              {plan.error.message}
            </p>
          ) : (
            <Loaded state={plan} loading="innehållet">
              {(p) => (
                <>
                  <p>
                    <strong>{p.label}</strong>: {p.documents.length} dokument
                    {p.secretCount > 0 ? `, varav ${p.secretCount} sekretessmarkerade` : ''}. Filen heter {p.fileName}.
                  </p>
                  {p.warnings.map((w) => (
                    <p key={w} className="alert">
                      {w}
                    </p>
                  ))}
                  {p.excluded.length > 0 && (
                    <>
                      <h3>Sammanträden som inte levereras</h3>
                      <ul>
                        {p.excluded.map((x) => (
                          <li key={x.id}>
                            {x.date}: {x.reason}
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                  <table>
                    <caption>Dokument i paketet</caption>
                    <thead>
                      <tr>
                        <th scope="col">Sammanträde</th>
                        <th scope="col">Typ</th>
                        <th scope="col">Dokument</th>
                        <th scope="col">Storlek</th>
                        <th scope="col">Sekretess</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.documents.map((d, i) => (
                        <tr key={i}>
                          <td>{d.meetingDate}</td>
                          <td>{d.kindLabel}</td>
                          <td>{d.label}</td>
                          <td>{bytes(d.byteSize)}</td>
                          <td>{d.secrecyRef ?? '–'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {done && (
                    <p className="alert alert-success" role="status">
                      {done}
                    </p>
                  )}
                  {submit.error && (
                    <p className="alert alert-error" role="alert">
                      {submit.error}
                    </p>
                  )}
                  <p className="actions">
                    <button
                      type="button"
                      disabled={submit.busy || (settings.status === 'ok' && settings.data.problems.length > 0)}
                      onClick={() => void submit.run(() => sendForFile('/api/arkiv/leveranser', scope === 'meeting' ? { bodyId: chosenBody, meetingId } : { bodyId: chosenBody, year }, FORGET))}
                    >
                      {submit.busy ? 'Skapar leveranspaketet …' : 'Skapa och ladda ned leveranspaketet'}
                    </button>
                  </p>
                </>
              )}
            </Loaded>
          )}
        </section>
      )}

      <section aria-labelledby={`${ids}-log`}>
        <h2 id={`${ids}-log`}>Gjorda leveranser</h2>
        <Loaded state={deliveries}>
          {(list) =>
            list.length === 0 ? (
              <p>Inga leveranser är gjorda{chosenBody ? ' för nämnden' : ''}.</p>
            ) : (
              <table>
                <caption>Leveranser, senaste först</caption>
                <thead>
                  <tr>
                    <th scope="col">Skapad</th>
                    <th scope="col">Av</th>
                    <th scope="col">Omfattning</th>
                    <th scope="col">Dokument</th>
                    <th scope="col">Storlek</th>
                    <th scope="col">Paketets id</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((d) => (
                    <tr key={d.id}>
                      <td>{stockholm(d.createdAt)}</td>
                      <td>{d.createdBy.replace(/^user:/, '')}</td>
                      <td>{d.fileName}</td>
                      <td>
                        {d.fileCount}
                        {d.secretCount ? ` (${d.secretCount} sekretessmarkerade)` : ''}
                      </td>
                      <td>{bytes(d.byteSize)}</td>
                      <td>
                        <code>{d.packageId}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </Loaded>
      </section>
    </>
  );
}
