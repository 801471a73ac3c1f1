// `mwkit test` inside the preview: the same runner, its report as the terminal shows it (only
// the summary line when every case passed) and as the app's overlay counts it.
import { getTestReporter } from '../logic/report/index.js';
import { testProject } from '../logic/testing/project.js';
import { toolVersion } from '../version.js';
import type { PreviewTests } from './protocol.js';

/**
 * Files whose change can change a test's outcome: scripts, every YAML file (test fixtures, but
 * also a workspace definition whose renamed action a test or the logic still names, and
 * mwkit.yaml, which says which workspaces there are) and the catalog.
 */
export function canChangeTestOutcome(file: string, catalogFile: string | undefined): boolean {
  return /\.[cm]?[jt]s$/.test(file) || /\.ya?ml$/.test(file) || file === catalogFile;
}

export interface LogicTestRun {
  tests: PreviewTests;
  /** The whole report when something failed, else the summary line; '' when there are no tests. */
  text: string;
}

export async function runLogicTests(root: string, isColor: boolean): Promise<LogicTestRun> {
  const report = await testProject({ path: root });
  const full = getTestReporter('text')(report, { isColor, toolVersion: toolVersion() });
  const hasTests = report.passed + report.failed > 0 || !report.ok;
  const lastLine = (full.trimEnd().split('\n').at(-1) ?? '').replace(/^Tests: /, '');
  return {
    tests: { ok: report.ok, passed: report.passed, failed: report.failed },
    text: !hasTests ? '' : report.ok ? `${lastLine}\n` : `\n${full}`,
  };
}
