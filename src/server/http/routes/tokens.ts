// Service tokens for automation: made by an admin, shown once, kept hashed, revoked by name.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { userOf } from '../access.js';
import { CreatedServiceTokenSchema, CreateServiceTokenRequestSchema, ServiceTokenSchema, type CreateServiceTokenRequest } from '../../../contract/session.js';
import type { ServerContext } from '../context.js';

export function tokenRoutes(app: FastifyInstance, context: ServerContext): void {
  app.post(
    '/tokens',
    {
      config: { access: 'admin', docs: { problems: [409] } },
      schema: {
        operationId: 'createServiceToken',
        summary: 'Make a named service token for automation (CI); its secret is in this answer only',
        tags: ['auth'],
        body: CreateServiceTokenRequestSchema,
        response: { 201: CreatedServiceTokenSchema },
      },
    },
    async (request, reply) => {
      const { name, expires } = request.body as CreateServiceTokenRequest;
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(await context.auth.createServiceToken(name, expires, userOf(request).id));
    },
  );

  app.get(
    '/tokens',
    {
      config: { access: 'admin' },
      schema: { operationId: 'listServiceTokens', summary: 'The service tokens (never their secrets)', tags: ['auth'], response: { 200: Type.Array(ServiceTokenSchema) } },
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
