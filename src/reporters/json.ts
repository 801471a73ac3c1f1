// `--format json`: the SPEC §4 contract document, keys in the documented order.
import type { Diagnostic } from '../diagnostics.js';
import type { Reporter } from './types.js';

function contractDiagnostic(diagnostic: Diagnostic): Record<string, unknown> {
  const { severity, code, message, file, line, column, pointer, hint } = diagnostic;
  const entry: Record<string, unknown> = { severity, code, message, file, line, column, pointer };
  if (hint !== undefined) entry.hint = hint;
  return entry;
}

export const jsonReporter: Reporter = (summary) => {
  const document = {
    ok: summary.ok,
    errors: summary.errors,
    warnings: summary.warnings,
    diagnostics: summary.diagnostics.map(contractDiagnostic),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
};
