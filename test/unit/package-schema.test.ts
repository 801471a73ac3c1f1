// schemas/manifest.schema.json is the source of truth for manifest.json and signature.json:
// strict 2020-12, a description on every property, the same shapes as src/package/format.ts,
// and the same verdicts from a second, independent validator.
import { Validator } from '@cfworker/json-schema';
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { jsonBytes, type Manifest } from '../../src/package/format.js';
import { manifestSchemaError, signatureSchemaError } from '../../src/package/manifest.js';

type JsonSchema = {
  $ref?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  $defs?: Record<string, JsonSchema>;
  additionalProperties?: boolean;
  type?: string;
};

const schema = JSON.parse(readFileSync(new URL('../../schemas/manifest.schema.json', import.meta.url), 'utf8')) as JsonSchema & { $schema: string };
const defs = schema.$defs!;

const interfaces: Record<string, JsonSchema> = {
  Manifest: schema,
  ManifestWorkspace: defs.Workspace!,
  ManifestFile: defs.File!,
  SignatureFile: defs.SignatureFile!,
};

const source = ts.createSourceFile('format.ts', readFileSync(new URL('../../src/package/format.ts', import.meta.url), 'utf8'), ts.ScriptTarget.Latest);
const declared = new Map<string, ts.InterfaceDeclaration>();
source.forEachChild((node) => {
  if (ts.isInterfaceDeclaration(node)) declared.set(node.name.text, node);
});

function everyProperty(node: JsonSchema, at: string, visit: (at: string, property: JsonSchema) => void): void {
  for (const [key, property] of Object.entries(node.properties ?? {})) {
    visit(`${at}/properties/${key}`, property);
    everyProperty(property, `${at}/properties/${key}`, visit);
  }
  for (const [key, definition] of Object.entries(node.$defs ?? {})) everyProperty(definition, `${at}/$defs/${key}`, visit);
}

const manifest: Manifest = {
  format: 1,
  name: 'demo',
  publisher: 'Contoso',
  version: '1.0.0',
  createdAt: '1980-01-01T00:00:00Z',
  tool: { name: 'mwkit', version: '0.1.0' },
  workspaces: [{ id: 'expense-management', version: '1.0.0', path: 'workspaces/expense-management/workspace.json' }],
  files: [{ path: 'workspaces/expense-management/workspace.json', size: 10, sha256: 'a'.repeat(64) }],
};

