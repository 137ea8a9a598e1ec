/**
 * /uppfoljning/:year – one view of a year's follow-up (issue 17.4): the
 * plans and their delårsrapport and verksamhetsberättelse, the state
 * report's headings with the narrative written under them and the follow-up
 * entries that feed them (read from the reports, never copied), and the
 * internal control in brief. Editors point a goal, mål or styrtal to the
 * heading it belongs to.
 */
import { useState, type FormEvent } from 'react';
import type { FollowUpText, YearView } from '../../../src/steering/yearView.ts';
import { send } from '../api.ts';
import { errorText } from '../components/minutes/shared.ts';
import { Loaded } from '../components/Status.tsx';
import { Field } from '../components/form.tsx';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useApi, useTitle } from '../useApi.ts';

const canEdit = (roles: string[] | undefined) => Boolean(roles?.some((r) => ['case-officer', 'secretary', 'admin'].includes(r)));

export function FollowUpTextItem({ t }: { t: FollowUpText }) {
  const value = t.outcomeValue !== null ? `${t.outcomeValue.replace('.', ',')}${t.outcomeUnit ? ` ${t.outcomeUnit}` : ''}` : null;
  return (
    <li className="follow-up-text">
      <strong>
        {t.kindLabel}
        {t.number ? ` ${t.number}` : ''}: {t.text}
      </strong>{' '}
      <span className="meta">
        ({t.statusLabel}
        {value && `, utfall ${value}`}; ur <Link href={`/verksamhetsplan/rapporter/${t.reportId}`}>{t.reportName.toLowerCase()}</Link>)
      </span>
      {t.outcome && <p>Utfall: {t.outcome}</p>}
      {t.comment && <p>{t.comment}</p>}
    </li>
  );
}

function LinkItemForm({ view, headingKey, onSaved }: { view: YearView; headingKey: string; onSaved: () => void }) {
  const [itemId, setItemId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const candidates = view.items.filter((i) => i.section !== headingKey);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const item = view.items.find((i) => String(i.id) === itemId);
    if (!item) return;
    setError(null);
    try {
      await send('PUT', `/api/plan-items/${item.id}/state-report-section`, { section: headingKey, version: item.version }, '/api/follow-up', '/api/plans');
      setItemId('');
      onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };
  if (!candidates.length) return null;
  return (
    <form className="inline-form" onSubmit={submit}>
      <Field inline label={`Koppla en post till avsnitt ${headingKey}`}>
        <select value={itemId} onChange={(e) => setItemId(e.target.value)}>
          <option value="">välj mål eller styrtal</option>
          {candidates.map((i) => (
            <option key={i.id} value={i.id}>
              {i.kindLabel}
              {i.number ? ` ${i.number}` : ''}: {i.text.length > 90 ? `${i.text.slice(0, 89)}…` : i.text}
              {i.section ? ` (nu ${i.section})` : ''}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" className="button button-secondary button-small" disabled={!itemId}>
        Koppla
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

export function YearFollowUpPage({ year }: { year: string }) {
  useTitle(`Uppföljning ${year}`);
  const { user } = useSession();
  const state = useApi<YearView>(user ? `/api/follow-up/years/${encodeURIComponent(year)}` : null);
  const edit = canEdit(user?.roles);
  return (
    <div>
      <h1>Uppföljning {year}</h1>
      <p className="lead">Ett underlag för delårsrapporten, verksamhetsberättelsen och återrapporteringen till staten: det som skrivs en gång i uppföljningen visas där det hör hemma.</p>
      {user === null && <p className="alert alert-warning">Logga in för att se årets uppföljning.</p>}
      {user && (
        <Loaded state={state} loading="Hämtar årets uppföljning …">
          {(v) => (
            <>
              <h2>Verksamhetsplaner och rapporter</h2>
              {v.plans.length === 0 && <p>Ingen verksamhetsplan för {v.year}.</p>}
              <ul>
                {v.plans.map((p) => (
                  <li key={p.id}>
                    <Link href={`/verksamhetsplan/${p.id}`}>{p.title}</Link> – {p.bodyName}
                    {p.reports.length > 0 && (
                      <ul>
                        {p.reports.map((r) => (
                          <li key={r.id}>
                            <Link href={`/verksamhetsplan/rapporter/${r.id}`}>{r.name}</Link> ({r.state === 'open' ? 'öppen' : r.state === 'submitted' ? 'inlämnad' : 'låst'})
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
              {v.control && (
                <>
                  <h2>Internkontroll</h2>
                  <ul>
                    {v.control.map((c) => (
                      <li key={c.id}>
                        <Link href={`/internkontroll?plan=${c.id}`}>{c.title}</Link>: {c.risks} risker, varav {c.open} öppna; {c.done} av {c.actions} åtgärder avslutade
                      </li>
                    ))}
                  </ul>
                </>
              )}
              <h2>Återrapporteringen {v.year}</h2>
              <p>
                <Link href={`/aterrapportering/${v.year}`}>Öppna återrapporteringen</Link>
              </p>
              {v.headings
                .filter((h) => !h.group)
                .map((h) => (
                  <section key={h.key} aria-labelledby={`rubrik-${h.key}`} className="year-heading">
                    <h3 id={`rubrik-${h.key}`}>
                      {h.key} {h.title}
                    </h3>
                    {h.narrative && <p className="narrative">{h.narrative}</p>}
                    {h.followUp.length > 0 && (
                      <ul aria-label={`Ur uppföljningen, avsnitt ${h.key}`}>
                        {h.followUp.map((t) => (
                          <FollowUpTextItem key={t.itemId} t={t} />
                        ))}
                      </ul>
                    )}
                    {edit && <LinkItemForm view={v} headingKey={h.key} onSaved={state.reload} />}
                  </section>
                ))}
            </>
          )}
        </Loaded>
      )}
    </div>
  );
}
