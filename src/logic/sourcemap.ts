// Just enough of Source Map v3 to map a generated position back to its source: decode the
// `mappings` VLQ segments and look up the nearest one at or before a column.
import type { LinePosition, PositionMapper } from './positions.js';

const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const digitOf = new Map([...base64].map((char, index) => [char, index]));

/** One segment: generated column, then the source position (0-based). A logic script has one source. */
type Segment = [generatedColumn: number, originalLine: number, originalColumn: number];

function decodeVlq(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = digitOf.get(char);
    if (digit === undefined) throw new Error(`Invalid source map character ${JSON.stringify(char)}.`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

/** Segments per generated line (index 0 is line 1), with absolute positions. */
export function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const line of mappings.split(';')) {
    const segments: Segment[] = [];
    let column = 0;
    for (const text of line.split(',')) {
      if (text === '') continue;
      const [columnDelta = 0, sourceDelta, lineDelta, columnOfSourceDelta] = decodeVlq(text);
      column += columnDelta;
      if (sourceDelta === undefined || lineDelta === undefined || columnOfSourceDelta === undefined) continue;
      sourceLine += lineDelta;
      sourceColumn += columnOfSourceDelta;
      segments.push([column, sourceLine, sourceColumn]);
    }
    lines.push(segments);
  }
  return lines;
}

/** Maps 1-based generated positions to 1-based source positions; unmapped lines stay as they are. */
export function sourceMapMapper(mappings: string): PositionMapper {
  const lines = decodeMappings(mappings);
  return ({ line, column }: LinePosition): LinePosition => {
    const segments = lines[line - 1] ?? [];
    let chosen = segments[0];
    for (const segment of segments) {
      if (segment[0] <= column - 1) chosen = segment;
      else break;
    }
    return chosen ? { line: chosen[1] + 1, column: chosen[2] + 1 } : { line, column };
  };
}
