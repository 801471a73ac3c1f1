// Applied workspaces and their publications, what the signed-in user may open, and history.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { userOf } from '../access.js';
import type { ServerContext } from '../context.js';
import {
  HistoryEntrySchema,
  HistoryQuerySchema,
  OpenableWorkspaceSchema,
  PublicationResultSchema,
  PublishRequestSchema,
  WorkspaceIdSchema,
  WorkspaceListItemSchema,
  type HistoryQuery,
  type PublishRequest,
} from '../../../contract/workspaces.js';

export function workspaceRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get(
    '/workspaces',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'listWorkspaces',
        summary: 'Applied workspaces with their package and publication',
        tags: ['workspaces'],
        response: { 200: Type.Array(WorkspaceListItemSchema) },
      },
    },
    async () => context.workspaces.list(),
  );

  app.post(
    '/workspaces/:id/publish',
    {
      config: { access: 'admin', docs: { problems: [404] } },
      schema: {
        operationId: 'publishWorkspace',
        summary: 'Publish a workspace for roles (default: the roles the workspace suggests)',
        tags: ['workspaces'],
        params: WorkspaceIdSchema,
        body: PublishRequestSchema,
        response: { 200: PublicationResultSchema },
      },
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { roles } = request.body as PublishRequest;
      return context.workspaces.publish(id, roles, userOf(request).id);
    },
  );

  app.post(
    '/workspaces/:id/unpublish',
    {
      config: { access: 'admin', docs: { problems: [404] } },
      schema: {
        operationId: 'unpublishWorkspace',
        summary: 'Hide a workspace from the app; it stays applied',
        tags: ['workspaces'],
        params: WorkspaceIdSchema,
        response: { 200: PublicationResultSchema },
      },
    },
    async (request) => context.workspaces.unpublish((request.params as { id: string }).id, userOf(request).id),
  );

  app.get(
    '/me/workspaces',
    {
      config: { access: 'user' },
      schema: {
        operationId: 'myWorkspaces',
        summary: 'Published workspaces the signed-in user may open, with definitions and business logic',
        tags: ['workspaces'],
        description: 'The answer carries an ETag naming its content; sent back as If-None-Match, it gets 304 while nothing the user may open has changed (the app asks every few seconds).',
        headers: { type: 'object', properties: { 'if-none-match': { type: 'string', maxLength: 200 } } },
        response: {
          304: { description: 'Nothing the user may open changed since the ETag given in If-None-Match', type: 'null' },
          200: Type.Array(OpenableWorkspaceSchema),
        },
      },
    },
    async (request, reply) => {
      const openable = await context.workspaces.openableBy(userOf(request));
      reply.header('etag', openable.etag).header('cache-control', 'private, no-cache');
      if (request.headers['if-none-match'] === openable.etag) return reply.code(304).send();
      return openable.list();
    },
  );

  app.get(
    '/history',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'history',
        summary: 'Every apply, rollback, publish, unpublish and trust change, newest first',
        tags: ['packages'],
        querystring: HistoryQuerySchema,
        response: { 200: Type.Array(HistoryEntrySchema) },
      },
    },
    async (request) => context.history.list((request.query as HistoryQuery).limit),
  );
}
