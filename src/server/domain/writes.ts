// Every write to business data goes through here: create, update, delete and operations, run
// through the entity rules (domain/rules.ts) and the catalog, with the figures the environment
// keeps (document totals, status copies) updated in the same step; completions.ts fills in and
// checks what particular entities need. Over the store's unit of work (RecordAccess), which
// runs it in one transaction; what it decides on the records read is synchronous and pure.
// Every store call is awaited where it is made: a forgotten await would let a write run after
// the transaction ended (test/unit/floating-promises.test.ts keeps them out of src/server).
import type { Problem } from '../../contract/problems.js';
import type { OperationKind, VersionStep } from '../../contract/sync.js';
import type { DataRecord, Value } from '../../logic/api.js';
import { matchesFilter, resolveFilter } from '../../logic/query.js';
import type { CompiledModel } from '../../model/data-model.js';
import type { Entity, Filter } from '../../model/types.js';
import { hasRoles } from './access.js';
import { completeRecord } from './completions.js';
import { deriveLine, deriveTotals, totalsLinks } from './derive.js';
import type { RecordAccess, StoredRecord } from './record-access.js';
import type { EntityRules, Permission } from '../../model/rule-types.js';
import { WriterView } from './write-references.js';
import { variableScope, type User } from './users.js';
import { checkRequired, checkValue, checkWritable, refuse, resolveSpec, WriteRefused } from './write-checks.js';

export interface WriteRequest {
  entity: string;
  kind: OperationKind;
  key?: string;
  operation?: string;
  values: Record<string, Value>;
}

// A version step is on the wire too (a push result's `changed`): the contract's.
export type { VersionStep };

export type WriteOutcome = { ok: true; key: string; version: number; record: DataRecord | null; sideEffects?: VersionStep[] } | { ok: false; problem: Problem };

/** Applies `request` under the rules of `model` (the environment's catalog and entity rules). */
export async function applyWrite(access: RecordAccess, model: CompiledModel, user: User, request: WriteRequest, now: Date): Promise<WriteOutcome> {
  const writer = new Writer(access, model, user, now);
  try {
    const result = await writer.run(request);
    return { ok: true, ...result, ...(writer.sideEffects.length > 0 ? { sideEffects: writer.sideEffects } : {}) };
  } catch (error) {
    if (error instanceof WriteRefused) return { ok: false, problem: error.problem };
    throw error;
  }
}

class Writer {
  readonly sideEffects: VersionStep[] = [];
  private readonly view: WriterView;

  constructor(
    private readonly access: RecordAccess,
    private readonly model: CompiledModel,
    private readonly user: User,
    private readonly now: Date,
  ) {
    this.view = new WriterView(access, model.rules, user, now);
  }

  /** The write's key, version and record; other records it changed are in `sideEffects`. Refuses with WriteRefused. */
  run(request: WriteRequest): Promise<{ key: string; version: number; record: DataRecord | null }> {
    const { catalog, rules: rulesByEntity } = this.model;
    const entity = Object.hasOwn(catalog.entities, request.entity) ? catalog.entities[request.entity] : undefined;
    const rules = Object.hasOwn(rulesByEntity, request.entity) ? rulesByEntity[request.entity] : undefined;
    if (!entity || !rules) refuse('invalid-request', `This environment has no entity ${request.entity}.`);
    return request.kind === 'create' ? this.create(request, entity, rules) : this.change(request, entity, rules);
  }

  private async create(request: WriteRequest, entity: Entity, rules: EntityRules): Promise<{ key: string; version: number; record: DataRecord }> {
    this.checkRoles(rules.create, `create ${request.entity} records`);
    checkWritable(request.entity, entity, request.values);
    const parent = rules.parent ? await this.parentOf(rules, request.values[rules.parent.field]) : undefined;
    if (parent) this.checkWhere(rules.create!, undefined, parent);
    const scope = { user: this.user, now: this.now, parent };
    const record: DataRecord = {};
    for (const [field, spec] of Object.entries(rules.defaults ?? {})) if (request.values[field] === undefined) record[field] = resolveSpec(spec, scope);
    Object.assign(record, request.values);
    for (const [field, spec] of Object.entries(rules.onCreate ?? {})) record[field] = resolveSpec(spec, scope);
    for (const [field, from] of Object.entries(rules.parent?.copy ?? {})) record[field] = parent![from] ?? null;
    const key = await this.access.nextKey(request.entity, rules.keyPrefix);
    record[entity.key] = key;
    await completeRecord(this.access, request.entity, record, true);
    await this.check(entity, record, Object.keys(record), request.values);
    await this.access.put(request.entity, key, record, 1);
    await this.updateTotals(request.entity, record);
    return { key, version: 1, record: { ...record, _version: 1 } };
  }

