// The settings part of logic.test.yaml: the signed-in user, the device's local data (checked
// against the catalog when there is one), and records given inline or by key.
import type { Catalog } from '../../model/types.js';
import type { DataRecord, LogicUser, Value } from '../api.js';
import { childPointer, type ShapeChecker } from './checker.js';

export function readUser(checker: ShapeChecker, value: unknown, pointer: string): LogicUser | undefined {
  if (!checker.isMapping(value, pointer, '`user`')) return undefined;
  checker.knownKeys(value, pointer, ['id', 'name', 'roles', 'attributes'], '`user`');
  const user: LogicUser = { id: 'test-user', name: 'Test User', roles: [], attributes: {} };
  if (value.id !== undefined && checker.isText(value.id, childPointer(pointer, 'id'), '`user.id`')) user.id = value.id;
  if (value.name !== undefined && checker.isText(value.name, childPointer(pointer, 'name'), '`user.name`')) user.name = value.name;
  if (value.roles !== undefined && checker.isList(value.roles, childPointer(pointer, 'roles'), '`user.roles`')) {
    user.roles = value.roles.filter((role, index) => checker.isText(role, childPointer(pointer, 'roles', index), 'A role')) as string[];
  }
  if (value.attributes !== undefined && checker.isMapping(value.attributes, childPointer(pointer, 'attributes'), '`user.attributes`')) {
    for (const [name, attribute] of Object.entries(value.attributes)) {
      if (checker.isValue(attribute, childPointer(pointer, 'attributes', name), `The attribute \`${name}\``)) user.attributes[name] = attribute as Value;
    }
  }
  return user;
}

function readDataRecord(checker: ShapeChecker, value: unknown, pointer: string, fields: readonly string[] | undefined): DataRecord | undefined {
  if (!checker.isMapping(value, pointer, 'A record')) return undefined;
  let isOk = true;
  for (const [field, fieldValue] of Object.entries(value)) {
    const at = childPointer(pointer, field);
    if (fields && !checker.knownName(field, fields, at, 'field', 'key')) isOk = false;
    else if (!checker.isValue(fieldValue, at, `The value of \`${field}\``)) isOk = false;
  }
  return isOk ? (value as DataRecord) : undefined;
}

/** `data: { Entity: [records] }`: the device's local data. */
export function readData(checker: ShapeChecker, value: unknown, pointer: string, catalog: Catalog | undefined): Record<string, DataRecord[]> {
  const data: Record<string, DataRecord[]> = {};
  if (!checker.isMapping(value, pointer, '`data`')) return data;
  for (const [entity, records] of Object.entries(value)) {
    const at = childPointer(pointer, entity);
    if (catalog && !checker.knownName(entity, Object.keys(catalog.entities), at, 'entity', 'key')) continue;
    if (!checker.isList(records, at, `The records of \`${entity}\``)) continue;
    const fields = catalog ? Object.keys(catalog.entities[entity]!.fields) : undefined;
    data[entity] = records.flatMap((record, index): DataRecord[] => {
      const read = readDataRecord(checker, record, childPointer(at, index), fields);
      return read ? [read] : [];
    });
  }
  return data;
}

/** A case's record: a mapping, or the key of a record of `entity` in the local data. */
export function readRecord(
  checker: ShapeChecker,
  value: unknown,
  pointer: string,
  entity: string | undefined,
  data: Record<string, DataRecord[]>,
  catalog: Catalog | undefined,
): DataRecord | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') {
    const fields = entity && catalog?.entities[entity] ? Object.keys(catalog.entities[entity].fields) : undefined;
    return readDataRecord(checker, value, pointer, fields);
  }
  const key = entity ? catalog?.entities[entity]?.key : undefined;
  if (!entity || !key) {
    checker.error(
      pointer,
      `A record given by its key needs ${entity ? 'the entity catalog (`catalog` in mwkit.yaml)' : 'a details page or a record action to say its entity'}.`,
      'Give the record as a mapping instead, e.g. record: { number: ER-1, status: Draft }',
    );
    return undefined;
  }
  const found = (data[entity] ?? []).find((record) => record[key] === value);
  if (!found) checker.error(pointer, `No ${entity} with ${key} \`${value}\` in the test data.`, `Add it under data: ${entity}: [ { ${key}: ${value}, … } ]`);
  return found;
}
