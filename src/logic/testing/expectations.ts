// The `expect:` block of a test case, read into a flat list of checks, each remembering
// where it was written so that a failure can point at its line.
import type { Filter } from '../../model/types.js';
import type { Severity, Value } from '../api.js';
import { childPointer, type Mapping, type ShapeChecker } from './checker.js';

export type FieldProperty = 'label' | 'visible' | 'readOnly' | 'required' | 'error' | 'lookupFilter';

export interface ExpectedMessage {
  severity?: Severity;
  text: string;
}

export type Check =
  | { kind: 'value'; field: string; expected: Value; pointer: string }
  | { kind: 'field'; field: string; property: FieldProperty; expected: string | boolean | Filter | null; pointer: string }
  | { kind: 'errors'; expected: Record<string, string | true>; pointer: string }
  | { kind: 'messages'; expected: ExpectedMessage[]; pointer: string }
  | { kind: 'action'; actionId: string; visible: boolean; pointer: string }
  | { kind: 'valid' | 'queued'; expected: boolean; pointer: string };

/** What a case's target lets it expect. */
export interface ExpectScope {
  kind: 'workspace' | 'page' | 'action' | 'sync';
  fields: readonly string[];
  actions: readonly string[];
}

const fieldProperties: readonly FieldProperty[] = ['label', 'visible', 'readOnly', 'required', 'error', 'lookupFilter'];
const severities: readonly Severity[] = ['error', 'warning', 'info'];

function keysFor(kind: ExpectScope['kind']): string[] {
  switch (kind) {
    case 'action':
      return ['values', 'fields', 'errors', 'messages', 'valid', 'queued'];
    case 'page':
      return ['values', 'fields', 'messages', 'actions'];
    default:
      return ['messages'];
  }
}

function readFields(checker: ShapeChecker, value: unknown, pointer: string, scope: ExpectScope, checks: Check[]): void {
  if (!checker.isMapping(value, pointer, '`fields`')) return;
  for (const [field, properties] of Object.entries(value)) {
    const at = childPointer(pointer, field);
    if (!checker.knownName(field, scope.fields, at, 'field', 'key')) continue;
    if (!checker.isMapping(properties, at, `\`fields.${field}\``)) continue;
    checker.knownKeys(properties, at, fieldProperties, `the expected state of \`${field}\``);
    for (const [property, expected] of Object.entries(properties)) {
      if (!(fieldProperties as readonly string[]).includes(property)) continue;
      const where = childPointer(at, property);
      const isValid =
        property === 'label'
          ? checker.isText(expected, where, '`label`')
          : property === 'error'
            ? expected === null || checker.isText(expected, where, '`error`')
            : property === 'lookupFilter'
              ? expected === null || checker.isMapping(expected, where, '`lookupFilter`')
              : checker.isBoolean(expected, where, `\`${property}\``);
      if (isValid) checks.push({ kind: 'field', field, property: property as FieldProperty, expected: expected as string | boolean | Filter | null, pointer: where });
    }
  }
}

function readMessages(checker: ShapeChecker, value: unknown, pointer: string): ExpectedMessage[] | undefined {
  if (!checker.isList(value, pointer, '`messages`')) return undefined;
  const messages: ExpectedMessage[] = [];
  value.forEach((item, index) => {
    const at = childPointer(pointer, index);
    if (typeof item === 'string') {
      messages.push({ text: item });
      return;
    }
    const entries = item !== null && typeof item === 'object' && !Array.isArray(item) ? Object.entries(item as Mapping) : [];
    const [severity, text] = entries[0] ?? [];
    if (entries.length !== 1 || !severities.includes(severity as Severity) || typeof text !== 'string') {
      checker.error(at, 'A message is a text, or `{ error: text }`, `{ warning: text }` or `{ info: text }`.');
      return;
    }
    messages.push({ severity: severity as Severity, text });
  });
  return messages;
}

function readErrors(checker: ShapeChecker, value: unknown, pointer: string, scope: ExpectScope): Record<string, string | true> | undefined {
  if (!checker.isMapping(value, pointer, '`errors`')) return undefined;
  const errors: Record<string, string | true> = {};
  for (const [field, text] of Object.entries(value)) {
    const at = childPointer(pointer, field);
    if (!checker.knownName(field, scope.fields, at, 'field', 'key')) continue;
    if (text === true || checker.isText(text, at, `The expected error of \`${field}\``)) errors[field] = text as string | true;
  }
  return errors;
}

function readEntry(checker: ShapeChecker, key: string, value: unknown, pointer: string, scope: ExpectScope, checks: Check[]): void {
  switch (key) {
    case 'values':
      if (!checker.isMapping(value, pointer, '`values`')) return;
      for (const [field, expected] of Object.entries(value)) {
        const at = childPointer(pointer, field);
        if (checker.knownName(field, scope.fields, at, 'field', 'key') && checker.isValue(expected, at, `The expected value of \`${field}\``)) {
          checks.push({ kind: 'value', field, expected: expected as Value, pointer: at });
        }
      }
      return;
    case 'fields':
      return readFields(checker, value, pointer, scope, checks);
    case 'errors': {
      const expected = readErrors(checker, value, pointer, scope);
      if (expected) checks.push({ kind: 'errors', expected, pointer });
      return;
    }
    case 'messages': {
      const expected = readMessages(checker, value, pointer);
      if (expected) checks.push({ kind: 'messages', expected, pointer });
      return;
    }
    case 'actions':
      if (!checker.isMapping(value, pointer, '`actions`')) return;
      for (const [actionId, state] of Object.entries(value)) {
        const at = childPointer(pointer, actionId);
        if (!checker.knownName(actionId, scope.actions, at, 'action of this page', 'key', 'actions of this page') || !checker.isMapping(state, at, `\`actions.${actionId}\``)) continue;
        checker.knownKeys(state, at, ['visible'], `the expected state of action \`${actionId}\``);
        if (checker.isBoolean(state.visible, childPointer(at, 'visible'), '`visible`')) checks.push({ kind: 'action', actionId, visible: state.visible as boolean, pointer: at });
      }
      return;
    case 'valid':
    case 'queued':
      if (checker.isBoolean(value, pointer, `\`${key}\``)) checks.push({ kind: key, expected: value as boolean, pointer });
  }
}

/** Reads `expect:`; keys that do not apply to the case's target are reported. */
export function readExpectations(checker: ShapeChecker, value: unknown, pointer: string, scope: ExpectScope): Check[] {
  const checks: Check[] = [];
  if (value === undefined) return checks;
  if (!checker.isMapping(value, pointer, '`expect`')) return checks;
  const allowed = keysFor(scope.kind);
  const where =
    scope.kind === 'action' ? 'the expectations of an action case' : scope.kind === 'page' ? 'the expectations of a page case' : `the expectations of a ${scope.kind} case (only \`messages\`)`;
  checker.knownKeys(value, pointer, allowed, where);
  for (const [key, entry] of Object.entries(value)) {
    if (allowed.includes(key)) readEntry(checker, key, entry, childPointer(pointer, key), scope, checks);
  }
  return checks;
}
