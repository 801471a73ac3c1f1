// `mwkit test --format json`: one document with the counts, the project's problems and,
// per workspace, its cases with failures (expected, actual, where) and script problems.
import type { Diagnostic } from '../../diagnostics.js';
import type { CaseFailure } from '../testing/compare.js';
import type { CaseResult } from '../testing/run.js';
import type { TestReporter } from './types.js';

function diagnosticJson(diagnostic: Diagnostic): Record<string, unknown> {
  const { severity, code, message, file, line, column, pointer, hint } = diagnostic;
  return { severity, code, message, file, line, column, pointer, ...(hint !== undefined ? { hint } : {}) };
}

function failureJson(failure: CaseFailure): Record<string, unknown> {
  const { subject, message, expected, actual, line, origin } = failure;
  return {
    subject,
    message,
    ...(expected !== undefined ? { expected } : {}),
    ...(actual !== undefined ? { actual } : {}),
    line,
    ...(origin ? { origin: { handler: origin.handler, ...(origin.position ?? {}), ...(origin.isReturned ? { returned: true } : {}) } } : {}),
  };
}

function caseJson(result: CaseResult): Record<string, unknown> {
  return {
    name: result.name,
    ok: result.isOk,
    line: result.line,
    durationMs: result.durationMs,
    failures: result.failures.map(failureJson),
    problems: result.problems.map(diagnosticJson),
    logs: result.logs,
  };
}

export const jsonTestReporter: TestReporter = (report) => {
  const document = {
    ok: report.ok,
    passed: report.passed,
    failed: report.failed,
    diagnostics: report.diagnostics.map(diagnosticJson),
    workspaces: report.workspaces.map((w) => ({
      id: w.id,
      file: w.file,
      testFile: w.testFile ?? null,
      status: w.status,
      diagnostics: w.diagnostics.map(diagnosticJson),
      cases: w.cases.map(caseJson),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
};
