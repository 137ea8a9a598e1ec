/** HTTP: the business-support register (issue 16.6) (placeholder: filled in by its issue). */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';

export function supportRoutes(_app: FastifyInstance, _db: Db): void {}
