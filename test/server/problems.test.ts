// Every error becomes a problem document with a stable type: fastify's own, the database's, ours.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { problemCatalogue } from '../../src/contract/problems.js';
import { toServiceError } from '../../src/server/http/problems.js';
import { ServiceError } from '../../src/server/services/errors.js';

describe('toServiceError', () => {
  it.each([
    [{ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }, 'payload-too-large'],
    [{ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }, 'unsupported-media-type'],
    [{ statusCode: 400, message: 'Unexpected token } in JSON' }, 'invalid-request'],
    [{ validation: [{ instancePath: '', keyword: 'additionalProperties', params: { additionalProperty: 'x' } }], validationContext: 'querystring' }, 'invalid-request'],
    [Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }), 'storage-full'],
    [Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }), 'busy'],
    [new TypeError('x is undefined'), 'internal'],
  ])('%j → %s', (error, slug) => {
    const problem = toServiceError(error);
    expect(problem.slug).toBe(slug);
    expect(problemCatalogue[problem.slug].status).toBeGreaterThanOrEqual(400);
  });

  it("never puts an internal error's message in the response", () => {
    const problem = toServiceError(new Error('secret path /home/x/.mwkit'));
    expect(problem.detail).not.toContain('secret');
  });

  it('keeps service errors as they are', () => {
    const error = new ServiceError('downgrade', 'Older', 'detail');
    expect(toServiceError(error)).toBe(error);
  });
});

describe('the problem table', () => {
  it('docs/api.md lists every problem type with its status', () => {
    const docs = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
    for (const [slug, { status }] of Object.entries(problemCatalogue)) expect(docs).toContain(`| \`${slug}\` | ${status} |`);
  });

  it.each([
    [{ code: 'FST_ERR_BAD_URL', statusCode: 400 }, 'invalid-request'],
    [{ code: 'FST_ERR_MAX_PARAM_LENGTH', statusCode: 414 }, 'uri-too-long'],
  ])("fastify's router error %j → %s", (error, slug) => {
    expect(toServiceError(error).slug).toBe(slug);
  });
});
