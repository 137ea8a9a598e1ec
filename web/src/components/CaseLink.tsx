import { Link } from '../router.tsx';

/** A diarienummer as a link to its case page. */
export function CaseLink({ caseNumber }: { caseNumber: string }) {
  return (
    <Link className="dnr" href={`/arenden/${encodeURIComponent(caseNumber)}`}>
      {caseNumber}
    </Link>
  );
}
