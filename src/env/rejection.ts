// A package the environment rejected: its diagnostics printed on stderr exactly as `mwkit
// validate` prints them (the server sends the validate JSON document inside the problem).
import { isColorEnabled } from '../cli/output.js';
import { getReporter } from '../reporters/index.js';
import type { ReportContext } from '../reporters/types.js';
import { toolVersion } from '../version.js';
import type { PackageRejectedError } from './errors.js';

export function formatRejection(error: PackageRejectedError, projectRoot: string, isColor: boolean): string {
  const summary = error.summary;
  if (!summary || summary.diagnostics.length === 0) return '';
  const files = [...new Set(summary.diagnostics.map((d) => d.file))];
  const context: ReportContext = {
    // The package holds normalised JSON, not the YAML sources: no code frames, locations only.
    sources: new Map(),
    workspaces: files.map((file) => ({ file })),
    projectRoot,
    isColor,
    toolVersion: toolVersion(),
  };
  return getReporter('text')(summary, context);
}

export function printRejection(error: PackageRejectedError, projectRoot: string): void {
  process.stderr.write(formatRejection(error, projectRoot, isColorEnabled(process.stderr)));
}
