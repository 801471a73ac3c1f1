// Checks of what a script hands a ctx method, beyond its type: data that must stay plain (it
// travels on between threads in the app) and text that must fit a phone's screen.
import { LogicApiError } from './state.js';

/**
 * Where `value` holds something that is not plain data (a function, a date, an undefined), or
 * undefined when it is all text, numbers, true/false, null, lists and mappings. What logic hands
 * the host travels on as data (the app posts it between threads): a function there would break
 * the form far from the line that put it in.
 */
function notPlainData(value: unknown, path: string, depth = 0): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is ${value}`;
  if (depth > 16) return `${path} is nested too deep`;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = notPlainData(item, `${path}[${index}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      const found = notPlainData(item, `${path}.${key}`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  return `${path} is ${value instanceof Date ? 'a date' : typeof value === 'object' ? 'not a plain object' : `a ${typeof value}`}`;
}

export function requirePlainData(value: unknown, what: string, name: string): void {
  const found = notPlainData(value, name);
  if (found) throw new LogicApiError(`${what}: ${found}; only text, numbers, true/false, null, lists and mappings can be passed.`);
}

/** Text a phone shows the user: a message, an error, a label. */
export function requireShortText(text: string, maxChars: number, what: string): void {
  if (text.length > maxChars) throw new LogicApiError(`${what} has ${text.length.toLocaleString('en-US')} characters; at most ${maxChars.toLocaleString('en-US')} fit on a phone's screen.`);
}
