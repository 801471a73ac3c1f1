// Service tokens for automation: made by an admin, shown once, kept hashed, revoked by name.
import type { FastifyInstance } from 'fastify';
import { userOf } from '../access.js';
import type { ServerContext } from '../context.js';

const tokenSchema = {
  type: 'object',
  properties: { name: { type: 'string' }, role: { type: 'string', enum: ['admin'] }, createdAt: { type: 'string' }, createdBy: { type: 'string' }, expiresAt: { type: 'string' } },
} as const;

export function tokenRoutes(app: FastifyInstance, context: ServerContext): void {
  app.post(
    '/tokens',
    {
      config: { access: 'admin', docs: { problems: [409] } },
      schema: {
        operationId: 'createServiceToken',
        summary: 'Make a named service token for automation (CI); its secret is in this answer only',
        tags: ['auth'],
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', maxLength: 100 },
            role: { type: 'string', enum: ['admin'] },
            expires: { type: 'string', maxLength: 20, description: 'Lifetime such as 48h, 90d or 12w (default 90d, at most 730d).' },
          },
        },
        response: { 201: { ...tokenSchema, properties: { ...tokenSchema.properties, token: { type: 'string' } } } },
      },
    },
    async (request, reply) => {
      const { name, expires } = request.body as { name: string; expires?: string };
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(await context.auth.createServiceToken(name, expires, userOf(request).id));
    },
  );

  app.get(
    '/tokens',
    {
      config: { access: 'admin' },
      schema: { operationId: 'listServiceTokens', summary: 'The service tokens (never their secrets)', tags: ['auth'], response: { 200: { type: 'array', items: tokenSchema } } },
    },
    async () => context.auth.listServiceTokens(),
  );

  app.delete(
    '/tokens/:name',
    {
      config: { access: 'admin', docs: { problems: [404] } },
      schema: {
        operationId: 'revokeServiceToken',
        summary: 'Revoke a service token: it stops working at once',
        tags: ['auth'],
        params: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 100 } } },
        response: { 204: { description: 'Revoked', type: 'null' } },
      },
    },
    async (request, reply) => {
      await context.auth.revokeServiceToken((request.params as { name: string }).name, userOf(request).id);
      return reply.code(204).send();
    },
  );
}
