// What `mwkit preview` tells the app, under /api/v1/preview on the app's own origin: the
// live status (JSON, and as Server-Sent Events) and who the preview signs in as. Shared by the
// preview server (src/preview) and the app's overlay (app/src/preview), so both read one shape.

export const previewPath = '/api/v1/preview';
export const previewEventsPath = `${previewPath}/events`;
export const previewStatusPath = `${previewPath}/status`;
export const previewSessionPath = `${previewPath}/session`;
/** The query parameter of the printed app URL that names the user to sign in as. */
export const previewUserParameter = 'as';

export interface PreviewDiagnostic {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  /** Relative to the project, with forward slashes. */
  file: string;
  line: number;
  column: number;
  hint?: string;
  /** A few lines of the file around `line` (plain text, `>` marks the line), for the overlay. */
  frame?: string;
}

export type PreviewPhase =
  /** Starting: nothing applied yet. */
  | 'starting'
  /** The working copy is what the environment runs. */
  | 'ok'
  /** The working copy has errors: the environment keeps the last good version. */
  | 'invalid'
  /** The environment refused the package (its rules, or its catalog differs from the project's). */
  | 'rejected'
  /** Something else went wrong (the message says what). */
  | 'failed';

export interface PreviewTests {
  ok: boolean;
  passed: number;
  failed: number;
}

export interface PreviewStatus {
  /** Bumped on every change of this document. */
  revision: number;
  phase: PreviewPhase;
  /** The preview package version the environment runs now; a new value means new definitions. */
  applied: { version: string; at: string } | null;
  errors: number;
  warnings: number;
  diagnostics: PreviewDiagnostic[];
  /** One line for the overlay's heading, e.g. "1 error: not applied". */
  message: string | null;
  /** The last run of the business-logic tests, if any ran. */
  tests: PreviewTests | null;
}

export interface PreviewUser {
  id: string;
  name: string;
  roles: string[];
}

export interface PreviewSession {
  project: string;
  /** Who the preview signs in as unless the URL says otherwise. */
  user: string;
  /** The demo company's shared password (printed by `mwkit env start --demo` too). */
  password: string;
  users: PreviewUser[];
}
