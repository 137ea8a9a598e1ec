/** HTTP: remisser – incoming consultations and outgoing ones (issue 21.1). (Placeholder registered in http/app.ts.) */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';

export function remissRoutes(_app: FastifyInstance, _db: Db): void {}
