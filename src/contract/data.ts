// Business data on the wire: a record, a page of a query, the query's parameters, and the entity
// catalog. Records are the store's JSON as clients get it (field → value, `_version` among
// them), so their schemas name the value types and leave the fields to the catalog.
import { type Static, type TUnsafe, Type } from '@sinclair/typebox';
import type { Catalog, FilterValue } from '../model/types.js';

/**
 * A field value: text, a number, true/false or null — never an object or a list. One `type`
 * list, not `anyOf`, so a wrong value is one error at its pointer.
 */
export const ValueSchema = Type.Unsafe<FilterValue>({ type: ['string', 'number', 'boolean', 'null'] });

/** Field → value. `additionalProperties`, not TypeBox's Record (a `patternProperties` regex tried on every field). */
export function valuesByField(description: string): TUnsafe<Record<string, FilterValue>> {
  return Type.Unsafe<Record<string, FilterValue>>({ type: 'object', additionalProperties: ValueSchema, description });
}

/** A record as the environment stores it, with `_version` among its fields. */
export const RecordSchema = valuesByField("Field values by name; `_version` is the record's version.");

export const maxQueryLimit = 500;
export const defaultQueryLimit = 50;

export const EntityNameSchema = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]*$', maxLength: 100, description: 'Entity name, e.g. ExpenseReport' });

export const DataQuerySchema = Type.Object(
  {
    filter: Type.Optional(Type.String({ maxLength: 10_000, description: 'JSON of the workspace filter language, e.g. {"status":{"in":["Draft","Submitted"]},"owner":"$user"}' })),
    sort: Type.Optional(Type.String({ maxLength: 500, description: 'Fields, comma-separated; `-field` sorts descending. Empty values sort last.' })),
    search: Type.Optional(Type.String({ maxLength: 200, description: 'Text that one of the search fields must contain (ignoring case).' })),
    searchFields: Type.Optional(Type.String({ maxLength: 1000, description: 'Fields to search, comma-separated (default: every string, text and enum field).' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: maxQueryLimit, default: defaultQueryLimit })),
    cursor: Type.Optional(Type.String({ maxLength: 2000, description: 'nextCursor of the previous page.' })),
  },
  { additionalProperties: false },
);
export type DataQuery = Static<typeof DataQuerySchema>;

export const DataPageSchema = Type.Object({
  items: Type.Array(RecordSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass it as `cursor` for the next page; null on the last.' }),
});
export type DataPage = Static<typeof DataPageSchema>;

/** The catalog as `catalog.json` has it (schemas/catalog.schema.json); the server sends the file it loaded. */
export const CatalogSchema = Type.Unsafe<Catalog>({
  type: 'object',
  required: ['entities'],
  properties: { entities: { type: 'object', additionalProperties: true, description: 'Entity name → its title, key, fields and operations.' } },
});
