/**
 * Registers a route from its contract (kernel/contract.ts): the schema
 * Fastify validates and the OpenAPI shows (responses included) is the
 * contract's, and the handler's request and reply types follow from it
 * through @fastify/type-provider-typebox.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Permission } from '../access/model.ts';
import type { BodyOf, ParamsOf, QueryOf, ReplyOf, RouteContract } from '../kernel/contract.ts';
import { errorSchema } from './schemas.ts';

const ERROR_TEXT: Record<number, string> = {
  400: 'Ogiltig begäran',
  401: 'Inte inloggad',
  403: 'Saknar behörighet',
  404: 'Finns inte',
  409: 'Ändrad av någon annan sedan den hämtades',
  413: 'För stor',
  422: 'Kan inte utföras',
};

export interface TypedRequest<C extends RouteContract> extends FastifyRequest {
  params: ParamsOf<C>;
  query: QueryOf<C>;
  body: BodyOf<C>;
}

export function serve<C extends RouteContract>(
  app: FastifyInstance,
  contract: C,
  options: { permission?: Permission; /** Bytes a body may have, when more than the server's default (an upload in base64). */ bodyLimit?: number },
  handler: (req: TypedRequest<C>, reply: FastifyReply) => Promise<ReplyOf<C>>,
  // the handler's reply is checked against the contract's type here and serialized by its schema
): void {
  const errors = Object.fromEntries(
    [400, 401, 403, 404, ...(contract.errors ?? [])].map((s) => [s, { description: ERROR_TEXT[s], ...errorSchema }]),
  );
  const status = contract.status ?? 200;
  app.withTypeProvider<TypeBoxTypeProvider>().route({
    method: contract.method,
    url: contract.url,
    config: options.permission ? { permission: options.permission } : {},
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    schema: {
      tags: [...contract.tags],
      summary: contract.summary,
      ...(contract.params ? { params: contract.params } : {}),
      ...(contract.querystring ? { querystring: contract.querystring } : {}),
      ...(contract.body ? { body: contract.body } : {}),
      response: { 200: contract.response, [status]: contract.response, ...errors },
    },
    handler: async (req, reply) => {
      // the contract's status, unless the handler chooses 200 (an import that changed nothing)
      (reply as unknown as FastifyReply).status(status);
      const out = await handler(req as unknown as TypedRequest<C>, reply);
      return reply.send(out);
    },
  });
}
