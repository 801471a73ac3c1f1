// Problem details for sync results and sync API errors: the same `type` URIs as the rest of
// the API (https://mwkit.dev/problems/<slug>), so a device shows one kind of message.
import type { ProblemDetails } from './types.js';

export const problemBase = 'https://mwkit.dev/problems/';

const titles: Record<string, string> = {
  'invalid-request': 'The request is not valid',
  'not-found': 'Not found',
  forbidden: 'Not allowed',
  conflict: 'Conflict',
  unprocessable: 'The change breaks a rule',
};

export function problem(slug: string, status: number, detail: string, extra: { title?: string; field?: string } = {}): ProblemDetails {
  return {
    type: `${problemBase}${slug}`,
    title: extra.title ?? titles[slug] ?? slug,
    status,
    detail,
    ...(extra.field ? { field: extra.field } : {}),
  };
}
