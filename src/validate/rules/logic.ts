// The business-logic script named by `logic:` must exist and parse as an ES module.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { parse } from 'acorn';
import type { Rule } from '../context.js';

export const logicFileParses: Rule = (context) => {
  const logic = context.workspace.logic;
  if (logic === undefined) return;
  const absolute = join(context.root, dirname(context.source.file), logic);
  const file = relative(context.root, absolute).split(sep).join('/');
  let code: string;
  try {
    code = readFileSync(absolute, 'utf8');
  } catch {
    context.report('MW209', '/logic', `The logic file \`${logic}\` does not exist (${file}).`, { hint: `Create ${file}, or remove \`logic:\`.` });
    return;
  }
  if (logic.endsWith('.ts')) return; // TypeScript logic is compiled and checked at pack time
  try {
    parse(code, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
  } catch (error) {
    const { message, loc } = error as SyntaxError & { loc?: { line: number; column: number } };
    context.report('MW210', '', `${file} does not parse: ${message.replace(/ \(\d+:\d+\)$/, '')}.`, {
      file, line: loc?.line ?? 1, column: (loc?.column ?? 0) + 1,
      hint: 'Fix the script at this position; business logic is a JavaScript module with exported handlers.',
    });
  }
};
