// The fastify application: one access hook for every route, problem+json for every error,
// one log line per request, the OpenAPI document built from the routes' schemas.
import { fileURLToPath } from 'node:url';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { ServiceError } from '../services/errors.js';
import { accessHook, finiteQueryHook } from './access.js';
import type { ServerContext } from './context.js';
import { OpenApiCollector } from './openapi.js';
import { clientErrorHandler, fastifyLimitOptions, serverLimits, type ServerLimits } from './limits.js';
import { sendProblem, toServiceError, type BodyLimitHint } from './problems.js';
import { securityHeadersHook } from './security-headers.js';
import { schemaCompiler } from './validation.js';
import { dataRoutes } from './routes/data.js';
import { packageJsonRoutes, packageRoutes } from './routes/packages.js';
import { sessionRoutes } from './routes/session.js';
import { trustRoutes } from './routes/trust.js';
import { tokenRoutes } from './routes/tokens.js';
import { workspaceRoutes } from './routes/workspaces.js';
import { registerAppRoutes } from './routes/app.js';
import { registerSyncRoutes } from './routes/sync.js';

export const apiPrefix = '/api/v1';
const jsonBodyLimit = 1024 * 1024;

export type LogLine = (line: string) => void;

export interface AppOptions {
  log?: LogLine;
  limits?: Partial<ServerLimits>;
}

export async function buildApp(context: ServerContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const { log } = options;
  const limits = serverLimits(options.limits);
  const app = Fastify({
    logger: false,
    bodyLimit: jsonBodyLimit,
    forceCloseConnections: true,
    ...fastifyLimitOptions(limits),
    clientErrorHandler,
    // Bad percent-encoding, an over-long path segment: problem documents like every other error.
    frameworkErrors: (error, request, reply) => {
      securityHeadersHook(request, reply);
      void sendProblem(reply, request, toServiceError(error));
    },
  });
  app.setValidatorCompiler(schemaCompiler());
  app.server.maxConnections = limits.maxConnections;
  // Before any route: the plugin attaches its hook to routes that set config.rateLimit.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, limit) => new ServiceError('too-many-attempts', 'Too many requests', `Too many requests from this address; try again in ${Math.ceil(limit.ttl / 1000)} s.`),
  });
  // docs/api.md: unknown query parameters are refused on every route, so a route that takes
  // none says so (before the OpenAPI collector sees the route).
  app.addHook('onRoute', (route) => {
    if (route.schema && !route.schema.querystring) route.schema.querystring = { type: 'object', additionalProperties: false, properties: {} };
  });
  const openApi = new OpenApiCollector();
  app.addHook('onRoute', openApi.onRoute);
  // Declared up front so every request object has the same shape (fast property access).
  app.decorateRequest('user', undefined);
  app.decorateRequest('token', undefined);
  app.addHook('onRequest', async (request, reply) => securityHeadersHook(request, reply));
  app.addHook('onRequest', accessHook(context.auth));
  app.addHook('preHandler', finiteQueryHook);
  if (log) {
    app.addHook('onResponse', async (request, reply) => {
      const who = request.user ? ` ${request.user.id}` : '';
      log(`${new Date().toISOString()} ${request.method} ${request.url.split('?')[0]} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms${who}`);
    });
  }
  app.setErrorHandler(async (error, request, reply) => {
    const problem = toServiceError(error, bodyLimitOf(request, context));
    if (problem.slug === 'internal' && log) log(`internal error on ${request.method} ${request.url.split('?')[0]}: ${(error as Error).stack ?? String(error)}`);
    return sendProblem(reply, request, problem);
  });
  app.setNotFoundHandler(async (request, reply) =>
    sendProblem(reply, request, new ServiceError('not-found', 'No such endpoint', `There is no ${request.method} ${request.url.split('?')[0]}; GET ${apiPrefix}/openapi.json lists the API.`)),
  );

  // The mobile app (built into dist/app, the same path from src/ and dist/) at /app/.
  registerAppRoutes(app, { appDir: context.appDir ?? fileURLToPath(new URL('../../../dist/app/', import.meta.url)) });
  await app.register(
    async (api) => {
      sessionRoutes(api, context);
      dataRoutes(api, context);
      packageJsonRoutes(api, context);
      workspaceRoutes(api, context);
      trustRoutes(api, context);
      tokenRoutes(api, context);
      registerSyncRoutes(api, { sync: context.sync });
      await api.register(async (uploads) => packageRoutes(uploads, context));
      let document: string | undefined;
      api.get(
        '/openapi.json',
        {
          config: { access: 'public' },
          schema: { operationId: 'openApi', summary: 'This API as an OpenAPI 3.1 document', tags: ['environment'], response: { 200: { type: 'object', additionalProperties: true } } },
        },
        async (_request, reply) => {
          document ??= JSON.stringify(openApi.document({ title: 'mwkit environment API', version: context.version }));
          return reply.type('application/json').send(document);
        },
      );
    },
    { prefix: apiPrefix },
  );
  return app;
}

/** The limit a refused body was over, and who can change it (packages: the operator). */
function bodyLimitOf(request: FastifyRequest, context: ServerContext): BodyLimitHint {
  const bytes = request.routeOptions.bodyLimit ?? jsonBodyLimit;
  const isPackage = request.routeOptions.url === `${apiPrefix}/packages`;
  return isPackage ? { bytes: context.maxPackageBytes, setBy: "The environment's operator sets the package limit with mwkit env start --max-package-size." } : { bytes };
}
