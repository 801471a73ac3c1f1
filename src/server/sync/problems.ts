// Problem details for sync results: the API's catalogue (src/contract/problems.ts), so a device
// shows one kind of message whether a request or one operation of a batch was refused.
import { problemOf, type Problem, type ProblemSlug } from '../../contract/problems.js';

export function problem(slug: ProblemSlug, detail: string, extra: { title?: string; field?: string } = {}): Problem {
  return problemOf(slug, detail, extra);
}
