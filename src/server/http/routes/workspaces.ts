// Applied workspaces and their publications, what the signed-in user may open, and history.
import type { FastifyInstance } from 'fastify';
import { userOf } from '../access.js';
import type { ServerContext } from '../context.js';
import { publicationSchema } from '../schemas.js';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } } as const;
const publicationResult = { type: 'object', properties: { id: { type: 'string' }, publication: publicationSchema } } as const;
/** What every workspace listing says of a workspace first. */
const workspaceHead = { id: { type: 'string' }, title: { type: 'string' }, version: { type: 'string' } } as const;

export function workspaceRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get(
    '/workspaces',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'listWorkspaces',
        summary: 'Applied workspaces with their package and publication',
        tags: ['workspaces'],
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                ...workspaceHead,
                package: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'string' } } },
                publication: publicationSchema,
              },
            },
          },
        },
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
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: { roles: { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 50 } } },
        response: { 200: publicationResult },
      },
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { roles } = request.body as { roles?: string[] };
      return context.workspaces.publish(id, roles, userOf(request).id);
    },
  );

  app.post(
    '/workspaces/:id/unpublish',
    {
      config: { access: 'admin', docs: { problems: [404] } },
      schema: { operationId: 'unpublishWorkspace', summary: 'Hide a workspace from the app; it stays applied', tags: ['workspaces'], params: idParams, response: { 200: publicationResult } },
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
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                ...workspaceHead,
                description: { type: ['string', 'null'] },
                icon: { type: ['string', 'null'] },
                definition: { type: 'object', additionalProperties: true, description: 'The normalised workspace.json of the package.' },
                logic: { type: ['string', 'null'], description: 'The business-logic script, if any.' },
                digest: { type: 'string', description: 'Identifies definition and logic together: it changes with any change of either, whatever the version says.' },
              },
            },
          },
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
        querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 100 } } },
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'integer' },
                at: { type: 'string' },
                actor: { type: 'string' },
                action: { type: 'string', enum: ['apply', 'rollback', 'publish', 'unpublish', 'trust-add', 'trust-remove', 'token-create', 'token-revoke'] },
                package: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'string' }, digest: { type: 'string' } } },
                workspace: { type: 'string' },
                roles: { type: 'array', items: { type: 'string' } },
                keyFingerprint: { type: 'string' },
                token: { type: 'string' },
              },
            },
          },
        },
      },
    },
    async (request) => context.history.list((request.query as { limit: number }).limit),
  );
}
