// Checks every message of the business-logic Worker before the app acts on it: a reply must
// answer a request still waiting and carry the shape that request's answer has (protocol in
// logic-protocol.ts), a query must name an entity with a plain filter and options. The Worker
// runs the script in a sandbox of its own, so a bad message means a bug or a broken Worker;
// either way it is never applied. Hand-written (not ajv): it keeps the app's shell small.
import { hasOwn } from '../../src/model/own.js';
import type { Filter } from '../../src/model/types.js';
import type { HostRequest, WorkerMessage } from './logic-protocol.js';

type Guard = (value: unknown) => boolean;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

const isString: Guard = (value) => typeof value === 'string';
const isBoolean: Guard = (value) => typeof value === 'boolean';
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isScalar: Guard = (value) => value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
const arrayOf =
  (item: Guard): Guard =>
  (value) =>
    Array.isArray(value) && value.every(item);
const recordOf =
  (item: Guard): Guard =>
  (value) =>
    isObject(value) && Object.values(value).every(item);

/** An object with these keys and no others; `optional` keys may be missing. */
function shape(required: Record<string, Guard>, optional: Record<string, Guard> = {}): Guard {
  return (value) => {
    if (!isObject(value)) return false;
    for (const [key, guard] of Object.entries(required)) if (!hasOwn(value, key) || !guard(value[key])) return false;
    for (const key of Object.keys(value)) {
      if (hasOwn(required, key)) continue;
      if (!hasOwn(optional, key) || !optional[key]!(value[key])) return false;
    }
    return true;
  };
}

const operators = shape({}, { eq: isScalar, ne: isScalar, lt: isScalar, lte: isScalar, gt: isScalar, gte: isScalar, in: arrayOf(isScalar), contains: isString });
const isFilter = recordOf((condition) => isScalar(condition) || operators(condition));
const isRecord = recordOf(isScalar);
const isSortKey = shape({ field: isString }, { order: (v) => v === 'asc' || v === 'desc' });
const isQueryOptions = shape({}, { sort: arrayOf(isSortKey), limit: isCount });
const isShownProblem = shape({ message: isString }, { at: isString });
const isShownMessage = shape({ severity: (v) => v === 'error' || v === 'warning' || v === 'info', text: isString });
const isFieldState = shape({ label: isString, visible: isBoolean, readOnly: isBoolean, required: isBoolean }, { error: isString, lookupFilter: isFilter });
const shown = { messages: arrayOf(isShownMessage), problems: arrayOf(isShownProblem) };

const isLoadAnswer = shape({ handlers: arrayOf(isString), problems: arrayOf(isShownProblem) });
const isMessagesSnapshot = shape(shown);
const isPageSnapshot = shape({ values: isRecord, fields: recordOf(shape({ label: isString, visible: isBoolean })), actions: recordOf(isBoolean), ...shown });
const isFormSnapshot = shape({ values: isRecord, fields: recordOf(isFieldState), ...shown }, { isValid: isBoolean, isQueued: isBoolean });

/** The shape of the answer to each kind of request. */
export const answerGuards: Record<HostRequest['type'], Guard> = {
  load: isLoadAnswer,
  workspace: isMessagesSnapshot,
  sync: isMessagesSnapshot,
  page: isPageSnapshot,
  start: isFormSnapshot,
  change: isFormSnapshot,
  validate: isFormSnapshot,
  queue: isFormSnapshot,
  close: (value) => value === null,
};

export type CheckedMessage =
  | { kind: 'answer'; requestId: number; value: unknown }
  | { kind: 'failure'; requestId: number; error: string }
  | { kind: 'query'; queryId: number; entity: string; filter: Filter; options: { sort?: Array<{ field: string; order?: 'asc' | 'desc' }>; limit?: number } }
  | { kind: 'engineBroken' }
  | { kind: 'refused'; reason: string };

/**
 * Checks one message from the Worker. `waitingFor` tells which kind of request a requestId
 * was sent for, if it is still waiting for its answer.
 */
export function checkWorkerMessage(message: unknown, waitingFor: (requestId: number) => HostRequest['type'] | undefined): CheckedMessage {
  if (!isObject(message)) return { kind: 'refused', reason: 'a message that is not an object' };
  switch (message.type) {
    case 'reply': {
      const { requestId } = message;
      const type = isCount(requestId) ? waitingFor(requestId) : undefined;
      if (type === undefined || !isCount(requestId)) return { kind: 'refused', reason: 'a reply to no waiting request' };
      if (message.ok === true && shape({ type: isString, requestId: isCount, ok: isBoolean, value: answerGuards[type] })(message)) {
        return { kind: 'answer', requestId, value: message.value };
      }
      if (message.ok === false && shape({ type: isString, requestId: isCount, ok: isBoolean, error: isString })(message)) {
        return { kind: 'failure', requestId, error: message.error as string };
      }
      return { kind: 'refused', reason: `a malformed answer to a ${type} request` };
    }
    case 'query':
      if (shape({ type: isString, queryId: isCount, entity: isString, filter: isFilter, options: isQueryOptions })(message)) {
        const checked = message as unknown as Extract<WorkerMessage, { type: 'query' }>;
        return { kind: 'query', queryId: checked.queryId, entity: checked.entity, filter: checked.filter, options: checked.options };
      }
      return { kind: 'refused', reason: 'a malformed query' };
    case 'engineBroken':
      return shape({ type: isString })(message) ? { kind: 'engineBroken' } : { kind: 'refused', reason: 'a malformed message' };
    default:
      return { kind: 'refused', reason: 'a message of no known type' };
  }
}
