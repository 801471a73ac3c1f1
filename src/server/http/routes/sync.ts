// POST /sync/push and GET /sync/pull (SPEC §6, Sync). HTTP only: the sync domain (src/server/sync/)
// decides and the sync service runs it on the store. Register inside the /api/v1 scope:
// `registerSyncRoutes(api, { sync })`, after the access hook is installed.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { maxBatchOperations, PullQuerySchema, PullResponseSchema, type PullQuery, type PushRequest, PushRequestSchema, PushResponseSchema } from '../../../contract/sync.js';
import { userOf } from '../access.js';
import { ServiceError } from '../../services/errors.js';
import type { SyncService } from '../../services/sync.js';
import { duplicateOperationIds } from '../../sync/request.js';
import { validationErrors } from '../problems.js';

export interface SyncRouteDeps {
  sync: SyncService;
}

/** A batch of 1000 operations with values stays well under this. */
export const pushBodyLimit = 4 * 1024 * 1024;

export function registerSyncRoutes(app: FastifyInstance, deps: SyncRouteDeps): void {
  app.post(
    '/sync/push',
    {
      bodyLimit: pushBodyLimit,
      // The handler runs even when the schema refused the body, so that one answer names the
      // schema's problems and the ids that appear twice alike.
      attachValidation: true,
      config: { access: 'user', docs: { problems: [403, 413] } },
      schema: {
        operationId: 'syncPush',
        tags: ['sync'],
        summary: `Apply a device's queued operations in order, each at most once (at most ${maxBatchOperations} per batch); one result per operation: applied, conflict or rejected`,
        body: PushRequestSchema,
        response: { 200: PushResponseSchema },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const results = await deps.sync.push(user, pushRequestOf(request));
      return reply.type('application/json').send(JSON.stringify({ results }));
    },
  );

  app.get(
    '/sync/pull',
    {
      config: { access: 'user' },
      schema: {
        operationId: 'syncPull',
        tags: ['sync'],
        summary: 'Changes to records the user may see since a checkpoint, oldest first, a page at a time; deletions as tombstones. Without `since`: only the current checkpoint',
        querystring: PullQuerySchema,
        response: { 200: PullResponseSchema },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const response = await deps.sync.pull(user, request.query as PullQuery);
      return reply.type('application/json').send(JSON.stringify(response));
    },
  );
}

/** The push body, checked: the schema's problems and the duplicate ids together, or the request. */
function pushRequestOf(request: FastifyRequest): PushRequest {
  const schemaErrors = request.validationError ? validationErrors(request.validationError.validation, 'body') : [];
  // Pointers into the request as the server's other validation errors name them (/body/…).
  const duplicates = duplicateOperationIds(request.body).map((p) => ({ pointer: `/body${p.pointer}`, message: p.message }));
  const errors = [...schemaErrors, ...duplicates];
  if (errors.length > 0) throw new ServiceError('invalid-request', 'Invalid sync batch', errors.map((e) => e.message).join(' '), { errors });
  return request.body as PushRequest;
}
