// Names a mis-indented key in words, where the YAML parser's own error points elsewhere: a key
// indented more than the key above it (`kind: list` / `      title: …`) is read as part of the
// value above and reported on the line above ("Nested mappings are not allowed in compact
// mappings"); a key indented less than the keys around it is read as a key of an outer mapping
// (often a duplicate of the workspace's own `title`) and the next line fails. Read from the text,
// line by line, and used only when the parser found a syntax error at or just above that key.
// Pure.

export interface IndentationProblem {
  /** 1-based line and column of the mis-indented key. */
  line: number;
  column: number;
  message: string;
  hint: string;
}

interface KeyLine {
  /** 0-based line index. */
  index: number;
  /** 0-based column of the key (after `- ` for the first key of a sequence item). */
  column: number;
  key: string;
  /** Whether the value is written on the same line, so that the key can have no children. */
  hasInlineValue: boolean;
}

// `key:` or `- key:`, the key plain or quoted, then the value (if any) on the same line.
const keyLinePattern = /^( *)(- +)?([A-Za-z_$][\w$.-]*|"[^"\n]*"|'[^'\n]*') *:(?: +(.*))?$/;
const blockScalarIndicator = /^[|>][-+0-9]*\s*(#.*)?$/;

/**
 * The value without a trailing `# comment`. A search for a fixed two-character mark, not
 * /\s+#.*$/: that one backtracks over every run of blanks, and a hostile line of them would hang.
 */
function withoutComment(value: string): string {
  const at = value.search(/[ \t]#/);
  return (at >= 0 ? value.slice(0, at) : value).trim();
}

/** The significant lines as keys (or null for other content), skipping blanks, comments and block scalars. */
function keyLines(text: string): Array<KeyLine | null> {
  const lines = text.split(/\r?\n/);
  const found: Array<KeyLine | null> = [];
  let blockIndent = -1; // inside a block scalar: lines indented more than this are its text
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const trimmed = line.trimStart();
    const indent = line.length - trimmed.length;
    if (trimmed === '') continue;
    if (blockIndent >= 0) {
      if (indent > blockIndent) continue;
      blockIndent = -1;
    }
    if (trimmed.startsWith('#')) continue;
    const match = keyLinePattern.exec(line);
    if (!match) {
      found.push(null);
      continue;
    }
    const value = withoutComment(match[4] ?? '');
    const isBlockScalar = blockScalarIndicator.test(value);
    if (isBlockScalar) blockIndent = indent;
    found.push({
      index,
      column: indent + (match[2]?.length ?? 0),
      key: match[3]!.replace(/^["']|["']$/g, ''),
      hasInlineValue: value !== '' && !isBlockScalar && !/^[&!]\S*$/.test(value),
    });
  }
  return found;
}

/** The first mis-indented key whose line is `nearLine` or the one after it (1-based), if any. */
export function indentationProblem(text: string, nearLine: number): IndentationProblem | undefined {
  const lines = keyLines(text);
  for (let i = 1; i < lines.length; i++) {
    const [above, key, below] = [lines[i - 1], lines[i], lines[i + 1]];
    if (!above || !key) continue;
    const line = key.index + 1;
    if (line !== nearLine && line !== nearLine + 1) continue;
    if (above.hasInlineValue && key.column > above.column) return overIndented(key, above);
    if (key.hasInlineValue && key.column < above.column && below && below.column === above.column) return underIndented(key, above, below);
  }
  return undefined;
}

function overIndented(key: KeyLine, above: KeyLine): IndentationProblem {
  return {
    line: key.index + 1,
    column: key.column + 1,
    message: `\`${key.key}\` is indented more than \`${above.key}\` on the line above (column ${key.column + 1}, not ${above.column + 1}), so YAML reads it as part of the value of \`${above.key}\`.`,
    hint: `Indent \`${key.key}\` to column ${above.column + 1}, like \`${above.key}\` and the other keys of this mapping.`,
  };
}

function underIndented(key: KeyLine, above: KeyLine, below: KeyLine): IndentationProblem {
  return {
    line: key.index + 1,
    column: key.column + 1,
    message: `\`${key.key}\` is indented less than the keys around it (column ${key.column + 1}, not ${above.column + 1}), so YAML reads it as a key of an outer mapping, not of the one with \`${above.key}\` and \`${below.key}\`.`,
    hint: `Indent \`${key.key}\` to column ${above.column + 1}, like \`${above.key}\` above and \`${below.key}\` below.`,
  };
}
