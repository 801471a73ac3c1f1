// RFC 9457 problem documents from the environment → the CLI's errors and exit codes.
// 401/403 and gateway errors are exit 3 (refused or unreachable); everything else the server
// refuses is exit 1 with its title and detail, and a fix where we know one. Pure.
import { type Problem, problemSlugOf } from '../contract/problems.js';
import type { ValidationSummary } from '../diagnostics.js';
import type { UserError } from '../errors.js';
import { EnvironmentError, PackageRejectedError, ProblemError } from './errors.js';
import { describeTarget, type Target } from './target.js';

/**
 * A problem document as the CLI receives it: the contract's, though any field may be missing —
 * a proxy, another server or an older environment may answer in its place.
 */
export type ReceivedProblem = Partial<Problem>;

/** The stable slug of a problem type of the catalogue (`package-rejected`), or '' for another or no type. */
export function problemSlug(problem: ReceivedProblem): string {
  return problemSlugOf(problem.type) ?? '';
}

/** The problem document in a response body; a plain one made from the status for anything else. */
export function parseProblem(status: number, statusText: string, body: string): ReceivedProblem {
  try {
    const data = JSON.parse(body) as unknown;
    if (typeof data === 'object' && data !== null && !Array.isArray(data)) return data as ReceivedProblem;
  } catch {
    // An HTML page from a proxy, or nothing at all.
  }
  return { title: statusText || `HTTP ${status}`, status };
}

export function problemError(status: number, problem: ReceivedProblem, target: Target): UserError {
  const slug = problemSlug(problem);
  const what = describeTarget(target);
  if (status === 401) {
    const message = target.token ? `The token was refused by ${what} (401 ${problem.title ?? 'Unauthorized'}).` : `${what} needs a token, and none is saved for it.`;
    return new EnvironmentError(message, tokenFix(target, 'a valid admin token'));
  }
  if (status === 403) {
    return new EnvironmentError(`The token for ${what} is not allowed to do this (403): ${problem.detail ?? 'it needs the admin role'}.`, tokenFix(target, 'an admin token'));
  }
  if (status === 502 || status === 503 || status === 504) {
    const title = problem.title ? ` ${problem.title}` : '';
    return new EnvironmentError(`${what} is not available (${status}${title}).`, 'The environment, or a proxy in front of it, is not ready: try again shortly, or check that its server runs.');
  }
  const text = sentence(problem, status);
  if (slug === 'package-rejected' || slug === 'signature-required') {
    const summary = isSummary(problem.diagnostics) ? problem.diagnostics : undefined;
    const cause = summary && summary.errors > 0 ? `${summary.errors} error${summary.errors === 1 ? '' : 's'} in its workspaces.` : text;
    return new PackageRejectedError(`The environment rejected the package: ${cause}`, unlessSaid(text, rejectionHint(slug, summary)), status, problem, summary);
  }
  if (status >= 500) return new ProblemError(`${what} failed (${status}): ${text}`, 'This is a fault of the environment: check its log, then try again.', status, problem);
  return new ProblemError(text, unlessSaid(text, hintFor(slug, problem)), status, problem);
}

/** No hint that repeats the command the server's own detail already names. */
function unlessSaid(text: string, hint: string | undefined): string | undefined {
  const command = hint ? /--allow-downgrade|mwkit pack --sign/.exec(hint)?.[0] : undefined;
  return command && text.includes(command) ? undefined : hint;
}

function tokenFix(target: Target, kind: string): string {
  if (target.isTokenFromEnv || target.name === null) return `Set MWKIT_TOKEN to ${kind} of ${target.url}.`;
  return `Save ${kind}: mwkit env add ${target.name} --url ${target.url} --token-stdin`;
}

function rejectionHint(slug: string, summary: ValidationSummary | undefined): string {
  if (slug === 'signature-required') {
    return 'Sign the package with a key the environment trusts: mwkit pack --sign <keyfile> (see mwkit env trust list).';
  }
  if (summary && summary.errors > 0) return "Fix the errors above (mwkit validate --catalog <the environment's catalog> shows the same), pack and apply again.";
  return 'Pack the project again with mwkit pack, check it with mwkit verify, and apply the new file.';
}

function hintFor(slug: string, problem: ReceivedProblem): string | undefined {
  switch (slug) {
    case 'downgrade':
      return 'Pass --allow-downgrade to apply an older version, or use mwkit rollback <package> --to <version>.';
    case 'package-conflict':
      return 'Packages are immutable: raise the version in mwkit.yaml, pack and apply again.';
    case 'workspace-conflict':
      return 'Workspace ids belong to one package: rename the workspaces, or roll back or remove the other package first.';
    case 'conflict':
      return 'Something else changed the environment at the same moment: run the command again.';
    case 'payload-too-large':
      return 'The environment limits the size of uploads; make the package smaller (fewer workspaces per package).';
    case 'too-many-attempts':
      return 'Wait a minute before trying again.';
    case 'invalid-request':
      return invalidRequestHint(problem);
    default:
      return undefined;
  }
}

function invalidRequestHint(problem: ReceivedProblem): string | undefined {
  const errors = Array.isArray(problem.errors) ? problem.errors : [];
  const lines = errors.slice(0, 5).map((e) => `${e.pointer || '(request)'}: ${e.message ?? 'invalid'}`);
  return lines.length > 0 ? lines.join('\n  ') : undefined;
}

/** The detail (a full sentence from this server), else the title; with the reader's reason when it adds one. */
function sentence(problem: ReceivedProblem, status: number): string {
  const title = typeof problem.title === 'string' ? problem.title.trim() : '';
  const detail = typeof problem.detail === 'string' ? problem.detail.trim() : '';
  const text = detail || title || `HTTP ${status}`;
  const reason = typeof problem.reason === 'string' ? problem.reason.trim() : '';
  const withReason = reason && !text.includes(reason) ? `${text.replace(/\.$/, '')}: ${reason}` : text;
  return /[.!?)]$/.test(withReason) ? withReason : `${withReason}.`;
}

function isSummary(value: unknown): value is ValidationSummary {
  const summary = value as ValidationSummary | undefined;
  return typeof summary === 'object' && summary !== null && Array.isArray(summary.diagnostics) && typeof summary.errors === 'number';
}
