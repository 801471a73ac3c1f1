// `mwkit test`: run each workspace's business-logic tests (logic.test.yaml) and report.
// Exit 0 when every case passes, 1 when a case or a script fails, 2 for unreadable input.
import { isColorEnabled } from '../cli/output.js';
import { UsageError } from '../errors.js';
import { getTestReporter } from '../logic/report/index.js';
import { testProject } from '../logic/testing/project.js';
import { toolVersion } from '../version.js';

export interface TestCommandOptions {
  path?: string;
  format?: string;
  /** Entity catalog snapshot (default: mwkit.yaml's `catalog`), as for validate. */
  catalog?: string;
  cwd?: string;
  /** Milliseconds each handler call may run (`--time-limit`), as text from the command line. */
  timeLimit?: string;
}

export const minTimeLimitMs = 100;
export const maxTimeLimitMs = 60_000;

/** `--time-limit`: a whole number of milliseconds, from 100 ms to a minute. */
export function parseTimeLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(ms >= minTimeLimitMs && ms <= maxTimeLimitMs)) {
    throw new UsageError(
      `--time-limit must be a whole number of milliseconds from ${minTimeLimitMs} to ${maxTimeLimitMs}, not ${JSON.stringify(text)}.`,
      'For example `mwkit test --time-limit 3000` on a busy CI machine; the app on a phone always allows 1000 ms.',
    );
  }
  return ms;
}

export async function runTest(options: TestCommandOptions): Promise<number> {
  const format = options.format ?? 'text';
  const reporter = getTestReporter(format);
  const timeLimitMs = parseTimeLimit(options.timeLimit);
  const report = await testProject({ path: options.path ?? '.', catalogPath: options.catalog, cwd: options.cwd, ...(timeLimitMs === undefined ? {} : { timeLimitMs }) });
  process.stdout.write(reporter(report, { isColor: format === 'text' && isColorEnabled(process.stdout), toolVersion: toolVersion() }));
  return report.exitCode;
}
