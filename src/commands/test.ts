// `mwkit test`: run each workspace's business-logic tests (logic.test.yaml) and report.
// Exit 0 when every case passes, 1 when a case or a script fails, 2 for unreadable input.
import { isColorEnabled } from '../cli/output.js';
import { getTestReporter } from '../logic/report/index.js';
import { testProject } from '../logic/testing/project.js';
import { toolVersion } from '../version.js';

export interface TestCommandOptions {
  path?: string;
  format?: string;
  /** Entity catalog snapshot (default: mwkit.yaml's `catalog`), as for validate. */
  catalog?: string;
  cwd?: string;
}

export async function runTest(options: TestCommandOptions): Promise<number> {
  const format = options.format ?? 'text';
  const reporter = getTestReporter(format);
  const report = await testProject({ path: options.path ?? '.', catalogPath: options.catalog, cwd: options.cwd });
  process.stdout.write(reporter(report, { isColor: format === 'text' && isColorEnabled(process.stdout), toolVersion: toolVersion() }));
  return report.exitCode;
}
