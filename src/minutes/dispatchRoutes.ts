/** HTTP: expediering of signed extracts by e-mail (issue 15.6) (placeholder: filled in by its issue). */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';

export function dispatchRoutes(_app: FastifyInstance, _db: Db): void {}
