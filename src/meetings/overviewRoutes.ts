/** HTTP: the staff start page's "what is due" (issue 14.8). (Placeholder registered in http/app.ts.) */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';

export function overviewRoutes(_app: FastifyInstance, _db: Db): void {}
