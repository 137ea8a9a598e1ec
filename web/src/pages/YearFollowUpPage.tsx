/** Uppföljning per år (issue 17.4): one view of a year's follow-up – filled in by the follow-up part. */
import { useTitle } from '../useApi.ts';

export function YearFollowUpPage({ year }: { year: string }) {
  useTitle(`Uppföljning ${year}`);
  return (
    <div>
      <h1>Uppföljning {year}</h1>
    </div>
  );
}
