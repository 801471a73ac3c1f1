// What applying a package would change: workspaces added, changed (which pages, actions and
// fields), unchanged and removed, against the package's current version. Pure: the dry run, the
// apply and the rollback all show the same plan.
import type { NormalizedWorkspace } from '../../model/normalize.js';
import type { Action, FieldRef, Page } from '../../model/types.js';
import type { IdChanges, Plan, WorkspaceChange } from '../../contract/packages.js';

export interface PlannedWorkspace {
  id: string;
  version: string;
  definition: NormalizedWorkspace;
  logic: string | null;
}

export function planChanges(name: string, from: { version: string; workspaces: readonly PlannedWorkspace[] } | null, to: { version: string; workspaces: readonly PlannedWorkspace[] }): Plan {
  const before = new Map((from?.workspaces ?? []).map((w) => [w.id, w]));
  const after = new Map(to.workspaces.map((w) => [w.id, w]));
  const plan: Plan = { package: { name, from: from?.version ?? null, to: to.version }, workspaces: { added: [], changed: [], unchanged: [], removed: [] } };
  for (const workspace of to.workspaces) {
    const old = before.get(workspace.id);
    if (!old) plan.workspaces.added.push(workspace.id);
    else if (isSame(old, workspace)) plan.workspaces.unchanged.push(workspace.id);
    else plan.workspaces.changed.push(workspaceChange(old, workspace));
  }
  plan.workspaces.removed = [...before.keys()].filter((id) => !after.has(id));
  for (const list of [plan.workspaces.added, plan.workspaces.unchanged, plan.workspaces.removed]) list.sort();
  plan.workspaces.changed.sort((a, b) => (a.id < b.id ? -1 : 1));
  return plan;
}

function isSame(a: PlannedWorkspace, b: PlannedWorkspace): boolean {
  return a.logic === b.logic && JSON.stringify(a.definition) === JSON.stringify(b.definition);
}

function workspaceChange(old: PlannedWorkspace, next: PlannedWorkspace): WorkspaceChange {
  const settings = settingKeys(old.definition, next.definition);
  if (old.logic !== next.logic) settings.push('logic');
  const pages = idChanges(old.definition.pages, next.definition.pages);
  const actions = idChanges(old.definition.actions, next.definition.actions);
  const fieldsBefore = new Set([...old.definition.pages.flatMap(pageFields), ...old.definition.actions.flatMap(actionFields)]);
  const fieldsAfter = new Set([...next.definition.pages.flatMap(pageFields), ...next.definition.actions.flatMap(actionFields)]);
  return {
    id: next.id,
    from: old.version,
    to: next.version,
    pages,
    actions,
    fields: { added: [...fieldsAfter].filter((f) => !fieldsBefore.has(f)).sort(), removed: [...fieldsBefore].filter((f) => !fieldsAfter.has(f)).sort() },
    settings,
  };
}

function settingKeys(a: NormalizedWorkspace, b: NormalizedWorkspace): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('pages');
  keys.delete('actions');
  keys.delete('version');
  return [...keys].filter((key) => JSON.stringify(a[key as keyof NormalizedWorkspace]) !== JSON.stringify(b[key as keyof NormalizedWorkspace])).sort();
}

function idChanges(before: ReadonlyArray<{ id: string }>, after: ReadonlyArray<{ id: string }>): IdChanges {
  const old = new Map(before.map((item) => [item.id, JSON.stringify(item)]));
  const next = new Map(after.map((item) => [item.id, JSON.stringify(item)]));
  return {
    added: [...next.keys()].filter((id) => !old.has(id)).sort(),
    changed: [...next.keys()].filter((id) => old.has(id) && old.get(id) !== next.get(id)).sort(),
    removed: [...old.keys()].filter((id) => !next.has(id)).sort(),
  };
}

function fieldName(ref: FieldRef): string {
  return typeof ref === 'string' ? ref : ref.field;
}

function pageFields(page: Page): string[] {
  const names = [...(page.fields ?? []), ...(page.sections ?? []).flatMap((s) => s.fields)].map(fieldName);
  for (const figure of page.figures ?? []) if (figure.field) names.push(figure.field);
  return [...new Set(names)].map((name) => `${page.id}.${name}`);
}

function actionFields(action: Action): string[] {
  return (action.fields ?? []).map((ref) => `${action.id}.${typeof ref === 'string' ? ref : ref.field}`);
}
