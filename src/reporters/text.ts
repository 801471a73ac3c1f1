// `--format text` (the default): one block per diagnostic with a code frame, then a summary line.
import { Chalk, supportsColor, type ChalkInstance } from 'chalk';
import type { Diagnostic, ValidationSummary } from '../diagnostics.js';
import { codeFrame } from './code-frame.js';
import { visibleText } from '../text/terminal.js';
import type { ReportContext, Reporter } from './types.js';

/** Level 0 means chalk emits no escape codes at all, whatever the environment says. */
export function colorsFor(isColor: boolean): ChalkInstance {
  if (!isColor) return new Chalk({ level: 0 });
  return new Chalk({ level: supportsColor ? supportsColor.level : 1 });
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function header(diagnostic: Diagnostic, colors: ChalkInstance): string {
  const location = `${visibleText(diagnostic.file)}:${diagnostic.line}:${diagnostic.column}`;
  const severity = diagnostic.severity === 'error' ? colors.red('error') : colors.yellow('warning');
  return `${colors.bold(location)}  ${severity}  ${colors.dim(diagnostic.code)}  ${visibleText(diagnostic.message)}`;
}

function formatDiagnostic(diagnostic: Diagnostic, context: ReportContext, colors: ChalkInstance): string {
  const block = [header(diagnostic, colors)];
  const source = context.sources.get(diagnostic.file);
  const frame = source === undefined ? '' : codeFrame(source, diagnostic.line, diagnostic.column, colors);
  if (frame) block.push(frame);
  if (diagnostic.hint) block.push(`${colors.cyan('hint:')} ${visibleText(diagnostic.hint)}`);
  return block.join('\n');
}

export function summaryLine(summary: ValidationSummary, context: ReportContext, colors: ChalkInstance): string {
  if (summary.diagnostics.length === 0) {
    return colors.green(`✔ no problems in ${plural(context.workspaces.length, 'workspace')}`);
  }
  const files = new Set(summary.diagnostics.map((d) => d.file)).size;
  if (summary.errors === 0) {
    return colors.yellow(`⚠ ${plural(summary.warnings, 'warning')} in ${plural(files, 'file')}`);
  }
  const counts = [plural(summary.errors, 'error')];
  if (summary.warnings > 0) counts.push(plural(summary.warnings, 'warning'));
  return colors.red(`✖ ${counts.join(', ')} in ${plural(files, 'file')}`);
}

export const textReporter: Reporter = (summary, context) => {
  const colors = colorsFor(context.isColor);
  const blocks = summary.diagnostics.map((diagnostic) => formatDiagnostic(diagnostic, context, colors));
  blocks.push(summaryLine(summary, context, colors));
  return `${blocks.join('\n\n')}\n`;
};
