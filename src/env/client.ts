// The HTTP client for an environment's API, on got: timeouts on every request, retries only for
// GET (a retried POST could apply or publish twice), no redirects (a token is never sent on to
// another address), and every failure turned into a UserError with the fix (see problem.ts).
import got, { RequestError, type Method, type Progress } from 'got';
import { toolVersion } from '../version.js';
import { EnvironmentError } from './errors.js';
import { parseProblem, problemError } from './problem.js';
import { describeTarget, type Target } from './target.js';

export interface ClientOptions {
  /** Per attempt, for JSON requests. */
  timeoutMs?: number;
  /** For package uploads, which the server checks completely before answering. */
  uploadTimeoutMs?: number;
  /** Retries of a GET after a network error, a timeout, 408, 429 or 5xx. */
  retries?: number;
  /** First retry delay; doubled for each further retry (a Retry-After header wins). */
  retryDelayMs?: number;
}

export interface RequestOptions {
  json?: unknown;
  /** Raw bytes (a package), sent as application/zip. */
  body?: Buffer;
  query?: Record<string, string | undefined>;
  onUploadProgress?: (sent: number, total: number | undefined) => void;
}

export interface EnvClient {
  readonly target: Target;
  request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, options?: RequestOptions): Promise<T>;
}

export const defaultClientOptions: Required<ClientOptions> = { timeoutMs: 30_000, uploadTimeoutMs: 300_000, retries: 2, retryDelayMs: 500 };

/** Network errors worth a second try; a refused connection or an unknown host fail at once. */
const retriedErrorCodes = ['ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'EAI_AGAIN', 'ECONNABORTED'];

export function createClient(target: Target, options: ClientOptions = {}): EnvClient {
  const settings = { ...defaultClientOptions, ...options };
  return {
    target,
    async request<T>(method: Method, path: string, request: RequestOptions = {}): Promise<T> {
      const isUpload = request.body !== undefined;
      const timeoutMs = isUpload ? settings.uploadTimeoutMs : settings.timeoutMs;
      const call = got(`${target.url}/api/v1${path}`, {
        method,
        headers: requestHeaders(target, isUpload),
        searchParams: definedEntries(request.query),
        ...(request.json !== undefined ? { json: request.json } : {}),
        ...(isUpload ? { body: request.body } : {}),
        responseType: 'text',
        throwHttpErrors: false,
        followRedirect: false,
        timeout: { request: timeoutMs },
        retry: {
          limit: method === 'GET' ? settings.retries : 0,
          methods: ['GET'],
          statusCodes: [408, 429, 500, 502, 503, 504],
          errorCodes: retriedErrorCodes,
          calculateDelay: ({ computedValue, retryAfter, attemptCount }) => (computedValue === 0 ? 0 : retryAfter ? computedValue : settings.retryDelayMs * 2 ** (attemptCount - 1)),
        },
      });
      if (request.onUploadProgress) {
        const report = request.onUploadProgress;
        call.on('uploadProgress', (progress: Progress) => report(progress.transferred, progress.total));
      }
      let response;
      try {
        response = await call;
      } catch (error) {
        throw networkError(error, target, timeoutMs);
      }
      return parseResponse<T>(response.statusCode, response.statusMessage ?? '', response.headers, response.body, target);
    },
  };
}

function requestHeaders(target: Target, isUpload: boolean): Record<string, string> {
  return {
    'user-agent': `mwkit/${toolVersion()}`,
    accept: 'application/json, application/problem+json',
    ...(isUpload ? { 'content-type': 'application/zip' } : {}),
    ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
  };
}

function definedEntries(query: Record<string, string | undefined> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(query ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function parseResponse<T>(status: number, statusText: string, headers: Record<string, string | string[] | undefined>, body: string, target: Target): T {
  if (status >= 300 && status < 400) {
    const location = typeof headers.location === 'string' ? headers.location : 'another address';
    throw new EnvironmentError(`${describeTarget(target)} redirects to ${location}.`, 'Use the final address of the environment in its profile (mwkit env add <name> --url <url> --token-stdin).');
  }
  if (status < 200 || status >= 300) throw problemError(status, parseProblem(status, statusText, body), target);
  if (status === 204 || body === '') return undefined as T;
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new EnvironmentError(
      `${target.url} answered with something that is not JSON: is it an mwkit environment?`,
      'Check the URL (mwkit env list); it is the address mwkit env start printed, without /api/v1.',
    );
  }
}

/** Connection failures and timeouts: exit 3, naming the address and the likely fix. */
export function networkError(error: unknown, target: Target, timeoutMs: number): EnvironmentError {
  const code = error instanceof RequestError ? error.code : undefined;
  const what = describeTarget(target);
  const fix = `Check the URL (mwkit env list), or start a local environment with mwkit env start.`;
  if (error instanceof RequestError && error.name === 'TimeoutError') {
    return new EnvironmentError(`${what} did not answer within ${Math.round(timeoutMs / 100) / 10} s.`, 'Check that the environment runs and is reachable from here, then try again.');
  }
  switch (code) {
    case 'ECONNREFUSED':
      return new EnvironmentError(`Cannot reach ${target.url} — is \`mwkit env start\` running?`, `Nothing accepts connections there (ECONNREFUSED). ${fix}`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new EnvironmentError(`Cannot reach ${target.url}: the host ${new URL(target.url).hostname} was not found (${code}).`, fix);
    case 'ECONNRESET':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new EnvironmentError(`Cannot reach ${target.url} (${code}).`, 'Check the network and the URL (mwkit env list), then try again.');
    default:
      if (code && /CERT|SSL|TLS|SELF_SIGNED/.test(code)) {
        return new EnvironmentError(
          `Cannot reach ${target.url}: its TLS certificate was not accepted (${code}).`,
          'If the environment uses a private certificate authority, point NODE_EXTRA_CA_CERTS at its certificate.',
        );
      }
      return new EnvironmentError(`Cannot reach ${target.url}${code ? ` (${code})` : ''}: ${error instanceof Error ? error.message : String(error)}`, fix);
  }
}
