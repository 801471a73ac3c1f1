// The few error classes of the CLI. Only src/cli.ts turns them into output and exit codes.

export const ExitCode = {
  ok: 0,
  /** The thing checked or attempted failed (validation errors, verification failed …). */
  failed: 1,
  /** Usage or input error: unknown flag, missing file, unreadable input. */
  usage: 2,
  /** Environment unreachable or refused. */
  unreachable: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A problem the user can fix: what is wrong, and how to fix it. */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: ExitCode = ExitCode.usage,
  ) {
    super(message);
  }
}

/** Wrong command-line usage: unknown flag, missing argument, a prompt that cannot be answered. */
export class UsageError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, hint, ExitCode.usage);
  }
}

/** The command ran and found a failure to report; its output has been printed already. */
export class FailedError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, hint, ExitCode.failed);
  }
}
