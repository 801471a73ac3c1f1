// The problem catalogue (RFC 9457): every kind of refusal the environment answers, with its
// HTTP status and default title, in one table — as fastify's lib/errors.js keeps all its errors.
// The server's HTTP errors, the rejected results of a sync push, the entity rules' refusals and
// the CLI's reading of an answer all take their `type`, status and title from here; a call may
// still give its own title and detail. docs/api.md lists the same table (a test compares them).

export const problemBase = 'https://mwkit.dev/problems/';

export const problemCatalogue = {
  'invalid-request': { status: 400, title: 'The request is not valid' },
  unauthorized: { status: 401, title: 'Not signed in' },
  forbidden: { status: 403, title: 'Not allowed' },
  'not-found': { status: 404, title: 'Not found' },
  'request-timeout': { status: 408, title: 'Request timeout' },
  conflict: { status: 409, title: 'Conflict' },
  'package-conflict': { status: 409, title: 'Package conflict' },
  downgrade: { status: 409, title: 'Older than the current version' },
  'workspace-conflict': { status: 409, title: 'Workspace conflict' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  'uri-too-long': { status: 414, title: 'URI too long' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'package-rejected': { status: 422, title: 'Package rejected' },
  'signature-required': { status: 422, title: 'Signature required' },
  unprocessable: { status: 422, title: 'The change breaks a rule' },
  'too-many-attempts': { status: 429, title: 'Too many attempts' },
  'headers-too-large': { status: 431, title: 'Request headers too large' },
  internal: { status: 500, title: 'Internal error' },
  busy: { status: 503, title: 'Busy' },
  'storage-full': { status: 507, title: 'Storage full' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemSlug = keyof typeof problemCatalogue;

/** A problem document as the API sends it (application/problem+json), extension members included. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** The field a rule was about, when there is one (a device shows it next to the input). */
  field?: string;
  /** invalid-request: what was wrong where (a JSON Pointer into the request: `/body/…`, `/query/…`). */
  errors?: Array<{ pointer: string; message: string }>;
  /** package-rejected by the safe reader, signature-required: why, and a stable code. */
  reason?: string;
  code?: string;
  /** package-rejected: the `mwkit validate --format json` document (SPEC §4). */
  diagnostics?: ProblemDiagnostics;
  [extension: string]: unknown;
}

/** The validate JSON document as a rejected package's problem carries it. */
export interface ProblemDiagnostics {
  ok: boolean;
  errors: number;
  warnings: number;
  diagnostics: Array<{ severity: 'error' | 'warning'; code: string; message: string; file: string; line: number; column: number; pointer: string; hint?: string }>;
}

export function isProblemSlug(value: string): value is ProblemSlug {
  return Object.hasOwn(problemCatalogue, value);
}

export function problemType(slug: ProblemSlug): string {
  return `${problemBase}${slug}`;
}

/** The slug of a problem `type` of this catalogue; undefined for another URI or none. */
export function problemSlugOf(type: unknown): ProblemSlug | undefined {
  if (typeof type !== 'string' || !type.startsWith(problemBase)) return undefined;
  const slug = type.slice(problemBase.length);
  return isProblemSlug(slug) ? slug : undefined;
}

/** A problem of kind `slug`: its status and (unless given) title from the catalogue. */
export function problemOf(slug: ProblemSlug, detail: string, extra: { title?: string; field?: string; instance?: string; extensions?: Record<string, unknown> } = {}): Problem {
  const { status, title } = problemCatalogue[slug];
  return {
    type: problemType(slug),
    title: extra.title ?? title,
    status,
    detail,
    ...(extra.instance === undefined ? {} : { instance: extra.instance }),
    ...(extra.field ? { field: extra.field } : {}),
    ...extra.extensions,
  };
}

/** The problem document as JSON Schema (the OpenAPI document's `Problem`). */
export const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details; `type` is stable per kind of problem (https://mwkit.dev/problems/<slug>).',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    field: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', required: ['pointer', 'message'], properties: { pointer: { type: 'string' }, message: { type: 'string' } } } },
    reason: { type: 'string' },
    code: { type: 'string' },
    diagnostics: {
      type: 'object',
      description: 'The `mwkit validate --format json` document of a rejected package (SPEC §4).',
      required: ['ok', 'errors', 'warnings', 'diagnostics'],
      properties: {
        ok: { type: 'boolean' },
        errors: { type: 'integer' },
        warnings: { type: 'integer' },
        diagnostics: {
          type: 'array',
          items: {
            type: 'object',
            required: ['severity', 'code', 'message', 'file', 'line', 'column', 'pointer'],
            properties: {
              severity: { type: 'string', enum: ['error', 'warning'] },
              code: { type: 'string', description: 'Stable, documented in docs/diagnostics.md.' },
              message: { type: 'string' },
              file: { type: 'string', description: 'Relative to the project folder, forward slashes.' },
              line: { type: 'integer' },
              column: { type: 'integer' },
              pointer: { type: 'string', description: "JSON Pointer into the file's data." },
              hint: { type: 'string' },
            },
          },
        },
      },
    },
  },
  additionalProperties: true,
} as const;
