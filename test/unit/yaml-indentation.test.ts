// A mis-indented key is reported at the key, in words, instead of the parser's error on the line
// above or a duplicate key in the mapping YAML moved it to (issue 30, item 6).
import { describe, expect, it } from 'vitest';
import { indentationProblem } from '../../src/yaml/indentation.js';
import { parseYamlSource } from '../../src/yaml/source.js';

const workspace = (titleLine: string) =>
  ['id: expenses', 'title: Expenses', 'pages:', '  - id: my-reports', '    kind: list', titleLine, '    description: Reports you are working on.', '    entity: ExpenseReport', ''].join('\n');

const diagnosticsOf = (text: string) => parseYamlSource('w.yaml', text).diagnostics.map(({ code, line, column, message, hint }) => ({ code, line, column, message, hint }));

describe('mis-indented keys', () => {
  it('under-indented to column 1: one error at the key, no duplicate-key hint that would delete the workspace title', () => {
    expect(diagnosticsOf(workspace('title: My expense reports'))).toEqual([
      {
        code: 'MW001',
        line: 6,
        column: 1,
        message: '`title` is indented less than the keys around it (column 1, not 5), so YAML reads it as a key of an outer mapping, not of the one with `kind` and `description`.',
        hint: 'Indent `title` to column 5, like `kind` above and `description` below.',
      },
    ]);
  });

  it('under-indented to column 3: at the key, with its column', () => {
    expect(diagnosticsOf(workspace('  title: My expense reports'))).toMatchObject([
      { code: 'MW001', line: 6, column: 3, hint: 'Indent `title` to column 5, like `kind` above and `description` below.' },
    ]);
  });

  it('over-indented: at the key, not on the line above', () => {
    for (const [line, column] of [
      ['      title: My expense reports', 7],
      ['     title: My expense reports', 6],
    ] as const) {
      expect(diagnosticsOf(workspace(line))).toEqual([
        {
          code: 'MW001',
          line: 6,
          column,
          message: `\`title\` is indented more than \`kind\` on the line above (column ${column}, not 5), so YAML reads it as part of the value of \`kind\`.`,
          hint: 'Indent `title` to column 5, like `kind` and the other keys of this mapping.',
        },
      ]);
    }
  });

  it('after the first key of a sequence item, counts the column after the dash', () => {
    const text = 'pages:\n  - id: a\n      kind: list\n';
    expect(diagnosticsOf(text)).toMatchObject([{ line: 3, column: 7, message: expect.stringContaining('indented more than `id`') }]);
  });

  it('keeps other duplicate keys and leaves other syntax errors to the parser', () => {
    expect(diagnosticsOf(workspace('title: My expense reports').replace('id: my-reports', 'id: my-reports\n    id: again'))).toMatchObject([
      { code: 'MW001', line: 7, column: 1 },
      { code: 'MW002', line: 5, message: 'Duplicate key `id`.' },
    ]);
    expect(diagnosticsOf('a: [1, 2\nb: 3\n')).toMatchObject([{ code: 'MW001', message: expect.stringMatching(/^YAML syntax error/) }]);
  });

  it("says nothing of valid nesting, block scalars or keys far from the parser's error", () => {
    const valid = 'pages:\n  - id: a\n    kind: list\ntitle: x\ndescription: |\n  text: not a key\n    deeper: still text\nnext: 1\n';
    for (let line = 1; line <= 9; line++) expect(indentationProblem(valid, line)).toBeUndefined();
    expect(indentationProblem(workspace('      title: x'), 2)).toBeUndefined();
  });

  it('a hostile line (a value of 200,000 blanks) next to a mis-indented key is read in linear time', () => {
    const text = workspace(`      title: My expense reports`).replace('    kind: list', `    kind: list${' '.repeat(200_000)}x`);
    expect(diagnosticsOf(text)).toMatchObject([{ code: 'MW001', line: 6, column: 7 }]);
  });
});
