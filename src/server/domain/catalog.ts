// The environment's entity catalog: what it serves (GET /api/v1/entities) and enforces, compiled
// from its data model (built-in-model.ts).
import type { Catalog, CatalogField, Entity } from '../../model/types.js';
import { builtInModel } from './built-in-model.js';

export interface LoadedCatalog {
  catalog: Catalog;
  /** As the API serves it: the JSON made once. */
  text: string;
}

let builtIn: LoadedCatalog | undefined;

/** The built-in model's catalog. */
export function builtInCatalog(): LoadedCatalog {
  if (builtIn) return builtIn;
  const { catalog } = builtInModel();
  builtIn = { catalog, text: JSON.stringify(catalog) };
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
