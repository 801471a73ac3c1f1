// Sets top-level scalar values of a YAML file (a workspace's id and title, a project's name and
// publisher) while keeping the file as the user will read it: comments, blank lines, flow
// collections and even the column of aligned end-of-line comments stay as they were.
import { isMap, isScalar, parseDocument, stringify } from 'yaml';

/**
 * Returns `text` with each top-level key of `values` set. Keys that exist are replaced in
 * place (the Document API gives the value's source range); missing keys are added through
 * the Document API, which keeps comments but may re-indent.
 */
export function setTopLevelScalars(text: string, values: Record<string, string>): string {
  let result = text;
  for (const [key, value] of Object.entries(values)) result = setTopLevelScalar(result, key, value);
  return result;
}

function setTopLevelScalar(text: string, key: string, value: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`Cannot edit YAML that does not parse: ${doc.errors[0]!.message}`);
  if (!isMap(doc.contents)) throw new Error('Cannot edit YAML whose top level is not a mapping.');
  const node = doc.contents.get(key, true);
  const range = isScalar(node) ? (node.range ?? undefined) : undefined;
  const isSingleLine = range !== undefined && !text.slice(range[0], range[1]).includes('\n');
  const edited = range && isSingleLine ? spliceKeepingCommentColumn(text, range[0], range[1], scalarSource(value)) : setWithDocument(doc, key, value);
  const check = parseDocument(edited).get(key);
  if (check !== value) throw new Error(`Editing \`${key}\` produced ${JSON.stringify(check)} instead of ${JSON.stringify(value)}.`);
  return edited;
}

/** The value as a one-line YAML scalar: plain when that reads back the same, else quoted. */
export function scalarSource(value: string): string {
  const source = stringify(value, { lineWidth: 0 }).trimEnd();
  return source.includes('\n') ? JSON.stringify(value) : source;
}

/** Replaces text[start, end) and shifts the gap before an end-of-line comment to keep its column. */
function spliceKeepingCommentColumn(text: string, start: number, end: number, replacement: string): string {
  const gap = /^[ \t]*/.exec(text.slice(end))![0];
  const isCommentAfter = text[end + gap.length] === '#' && gap.length > 0;
  if (!isCommentAfter) return text.slice(0, start) + replacement + text.slice(end);
  const growth = replacement.length - (end - start);
  const newGap = ' '.repeat(Math.max(1, gap.length - growth));
  return text.slice(0, start) + replacement + newGap + text.slice(end + gap.length);
}

function setWithDocument(doc: ReturnType<typeof parseDocument>, key: string, value: string): string {
  doc.set(key, value);
  return doc.toString({ lineWidth: 0 });
}
