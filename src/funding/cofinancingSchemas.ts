/** JSON schemas of the co-financing routes' bodies and parameters (cofinancingRoutes.ts). */
import { errorReplies, isoDate } from '../http/schemas.ts';

export const TAGS = ['Medfinansiering'];
export const MAX = Number.MAX_SAFE_INTEGER;
export const int = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
export const ore = { type: 'integer', minimum: 0, maximum: MAX, description: 'öre' } as const;
export const positiveOre = { type: 'integer', minimum: 1, maximum: MAX, description: 'öre' } as const;
export const nullableOre = { type: 'integer', minimum: 0, maximum: MAX, nullable: true, description: 'öre' } as const;
export const bp = { type: 'integer', minimum: 1, maximum: 10000, description: 'baspunkter (13 % = 1300)' } as const;
export const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;
export const source = { type: 'string', enum: ['state-1-1', 'regional'] } as const;
export const yearParam = { type: 'object', required: ['year'], properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 } } } as const;
export const replies = { ...errorReplies, 409: errorReplies[400], 422: errorReplies[400] } as const;

export const cells = { type: 'array', maxItems: 20, items: nullableOre } as const;
export const sums = { type: 'object', required: ['perYear', 'total'], additionalProperties: false, properties: { perYear: cells, total: nullableOre } } as const;

export const budget = {
  type: 'object',
  required: ['years', 'costs', 'costSums', 'financing', 'financingSums'],
  additionalProperties: false,
  properties: {
    years: { type: 'array', minItems: 1, maxItems: 20, items: { type: 'integer', minimum: 2000, maximum: 2100 } },
    totalColumn: { type: 'boolean' },
    indirectFlatRateBp: bp,
    costs: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        required: ['category', 'values', 'statedTotalOre'],
        additionalProperties: false,
        properties: {
          category: { type: 'string', enum: ['staff', 'external-services', 'travel', 'indirect', 'investments', 'other'] },
          label: text(300),
          values: cells,
          statedTotalOre: nullableOre,
        },
      },
    },
    costSums: sums,
    financing: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        required: ['kind', 'label', 'values', 'statedTotalOre'],
        additionalProperties: false,
        properties: { kind: { type: 'string', enum: ['public', 'private'] }, label: text(300), region: { type: 'boolean' }, values: cells, statedTotalOre: nullableOre },
      },
    },
    financingSums: sums,
  },
} as const;

export const application = {
  type: 'object',
  required: ['applicant', 'projectName', 'period', 'priorityArea', 'fundingSource', 'requestedOre', 'rateBp', 'budget'],
  additionalProperties: false,
  properties: {
    caseNumber: { type: 'string', maxLength: 20, nullable: true },
    applicant: {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: {
        name: text(300),
        orgNumber: { type: 'string', maxLength: 20, nullable: true },
        naturalPerson: { type: 'boolean', nullable: true, description: 'Fysisk person (enskild firma): namnet maskas för allmänheten. Utelämnat: härleds ur organisationsnumret (ett personnummer).' },
        address: { type: 'array', maxItems: 6, items: text(200) },
        contact: { type: 'object', nullable: true, additionalProperties: false, properties: { name: { type: 'string', maxLength: 200, nullable: true }, email: { type: 'string', maxLength: 200, nullable: true } } },
      },
    },
    projectName: text(300),
    period: { type: 'object', required: ['start', 'end'], additionalProperties: false, properties: { start: isoDate, end: isoDate } },
    description: text(20000),
    priorityArea: text(200),
    strategyPriorityId: { type: 'integer', minimum: 1, maximum: 2147483647, nullable: true, description: 'Strategins prioritering (GET /api/state-report/priorities); dess kod blir rangordningen' },
    priorityRank: { type: 'string', maxLength: 40, nullable: true, description: 'Utan strategyPriorityId: rangordningen som den skrivs (kopplas till prioriteringen med den koden)' },
    euCofinancing: { type: 'boolean' },
    aimedAtCompanies: { type: 'boolean' },
    fundingSource: source,
    fundingSplit: {
      type: 'array',
      nullable: true,
      maxItems: 5,
      items: { type: 'object', required: ['source', 'amountOre'], additionalProperties: false, properties: { source, amountOre: positiveOre } },
    },
    requestedOre: positiveOre,
    rateBp: bp,
    capOre: { ...positiveOre, nullable: true },
    conditions: { type: 'array', maxItems: 30, items: text(2000) },
    budget,
    version: int,
  },
} as const;

export const override = { type: 'object', nullable: true, required: ['reason'], additionalProperties: false, properties: { reason: text(2000) } } as const;
/** Going on with the decision although the budget check found errors (issue 16.1): the reason. */
export const budgetOverride = { ...override, description: 'Gå vidare trots fel i budgetkontrollen: motiveringen (sparas i loggen med felen)' } as const;
export const signatories = {
  type: 'array',
  maxItems: 5,
  items: { type: 'object', required: ['name', 'title'], additionalProperties: false, properties: { name: text(200), title: text(200) } },
} as const;
/** What was decided instead of the proposal: only the fields that differ. */
export const amended = {
  type: 'object',
  nullable: true,
  additionalProperties: false,
  properties: {
    rateBp: { ...bp, nullable: true },
    capOre: { ...positiveOre, nullable: true },
    periodStart: { ...isoDate, nullable: true },
    periodEnd: { ...isoDate, nullable: true },
    conditions: { type: 'array', nullable: true, maxItems: 30, items: text(2000) },
  },
} as const;
export const version = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
export const reason = text(2000);
export const decisionProps = {
  amended,
  route: { type: 'string', enum: ['body', 'delegation'] },
  meetingId: int,
  presenters: { type: 'array', maxItems: 10, items: text(200) },
  bodyId: int,
  decidedOn: isoDate,
  officer: text(300),
  signatories,
  override,
} as const;

export const lines = { type: 'object', additionalProperties: false, properties: { projects: nullableOre, 'business-support': nullableOre, 'follow-up': nullableOre } } as const;

export const condition = {
  type: 'object',
  required: ['position', 'textProposal', 'textLetter', 'appliesTo'],
  additionalProperties: false,
  properties: {
    position: { type: 'integer', minimum: 1, maximum: 1000 },
    textProposal: text(2000),
    textLetter: text(2000),
    appliesTo: { type: 'string', enum: ['all', 'companies'] },
    closing: { type: 'boolean' },
    active: { type: 'boolean' },
    version: int,
  },
} as const;
