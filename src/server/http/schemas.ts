// JSON Schemas shared by several routes. Each is one object: the routes use it for validation
// and serialisation, and the OpenAPI document names it once under components (by identity).
// The contract's (src/contract/) are named here too; the rest move there step by step (issue 29).
import { PackageSummarySchema, PlanSchema } from '../../contract/packages.js';
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
  PackageSummary: PackageSummarySchema,
  Plan: PlanSchema,
  Publication: publicationSchema,
  TrustedKey: trustedKeySchema,
};
