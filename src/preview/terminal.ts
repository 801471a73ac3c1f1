// What the preview prints: the banner with the URLs (and the QR code for a phone), then one
// line per change with the outcome, diagnostics as `mwkit validate` prints them, test results.
// Pure: strings in, strings out; the session writes them.
import type { ChalkInstance } from 'chalk';
import { relative } from 'node:path';
import type { ValidationSummary } from '../diagnostics.js';
import type { IdChanges, Plan } from '../env/api.js';
import type { LoadedProject } from '../project/load.js';
import { projectReportContext } from '../reporters/project-context.js';
import { getReporter } from '../reporters/index.js';
import { colorsFor, plural } from '../reporters/text.js';
import type { PreviewUser } from './protocol.js';
import { encodeQr, renderQr } from './qr.js';

export interface BannerInput {
  project: { name: string; version: string; workspaces: number };
  root: string;
  dataDir: string;
  isNewEnvironment: boolean;
  appUrl: string;
  /** With --host 0.0.0.0 (or a LAN address): the address a phone on the network opens; null when none was found. */
  networkUrl?: string | null;
  user: PreviewUser;
  /** What the first apply did, or why nothing was applied. */
  firstOutcome: string;
}

export function bannerText(input: BannerInput, isColor: boolean): string {
  const colors = colorsFor(isColor);
  const { project, user } = input;
  const lines = [
    `${colors.bold('mwkit preview')}  ${project.name} ${project.version}, ${plural(project.workspaces, 'workspace')}`,
    `  environment  ${relative(input.root, input.dataDir) || '.'} (demo company, ${input.isNewEnvironment ? 'new' : 'kept from the last preview'})`,
    `  applied      ${input.firstOutcome}`,
    `  signed in as ${user.id} (${user.name}, ${user.roles.join(', ')}); another user: --user <id>, or switch in the app`,
    '',
    `  ${colors.green('➜')}  App:      ${colors.cyan(input.appUrl)}`,
  ];
  if (input.networkUrl) lines.push(`  ${colors.green('➜')}  Network:  ${colors.cyan(input.networkUrl)}`, '', renderQr(encodeQr(input.networkUrl)).trimEnd());
  else if (input.networkUrl === null) lines.push(colors.yellow('  No network address of this machine was found: a phone cannot reach it.'));
  else lines.push(colors.dim('  To open it on a phone on the same network: mwkit preview --host 0.0.0.0'));
  lines.push('', colors.dim('Watching the workspaces, their business logic and the catalog. Press Ctrl-C to stop.'), '');
  return lines.join('\n');
}

export function clock(now: Date): string {
  return now.toTimeString().slice(0, 8);
}

export function changedLine(files: readonly string[], now: Date, isColor: boolean): string {
  const colors = colorsFor(isColor);
  const shown = files.length > 3 ? `${files.slice(0, 3).join(', ')} and ${files.length - 3} more` : files.join(', ');
  return `${colors.dim(clock(now))} ${shown} changed\n`;
}

export function appliedLine(version: string, plan: Plan, published: readonly string[], elapsedMs: number, now: Date, isColor: boolean): string {
  const colors = colorsFor(isColor);
  const changes = planSummary(plan, colors);
  const publications = published.length > 0 ? `; published ${published.join(', ')}` : '';
  return `${colors.dim(clock(now))} ${colors.green('✓')} applied ${version} in ${Math.round(elapsedMs)} ms${changes ? `: ${changes}` : ''}${publications}\n`;
}

/** "~expense-management (pages ~my-reports), +timesheets" — what changed, in one line. */
export function planSummary(plan: Plan, colors: ChalkInstance = colorsFor(false)): string {
  const { added = [], changed = [], removed = [] } = plan.workspaces ?? {};
  const parts = [
    ...added.map((id) => colors.green(`+${id}`)),
    ...changed.map((change) => {
      const details = [...idChanges('pages', change.pages), ...idChanges('actions', change.actions), ...(change.settings ?? [])];
      return `${colors.yellow(`~${change.id}`)}${details.length > 0 ? ` (${details.join('; ')})` : ''}`;
    }),
    ...removed.map((id) => colors.red(`-${id}`)),
  ];
  return parts.join(', ');
}

function idChanges(label: string, ids: Partial<IdChanges> | undefined): string[] {
  const text = [...(ids?.added ?? []).map((id) => `+${id}`), ...(ids?.changed ?? []).map((id) => `~${id}`), ...(ids?.removed ?? []).map((id) => `-${id}`)].join(' ');
  return text ? [`${label} ${text}`] : [];
}

export function diagnosticsText(summary: ValidationSummary, project: LoadedProject, isColor: boolean): string {
  return getReporter('text')(summary, projectReportContext(project, isColor));
}

export function notAppliedLine(reason: string, appliedVersion: string | undefined, now: Date, isColor: boolean): string {
  const colors = colorsFor(isColor);
  const kept = appliedVersion ? `the app keeps ${appliedVersion}` : 'nothing is applied yet';
  return `${colors.dim(clock(now))} ${colors.red('✖')} ${reason}: not applied; ${kept}. Fix it and save again.\n`;
}

export function statusLine(text: string, now: Date, isColor: boolean): string {
  return `${colorsFor(isColor).dim(clock(now))} ${text}\n`;
}
