/**
 * Navigation on React Router (issue 19: a maintained router instead of our
 * own History API code). The pages keep one small API: useLocation() for the
 * current location, navigate() for code (also outside components), <Link>
 * for real <a href> links handled on the client, match() for a path pattern.
 * The router is a data router with one catch-all route, so navigate() is the
 * router's own and every page change goes through it.
 */
import type { AnchorHTMLAttributes, ReactNode } from 'react';
import {
  createBrowserRouter,
  Link as RouterLink,
  matchPath,
  RouterProvider,
  useLocation as useRouterLocation,
} from 'react-router';

export interface Location {
  pathname: string;
  search: string;
  hash: string;
}

let router: ReturnType<typeof createBrowserRouter> | null = null;

/** The app under the router: every path renders `app`, which picks the page by match(). */
export function Router({ app }: { app: () => ReactNode }) {
  router ??= createBrowserRouter([{ path: '*', Component: () => app() }]);
  return <RouterProvider router={router} />;
}

export function useLocation(): Location {
  const { pathname, search, hash } = useRouterLocation();
  return { pathname, search, hash };
}

export function useSearchParam(name: string): string {
  const { search } = useLocation();
  return new URLSearchParams(search).get(name) ?? '';
}

const here = () => window.location.pathname + window.location.search + window.location.hash;

/** Goes to `to`; going to where one already is shows the page afresh without a new history entry. */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (!router) {
    if (opts.replace) window.location.replace(to);
    else window.location.assign(to);
    return;
  }
  void router.navigate(to, { replace: Boolean(opts.replace) || to === here() });
}

/** A plain link that navigates on the client (new tabs, modified clicks, downloads and other origins behave as usual). */
export function Link({ href, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const url = new URL(href, window.location.href);
  if (url.origin !== window.location.origin || rest.download !== undefined) return <a href={href} {...rest} />;
  return <RouterLink to={url.pathname + url.search + url.hash} {...rest} />;
}

/** Matches "/sammantraden/:id" against a path (a trailing slash allowed); returns the decoded parameters or null. */
export function match(pattern: string, pathname: string): Record<string, string> | null {
  const m = matchPath({ path: pattern, end: true, caseSensitive: true }, pathname);
  if (!m) return null;
  const params: Record<string, string> = {};
  try {
    for (const [k, v] of Object.entries(m.params)) if (v !== undefined) params[k] = decodeURIComponent(v);
  } catch {
    return null; // a malformed %-escape in the address: no page of ours
  }
  return params;
}

/** Scrolls to and focuses the element the URL's #fragment names; false when there is none (yet). */
export function revealHash(): boolean {
  let id = window.location.hash.slice(1);
  try {
    id = decodeURIComponent(id);
  } catch {
    // keep it as written
  }
  if (!id) return false;
  const el = document.getElementById(id);
  if (!el) return false;
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.scrollIntoView({ block: 'start' });
  el.focus({ preventScroll: true });
  return true;
}
