// The app checks every message of its logic Worker (app/src/logic-guards.ts): only a
// well-formed answer to a request still waiting, or a well-formed query, is ever acted on.
import { describe, expect, it } from 'vitest';
import { checkWorkerMessage } from '../../app/src/logic-guards.js';
import type { HostRequest } from '../../app/src/logic-protocol.js';

const waiting = new Map<number, HostRequest['type']>([
  [3, 'validate'],
  [4, 'load'],
  [5, 'page'],
  [6, 'close'],
]);
const waitingFor = (id: number) => waiting.get(id);
const form = {
  values: { name: null, amount: 12.5 },
  fields: { name: { label: 'Name', visible: true, readOnly: false, required: true, error: 'Name is required.' } },
  messages: [{ severity: 'warning', text: 'Check the amount.' }],
  problems: [{ message: 'onActionValidating threw', at: 'w/logic.js:3:5' }],
  isValid: false,
};

describe('checkWorkerMessage', () => {
  it("accepts a well-formed answer to a waiting request, by that request's answer type", () => {
    expect(checkWorkerMessage({ type: 'reply', requestId: 3, ok: true, value: form }, waitingFor)).toEqual({ kind: 'answer', requestId: 3, value: form });
    expect(checkWorkerMessage({ type: 'reply', requestId: 4, ok: true, value: { handlers: ['onFieldChanged'], problems: [] } }, waitingFor).kind).toBe('answer');
    expect(checkWorkerMessage({ type: 'reply', requestId: 6, ok: true, value: null }, waitingFor).kind).toBe('answer');
    expect(checkWorkerMessage({ type: 'reply', requestId: 3, ok: false, error: 'The form f is not open.' }, waitingFor)).toEqual({ kind: 'failure', requestId: 3, error: 'The form f is not open.' });
  });

  it('refuses a forged reply to a request nobody is waiting for', () => {
    expect(checkWorkerMessage({ type: 'reply', requestId: 99, ok: true, value: { ...form, isValid: true, isQueued: true } }, waitingFor).kind).toBe('refused');
    expect(checkWorkerMessage({ type: 'reply', requestId: '3', ok: true, value: form }, waitingFor).kind).toBe('refused');
  });

  it("refuses an answer whose shape is not that request's answer", () => {
    const refused = (requestId: number, value: unknown) => checkWorkerMessage({ type: 'reply', requestId, ok: true, value }, waitingFor).kind;
    expect(refused(3, { handlers: [], problems: [] })).toBe('refused'); // a LoadAnswer for a form request
    expect(refused(4, form)).toBe('refused'); // a form for a load
    expect(refused(3, { ...form, isValid: 'yes' })).toBe('refused');
    expect(refused(3, { ...form, values: { name: { toString: 'x' } } })).toBe('refused');
    expect(refused(3, { ...form, fields: { name: { label: 'Name', visible: true } } })).toBe('refused');
    expect(refused(3, { ...form, extra: 1 })).toBe('refused');
    expect(refused(5, { values: {}, fields: {}, actions: { approve: 'no' }, messages: [], problems: [] })).toBe('refused');
    expect(refused(6, {})).toBe('refused');
    expect(checkWorkerMessage({ type: 'reply', requestId: 3, ok: false, error: { message: 'x' } }, waitingFor).kind).toBe('refused');
  });

  it('accepts a well-formed query and refuses one with a filter that is not an object', () => {
    const query = { type: 'query', queryId: 1, entity: 'ExpenseLine', filter: { reportNumber: 'EXP-1', amount: { gte: 10 } }, options: { sort: [{ field: 'date', order: 'desc' }], limit: 5 } };
    expect(checkWorkerMessage(query, waitingFor)).toEqual({ kind: 'query', queryId: 1, entity: 'ExpenseLine', filter: query.filter, options: query.options });
    for (const filter of ['reportNumber = 1', ['a'], null, { amount: { between: [1, 2] } }, { amount: { in: 'x' } }]) {
      expect(checkWorkerMessage({ ...query, filter }, waitingFor).kind).toBe('refused');
    }
    expect(checkWorkerMessage({ ...query, entity: 7 }, waitingFor).kind).toBe('refused');
    expect(checkWorkerMessage({ ...query, options: { limit: -1 } }, waitingFor).kind).toBe('refused');
    expect(checkWorkerMessage({ ...query, queryId: 1.5 }, waitingFor).kind).toBe('refused');
  });

  it('refuses anything else', () => {
    for (const message of [null, 'reply', [], { type: 'request', requestId: 3 }, { type: 'engineBroken', extra: 1 }]) {
      expect(checkWorkerMessage(message, waitingFor).kind).toBe('refused');
    }
    expect(checkWorkerMessage({ type: 'engineBroken' }, waitingFor).kind).toBe('engineBroken');
  });
});
