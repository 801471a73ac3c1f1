// A diagnostic is the unit every validation stage produces and every reporter consumes.
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** Stable code, documented in docs/diagnostics.md (see src/validate/codes.ts). */
  code: string;
  message: string;
  /** Path relative to the project folder, with forward slashes. */
  file: string;
  /** 1-based line of the offending key or value (for a missing key: the mapping lacking it). */
  line: number;
  /** 1-based column. */
  column: number;
  /** JSON Pointer into the file's data, '' for the whole document. */
  pointer: string;
  hint?: string;
}

export interface ValidationSummary {
  ok: boolean;
  errors: number;
  warnings: number;
  diagnostics: Diagnostic[];
}

export function summarize(diagnostics: Diagnostic[]): ValidationSummary {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return { ok: errors === 0, errors, warnings: diagnostics.length - errors, diagnostics };
}

/** Orders diagnostics by file, then position, then code, so output is stable. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
