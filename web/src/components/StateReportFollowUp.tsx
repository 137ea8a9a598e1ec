/**
 * Under a heading of the state report: what the year's follow-up reports give
 * it (issue 17.4) – the comment and outcome of each goal or styrtal pointing to
 * the heading, read from the report where they were written (no copy).
 */
import type { StateReportFollowUp } from '../../../src/steering/yearView.ts';
import { useApi } from '../useApi.ts';
import { FollowUpTextItem } from '../pages/YearFollowUpPage.tsx';

export function StateReportFollowUpFor({ year, headingKey }: { year: number; headingKey: string }) {
  const state = useApi<StateReportFollowUp>(`/api/follow-up/years/${year}/state-report`);
  if (state.status !== 'ok') return null;
  const texts = state.data.sections[headingKey] ?? [];
  if (!texts.length) return null;
  return (
    <div className="state-report-follow-up">
      <p className="meta">Ur uppföljningen av verksamhetsplanen:</p>
      <ul aria-label={`Ur uppföljningen, avsnitt ${headingKey}`}>
        {texts.map((t) => (
          <FollowUpTextItem key={t.itemId} t={t} />
        ))}
      </ul>
    </div>
  );
}
