// Parses YAML (and JSON, which is YAML) so that every diagnostic can point at the line and
// column of the offending key or value. The data comes from js-yaml, about ten times faster
// than building a `yaml` Document; the Document, which knows positions, is built only for a
// file that has something to report (see docs/decisions.md).
import jsYaml from 'js-yaml';
import { createRequire } from 'node:module';
import type { Document, LineCounter, Node } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { indentationProblem } from './indentation.js';

export interface SourceFile {
  /** Path relative to the project folder, forward slashes. */
  file: string;
  text: string;
  /** The document as plain data; undefined when the file did not parse. */
  data: unknown;
  /** The positioned form, built on first use by `locate`. */
  positioned?: { doc: Document.Parsed; lineCounter: LineCounter };
}

export interface Position {
  line: number;
  column: number;
}

// `yaml` is loaded only when a file has something to report: a clean run never needs it.
let yamlModule: typeof import('yaml') | undefined;
function yaml(): typeof import('yaml') {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yamlModule;
}

function positioned(source: SourceFile): { doc: Document.Parsed; lineCounter: LineCounter } {
  if (!source.positioned) {
    const { LineCounter, parseDocument } = yaml();
    const lineCounter = new LineCounter();
    const doc = parseDocument(source.text, { lineCounter, uniqueKeys: true, prettyErrors: false });
    source.positioned = { doc, lineCounter };
  }
  return source.positioned;
}

/** What aliases may add to a document: an alias bomb (`*a` ten times, nested) stops here. */
export const maxAliasExpansion = 100_000;

export function parseYamlSource(file: string, text: string): { source: SourceFile; diagnostics: Diagnostic[] } {
  const source: SourceFile = { file, text, data: undefined };
  let data: unknown;
  try {
    // CORE_SCHEMA: YAML 1.2 scalars only, like `yaml`'s default (no timestamps, no merge keys).
    data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, json: false });
  } catch {
    // Fall through: the positioned parser names the error and where it is.
    return parsePositioned(source);
  }
  // js-yaml shares an anchor's value between its aliases, so the parse is cheap; whatever walks
  // the data later pays for every copy. Count them before anything does.
  if (text.includes('*') && expandedSize(data, new Map()) - distinctSize(data, new Set()) > maxAliasExpansion) {
    return { source, diagnostics: [aliasBombDiagnostic(source)] };
  }
  source.data = data;
  return { source, diagnostics: [] };
}

/** Values in the document as a reader sees it, every alias copied out (counted once per shared node). */
function expandedSize(value: unknown, sizes: Map<object, number>): number {
  if (value === null || typeof value !== 'object') return 1;
  const known = sizes.get(value);
  if (known !== undefined) return known;
  sizes.set(value, Infinity); // a node inside itself (not possible in YAML) counts as a bomb
  let size = 1;
  for (const child of Object.values(value)) size += expandedSize(child, sizes);
  sizes.set(value, size);
  return size;
}

/** Values in the document as parsed, each shared node once. */
function distinctSize(value: unknown, seen: Set<object>): number {
  if (value === null || typeof value !== 'object' || seen.has(value)) return 1;
  seen.add(value);
  let size = 1;
  for (const child of Object.values(value)) size += distinctSize(child, seen);
  return size;
}

function aliasBombDiagnostic(source: SourceFile): Diagnostic {
  const { doc, lineCounter } = positioned(source);
  let offset = 0;
  yaml().visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return yaml().visit.BREAK;
    },
  });
  const { line, col } = lineCounter.linePos(offset);
  return {
    severity: 'error',
    code: 'MW006',
    file: source.file,
    line,
    column: col,
    pointer: '',
    message: `The aliases of this file expand to more than ${maxAliasExpansion.toLocaleString('en-US')} values, so it was not read (an alias bomb).`,
    hint: 'Each `*name` copies the whole value of its `&name` anchor; write the values out, or use fewer nested aliases.',
  };
}

