// The reference docs must keep up with the code: every diagnostic code has its section (with the
// anchor the SARIF reporter links to), and every key of the three schemas is documented.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codes } from '../../src/validate/codes.js';
import { readSchema, type SchemaName } from '../../src/validate/schema.js';

function readDoc(name: string): string {
  return readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8');
}

/** Every key of every `properties` object in a schema, at any depth ($defs, if/then, …). */
function propertyNames(schema: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) propertyNames(item, found);
  } else if (schema !== null && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' && value !== null && typeof value === 'object') {
        for (const name of Object.keys(value)) found.add(name);
      }
      propertyNames(value, found);
    }
  }
  return found;
}

describe('docs/diagnostics.md', () => {
  const doc = readDoc('diagnostics.md');
  const lines = doc.split('\n');

  it.each(Object.entries(codes))('documents %s with its anchor and heading', (code, info) => {
    const heading = `## ${code} ${info.name}`;
    const at = lines.indexOf(heading);
    expect(at, `missing heading "${heading}"`).toBeGreaterThan(0);
    // The anchor sits right before the heading (blank lines allowed) so #mw101 lands on it.
    const before = lines
      .slice(0, at)
      .filter((line) => line.trim() !== '')
      .at(-1);
    expect(before).toBe(`<a id="${code.toLowerCase()}"></a>`);
  });

  it('has no section or anchor for a code that does not exist', () => {
    const headed = [...doc.matchAll(/^## (MW\d+)\b/gm)].map((m) => m[1]);
    const anchored = [...doc.matchAll(/<a id="(mw\d+)"><\/a>/g)].map((m) => m[1]!.toUpperCase());
    const known = Object.keys(codes);
    expect(headed.filter((code) => !known.includes(code!))).toEqual([]);
    expect(anchored.filter((code) => !known.includes(code))).toEqual([]);
    expect(new Set(headed).size).toBe(headed.length);
  });
});

describe('docs/workspace-language.md', () => {
  const doc = readDoc('workspace-language.md');
  const schemas: readonly SchemaName[] = ['project', 'workspace', 'catalog'];

  it('the walk finds the keys of nested definitions', () => {
    const names = propertyNames(readSchema('workspace'));
    for (const name of ['schemaVersion', 'records', 'contains', 'lookup', 'display', 'hidden']) expect(names).toContain(name);
  });

  it.each(schemas)('mentions every property of the %s schema as `code`', (name) => {
    const missing = [...propertyNames(readSchema(name))].filter((property) => !doc.includes(`\`${property}\``));
    expect(missing).toEqual([]);
  });
});

describe('docs/data-model.md', () => {
  const doc = readDoc('data-model.md');
  it.each(['model', 'roles'] as const)('mentions every property of the %s schema as `code`', (name) => {
    const missing = [...propertyNames(readSchema(name))].filter((property) => !doc.includes(`\`${property}\``));
    expect(missing).toEqual([]);
  });
});

describe('DEVELOPERS.md', () => {
  const doc = readFileSync(new URL('../../DEVELOPERS.md', import.meta.url), 'utf8');
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
  const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, { version: string }> };

  it.each(Object.keys(manifest.dependencies).filter((name) => name !== 'ajv-formats'))('lists %s at the locked major version', (name) => {
    const row = doc.split('\n').find((line) => line.startsWith(`| ${name} `));
    expect(row, `no row for ${name}`).toBeDefined();
    const [major] = lock.packages[`node_modules/${name}`]!.version.split('.');
    expect(row!.split('|')[2]!.trim().startsWith(`${major}.`)).toBe(true);
  });
});
