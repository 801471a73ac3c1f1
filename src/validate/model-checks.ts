// Stage 3 for a data model (docs/data-model.md): what the schemas cannot see because it crosses
// keys or files — the roles a rule names are declared, the entities a reference or a parent
// names exist, every field a rule, a default or a copy names is a field of the right entity, and
// `$param.<name>` is a parameter of its operation. Each problem is one diagnostic at the
// offending value, with "did you mean" where a near name exists.
import type { Diagnostic } from '../diagnostics.js';
import { rolesFileName, type ModelEntity } from '../model/data-model.js';
import type { Roles } from '../model/rule-types.js';
import type { Filter } from '../model/types.js';
import type { LoadedModel } from '../project/model-files.js';
import { didYouMean } from '../text/suggest.js';
import { joinPointer, locate, type SourceFile } from '../yaml/source.js';
import type { Code } from './codes.js';

type Segment = string | number;

class ModelChecker {
  readonly diagnostics: Diagnostic[] = [];
  private readonly roleNames: string[];
  private readonly entityNames: string[];

  constructor(private readonly loaded: LoadedModel) {
    this.roleNames = Object.keys(loaded.model.roles);
    this.entityNames = Object.keys(loaded.model.entities);
  }

  private report(source: SourceFile, path: readonly Segment[], code: Code, message: string, hint: string | undefined, target: 'key' | 'value' = 'value'): void {
    const pointer = joinPointer(...path);
    this.diagnostics.push({ severity: 'error', code, file: source.file, ...locate(source, pointer, target), pointer, message, ...(hint ? { hint } : {}) });
  }

  checkAll(): Diagnostic[] {
    const seen = new Map<string, string>();
    for (const [fileName, source] of this.loaded.sources) {
      if (fileName === rolesFileName) continue;
      const entity = source.data as ModelEntity;
      const expected = `${entity.entity}.yaml`;
      const first = seen.get(entity.entity);
      if (first) this.report(source, ['entity'], 'MW404', `Entity \`${entity.entity}\` is already declared by model/${first}.`, 'Declare each entity in one file.');
      else if (fileName !== expected)
        this.report(
          source,
          ['entity'],
          'MW404',
          `model/${fileName} declares \`${entity.entity}\`; an entity's file is named after it.`,
          `Rename the file model/${expected}, or the entity \`${fileName.replace(/\.ya?ml$/, '')}\`.`,
        );
      seen.set(entity.entity, fileName);
      this.checkEntity(entity, source);
    }
    return this.diagnostics;
  }

  private checkEntity(entity: ModelEntity, source: SourceFile): void {
    const field = (name: string, path: Segment[], what: string, of: ModelEntity = entity) => this.checkField(of, name, source, path, what);
    field(entity.key, ['key'], 'The key field');
    if (entity.display !== undefined) field(entity.display, ['display'], 'The display field');
    for (const [name, definition] of Object.entries(entity.fields)) {
      if (definition.type === 'reference' && definition.entity !== undefined) this.checkEntityName(definition.entity, source, ['fields', name, 'entity']);
    }
    const parent = entity.parent ? this.checkEntityName(entity.parent.entity, source, ['parent', 'entity']) : undefined;
    if (entity.parent) {
      field(entity.parent.field, ['parent', 'field'], 'The parent field');
      for (const [lineField, parentField] of Object.entries(entity.parent.copy)) {
        field(lineField, ['parent', 'copy', lineField], 'A copied field', entity);
        if (parent) field(parentField, ['parent', 'copy', lineField], `The field copied from ${parent.entity}`, parent);
      }
    }
    entity.read.forEach((grant, index) => {
      this.checkRoles(grant.roles, source, ['read', index, 'roles']);
      if ('filter' in grant && grant.filter) this.checkFilter(grant.filter, entity, source, ['read', index, 'filter'], { parent });
      if ('viaParent' in grant && !entity.parent)
        this.report(
          source,
          ['read', index, 'viaParent'],
          'MW403',
          `\`viaParent\` grants the lines of a document, and ${entity.entity} has no \`parent\`.`,
          'Add `parent: { field, entity, copy }`, or grant with `roles` and `filter`.',
        );
    });
    for (const kind of ['create', 'update', 'delete'] as const) {
      const permission = entity[kind];
      if (!permission) continue;
      this.checkRoles(permission.roles, source, [kind, 'roles']);
      if (permission.where) this.checkFilter(permission.where, entity, source, [kind, 'where'], { parent });
      if (permission.parentWhere) {
        if (parent) this.checkFilter(permission.parentWhere, parent, source, [kind, 'parentWhere'], { parent: undefined });
        else
          this.report(
            source,
            [kind, 'parentWhere'],
            'MW403',
            `\`parentWhere\` is a condition on the parent, and ${entity.entity} has no \`parent\`.`,
            'Add `parent: { field, entity, copy }`, or use `where`.',
            'key',
          );
      }
    }
    for (const section of ['onCreate', 'defaults'] as const) this.checkValues(entity[section], entity, source, [section], { parent });
    for (const [name, operation] of Object.entries(entity.operations ?? {})) {
      const at: Segment[] = ['operations', name];
      const parameters = Object.keys(operation.parameters ?? {});
      this.checkRoles(operation.roles, source, [...at, 'roles']);
      if (operation.where) this.checkFilter(operation.where, entity, source, [...at, 'where'], { parent, parameters });
      if (operation.require) this.checkFilter(operation.require.filter, entity, source, [...at, 'require', 'filter'], { parent, parameters });
      this.checkValues(operation.set, entity, source, [...at, 'set'], { parent, parameters });
      if (operation.setOnChildren) {
        const children = Object.values(this.loaded.model.entities).filter((child) => child.parent?.entity === entity.entity);
        if (children.length === 0) {
          this.report(
            source,
            [...at, 'setOnChildren'],
            'MW403',
            `\`setOnChildren\` sets fields of ${entity.entity}'s lines, and no entity has ${entity.entity} as its \`parent\`.`,
            'Remove it, or give the line entity a `parent`.',
            'key',
          );
        }
        for (const child of children) this.checkValues(operation.setOnChildren, child, source, [...at, 'setOnChildren'], { parent, parameters });
      }
    }
  }

