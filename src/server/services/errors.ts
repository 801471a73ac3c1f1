// A refusal by the environment, named by a stable problem slug; the HTTP layer turns it into an
// application/problem+json response (the slug's status and title: src/contract/problems.ts).
import type { ProblemSlug } from '../../contract/problems.js';

export type { ProblemSlug };

export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly slug: ProblemSlug,
    readonly title: string,
    readonly detail: string,
    /** Extension members of the problem document (diagnostics, errors, reason …). */
    readonly extensions: Record<string, unknown> = {},
    /** Response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}
