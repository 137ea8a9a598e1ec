/** HTTP for minutes, adjustment, the notice board and dispatch. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/index.ts';
import { formatLongDate } from '../kernel/dates.ts';
import { DomainError } from '../kernel/errors.ts';
import type { RecordDecisionRequest } from '../http/contract.ts';
import { errorReplies, idParam, isoDate } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { sendFile } from '../http/files.ts';
import * as meetings from '../meetings/service.ts';
import { adjustmentDeadline } from '../meetings/legalClock.ts';
import { adjustmentClause, adjustmentNote } from './model.ts';
import { FileStore } from '../documents/files.ts';
import * as service from './service.ts';
import { indexMeeting } from '../publish/search.ts';

const TAGS = ['Protokoll'];
const int = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
const itemParams = { type: 'object', properties: { id: int, number: int }, required: ['id', 'number'] } as const;

/**
 * A protokoll file through the shared file helper (src/http/files.ts): its
 * SHA-256 as ETag and in x-content-sha256, If-None-Match → 304, Range → 206.
 * A stored, adjusted protokoll never changes; one not yet adjusted is
 * rendered per request and its ETag is the hash of those bytes.
 */
function sendPdf(req: FastifyRequest, reply: FastifyReply, f: service.MinutesFile, fileName: string) {
  reply.header('x-styrbord-version', f.audience === 'public' ? 'offentlig' : 'original');
  return sendFile(req, reply, { bytes: f.pdf, sha256: f.sha256, fileName });
}

