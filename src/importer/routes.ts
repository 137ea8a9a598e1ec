/** HTTP for imports: POST /api/imports with the text of a kallelse. */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import type { ImportRequest } from '../http/contract.ts';
import { errorReplies } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { importKallelse, MAX_IMPORT_BYTES } from './service.ts';

export function importRoutes(app: FastifyInstance, db: Db) {
  app.post<{ Body: ImportRequest }>(
    '/api/imports',
    {
      config: { permission: 'import.kallelse' },
      bodyLimit: MAX_IMPORT_BYTES * 2,
      schema: {
        tags: ['Import'],
        summary: 'Importera en kallelse/föredragningslista (text ur PDF)',
        description:
          'Samma fil två gånger ändrar ingenting (också med andra radslut, BOM eller Unicode-form). En ändrad kallelse för samma sammanträde uppdaterar föredragningslistan på plats: punkter och handlingar behåller id, sekretessmarkeringar, bilagor och PM; det som inte längre finns med men har något knutet till sig behålls och redovisas i `report`.',
        body: {
          type: 'object',
          properties: { fileName: { type: 'string', minLength: 1, maxLength: 255 }, text: { type: 'string' } },
          required: ['fileName', 'text'],
          additionalProperties: false,
        },
        response: { 400: errorReplies[400] },
      },
    },
    async (req, reply) => {
      const result = await importKallelse(db, actorOf(req), req.body);
      reply.status(result.created ? 201 : 200);
      return result;
    },
  );
}
