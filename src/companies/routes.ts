/** HTTP: owned companies and foundations (issue 21.3) (placeholder: filled in by its issue). */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';

export function companyRoutes(_app: FastifyInstance, _db: Db): void {}
