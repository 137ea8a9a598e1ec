/** The frame around every page: skip link, header with navigation and search, main, footer. */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, navigate, revealHash, useLocation } from '../router.tsx';
import { useCan, useSession } from '../session.tsx';

const NAV = [
  { href: '/', label: 'Sammanträden', active: (p: string) => p === '/' || p.startsWith('/sammantraden') || p.startsWith('/namnder') },
  { href: '/arenden', label: 'Ärenden', active: (p: string) => p.startsWith('/arenden') },
  { href: '/remisser', label: 'Remisser', active: (p: string) => p.startsWith('/remisser') },
  { href: '/anslagstavla', label: 'Anslagstavla', active: (p: string) => p.startsWith('/anslagstavla') },
  { href: '/budget', label: 'Budget', active: (p: string) => p.startsWith('/budget') },
  { href: '/aterrapportering', label: 'Återrapportering', active: (p: string) => p.startsWith('/aterrapportering') },
  { href: '/verksamhetsplan', label: 'Verksamhetsplan', active: (p: string) => p.startsWith('/verksamhetsplan') },
  { href: '/nyckeltal', label: 'Nyckeltal', active: (p: string) => p.startsWith('/nyckeltal') },
  { href: '/sok', label: 'Sök', active: (p: string) => p.startsWith('/sok') },
];

function HeaderSearch() {
  const { pathname, search } = useLocation();
  const current = pathname === '/sok' ? (new URLSearchParams(search).get('q') ?? '') : '';
  const [q, setQ] = useState(current);
  useEffect(() => setQ(current), [current]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const term = q.trim();
    navigate(term ? `/sok?q=${encodeURIComponent(term)}` : '/sok');
  };
  return (
    <form className="header-search" role="search" aria-label="Sök i Styrbord" onSubmit={submit} action="/sok">
      <label htmlFor="header-q" className="visually-hidden">
        Sök på diarienummer, rubrik eller föredragande
      </label>
      <input
        id="header-q"
        name="q"
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder="Diarienummer, rubrik, föredragande"
        autoComplete="off"
      />
      <button type="submit" className="button">
        Sök
      </button>
    </form>
  );
}

function SessionBox() {
  const { user, logout } = useSession();
  const { pathname } = useLocation();
  if (user === undefined) return null;
  if (!user) {
    if (pathname === '/logga-in') return null;
    return (
      <Link className="session-link" href={`/logga-in?nasta=${encodeURIComponent(pathname)}`}>
        Logga in
      </Link>
    );
  }
  return (
    <span className="session-user">
      <span>
        Inloggad som <strong>{user.displayName}</strong>
      </span>
      <button type="button" className="link-button" onClick={() => void logout()}>
        Logga ut
      </button>
    </span>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const can = useCan();
  // the internal control plan is for signed-in staff only
  const signedIn = user
    ? [
        ...NAV,
        ...(can('minutes.sign')
          ? [{ href: '/mina-sammantraden', label: 'Mina sammanträden', active: (p: string) => p.startsWith('/mina-sammantraden') }]
          : []),
        { href: '/internkontroll', label: 'Internkontroll', active: (p: string) => p.startsWith('/internkontroll') },
        { href: '/uppfoljning', label: 'Uppföljning per år', active: (p: string) => p.startsWith('/uppfoljning') },
        { href: '/medfinansiering', label: 'Medfinansiering', active: (p: string) => p.startsWith('/medfinansiering') },
        { href: '/foretagsstod', label: 'Företagsstöd', active: (p: string) => p.startsWith('/foretagsstod') },
        { href: '/foreningsbidrag', label: 'Föreningsbidrag', active: (p: string) => p.startsWith('/foreningsbidrag') },
        { href: '/bolag', label: 'Ägda bolag', active: (p: string) => p.startsWith('/bolag') },
        ...(can('import.kallelse') ? [{ href: '/import', label: 'Import', active: (p: string) => p.startsWith('/import') }] : []),
        ...(can('archive.export') ? [{ href: '/arkiv', label: 'Arkivleverans', active: (p: string) => p.startsWith('/arkiv') }] : []),
      ]
    : NAV;
  const nav = [
    ...signedIn,
    ...(can('audit.read') ? [{ href: '/granskning', label: 'Granskningslogg', active: (p: string) => p.startsWith('/granskning') }] : []),
    ...(can('user.admin') ? [{ href: '/anvandare', label: 'Användare', active: (p: string) => p.startsWith('/anvandare') }] : []),
  ];
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After a client-side navigation to another page: start at the top (or at the #target) and
  // put focus on the new page, as a page load would.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (revealHash()) return;
    window.scrollTo(0, 0);
    mainRef.current?.focus({ preventScroll: true });
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Hoppa till innehållet
      </a>
      <header className="site-header">
        <div className="container header-top">
          <Link href="/" className="brand">
            <span className="brand-name">Styrbord</span>
            <span className="brand-org">Region Örebro län</span>
          </Link>
          <SessionBox />
        </div>
        <div className="header-bar">
          <div className="container header-bar-inner">
            <nav aria-label="Huvudmeny">
              <ul className="nav-list">
                {nav.map((n) => {
                  const active = n.active(pathname);
                  return (
                    <li key={n.href}>
                      <Link href={n.href} aria-current={active ? 'page' : undefined} className={active ? 'active' : undefined}>
                        {n.label}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </nav>
            <HeaderSearch />
          </div>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="container main">
        {children}
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>Styrbord – sammanträden och ärenden för Regional tillväxtnämnd, Region Örebro län.</p>
        </div>
      </footer>
    </>
  );
}
