/** Who is acting: the signed-in user behind the session cookie, or the public. */
import type { FastifyRequest } from 'fastify';
import { PUBLIC, type Actor } from '../access/model.ts';
import type { Session } from '../access/service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | null;
  }
}

export function actorOf(req: FastifyRequest): Actor {
  return req.session?.actor ?? PUBLIC;
}
