// Talking to the environment that served the app (same origin, /api/v1). Three outcomes: the
// answer, an ApiError carrying the problem details, or OfflineError when the network (or a
// gateway in front of it) did not answer: the app then works from its local data.
import type { Problem } from '../../src/contract/problems.js';

export const apiBase = '/api/v1';
const timeoutMs = 20_000;

export class OfflineError extends Error {
  override readonly name = 'OfflineError';
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.title);
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  token?: string;
  query?: Record<string, string | number | undefined>;
}

function urlOf(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return `${apiBase}${path}${text ? `?${text}` : ''}`;
}

async function problemOf(response: Response): Promise<ApiError> {
  let problem: Problem;
  try {
    problem = (await response.json()) as Problem;
  } catch {
    problem = { type: 'about:blank', title: response.statusText || 'Error', status: response.status, detail: `The environment answered ${response.status}.` };
  }
  return new ApiError(response.status, problem);
}

async function send(path: string, options: RequestOptions, headers: Record<string, string> = {}): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response: Response;
  try {
    response = await fetch(urlOf(path, options.query), {
      method: options.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: controller.signal,
      cache: 'no-store',
    });
  } catch {
    throw new OfflineError('The environment cannot be reached.');
  } finally {
    clearTimeout(timer);
  }
  // A gateway answering for an unreachable environment is the same as no network.
  if (response.status === 502 || response.status === 503 || response.status === 504) throw new OfflineError(`The environment is unavailable (${response.status}).`);
  return response;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (!response.ok) throw await problemOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/**
 * A GET that names the version the app has (its ETag): undefined while it is still current
 * (304, no body sent), else the new answer with its ETag.
 */
export async function requestIfChanged<T>(path: string, options: RequestOptions & { etag?: string }): Promise<{ body: T; etag?: string } | undefined> {
  const response = await send(path, options, options.etag ? { 'if-none-match': options.etag } : {});
  if (response.status === 304) return undefined;
  if (!response.ok) throw await problemOf(response);
  const etag = response.headers.get('etag') ?? undefined;
  return { body: (await response.json()) as T, ...(etag ? { etag } : {}) };
}
