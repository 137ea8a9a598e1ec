/**
 * One definition per route (issue 19): the request and response schemas, with
 * TypeBox, so that validation (Fastify's ajv), the TypeScript types (Static)
 * and the OpenAPI document all come from the same object. A module's routes
 * are listed in its contract.ts; the server registers them with
 * http/typed.ts `serve`, and the web calls them with web/src/client.ts
 * `call` / `pathOf` – the types of both ends are the contract's.
 */
import { Type, type Static, type TSchema } from 'typebox';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteContract {
  method: Method;
  /** Fastify's form: "/api/kpi/series/:id". */
  url: string;
  summary: string;
  tags: readonly string[];
  params?: TSchema;
  querystring?: TSchema;
  body?: TSchema;
  /** The success reply's schema (also used to serialize it: only what it lists is sent). */
  response: TSchema;
  /** The success status (200 unless said). */
  status?: 200 | 201;
  /** Error statuses the route can answer besides 400, 401, 403 and 404 (e.g. 409 for a stale version). */
  errors?: readonly (409 | 413 | 422)[];
}

/** Declares a route contract, keeping its literal types. */
export const route = <const C extends RouteContract>(c: C): C => c;

type StaticOf<S> = S extends TSchema ? Static<S> : undefined;
export type ParamsOf<C extends RouteContract> = StaticOf<C['params']>;
export type QueryOf<C extends RouteContract> = StaticOf<C['querystring']>;
export type BodyOf<C extends RouteContract> = StaticOf<C['body']>;
export type ReplyOf<C extends RouteContract> = Static<C['response']>;

/** Shared schema pieces. */
export const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
export const IdParams = Type.Object({ id: Id });
export const Version = Type.Integer({ minimum: 1, maximum: 2147483647 });
export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'ÅÅÅÅ-MM-DD' });
export const Nullable = <S extends TSchema>(s: S) => Type.Union([s, Type.Null()]);
/** A text field that may be left out or null, at most `max` characters. */
export const OptionalText = (max: number) => Type.Optional(Nullable(Type.String({ maxLength: max })));
