/** HTTP: grants to associations and foundations (issue 21.2) (placeholder: filled in by its issue). */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';

export function grantRoutes(_app: FastifyInstance, _db: Db): void {}
