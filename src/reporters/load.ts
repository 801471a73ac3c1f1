// Loads only the reporter a run asks for: `validate --format json` in CI need not load chalk,
// code frames, SARIF or JUnit. (index.ts keeps the eager registry for code that wants it all.)
import { UsageError } from '../errors.js';
import { reporterNames, type Reporter, type ReporterName } from './types.js';

const loaders: Record<ReporterName, () => Promise<Reporter>> = {
  text: async () => (await import('./text.js')).textReporter,
  json: async () => (await import('./json.js')).jsonReporter,
  sarif: async () => (await import('./sarif.js')).sarifReporter,
  junit: async () => (await import('./junit.js')).junitReporter,
  github: async () => (await import('./github.js')).githubReporter,
};

/** The reporter for a `--format` value; a UsageError naming the formats for any other value. */
export async function loadReporter(name: string): Promise<Reporter> {
  if (!(reporterNames as readonly string[]).includes(name)) {
    throw new UsageError(`Unknown format "${name}".`, `Use one of: ${reporterNames.join(', ')}.`);
  }
  return loaders[name as ReporterName]();
}