export function minutesRoutes(app: FastifyInstance, db: Db, files: FileStore = new FileStore()) {
  app.get<{ Params: { id: number } }>(
    '/api/meetings/:id/minutes',
    { schema: { tags: TAGS, summary: 'Protokollet för ett sammanträde, med frister och varningar', params: idParam, response: errorReplies } },
    async (req) => service.readMinutes(db, actorOf(req), req.params.id),
  );

  app.post<{ Params: { id: number } }>(
    '/api/meetings/:id/minutes',
    { config: { permission: 'minutes.edit' }, schema: { tags: TAGS, summary: 'Påbörja protokollet för ett sammanträde', params: idParam, response: errorReplies } },
    async (req, reply) => reply.status(201).send(await service.openMinutes(db, actorOf(req), req.params.id)),
  );

  app.put<{ Params: { id: number }; Body: { version?: number; attendance: Array<{ personId: number; present: boolean; replacesPersonId?: number | null; fromItem?: number | null; toItem?: number | null }> } }>(
    '/api/meetings/:id/minutes/attendance',
    {
      config: { permission: 'minutes.edit' },
      schema: {
        tags: TAGS,
        summary: 'Närvaro: ledamöter, tjänstgörande ersättare och vem de ersätter, ankomst och avgång per punkt',
        params: idParam,
        body: {
          type: 'object',
          required: ['attendance'],
          additionalProperties: false,
          properties: {
            version: int,
            attendance: {
              type: 'array',
              maxItems: 200,
              items: {
                type: 'object',
                required: ['personId', 'present'],
                additionalProperties: false,
                properties: { personId: int, present: { type: 'boolean' }, replacesPersonId: { ...int, nullable: true }, fromItem: { ...int, nullable: true }, toItem: { ...int, nullable: true } },
              },
            },
          },
        },
        response: errorReplies,
      },
    },
    async (req) => service.setAttendance(db, actorOf(req), req.params.id, req.body),
  );

  app.put<{ Params: { id: number }; Body: { version?: number; personIds: number[] } }>(
    '/api/meetings/:id/minutes/adjusters',
    {
      config: { permission: 'minutes.edit' },
      schema: {
        tags: TAGS,
        summary: 'Justerare (i signeringsordning)',
        params: idParam,
        body: { type: 'object', required: ['personIds'], additionalProperties: false, properties: { version: int, personIds: { type: 'array', items: int, maxItems: 5 } } },
        response: errorReplies,
      },
    },
    async (req) => service.setAdjusters(db, actorOf(req), req.params.id, req.body),
  );

  app.put<{ Params: { id: number; number: number }; Body: RecordDecisionRequest }>(
    '/api/meetings/:id/minutes/items/:number/decision',
    {
      config: { permission: 'minutes.edit' },
      schema: {
        tags: TAGS,
        summary: 'Protokollför beslutet under en punkt: utfall, att-satser, omröstning, jäv, reservationer och protokollsanteckningar',
        params: itemParams,
        body: {
          type: 'object',
          required: ['outcome'],
          additionalProperties: false,
          properties: {
            outcome: { type: 'string', enum: ['according-to-proposal', 'amended', 'referred-back', 'tabled', 'noted'] },
            clauses: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 5000 } },
            motivation: { type: 'string', maxLength: 5000 },
            votes: {
              type: 'array',
              maxItems: 100,
              items: { type: 'object', required: ['personId', 'choice'], additionalProperties: false, properties: { personId: int, choice: { type: 'string', enum: ['ja', 'nej', 'avstår'] } } },
            },
            conflicted: { type: 'array', items: int, maxItems: 50 },
            notes: {
              type: 'array',
              maxItems: 50,
              items: {
                type: 'object',
                required: ['personId', 'kind', 'text'],
                additionalProperties: false,
                properties: { personId: int, kind: { type: 'string', enum: ['reservation', 'protocol-note'] }, text: { type: 'string', maxLength: 10000 }, motionId: { ...int, nullable: true } },
              },
            },
            recipients: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 200 } },
            immediatelyAdjusted: { type: 'boolean' },
            acknowledgeNoQuorum: { type: 'boolean' },
            version: int,
          },
        },
        response: { ...errorReplies, 409: errorReplies[400] },
      },
    },
    async (req) => service.recordDecision(db, actorOf(req), req.params.id, req.params.number, req.body),
  );

  app.post<{ Params: { id: number } }>(
    '/api/meetings/:id/minutes/numbering',
    { config: { permission: 'minutes.edit' }, schema: { tags: TAGS, summary: 'Numrera paragraferna (§) i punktordning, i följd över nämndens kalenderår i sammanträdenas ordning (från årets första paragraf)', params: idParam, response: errorReplies } },
    async (req) => service.numberMinutes(db, actorOf(req), req.params.id),
  );

  app.delete<{ Params: { id: number }; Querystring: { version?: number } }>(
    '/api/meetings/:id/minutes/numbering',
    {
      config: { permission: 'minutes.edit' },
      schema: {
        tags: TAGS,
        summary: 'Häv numreringen (tillbaka till utkast, besluten kvar) så att ett tidigare sammanträde samma år kan numreras först; bara det senast numrerade protokollet och aldrig ett som justeras eller är justerat',
        params: idParam,
        querystring: { type: 'object', additionalProperties: false, properties: { version: int } },
        response: errorReplies,
      },
    },
    async (req) => service.unnumberMinutes(db, actorOf(req), req.params.id, req.query.version),
  );

  const seriesParams = { type: 'object', properties: { id: int, year: { type: 'integer', minimum: 1900, maximum: 2200 } }, required: ['id', 'year'] } as const;

  app.get<{ Params: { id: number; year: number } }>(
    '/api/bodies/:id/paragraph-series/:year',
    {
      config: { permission: 'minutes.read-draft' },
      schema: { tags: TAGS, summary: 'Nämndens paragrafserie för ett år: första paragrafen, numrerade sammanträden och nästa nummer', params: seriesParams, response: errorReplies },
    },
    async (req) => service.paragraphSeries(db, actorOf(req), req.params.id, req.params.year),
  );

  app.put<{ Params: { id: number; year: number }; Body: { firstParagraph: number; note?: string | null; version?: number } }>(
    '/api/bodies/:id/paragraph-series/:year',
    {
      config: { permission: 'minutes.edit' },
      schema: {
        tags: TAGS,
        summary: 'Årets första paragraf (för en nämnd som fortsätter en serie från ett annat system); bara innan något protokoll från året är numrerat',
        params: seriesParams,
        body: {
          type: 'object',
          required: ['firstParagraph'],
          additionalProperties: false,
          properties: { firstParagraph: { type: 'integer', minimum: 1, maximum: 100000 }, note: { type: 'string', maxLength: 500, nullable: true }, version: { type: 'integer', minimum: 0, maximum: 2147483647 } },
        },
        response: errorReplies,
      },
    },
    async (req) => service.setParagraphSeries(db, actorOf(req), req.params.id, req.params.year, req.body),
  );

  app.get<{ Params: { id: number } }>(
    '/api/meetings/:id/minutes.pdf',
    {
      schema: {
        tags: TAGS,
        summary:
          'Protokollet som PDF (det som justerarna signerar). Justerat: den lagrade filen byte för byte (ETag = SHA-256) – originalet för ledamöter och tjänstemän, den offentliga versionen (utan sekretessbelagt innehåll, personnummer maskerade) för övriga',
        params: idParam,
      },
    },
    async (req, reply) => {
      const f = await service.minutesFile(db, actorOf(req), req.params.id, null, files);
      return sendPdf(req, reply, f, `protokoll-${f.meetingDate}${f.audience === 'public' ? '-offentlig' : ''}.pdf`);
    },
  );

  app.get<{ Params: { id: number; paragraph: number } }>(
    '/api/meetings/:id/minutes/paragraphs/:paragraph/extract.pdf',
    {
      schema: {
        tags: TAGS,
        summary: 'Protokollsutdrag för en paragraf (justerat: lagrat, ur protokollets ögonblicksbild)',
        params: { type: 'object', properties: { id: int, paragraph: int }, required: ['id', 'paragraph'] },
      },
    },
    async (req, reply) => {
      const f = await service.minutesFile(db, actorOf(req), req.params.id, req.params.paragraph, files);
      return sendPdf(req, reply, f, `protokollsutdrag-${f.meetingDate}-p${req.params.paragraph}${f.audience === 'public' ? '-offentlig' : ''}.pdf`);
    },
  );

  app.post<{ Params: { id: number }; Body: { personId: number; sha256?: string } }>(
    '/api/meetings/:id/minutes/signatures',
    {
      config: { permission: 'minutes.sign' },
      schema: {
        tags: TAGS,
        summary: 'En justerare signerar protokollet (SHA-256 av PDF:en signeras); när alla signerat låses protokollet',
        params: idParam,
        body: { type: 'object', required: ['personId'], additionalProperties: false, properties: { personId: int, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } } },
        response: errorReplies,
      },
    },
    async (req) => {
      const view = await service.signMinutes(db, actorOf(req), req.params.id, req.body.personId, req.body.sha256, files);
      // adjusted minutes are public: their decisions become searchable
      if (view.locked) await db.tx((trx) => indexMeeting(trx, req.params.id));
      return view;
    },
  );

  app.post<{ Params: { id: number }; Body: { postedOn: string } }>(
    '/api/meetings/:id/minutes/notice',
    {
      config: { permission: 'notice.post' },
      schema: {
        tags: TAGS,
        summary: 'Anslå justeringen på den digitala anslagstavlan',
        params: idParam,
        body: { type: 'object', required: ['postedOn'], additionalProperties: false, properties: { postedOn: isoDate } },
        response: errorReplies,
      },
    },
    async (req) => service.postNotice(db, actorOf(req), req.params.id, req.body.postedOn),
  );

  app.post<{ Params: { id: number }; Body: { on: string } }>(
    '/api/meetings/:id/minutes/notice/take-down',
    {
      config: { permission: 'notice.post' },
      schema: {
        tags: TAGS,
        summary: 'Ta ned anslaget (tidigast dagen efter överklagandetidens slut)',
        params: idParam,
        body: { type: 'object', required: ['on'], additionalProperties: false, properties: { on: isoDate } },
        response: errorReplies,
      },
    },
    async (req) => service.takeDownNotice(db, actorOf(req), req.params.id, req.body.on),
  );

  app.post<{ Params: { id: number; number: number }; Body: { recipient: string } }>(
    '/api/meetings/:id/minutes/items/:number/dispatches',
    {
      config: { permission: 'decision.dispatch' },
      schema: {
        tags: TAGS,
        summary: 'Expediering: logga att beslutet skickats till en mottagare',
        params: itemParams,
        body: { type: 'object', required: ['recipient'], additionalProperties: false, properties: { recipient: { type: 'string', minLength: 1, maxLength: 200 } } },
        response: errorReplies,
      },
    },
    async (req, reply) => reply.status(201).send(await service.recordDispatch(db, actorOf(req), req.params.id, req.params.number, req.body.recipient)),
  );

  app.get<{ Querystring: { date?: string } }>(
    '/api/notice-board',
    {
      schema: {
        tags: TAGS,
        summary: 'Den digitala anslagstavlan: aktuella anslag',
        querystring: { type: 'object', properties: { date: isoDate }, additionalProperties: false },
      },
    },
    async (req) => service.noticeBoard(db, req.query.date),
  );

  app.get<{ Params: { id: number }; Querystring: { adjuster: number; deputy?: number } }>(
    '/api/meetings/:id/adjustment-proposal',
    {
      schema: {
        tags: TAGS,
        summary: 'Förslaget till beslut för punkten Protokollsjustering, med sista justeringsdag',
        params: idParam,
        querystring: { type: 'object', required: ['adjuster'], additionalProperties: false, properties: { adjuster: int, deputy: int } },
        response: errorReplies,
      },
    },
    async (req) => {
      const meeting = await meetings.getMeeting(db, req.params.id);
      const body = await meetings.getBody(db, meeting.bodyId);
      const person = (id: number) => {
        const m = body.memberships.find((x) => x.personId === id);
        if (!m) throw new DomainError('not-a-member', `Person ${id} är inte ledamot eller ersättare i ${body.name}.`);
        return m;
      };
      const due = adjustmentDeadline(meeting.date).due;
      return {
        clause: adjustmentClause(person(req.query.adjuster), req.query.deputy ? person(req.query.deputy) : null),
        note: adjustmentNote(formatLongDate(due)),
        adjustmentDue: due,
      };
    },
  );
}
