/**
 * HTTP for imports: POST /api/imports with the text of a kallelse, or the file
 * itself (PDF or text) in base64; the import page's preview, confirmation and
 * cancellation, and the history of imports with their reports (issue 18.8).
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { errorReplies, idParam } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { cancelImport, confirmImport, getImport, importKallelse, listImports, MAX_IMPORT_BYTES, previewImport, type ImportFile } from './service.ts';
import type { ImportRequest } from '../http/contract.ts';

/** The body: the file's name and either its text or its bytes in base64 (the contract's ImportRequest). */
type ImportBody = ImportRequest;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function fileOf(body: ImportBody): ImportFile {
  const { fileName, text, fileBase64 } = body;
  if ((text === undefined) === (fileBase64 === undefined)) {
    throw new DomainError('invalid-request', 'Ogiltig begäran: skicka antingen text (kallelsens text) eller fileBase64 (filen, PDF eller text, i base64).');
  }
  if (text !== undefined) return { fileName, text };
  const b64 = fileBase64!.replace(/\s+/g, '');
  if (b64.length % 4 === 1 || !BASE64.test(b64)) throw new DomainError('invalid-request', 'Ogiltig begäran: fileBase64 ska vara filens innehåll i base64.');
  return { fileName, bytes: Buffer.from(b64, 'base64') };
}

const TAGS = ['Import'];
const replies = { ...errorReplies, 409: errorReplies[400] };
const fileBody = {
  type: 'object',
  properties: {
    fileName: { type: 'string', minLength: 1, maxLength: 255 },
    text: { type: 'string', description: 'Kallelsens text (ur PDF:en)' },
    fileBase64: { type: 'string', description: 'Filen i base64: en PDF eller en textfil (i stället för text)' },
  },
  required: ['fileName'],
  additionalProperties: false,
} as const;
const tokenBody = {
  type: 'object',
  properties: {
    token: { type: 'string', minLength: 1, maxLength: 200, description: 'Förhandsgranskningens nyckel' },
    confirmFlags: { type: 'boolean', description: 'Importen har flaggade uppgifter och ska göras ändå' },
  },
  required: ['token'],
  additionalProperties: false,
} as const;

export function importRoutes(app: FastifyInstance, db: Db) {
  app.post<{ Body: ImportBody }>(
    '/api/imports/preview',
    {
      config: { permission: 'import.kallelse' },
      bodyLimit: MAX_IMPORT_BYTES * 2,
      schema: {
        tags: TAGS,
        summary: 'Förhandsgranska en import: vad som skapas eller ändras, utan att något sparas',
        description:
          'Läser filen som POST /api/imports gör och svarar med vad importen skulle skapa eller ändra: sammanträdet, punkterna (nya, ändrade, oförändrade, borttagna), ärendena, personerna, raderna per tabell (lästa, sparade, flaggade med skäl), handlingarna som delas ut ur PDF:en och flaggorna. Ingenting av det sparas; förhandsgranskningen sparas med en nyckel (`token`) som bekräftar eller avbryter den.',
        body: fileBody,
        response: { 400: errorReplies[400] },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return previewImport(db, actorOf(req), fileOf(req.body));
    },
  );

  app.post<{ Params: { id: number }; Body: { token: string; confirmFlags?: boolean } }>(
    '/api/imports/:id/confirm',
    {
      config: { permission: 'import.kallelse' },
      schema: {
        tags: TAGS,
        summary: 'Bekräfta en förhandsgranskad import (sparas i en transaktion)',
        description:
          'En import med flaggade uppgifter kräver `confirmFlags: true`. Skulle importen nu bli en annan än förhandsgranskningen visade (uppgifterna har ändrats sedan dess) vägras den (409 import-stale) och ingenting sparas.',
        params: idParam,
        body: tokenBody,
        response: replies,
      },
    },
    async (req) => confirmImport(db, actorOf(req), req.params.id, req.body),
  );

  app.post<{ Params: { id: number }; Body: { token: string } }>(
    '/api/imports/:id/cancel',
    {
      config: { permission: 'import.kallelse' },
      schema: { tags: TAGS, summary: 'Avbryt en förhandsgranskad import (ingenting importeras)', params: idParam, body: tokenBody, response: replies },
    },
    async (req) => cancelImport(db, actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/imports',
    {
      config: { permission: 'import.kallelse' },
      schema: { tags: TAGS, summary: 'Gjorda importer (bekräftade och avbrutna), senaste först, med sina rapporter', response: errorReplies },
    },
    async (req) => listImports(db, actorOf(req)),
  );

  app.get<{ Params: { id: number } }>(
    '/api/imports/:id',
    {
      config: { permission: 'import.kallelse' },
      schema: { tags: TAGS, summary: 'En import med sin rapport', params: idParam, response: errorReplies },
    },
    async (req) => getImport(db, actorOf(req), req.params.id),
  );

  app.post<{ Body: ImportBody }>(
    '/api/imports',
    {
      config: { permission: 'import.kallelse' },
      bodyLimit: MAX_IMPORT_BYTES * 2, // a file at the limit in base64 is 4/3 of it
      schema: {
        tags: ['Import'],
        summary: 'Importera en kallelse/föredragningslista (PDF eller text ur PDF)',
        description:
          'Kallelsen skickas som `text` eller som filen själv i `fileBase64` (en PDF, vars text läses sida för sida: sidhuvuden och sidfötter som upprepas tas bort och sidstämplarna "N (totalt)" kontrolleras – saknade sidor, sidor i fel ordning och en fil som slutar före sista sidan redovisas i `report`; eller en textfil). En tom fil, en för stor fil, en binär fil som inte är PDF, en PDF utan text (inskannad: OCR först), en lösenordsskyddad eller skadad PDF och en text som inte är en kallelse vägras med var sitt meddelande, och ingenting sparas. Samma fil två gånger ändrar ingenting (också med andra radslut, BOM eller Unicode-form). En ändrad kallelse för samma sammanträde uppdaterar föredragningslistan på plats: punkter och handlingar behåller id, sekretessmarkeringar, bilagor och PM; det som inte längre finns med men har något knutet till sig behålls och redovisas i `report`. Tabellerna som läses (företagsstöd m.fl.) redovisas rad för rad i `plan.tables`; har någon rad flaggats (okänd stödtyp, en rad som inte gick att dela upp) vägras importen med 409 och rapporten i `details` tills den skickas med `confirm: true`.',
        body: {
          type: 'object',
          properties: {
            fileName: { type: 'string', minLength: 1, maxLength: 255 },
            text: { type: 'string', description: 'Kallelsens text (ur PDF:en)' },
            fileBase64: { type: 'string', description: 'Filen i base64: en PDF eller en textfil (i stället för text)' },
            confirm: { type: 'boolean', description: 'Importen har flaggade rader i tabellerna (till exempel en okänd stödtyp) och ska göras ändå; utan den vägras en sådan import med 409 och rapporten' },
          },
          required: ['fileName'],
          additionalProperties: false,
        },
        response: { 400: errorReplies[400], 409: errorReplies[400] },
      },
    },
    async (req, reply) => {
      // flagged rows in the tables need an explicit confirmation (issue 18.3); the import page confirms through its preview
      const result = await importKallelse(db, actorOf(req), fileOf(req.body), undefined, { requireConfirm: true, confirm: req.body.confirm === true });
      reply.status(result.created ? 201 : 200);
      return result;
    },
  );
}
