// A workspace template shipped with mwkit, as the package `mwkit publish <id>` applies when the
// environment does not have that workspace yet: admins publish the shipped workspaces (SPEC §1,
// step 3) without packing anything. Built in memory from templates/<id>/, as `mwkit pack`
// would build it: the same validation, normalisation and deterministic zip.
import { join } from 'node:path';
import { buildPackage, type BuiltPackage } from '../package/build.js';
import { shippedTemplatePackagePrefix } from '../package/format.js';
import { packageTimestamp } from '../package/timestamp.js';
import { catalogTemplatePath, readTemplateTable, templateDir } from '../scaffold/templates.js';
import { validateProject } from '../validate/index.js';

export const templatePackagePublisher = 'mwkit';

/** One package per template, so each can be applied, upgraded or rolled back on its own. */
export function templatePackageName(id: string): string {
  return `${shippedTemplatePackagePrefix}${id}`;
}

/** The ids of the shipped templates that are workspaces to publish (`blank` is only a start). */
export function shippedWorkspaceIds(): string[] {
  return readTemplateTable()
    .map((template) => template.id)
    .filter((id) => id !== 'blank');
}

export async function buildTemplatePackage(id: string): Promise<BuiltPackage> {
  const validation = validateProject({ path: join(templateDir(id), 'workspace.yaml'), catalogPath: catalogTemplatePath() });
  const workspace = validation.project.workspaces[0]?.workspace;
  if (validation.errors > 0 || !workspace) throw new Error(`The shipped template ${id} does not validate: the mwkit installation is broken.`);
  const project = {
    ...validation.project,
    project: { name: templatePackageName(id), publisher: templatePackagePublisher, version: workspace.version, description: `${workspace.title}, the workspace template shipped with mwkit.` },
  };
  // The fixed default timestamp: the same template always gives the same bytes.
  return buildPackage(project, { createdAt: packageTimestamp({}) });
}
