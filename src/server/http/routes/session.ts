// Health, sign-in and sign-out, the signed-in user, and the entity catalog.
import type { FastifyInstance } from 'fastify';
import { userOf } from '../access.js';
import type { ServerContext } from '../context.js';
import { CatalogSchema } from '../../../contract/data.js';
import { HealthSchema, IssuedTokenSchema, SignInRequestSchema, UserSchema, type Health, type SignInRequest } from '../../../contract/session.js';

export function sessionRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get(
    '/health',
    {
      schema: {
        operationId: 'health',
        summary: 'Is the environment up',
        tags: ['environment'],
        response: { 200: HealthSchema },
      },
    },
    async (): Promise<Health> => ({ status: 'ok', name: context.name, version: context.version }),
  );

  // The app asks on every start whether it runs under `mwkit preview`, whose front answers with
  // the preview's session; an environment says no with 204 rather than a 404 in every console.
  app.get(
    '/preview/session',
    {
      schema: {
        operationId: 'previewSession',
        summary: 'Not a preview: what the app asks to learn whether it runs under mwkit preview',
        tags: ['environment'],
        response: { 204: { description: 'This environment is not a preview', type: 'null' } },
      },
    },
    async (_request, reply) => reply.code(204).send(),
  );

  app.post(
    '/auth/token',
    {
      config: { docs: { problems: [401, 429, 503] }, rateLimit: { max: context.signInRateLimit.max, timeWindow: context.signInRateLimit.windowMs } },
      schema: {
        operationId: 'signIn',
        summary: 'Sign in with name and password; returns a bearer token',
        tags: ['auth'],
        body: SignInRequestSchema,
        response: { 200: IssuedTokenSchema },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body as SignInRequest;
      const issued = await context.auth.signIn(username, password, request.ip);
      // A bearer token must never sit in a cache (RFC 6749 §5.1).
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      return issued;
    },
  );

  app.delete(
    '/auth/token',
    {
      config: { access: 'user' },
      schema: { operationId: 'signOut', summary: 'Sign out: the token stops working', tags: ['auth'], response: { 204: { description: 'Signed out', type: 'null' } } },
    },
    async (request, reply) => {
      await context.auth.signOut(request.token!);
      return reply.code(204).send();
    },
  );

  app.get(
    '/me',
    {
      config: { access: 'user' },
      schema: { operationId: 'me', summary: 'The signed-in user', tags: ['auth'], response: { 200: UserSchema } },
    },
    async (request) => userOf(request),
  );

  app.get(
    '/entities',
    {
      config: { access: 'user' },
      schema: {
        operationId: 'entities',
        summary: 'The entity catalog (the format of catalog.json)',
        tags: ['data'],
        response: { 200: CatalogSchema },
      },
    },
    async (_request, reply) => reply.type('application/json').send(context.catalog.text),
  );
}