  private async change(request: WriteRequest, entity: Entity, rules: EntityRules): Promise<{ key: string; version: number; record: DataRecord | null }> {
    const key = request.key ?? refuse('invalid-request', `A ${request.kind} needs the record's key.`);
    const current = await this.visible(request.entity, key);
    const parent = rules.parent ? (await this.access.get(rules.parent.entity, String(current.data[rules.parent.field])))?.data : undefined;
    if (request.kind === 'operation') return this.operation(request, key, current, entity, rules, parent);
    const permission = request.kind === 'update' ? rules.update : rules.delete;
    this.checkRoles(permission, `${request.kind} ${request.entity} records`);
    this.checkWhere(permission!, current.data, parent);
    const version = current.version + 1;
    if (request.kind === 'delete') {
      await this.access.put(request.entity, key, current.data, version, true);
      await this.deleteChildren(request.entity, key);
      await this.updateTotals(request.entity, current.data);
      return { key, version, record: null };
    }
    checkWritable(request.entity, entity, request.values, [entity.key, ...(rules.parent ? [rules.parent.field] : [])]);
    const record = { ...current.data, ...request.values };
    await completeRecord(this.access, request.entity, record, false);
    await this.check(entity, record, Object.keys(request.values), request.values);
    await this.access.put(request.entity, key, record, version);
    await this.updateTotals(request.entity, record);
    return { key, version, record: { ...record, _version: version } };
  }

  private async operation(
    request: WriteRequest,
    key: string,
    current: StoredRecord,
    entity: Entity,
    rules: EntityRules,
    parent: DataRecord | undefined,
  ): Promise<{ key: string; version: number; record: DataRecord }> {
    const name = request.operation ?? '';
    const definition = entity.operations?.[name];
    const rule = rules.operations?.[name];
    if (!definition || !rule) refuse('invalid-request', `${request.entity} has no operation \`${name}\`.`);
    if (!hasRoles(this.user, rule.roles)) refuse('forbidden', `Your roles do not allow ${definition.title ?? name}.`);
    if (!this.matches(current.data, rule.where)) refuse('unprocessable', rule.refusal);
    const parameters = definition.parameters ?? {};
    const references = await this.view.referenceChecks(parameters, request.values, Object.keys(request.values), () => true);
    for (const [field, value] of Object.entries(request.values)) {
      const parameter = parameters[field] ?? refuse('invalid-request', `${definition.title ?? name} has no parameter \`${field}\`.`, field);
      checkValue(field, parameter, value, references(field));
    }
    checkRequired(parameters, request.values, ` for ${definition.title ?? name}`);
    if (rule.require && !this.matches(current.data, rule.require.filter)) refuse('unprocessable', rule.require.message);
    const scope = { user: this.user, now: this.now, params: request.values, parent, record: current.data };
    const record = { ...current.data };
    for (const [field, spec] of Object.entries(rule.set)) record[field] = resolveSpec(spec, scope);
    Object.assign(record, deriveLine(request.entity, record));
    const version = current.version + 1;
    await this.access.put(request.entity, key, record, version);
    if (rule.setOnChildren) await this.updateChildren(request.entity, key, Object.fromEntries(Object.entries(rule.setOnChildren).map(([f, spec]) => [f, resolveSpec(spec, scope)])));
    await this.updateTotals(request.entity, record);
    return { key, version, record: { ...record, _version: version } };
  }

  private checkRoles(permission: Permission | undefined, what: string): void {
    if (!permission || !hasRoles(this.user, permission.roles)) refuse('forbidden', `Your roles (${this.user.roles.join(', ') || 'none'}) do not allow you to ${what}.`);
  }

