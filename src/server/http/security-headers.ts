// Headers every answer of the API carries: no content sniffing, and no caching of what is
// always one user's data or a secret (the token response). The app's file routes replace
// cache-control with their own.
import type { FastifyReply, FastifyRequest } from 'fastify';

export function securityHeadersHook(_request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-content-type-options', 'nosniff');
  reply.header('cache-control', 'no-store');
}
