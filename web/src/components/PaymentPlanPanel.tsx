/**
 * A granted co-financing's payment profile (issue 16.5): the payouts planned
 * per year and what was paid each year; staff who edit co-financing can set
 * the plan by hand (it must sum to the cap in force). The API is
 * PUT /api/cofinancing/:id/payment-plan.
 */
import { useState } from 'react';
import { formatKronor } from '../../../src/kernel/kronor.ts';
import type { ApplicationView } from '../../../src/funding/cofinancingService.ts';
import { cofinancingPaths, send } from '../api.ts';
import { MoneyField, useSubmit } from './form.tsx';

const kr = (ore: number) => formatKronor(ore, 'kr');

/** The years a plan may use: the project period's and the year after (the final claim). */
const planYears = (p: { start: string; end: string }) => {
  const from = Number(p.start.slice(0, 4));
  const to = Number(p.end.slice(0, 4)) + 1;
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
};

export function PaymentPlanPanel({ a, canEdit, reload }: { a: ApplicationView; canEdit: boolean; reload(): void }) {
  const plan = a.paymentPlan;
  const [editing, setEditing] = useState(false);
  const [values, setValues] = useState<Record<number, number | null>>({});
  const [invalid, setInvalid] = useState<Record<number, boolean>>({});
  const submit = useSubmit({ onDone: () => { setEditing(false); reload(); } });
  if (!plan || !a.current) return null;
  const years = planYears(a.current.period);
  const planned = (y: number) => plan.years.find((x) => x.year === y)?.plannedOre ?? 0;
  const sum = years.reduce((s, y) => s + (values[y] ?? 0), 0);
  const start = () => {
    setValues(Object.fromEntries(years.map((y) => [y, planned(y)])));
    setInvalid({});
    setEditing(true);
  };
  const save = () =>
    submit.run(() =>
      send('PUT', `${cofinancingPaths.application(a.id)}/payment-plan`, { years: years.map((y) => ({ year: y, amountOre: values[y] ?? 0 })), version: a.version }, cofinancingPaths.application(a.id), '/api/appropriation-profile', '/api/cofinancing-lists'),
    );
  return (
    <>
      <div className="table-wrap">
        <table className="table cofinancing-table">
          <caption>
            Betalningsplan: planerade utbetalningar per år{' '}
            {plan.custom ? '(angiven av handläggaren)' : plan.stale ? '(den angivna planen gällde tidigare villkor; fördelat efter projektperioden)' : '(fördelat efter projektperioden)'}
          </caption>
          <thead>
            <tr>
              <th scope="col">År</th>
              <th scope="col" className="num">Planerat</th>
              <th scope="col" className="num">Utbetalt</th>
            </tr>
          </thead>
          <tbody>
            {plan.years.map((y) => (
              <tr key={y.year}>
                <th scope="row">{y.year}</th>
                <td className="num">{kr(y.plannedOre)}</td>
                <td className="num">{kr(y.paidOre)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Summa</th>
              <td className="num">{kr(plan.years.reduce((s, y) => s + y.plannedOre, 0))}</td>
              <td className="num">{kr(plan.years.reduce((s, y) => s + y.paidOre, 0))}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      {canEdit && !editing && (
        <button type="button" className="button button-secondary button-small" onClick={start}>
          Ändra betalningsplanen
        </button>
      )}
      {editing && (
        <form
          className="tool"
          aria-label="Betalningsplan"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div className="field-row">
            {years.map((y) => (
              <MoneyField
                key={y}
                label={`Planerat ${y}`}
                value={values[y] ?? null}
                onChange={(ore, valid) => {
                  setValues((v) => ({ ...v, [y]: ore }));
                  setInvalid((v) => ({ ...v, [y]: !valid }));
                }}
              />
            ))}
          </div>
          <p className={sum === plan.capOre ? 'hint' : 'alert alert-warning'}>
            Summa {kr(sum)} av beviljat {kr(plan.capOre)}
            {sum !== plan.capOre && `: ${sum > plan.capOre ? 'minska' : 'öka'} med ${kr(Math.abs(sum - plan.capOre))}`}.
          </p>
          <button type="submit" className="button" disabled={submit.busy || Object.values(invalid).some(Boolean)}>
            Spara betalningsplanen
          </button>{' '}
          <button type="button" className="button button-secondary" onClick={() => setEditing(false)}>
            Avbryt
          </button>
          {submit.error && (
            <p className="alert alert-error" role="alert">
              {submit.error}
            </p>
          )}
        </form>
      )}
    </>
  );
}
