/**
 * HTTP for the open-data API in the shape of OParl 1.1, at /oparl/v1. Public
 * (no sign-in), read-only, CORS open as OParl asks. Each request reads the
 * public records through the services and builds the graph (publish/oparl.ts);
 * lists are paged and filtered there. See docs/oparl.md.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/index.ts';
import { notFound } from '../kernel/errors.ts';
import { errorReplies } from '../http/schemas.ts';
import { publicBaseUrl } from '../http/headers.ts';
import { buildGraph, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, paginate, type ListName, type ListQuery } from './oparl.ts';
import { loadPublicRecords } from './oparlSource.ts';

const TAGS = ['Öppna data'];

const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    page: { type: 'integer', minimum: 1, maximum: 1_000_000, description: 'Sidan, från 1' },
    limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, description: `Objekt per sida (högst ${MAX_PAGE_SIZE})` },
    modified_since: { type: 'string', maxLength: 40, description: 'Bara objekt ändrade vid eller efter tidpunkten (ISO 8601)' },
    modified_until: { type: 'string', maxLength: 40, description: 'Bara objekt ändrade vid eller före tidpunkten (ISO 8601)' },
    created_since: { type: 'string', maxLength: 40, description: 'Bara objekt skapade vid eller efter tidpunkten (ISO 8601)' },
  },
} as const;

const intId = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
const params = (id: Record<string, unknown>) => ({ type: 'object', required: ['id'], properties: { id } }) as const;
const replies = { 400: errorReplies[400], 404: errorReplies[404] };

const LIST_SUMMARY: Record<ListName, string> = {
  organizations: 'Nämndens grupperingar: nämnden själv (Gremium) och partierna (Partei)',
  people: 'Nämndens ledamöter och ersättare (Person)',
  memberships: 'Uppdragen i nämnden: roll, rösträtt och parti (Membership)',
  meetings: 'Nämndens sammanträden (Meeting)',
  'agenda-items': 'Punkterna på nämndens föredragningslistor (AgendaItem)',
  papers: 'Ärendena på nämndens föredragningslistor (Paper)',
  consultations: 'Ärendenas behandling i nämnden, punkt för punkt (Consultation)',
  files: 'Offentliga handlingar, protokoll och protokollsutdrag (File)',
  locations: 'Sammanträdesplatser (Location)',
  'legislative-terms': 'Mandatperioder (LegislativeTerm)',
};

const OBJECTS: Array<{ kind: string; what: string; summary: string; id: Record<string, unknown> }> = [
  { kind: 'organization', what: 'Grupperingen', summary: 'En gruppering: nämnd (body-N) eller parti (party-S)', id: { type: 'string', pattern: '^(body-[1-9][0-9]{0,9}|party-[^/]{1,30})$' } },
  { kind: 'person', what: 'Personen', summary: 'En ledamot eller ersättare', id: intId },
  { kind: 'membership', what: 'Uppdraget', summary: 'Ett uppdrag i en nämnd', id: intId },
  { kind: 'meeting', what: 'Sammanträdet', summary: 'Ett sammanträde med föredragningslistan', id: intId },
  { kind: 'agendaitem', what: 'Punkten', summary: 'En punkt på föredragningslistan, med beslutet när protokollet är justerat', id: intId },
  { kind: 'paper', what: 'Ärendet', summary: 'Ett ärende (diarienummer) och var det har behandlats', id: { type: 'string', pattern: '^[0-9]{2}[A-ZÅÄÖa-zåäö]{1,10}[0-9]{1,10}$', maxLength: 30 } },
  { kind: 'consultation', what: 'Behandlingen', summary: 'Ett ärendes behandling under en punkt', id: intId },
  { kind: 'file', what: 'Filen', summary: 'En offentlig handling, ett protokoll eller ett protokollsutdrag', id: { type: 'string', pattern: '^([1-9][0-9]{0,9}|protokoll-[1-9][0-9]{0,9}|utdrag-[1-9][0-9]{0,9})$' } },
  { kind: 'location', what: 'Platsen', summary: 'En sammanträdesplats', id: { type: 'string', pattern: '^[0-9a-f]{12}$' } },
  { kind: 'legislativeterm', what: 'Mandatperioden', summary: 'En mandatperiod för en nämnd', id: { type: 'string', pattern: '^[1-9][0-9]{0,9}-[0-9]{4}$' } },
];

/** The page size from OPARL_PAGE_SIZE (default 50, at most 100). */
export function pageSizeFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.OPARL_PAGE_SIZE ?? DEFAULT_PAGE_SIZE);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
}

/** Absolute URLs start at PUBLIC_BASE_URL (http://localhost:PORT on this machine only), never at the request's Host header. */
export const baseUrlOf = (_req?: FastifyRequest, env: NodeJS.ProcessEnv = process.env): string => publicBaseUrl(env);

export function oparlRoutes(app: FastifyInstance, db: Db, opts: { pageSize?: number } = {}) {
  const pageSize = opts.pageSize ?? pageSizeFromEnv();
  const graphFor = async (req: FastifyRequest) => buildGraph(await loadPublicRecords(db), baseUrlOf(req));
  const self = (req: FastifyRequest) => `${baseUrlOf(req)}${req.url.split('?')[0]}`;
  // OParl clients run in browsers too: every answer, errors included, may be read from any origin.
  const onRequest = async (_req: FastifyRequest, reply: FastifyReply) => {
    reply.header('access-control-allow-origin', '*');
  };

  app.get('/oparl/v1/system', { onRequest, schema: { tags: TAGS, summary: 'OParl System: ingången till öppna data' } }, async (req) => (await graphFor(req)).system);

  app.get<{ Querystring: ListQuery }>(
    '/oparl/v1/bodies',
    { onRequest, schema: { tags: TAGS, summary: 'Nämnderna (Body), sidindelat', querystring: listQuery, response: replies } },
    async (req) => paginate((await graphFor(req)).bodies, self(req), req.query, pageSize),
  );

  app.get<{ Params: { id: number } }>(
    '/oparl/v1/body/:id',
    { onRequest, schema: { tags: TAGS, summary: 'En nämnd (Body) med länkar till dess listor', params: params(intId), response: replies } },
    async (req) => {
      const found = (await graphFor(req)).byPath.get(`/body/${req.params.id}`);
      if (!found) throw notFound('Nämnden', req.params.id);
      return found;
    },
  );

  for (const [list, summary] of Object.entries(LIST_SUMMARY) as Array<[ListName, string]>) {
    app.get<{ Params: { id: number }; Querystring: ListQuery }>(
      `/oparl/v1/body/:id/${list}`,
      { onRequest, schema: { tags: TAGS, summary: `${summary}, sidindelat och filtrerbart`, params: params(intId), querystring: listQuery, response: replies } },
      async (req) => {
        const lists = (await graphFor(req)).lists.get(req.params.id);
        if (!lists) throw notFound('Nämnden', req.params.id);
        return paginate(lists[list], self(req), req.query, pageSize);
      },
    );
  }

  for (const o of OBJECTS) {
    app.get<{ Params: { id: string | number } }>(
      `/oparl/v1/${o.kind}/:id`,
      { onRequest, schema: { tags: TAGS, summary: o.summary, params: params(o.id), response: replies } },
      async (req) => {
        const found = (await graphFor(req)).byPath.get(`/${o.kind}/${encodeURIComponent(String(req.params.id))}`);
        if (!found) throw notFound(o.what, req.params.id);
        return found;
      },
    );
  }
}
