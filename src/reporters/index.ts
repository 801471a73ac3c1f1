// The registry of `mwkit validate --format` outputs. Adding a format is one module and one line.
import { UsageError } from '../errors.js';
import { githubReporter } from './github.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';
import { reporterNames, type Reporter, type ReporterName } from './types.js';

export type { ReportContext, Reporter, ReporterName } from './types.js';
export { reporterNames } from './types.js';

export const reporters: Record<ReporterName, Reporter> = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  junit: junitReporter,
  github: githubReporter,
};

export function isReporterName(name: string): name is ReporterName {
  return (reporterNames as readonly string[]).includes(name);
}

/** The reporter for a `--format` value; a UsageError naming the formats for any other value. */
export function getReporter(name: string): Reporter {
  if (!isReporterName(name)) {
    throw new UsageError(`Unknown format "${name}".`, `Use one of: ${reporterNames.join(', ')}.`);
  }
  return reporters[name];
}
