// ReceivedProblem documents → errors: 401/403 and gateway errors exit 3 with the token or start fix;
// rejected packages exit 1 with their diagnostics; other 4xx exit 1 with title and detail.
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { EnvironmentError, PackageRejectedError, ProblemError } from '../../src/env/errors.js';
import { parseProblem, problemError, problemSlug, type ReceivedProblem } from '../../src/env/problem.js';
import { formatRejection } from '../../src/env/rejection.js';
import type { Target } from '../../src/env/target.js';

const profileTarget: Target = { name: 'prod', url: 'https://prod.example', token: 't', source: 'current', isTokenFromEnv: false };
const ciTarget: Target = { name: null, url: 'https://ci.example', token: 't', source: 'MWKIT_URL', isTokenFromEnv: true };

function problem(slug: string, status: number, extra: Partial<ReceivedProblem> = {}): ReceivedProblem {
  return { type: `https://mwkit.dev/problems/${slug}`, title: slug, status, ...extra };
}

describe('problemError', () => {
  it('maps 401 to exit 3 with the env add command that fixes it', () => {
    const error = problemError(401, problem('unauthorized', 401, { title: 'Unauthorized' }), profileTarget);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect(error.exitCode).toBe(ExitCode.unreachable);
    expect(error.message).toBe('The token was refused by prod (https://prod.example) (401 Unauthorized).');
    expect(error.hint).toBe('Save a valid admin token: mwkit env add prod --url https://prod.example --token-stdin');
  });

  it('says so when no token was sent at all', () => {
    const error = problemError(401, problem('unauthorized', 401), { ...profileTarget, token: undefined });
    expect(error.message).toBe('prod (https://prod.example) needs a token, and none is saved for it.');
  });

  it('maps 403 to exit 3, and points CI at MWKIT_TOKEN', () => {
    const error = problemError(403, problem('forbidden', 403, { detail: 'applying packages needs the admin role' }), ciTarget);
    expect(error.exitCode).toBe(ExitCode.unreachable);
    expect(error.message).toBe('The token for https://ci.example is not allowed to do this (403): applying packages needs the admin role.');
    expect(error.hint).toBe('Set MWKIT_TOKEN to an admin token of https://ci.example.');
  });

  it('maps 502/503/504 to exit 3, other 5xx to exit 1', () => {
    expect(problemError(503, { title: 'Service Unavailable' }, profileTarget).exitCode).toBe(ExitCode.unreachable);
    expect(problemError(503, { title: 'Service Unavailable' }, profileTarget).message).toBe('prod (https://prod.example) is not available (503 Service Unavailable).');
    const internal = problemError(500, { title: 'Internal Server Error' }, profileTarget);
    expect(internal.exitCode).toBe(ExitCode.failed);
    expect(internal.message).toBe('prod (https://prod.example) failed (500): Internal Server Error.');
  });

  it('maps package-rejected to exit 1 carrying the validate document', () => {
    const diagnostics = {
      ok: false,
      errors: 1,
      warnings: 0,
      diagnostics: [
        {
          severity: 'error' as const,
          code: 'MW301',
          message: 'Unknown entity "Expense".',
          file: 'workspaces/x/workspace.json',
          line: 1,
          column: 40,
          pointer: '/pages/0/entity',
          hint: 'Did you mean `ExpenseReport`?',
        },
      ],
    };
    const error = problemError(422, problem('package-rejected', 422, { title: 'Package rejected', detail: 'The package has 1 error.', diagnostics }), profileTarget);
    expect(error).toBeInstanceOf(PackageRejectedError);
    expect(error.exitCode).toBe(ExitCode.failed);
    expect(error.message).toBe('The environment rejected the package: 1 error in its workspaces.');
    expect((error as PackageRejectedError).summary).toEqual(diagnostics);
    const printed = formatRejection((error as PackageRejectedError).summary, { sources: new Map(), projectRoot: '/project' }, false);
    expect(printed).toBe('workspaces/x/workspace.json:1:40  error  MW301  Unknown entity "Expense".\nhint: Did you mean `ExpenseReport`?\n\n✖ 1 error in 1 file\n');
  });

  it("includes the safe reader's reason for a package that is not a valid zip", () => {
    const error = problemError(422, problem('package-rejected', 422, { title: 'Package rejected', reason: 'not a zip file', code: 'not-zip' }), profileTarget);
    expect(error.message).toBe('The environment rejected the package: Package rejected: not a zip file.');
    expect(formatRejection((error as PackageRejectedError).summary, { sources: new Map(), projectRoot: '/p' }, false)).toBe('');
  });

  it('gives the signing fix for signature-required', () => {
    const error = problemError(422, problem('signature-required', 422, { detail: 'This environment only accepts signed packages.' }), profileTarget);
    expect(error).toBeInstanceOf(PackageRejectedError);
    expect(error.message).toBe('The environment rejected the package: This environment only accepts signed packages.');
    expect(error.hint).toMatch(/mwkit pack --sign <keyfile>/);
    const said = problemError(422, problem('signature-required', 422, { detail: 'Not signed. Sign it with mwkit pack --sign.' }), profileTarget);
    expect(said.hint).toBeUndefined();
  });

  it('maps other 4xx to exit 1 with title, detail and a fix where one is known', () => {
    const downgrade = problemError(409, problem('downgrade', 409, { title: 'Downgrade', detail: 'demo 1.0.0 is older than the current 1.1.0' }), profileTarget);
    expect(downgrade).toBeInstanceOf(ProblemError);
    expect(downgrade.exitCode).toBe(ExitCode.failed);
    expect(downgrade.message).toBe('demo 1.0.0 is older than the current 1.1.0.');
    expect(downgrade.hint).toMatch(/--allow-downgrade/);
    expect(problemError(409, problem('package-conflict', 409), profileTarget).hint).toMatch(/raise the version/);
    const notFound = problemError(404, problem('not-found', 404, { title: 'Not found', detail: 'No workspace "x".' }), profileTarget);
    expect(notFound.message).toBe('No workspace "x".');
    expect(problemError(404, problem('not-found', 404, { title: 'Not found' }), profileTarget).message).toBe('Not found.');
    const invalid = problemError(400, problem('invalid-request', 400, { title: 'Invalid request', errors: [{ pointer: '/roles/0', message: 'must be string' }] }), profileTarget);
    expect(invalid.hint).toBe('/roles/0: must be string');
  });
});

describe('parseProblem', () => {
  it('reads a problem document, and makes one from the status for anything else', () => {
    expect(parseProblem(404, 'Not Found', '{"type":"https://mwkit.dev/problems/not-found","title":"Not found"}')).toEqual({ type: 'https://mwkit.dev/problems/not-found', title: 'Not found' });
    expect(parseProblem(502, 'Bad Gateway', '<html>nginx</html>')).toEqual({ title: 'Bad Gateway', status: 502 });
    expect(parseProblem(500, '', '')).toEqual({ title: 'HTTP 500', status: 500 });
  });

  it('finds the slug only under the mwkit problem namespace', () => {
    expect(problemSlug({ type: 'https://mwkit.dev/problems/downgrade' })).toBe('downgrade');
    expect(problemSlug({ type: 'about:blank' })).toBe('');
  });
});
