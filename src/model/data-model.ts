// A data model as code (docs/data-model.md): the entities an environment holds, the business
// roles it knows, and the rules over its records, written as model/*.yaml — one file per entity
// (`entity: ExpenseReport`, its fields, rules and operations) and `roles.yaml`. Compiling a
// model gives the two things the rest of mwkit speaks: the entity catalog (catalog.json's
// format, what workspaces are checked against and GET /entities serves) and the entity rules
// the environment enforces. Pure: reading the files is the caller's.
import type { EntityRules, OperationRule, Permission } from './rule-types.js';
import type { Catalog, CatalogField, CatalogOperation, Entity, Filter } from './types.js';

/** A permission as written: `refusal` may be left out where no condition can refuse. */
export type ModelPermission = Omit<Permission, 'refusal'> & { refusal?: string };

/** An operation as written: what the app shows (title, parameters) and its rule, in one place. */
export interface ModelOperation extends CatalogOperation, Omit<OperationRule, 'refusal' | 'where'> {
  where?: Filter;
  refusal?: string;
}

/**
 * One model/<Entity>.yaml: the catalog's keys of the entity, and its rules as written. The rules
 * a model writes exactly as they are enforced (read, parent, onCreate, defaults) are
 * EntityRules' own keys, not copies.
 */
export interface ModelEntity extends Pick<EntityRules, 'read' | 'parent' | 'onCreate' | 'defaults'> {
  entity: string;
  title?: string;
  /** The key field. */
  key: string;
  /** Keys the environment makes: `<keyPrefix><number>` (EXP-00042); `<Entity>-` when left out. */
  keyPrefix?: string;
  /** The field that names a record for people (a lookup's text, a reference's label). */
  display?: string;
  fields: Record<string, CatalogField>;
  create?: ModelPermission;
  update?: ModelPermission;
  delete?: ModelPermission;
  operations?: Record<string, ModelOperation>;
}

export interface ModelRole {
  label?: string;
  description?: string;
}

/** model/roles.yaml. */
export interface ModelRoles {
  roles: Record<string, ModelRole>;
}

export interface DataModel {
  roles: Record<string, ModelRole>;
  /** By entity name, in the order the files were read (sorted by file name). */
  entities: Record<string, ModelEntity>;
}

export interface CompiledModel {
  catalog: Catalog;
  rules: Record<string, EntityRules>;
  roles: string[];
}

function catalogEntity(entity: ModelEntity): Entity {
  const operations = Object.entries(entity.operations ?? {}).map(([name, operation]): [string, CatalogOperation] => {
    const { title, description, parameters } = operation;
    return [name, { ...(title === undefined ? {} : { title }), ...(description === undefined ? {} : { description }), ...(parameters === undefined ? {} : { parameters }) }];
  });
  return {
    ...(entity.title === undefined ? {} : { title: entity.title }),
    key: entity.key,
    ...(entity.display === undefined ? {} : { display: entity.display }),
    fields: entity.fields,
    ...(operations.length > 0 ? { operations: Object.fromEntries(operations) } : {}),
  };
}

function permission(written: ModelPermission | undefined): Permission | undefined {
  if (!written) return undefined;
  const { refusal, ...rest } = written;
  return { ...rest, refusal: refusal ?? '' };
}

function operationRule(operation: ModelOperation): OperationRule {
  const { roles, where, refusal, set, setOnChildren, require } = operation;
  return { roles, where: where ?? {}, refusal: refusal ?? '', set, ...(setOnChildren ? { setOnChildren } : {}), ...(require ? { require } : {}) };
}

function entityRules(entity: ModelEntity): EntityRules {
  const operations = Object.entries(entity.operations ?? {}).map(([name, operation]) => [name, operationRule(operation)] as const);
  const rules: EntityRules = { keyPrefix: entity.keyPrefix ?? `${entity.entity}-`, read: entity.read };
  for (const kind of ['create', 'update', 'delete'] as const) {
    const compiled = permission(entity[kind]);
    if (compiled) rules[kind] = compiled;
  }
  if (entity.onCreate) rules.onCreate = entity.onCreate;
  if (entity.defaults) rules.defaults = entity.defaults;
  if (entity.parent) rules.parent = entity.parent;
  if (operations.length > 0) rules.operations = Object.fromEntries(operations);
  return rules;
}

/** The catalog and the entity rules a model describes. The model is taken as checked (see the model's diagnostics). */
export function compileModel(model: DataModel): CompiledModel {
  const entities = Object.values(model.entities);
  return {
    catalog: { entities: Object.fromEntries(entities.map((entity) => [entity.entity, catalogEntity(entity)])) },
    rules: Object.fromEntries(entities.map((entity) => [entity.entity, entityRules(entity)])),
    roles: Object.keys(model.roles),
  };
}

/** The file that declares the roles; every other model file declares one entity. */
export const rolesFileName = 'roles.yaml';

/** A model from its files' parsed contents, sorted by file name (taken as checked). */
export function modelFromFiles(files: ReadonlyArray<{ name: string; data: unknown }>): DataModel {
  const model: DataModel = { roles: {}, entities: {} };
  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (file.name === rolesFileName) model.roles = (file.data as ModelRoles).roles;
    else {
      const entity = file.data as ModelEntity;
      model.entities[entity.entity] = entity;
    }
  }
  return model;
}
