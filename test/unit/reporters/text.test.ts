import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/diagnostics.js';
import { codeFrame } from '../../../src/reporters/code-frame.js';
import { colorsFor, textReporter } from '../../../src/reporters/text.js';
import { ansiPattern, context, diagnostic, empty, mixed, warningsOnly, workspaceFile, workspaceSource } from './fixtures.js';

const plain = colorsFor(false);

describe('code frame', () => {
  it('shows two lines before, marks the line and puts a caret under the column', () => {
    expect(codeFrame(workspaceSource, 7, 11, plain)).toBe(['  5 |   - id: my-reports', '  6 |     kind: list', '> 7 |     open: reprot', '    |           ^'].join('\n'));
  });

  it('at line 1 column 1 shows no lines before', () => {
    expect(codeFrame(workspaceSource, 1, 1, plain)).toBe(['> 1 | schemaVersion: 1', '    | ^'].join('\n'));
  });

  it('right-aligns the gutter when the line numbers change width', () => {
    const source = Array.from({ length: 10 }, (_, i) => `line${i + 1}`).join('\n');
    expect(codeFrame(source, 10, 2, plain)).toBe(['   8 | line8', '   9 | line9', '> 10 | line10', '     |  ^'].join('\n'));
  });

  it('keeps tabs before the caret so it lines up', () => {
    expect(codeFrame('a\n\tkey: x', 2, 3, plain)).toBe(['  1 | a', '> 2 | \tkey: x', '    | \t ^'].join('\n'));
  });

  it('leaves empty lines without a trailing space', () => {
    expect(codeFrame('a\n\nb', 3, 1, plain).split('\n')[1]).toBe('  2 |');
  });

  it('reads CRLF sources line by line', () => {
    expect(codeFrame('a\r\nb\r\nc', 3, 1, plain)).toBe(['  1 | a', '  2 | b', '> 3 | c', '    | ^'].join('\n'));
  });

  it('puts the caret just past the end of a line when the column is beyond it', () => {
    expect(codeFrame('ab', 1, 40, plain)).toBe(['> 1 | ab', '    |   ^'].join('\n'));
  });

  it('is empty for a line the source does not have', () => {
    expect(codeFrame(workspaceSource, 99, 1, plain)).toBe('');
    expect(codeFrame(workspaceSource, 0, 1, plain)).toBe('');
  });
});

describe('text reporter', () => {
  it('reports no problems with the number of workspaces', () => {
    expect(textReporter(empty, context())).toBe('✔ no problems in 2 workspaces\n');
    expect(textReporter(empty, context({ workspaces: [{ file: workspaceFile }] }))).toBe('✔ no problems in 1 workspace\n');
  });

  it('prints location, severity, code and message, then the frame and the hint', () => {
    const output = textReporter(summarize([diagnostic({ hint: 'Did you mean "report"?' })]), context());
    expect(output).toBe(
      [
        `${workspaceFile}:7:11  error  MW204  Page "reprot" does not exist.`,
        '  5 |   - id: my-reports',
        '  6 |     kind: list',
        '> 7 |     open: reprot',
        '    |           ^',
        'hint: Did you mean "report"?',
        '',
        '✖ 1 error in 1 file',
        '',
      ].join('\n'),
    );
  });

  it('counts errors, warnings and files in the summary line', () => {
    const output = textReporter(mixed, context());
    expect(output.trimEnd().split('\n').at(-1)).toBe('✖ 4 errors, 1 warning in 4 files');
  });

  it('uses a warning summary when there are only warnings', () => {
    const output = textReporter(warningsOnly, context());
    expect(output).toContain(`${workspaceFile}:5:5  warning  MW211  No page opens "report".`);
    expect(output.trimEnd().split('\n').at(-1)).toBe('⚠ 1 warning in 1 file');
  });

  it('prints the header without a frame when the source is unknown', () => {
    const output = textReporter(summarize([diagnostic({ file: 'mwkit.yaml', line: 3, column: 1 })]), context());
    expect(output.split('\n')[0]).toBe('mwkit.yaml:3:1  error  MW204  Page "reprot" does not exist.');
    expect(output.split('\n')[1]).toBe('');
    expect(output).not.toContain('|');
  });

  it('separates diagnostics with a blank line and keeps their order', () => {
    const output = textReporter(mixed, context());
    const headers = output.split('\n').filter((line) => /^\S+:\d+:\d+ {2}/.test(line));
    expect(headers.map((h) => h.split('  ')[2])).toEqual(['MW204', 'MW212', 'MW210', 'MW105', 'MW101']);
    expect(output).toContain('hint: Did you mean "report"?\n\nworkspaces/expenses/workspace.yaml:4:1');
  });

  it('frames a diagnostic on the last line of the file', () => {
    const output = textReporter(summarize([diagnostic({ line: 7, column: 5 })]), context());
    expect(output).toContain('> 7 |     open: reprot\n    |     ^');
  });

  it('has no ANSI codes when colour is off, even if chalk could colour', () => {
    expect(textReporter(mixed, context({ isColor: false }))).not.toMatch(ansiPattern);
  });

  it('colours severities and the summary when colour is on', () => {
    const output = textReporter(mixed, context({ isColor: true }));
    expect(output).toMatch(ansiPattern);
    expect(output).toContain('\u001b[31merror\u001b[39m');
    expect(output.replace(/\u001b\[[0-9;]*m/g, '')).toBe(textReporter(mixed, context({ isColor: false })));
  });
});
