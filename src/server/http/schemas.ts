// JSON Schemas shared by several routes. Each is one object: the routes use it for validation
// and serialisation, and the OpenAPI document names it once under components (by identity).
import { problemSchema } from '../../contract/problems.js';

export { problemSchema };

const stringList = { type: 'array', items: { type: 'string' } } as const;

export const userSchema = {
  type: 'object',
  required: ['id', 'name', 'roles', 'attributes', 'isAdmin'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    roles: stringList,
    attributes: { type: 'object', additionalProperties: true },
    isAdmin: { type: 'boolean' },
  },
} as const;

export const packageSummarySchema = {
  type: 'object',
  required: ['name', 'version', 'publisher', 'digest', 'size', 'signed'],
  properties: {
    name: { type: 'string' },
    version: { type: 'string' },
    publisher: { type: 'string' },
    digest: { type: 'string', description: 'SHA-256 of the .mwpkg file, hex.' },
    size: { type: 'integer' },
    signed: { type: 'boolean' },
    keyFingerprint: { type: 'string' },
  },
} as const;

const idChanges = { type: 'object', properties: { added: stringList, changed: stringList, removed: stringList } } as const;

export const planSchema = {
  type: 'object',
  required: ['package', 'workspaces'],
  properties: {
    package: { type: 'object', properties: { name: { type: 'string' }, from: { type: ['string', 'null'] }, to: { type: 'string' } } },
    workspaces: {
      type: 'object',
      properties: {
        added: stringList,
        changed: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              from: { type: 'string' },
              to: { type: 'string' },
              pages: idChanges,
              actions: idChanges,
              fields: { type: 'object', properties: { added: stringList, removed: stringList } },
              settings: stringList,
            },
          },
        },
        unchanged: stringList,
        removed: stringList,
      },
    },
    replaces: { type: 'array', items: { type: 'object', properties: { workspace: { type: 'string' }, package: { type: 'string' } } } },
  },
} as const;

export const publicationSchema = {
  type: ['object', 'null'],
  properties: { roles: stringList, publishedAt: { type: 'string' }, publishedBy: { type: 'string' } },
} as const;

export const trustedKeySchema = {
  type: 'object',
  properties: { fingerprint: { type: 'string' }, publicKey: { type: 'string' }, addedAt: { type: 'string' }, addedBy: { type: 'string' } },
} as const;

/** Named in the OpenAPI document's components. */
export const namedSchemas: Record<string, object> = {
  Problem: problemSchema,
  User: userSchema,
  PackageSummary: packageSummarySchema,
  Plan: planSchema,
  Publication: publicationSchema,
  TrustedKey: trustedKeySchema,
};
