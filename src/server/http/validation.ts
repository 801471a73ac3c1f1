// How requests are checked against their routes' schemas. Query strings and path parameters
// are text on the wire, so they are coerced to the types their schemas name (`limit=5` is 5);
// a JSON body is not: `"roles": "Manager"` where a list is wanted, or `["x"]` where a value is,
// is an error at its pointer, never quietly turned into what was expected.
import { createRequire } from 'node:module';
import type { FastifySchemaCompiler } from 'fastify';

const require = createRequire(import.meta.url);
const { Ajv } = require('ajv') as typeof import('ajv');
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;

const shared = {
  // Unknown query parameters and properties are errors, never silently dropped.
  removeAdditional: false,
  useDefaults: true,
  // Every problem in one answer. Bodies are bounded (1 MiB, a sync push 4 MiB) and the schemas
  // hold no costly keywords (no uniqueItems over large lists, no nested patterns).
  allErrors: true,
  // A field value is `type: [string, number, boolean, null]`: one error where anyOf gives five.
  allowUnionTypes: true,
} as const;

/** One pair of validators per app (compiled schemas are cached per Ajv instance). */
export function schemaCompiler(): FastifySchemaCompiler<object> {
  const forText = addFormats(new Ajv({ ...shared, coerceTypes: 'array' }));
  const forBodies = addFormats(new Ajv({ ...shared, coerceTypes: false }));
  return ({ schema, httpPart }) => (httpPart === 'body' ? forBodies : forText).compile(schema);
}
