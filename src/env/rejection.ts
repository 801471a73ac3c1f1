// A package the environment rejected: its diagnostics printed on stderr exactly as `mwkit
// validate` prints them (the server sends the validate JSON document inside the problem),
// placed in the project's YAML when the current folder holds the project that was packed.
import { isColorEnabled } from '../cli/output.js';
import type { ValidationSummary } from '../diagnostics.js';
import { getReporter } from '../reporters/index.js';
import type { ReportContext } from '../reporters/types.js';
import { toolVersion } from '../version.js';
import type { PackageRejectedError } from './errors.js';
import { relocateDiagnostics } from './relocate.js';

export interface RejectionContext {
  sources: ReadonlyMap<string, string>;
  projectRoot: string;
}

export function formatRejection(summary: ValidationSummary | undefined, context: RejectionContext, isColor: boolean): string {
  if (!summary || summary.diagnostics.length === 0) return '';
  const files = [...new Set(summary.diagnostics.map((d) => d.file))];
  const report: ReportContext = {
    sources: context.sources,
    workspaces: files.map((file) => ({ file })),
    projectRoot: context.projectRoot,
    isColor,
    toolVersion: toolVersion(),
  };
  return getReporter('text')(summary, report);
}

export async function printRejection(error: PackageRejectedError, packageBytes: Buffer, cwd: string): Promise<void> {
  if (!error.summary) return;
  const { summary, ...context } = await relocateDiagnostics(error.summary, packageBytes, cwd);
  process.stderr.write(formatRejection(summary, context, isColorEnabled(process.stderr)));
}
