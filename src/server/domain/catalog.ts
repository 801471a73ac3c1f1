// The environment's data model: the entity catalog it serves and enforces. The demo company's
// catalog is templates/catalog.json, served byte for byte by GET /api/v1/entities.
import { readFileSync } from 'node:fs';
import type { Catalog, CatalogField, Entity } from '../../model/types.js';

export interface LoadedCatalog {
  catalog: Catalog;
  /** The file's exact text, as the API serves it. */
  text: string;
}

let builtIn: LoadedCatalog | undefined;

/** templates/catalog.json (same relative path from src/ and dist/). */
export function builtInCatalog(): LoadedCatalog {
  if (builtIn) return builtIn;
  const text = readFileSync(new URL('../../../templates/catalog.json', import.meta.url), 'utf8');
  builtIn = { catalog: JSON.parse(text) as Catalog, text };
  return builtIn;
}

export function entityOf(catalog: Catalog, name: string): Entity | undefined {
  return Object.hasOwn(catalog.entities, name) ? catalog.entities[name] : undefined;
}

export function fieldOf(entity: Entity, name: string): CatalogField | undefined {
  return Object.hasOwn(entity.fields, name) ? entity.fields[name] : undefined;
}

/** Fields the search box may look in when the caller names none: text-like fields. */
export function searchableFields(entity: Entity): string[] {
  return Object.entries(entity.fields)
    .filter(([, field]) => field.type === 'string' || field.type === 'text' || field.type === 'enum')
    .map(([name]) => name);
}

/** Reference and user fields: the ones filtered by equality most (owner, vendor, reportNumber …), worth an index. */
export function indexedFields(catalog: Catalog): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(catalog.entities).map(([name, entity]) => [
      name,
      Object.entries(entity.fields)
        .filter(([, field]) => field.type === 'reference' || field.type === 'user')
        .map(([field]) => field),
    ]),
  );
}
