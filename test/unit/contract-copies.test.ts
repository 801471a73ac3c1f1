// The wire contract has one home, src/contract/ (issue 29, step 8). This fails when a type the
// contract exports is declared again anywhere in src/ or app/src/ (a copy drifts: that is how
// `keyFingerprint` came to be "" on the wire), when the CLI's or the app's client declares a
// shape of its own or types an answer with anything but the contract's (and the model's) types,
// or when app code other than the app's client names an endpoint.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const contractDir = join(root, 'src/contract');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const read = (path: string) => readFileSync(path, 'utf8');
const where = (path: string) => relative(root, path);

/** `interface X` and `type X =` declared in `text` (not `export type { X } from …`, a re-export). */
export function declaredTypes(text: string): string[] {
  const declaration = /^\s*(?:export\s+)?(?:declare\s+)?(?:interface\s+([A-Za-z_$][\w$]*)|type\s+([A-Za-z_$][\w$]*)\s*(?:<[^=]*>)?\s*=)/gm;
  return [...text.matchAll(declaration)].map((match) => (match[1] ?? match[2])!);
}

/** The type arguments a client passes to its request function: `request<AppliedPackage[]>(…)`. */
export function answerTypes(text: string): string[] {
  return [...text.matchAll(/\brequest(?:IfChanged)?<([^>(]*)>\(/g)].flatMap((match) =>
    match[1]!
      .split('|')
      .map((part) => part.trim().replace(/\[\]$/, ''))
      .filter(Boolean),
  );
}

const contractTypes = new Set(sourceFiles(contractDir).flatMap((file) => declaredTypes(read(file))));
/** Types a client may name besides the contract's: the model's (the catalog, a record) and no answer at all. */
const otherWireTypes = new Set(['Catalog', 'DataRecord', 'void', 'T']);
const clients = ['src/env/api.ts', 'app/src/client.ts'].map((path) => join(root, path));

describe('the contract has one home', () => {
  it('finds the types the contract exports (so the checks below check something)', () => {
    for (const name of ['Plan', 'PackageSummary', 'User', 'Publication', 'PushRequest', 'OperationResult', 'PullResponse', 'DataPage', 'Problem']) expect(contractTypes).toContain(name);
  });

  it('sees a declaration and an answer type the way the checks read them', () => {
    expect(
      declaredTypes(
        'export interface Plan {\n}\ntype DataPage = { items: [] };\nexport type { User } from "x";\nimport type { Problem } from "y";\nimport {\n  type ApplyQuery,\n} from "z";\ntype Page<T> = T[];',
      ),
    ).toEqual(['Plan', 'DataPage', 'Page']);
    expect(answerTypes("request<AppliedPackage[]>('GET', '/packages'); request<{ items: string[] }>(x); requestIfChanged<A | B>(y)")).toEqual(['AppliedPackage', '{ items: string[] }', 'A', 'B']);
  });

  it('declares none of them again in src/ or app/src/', () => {
    const files = [...sourceFiles(join(root, 'src')).filter((file) => !file.startsWith(contractDir)), ...sourceFiles(join(root, 'app/src'))];
    const copies = files.flatMap((file) =>
      declaredTypes(read(file))
        .filter((name) => contractTypes.has(name))
        .map((name) => `${where(file)} declares ${name}, which src/contract/ exports: import it from there`),
    );
    expect(copies).toEqual([]);
  });

  it.each(clients.map(where))('%s declares no wire shape of its own and types every answer with the contract', (path) => {
    const text = read(join(root, path));
    const own = declaredTypes(text).filter((name) => !['UploadOptions', 'EnvironmentApi'].includes(name));
    expect(own, 'types a client declares (an options bag is fine: name it in this test)').toEqual([]);
    const answers = answerTypes(text);
    expect(answers.length).toBeGreaterThan(5);
    expect(answers.filter((name) => !contractTypes.has(name) && !otherWireTypes.has(name))).toEqual([]);
  });

  it("checks every body the CLI's client sends against the contract's request type", () => {
    const lines = read(join(root, 'src/env/api.ts'))
      .split('\n')
      .filter((line) => /\bjson: /.test(line));
    expect(lines.length).toBeGreaterThan(3);
    const unchecked = lines.filter((line) => !/satisfies ([A-Z]\w+)/.test(line) || !contractTypes.has(/satisfies ([A-Z]\w+)/.exec(line)![1]!));
    expect(unchecked).toEqual([]);
  });

  it("leaves naming the environment's endpoints to the app's client", () => {
    const elsewhere = sourceFiles(join(root, 'app/src'))
      .filter((file) => !['app/src/client.ts', 'app/src/api.ts'].includes(where(file)))
      .filter((file) => /\brequest(?:IfChanged)?\s*[<(]|\bapiBase\b|['"`]\/api\/v1\//.test(read(file).replace(/^\s*\/\/.*$/gm, '')))
      .map(where);
    expect(elsewhere).toEqual([]);
  });

  it("takes the environment's shapes from the contract, never from the server's code", () => {
    const fromServer = sourceFiles(join(root, 'app/src')).filter((file) => /from\s+['"][./]+\/src\/server\//.test(read(file)));
    expect(fromServer.map(where)).toEqual([]);
  });
});
