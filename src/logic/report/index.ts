// The registry of `mwkit test --format` outputs. Adding a format is one module and one line.
import { UsageError } from '../../errors.js';
import { jsonTestReporter } from './json.js';
import { junitTestReporter } from './junit.js';
import { textTestReporter } from './text.js';
import { testReporterNames, type TestReporter, type TestReporterName } from './types.js';

export type { TestReporter, TestReportOptions, TestReporterName } from './types.js';

export const testReporters: Record<TestReporterName, TestReporter> = {
  text: textTestReporter,
  json: jsonTestReporter,
  junit: junitTestReporter,
};

export function getTestReporter(name: string): TestReporter {
  if (!(testReporterNames as readonly string[]).includes(name)) {
    throw new UsageError(`Unknown format "${name}".`, `Use one of: ${testReporterNames.join(', ')}.`);
  }
  return testReporters[name as TestReporterName];
}