  private checkWhere(permission: Permission, record: DataRecord | undefined, parent: DataRecord | undefined): void {
    const isAllowed = (!permission.where || !record || this.matches(record, permission.where)) && (!permission.parentWhere || (parent !== undefined && this.matches(parent, permission.parentWhere)));
    if (!isAllowed) refuse('unprocessable', permission.refusal);
  }

  private matches(record: DataRecord, filter: Filter): boolean {
    return matchesFilter(record, resolveFilter(filter, variableScope(this.user, this.now)));
  }

  /** The live record if the user may see it; 404 otherwise (whether it exists is not told). */
  private async visible(entity: string, key: string): Promise<StoredRecord> {
    return (await this.view.visibleRecord(entity, key)) ?? refuse('not-found', `${entity} ${key} does not exist, or you may not see it.`);
  }

  private async parentOf(rules: EntityRules, key: Value | undefined): Promise<DataRecord> {
    const link = rules.parent!;
    if (typeof key !== 'string' || key === '') refuse('unprocessable', `\`${link.field}\` is required.`, link.field);
    return (await this.visible(link.entity, key)).data;
  }

  private async check(entity: Entity, record: DataRecord, fields: readonly string[], supplied: Readonly<DataRecord>): Promise<void> {
    const checked = fields.filter((field) => Object.hasOwn(entity.fields, field) && !entity.fields[field]!.readOnly);
    const references = await this.view.referenceChecks(entity.fields, record, checked, (field) => Object.hasOwn(supplied, field));
    for (const field of checked) checkValue(field, entity.fields[field]!, record[field] ?? null, references(field));
    checkRequired(entity.fields, record, '');
  }

  private childLinks(entity: string): Array<[string, string]> {
    return Object.entries(this.model.rules).flatMap(([child, rules]) => (rules.parent?.entity === entity ? [[child, rules.parent.field] as [string, string]] : []));
  }

  private async updateChildren(entity: string, key: string, changes: DataRecord): Promise<void> {
    for (const [child, field] of this.childLinks(entity)) {
      for (const { key: childKey, record } of await this.access.find(child, field, key)) await this.bump(child, childKey, record, { ...record.data, ...changes });
    }
  }

  private async deleteChildren(entity: string, key: string): Promise<void> {
    for (const [child, field] of this.childLinks(entity)) {
      for (const { key: childKey, record } of await this.access.find(child, field, key)) {
        await this.access.put(child, childKey, record.data, record.version + 1, true);
        this.sideEffects.push({ entity: child, key: childKey, from: record.version, to: record.version + 1 });
      }
    }
  }

  /**
   * The document this record counts towards gets its figures again from all its records. Not
   * async itself: most records count towards none, and a push makes thousands of writes.
   */
  private updateTotals(entity: string, record: DataRecord): Promise<void> | undefined {
    const link = totalsLinks[entity];
    if (!link || typeof record[link.field] !== 'string') return undefined;
    return this.recountDocument(entity, link, record[link.field] as string);
  }

  private async recountDocument(entity: string, link: NonNullable<(typeof totalsLinks)[string]>, documentKey: string): Promise<void> {
    const document = await this.access.get(link.entity, documentKey);
    if (!document || document.deleted) return;
    const children = (await this.access.find(entity, link.field, documentKey)).map((c) => c.record.data);
    // The figures ask which categories need a receipt: a first pass finds out which, one query fetches them all.
    const asked = new Set<string>();
    deriveTotals(link.entity, children, (code) => (asked.add(code), false));
    const categories = asked.size > 0 ? await this.access.getMany('ExpenseCategory', [...asked]) : new Map<string, StoredRecord>();
    const figures = deriveTotals(link.entity, children, (code) => categories.get(code)?.data.receiptRequired === true);
    if (Object.entries(figures).some(([field, value]) => document.data[field] !== value)) await this.bump(link.entity, documentKey, document, { ...document.data, ...figures });
  }

  private async bump(entity: string, key: string, stored: StoredRecord, data: DataRecord): Promise<void> {
    await this.access.put(entity, key, data, stored.version + 1);
    this.sideEffects.push({ entity, key, from: stored.version, to: stored.version + 1 });
  }
}
