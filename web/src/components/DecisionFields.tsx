/** The meeting and body pickers of the decision forms (DecisionPanel, DecisionChanges). */
import { useId } from 'react';
import type { MeetingSummary } from '../../../src/http/contract.ts';
import { paths } from '../api.ts';
import { useApi } from '../useApi.ts';

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });

export function MeetingSelect({ label, value, onChange, exclude }: { label: string; value: string; onChange(v: string, date: string | null): void; exclude?: number | null }) {
  const id = useId();
  const state = useApi<MeetingSummary[]>(paths.meetings({ from: today() }));
  const list = state.status === 'ok' ? [...state.data].filter((m) => m.id !== exclude).sort((a, b) => a.date.localeCompare(b.date)) : [];
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value, list.find((m) => String(m.id) === e.target.value)?.date ?? null)} required>
        <option value="">{state.status === 'loading' ? 'Laddar sammanträden …' : list.length ? 'Välj sammanträde' : 'Inga kommande sammanträden'}</option>
        {list.map((m) => (
          <option key={m.id} value={m.id}>
            {m.bodyName} {m.date}
            {m.place ? `, ${m.place}` : ''}
          </option>
        ))}
      </select>
    </div>
  );
}

export function BodySelect({ value, onChange }: { value: string; onChange(v: string): void }) {
  const id = useId();
  const state = useApi<Array<{ id: number; name: string }>>(paths.bodies());
  const list = state.status === 'ok' ? state.data : [];
  return (
    <div className="field">
      <label htmlFor={id}>Nämnd (delegationsordning)</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} required>
        <option value="">Välj nämnd</option>
        {list.map((b) => (
          <option key={b.id} value={b.id}>
            {b.name}
          </option>
        ))}
      </select>
    </div>
  );
}
