// Parses YAML (and JSON, which is YAML) keeping positions, so every diagnostic can point at
// the line and column of the offending key or value.
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';

export interface SourceFile {
  /** Path relative to the project folder, forward slashes. */
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The document as plain data; undefined when the file did not parse. */
  data: unknown;
}

export interface Position {
  line: number;
  column: number;
}

export function parseYamlSource(file: string, text: string): { source: SourceFile; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const source: SourceFile = { file, text, doc, lineCounter, data: undefined };
  const diagnostics = doc.errors.map((error): Diagnostic => {
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
  if (diagnostics.length === 0) source.data = doc.toJS({ maxAliasCount: 100 });
  return { source, diagnostics };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function duplicateKeyMessage(text: string, pos: [number, number]): string {
  const key = text.slice(pos[0], pos[1]).trim();
  return key ? `Duplicate key \`${key}\`.` : 'Duplicate key.';
}

/** Splits a JSON Pointer into its unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function joinPointer(...segments: Array<string | number>): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * The position of the key (`target: 'key'`) or value at `pointer`. When the pointer leads past
 * what exists, the position of the deepest node that does exist (e.g. the mapping lacking a key).
 */
export function locate(source: SourceFile, pointer: string, target: 'key' | 'value' = 'value'): Position {
  let node: unknown = source.doc.contents;
  let keyNode: Node | undefined;
  for (const segment of pointerSegments(pointer)) {
    const next = childOf(node, segment);
    if (!next) break;
    node = next.value;
    keyNode = next.key;
  }
  const chosen = target === 'key' && keyNode ? keyNode : (node as Node | null | undefined) ?? keyNode;
  const offset = chosen && 'range' in chosen && chosen.range ? chosen.range[0] : 0;
  const { line, col } = source.lineCounter.linePos(offset);
  return { line, column: col };
}

function childOf(node: unknown, segment: string): { key?: Node; value: unknown } | undefined {
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
