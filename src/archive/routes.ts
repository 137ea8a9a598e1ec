/** HTTP: archive export as an FGS/E-ARK SIP (issue 21.5) (placeholder: filled in by its issue). */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';

export function archiveRoutes(_app: FastifyInstance, _db: Db): void {}
