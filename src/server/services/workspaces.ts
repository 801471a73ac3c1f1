// Applied workspaces, their publications, and what a signed-in user may open.
import type { NormalizedWorkspace } from '../../model/normalize.js';
import { openableSetDigest, workspaceDigest } from '../domain/workspace-digest.js';
import { businessRoles, hasAnyRole, isBusinessRole, type User } from '../domain/users.js';
import type { OpenableWorkspace, PublicationResult, WorkspaceListItem } from '../../contract/workspaces.js';
import type { AppliedWorkspace, Store } from '../store/types.js';
import { ServiceError } from './errors.js';

export class WorkspaceService {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
  ) {}

  async list(): Promise<WorkspaceListItem[]> {
    return (await this.store.listWorkspaces()).map(toListItem);
  }

  async publish(id: string, roles: string[] | undefined, actor: string): Promise<PublicationResult> {
    const workspace = await this.find(id);
    const chosen = [...new Set(roles ?? (JSON.parse(workspace.definition) as NormalizedWorkspace).roles)];
    if (chosen.length === 0) {
      throw new ServiceError('invalid-request', 'Roles are needed', `Workspace ${id} suggests no roles: name the roles to publish it for (mwkit publish ${id} --roles Employee).`, {
        errors: [{ pointer: '/roles', message: 'Give at least one role.' }],
      });
    }
    const unknown = chosen.filter((role) => !isBusinessRole(role));
    if (unknown.length > 0) {
      throw new ServiceError('invalid-request', 'Unknown roles', `Unknown role${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}: this environment has ${businessRoles.join(', ')}.`, {
        errors: unknown.map((role) => ({ pointer: '/roles', message: `Unknown role ${role}.` })),
      });
    }
    const updated = await this.store.setPublication(id, chosen, this.change(actor));
    if (!updated) throw notApplied(id);
    return { id, publication: updated.publication };
  }

  async unpublish(id: string, actor: string): Promise<{ id: string; publication: null }> {
    const updated = await this.store.setPublication(id, null, this.change(actor));
    if (!updated) throw notApplied(id);
    return { id, publication: null };
  }

  /**
   * What `user` may open, read once: its ETag (openableSetDigest, no definition parsed: the app
   * asks every few seconds and mostly gets a 304) and, only when asked, the list itself.
   */
  async openableBy(user: User): Promise<{ etag: string; list(): OpenableWorkspace[] }> {
    const rows = await this.openableRows(user);
    const digests = rows.map((w) => workspaceDigest(w.definition, w.logic));
    return {
      etag: openableSetDigest(rows.map((w, i) => ({ id: w.id, digest: digests[i]! }))),
      list: () =>
        rows.map((w, i) => {
          const definition = JSON.parse(w.definition) as NormalizedWorkspace;
          return { id: w.id, title: w.title, version: w.version, description: definition.description ?? null, icon: definition.icon ?? null, definition, logic: w.logic, digest: digests[i]! };
        }),
    };
  }

  private async openableRows(user: User): Promise<AppliedWorkspace[]> {
    return (await this.store.listWorkspaces()).filter((w) => w.publication && hasAnyRole(user, w.publication.roles));
  }

  private async find(id: string): Promise<AppliedWorkspace> {
    const workspace = (await this.store.listWorkspaces()).find((w) => w.id === id);
    if (!workspace) throw notApplied(id);
    return workspace;
  }

  private change(actor: string): { actor: string; at: string } {
    return { actor, at: this.clock().toISOString() };
  }
}

function toListItem(workspace: AppliedWorkspace): WorkspaceListItem {
  return { id: workspace.id, title: workspace.title, version: workspace.version, package: workspace.package, publication: workspace.publication };
}

function notApplied(id: string): ServiceError {
  return new ServiceError('not-found', 'No such workspace', `Workspace ${id} is not applied in this environment; mwkit status lists the applied ones.`);
}
