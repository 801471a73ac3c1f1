// src/logic/ctx-api.ts (the table validate's static checks use) must describe exactly what
// types/logic.d.ts declares: every ctx member, value or method, and which first arguments
// name a field, an action or an entity. The declarations are read with the TypeScript compiler.
import ts from 'typescript';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { handlerNames } from '../../src/logic/api.js';
import { contextMembers, handlerContexts, handlerFieldSources, type CtxMember } from '../../src/logic/ctx-api.js';

const declarations = fileURLToPath(new URL('../../types/logic.d.ts', import.meta.url));
const program = ts.createProgram([declarations], { strict: true, noEmit: true, types: [] });
const checker = program.getTypeChecker();
const sourceFile = program.getSourceFile(declarations)!;
const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(sourceFile)!);

function declaredType(name: string): ts.Type {
  const symbol = exported.find((s) => s.name === name);
  if (!symbol) throw new Error(`types/logic.d.ts does not export ${name}`);
  return checker.getDeclaredTypeOfSymbol(symbol);
}

/** The parameter names that make a first argument a reference to the workspace. */
const roleOfParameter: Record<string, CtxMember['argument']> = { field: 'field', actionId: 'action', entity: 'entity' };

/** A member as the declarations describe it, in the table's terms. */
function describeMember(property: ts.Symbol): CtxMember {
  const signatures = checker.getTypeOfSymbol(property).getCallSignatures();
  if (signatures.length === 0) return { kind: 'value' };
  const first = signatures[0]!.getParameters()[0]?.name;
  const role = first ? roleOfParameter[first] : undefined;
  return role ? { kind: 'method', argument: role } : { kind: 'method' };
}

function declaredMembers(name: string): Record<string, CtxMember> {
  const members = checker.getPropertiesOfType(declaredType(name)).map((p) => [p.name, describeMember(p)] as const);
  return Object.fromEntries(members.sort(([a], [b]) => a.localeCompare(b)));
}

function sorted(members: Readonly<Record<string, CtxMember>>): Record<string, CtxMember> {
  return Object.fromEntries(Object.entries(members).sort(([a], [b]) => a.localeCompare(b)));
}

describe('the ctx API table and types/logic.d.ts', () => {
  it.each(Object.keys(contextMembers))('%s: the same members, kinds and argument roles', (name) => {
    expect(sorted(contextMembers[name]!)).toEqual(declaredMembers(name));
  });

  it('gives each handler the ctx type its declaration takes', () => {
    const handlers = declaredType('Handlers');
    const declared = Object.fromEntries(
      checker.getPropertiesOfType(handlers).map((p) => {
        const parameter = checker.getTypeOfSymbol(p).getNonNullableType().getCallSignatures()[0]!.getParameters()[0]!;
        return [p.name, checker.typeToString(checker.getTypeOfSymbol(parameter))];
      }),
    );
    expect(handlerContexts).toEqual(declared);
    expect(Object.keys(handlerContexts).sort()).toEqual([...handlerNames].sort());
  });

  it('knows where field names come from for exactly the handlers whose ctx has field methods', () => {
    const withFieldMethods = handlerNames.filter((h) => Object.values(contextMembers[handlerContexts[h]]!).some((m) => m.argument === 'field'));
    expect(Object.keys(handlerFieldSources).sort()).toEqual([...withFieldMethods].sort());
  });

  it('is meaningful: the declarations have each role at least once', () => {
    const roles = Object.keys(contextMembers).flatMap((name) => Object.values(declaredMembers(name)).map((m) => m.argument));
    expect(new Set(roles)).toEqual(new Set([undefined, 'field', 'action', 'entity']));
  });
});
