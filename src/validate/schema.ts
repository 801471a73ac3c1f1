// Stage 2 of validation: the committed JSON Schemas, through ajv, turned into diagnostics that
// point at the offending key or value and say how to fix it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Diagnostic } from '../diagnostics.js';
import { didYouMean } from '../text/suggest.js';
import { joinPointer, locate, pointerSegments, type SourceFile } from '../yaml/source.js';
import type { Code } from './codes.js';

export type SchemaName = 'project' | 'workspace' | 'catalog' | 'model' | 'roles';

const schemaDir = new URL('../../schemas/', import.meta.url);
let validators: Map<SchemaName, ValidateFunction> | undefined;

export function readSchema(name: SchemaName | 'manifest'): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`${name}.schema.json`, schemaDir), 'utf8')) as Record<string, unknown>;
}

// In this order: a schema's $refs name the ones before it.
const schemaNames: readonly SchemaName[] = ['project', 'workspace', 'catalog', 'model', 'roles'];
const require = createRequire(import.meta.url);

/**
 * The build precompiles the validators (scripts/compile-schemas.mjs) so a run does not pay for
 * compiling them; from src/ (unit tests) they are compiled here with the same options.
 */
function loadValidators(): Map<SchemaName, ValidateFunction> {
  try {
    const compiled = require('./schema-validators.cjs') as Record<SchemaName, ValidateFunction>;
    return new Map(schemaNames.map((n) => [n, compiled[n]]));
  } catch {
    const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    // verbose gives each error its parentSchema, which the messages and hints need.
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, strictTypes: false, strictRequired: false });
    return new Map(schemaNames.map((n) => [n, ajv.compile(readSchema(n))]));
  }
}

function validatorFor(name: SchemaName): ValidateFunction {
  validators ??= loadValidators();
  return validators.get(name)!;
}

