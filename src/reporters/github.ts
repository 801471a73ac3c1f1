// `--format github`: GitHub Actions workflow commands, which the runner turns into annotations
// on the pull request. Escaping follows @actions/core (src/command.ts).
import type { Diagnostic } from '../diagnostics.js';
import { visibleLines, visibleText } from '../text/terminal.js';
import type { Reporter } from './types.js';

/** Message text: the runner decodes these three, so a literal `%0A` must survive as `%250A`. */
export function escapeCommandData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also end at `,` and the property list at `:`. */
export function escapeCommandProperty(value: string): string {
  return escapeCommandData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function workflowCommand(diagnostic: Diagnostic): string {
  const properties = [`file=${escapeCommandProperty(visibleText(diagnostic.file))}`, `line=${diagnostic.line}`, `col=${diagnostic.column}`, `title=${escapeCommandProperty(diagnostic.code)}`].join(
    ',',
  );
  const text = diagnostic.hint ? `${diagnostic.message} — ${diagnostic.hint}` : diagnostic.message;
  // The runner's log is a terminal too: what a package supplied is shown, never obeyed (newlines are
  // encoded, so they stay: the annotation shows them as lines).
  return `::${diagnostic.severity} ${properties}::${escapeCommandData(visibleLines(text))}`;
}

export const githubReporter: Reporter = (summary) => summary.diagnostics.map((diagnostic) => `${workflowCommand(diagnostic)}\n`).join('');
