/** HTTP: Sammanträdesplan per nämnd och år, iCalendar. (Placeholder registered in http/app.ts; filled by issue 14's work.) */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';

export function calendarRoutes(_app: FastifyInstance, _db: Db): void {}
