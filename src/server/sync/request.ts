// Checks a push body before anything is applied: a malformed batch is refused as a whole
// (400 with a pointer per problem), never half applied. Bounds keep one transaction short.
import type { ClientOperation, OperationKind, PushRequest } from './types.js';

export const maxBatchOperations = 1000;
export const maxIdLength = 128;
const kinds: readonly OperationKind[] = ['create', 'update', 'delete', 'operation'];

export interface RequestProblem {
  pointer: string;
  message: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= maxIdLength;
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function checkOperation(raw: unknown, at: string, problems: RequestProblem[]): void {
  if (!isObject(raw)) {
    problems.push({ pointer: at, message: 'An operation is an object { id, entity, kind, key?, values, baseVersion? }.' });
    return;
  }
  if (!isId(raw.id)) problems.push({ pointer: `${at}/id`, message: `id is a text of 1 to ${maxIdLength} characters made by the device (a UUID).` });
  if (typeof raw.entity !== 'string' || raw.entity === '') problems.push({ pointer: `${at}/entity`, message: 'entity is the entity name, e.g. ExpenseReport.' });
  if (!kinds.includes(raw.kind as OperationKind)) problems.push({ pointer: `${at}/kind`, message: `kind is one of ${kinds.join(', ')}.` });
  if (raw.key !== undefined && !isId(raw.key)) problems.push({ pointer: `${at}/key`, message: "key is the record's key, a text." });
  if (raw.operation !== undefined && typeof raw.operation !== 'string') problems.push({ pointer: `${at}/operation`, message: "operation is the operation's name." });
  if (raw.baseVersion !== undefined && !(Number.isInteger(raw.baseVersion) && (raw.baseVersion as number) >= 0)) {
    problems.push({ pointer: `${at}/baseVersion`, message: "baseVersion is the record's _version the change was made against (an integer)." });
  }
  if (!isObject(raw.values)) {
    problems.push({ pointer: `${at}/values`, message: 'values is an object of field values.' });
  } else {
    for (const [field, value] of Object.entries(raw.values)) {
      if (!isScalar(value)) problems.push({ pointer: `${at}/values/${field}`, message: 'A value is text, a number, true/false or null.' });
    }
  }
}

/** The push body as a PushRequest, or every problem with it. */
export function parsePushRequest(body: unknown): { request: PushRequest; problems: [] } | { request?: undefined; problems: RequestProblem[] } {
  const problems: RequestProblem[] = [];
  if (!isObject(body)) return { problems: [{ pointer: '', message: 'The body is { deviceId, operations: [...] }.' }] };
  if (!isId(body.deviceId)) problems.push({ pointer: '/deviceId', message: `deviceId is the app installation's id, 1 to ${maxIdLength} characters.` });
  if (!Array.isArray(body.operations)) {
    problems.push({ pointer: '/operations', message: 'operations is a list of operations in the order the device made them.' });
  } else if (body.operations.length > maxBatchOperations) {
    problems.push({ pointer: '/operations', message: `A batch has at most ${maxBatchOperations} operations; push the rest in the next batch.` });
  } else {
    body.operations.forEach((operation, index) => checkOperation(operation, `/operations/${index}`, problems));
    const seen = new Set<unknown>();
    body.operations.forEach((operation, index) => {
      const id = isObject(operation) ? operation.id : undefined;
      if (seen.has(id)) problems.push({ pointer: `/operations/${index}/id`, message: `The id ${String(id)} appears twice in the batch.` });
      seen.add(id);
    });
  }
  if (problems.length > 0) return { problems };
  return { request: { deviceId: body.deviceId as string, operations: body.operations as ClientOperation[] }, problems: [] };
}
