/**
 * The typed client (issue 19): a page names a route by its contract
 * (src/<module>/contract.ts) and gets the contract's types for the
 * parameters, the body and the reply – no hand copies of server types.
 *   const series = useApi<ReplyOf<typeof kpiApi.getSeries>>(pathOf(kpiApi.getSeries, { id }))
 *   await call(kpiApi.updateSeries, { params: { id }, body }, '/api/kpi')
 */
import type { BodyOf, ParamsOf, QueryOf, ReplyOf, RouteContract } from '../../src/kernel/contract.ts';
import { get, send } from './api.ts';

type Input<C extends RouteContract> = (ParamsOf<C> extends undefined ? { params?: undefined } : { params: ParamsOf<C> }) &
  (QueryOf<C> extends undefined ? { query?: undefined } : { query?: Partial<QueryOf<C>> }) &
  (BodyOf<C> extends undefined ? { body?: undefined } : { body: BodyOf<C> });

/** The address of a route with its parameters filled in (percent-encoded) and its query string. */
export function pathOf<C extends RouteContract>(
  contract: C,
  params?: Record<string, string | number>,
  query?: Record<string, string | number | boolean | null | undefined>,
): string {
  const path = contract.url.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined) throw new Error(`Parametern ${name} saknas för ${contract.url}`);
    return encodeURIComponent(String(v));
  });
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

/** Calls a route; a write forgets the cached answers under `forget`. */
export async function call<C extends RouteContract>(contract: C, input: Input<C>, ...forget: string[]): Promise<ReplyOf<C>> {
  const i = input as { params?: Record<string, string | number>; query?: Record<string, string | number | boolean | null>; body?: unknown };
  const path = pathOf(contract, i.params, i.query);
  if (contract.method === 'GET') return get<ReplyOf<C>>(path);
  return send<ReplyOf<C>>(contract.method, path, i.body, ...forget);
}
