// Who may call a route: anyone, any signed-in user, or an administrator. One hook checks it for
// every route: no or an unknown token is 401, a user without the role is 403.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../domain/users.js';
import type { AuthService } from '../services/auth.js';
import { ServiceError } from '../services/errors.js';

export type Access = 'public' | 'user' | 'admin';

declare module 'fastify' {
  interface FastifyRequest {
    user?: User;
    token?: string;
  }
  interface FastifyContextConfig {
    access?: Access;
    docs?: import('./openapi.js').RouteDocs;
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

export function accessHook(auth: AuthService) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const access = request.routeOptions.config.access ?? 'public';
    if (access === 'public') return;
    const token = bearerToken(request);
    if (!token) throw new ServiceError('unauthorized', 'Sign-in required', "This endpoint needs a bearer token: sign in with POST /api/v1/auth/token, or use the CLI profile's token.");
    const session = await auth.session(token);
    if (!session) throw new ServiceError('unauthorized', 'Invalid or expired token', 'The bearer token is unknown or has expired: sign in again (mwkit env add … --token-stdin for the CLI).');
    if (access === 'admin' && !session.user.isAdmin) {
      throw new ServiceError('forbidden', 'Administrators only', `${session.user.id} is not an administrator; this endpoint needs an admin token.`);
    }
    request.user = session.user;
    request.token = token;
  };
}

/** The signed-in user of a route that requires one (the access hook has set it). */
export function userOf(request: FastifyRequest): User {
  if (!request.user) throw new ServiceError('unauthorized', 'Sign-in required', 'This endpoint needs a bearer token.');
  return request.user;
}

/**
 * Ajv coerces `limit=1e309` to Infinity and then skips its minimum and maximum checks; every
 * number the API takes in a query is finite, so a non-finite one is refused here, after validation.
 */
export async function finiteQueryHook(request: FastifyRequest): Promise<void> {
  const query = request.query as Record<string, unknown> | undefined;
  if (!query || typeof query !== 'object') return;
  const errors = Object.entries(query)
    .filter(([, value]) => typeof value === 'number' && !Number.isFinite(value))
    .map(([name]) => ({ pointer: `/query/${name}`, message: `\`${name}\` must be a whole number within its documented range.` }));
  if (errors.length > 0) throw new ServiceError('invalid-request', 'Invalid request', errors.map((e) => e.message).join(' '), { errors });
}
