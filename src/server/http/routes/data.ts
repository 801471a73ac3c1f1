// Querying business records and reading one, within the caller's row-level access.
import type { FastifyInstance } from 'fastify';
import { defaultLimit, maxLimit, type QueryParameters } from '../../domain/query.js';
import { userOf } from '../access.js';
import type { ServerContext } from '../context.js';

const recordSchema = { type: 'object', description: "The record's fields, and `_version`.", properties: { _version: { type: 'integer' } }, additionalProperties: true } as const;
const entityParam = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]*$', maxLength: 100, description: 'Entity name, e.g. ExpenseReport' } as const;

export function dataRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get(
    '/data/:entity',
    {
      config: { access: 'user', docs: { problems: [404] } },
      schema: {
        operationId: 'queryRecords',
        summary: 'Records of an entity that the user may see: filtered, searched, sorted, a page at a time',
        tags: ['data'],
        params: { type: 'object', required: ['entity'], properties: { entity: entityParam } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            filter: { type: 'string', maxLength: 10_000, description: 'JSON of the workspace filter language, e.g. {"status":{"in":["Draft","Submitted"]},"owner":"$user"}' },
            sort: { type: 'string', maxLength: 500, description: 'Fields, comma-separated; `-field` sorts descending. Empty values sort last.' },
            search: { type: 'string', maxLength: 200, description: 'Text that one of the search fields must contain (ignoring case).' },
            searchFields: { type: 'string', maxLength: 1000, description: 'Fields to search, comma-separated (default: every string, text and enum field).' },
            limit: { type: 'integer', minimum: 1, maximum: maxLimit, default: defaultLimit },
            cursor: { type: 'string', maxLength: 2000, description: 'nextCursor of the previous page.' },
          },
        },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: recordSchema }, nextCursor: { type: ['string', 'null'] } } } },
      },
    },
    async (request, reply) => {
      const { entity } = request.params as { entity: string };
      const page = await context.data.query(userOf(request), entity, request.query as QueryParameters);
      return reply.type('application/json').send(page);
    },
  );

  app.get(
    '/data/:entity/:key',
    {
      config: { access: 'user', docs: { problems: [404] } },
      schema: {
        operationId: 'getRecord',
        summary: 'One record by its key; 404 when it does not exist or the user may not see it',
        tags: ['data'],
        params: { type: 'object', required: ['entity', 'key'], properties: { entity: entityParam, key: { type: 'string', maxLength: 200 } } },
        response: { 200: recordSchema },
      },
    },
    async (request, reply) => {
      const { entity, key } = request.params as { entity: string; key: string };
      return reply.type('application/json').send(await context.data.get(userOf(request), entity, key));
    },
  );
}
