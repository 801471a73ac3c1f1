// A refusal by the environment, named by a stable problem slug; the HTTP layer turns it into an
// application/problem+json response (http/problems.ts holds the slug → status table).
export type ProblemSlug =
  | 'invalid-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'package-conflict'
  | 'downgrade'
  | 'workspace-conflict'
  | 'request-timeout'
  | 'payload-too-large'
  | 'uri-too-long'
  | 'unsupported-media-type'
  | 'package-rejected'
  | 'signature-required'
  | 'too-many-attempts'
  | 'headers-too-large'
  | 'storage-full'
  | 'busy'
  | 'internal';

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