describe('the manifest schema', () => {
  it('is draft 2020-12, closed, and describes every property and definition', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const missing: string[] = [];
    everyProperty(schema, '#', (at, property) => {
      if (!property.description) missing.push(at);
      if (property.type === 'object') expect({ at, additionalProperties: property.additionalProperties }).toEqual({ at, additionalProperties: false });
    });
    for (const [name, definition] of Object.entries(defs)) if (!definition.description) missing.push(`#/$defs/${name}`);
    expect(missing).toEqual([]);
    expect(schema.additionalProperties).toBe(false);
  });

  it.each(Object.entries(interfaces))('agrees with interface %s', (name, definition) => {
    const node = declared.get(name)!;
    expect(node).toBeDefined();
    const members = node.members.filter(ts.isPropertySignature).map((m) => ({ name: m.name.getText(source), isOptional: m.questionToken !== undefined }));
    expect(members.map((m) => m.name).sort()).toEqual(Object.keys(definition.properties ?? {}).sort());
    const required = new Set(definition.required ?? []);
    for (const member of members) expect({ [member.name]: member.isOptional }).toEqual({ [member.name]: !required.has(member.name) });
  });

  const cases: Array<[string, unknown, boolean]> = [
    ['a minimal manifest', manifest, true],
    ['with a description', { ...manifest, description: 'Field apps' }, true],
    ['with milliseconds in createdAt', { ...manifest, createdAt: '2024-01-02T03:04:05.123Z' }, true],
    ['a local time', { ...manifest, createdAt: '2024-01-02T03:04:05+02:00' }, false],
    ['an unknown key', { ...manifest, signedBy: 'me' }, false],
    ['format 2', { ...manifest, format: 2 }, false],
    ['an uppercase name', { ...manifest, name: 'Demo' }, false],
    ['a version that is not semver', { ...manifest, version: '1.0' }, false],
    ['a negative size', { ...manifest, files: [{ ...manifest.files[0]!, size: -1 }] }, false],
    ['an uppercase digest', { ...manifest, files: [{ ...manifest.files[0]!, sha256: 'A'.repeat(64) }] }, false],
    ['a `..` path', { ...manifest, files: [{ ...manifest.files[0]!, path: 'workspaces/../x' }] }, false],
    ['a `.` path', { ...manifest, files: [{ ...manifest.files[0]!, path: './x' }] }, false],
    ['an absolute path', { ...manifest, files: [{ ...manifest.files[0]!, path: '/x' }] }, false],
    ['a backslash path', { ...manifest, files: [{ ...manifest.files[0]!, path: 'a\\b' }] }, false],
    ['signature.json listed', { ...manifest, files: [{ ...manifest.files[0]!, path: 'signature.json' }] }, false],
    ['a workspace path elsewhere', { ...manifest, workspaces: [{ ...manifest.workspaces[0]!, path: 'x/workspace.json' }] }, false],
    ['no files', { ...manifest, files: [] }, false],
  ];

  it.each(cases)('%s: ajv and a second validator agree (valid: %s)', (_, data, isValid) => {
    const other = new Validator(schema as never, '2020-12', false).validate(data).valid;
    expect({ ajv: manifestSchemaError(data) === undefined, other }).toEqual({ ajv: isValid, other: isValid });
  });

  it('describes where a manifest is wrong', () => {
    expect(manifestSchemaError({ ...manifest, tool: { name: 'mwkit' } })).toBe('/tool: missing key `version`');
    expect(manifestSchemaError(JSON.parse(jsonBytes({ ...manifest, extra: 1 }).toString()))).toBe('(root): unknown key `extra`');
  });

  it('checks signature.json against $defs/SignatureFile', () => {
    const signature = { algorithm: 'ed25519', keyFingerprint: 'b'.repeat(64), signature: `${'A'.repeat(86)}==` };
    expect(signatureSchemaError(signature)).toBeUndefined();
    expect(signatureSchemaError({ ...signature, algorithm: 'rsa' })).toMatch(/\/algorithm/);
    expect(signatureSchemaError({ ...signature, signature: 'AAAA' })).toMatch(/\/signature/);
    expect(signatureSchemaError({ ...signature, publicKey: 'x' })).toMatch(/unknown key `publicKey`/);
  });
});

describe('docs/packages.md', () => {
  const doc = readFileSync(new URL('../../docs/packages.md', import.meta.url), 'utf8');
  const unionMembers = (file: string, type: string): string[] => {
    const text = readFileSync(new URL(`../../src/package/${file}`, import.meta.url), 'utf8');
    const body = text.slice(text.indexOf(`export type ${type} =`), text.indexOf(';', text.indexOf(`export type ${type} =`)));
    return [...body.matchAll(/\| '([a-z-]+)'/g)].map((m) => m[1]!);
  };

  it('mentions every manifest key as `code`', () => {
    const keys = new Set<string>();
    everyProperty(schema, '#', (at) => keys.add(at.split('/').at(-1)!));
    expect([...keys].filter((key) => !doc.includes(`\`${key}\``))).toEqual([]);
  });

  it.each([
    ['errors.ts', 'PackageErrorCode'],
    ['verify.ts', 'ProblemCode'],
  ])('documents every code of %s', (file, type) => {
    const members = unionMembers(file, type);
    expect(members.length).toBeGreaterThan(5);
    expect(members.filter((code) => !doc.includes(`\`${code}\``))).toEqual([]);
  });
});
