// `mwkit validate`: load, check, report. Exit 1 on errors (or warnings with --strict).
import { isColorEnabled } from '../cli/output.js';
import { ExitCode, UsageError } from '../errors.js';
import type { Catalog } from '../model/types.js';
import { loadReporter } from '../reporters/load.js';
import { projectReportContext } from '../reporters/project-context.js';
import { validateProjectConcurrently } from '../validate/concurrent.js';

export interface ValidateOptions {
  path?: string;
  format?: string;
  catalog?: string;
  /** Check names against this environment's live catalog instead of a snapshot. */
  env?: string;
  strict?: boolean;
  cwd?: string;
}

/** The catalog of an environment profile, fetched only when --env is given. */
async function environmentCatalog(env: string | undefined): Promise<Catalog | undefined> {
  if (env === undefined) return undefined;
  const { openSession } = await import('../env/session.js');
  return openSession({ env }).api.entities();
}

export async function runValidate(options: ValidateOptions): Promise<number> {
  const format = options.format ?? 'text';
  const reporter = await loadReporter(format);
  if (options.env !== undefined && options.catalog !== undefined) throw new UsageError('Pass either --catalog or --env, not both.');
  const catalog = await environmentCatalog(options.env);
  const result = await validateProjectConcurrently({ path: options.path ?? '.', catalogPath: options.catalog, catalog, cwd: options.cwd });
  if (!result.hasCatalog && !options.catalog && !catalog && !result.project.project?.catalog) {
    process.stderr.write('mwkit: no entity catalog (pass --catalog or set `catalog` in mwkit.yaml); catalog rules skipped.\n');
  }
  const context = projectReportContext(result.project, format === 'text' && isColorEnabled(process.stdout));
  process.stdout.write(reporter(result, context));
  const isFailed = result.errors > 0 || (options.strict === true && result.warnings > 0);
  return isFailed ? ExitCode.failed : ExitCode.ok;
}
