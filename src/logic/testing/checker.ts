// A small helper for checking hand-written YAML against a shape, reporting MW240 at the
// line of the offending key or value, with a "did you mean" for misspelt keys and names.
import type { Diagnostic } from '../../diagnostics.js';
import { didYouMean } from '../../text/suggest.js';
import { joinPointer, locate, pointerSegments, type SourceFile } from '../../yaml/source.js';

export type Mapping = Record<string, unknown>;

export class ShapeChecker {
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly source: SourceFile) {}

  error(pointer: string, message: string, hint?: string, target: 'key' | 'value' = 'value'): void {
    this.diagnostics.push({
      severity: 'error',
      code: 'MW240',
      message,
      file: this.source.file,
      ...locate(this.source, pointer, target),
      pointer,
      ...(hint ? { hint } : {}),
    });
  }

  isMapping(value: unknown, pointer: string, what: string): value is Mapping {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return true;
    this.error(pointer, `${what} must be a mapping (key: value).`);
    return false;
  }

  isList(value: unknown, pointer: string, what: string): value is unknown[] {
    if (Array.isArray(value)) return true;
    this.error(pointer, `${what} must be a list.`);
    return false;
  }

  isText(value: unknown, pointer: string, what: string): value is string {
    if (typeof value === 'string' && value.trim() !== '') return true;
    this.error(pointer, `${what} must be a non-empty text.`);
    return false;
  }

  isBoolean(value: unknown, pointer: string, what: string): value is boolean {
    if (typeof value === 'boolean') return true;
    this.error(pointer, `${what} must be true or false.`);
    return false;
  }

  /** A field value: text, number, true/false or null. */
  isValue(value: unknown, pointer: string, what: string): boolean {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
    this.error(pointer, `${what} must be a text, a number, true/false or null.`);
    return false;
  }

  /** Reports keys of `mapping` that are not `allowed`, at the key. */
  knownKeys(mapping: Mapping, pointer: string, allowed: readonly string[], where: string): void {
    for (const key of Object.keys(mapping)) {
      if (allowed.includes(key)) continue;
      this.error(childPointer(pointer, key), `Unknown key \`${key}\` in ${where}.`, didYouMean(key, allowed, 'keys'), 'key');
    }
  }

  /** Reports a name that is not among `known` (a page, an action, a field …). */
  /** `whats`: the plural of `what` where adding an s is wrong ('actions of this page'). */
  knownName(name: string, known: readonly string[], pointer: string, what: string, target: 'key' | 'value' = 'value', whats = `${what}s`): boolean {
    if (known.includes(name)) return true;
    this.error(pointer, `Unknown ${what} \`${name}\`.`, didYouMean(name, known, whats) ?? `There is no ${what} to name here.`, target);
    return false;
  }
}

export function childPointer(pointer: string, ...segments: Array<string | number>): string {
  return joinPointer(...pointerSegments(pointer), ...segments);
}