  private checkField(entity: ModelEntity, name: string, source: SourceFile, path: Segment[], what: string, target: 'key' | 'value' = 'value'): boolean {
    if (Object.hasOwn(entity.fields, name)) return true;
    this.report(source, path, 'MW403', `${what} \`${name}\` is not a field of ${entity.entity}.`, didYouMean(name, Object.keys(entity.fields), 'fields'), target);
    return false;
  }

  private checkEntityName(name: string, source: SourceFile, path: Segment[]): ModelEntity | undefined {
    const found = Object.hasOwn(this.loaded.model.entities, name) ? this.loaded.model.entities[name] : undefined;
    if (!found) this.report(source, path, 'MW402', `There is no entity \`${name}\` in the model.`, didYouMean(name, this.entityNames, 'entities') ?? `Add model/${name}.yaml.`);
    return found;
  }

  private checkRoles(roles: Roles, source: SourceFile, path: Segment[]): void {
    if (roles === 'any') return;
    roles.forEach((role, index) => {
      if (this.roleNames.includes(role)) return;
      this.report(
        source,
        [...path, index],
        'MW401',
        `Role \`${role}\` is not declared in model/${rolesFileName}.`,
        didYouMean(role, this.roleNames, 'roles') ?? `Declare it under \`roles:\` in model/${rolesFileName}.`,
      );
    });
  }

  /** A condition's fields are fields of `entity`; its values' variables name what exists. */
  private checkFilter(filter: Filter, entity: ModelEntity, source: SourceFile, path: Segment[], scope: Scope): void {
    for (const [name, condition] of Object.entries(filter)) {
      this.checkField(entity, name, source, [...path, name], 'A condition on', 'key');
      const values = condition !== null && typeof condition === 'object' ? Object.values(condition).flat() : [condition];
      for (const value of values) this.checkVariable(value, entity, source, [...path, name], scope);
    }
  }

  private checkValues(values: Record<string, unknown> | undefined, entity: ModelEntity, source: SourceFile, path: Segment[], scope: Scope): void {
    for (const [name, value] of Object.entries(values ?? {})) {
      if (this.checkField(entity, name, source, [...path, name], 'A value for', 'key')) this.checkVariable(value, entity, source, [...path, name], scope);
    }
  }

  /** `$param.x`, `$parent.x`, `$record.x` name a parameter or field that exists. */
  private checkVariable(value: unknown, entity: ModelEntity, source: SourceFile, path: Segment[], scope: Scope): void {
    if (typeof value !== 'string') return;
    const [head, name] = value.split('.', 2) as [string, string | undefined];
    if (name === undefined) return;
    if (head === '$param') {
      if (!scope.parameters) this.report(source, path, 'MW405', `\`${value}\`: only an operation has parameters.`, 'Use a literal, $user, $now or a field of the record here.');
      else if (!scope.parameters.includes(name))
        this.report(source, path, 'MW405', `\`${value}\`: the operation has no parameter \`${name}\`.`, didYouMean(name, scope.parameters, 'parameters') ?? `Declare it under \`parameters:\`.`);
    } else if (head === '$parent') {
      if (!scope.parent) this.report(source, path, 'MW403', `\`${value}\`: ${entity.entity} has no \`parent\`.`, 'Add `parent: { field, entity, copy }`, or use a literal.');
      else this.checkField(scope.parent, name, source, path, `\`${value}\`:`);
    } else if (head === '$record') {
      this.checkField(entity, name, source, path, `\`${value}\`:`);
    }
  }
}

interface Scope {
  parent: ModelEntity | undefined;
  /** The operation's parameters; undefined outside an operation. */
  parameters?: readonly string[];
}

/** The cross-file problems of a schema-checked model. */
export function checkModel(loaded: LoadedModel): Diagnostic[] {
  return new ModelChecker(loaded).checkAll();
}
