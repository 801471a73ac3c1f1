// mwkit templates [--json]: the workspace templates shipped with mwkit.
import { Chalk, type ChalkInstance } from 'chalk';
import { isColorEnabled } from '../cli/output.js';
import { readTemplateTable, type TemplateInfo } from '../scaffold/templates.js';

export interface TemplatesOptions {
  json?: boolean;
}

export async function runTemplates(options: TemplatesOptions = {}): Promise<number> {
  const table = readTemplateTable();
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify(
        table.map(({ id, title, description }) => ({ id, title, description })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const colors = new Chalk({ level: isColorEnabled() ? 1 : 0 });
  process.stdout.write(formatTemplateTable(table, { width: process.stdout.isTTY ? process.stdout.columns : undefined, colors }));
  return 0;
}

export interface TableFormat {
  /** Terminal width to wrap descriptions to; undefined: no wrapping (output is piped). */
  width?: number;
  colors?: ChalkInstance;
}

/** Three aligned columns; descriptions wrap under their own column when a width is known. */
export function formatTemplateTable(table: readonly TemplateInfo[], format: TableFormat = {}): string {
  const colors = format.colors ?? new Chalk({ level: 0 });
  const headers = { id: 'ID', title: 'TITLE', description: 'DESCRIPTION' };
  const idWidth = Math.max(headers.id.length, ...table.map((t) => t.id.length));
  const titleWidth = Math.max(headers.title.length, ...table.map((t) => t.title.length));
  const indent = idWidth + titleWidth + 4;
  const descriptionWidth = format.width ? Math.max(30, format.width - indent - 1) : Infinity;
  const row = (id: string, title: string, description: string, style: (s: string) => string): string => {
    const [first = '', ...rest] = wrap(description, descriptionWidth);
    const head = `${style(id.padEnd(idWidth))}  ${title.padEnd(titleWidth)}  ${first}`.trimEnd();
    return [head, ...rest.map((line) => `${' '.repeat(indent)}${line}`)].join('\n');
  };
  const lines = [
    colors.bold(row(headers.id, headers.title, headers.description, (s) => s)),
    ...table.map((t) => row(t.id, t.title, t.description, colors.cyan)),
    '',
    `Start a project with one: mwkit init my-app --template ${table[0]?.id ?? '<id>'}`,
    'Add one to a project:    mwkit new workspace <id> --template <template>',
  ];
  return `${lines.join('\n')}\n`;
}

function wrap(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
