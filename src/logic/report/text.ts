// `mwkit test --format text`: a line per workspace; failing cases with what differs, where
// the expectation is written and which script line produced the actual state; problems
// with a code frame; then the counts.
import type { ChalkInstance } from 'chalk';
import type { Diagnostic } from '../../diagnostics.js';
import { codeFrame } from '../../reporters/code-frame.js';
import { colorsFor, plural } from '../../reporters/text.js';
import { visibleText } from '../../text/terminal.js';
import type { Origin } from '../api.js';
import type { CaseFailure } from '../testing/compare.js';
import type { TestReport, WorkspaceReport } from '../testing/project.js';
import type { CaseResult } from '../testing/run.js';
import type { TestReporter } from './types.js';

function folderOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash === -1 ? '.' : file.slice(0, slash);
}

function originText(origin: Origin | undefined): string {
  if (!origin) return '';
  const verb = origin.isReturned ? 'returned by' : 'set by';
  if (!origin.position) return `${verb} ${origin.handler}`;
  const { line, column } = origin.position;
  const file = visibleText(origin.position.file);
  return origin.isReturned ? `${verb} ${origin.handler} (${file}:${line}:${column})` : `${verb} ${origin.handler} at ${file}:${line}:${column}`;
}

function diagnosticBlock(diagnostic: Diagnostic, report: TestReport, colors: ChalkInstance, indent: string): string {
  // Messages, names and logs carry what the script and the test file supplied: shown, never obeyed.
  const lines = [
    `${colors.bold(`${visibleText(diagnostic.file)}:${diagnostic.line}:${diagnostic.column}`)}  ${colors.red('error')}  ${colors.dim(diagnostic.code)}  ${visibleText(diagnostic.message)}`,
  ];
  const source = report.sources.get(diagnostic.file);
  const frame = source === undefined ? '' : codeFrame(source, diagnostic.line, diagnostic.column, colors);
  if (frame) lines.push(frame);
  if (diagnostic.hint) lines.push(`${colors.cyan('hint:')} ${visibleText(diagnostic.hint)}`);
  return lines.join('\n').replace(/^/gm, indent);
}

function failureLines(failure: CaseFailure, testFile: string, colors: ChalkInstance): string[] {
  const where = [failure.line !== undefined ? `expected at ${testFile}:${failure.line}` : '', originText(failure.origin)].filter(Boolean).join('; ');
  return [`    ${visibleText(failure.message)}`, ...(where ? [colors.dim(`      ${where}`)] : [])];
}

function caseBlock(result: CaseResult, workspace: WorkspaceReport, report: TestReport, colors: ChalkInstance): string {
  const testFile = visibleText(workspace.testFile ?? '');
  const name = visibleText(result.name);
  if (result.isOk) return `  ${colors.green('✓')} ${name}`;
  const lines = [`  ${colors.red('✗')} ${name} ${colors.dim(`(${testFile}:${result.line ?? 1})`)}`];
  // A script problem first: it is usually why the expectations below were not met.
  for (const problem of result.problems) lines.push(diagnosticBlock(problem, report, colors, '    '));
  for (const failure of result.failures) lines.push(...failureLines(failure, testFile, colors));
  for (const log of result.logs) lines.push(colors.dim(`    log: ${visibleText(log)}`));
  return lines.join('\n');
}

function workspaceBlock(workspace: WorkspaceReport, report: TestReport, colors: ChalkInstance): string {
  const folder = visibleText(folderOf(workspace.file));
  const count = workspace.cases.length;
  switch (workspace.status) {
    case 'no-tests':
      return `${colors.dim('-')} ${folder}  ${colors.dim('no logic.test.yaml')}`;
    case 'passed':
      return `${colors.green('✓')} ${folder}  ${colors.dim(plural(count, 'case'))}`;
    case 'invalid':
      return [`${colors.red('✗')} ${folder}  ${visibleText(workspace.testFile ?? '')} has problems; no case ran`, ...workspace.diagnostics.map((d) => diagnosticBlock(d, report, colors, '  '))].join(
        '\n',
      );
    case 'failed': {
      if (workspace.diagnostics.length > 0) {
        return [`${colors.red('✗')} ${folder}  the logic could not run; no case ran`, ...workspace.diagnostics.map((d) => diagnosticBlock(d, report, colors, '  '))].join('\n');
      }
      const failed = workspace.cases.filter((c) => !c.isOk).length;
      const cases = workspace.cases.filter((c) => !c.isOk).map((c) => caseBlock(c, workspace, report, colors));
      return [`${colors.red('✗')} ${folder}  ${failed} of ${plural(count, 'case')} failed`, ...cases].join('\n');
    }
  }
}

function summary(report: TestReport, colors: ChalkInstance): string {
  const total = report.passed + report.failed;
  const withoutTests = report.workspaces.filter((w) => w.status === 'no-tests').length;
  const notRun = report.workspaces.filter((w) => w.status === 'invalid' || (w.status === 'failed' && w.diagnostics.length > 0)).length;
  const parts = [report.failed > 0 ? colors.red(`${report.failed} failed`) : '', colors.green(`${report.passed} passed`)].filter(Boolean);
  // Only the workspaces whose cases ran count beside the cases; the others are named apart.
  const ran = report.workspaces.length - withoutTests - notRun;
  let line = `Tests: ${parts.join(', ')} (${plural(total, 'case')} in ${plural(ran, 'workspace')})`;
  if (notRun > 0) line += colors.red(`; ${ran > 0 ? plural(notRun, 'more workspace') : plural(notRun, 'workspace')} could not run (see above)`);
  if (withoutTests > 0) line += colors.dim(`; ${plural(withoutTests, 'workspace')} without tests`);
  return line;
}

export const textTestReporter: TestReporter = (report, options) => {
  const colors = colorsFor(options.isColor);
  const blocks = report.diagnostics.map((d) => diagnosticBlock(d, report, colors, ''));
  if (report.diagnostics.length > 0) blocks.push(colors.red('Fix these with the help of mwkit validate; the workspaces they affect were not tested.'));
  blocks.push(...report.workspaces.map((w) => workspaceBlock(w, report, colors)));
  if (report.workspaces.every((w) => w.status === 'no-tests') && report.diagnostics.length === 0) {
    blocks.push('No logic tests found: add a logic.test.yaml beside a workspace.yaml (see docs/business-logic.md).');
  } else {
    blocks.push('', summary(report, colors));
  }
  return `${blocks.join('\n')}\n`;
};
