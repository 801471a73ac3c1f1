// What onActionValidating may return, besides calling ctx.setFieldError / ctx.addMessage:
// nothing, a message for the form, a list of them, or { field: message } for fields.
import type { Origin } from './api.js';
import type { CallScope } from './context.js';
import type { LogicProblem } from './runtime.js';

const expected = 'Return nothing, a message, a list of messages, or { field: message }.';

function problem(scope: CallScope, message: string): LogicProblem {
  const position = scope.env.sandbox.declarations.get(scope.handler);
  return { code: 'MW230', handler: scope.handler, position, message, hint: expected };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return value === null ? 'null' : typeof value;
}

/** Folds a returned validation result into the state; a problem if it has the wrong shape. */
export function applyValidationResult(scope: CallScope, value: unknown): LogicProblem | undefined {
  const origin: Origin = { handler: scope.handler, position: scope.env.sandbox.declarations.get(scope.handler), isReturned: true };
  const formError = (text: string) => scope.state.messages.push({ severity: 'error', text, origin, isFromValidation: true });
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') {
    formError(value);
    return undefined;
  }
  if (Array.isArray(value)) {
    const wrong = value.find((item) => typeof item !== 'string');
    if (wrong !== undefined) return problem(scope, `onActionValidating returned a list with ${describe(wrong)} in it; list items are messages (text).`);
    for (const item of value as string[]) if (item !== '') formError(item);
    return undefined;
  }
  if (typeof value !== 'object') return problem(scope, `onActionValidating returned ${describe(value)} ${JSON.stringify(value)}.`);
  for (const [field, message] of Object.entries(value)) {
    if (message === undefined || message === null || message === '') continue;
    const tracked = scope.state.fields.get(field);
    if (!tracked) {
      const names = [...scope.state.fields.keys()].join(', ') || 'none';
      return problem(scope, `onActionValidating returned a message for \`${field}\`, which is not a field of the form (fields: ${names}).`);
    }
    if (typeof message !== 'string') return problem(scope, `onActionValidating returned ${describe(message)} for \`${field}\`; a field's message is a text.`);
    tracked.error = message;
    tracked.isValidationError = true;
    tracked.origins.error = origin;
  }
  return undefined;
}
