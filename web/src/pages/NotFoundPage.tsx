/** 404: an address the UI does not know, or something the server says does not exist. */
import { Link } from '../router.tsx';
import { useTitle } from '../useApi.ts';

export function NotFoundPage({ message }: { message?: string }) {
  useTitle('Sidan finns inte');
  return (
    <div className="not-found">
      <h1>Sidan finns inte</h1>
      <p>{message ?? 'Adressen finns inte i Styrbord. Kontrollera att den är rätt skriven.'}</p>
      <ul>
        <li>
          <Link href="/">Till sammanträdena</Link>
        </li>
        <li>
          <Link href="/arenden">Till ärendena</Link>
        </li>
        <li>
          <Link href="/sok">Sök på diarienummer, rubrik eller föredragande</Link>
        </li>
      </ul>
    </div>
  );
}