function parsePositioned(source: SourceFile): { source: SourceFile; diagnostics: Diagnostic[] } {
  const { file, text } = source;
  const { doc, lineCounter } = positioned(source);
  // After the first syntax error the parser's view of the rest is guesswork: report only that
  // one, with every duplicate key.
  const firstSyntax = doc.errors.find((error) => error.code !== 'DUPLICATE_KEY');
  // A mis-indented key: the parser's error sits on the line above or past the key, and a
  // key pushed out to an outer mapping may also look like a duplicate there. Say what happened
  // at the key instead, and drop the duplicate it caused.
  const misIndented = firstSyntax ? indentationProblem(text, lineCounter.linePos(firstSyntax.pos[0]).line) : undefined;
  const errors = doc.errors.filter((error) => (error.code === 'DUPLICATE_KEY' && lineCounter.linePos(error.pos[0]).line !== misIndented?.line) || (error === firstSyntax && !misIndented));
  const diagnostics = errors.map((error): Diagnostic => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    const isDuplicate = error.code === 'DUPLICATE_KEY';
    return {
      severity: 'error',
      code: isDuplicate ? 'MW002' : 'MW001',
      message: isDuplicate ? duplicateKeyMessage(text, error.pos) : `YAML syntax error: ${firstLine(error.message)}`,
      file,
      line,
      column: col,
      pointer: '',
      hint: isDuplicate ? 'Remove one of the two entries, or merge them.' : 'Check the indentation and quoting around this position.',
    };
  });
  if (misIndented) {
    const { line, column, message, hint } = misIndented;
    diagnostics.unshift({ severity: 'error', code: 'MW001', message, file, line, column, pointer: '', hint });
  }
  if (diagnostics.length > 0) return { source, diagnostics };
  try {
    source.data = doc.toJS({ maxAliasCount: 100 });
  } catch {
    return { source, diagnostics: [aliasBombDiagnostic(source)] }; // `yaml` refused the aliases
  }
  return { source, diagnostics };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function duplicateKeyMessage(text: string, pos: [number, number]): string {
  // The error's range may cover only the key's first character: read the key up to its colon.
  const key = /^\s*("[^"]*"|'[^']*'|[^:#\n]*?)\s*:/.exec(text.slice(pos[0]))?.[1]?.replace(/^["']|["']$/g, '');
  return key ? `Duplicate key \`${key}\`.` : 'Duplicate key.';
}

/** Splits a JSON Pointer into its unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function joinPointer(...segments: Array<string | number>): string {
  let pointer = '';
  for (const segment of segments) {
    const text = String(segment);
    // Escaping is rare (ids never contain ~ or /); the rules build many pointers.
    pointer += `/${text.includes('~') || text.includes('/') ? text.replace(/~/g, '~0').replace(/\//g, '~1') : text}`;
  }
  return pointer;
}

/**
 * The position of the key (`target: 'key'`) or value at `pointer`. When the pointer leads past
 * what exists, the position of the deepest node that does exist (e.g. the mapping lacking a key).
 */
export function locate(source: SourceFile, pointer: string, target: 'key' | 'value' = 'value'): Position {
  const { doc, lineCounter } = positioned(source);
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const segment of pointerSegments(pointer)) {
    const next = childOf(node, segment);
    if (!next) break;
    node = next.value;
    keyNode = next.key;
  }
  const chosen = target === 'key' && keyNode ? keyNode : ((node as Node | null | undefined) ?? keyNode);
  const offset = chosen && 'range' in chosen && chosen.range ? chosen.range[0] : 0;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function childOf(node: unknown, segment: string): { key?: Node; value: unknown } | undefined {
  const { isMap, isPair, isScalar, isSeq } = yaml();
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key;
      const name = isScalar(key) ? String(key.value) : String(key);
      if (name === segment) return { key: key as Node, value: pair.value ?? key };
    }
    return undefined;
  }
  if (isSeq(node)) {
    const item = node.items[Number(segment)];
    return item === undefined ? undefined : { value: item };
  }
  return undefined;
}