/** Validates `source.data` against a schema; returns no diagnostics when it conforms. */
export function checkSchema(source: SourceFile, name: SchemaName): Diagnostic[] {
  const validate = validatorFor(name);
  if (validate(source.data)) return [];
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const error of validate.errors ?? []) {
    const found = describeError(error, source.data);
    if (!found) continue;
    const key = `${found.pointer}|${found.code}|${found.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { line, column } = locate(source, found.pointer, found.target);
    diagnostics.push({
      severity: 'error',
      code: found.code,
      message: found.message,
      file: source.file,
      line,
      column,
      pointer: found.pointer,
      ...(found.hint ? { hint: found.hint } : {}),
    });
  }
  return diagnostics;
}

interface Described {
  code: Code;
  pointer: string;
  target: 'key' | 'value';
  message: string;
  hint?: string;
}

function describeError(error: ErrorObject, data: unknown): Described | undefined {
  // An error inside `propertyNames` repeats the `propertyNames` error that names the key.
  if (error.propertyName !== undefined && error.keyword !== 'propertyNames') return undefined;
  const at = error.instancePath;
  const where = readablePath(at);
  const parent = error.parentSchema as { description?: string; properties?: Record<string, unknown> } | undefined;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const known = Object.keys(parent?.properties ?? {});
      return {
        code: 'MW101',
        pointer: joinPointer(...pointerSegments(at), key),
        target: 'key',
        message: `Unknown key \`${key}\`${where ? ` in ${where}` : ''}.`,
        hint: didYouMean(key, known, 'keys'),
      };
    }
    case 'false schema': {
      const segments = pointerSegments(at);
      const key = segments.at(-1) ?? '';
      const owner = valueAt(data, segments.slice(0, -1)) as { kind?: unknown; aggregate?: unknown } | undefined;
      const discriminator = typeof owner?.kind === 'string' ? 'kind' : 'aggregate';
      const value = String(owner?.[discriminator] ?? '');
      return {
        code: 'MW107',
        pointer: at,
        target: 'key',
        message: `Key \`${key}\` does not apply when ${discriminator} is \`${value}\`.`,
        hint: `Remove \`${key}\`, or change \`${discriminator}\`.`,
      };
    }
    case 'required': {
      const key = String(error.params.missingProperty);
      return { code: 'MW103', pointer: at, target: 'value', message: `Missing required key \`${key}\`${where ? ` in ${where}` : ''}.`, hint: `Add \`${key}:\`.` };
    }
    case 'type': {
      const expected = String(error.params.type).split(',').map(article).join(' or ');
      const actual = valueAt(data, pointerSegments(at));
      const isVersion = /(^|\.)version$/.test(where) && typeof actual === 'number';
      const isQuotable = expected === 'a string' && (typeof actual === 'number' || typeof actual === 'boolean');
      return {
        code: 'MW102',
        pointer: at,
        target: 'value',
        message: `\`${where || 'document'}\` must be ${expected}, not ${describeValue(actual)}.`,
        ...(isVersion ? { hint: 'Write a full semantic version in quotes or as MAJOR.MINOR.PATCH, e.g. version: 1.0.0.' } : isQuotable ? { hint: 'Put the value in quotes to make it text.' } : {}),
      };
    }
    case 'pattern':
      return describePattern(error, data, where);
    case 'enum':
    case 'const': {
      const allowed = (error.keyword === 'enum' ? (error.params.allowedValues as unknown[]) : [error.params.allowedValue]).map(String);
      const actual = valueAt(data, pointerSegments(at));
      return {
        code: 'MW106',
        pointer: at,
        target: 'value',
        message: `\`${where}\` must be ${allowed.map((v) => `\`${v}\``).join(', ')}${allowed.length > 1 ? ' (one of them)' : ''}, not \`${String(actual)}\`.`,
        hint: typeof actual === 'string' ? didYouMean(actual, allowed, 'values') : undefined,
      };
    }
    case 'propertyNames': {
      const name = String(error.params.propertyName);
      const pattern = (error.schema as { pattern?: string } | undefined)?.pattern;
      return {
        code: 'MW104',
        pointer: joinPointer(...pointerSegments(at), name),
        target: 'key',
        message: `\`${name}\` is not a valid name${where ? ` in ${where}` : ''}.`,
        hint: pattern ? `Names must match ${pattern}.` : parent?.description,
      };
    }
    case 'minItems':
    case 'minLength':
    case 'minProperties':
      if (error.params.limit === 1) return { code: 'MW108', pointer: at, target: 'value', message: `\`${where || 'document'}\` must not be empty.` };
      return { code: 'MW108', pointer: at, target: 'value', message: `\`${where || 'document'}\` ${error.message ?? 'is too short'}.` };
    case 'maxLength':
    case 'minimum':
    case 'maximum':
    case 'uniqueItems': {
      const list = valueAt(data, pointerSegments(at));
      const index = Number(error.params.i);
      const item = Array.isArray(list) ? list[index] : undefined;
      return { code: 'MW108', pointer: `${at}/${index}`, target: 'value', message: `\`${where}\` lists \`${String(item)}\` twice.`, hint: 'Remove the repeated item.' };
    }
    case 'maxItems':
      return { code: 'MW108', pointer: at, target: 'value', message: `\`${where || 'document'}\` ${error.message ?? 'is out of range'}.` };
    default:
      // if/then/else and $ref wrappers repeat an error that is reported on its own.
      return undefined;
  }
}

function describePattern(error: ErrorObject, data: unknown, where: string): Described {
  const value = String(valueAt(data, pointerSegments(error.instancePath)));
  const description = (error.parentSchema as { description?: string } | undefined)?.description ?? '';
  const isVersion = /semantic version/i.test(description) || /(^|\.)version$/.test(where);
  if (isVersion) {
    return { code: 'MW105', pointer: error.instancePath, target: 'value', message: `\`${value}\` is not a semantic version (${where}).`, hint: 'Use MAJOR.MINOR.PATCH, e.g. 1.0.0.' };
  }
  const kebab = value
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const isId = /kebab-case/i.test(description);
  return {
    code: 'MW104',
    pointer: error.instancePath,
    target: 'value',
    message: `\`${value}\` is not valid for \`${where}\`: ${description || `it must match ${String(error.params.pattern)}`}`,
    ...(isId && kebab && kebab !== value ? { hint: `Did you mean \`${kebab}\`?` } : {}),
  };
}

function article(type: string): string {
  const name = type === 'object' ? 'mapping' : type === 'array' ? 'list' : type;
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${article(typeof value)} (\`${String(value)}\`)`;
}

export function valueAt(data: unknown, segments: string[]): unknown {
  let node = data;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** `/pages/0/fields/2` → `pages[0].fields[2]`, the way people name places in YAML. */
export function readablePath(pointer: string): string {
  return pointerSegments(pointer)
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join('');
}
