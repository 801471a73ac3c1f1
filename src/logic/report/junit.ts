// `mwkit test --format junit`: a test suite per workspace, a test case per case, so CI test
// views list every business-logic case. Problems that kept a workspace's cases from running
// become an erroring test case named after the file at fault; workspaces without tests, a
// skipped one.
import type { Diagnostic } from '../../diagnostics.js';
import { escapeXmlText, xmlAttributes } from '../../reporters/xml.js';
import type { WorkspaceReport } from '../testing/project.js';
import type { CaseResult } from '../testing/run.js';
import type { TestReporter } from './types.js';

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function describeDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}${d.hint ? `\nhint: ${d.hint}` : ''}`;
}

function caseXml(result: CaseResult, workspace: WorkspaceReport): string {
  const attributes = xmlAttributes({
    classname: `mwkit.test.${workspace.id ?? 'workspace'}`,
    name: result.name,
    file: workspace.testFile ?? workspace.file,
    line: result.line ?? 1,
    time: seconds(result.durationMs),
  });
  if (result.isOk) return `    <testcase${attributes} />`;
  const details = [
    ...result.problems.map(describeDiagnostic),
    ...result.failures.map((f) => {
      const origin = f.origin?.position
        ? ` (${f.origin.isReturned ? 'returned' : 'set'} by ${f.origin.handler} at ${f.origin.position.file}:${f.origin.position.line}:${f.origin.position.column})`
        : '';
      return `${f.message}${f.line !== undefined ? ` [${workspace.testFile}:${f.line}]` : ''}${origin}`;
    }),
    ...result.logs.map((log) => `log: ${log}`),
  ];
  const first = result.problems[0]?.message ?? result.failures[0]?.message ?? 'failed';
  const type = result.problems[0]?.code ?? 'expectation';
  return [`    <testcase${attributes}>`, `      <failure${xmlAttributes({ message: first, type })}>${escapeXmlText(details.join('\n'))}</failure>`, '    </testcase>'].join('\n');
}

function setupCaseXml(workspace: WorkspaceReport, diagnostics: Diagnostic[], name: string): string {
  const attributes = xmlAttributes({ classname: `mwkit.test.${workspace.id ?? 'workspace'}`, name, file: diagnostics[0]?.file ?? workspace.file });
  const first = diagnostics[0]!;
  return [
    `    <testcase${attributes}>`,
    `      <error${xmlAttributes({ message: `${first.code} ${first.message}`, type: first.code })}>${escapeXmlText(diagnostics.map(describeDiagnostic).join('\n'))}</error>`,
    '    </testcase>',
  ].join('\n');
}

function suiteXml(workspace: WorkspaceReport): string {
  const cases = workspace.cases.map((c) => caseXml(c, workspace));
  if (workspace.diagnostics.length > 0) cases.push(setupCaseXml(workspace, workspace.diagnostics, workspace.testFile && workspace.status === 'invalid' ? workspace.testFile : 'logic'));
  if (workspace.status === 'no-tests') {
    cases.push(`    <testcase${xmlAttributes({ classname: `mwkit.test.${workspace.id ?? 'workspace'}`, name: 'no logic.test.yaml', file: workspace.file })}>\n      <skipped />\n    </testcase>`);
  }
  const failures = workspace.cases.filter((c) => !c.isOk).length;
  const errors = workspace.diagnostics.length > 0 ? 1 : 0;
  const time = seconds(workspace.cases.reduce((sum, c) => sum + c.durationMs, 0));
  const skipped = workspace.status === 'no-tests' ? 1 : 0;
  const open = `  <testsuite${xmlAttributes({ name: workspace.id ?? workspace.file, tests: cases.length, failures, errors, skipped, time })}>`;
  return [open, ...cases, '  </testsuite>'].join('\n');
}

export const junitTestReporter: TestReporter = (report) => {
  const suites = report.workspaces.map(suiteXml);
  if (report.diagnostics.length > 0) {
    const project: WorkspaceReport = { id: 'project', file: report.diagnostics[0]!.file, status: 'invalid', cases: [], diagnostics: [] };
    suites.unshift(
      [
        `  <testsuite${xmlAttributes({ name: 'project', tests: 1, failures: 0, errors: 1, skipped: 0, time: '0.000' })}>`,
        setupCaseXml(project, report.diagnostics, 'project files'),
        '  </testsuite>',
      ].join('\n'),
    );
  }
  const tests = report.passed + report.failed;
  const errors = report.workspaces.filter((w) => w.diagnostics.length > 0).length + (report.diagnostics.length > 0 ? 1 : 0);
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${xmlAttributes({ name: 'mwkit test', tests, failures: report.failed, errors })}>`, ...suites, '</testsuites>', ''].join('\n');
};
