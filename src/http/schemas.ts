/** JSON Schemas shared by routes (validation and the OpenAPI document). */
export const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object', additionalProperties: true } },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;

export const errorReplies = {
  400: { description: 'Ogiltig begäran', ...errorSchema },
  404: { description: 'Finns inte', ...errorSchema },
} as const;

export const idParam = {
  type: 'object',
  properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 } },
  required: ['id'],
} as const;

export const isoDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'ÅÅÅÅ-MM-DD' } as const;
