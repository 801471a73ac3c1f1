// POST /sync/push and GET /sync/pull (SPEC §6, Sync). HTTP only: the sync domain (src/server/sync/)
// decides, the store runs a push batch in one transaction. Register inside the /api/v1 scope:
// `registerSyncRoutes(api, { store, catalog })`, after the access hook is installed.
import type { FastifyInstance } from 'fastify';
import type { Catalog } from '../../../model/types.js';
import type { RecordAccess } from '../../domain/record-access.js';
import { applyWrite } from '../../domain/writes.js';
import type { Store, SyncLog } from '../../store/types.js';
import { collectChanges, planPull, pullResponse, type ChangeSource, type PullParameters } from '../../sync/pull.js';
import { applyBatch } from '../../sync/push.js';
import { maxBatchOperations, parsePushRequest } from '../../sync/request.js';
import type { SyncTransaction } from '../../sync/types.js';
import { userOf } from '../access.js';
import { ServiceError } from '../../services/errors.js';

/** What the routes need from the store (see docs/app.md, Sync API). */
export type SyncStore = Pick<Store, 'transactSync'>;

export interface SyncRouteDeps {
  store: SyncStore;
  catalog: Catalog;
  now?: () => Date;
}

/** The sync domain's view of one transaction: the store's records and log, writes through the entity rules. */
export function syncTransaction(access: RecordAccess & SyncLog, catalog: Catalog): SyncTransaction {
  return {
    findOperation: (id) => access.findOperation(id),
    saveOperation: (id, operation) => access.saveOperation(id, operation),
    getRecord: (entity, key) => access.get(entity, key),
    resolveLocalKey: (deviceId, localKey) => access.resolveLocalKey(deviceId, localKey),
    saveLocalKey: (deviceId, localKey, entity, key) => access.saveLocalKey(deviceId, localKey, entity, key),
    write: (user, request, now) => applyWrite(access, catalog, user, request, now),
  };
}

/** A batch of 1000 operations with values stays well under this. */
export const pushBodyLimit = 4 * 1024 * 1024;

const operationSchema = {
  type: 'object', required: ['id', 'entity', 'kind', 'values'],
  properties: {
    id: { type: 'string', description: 'Made by the device (a UUID); applied at most once.' },
    entity: { type: 'string' },
    kind: { type: 'string', enum: ['create', 'update', 'delete', 'operation'] },
    key: { type: 'string', description: 'The record\'s key; for create optionally a local key `local:<uuid>` later operations may use.' },
    operation: { type: 'string', description: 'The operation\'s name (kind operation).' },
    values: { type: 'object', additionalProperties: true },
    baseVersion: { type: 'integer', description: 'The record `_version` the change was made against (0 for a record this device created).' },
    actionId: { type: 'string' }, workspaceId: { type: 'string' }, madeAt: { type: 'string' },
  },
} as const;

function changeSource(access: RecordAccess & SyncLog): ChangeSource {
  return {
    changesAfter: (since, entities, limit) => access.changesAfter(since, entities, limit),
    latestChange: () => access.latestChange(),
    getRecord: (entity, key) => access.get(entity, key),
  };
}

export function registerSyncRoutes(app: FastifyInstance, deps: SyncRouteDeps): void {
  const clock = deps.now ?? (() => new Date());

  app.post('/sync/push', {
    bodyLimit: pushBodyLimit,
    config: { access: 'user', docs: { problems: [403, 413] } },
    schema: {
      operationId: 'syncPush', tags: ['sync'],
      summary: `Apply a device's queued operations in order, each at most once (at most ${maxBatchOperations} per batch); one result per operation: applied, conflict or rejected`,
      body: { type: 'object', required: ['deviceId', 'operations'], properties: { deviceId: { type: 'string' }, operations: { type: 'array', items: operationSchema } } },
    },
  }, async (request, reply) => {
    const user = userOf(request);
    const parsed = parsePushRequest(request.body);
    if (!parsed.request) {
      // Pointers into the request as the server's other validation errors name them (/body/…).
      const errors = parsed.problems.map((p) => ({ pointer: `/body${p.pointer}`, message: p.message }));
      throw new ServiceError('invalid-request', 'Invalid sync batch', errors.map((e) => e.message).join(' '), { errors });
    }
    const { deviceId, operations } = parsed.request;
    const now = clock();
    const results = await deps.store.transactSync((access) => {
      // A device's offline keys and results are its user's: another user may not push as it.
      if (access.claimDevice(deviceId, user.id, now.toISOString()) !== user.id) {
        throw new ServiceError('forbidden', 'Another user\'s device', `The device ${deviceId} belongs to another user: each app installation syncs for the user who first signed in on it. Use a new device id.`);
      }
      return applyBatch(syncTransaction(access, deps.catalog), operations, { user, deviceId, catalog: deps.catalog, now });
    });
    return reply.type('application/json').send(JSON.stringify({ results }));
  });

  app.get('/sync/pull', {
    config: { access: 'user' },
    schema: {
      operationId: 'syncPull', tags: ['sync'],
      summary: 'Changes to records the user may see since a checkpoint, oldest first, a page at a time; deletions as tombstones. Without `since`: only the current checkpoint',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          since: { type: 'string', maxLength: 40, description: 'The checkpoint of the previous pull (0: from the beginning).' },
          entities: { type: 'string', maxLength: 4000, description: 'Entities to include, comma-separated (default: every entity the user may read).' },
          limit: { type: 'integer', minimum: 1, maximum: 1000 },
        },
      },
    },
  }, async (request, reply) => {
    const user = userOf(request);
    const plan = planPull(user, deps.catalog, request.query as PullParameters, clock());
    if (!plan.ok) {
      const errors = plan.problems.map((p) => ({ pointer: `/query${p.pointer}`, message: p.message }));
      throw new ServiceError('invalid-request', 'Invalid pull', errors.map((e) => e.message).join(' '), { errors });
    }
    const page = await deps.store.transactSync((access) => collectChanges(changeSource(access), plan.query));
    return reply.type('application/json').send(JSON.stringify(pullResponse(page, plan.query)));
  });
}
