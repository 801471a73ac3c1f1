// The JSON Schemas are the source of truth; this proves src/model/types.ts says the same:
// every interface has exactly its definition's properties, optional exactly where the schema
// does not require them, and every literal union has exactly the schema's enum values.
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { readSchema } from '../../src/validate/schema.js';

type JsonSchema = { properties?: Record<string, JsonSchema>; required?: string[]; enum?: string[]; $defs?: Record<string, JsonSchema> };

const project = readSchema('project') as JsonSchema;
const workspace = readSchema('workspace') as JsonSchema;
const catalog = readSchema('catalog') as JsonSchema;
const ws = (name: string) => workspace.$defs![name]!;
const cat = (name: string) => catalog.$defs![name]!;

const interfaces: Record<string, JsonSchema> = {
  Project: project,
  Workspace: workspace,
  Offline: ws('Offline'),
  Page: ws('Page'),
  FieldSpec: ws('FieldSpec'),
  SortKey: ws('SortKey'),
  Section: ws('Section'),
  Related: ws('Related'),
  Figure: ws('Figure'),
  FilterOperators: ws('FilterOperators'),
  Action: ws('Action'),
  ActionField: ws('ActionField'),
  Lookup: ws('Lookup'),
  Catalog: catalog,
  Entity: cat('Entity'),
  CatalogField: cat('Field'),
  CatalogOperation: cat('Operation'),
};

const unions: Record<string, string[]> = {
  PageKind: ws('PageKind').enum!,
  ActionKind: ws('ActionKind').enum!,
  Aggregate: ws('Aggregate').enum!,
  FieldFormat: ws('FieldFormat').enum!,
  FieldType: cat('FieldType').enum!,
  WorkspaceIcon: workspace.properties!.icon!.enum!,
  SortOrder: ws('SortKey').properties!.order!.enum!,
  FilterOperator: Object.keys(ws('FilterOperators').properties!),
};

const file = ts.createSourceFile('types.ts', readFileSync(new URL('../../src/model/types.ts', import.meta.url), 'utf8'), ts.ScriptTarget.Latest);
const declared = new Map<string, ts.InterfaceDeclaration | ts.TypeAliasDeclaration>();
file.forEachChild((node) => {
  if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) declared.set(node.name.text, node);
});

function membersOf(node: ts.InterfaceDeclaration): Array<{ name: string; isOptional: boolean }> {
  return node.members.filter(ts.isPropertySignature).map((m) => ({ name: m.name.getText(file), isOptional: m.questionToken !== undefined }));
}

function literalsOf(node: ts.TypeAliasDeclaration): string[] {
  const types = ts.isUnionTypeNode(node.type) ? node.type.types : [node.type];
  return types.map((t) => (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? t.literal.text : `<${t.getText(file)}>`));
}

describe('model types agree with the schemas', () => {
  it.each(Object.entries(interfaces))('interface %s', (name, schema) => {
    const node = declared.get(name);
    expect(node && ts.isInterfaceDeclaration(node)).toBe(true);
    const members = membersOf(node as ts.InterfaceDeclaration);
    expect(members.map((m) => m.name).sort()).toEqual(Object.keys(schema.properties ?? {}).sort());
    const required = new Set(schema.required ?? []);
    for (const member of members) expect({ [member.name]: member.isOptional }).toEqual({ [member.name]: !required.has(member.name) });
  });

  it.each(Object.entries(unions))('union %s', (name, values) => {
    const node = declared.get(name);
    expect(node && ts.isTypeAliasDeclaration(node)).toBe(true);
    expect(literalsOf(node as ts.TypeAliasDeclaration).sort()).toEqual([...values].sort());
  });
});
