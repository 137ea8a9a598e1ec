/** HTTP: live minutes: attendance per item and ersättare called in (issue 15.1) (placeholder: filled in by its issue). */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';

export function attendanceRoutes(_app: FastifyInstance, _db: Db): void {}
