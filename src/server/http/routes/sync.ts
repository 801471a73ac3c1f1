// POST /sync/push and GET /sync/pull (SPEC §6, Sync). HTTP only: the sync domain (src/server/sync/)
// decides and the sync service runs it on the store. Register inside the /api/v1 scope:
// `registerSyncRoutes(api, { sync })`, after the access hook is installed.
import type { FastifyInstance } from 'fastify';
import { userOf } from '../access.js';
import { ServiceError } from '../../services/errors.js';
import type { SyncService } from '../../services/sync.js';
import type { PullParameters } from '../../sync/pull.js';
import { maxBatchOperations, parsePushRequest } from '../../sync/request.js';

export interface SyncRouteDeps {
  sync: SyncService;
}

/** A batch of 1000 operations with values stays well under this. */
export const pushBodyLimit = 4 * 1024 * 1024;

const operationSchema = {
  type: 'object',
  required: ['id', 'entity', 'kind', 'values'],
  properties: {
    id: { type: 'string', description: 'Made by the device (a UUID); applied at most once.' },
    entity: { type: 'string' },
    kind: { type: 'string', enum: ['create', 'update', 'delete', 'operation'] },
    key: { type: 'string', description: "The record's key; for create optionally a local key `local:<uuid>` later operations may use." },
    operation: { type: 'string', description: "The operation's name (kind operation)." },
    values: { type: 'object', additionalProperties: true },
    baseVersion: { type: 'integer', description: 'The record `_version` the change was made against (0 for a record this device created).' },
    actionId: { type: 'string' },
    workspaceId: { type: 'string' },
    madeAt: { type: 'string' },
  },
} as const;

export function registerSyncRoutes(app: FastifyInstance, deps: SyncRouteDeps): void {
  app.post(
    '/sync/push',
    {
      bodyLimit: pushBodyLimit,
      config: { access: 'user', docs: { problems: [403, 413] } },
      schema: {
        operationId: 'syncPush',
        tags: ['sync'],
        summary: `Apply a device's queued operations in order, each at most once (at most ${maxBatchOperations} per batch); one result per operation: applied, conflict or rejected`,
        body: { type: 'object', required: ['deviceId', 'operations'], properties: { deviceId: { type: 'string' }, operations: { type: 'array', items: operationSchema } } },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const parsed = parsePushRequest(request.body);
      if (!parsed.request) {
        // Pointers into the request as the server's other validation errors name them (/body/…).
        const errors = parsed.problems.map((p) => ({ pointer: `/body${p.pointer}`, message: p.message }));
        throw new ServiceError('invalid-request', 'Invalid sync batch', errors.map((e) => e.message).join(' '), { errors });
      }
      const results = await deps.sync.push(user, parsed.request);
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
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            since: { type: 'string', maxLength: 40, description: 'The checkpoint of the previous pull (0: from the beginning).' },
            entities: { type: 'string', maxLength: 4000, description: 'Entities to include, comma-separated (default: every entity the user may read).' },
            limit: { type: 'integer', minimum: 1, maximum: 1000 },
          },
        },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const response = await deps.sync.pull(user, request.query as PullParameters);
      return reply.type('application/json').send(JSON.stringify(response));
    },
  );
}
