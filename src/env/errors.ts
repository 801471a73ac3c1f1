// The errors of talking to an environment. An unreachable or refusing environment is exit 3
// (SPEC §3); a rejected package is exit 1 and carries the diagnostics to print.
import type { ValidationSummary } from '../diagnostics.js';
import { ExitCode, FailedError, UserError } from '../errors.js';
import type { ReceivedProblem } from './problem.js';

/** The environment cannot be reached, or refused the token (401/403): exit 3. */
export class EnvironmentError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, hint, ExitCode.unreachable);
  }
}

/** The environment answered with a problem document that is not about reachability (4xx, 5xx): exit 1. */
export class ProblemError extends FailedError {
  constructor(
    message: string,
    hint: string | undefined,
    readonly status: number,
    readonly problem: ReceivedProblem,
  ) {
    super(message, hint);
  }
}

/** A package the environment refused to apply; `summary` holds the diagnostics when it sent any. */
export class PackageRejectedError extends ProblemError {
  constructor(
    message: string,
    hint: string | undefined,
    status: number,
    problem: ReceivedProblem,
    readonly summary: ValidationSummary | undefined,
  ) {
    super(message, hint, status, problem);
  }
}
