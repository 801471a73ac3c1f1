// How an apply or rollback plan reads on the terminal: one line per workspace (+ added,
// ~ changed with its pages/actions/fields, - removed, = unchanged), then the counts. Pure.
import type { ChalkInstance } from 'chalk';
import { plural } from '../reporters/text.js';
import type { IdChanges, Plan, WorkspaceChange } from './api.js';

export function formatPlan(plan: Plan, colors: ChalkInstance): string {
  const { added, changed, removed, unchanged } = normalizedWorkspaces(plan);
  const lines: string[] = [];
  const replaced = new Map((plan.replaces ?? []).map((r) => [r.workspace, r.package]));
  for (const id of added) {
    const from = replaced.get(id);
    lines.push(`  ${colors.green('+')} ${id}  ${colors.dim(from ? `added, replacing the shipped template (${from}); its publication stays` : 'added')}`);
  }
  for (const change of changed) lines.push(...changeLines(change, colors));
  for (const id of removed) lines.push(`  ${colors.red('-')} ${id}  ${colors.dim('removed: no longer in the package, unpublished')}`);
  for (const id of unchanged) lines.push(`  ${colors.dim('=')} ${id}  ${colors.dim('unchanged')}`);
  lines.push(planCounts(plan));
  return `${lines.join('\n')}\n`;
}

/** "2 workspaces: 1 added, 1 changed" — the parts that are not zero, or "no workspaces". */
export function planCounts(plan: Plan): string {
  const { added, changed, removed, unchanged } = normalizedWorkspaces(plan);
  const total = added.length + changed.length + removed.length + unchanged.length;
  const parts = [
    [added.length, 'added'],
    [changed.length, 'changed'],
    [removed.length, 'removed'],
    [unchanged.length, 'unchanged'],
  ]
    .filter(([count]) => count !== 0)
    .map(([count, word]) => `${count} ${word}`);
  return total === 0 ? 'No workspaces.' : `${plural(total, 'workspace')}: ${parts.join(', ')}.`;
}

/** True when applying would change no workspace at all. */
export function isNoOpPlan(plan: Plan): boolean {
  const { added, changed, removed } = normalizedWorkspaces(plan);
  return added.length === 0 && changed.length === 0 && removed.length === 0;
}

function changeLines(change: WorkspaceChange, colors: ChalkInstance): string[] {
  const versions = change.from === change.to ? `${change.to}, same version, content changed` : `${change.from} → ${change.to}`;
  const lines = [`  ${colors.yellow('~')} ${change.id}  ${colors.dim(versions)}`];
  const settings = change.settings ?? [];
  const details: Array<[string, string]> = [
    ['pages', idChangesText(change.pages, colors)],
    ['actions', idChangesText(change.actions, colors)],
    ['fields', idChangesText({ added: change.fields?.added ?? [], changed: [], removed: change.fields?.removed ?? [] }, colors)],
    ['settings', settings.filter((key) => key !== 'logic').join(', ')],
    // Said on its own line: a logic change is what a phone's validation runs on.
    ['logic', settings.includes('logic') ? 'changed: open apps run the new logic within seconds' : ''],
  ];
  for (const [label, text] of details) if (text) lines.push(`      ${colors.dim(label.padEnd(8))} ${text}`);
  return lines;
}

function idChangesText(changes: Partial<IdChanges> | undefined, colors: ChalkInstance): string {
  return [
    ...(changes?.added ?? []).map((id) => colors.green(`+${id}`)),
    ...(changes?.changed ?? []).map((id) => colors.yellow(`~${id}`)),
    ...(changes?.removed ?? []).map((id) => colors.red(`-${id}`)),
  ].join(' ');
}

/** A plan whose lists may be missing (an older or newer server) read as empty lists. */
function normalizedWorkspaces(plan: Plan): Plan['workspaces'] {
  const workspaces: Partial<Plan['workspaces']> = plan.workspaces ?? {};
  return { added: workspaces.added ?? [], changed: workspaces.changed ?? [], removed: workspaces.removed ?? [], unchanged: workspaces.unchanged ?? [] };
}
