// The trust policy: the Ed25519 public keys whose signatures this environment accepts.
import type { FastifyInstance } from 'fastify';
import { userOf } from '../access.js';
import type { ServerContext } from '../context.js';
import { AddTrustedKeyRequestSchema, FingerprintSchema, TrustedKeySchema, TrustPolicySchema, type AddTrustedKeyRequest } from '../../../contract/trust.js';

export function trustRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get(
    '/trust',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'trustPolicy',
        summary: 'Trusted signing keys; with any, every package must be signed by one',
        tags: ['trust'],
        response: { 200: TrustPolicySchema },
      },
    },
    async () => context.trust.policy(),
  );

  app.post(
    '/trust',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'trustKey',
        summary: 'Trust an Ed25519 public key (SPKI PEM); the first key turns signatures on',
        tags: ['trust'],
        body: AddTrustedKeyRequestSchema,
        response: { 200: TrustedKeySchema },
      },
    },
    async (request) => context.trust.add((request.body as AddTrustedKeyRequest).publicKey, userOf(request).id),
  );

  app.delete(
    '/trust/:fingerprint',
    {
      config: { access: 'admin', docs: { problems: [404] } },
      schema: {
        operationId: 'untrustKey',
        summary: 'Stop trusting a key',
        tags: ['trust'],
        params: FingerprintSchema,
        response: { 204: { description: 'Removed', type: 'null' } },
      },
    },
    async (request, reply) => {
      await context.trust.remove((request.params as { fingerprint: string }).fingerprint, userOf(request).id);
      return reply.code(204).send();
    },
  );
}
