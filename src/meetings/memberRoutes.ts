/** HTTP: Mina sammanträden – members' upcoming meetings, private notes per item, absence reports (issue 14.7). (Placeholder registered in http/app.ts.) */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';

export function memberRoutes(_app: FastifyInstance, _db: Db): void {}
