// `mwkit status [--env] [--json]`: what an environment runs: the current version of each applied
// package, and every applied workspace with its publication.
import { ExitCode } from '../errors.js';
import type { AppliedPackage, WorkspaceListItem } from '../env/api.js';
import { describeTarget, openSession, printJson, targetJson, type EnvCommandOptions } from '../env/session.js';
import { formatTable, shortTime } from '../env/table.js';

export interface StatusResult {
  environment: { name: string | null; url: string };
  /** The current version of each package, with every version applied so far. */
  packages: Array<AppliedPackage & { versions: string[] }>;
  workspaces: WorkspaceListItem[];
}

export async function runStatus(options: EnvCommandOptions): Promise<number> {
  const result = await environmentStatus(options);
  if (options.json) printJson(result);
  else process.stdout.write(formatStatus(result, describeTarget({ name: result.environment.name, url: result.environment.url })));
  return ExitCode.ok;
}

export async function environmentStatus(options: EnvCommandOptions): Promise<StatusResult> {
  const { target, api } = openSession(options);
  const [packages, workspaces] = await Promise.all([api.packages(), api.workspaces()]);
  const current = packages
    .filter((p) => p.isCurrent)
    .map((p) => ({
      ...p,
      versions: packages.filter((other) => other.name === p.name).map((other) => other.version),
    }));
  current.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sortedWorkspaces = [...workspaces].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { environment: targetJson(target), packages: current, workspaces: sortedWorkspaces };
}

export function formatStatus(result: StatusResult, where: string): string {
  const parts = [`Environment ${where}\n`];
  if (result.packages.length === 0) {
    parts.push('\nNo packages applied yet. Apply one with mwkit apply <pkg>.\n');
    return parts.join('');
  }
  // SINCE, BY and HOW say how the version became current: after a rollback, its first apply
  // time would tell an admin the wrong story.
  parts.push(
    '\nPackages\n',
    formatTable(
      ['NAME', 'VERSION', 'SINCE', 'BY', 'HOW', 'VERSIONS KEPT'],
      result.packages.map((p) => {
        const current = p.current ?? { at: p.appliedAt, by: p.appliedBy, action: 'apply', fromVersion: null };
        return [p.name, p.version, shortTime(current.at), current.by, howItBecameCurrent(current), String(p.versions.length)];
      }),
    ),
  );
  parts.push(
    '\nWorkspaces\n',
    formatTable(
      ['ID', 'VERSION', 'PACKAGE', 'PUBLISHED FOR'],
      result.workspaces.map((w) => [w.id, w.version, `${w.package.name} ${w.package.version}`, publishedFor(w)]),
    ),
  );
  if (result.workspaces.some((w) => !w.publication)) parts.push('\nPublish a workspace with mwkit publish <id> [--roles r1,r2].\n');
  return parts.join('');
}

function howItBecameCurrent(current: NonNullable<AppliedPackage['current']>): string {
  if (current.action === 'rollback') return current.fromVersion ? `rolled back from ${current.fromVersion}` : 'rolled back';
  return current.fromVersion ? `applied over ${current.fromVersion}` : 'applied';
}

function publishedFor(workspace: WorkspaceListItem): string {
  if (!workspace.publication) return '(not published)';
  return workspace.publication.roles.length > 0 ? workspace.publication.roles.join(', ') : '(no roles)';
}
