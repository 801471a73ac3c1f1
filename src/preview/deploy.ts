// Applying a preview package to the preview's environment and publishing its workspaces, over
// the same HTTP API (and client) as `mwkit apply` and `mwkit publish`.
import type { Diagnostic, ValidationSummary } from '../diagnostics.js';
import type { WorkspaceListItem, EnvironmentApi, Plan } from '../env/api.js';
import { PackageRejectedError } from '../env/errors.js';
import type { LoadedProject } from '../project/load.js';
import { locate } from '../yaml/source.js';
import type { PreviewUser } from './protocol.js';
import { publicationRoles, type WorkspaceRoles } from './users.js';

export type DeployOutcome = { kind: 'applied'; version: string; plan: Plan; published: string[] } | { kind: 'rejected'; message: string; summary: ValidationSummary | undefined };

export interface DeployInput {
  bytes: Buffer;
  version: string;
  workspaces: readonly WorkspaceRoles[];
  users: readonly PreviewUser[];
}

export async function deploy(api: EnvironmentApi, input: DeployInput): Promise<DeployOutcome> {
  let plan: Plan;
  try {
    // A preview may go back to an older version of mwkit.yaml: allow it rather than get stuck.
    ({ plan } = await api.uploadPackage(input.bytes, { isDryRun: false, isDowngradeAllowed: true }));
  } catch (error) {
    if (error instanceof PackageRejectedError) return { kind: 'rejected', message: error.message, summary: error.summary };
    throw error;
  }
  const published = await publishAll(api, input.workspaces, input.users);
  return { kind: 'applied', version: input.version, plan, published };
}

/** Publishes each workspace for its roles unless it is published for exactly those already. */
async function publishAll(api: EnvironmentApi, workspaces: readonly WorkspaceRoles[], users: readonly PreviewUser[]): Promise<string[]> {
  const applied = new Map<string, WorkspaceListItem>((await api.workspaces()).map((w) => [w.id, w]));
  const published: string[] = [];
  for (const workspace of workspaces) {
    const roles = publicationRoles(workspace, users);
    const current = applied.get(workspace.id)?.publication?.roles ?? [];
    if (sameSet(current, roles)) continue;
    await api.publish(workspace.id, roles);
    published.push(`${workspace.id} for ${roles.join(', ')}`);
  }
  return published;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

const packagedDefinition = /^workspaces\/([^/]+)\/workspace\.json$/;

/**
 * The environment places diagnostics in the package's workspace.json. The package was made from
 * `project` just now, so the same JSON Pointer finds the key in the workspace's YAML.
 */
export function relocateToProject(diagnostics: readonly Diagnostic[], project: LoadedProject): Diagnostic[] {
  return diagnostics.map((diagnostic) => {
    const id = packagedDefinition.exec(diagnostic.file)?.[1];
    const local = id === undefined ? undefined : project.workspaces.find((w) => w.workspace?.id === id);
    if (!local) return diagnostic;
    return { ...diagnostic, file: local.source.file, ...locate(local.source, diagnostic.pointer) };
  });
}
