// `mwkit publish <id...> [--roles r1,r2]` and `mwkit unpublish <id...>`: make applied workspaces
// visible (or invisible) in the app for roles. Every id is checked before anything changes.
// Publishing a workspace template shipped with mwkit that the environment does not have yet
// applies the template's package first (template-package.ts).
import { ExitCode, FailedError, UsageError } from '../errors.js';
import type { WorkspaceListItem, Publication } from '../env/api.js';
import { PackageRejectedError } from '../env/errors.js';
import { note, openSession, printJson, targetJson, type EnvCommandOptions, type Session } from '../env/session.js';
import { buildTemplatePackage, shippedWorkspaceIds } from '../env/template-package.js';
import { didYouMean } from '../text/suggest.js';

export interface PublishOptions extends EnvCommandOptions {
  ids: string[];
  /** Comma-separated roles; default: the roles the workspace suggests. */
  roles?: string;
}

export type UnpublishOptions = EnvCommandOptions & { ids: string[] };

export interface PublishResult {
  environment: { name: string | null; url: string };
  /** `previousRoles`: the roles it was published for before (null: it was not published). */
  workspaces: Array<{ id: string; publication: Publication | null; previousRoles?: string[] | null }>;
}

export async function runPublish(options: PublishOptions): Promise<number> {
  const roles = parseRoles(options.roles);
  const result = await changePublications(options, (session, id) => session.api.publish(id, roles), 'published', applyShippedTemplates);
  if (options.json) printJson(result);
  else process.stdout.write(formatPublished(result));
  return ExitCode.ok;
}

export async function runUnpublish(options: UnpublishOptions): Promise<number> {
  const result = await changePublications(options, (session, id) => session.api.unpublish(id), 'unpublished');
  if (options.json) printJson(result);
  else process.stdout.write(result.workspaces.map((w) => `Unpublished ${w.id} on ${where(result)}: it stays applied, and the app no longer shows it.\n`).join(''));
  return ExitCode.ok;
}

export function parseRoles(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const roles = [
    ...new Set(
      text
        .split(',')
        .map((role) => role.trim())
        .filter((role) => role !== ''),
    ),
  ];
  if (roles.length === 0) throw new UsageError('--roles needs at least one role.', 'e.g. --roles Employee,Manager (leave --roles out to use the roles the workspace suggests).');
  return roles;
}

type PublicationChange = (session: Session, id: string) => Promise<{ id: string; publication: Publication | null }>;

/** Applies `missing`, ids the environment does not have (all of them shipped templates). */
type Supply = (session: Session, missing: readonly string[]) => Promise<void>;

async function changePublications(options: EnvCommandOptions & { ids: string[] }, change: PublicationChange, done: string, supply?: Supply): Promise<PublishResult> {
  const ids = [...new Set(options.ids)];
  if (ids.length === 0) throw new UsageError('Name at least one workspace id.', 'mwkit status lists the applied workspaces.');
  const session = openSession(options);
  let applied = await session.api.workspaces();
  const missing = ids.filter((id) => !applied.some((w) => w.id === id));
  // Unknown ids are refused before a template is applied: nothing changes unless all can be published.
  const shipped = supply !== undefined && missing.length > 0 ? shippedWorkspaceIds() : [];
  const canSupply = supply !== undefined && missing.length > 0 && missing.every((id) => shipped.includes(id));
  if (canSupply) {
    await supply(session, missing);
    applied = await session.api.workspaces();
  }
  checkApplied(ids, applied, session);
  const workspaces: PublishResult['workspaces'] = [];
  for (const id of ids) {
    try {
      const previousRoles = applied.find((w) => w.id === id)?.publication?.roles ?? null;
      const answer = await change(session, id);
      workspaces.push({ id: answer?.id ?? id, publication: answer?.publication ?? null, previousRoles });
    } catch (error) {
      if (workspaces.length > 0) note(`mwkit: ${workspaces.map((w) => w.id).join(', ')} ${workspaces.length === 1 ? 'was' : 'were'} ${done} before this failed.`);
      throw error;
    }
  }
  return { environment: targetJson(session.target), workspaces };
}

/** Unknown ids fail before any publication changes (exit 1): the environment does not have them. */
function checkApplied(ids: readonly string[], applied: readonly WorkspaceListItem[], session: Session): void {
  const known = applied.map((w) => w.id);
  const missing = ids.filter((id) => !known.includes(id));
  if (missing.length === 0) return;
  const where = session.target.name ?? session.target.url;
  const first = missing[0] ?? '';
  const hint = missing.length === 1 ? didYouMean(first, known, 'workspaces') : undefined;
  throw new FailedError(
    `Nothing was changed: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not applied to ${where}.`,
    hint ?? (known.length > 0 ? `Applied workspaces: ${known.join(', ')}.` : 'No workspace is applied yet: apply a package first with mwkit apply <pkg>.'),
  );
}

/** Applies the package of each shipped template in `missing`, as `mwkit apply --yes` would. */
async function applyShippedTemplates(session: Session, missing: readonly string[]): Promise<void> {
  for (const id of missing) {
    const built = await buildTemplatePackage(id);
    const result = await session.api.uploadPackage(built.bytes, { isDryRun: false, isDowngradeAllowed: false }).catch((error: unknown) => {
      if (!(error instanceof PackageRejectedError)) throw error;
      // The environment's reason stands; its usual fix (pack --sign) is not one for a template.
      throw new FailedError(
        `Nothing was published: ${session.target.name ?? session.target.url} refused ${built.manifest.name}, the package of the shipped template ${id}. ${error.problem.detail ?? error.message}`,
        `Publish it from a package of your own instead: mwkit new workspace ${id} --template ${id} in a project, then mwkit pack (--sign <key> where signatures are required) and mwkit apply.`,
      );
    });
    note(
      `mwkit: ${id} is a workspace template shipped with mwkit: ${result.outcome === 'unchanged' ? 'already applied' : 'applied'} ${result.package.name} ${result.package.version} to ${session.target.name ?? session.target.url}.`,
    );
  }
}

function where(result: PublishResult): string {
  return result.environment.name ?? result.environment.url;
}

/** Who gains and who loses the workspace: publishing replaces the roles, so a role left out loses it. */
export function accessChange(previous: readonly string[] | null | undefined, roles: readonly string[]): string {
  if (!previous) return '';
  const lost = previous.filter((role) => !roles.includes(role));
  const gained = roles.filter((role) => !previous.includes(role));
  if (lost.length === 0 && gained.length === 0) return ' (unchanged)';
  const parts = [`before: ${previous.join(', ') || 'no roles'}`];
  if (gained.length > 0) parts.push(`${gained.join(', ')} ${gained.length === 1 ? 'gains' : 'gain'} access`);
  if (lost.length > 0) parts.push(`${lost.join(', ')} ${lost.length === 1 ? 'loses' : 'lose'} access`);
  return ` (${parts.join('; ')})`;
}

export function formatPublished(result: PublishResult): string {
  const lines = result.workspaces.map((w) => {
    const roles = w.publication?.roles ?? [];
    return `Published ${w.id} on ${where(result)} for ${roles.length > 0 ? roles.join(', ') : 'no roles'}${accessChange(w.previousRoles, roles)}.`;
  });
  lines.push(`  People with these roles see it in the app: ${result.environment.url}/app/`);
  return `${lines.join('\n')}\n`;
}
