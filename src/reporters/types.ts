// The contract between `mwkit validate` and its output formats: every reporter turns the same
// summary into a string, and only the command prints it.
import type { ValidationSummary } from '../diagnostics.js';

export interface ReportContext {
  /** Source text of each file, keyed by the diagnostic's `file` (relative path), for code frames. */
  sources: ReadonlyMap<string, string>;
  /** The workspaces validated: id (if it could be read) and file (relative path). */
  workspaces: ReadonlyArray<{ id?: string; file: string }>;
  /** Absolute path of the project folder (diagnostic files are relative to it). */
  projectRoot: string;
  isColor: boolean;
  toolVersion: string;
}

export type Reporter = (summary: ValidationSummary, context: ReportContext) => string;

export const reporterNames = ['text', 'json', 'sarif', 'junit', 'github'] as const;
export type ReporterName = (typeof reporterNames)[number];
