/** HTTP: Föredragningslistans byggare. (Placeholder registered in http/app.ts; filled by issue 14's work.) */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';

export function agendaRoutes(_app: FastifyInstance, _db: Db): void {}
