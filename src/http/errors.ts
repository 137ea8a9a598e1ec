/**
 * Maps errors to replies: DomainError → its status and Swedish message; validation → 400 in Swedish.
 * A message may echo what was asked for (a case number, a title): personal identity numbers in it are
 * masked for every client (and, for the public, natural persons' names too, by publish/publicEdge.ts).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../kernel/errors.ts';
import { maskDeep, maskPersonalNumbers } from '../publish/mask.ts';

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

const FIELD_NAMES: Record<string, string> = {
  title: 'rubrik',
  series: 'diarieserie',
  registeredOn: 'registreringsdatum',
  fileName: 'filnamn',
  text: 'text',
  q: 'sökord',
  limit: 'limit',
  offset: 'offset',
  id: 'id',
  bodyId: 'nämnd',
  from: 'från-datum',
  to: 'till-datum',
  caseNumber: 'diarienummer',
};

function fieldOf(e: AjvError, context: string | undefined): string {
  const path = e.instancePath.replace(/^\//, '').split('/').filter(Boolean);
  const raw = (e.params.missingProperty as string | undefined) ?? (e.params.additionalProperty as string | undefined) ?? path.at(-1) ?? context ?? '';
  return FIELD_NAMES[raw] ?? raw;
}

export function swedishValidationMessage(errors: AjvError[], context?: string): string {
  const parts = errors.slice(0, 3).map((e) => {
    const f = fieldOf(e, context);
    switch (e.keyword) {
      case 'required':
        return `fältet ${f} saknas`;
      case 'additionalProperties':
        return `fältet ${f} är okänt`;
      case 'type':
        return `fältet ${f} har fel typ (ska vara ${typeName(String(e.params.type))})`;
      case 'maxLength':
        return `fältet ${f} är för långt (högst ${e.params.limit} tecken)`;
      case 'minLength':
        return `fältet ${f} får inte vara tomt`;
      case 'minimum':
        return `fältet ${f} måste vara minst ${e.params.limit}`;
      case 'maximum':
        return `fältet ${f} får vara högst ${e.params.limit}`;
      case 'pattern':
      case 'format':
        return `fältet ${f} har fel format`;
      case 'enum':
        return `fältet ${f} har ett otillåtet värde`;
      default:
        return `fältet ${f} är ogiltigt`;
    }
  });
  return `Ogiltig begäran: ${parts.join('; ')}.`;
}

function typeName(t: string): string {
  return ({ string: 'text', integer: 'heltal', number: 'tal', object: 'objekt', array: 'lista', boolean: 'ja/nej' } as Record<string, string>)[t] ?? t;
}

export function errorHandler(error: FastifyError & { validation?: AjvError[]; validationContext?: string }, req: FastifyRequest, reply: FastifyReply) {
  if (error instanceof DomainError) {
    return reply
      .status(error.status)
      .send({ error: { code: error.code, message: maskPersonalNumbers(error.message), ...(error.details ? { details: maskDeep(error.details) } : {}) } });
  }
  if (error.validation) {
    return reply.status(400).send({ error: { code: 'invalid-request', message: maskPersonalNumbers(swedishValidationMessage(error.validation, error.validationContext)) } });
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return reply.status(413).send({ error: { code: 'too-large', message: 'Begäran är för stor.' } });
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return reply.status(415).send({ error: { code: 'unsupported-media-type', message: 'Innehållstypen stöds inte; skicka JSON.' } });
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return reply.status(error.statusCode).send({ error: { code: 'bad-request', message: 'Begäran kunde inte tolkas (kontrollera att den är giltig JSON).' } });
  }
  req.log.error({ err: error }, 'unexpected error');
  return reply.status(500).send({ error: { code: 'internal', message: 'Ett oväntat fel inträffade. Försök igen eller kontakta förvaltningen.' } });
}
