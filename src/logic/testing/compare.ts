// Compares what a case expects with the state its handlers left, producing failures that
// say what differs, what was expected, what was there, and which script line did it.
import type { Origin } from '../api.js';
import type { ControlState, TrackedMessage } from '../state.js';
import type { Check, ExpectedMessage } from './expectations.js';

export interface CaseFailure {
  /** What differs, e.g. `values.total`, `fields.note.required`, `errors.amount`, `messages`. */
  subject: string;
  message: string;
  expected?: unknown;
  actual?: unknown;
  /** The JSON Pointer of the expectation (or event) in logic.test.yaml, and its line there. */
  pointer: string;
  line?: number;
  /** The handler and script line that produced the actual state, if logic did. */
  origin?: Origin;
}

export interface Outcome {
  state: ControlState;
  isValid?: boolean;
  isQueued?: boolean;
}

/** Deep equality where numbers may differ by floating-point noise (0.1 + 0.2 equals 0.3). */
export function isSameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return (a ?? null) === (b ?? null);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key) => isSameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

export function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function differs(subject: string, expected: unknown, actual: unknown, pointer: string, origin?: Origin): CaseFailure {
  return { subject, expected, actual, pointer, origin, message: `${subject}: expected ${show(expected)}, got ${show(actual)}` };
}

function compareErrors(expected: Record<string, string | true>, state: ControlState, pointer: string): CaseFailure[] {
  const failures: CaseFailure[] = [];
  for (const [field, tracked] of state.fields) {
    const want = expected[field];
    const subject = `errors.${field}`;
    if (want === undefined && tracked.error) failures.push(differs(subject, undefined, tracked.error, pointer, tracked.origins.error));
    else if (want !== undefined && !tracked.error) failures.push(differs(subject, want === true ? 'an error' : want, undefined, pointer));
    else if (typeof want === 'string' && tracked.error !== want) failures.push(differs(subject, want, tracked.error, pointer, tracked.origins.error));
  }
  return failures;
}

function isMatch(expected: ExpectedMessage, actual: TrackedMessage): boolean {
  return expected.text === actual.text && (expected.severity === undefined || expected.severity === actual.severity);
}

function compareMessages(expected: readonly ExpectedMessage[], actual: readonly TrackedMessage[], pointer: string): CaseFailure[] {
  const unmatched = [...actual];
  const failures: CaseFailure[] = [];
  for (const want of expected) {
    const index = unmatched.findIndex((message) => isMatch(want, message));
    if (index >= 0) unmatched.splice(index, 1);
    else failures.push({ subject: 'messages', pointer, expected: want, message: `messages: expected ${want.severity ?? 'a message'} ${show(want.text)}, not shown` });
  }
  for (const extra of unmatched) {
    failures.push({
      subject: 'messages',
      pointer,
      actual: { severity: extra.severity, text: extra.text },
      origin: extra.origin,
      message: `messages: unexpected ${extra.severity} ${show(extra.text)}`,
    });
  }
  return failures;
}

function compareCheck(check: Check, outcome: Outcome): CaseFailure[] {
  const { state } = outcome;
  switch (check.kind) {
    case 'value': {
      const actual = state.values[check.field] ?? null;
      return isSameValue(actual, check.expected) ? [] : [differs(`values.${check.field}`, check.expected, actual, check.pointer, state.valueOrigins.get(check.field))];
    }
    case 'field': {
      const tracked = state.fields.get(check.field);
      const actual = tracked?.[check.property] ?? null;
      return isSameValue(actual, check.expected) ? [] : [differs(`fields.${check.field}.${check.property}`, check.expected, actual, check.pointer, tracked?.origins[check.property])];
    }
    case 'errors':
      return compareErrors(check.expected, state, check.pointer);
    case 'messages':
      return compareMessages(check.expected, state.messages, check.pointer);
    case 'action': {
      const tracked = state.actions.get(check.actionId);
      return tracked?.visible === check.visible ? [] : [differs(`actions.${check.actionId}.visible`, check.visible, tracked?.visible, check.pointer, tracked?.origin)];
    }
    case 'valid':
    case 'queued': {
      const actual = check.kind === 'valid' ? outcome.isValid : outcome.isQueued;
      if (actual === undefined) {
        const event = check.kind === 'valid' ? '`validate` or `queue`' : '`queue`';
        return [{ subject: check.kind, pointer: check.pointer, expected: check.expected, message: `${check.kind}: the case never got that far; add ${event} to its events` }];
      }
      return actual === check.expected ? [] : [differs(check.kind, check.expected, actual, check.pointer)];
    }
  }
}

export function compareOutcome(checks: readonly Check[], outcome: Outcome): CaseFailure[] {
  return checks.flatMap((check) => compareCheck(check, outcome));
}
