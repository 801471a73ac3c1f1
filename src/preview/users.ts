// Who the preview signs in as: `--user`, else the demo user who sees the most of the project's
// workspaces, preferring the one with the fewest other roles (the plainest fit).
import { UsageError } from '../errors.js';
import { didYouMean } from '../text/suggest.js';
import type { PreviewUser } from './protocol.js';

export interface WorkspaceRoles {
  id: string;
  roles: readonly string[];
}

export function chooseUser(users: readonly PreviewUser[], workspaces: readonly WorkspaceRoles[], requested?: string): PreviewUser {
  if (users.length === 0) throw new UsageError('The preview environment has no demo users.', 'Delete the .mwkit folder of the project so that preview seeds a new one.');
  if (requested !== undefined) {
    const user = users.find((u) => u.id === requested);
    if (user) return user;
    const ids = users.map((u) => u.id);
    throw new UsageError(`There is no demo user ${requested}.`, didYouMean(requested, ids, 'demo users'));
  }
  let best = users[0]!;
  let bestScore = score(best, workspaces);
  for (const user of users.slice(1)) {
    const candidate = score(user, workspaces);
    if (candidate.sees > bestScore.sees || (candidate.sees === bestScore.sees && candidate.roles < bestScore.roles)) {
      best = user;
      bestScore = candidate;
    }
  }
  return best;
}

function score(user: PreviewUser, workspaces: readonly WorkspaceRoles[]): { sees: number; roles: number } {
  const sees = workspaces.filter((w) => w.roles.some((role) => user.roles.includes(role))).length;
  return { sees, roles: user.roles.length };
}

/** Roles to publish a workspace for: its own, or every role of the demo users when it names none. */
export function publicationRoles(workspace: WorkspaceRoles, users: readonly PreviewUser[]): string[] {
  if (workspace.roles.length > 0) return [...workspace.roles];
  return [...new Set(users.flatMap((u) => u.roles))].sort();
}
