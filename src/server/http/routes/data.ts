// Querying business records and reading one, within the caller's row-level access.
import type { FastifyInstance } from 'fastify';
import { DataPageSchema, DataQuerySchema, EntityNameSchema, RecordSchema, type DataQuery } from '../../../contract/data.js';
import { userOf } from '../access.js';
import type { ServerContext } from '../context.js';

export function dataRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get(
    '/data/:entity',
    {
      config: { access: 'user', docs: { problems: [404] } },
      schema: {
        operationId: 'queryRecords',
        summary: 'Records of an entity that the user may see: filtered, searched, sorted, a page at a time',
        tags: ['data'],
        params: { type: 'object', required: ['entity'], properties: { entity: EntityNameSchema } },
        querystring: DataQuerySchema,
        response: { 200: DataPageSchema },
      },
    },
    async (request, reply) => {
      const { entity } = request.params as { entity: string };
      const page = await context.data.query(userOf(request), entity, request.query as DataQuery);
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
        params: { type: 'object', required: ['entity', 'key'], properties: { entity: EntityNameSchema, key: { type: 'string', maxLength: 200 } } },
        response: { 200: RecordSchema },
      },
    },
    async (request, reply) => {
      const { entity, key } = request.params as { entity: string; key: string };
      return reply.type('application/json').send(await context.data.get(userOf(request), entity, key));
    },
  );
}
