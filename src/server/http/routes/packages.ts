// Packages: upload = apply (or a dry run that returns the plan), the list of every applied
// version, and rollback. Uploads are raw .mwpkg bytes; only this plugin parses application/zip.
import type { FastifyInstance } from 'fastify';
import { userOf } from '../access.js';
import {
  ApplyQuerySchema,
  ApplyResultSchema,
  PackageListSchema,
  PackageNameSchema,
  RollbackRequestSchema,
  RollbackResultSchema,
  type ApplyQuery,
  type RollbackRequest,
} from '../../../contract/packages.js';
import type { ServerContext } from '../context.js';
import { ServiceError } from '../../services/errors.js';

const zipTypes = ['application/zip', 'application/octet-stream', 'application/vnd.mwkit.package'];

export async function packageRoutes(app: FastifyInstance, context: ServerContext): Promise<void> {
  // Encapsulated: application/zip is read as bytes here only, and JSON is not accepted here.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(zipTypes, { parseAs: 'buffer', bodyLimit: context.maxPackageBytes }, (_request, body, done) => done(null, body));

  app.post(
    '/packages',
    {
      bodyLimit: context.maxPackageBytes,
      config: { access: 'admin', docs: { problems: [409, 413, 415, 422], requestMediaType: 'application/zip' } },
      schema: {
        operationId: 'applyPackage',
        summary: 'Apply a package (.mwpkg bytes); with dryRun=true only plan it',
        tags: ['packages'],
        description:
          'The package is checked completely (zip safety, manifest and digests, trust policy, workspace schema and rules against the catalog, version order) before anything changes; then it takes effect in one transaction. 201 applied; 200 unchanged (same version and bytes) or planned (dry run).',
        querystring: ApplyQuerySchema,
        response: { 200: ApplyResultSchema, 201: ApplyResultSchema },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new ServiceError('unsupported-media-type', 'Unsupported media type', "Upload the .mwpkg file's bytes with Content-Type: application/zip.");
      }
      const { dryRun, allowDowngrade } = request.query as ApplyQuery;
      const result = await context.packages.apply(request.body, { dryRun, allowDowngrade, actor: userOf(request).id });
      return reply.code(result.outcome === 'applied' ? 201 : 200).send(result);
    },
  );
}

export function packageJsonRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get(
    '/packages',
    {
      config: { access: 'admin' },
      schema: { operationId: 'listPackages', summary: 'Every applied package version, oldest first per name', tags: ['packages'], response: { 200: PackageListSchema } },
    },
    async () => context.packages.list(),
  );

  app.post(
    '/packages/:name/rollback',
    {
      config: { access: 'admin', docs: { problems: [404, 409, 422] } },
      schema: {
        operationId: 'rollbackPackage',
        summary: 'Make an earlier version current again (default: the one before the current)',
        tags: ['packages'],
        params: PackageNameSchema,
        body: RollbackRequestSchema,
        response: { 200: RollbackResultSchema },
      },
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const { name } = request.params as { name: string };
      const { toVersion } = request.body as RollbackRequest;
      return context.packages.rollback(name, toVersion ?? null, userOf(request).id);
    },
  );
}
