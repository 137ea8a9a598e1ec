/** HTTP: yrkanden, propositionsordning and voting lists of the live minutes (issue 15.1). (Placeholder registered in http/app.ts.) */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';

export function motionRoutes(_app: FastifyInstance, _db: Db): void {}
